"""Search on a published site (tests/fixtures/linked): Pagefind's index, our Chinese query
handling, filters."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from storykit.records import catalog


@pytest.fixture(scope="module")
def cat(published):
    return catalog.build(published.parent, drafts=True)


def search(phone, site: str, query: str) -> list[str]:
    phone.goto(f"{site}search/?q={query}")
    phone.wait_for_function(
        "() => { const s = document.querySelector('.sk-find__status').textContent;"
        " return s && !s.startsWith('正在'); }",
        timeout=20_000,
    )
    return phone.locator(".sk-result__title").all_inner_texts()


def test_a_phrase_finds_the_person_and_the_case(phone, site):
    titles = search(phone, site, "测试种植课")
    assert "测试人物甲" in titles
    assert "测试种植课进村" in titles
    excerpt = phone.locator(".sk-result__excerpt mark").first.inner_text()
    assert excerpt and excerpt in "测试种植课"  # the query, or a word of it, is marked
    assert phone.errors == []


def test_the_record_named_by_the_query_comes_first(phone, site):
    titles = search(phone, site, "测试读书角")  # also in a person's and a site's summary
    assert len(titles) >= 2 and titles[0] == "测试读书角"


def test_part_of_a_name_and_a_word_prefix_are_found(phone, site):
    # Pagefind alone may miss these: its index can keep them inside longer words
    assert "测试人物甲" in search(phone, site, "人物甲")
    assert "测试读书角" in search(phone, site, "读书")


def test_results_show_kind_region_and_thumbnail_slot(phone, site):
    search(phone, site, "测试人物甲")
    first = phone.locator(".sk-result").first
    assert first.locator(".sk-result__meta").inner_text() == "先进典型 · 辽宁省/阜新市/彰武县"
    first.locator("a").click()
    assert phone.locator("h1").inner_text() == "测试人物甲"


def test_province_filter_narrows_the_results(phone, site):
    everywhere = search(phone, site, "五老")
    phone.get_by_role("button", name="筛选").click()  # on a phone the filters wait behind it
    phone.locator("select[data-filter=省份]").select_option("辽宁省")
    phone.wait_for_function(
        f"() => document.querySelectorAll('.sk-result').length < {len(everywhere)}", timeout=20_000
    )
    metas = phone.locator(".sk-result__meta").all_inner_texts()
    assert metas and all("辽宁省" in m for m in metas)
    assert "省份=辽宁省" in unquote(phone.url)  # the filter is kept in the address, for sharing


def test_drafts_are_never_found(phone, site, cat):
    drafts = [e for e in cat.entries() if e.record.draft]
    assert drafts
    for entry in drafts:
        assert entry.title not in search(phone, site, entry.title)


def test_chrome_is_not_indexed(phone, site):
    """No indexed text holds the QR label, the footer or the skip link, whatever matches."""
    phone.goto(site + "search/")
    found = phone.evaluate(
        """async (phrases) => {
          const pf = await import('../pagefind/pagefind.js'); await pf.init();
          const out = {};
          for (const p of phrases) {
            const s = await pf.search(p);
            const data = await Promise.all(s.results.map((r) => r.data()));
            out[p] = data.filter((d) => d.content.includes(p)).map((d) => d.url);
          }
          return out;
        }""",
        ["微信扫一扫", "示例主办单位", "跳到正文", "所属组织"],
    )
    assert found == {"微信扫一扫": [], "示例主办单位": [], "跳到正文": [], "所属组织": []}


def test_header_box_searches_from_any_page(browser, site):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(site + "about/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "sk-header-q"
    page.keyboard.type("测试种植课")
    page.keyboard.press("Enter")
    page.wait_for_selector(".sk-result")
    assert "测试人物甲" in page.locator(".sk-result__title").all_inner_texts()
    page.close()


def test_a_large_site_is_indexed_in_parts_and_searched_as_one(tmp_path, browser, serve_dir):
    """Past STORYKIT_SHARD_AT pages each kind gets its own index; the page merges them."""
    import os

    from helpers import FIXTURES, assemble, mkdocs

    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    os.environ["STORYKIT_SHARD_AT"] = "5"
    try:
        result = mkdocs(project, "build", "--strict")
    finally:
        del os.environ["STORYKIT_SHARD_AT"]
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "pagefind-people").is_dir() and (site / "pagefind-pages").is_dir()
    assert "分 " in result.stderr
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    base = serve_dir(site)
    for query, title in (
        ("测试人物", "测试人物"),
        ("测试图书", "测试图书"),
        ("测试经验做法", "测试经验做法"),
        ("档案柜", "关于本站"),  # a page from docs/, in a part of its own
    ):
        page.goto(f"{base}search/?q={query}")
        page.wait_for_selector(".sk-result")
        assert title in page.locator(".sk-result__title").all_inner_texts()
    assert errors == []
    page.close()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_page_for_a_wrong_address_leads_home_and_to_search(phone, site, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    phone.goto(site + "404.html")  # what a server sends for any wrong address
    assert phone.locator("h1").inner_text() == "找不到这个页面"
    box = phone.get_by_role("search").filter(has=phone.locator("#sk-q"))
    box.get_by_role("searchbox").fill("测试种植课")
    box.get_by_role("button", name="搜索").click()
    phone.wait_for_selector(".sk-result")
    assert "测试人物甲" in phone.locator(".sk-result__title").all_inner_texts()
    phone.go_back()
    phone.get_by_role("link", name="回到首页").click()
    assert phone.url == site
    assert phone.errors == []


def test_on_a_phone_in_elder_mode_the_filters_fold_away_behind_a_button(phone, site):
    """Four large filters would fill the first screen: they wait behind 筛选."""
    phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    everywhere = search(phone, site, "五老")
    assert len(everywhere) >= 2
    top = phone.locator(".sk-result").first.bounding_box()["y"]
    assert 0 <= top < phone.viewport_size["height"]  # the first result is on the first screen
    toggle = phone.get_by_role("button", name="筛选")
    filters = phone.locator("#" + toggle.get_attribute("aria-controls"))
    assert toggle.get_attribute("aria-expanded") == "false"
    assert filters.is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone.get_by_role("group", name="筛选").is_visible()
    filters.get_by_label("省份").select_option("辽宁省")
    phone.wait_for_function(
        f"() => document.querySelectorAll('.sk-result').length < {len(everywhere)}", timeout=20_000
    )
    metas = phone.locator(".sk-result__meta").all_inner_texts()
    assert metas and all("辽宁省" in m for m in metas)
    assert toggle.inner_text() == "筛选（1）"  # how many filters are set
    toggle.click()
    assert filters.is_hidden() and toggle.inner_text() == "筛选（1）"
    assert phone.errors == []


def test_the_search_page_fetches_pagefind_only_once_the_box_is_used(phone, site):
    asked = []
    phone.on("request", lambda r: asked.append(r.url) if "/pagefind/" in r.url else None)
    phone.goto(site + "search/")
    phone.wait_for_function("document.activeElement.id === 'sk-q'")  # search.js has run
    phone.wait_for_load_state("networkidle")
    assert asked == []
    phone.locator("#sk-q").press_sequentially("测试种植课")
    phone.wait_for_selector(".sk-result")
    assert "测试人物甲" in phone.locator(".sk-result__title").all_inner_texts()
    assert any(u.endswith("pagefind.js") for u in asked)
    assert phone.errors == []
