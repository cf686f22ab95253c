"""Drafts in `make serve`'s preview and in `make build`: an incomplete draft of every kind has
its page in the preview, and 待核对的草稿 (/drafts/) lists every draft by folder with what to
check, linked to its page; the published site has neither the drafts nor that page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
from helpers import FIXTURES, assemble, fetch, previewing

from storykit.records.models import KINDS

DRAFTS = FIXTURES / "drafts" / "stories"
# every draft of the fixture: (its page, the title it shows; a draft without one shows its id)
SHOWN = {
    "cases/imported-draft/": "导入的测试草稿",
    "people/draft-person/": "测试草稿人物",
    "sites/bare-site/": "bare-site",
    "publications/bare-book/": "bare-book",
    "shelves/bare-shelf/": "bare-shelf",
    "orgs/bare-org/": "bare-org",
    "honors/bare-honor/": "bare-honor",
}


def with_drafts(dest: Path) -> Path:
    """The good fixture with the drafts added: a project as `make` runs it."""
    project = assemble(dest, FIXTURES / "good" / "stories")
    shutil.copytree(DRAFTS, project / "stories", dirs_exist_ok=True)
    return project


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`make serve`'s preview of the project: (project, base URL)."""
    project = with_drafts(tmp_path_factory.mktemp("worklist") / "p")
    with previewing(project) as base:
        yield project, base


def h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def worklist(html: str) -> str:
    """The list itself, without Material's page around it."""
    return html[html.index("<h1") : html.index("</article>")]


def test_every_incomplete_draft_has_its_page_in_the_preview(preview):
    _, base = preview
    for url, title in SHOWN.items():
        page = fetch(base + url)
        assert h1(page) == title, url
        assert "草稿：本页只在预览中可见" in page


def test_the_list_of_drafts_shows_each_by_folder_with_what_to_check(preview):
    _, base = preview
    page = worklist(fetch(base + "drafts/"))
    assert h1(page) == "待核对的草稿"
    assert "共 7 篇草稿" in page
    # one heading per folder, in the order of the kinds
    folders = re.findall(r"<span class=\"sk-worklist__folder\">([^<]+)</span>", page)
    assert folders == [f"stories/{m.folder}/" for m in KINDS.values()]
    case = page[page.index("导入的测试草稿") : page.index("stories/people/")]
    assert "stories/cases/imported-draft.yml" in case
    # what the import asked to check, from the head of the file, in order…
    assert case.index("原文没有写明开展这项工作的组织，请补写 org") < case.index(
        "摘要原文没有，请补写"
    )
    assert "写在字段之后的说明" not in case and "小标题已按原文分为主要做法" not in case
    # …and what check reminds of: the two fields it lacks, at its `draft:` line
    assert "第 13 行 org：草稿还缺少组织（org）" in case
    assert "第 13 行 summary：草稿还缺少摘要（summary）" in case
    person = page[page.index("测试草稿人物") : page.index("stories/sites/")]
    assert "没有需要核对的项目" in person


def test_each_title_on_the_list_opens_that_drafts_page(preview):
    _, base = preview
    page = worklist(fetch(base + "drafts/"))
    links = dict(
        (unescape(text), href)
        for href, text in re.findall(r'<h3><a href="([^"]+)">([^<]+)</a></h3>', page)
    )
    assert sorted(links.values()) == sorted(f"../{url}" for url in SHOWN)
    for url, title in SHOWN.items():
        target = urljoin(base + "drafts/", links[title])
        assert target == base + url
        assert h1(fetch(target)) == title


def test_the_preview_leads_editors_to_the_list(preview):
    _, base = preview
    home = fetch(base)
    assert re.search(r'预览中有 7 篇草稿.*?<a href="drafts/">待核对的草稿</a>', home, re.S)
    draft = fetch(base + "cases/imported-draft/")
    assert '<a href="../../drafts/">全部待核对的草稿</a>' in draft
    assert "全部待核对的草稿" not in fetch(base + "cases/test-case/")  # not a draft


def test_a_draft_that_becomes_final_leaves_the_list(preview):
    """Last of the preview's tests: it changes the project they share."""
    project, base = preview
    person = project / "stories/people/draft-person.yml"
    person.write_text(person.read_text("utf-8").replace("draft: true", "draft: false"), "utf-8")
    for _ in range(60):  # the preview rebuilds once the file is saved
        page = worklist(fetch(base + "drafts/"))
        if "测试草稿人物" not in page:
            break
        time.sleep(0.5)
    assert "测试草稿人物" not in page and "共 6 篇草稿" in page
    assert "导入的测试草稿" in page


def test_the_published_build_has_no_drafts_and_no_list(tmp_path):
    project = with_drafts(tmp_path / "p")
    result = _build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    assert not (site / "drafts").exists()
    for url in SHOWN:
        assert not (site / url).exists(), url
    text = "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert "sk-worklist" not in text and "全部待核对的草稿" not in text
    assert not any(title in text for title in ("导入的测试草稿", "测试草稿人物", "imported-draft"))


def _build(project: Path):
    """`make build`'s command: hooks/run.py build (mkdocs build --strict)."""
    return subprocess.run(
        [sys.executable, str(project / "hooks" / "run.py"), "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
