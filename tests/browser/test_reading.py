"""Reading for everyone, in Chromium on a phone-sized page: 长辈模式, font sizes, read aloud,
print, QR sharing, keyboard use, accessibility (axe-core) and nothing loaded from elsewhere."""

from __future__ import annotations

import json

import pytest
from helpers import NODE, SITE_URL, axe_violations

from storykit.pages.urls import entry_url, region_url


def page_types(cat) -> dict[str, str]:  # also used by tests/test_html.py
    """One page of every type, by a short name."""
    first = {
        k: entry_url(cat.entries(k)[0])
        for k in ("case", "person", "site", "publication", "shelf", "org", "honor")
    }
    province = cat.regions.resolve("辽宁省").code
    return {
        "home": "",
        "index": "cases/",
        **first,
        "regions": "regions/",
        "region": region_url(province),
        "themes": "themes/",
        "theme": f"themes/{cat.themes[0].slug}/",
        "years": "years/",
        "statistics": "statistics/",
        "about": "about/",
        "guide": "guide/",
        "fields": "guide/fields/",
        "search": "search/",
        "not-found": "404.html",  # what a server sends for a wrong address
    }


CONTRAST_JS = """
() => {
  const lum = (c) => {
    const m = c.match(/[\\d.]+/g).map(Number);
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return [0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]), m.length > 3 ? m[3] : 1];
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const worst = [];
  for (const el of document.querySelectorAll(".md-content *, .md-header *")) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).length;
    const r = el.getBoundingClientRect();
    if (!text || r.width === 0 || r.height === 0 || el.closest("svg,[aria-hidden=true],.md-skip")) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.opacity === "0") continue;
    const [fg] = lum(style.color), [bg] = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 7) worst.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 20)}"`);
  }
  return worst;
}
"""

TARGETS_JS = """
() => [...document.querySelectorAll("a[href], button, [role=button], input, select")]
  .filter((el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.closest(".md-skip,[hidden]")
      && r.bottom > 0 && r.top < innerHeight * 3;
  })
  .map((el) => { const r = el.getBoundingClientRect(); return [el.outerHTML.slice(0, 80), r.width, r.height]; })
  .filter(([, w, h]) => w < 59.5 || h < 59.5)
"""


def test_every_page_type_loads_nothing_from_another_host(phone, site, cat):
    for name, url in page_types(cat).items():
        phone.goto(site + url)
        assert phone.locator("h1").count() >= 1, name
    assert phone.errors == []  # the fixture records console errors and foreign requests


def test_elder_mode_is_remembered_and_readable(phone, site, cat):
    phone.goto(site)
    phone.locator(".sk-elder-toggle").click()  # opens the toolbar; 长辈模式 is its first control
    toggle = phone.locator("#sk-a11y [data-sk-a11y=elder]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    case = entry_url(cat.entries("case")[0])
    phone.goto(site + case)  # another page: still on
    assert phone.evaluate("document.documentElement.classList.contains('sk-elder')")
    body = phone.locator(".sk-lead")
    size = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    line = float(body.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert size >= 24 and line / size >= 1.6
    assert phone.evaluate(CONTRAST_JS) == []
    assert phone.evaluate(TARGETS_JS) == []
    # one column: every related card starts at the same x
    xs = phone.locator(".sk-card").evaluate_all(
        "cs => cs.map(c => Math.round(c.getBoundingClientRect().x))"
    )
    assert len(set(xs)) == 1
    assert (
        phone.evaluate("getComputedStyle(document.querySelector('.sk-card a')).transitionDuration")
        == "0s"
    )
    phone.reload()  # a new visit
    assert phone.locator("#sk-a11y [data-sk-a11y=elder]").get_attribute("aria-pressed") == "true"
    assert phone.errors == []


def test_font_size_control_is_remembered_across_records(phone, site, cat):
    phone.goto(site + entry_url(cat.entries("case")[0]))
    lead = phone.locator(".sk-lead")
    before = lead.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    phone.get_by_role("button", name="特大").click()
    after = lead.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert after >= before * 1.3
    phone.goto(site + entry_url(cat.entries("person")[0]))
    assert phone.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"
    assert (
        phone.locator(".sk-lead").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") == after
    )


SPY = """
window.__spoken = [];
const real = window.speechSynthesis;
window.speechSynthesis.speak = (u) => { window.__spoken.push({text: u.text, lang: u.lang}); };
"""


def test_read_aloud_speaks_the_record_in_chinese(phone, site, cat):
    entry = cat.entries("case")[0]
    phone.add_init_script(SPY)  # record what would be spoken; headless Chromium has no voice
    phone.goto(site + entry_url(entry))
    group = phone.locator(".sk-speak")
    assert group.is_visible()
    phone.get_by_role("button", name="朗读").click()
    spoken = phone.evaluate("window.__spoken")
    assert len(spoken) == 1 and spoken[0]["lang"] == "zh-CN"
    assert spoken[0]["text"].startswith(entry.title) and entry.record.summary in spoken[0]["text"]
    assert phone.get_by_role("button", name="暂停").is_enabled()
    phone.get_by_role("button", name="停止").click()
    assert phone.get_by_role("button", name="停止").is_disabled()


def test_read_aloud_is_hidden_without_speech_synthesis(phone, site, cat):
    phone.add_init_script(
        "delete Window.prototype.speechSynthesis; delete window.speechSynthesis;"
        "delete window.SpeechSynthesisUtterance;"
    )
    phone.goto(site + entry_url(cat.entries("case")[0]))
    assert phone.evaluate("'speechSynthesis' in window") is False
    assert phone.locator(".sk-speak").is_hidden()
    hint = phone.locator(".sk-speak-hint")  # no dead button: a line on how to hear the page
    assert hint.is_visible() and "在浏览器打开" in hint.inner_text()
    assert phone.errors == []
    if (NODE / "axe-core").is_dir():  # the hint is read by those who most need contrast
        assert axe_violations(phone) == []


def test_the_read_aloud_hint_is_hidden_where_the_browser_can_speak(phone, site, cat):
    phone.goto(site + entry_url(cat.entries("case")[0]))
    assert phone.locator(".sk-speak").is_visible()
    assert phone.locator(".sk-speak-hint").is_hidden()


@pytest.mark.skipif(
    not (NODE / "jsqr").is_dir(), reason="npm test tools not installed (make install)"
)
def test_qr_code_decodes_to_the_page_address(phone, site, cat):
    for kind in ("case", "person", "site"):
        url = entry_url(cat.entries(kind)[0])
        phone.goto(site + url)
        assert phone.locator(".sk-qr__label").inner_text() == "微信扫一扫 分享"
        phone.add_script_tag(path=str(NODE / "jsqr/dist/jsQR.js"))
        decoded = phone.evaluate(
            """async () => {
              const svg = document.querySelector(".sk-qr__code").cloneNode(true);
              svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
              svg.setAttribute("width", 330); svg.setAttribute("height", 330);
              const img = new Image();
              img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg.outerHTML);
              await img.decode();
              const c = document.createElement("canvas"); c.width = c.height = 330;
              const g = c.getContext("2d"); g.fillStyle = "#fff"; g.fillRect(0, 0, 330, 330);
              g.drawImage(img, 0, 0, 330, 330);
              const found = jsQR(g.getImageData(0, 0, 330, 330).data, 330, 330);
              return found && found.data;
            }"""
        )
        assert decoded == SITE_URL + url
        og = phone.locator('meta[property="og:url"]').get_attribute("content")
        assert og == SITE_URL + url


def test_print_shows_the_record_without_chrome(phone, site, cat):
    phone.goto(site + entry_url(cat.entries("case")[0]))
    phone.emulate_media(media="print")
    for hidden in (".md-header", ".sk-tools", ".md-footer", ".sk-related", ".sk-qr__code"):
        if phone.locator(hidden).count():
            assert phone.locator(hidden).first.is_hidden(), hidden
    for shown in ("h1", ".sk-facts", ".sk-figures", ".sk-qr__url"):
        assert phone.locator(shown).first.is_visible(), shown
    assert phone.locator(".sk-print").count() == 1  # present on screen, hidden on paper


def test_keyboard_reaches_the_skip_link_and_the_elder_toggle(phone, site):
    phone.goto(site)
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到正文"
    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    phone.locator(".sk-elder-toggle").focus()
    phone.keyboard.press("Enter")  # opens the toolbar; the next Tab is its 长辈模式
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.dataset.skA11y") == "elder"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.documentElement.classList.contains('sk-elder')")


@pytest.mark.skipif(
    not (NODE / "axe-core").is_dir(), reason="npm test tools not installed (make install)"
)
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_axe_finds_no_wcag_aa_violation_on_any_page_type(phone, site, cat, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    problems = {}
    for name, url in page_types(cat).items():
        phone.goto(site + url)
        result = axe_violations(phone)
        if result:
            problems[name] = result
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
