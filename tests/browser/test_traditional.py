"""简/繁 in Chromium at 390×844: the 繁體 choice converts every page type exactly as OpenCC's
phrase-level s2t does, is remembered across pages and reloads, leaves a name typed in
traditional characters as typed, and lets a traditional query find a simplified record."""

from __future__ import annotations

import opencc
import pytest
from helpers import FIXTURES, NODE, assemble, axe_violations, mkdocs
from test_layout import SHIFTS_INIT
from test_reading import page_types

from storykit.pages.urls import entry_url

S2T = opencc.OpenCC("s2t").convert

# The text a reader sees, node by node in page order, and whether the node is in a name.
TEXTS_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el.closest("script, style, noscript, code, pre, [data-sk-keep]")) continue;
    if (!/[\\u3400-\\u9fff]/.test(n.data)) continue;
    out.push([n.data, !!el.closest("[data-sk-name]")]);
  }
  return out;
}
"""


def choose(phone, script: str) -> None:
    """The reader's way: 长辈模式 opens the toolbar, then 简体 or 繁體."""
    phone.locator(".sk-elder-toggle").click()
    phone.locator(f"button[data-sk-script={script}]").click()
    phone.keyboard.press("Escape")
    if script == "hant":  # the first time the table is fetched, then the page turns (same task)
        phone.wait_for_function("localStorage.getItem('sk-hanzi') !== null")


def simplified_texts(browser, url: str) -> list:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    texts = page.evaluate(TEXTS_JS)
    context.close()
    return texts


def test_every_page_type_turns_traditional_as_opencc_and_stays_so(browser, phone, site, cat):
    phone.goto(site)
    choose(phone, "hant")
    assert phone.get_attribute("html", "lang") == "zh-Hant"
    problems = {}
    for name, url in page_types(cat).items():
        phone.goto(site + url)
        shown = phone.evaluate(TEXTS_JS)
        plain = simplified_texts(browser, site + url)
        assert len(shown) == len(plain), name
        wrong = [
            (was, now) for (was, _), (now, _) in zip(plain, shown, strict=True) if now != S2T(was)
        ]
        if wrong:
            problems[name] = wrong[:3]
        assert any(now != was for (was, _), (now, _) in zip(plain, shown, strict=True)), name
    assert not problems, problems
    phone.reload()  # the last page, the 404 page, once more
    assert phone.get_attribute("html", "data-sk-script") == "hant"
    assert phone.evaluate(TEXTS_JS) == [[S2T(t), n] for t, n in plain]
    assert not phone.errors


def test_back_to_simplified_without_a_reload(phone, site, cat):
    case = entry_url(cat.entries("case")[0])
    phone.goto(site + case)
    before = phone.evaluate(TEXTS_JS)
    title = phone.title()
    choose(phone, "hant")
    assert phone.evaluate(TEXTS_JS) != before
    assert phone.title() == S2T(title)
    choose(phone, "hans")
    assert phone.evaluate(TEXTS_JS) == before
    assert phone.title() == title
    phone.goto(site + case)  # remembered: simplified again
    assert phone.get_attribute("html", "data-sk-script") != "hant"
    assert phone.evaluate(TEXTS_JS) == before


def changed_word(title: str) -> str | None:
    """A two-character word of `title` whose characters all change in traditional (so the query
    shares no character with the simplified index), other than the fixtures' 测试."""
    for i in range(len(title) - 1):
        word = title[i : i + 2]
        if word != "测试" and all(S2T(c) != c for c in word):
            return word
    return None


def test_a_query_in_traditional_finds_the_simplified_record(phone, site, cat):
    record, word = next(
        (r, w) for r in cat.entries("case") if (w := changed_word(r.title)) is not None
    )
    phone.goto(site + "search/")
    phone.fill("#sk-q", S2T(word))
    phone.press("#sk-q", "Enter")
    phone.locator(f'.sk-results a[href$="{entry_url(record)}"]').first.wait_for()
    # in 繁體 the results come in traditional characters too
    choose(phone, "hant")
    phone.fill("#sk-q", "")
    phone.fill("#sk-q", S2T(word))
    phone.press("#sk-q", "Enter")
    title = phone.locator(f'.sk-results a[href$="{entry_url(record)}"] .sk-result__title')
    title.wait_for()
    assert title.inner_text() == S2T(record.title)
    assert not phone.errors


@pytest.mark.skipif(not (NODE / "axe-core").is_dir(), reason="npm test tools not installed")
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_traditional_pages_keep_still_and_pass_axe(phone, site, cat, elder):
    phone.goto(site)
    choose(phone, "hant")
    if elder:
        phone.evaluate("localStorage.setItem('sk-elder', '1')")
    phone.add_init_script(SHIFTS_INIT)
    for name in ("home", "case", "person", "statistics", "search"):
        phone.goto(site + page_types(cat)[name])
        phone.wait_for_load_state("networkidle")
        phone.wait_for_timeout(300)
        assert phone.get_attribute("html", "data-sk-script") == "hant"
        assert phone.evaluate("window.__shifts") == [], name
        assert axe_violations(phone) == [], name


@pytest.fixture(scope="module")
def names_site(tmp_path_factory, serve_dir) -> str:
    """The linked fixture with one person whose name was typed in traditional characters and
    holds 范, which OpenCC would turn into 範."""
    project = assemble(tmp_path_factory.mktemp("names") / "p", FIXTURES / "linked" / "stories")
    (project / "stories" / "people" / "test-trad-name.yml").write_text(
        "name: 范測試\nsummary: 一位姓名用繁体字输入的测试人物。\n", "utf-8"
    )
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    return serve_dir(project / "site")


def test_a_name_typed_in_traditional_stays_as_typed(phone, names_site):
    assert S2T("范測試") != "范測試"  # what the page would show without the rule
    phone.goto(names_site + "people/test-trad-name/")
    choose(phone, "hant")
    assert phone.locator("h1").inner_text() == "范測試"
    assert S2T("一位姓名用繁体字输入的测试人物。") in phone.locator(".md-content").inner_text()
    phone.goto(names_site + "people/")
    assert "范測試" in phone.locator(".md-content").inner_text()
