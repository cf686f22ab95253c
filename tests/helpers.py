"""Shared test helpers: paths, a project copy, real MkDocs runs."""

import contextlib
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SITE_URL = "https://example.org/"  # the published sample site's address in tests


def problems_of(root: Path, drafts: bool = True):
    from storykit.records.catalog import build

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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server's handler that keeps its request log to itself."""

    def log_message(self, *args) -> None:
        pass


def site_tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the search index, which Pagefind writes in an order of
    its own from one run to the next (it is made from the same pages). Gzip files are
    compared unpacked: their header holds the time they were written. The open data's update
    time is masked: a build from scratch cannot know when the data last changed."""
    return {
        str(p.relative_to(site)): masked_times(
            p.relative_to(site),
            gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes(),
        )
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).parts[0].startswith("pagefind")
    }


UPDATED = re.compile(
    rb'("updated": ")[^"]*(")|(\xe6\x9b\xb4\xe6\x96\xb0\xe6\x97\xb6\xe9\x97\xb4</dt>\s*<dd>)[^<]*'
)


def masked_times(rel: Path, data: bytes) -> bytes:
    if rel.parts[0] != "data":
        return data
    return UPDATED.sub(lambda m: (m.group(1) or m.group(3)) + b"*" + (m.group(2) or b""), data)


def page(site: Path, url: str) -> str:
    """The HTML of the page at a directory URL such as `cases/x/`."""
    return (site / url / "index.html").read_text("utf-8")


def watched(pg):
    """A page that records in `pg.errors` its console errors, its script errors and any
    request to another host."""
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(_said(m)) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else pg.errors.append(f"request to another host: {r.url}")
        ),
    )
    return pg


def _said(message) -> str:
    """A console error with the address it came from (a failed load names no address)."""
    where = (message.location or {}).get("url")
    return f"{message.text} ({where})" if where else message.text


NODE = ROOT / "node_modules"  # the npm test tools (make install)
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(pg) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the open page, each with up to three places."""
    pg.add_script_tag(path=str(NODE / "axe-core/axe.min.js"))
    return pg.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))",
        WCAG_AA,
    )


@contextlib.contextmanager
def previewing(project: Path) -> Iterator[str]:
    """`make serve`'s preview of `project` (hooks/run.py serve) while the block runs: its
    base URL."""
    from tools.bench.serve import serving

    program = [sys.executable, str(project / "hooks" / "run.py"), "serve"]
    with serving(project, program=program) as (base, _, _):
        yield base


def fetch(url: str) -> str:
    """A page of a running preview, which must answer 200."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8")
