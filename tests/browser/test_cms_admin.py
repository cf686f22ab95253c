"""The form editor at /admin/ of the preview (`make serve`), in Chromium.

It opens in Chinese, loads nothing from another host and logs no error. A record made with its
forms, photo included, is a file `storykit check` passes and the preview shows; a hand-written
record edited in it keeps its values. Chromium's folder picker cannot open headless: the
editor is handed a copy of the project's stories/ in the browser's private storage instead,
the same kind of folder handle (tools/cms_shots.py)."""

from __future__ import annotations

import shutil
import sys

import pytest
import yaml
from helpers import FIXTURES, assemble, watched

from storykit.cli import main as cli
from storykit.editors import cms
from storykit.records import examples
from storykit.records.models import Case
from tools import cms_shots
from tools.bench.serve import serving

ROOT = FIXTURES.parent.parent
pytestmark = pytest.mark.skipif(
    not (ROOT / cms.PACKAGE).is_dir(), reason="Sveltia CMS 未安装（make install 用 npm 安装）"
)


def shown(page) -> str:
    """The page's text without the direction marks the editor puts around names."""
    return page.inner_text("body").replace("\u2068", "").replace("\u2069", "")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`make serve`'s preview of the good fixture: (project, base URL)."""
    project = assemble(tmp_path_factory.mktemp("cms") / "p", FIXTURES / "good" / "stories")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    program = [sys.executable, str(project / "hooks" / "run.py"), "serve"]
    with serving(project, program=program) as (base, _, _):
        yield project, base


@pytest.fixture
def editor(browser):
    """A laptop-sized page whose folder picker hands over the private folder; it records
    console errors and any request to another host."""
    context = browser.new_context(viewport={"width": 1100, "height": 800}, locale="zh-CN")
    context.add_init_script(cms_shots.PICKER)
    page = watched(context.new_page())
    page.on(
        "response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    yield page
    context.close()


def test_the_editor_opens_in_chinese_with_nothing_from_another_host(editor, preview):
    project, base = preview
    editor.goto(base + "admin/")
    editor.get_by_role("button", name="使用本地仓库").wait_for()
    assert editor.title() == "故事记录表单"
    assert "选择「storykit」仓库的根目录" in shown(editor)
    assert editor.get_by_role("button", name="使用访问令牌登录").is_hidden()
    # the icons are the vendored font's, not their names written out
    editor.wait_for_function("document.fonts.check('24px \"Material Symbols Outlined\"')")
    cms_shots.open_project(editor, base + "admin/", project)
    editor.get_by_text("测试经验做法").wait_for()  # the records of stories/cases/ are listed
    names = shown(editor)
    for kind in ("经验做法", "先进典型", "红色遗址", "书刊", "书架", "组织", "表彰"):
        assert kind in names
    assert editor.errors == [], editor.errors


def test_a_person_made_with_the_forms_passes_check_and_shows_in_the_preview(
    editor, preview, browser, tmp_path
):
    project, base = preview
    photo = tmp_path / "xin-zhaopian.jpg"  # a photo not yet in stories/media/
    shutil.copy(cms_shots.PHOTO, photo)
    cms_shots.open_project(editor, base + "admin/", project)
    cms_shots.new_person(editor, photo)
    rel = f"stories/people/{cms_shots.PERSON_ID}.yml"
    text = cms_shots.read(editor, rel)
    assert text is not None, cms_shots.listing(editor, "stories/people")
    record = yaml.safe_load(text)
    assert list(record)[:2] == ["name", "summary"]  # the order `storykit new` writes
    assert record["name"] == cms_shots.PERSON["姓名"]
    # the photo went to stories/media/ and the record names it by its file name
    assert record["images"] == [{"src": photo.name, "alt": cms_shots.PHOTO_ALT}]
    assert photo.name in cms_shots.listing(editor, "stories/media")
    cms_shots.copy_back(editor, project, [rel, f"stories/media/{photo.name}"])
    assert cli.main(["check", str(project)]) == 0
    page = browser.new_page()
    for _ in range(60):  # the preview rebuilds once the file is saved
        page.goto(base + f"people/{cms_shots.PERSON_ID}/")
        if cms_shots.PERSON["姓名"] in page.locator("h1").first.inner_text():
            break
        page.wait_for_timeout(1000)
    assert page.locator("h1").first.inner_text() == cms_shots.PERSON["姓名"]
    assert page.locator(f'img[alt="{cms_shots.PHOTO_ALT}"]').count() == 1
    page.close()
    assert editor.errors == []


def test_a_hand_written_record_edited_in_the_forms_keeps_its_values(editor, preview):
    project, base = preview
    rel = "stories/cases/test-case.yml"
    before = yaml.safe_load((project / rel).read_text("utf-8"))
    cms_shots.open_project(editor, base + "admin/", project)
    editor.goto(base + "admin/#/collections/case/entries/test-case")
    summary = cms_shots.field(editor, "摘要")
    summary.fill(before["summary"] + "（在表单里改过）")
    cms_shots.save(editor)
    after = yaml.safe_load(cms_shots.read(editor, rel))
    assert after["summary"].endswith("（在表单里改过）")
    after["summary"] = before["summary"]
    written = {k: v for k, v in after.items() if k not in ("draft", "featured") or k in before}
    assert written == before  # every value as it was, whatever the layout
    keys = [k for k, _ in examples.ordered(Case, Case.title_field)]
    assert list(after) == [k for k in keys if k in after]  # the form's order, every time
    assert editor.errors == []


def test_a_mistake_saved_from_the_forms_shows_in_the_preview_as_check_words_it(
    editor, preview, browser
):
    project, base = preview
    rel = "stories/people/test-person.yml"
    original = (project / rel).read_bytes()
    cms_shots.open_project(editor, base + "admin/", project)
    editor.goto(base + "admin/#/collections/person/entries/test-person")
    cms_shots.field(editor, "地区").fill("没有这个省/没有这个市")
    cms_shots.save(editor)
    cms_shots.copy_back(editor, project, [rel])
    try:
        page = browser.new_page()
        for _ in range(60):  # the preview rebuilds once the file is saved
            page.goto(base + "people/test-person/")
            if page.locator(".sk-errors").count():
                break
            page.wait_for_timeout(1000)
        said = page.locator(".sk-errors").inner_text()
        line = next(
            n
            for n, text in enumerate(cms_shots.read(editor, rel).splitlines(), 1)
            if text.startswith("region:")
        )
        assert f"stories/people/test-person.yml:{line}: region: " in said
        page.close()
    finally:
        (project / rel).write_bytes(original)
    assert editor.errors == []
