"""An editor with `mkdocs serve` open: saves show up by themselves, mistakes show on the page."""

from __future__ import annotations

import re
import time

import pytest
from helpers import FIXTURES, assemble

from tools.bench.serve import serving


@pytest.fixture(params=[[], ["--dirty"]], ids=["full", "dirty"])
def served(tmp_path, request):
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    with serving(project, *request.param) as (base, proc, _):
        yield project, base, proc


@pytest.fixture
def served_dirty(tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    with serving(project, "--dirty") as (base, _, log):
        yield project, base, log


def poll(phone, url: str, ready) -> None:
    """Open `url` until `ready(phone)` holds; a rebuild may abort a load, so retry."""
    from playwright.sync_api import Error

    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            phone.goto(url)
            if ready(phone):
                return
        except Error:
            pass
        time.sleep(0.5)


def test_a_saved_edit_shows_without_reloading(phone, served):
    project, base, _ = served
    phone.goto(base + "cases/test-case/")
    assert phone.locator("h1").first.inner_text() == "测试经验做法"
    case = project / "stories/cases/test-case.yml"
    case.write_text(case.read_text("utf-8").replace("测试经验做法", "改过的标题"), "utf-8")
    phone.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText === '改过的标题'",
        timeout=30_000,
    )


def test_a_mistake_shows_on_the_page_and_the_server_keeps_running(phone, served):
    project, base, proc = served
    case = project / "stories/cases/test-case.yml"
    case.write_text(case.read_text("utf-8").replace("org: test-province", "org: nowhere"), "utf-8")
    poll(phone, base + "cases/test-case/", lambda p: p.locator(".sk-errors").count())
    box = phone.locator(".sk-errors")
    assert "stories/cases/test-case.yml:3: org: 找不到组织 nowhere" in box.inner_text()
    phone.goto(base)  # the home page lists it too
    assert "test-case.yml:3: org:" in phone.locator(".sk-errors").inner_text()
    # a YAML syntax error: still serving, still saying where
    case.write_text("title: [未闭合\n", "utf-8")
    poll(phone, base, lambda p: "YAML" in "".join(p.locator(".sk-errors").all_inner_texts()))
    assert "stories/cases/test-case.yml:" in phone.locator(".sk-errors").inner_text()
    assert proc.poll() is None


def test_a_preview_rebuild_renders_only_the_pages_that_show_the_edit(phone, served_dirty):
    project, base, log = served_dirty
    phone.goto(base + "people/test-person/")
    case = project / "stories/cases/test-case.yml"
    case.write_text(case.read_text("utf-8").replace("测试经验做法", "改过的标题"), "utf-8")
    # the person page lists the case: it must show the new title too
    poll(phone, base + "people/test-person/", lambda p: "改过的标题" in p.content())
    assert "改过的标题" in phone.content()
    phone.goto(base + "cases/")
    assert "改过的标题" in phone.content()
    text = log.read_text("utf-8")
    changed = [int(n) for n in re.findall(r"预览：(\d+) 个生成页面有变化", text)]
    assert changed and changed[-1] < 20, text[-2000:]
    phone.goto(base + "orgs/test-national/")  # not re-rendered, still served
    assert phone.locator("h1").inner_text() == "测试全国委员会"


def test_search_in_the_preview_finds_a_saved_edit(phone, served_dirty):
    """The preview indexes again after each rebuild, in the background."""
    project, base, log = served_dirty
    case = project / "stories/cases/test-case.yml"
    case.write_text(case.read_text("utf-8").replace("测试经验做法", "葡萄长廊示范点"), "utf-8")

    def found(p) -> bool:
        p.wait_for_selector(".sk-find__status", timeout=10_000)
        p.wait_for_timeout(500)
        return "葡萄长廊示范点" in " ".join(p.locator(".sk-result__title").all_inner_texts())

    poll(phone, base + "search/?q=葡萄长廊", found)
    assert "葡萄长廊示范点" in phone.locator(".sk-result__title").all_inner_texts()
    assert (
        log.read_text("utf-8").count("搜索索引：Pagefind") >= 2
    )  # the first build's, and after the save


def test_a_theme_slug_edited_in_the_preview_reaches_record_pages_and_the_home_page(
    phone, served_dirty
):
    """themes.yml is read by every page that links a theme: its edit must reach them all."""
    project, base, log = served_dirty
    themes = project / "stories/themes.yml"
    themes.write_text(themes.read_text("utf-8").replace("xiangcun-zhenxing", "xczx"), "utf-8")
    tag = "a.sk-tag:text('乡村振兴')"
    poll(phone, base + "cases/test-case/", lambda p: "xczx" in (p.get_attribute(tag, "href") or ""))
    assert phone.get_attribute(tag, "href").endswith("themes/xczx/")
    for url in ("", "themes/"):
        phone.goto(base + url)
        assert "xiangcun-zhenxing" not in phone.content(), url
        assert "xczx/" in phone.content(), url
    phone.goto(base + "themes/xczx/")
    assert phone.locator("h1").inner_text() == "乡村振兴"


def test_an_override_template_saved_in_the_preview_changes_its_pages(phone, served_dirty):
    project, base, log = served_dirty
    override = project / "overrides/storykit/person.html"
    override.write_text(
        '{% extends "record.html" %}{% block extra %}<p class="mine">本地模板</p>{% endblock %}',
        "utf-8",
    )
    poll(phone, base + "people/test-person/", lambda p: p.locator("p.mine").count() > 0)
    assert phone.locator("p.mine").inner_text() == "本地模板"
    phone.goto(base + "cases/test-case/")
    assert phone.locator("p.mine").count() == 0
