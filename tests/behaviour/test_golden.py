"""Golden pages: the main content of one built page of each type, pinned.

The pages are compared as a canonical token stream (tags with sorted attributes, text with
whitespace collapsed), so a template's indentation does not count but every element, attribute
and word does. After an intended change of output, regenerate with
`STORYKIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py` and review the diff."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SITE_URL, assemble, mkdocs, page

GOLDEN = ROOT / "tests" / "golden"
PAGES = {
    "case": "cases/full-case/",
    "case-small": "cases/test-case/",
    "person": "people/full-person/",
    "person-portrait": "people/test-person/",
    "person-minor": "people/young-person/",
    "site": "sites/full-site/",
    "site-part": "sites/full-site-part/",
    "honor": "honors/full-honor/",
    "honors": "honors/",
    "publication": "publications/full-book/",
    "publication-small": "publications/test-book/",
    "shelf": "shelves/full-shelf/",
    "org": "orgs/test-province/",
    "org-full": "orgs/full-org/",
    "index": "cases/",
    "regions": "regions/",
    "region": "regions/610602/",
    "themes": "themes/",
    "theme": "themes/xiangcun-zhenxing/",
    "years": "years/",
    "year": "years/2023/",
    "home": "",
    "fields": "guide/fields/",
    "search": "search/",
}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Canonical(HTMLParser):
    """One line per tag or text run; attributes sorted; whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        shown = " ".join(f'{k}="{v}"' if v is not None else k for k, v in sorted(attrs))
        self.lines.append("  " * self.depth + f"<{tag}{' ' + shown if shown else ''}>")
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.depth -= 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth -= 1
        self.lines.append("  " * self.depth + f"</{tag}>")

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data).strip()
        if text:
            self.lines.append("  " * self.depth + text)


def main_content(html: str) -> str:
    """The page's article (Material's md-content__inner), nested articles included."""
    start = html.index('<article class="md-content__inner md-typeset"')
    depth, pos = 0, start
    for m in re.finditer(r"<(/?)article\b", html[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            pos = start + m.end()
            break
    end = html.index(">", pos) + 1
    parser = Canonical()
    parser.feed(html[start:end])
    return "\n".join(parser.lines) + "\n"


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory) -> Path:
    project = assemble(
        tmp_path_factory.mktemp("golden") / "p",
        FIXTURES / "golden" / "stories",
        f"\nsite_url: {SITE_URL}\nextra: {{generator: false, sponsor: 示例主办单位, icp: 京ICP备00000000号-1}}\n",
    )
    for path in (project / "stories").rglob("*"):  # 最近更新 follows file times: fix them
        os.utime(path, (1_700_000_000, 1_700_000_000))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_its_golden_copy(golden_site, name):
    got = main_content(page(golden_site, PAGES[name]))
    path = GOLDEN / f"{name}.html"
    if os.environ.get("STORYKIT_UPDATE_GOLDEN"):
        path.write_text(got, "utf-8")
    assert path.exists(), f"no golden copy for {name}; run with STORYKIT_UPDATE_GOLDEN=1"
    assert got == path.read_text("utf-8"), f"{PAGES[name]} differs from tests/golden/{name}.html"
