"""Build the sample site and three fixture sites with this checkout's code and write a digest
of every file they hold, so that a change meant to leave the output alone can be checked
byte for byte: run it before and after, then compare the two folders.

    .venv/bin/python -m tools.sitedigest /tmp/before
    ... change the code ...
    .venv/bin/python -m tools.sitedigest /tmp/after
    diff -r /tmp/before /tmp/after

The search index is left out (Pagefind orders it differently from one run to the next, see
tests/helpers.site_tree). Every source file gets one fixed modification time, so dates taken
from file times are the same in both runs; pages are rendered on several processes, as a
large site's are."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import assemble, site_tree  # noqa: E402

SITE_URL = "\nsite_url: https://example.org/\n"
EDIT = "repo_url: https://example.org/repo/\nedit_uri: edit/main/docs/\n"
# name → (stories folder, what is added to mkdocs.yml)
SITES = {
    "sample": (ROOT / "stories", ""),
    "linked": (ROOT / "tests/fixtures/linked/stories", SITE_URL + EDIT),
    "good": (ROOT / "tests/fixtures/good/stories", ""),
    "statistics": (ROOT / "tests/fixtures/statistics/stories", SITE_URL),
}
FIXED_TIME = 1_700_000_000


def build(name: str, work: Path) -> Path:
    stories, extra = SITES[name]
    project = assemble(work / name, stories, extra)
    for path in project.rglob("*"):
        os.utime(path, (FIXED_TIME, FIXED_TIME))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "STORYKIT_PARALLEL_FROM": "5"}
    done = subprocess.run(
        [sys.executable, "hooks/run.py", "build"], cwd=project, env=env, capture_output=True
    )
    if done.returncode:
        sys.exit(f"{name}: build failed\n{done.stderr.decode()[-2000:]}")
    return project / "site"


def digests(site: Path) -> str:
    tree = site_tree(site)
    return "".join(f"{hashlib.sha1(tree[k]).hexdigest()}  {k}\n" for k in sorted(tree))


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m tools.sitedigest", description=__doc__)
    p.add_argument("out", type=Path, help="folder for one NAME.digests file per site")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "projects"
    shutil.rmtree(work, ignore_errors=True)
    for name in SITES:
        (args.out / f"{name}.digests").write_text(digests(build(name, work)), "utf-8")
        print(f"{name}: {args.out / (name + '.digests')}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
