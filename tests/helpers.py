"""Shared test helpers: paths, a project copy, real MkDocs runs."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SITE_URL = "https://example.org/"  # the published sample site's address in tests


def problems_of(root: Path, drafts: bool = True):
    from storykit.catalog import build

    return build(root, drafts=drafts).problems


def assemble(dest: Path, stories: Path, config_extra: str = "") -> Path:
    """A project at `dest`: the real mkdocs.yml, hooks, overrides and docs, with `stories`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("hooks", "overrides", "docs"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if "\nextra:" in config_extra and "\nextra:" in config:
        # a second `extra:` would be a duplicate key: the test's replaces the sample's (last)
        config = config[: config.index("\nextra:") + 1]
    (dest / "mkdocs.yml").write_text(config + config_extra, "utf-8")
    shutil.copytree(stories, dest / "stories")
    return dest


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real MkDocs of this venv in `root`."""
    exe = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(exe), *args], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )


def page(site: Path, url: str) -> str:
    """The HTML of the page at a directory URL such as `cases/x/`."""
    return (site / url / "index.html").read_text("utf-8")
