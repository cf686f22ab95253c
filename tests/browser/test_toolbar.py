"""The accessibility toolbar (工信部适老化) as a reader meets it on a 390 px phone: it opens from
长辈模式 in the header, works from the keyboard alone, remembers every choice from page to page,
zooms to 200 % without sideways scrolling, shows the text alone (纯文本), yellow on black at 7:1
as rendered (高对比度), a large pointer, a reading line under the pointer, and 长辈模式's own rules
(24 px text, 60 px targets, nothing moving, axe) hold with all of it on."""

from __future__ import annotations

import io

import pytest
from helpers import NODE, axe_violations
from PIL import Image
from test_layout import ELDER_FLOOR, SEARCH, SHIFTS_INIT, TEXT_SIZES_JS, contrast, open_page
from test_reading import CONTRAST_JS

from storykit.pages.urls import entry_url

MODES = pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
FLAGS = ("elder", "plain", "contrast", "cursor", "line")
# every control of the panel, in the order Tab reaches them
CONTROLS = (
    "elder",
    "zoom-out",
    "zoom-in",
    "zoom-reset",
    "plain",
    "contrast",
    "cursor",
    "line",
    "reset",
    "close",
)
AXE = pytest.mark.skipif(
    not (NODE / "axe-core").is_dir(), reason="npm test tools not installed (make install)"
)


def preset(phone, **choices: str) -> None:
    """Choices as a previous visit left them in localStorage (sk-elder='1', sk-zoom='150')."""
    script = "".join(f"localStorage.setItem('sk-{k}', '{v}');" for k, v in choices.items())
    phone.add_init_script(script)


def tool(phone, name: str):
    return phone.locator(f"#sk-a11y [data-sk-a11y={name}]")


def open_toolbar(phone) -> None:
    """Open the panel as a keyboard user does: focus 长辈模式, press Enter."""
    phone.locator(".sk-elder-toggle").focus()
    phone.keyboard.press("Enter")
    assert phone.locator("#sk-a11y").is_visible()


def press(phone, name: str, key: str = "Enter") -> None:
    tool(phone, name).focus()
    phone.keyboard.press(key)


def pages(cat) -> dict[str, str]:
    return {
        "home": "",
        "case": entry_url(cat.entries("case")[0]),
        "search": SEARCH,
        "statistics": "statistics/",
    }


# What the focused element is, and whether a focus ring shows around it.
FOCUSED_JS = """
() => {
  const el = document.activeElement, s = getComputedStyle(el);
  return [el.getAttribute("data-sk-a11y") || el.className, el.closest("#sk-a11y") !== null,
          s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2];
}
"""


@MODES
def test_toolbar_opens_from_the_elder_button_with_the_keyboard(phone, site, cat, elder):
    if elder:
        preset(phone, elder="1")
    phone.goto(site + entry_url(cat.entries("case")[0]))
    button = phone.locator(".sk-elder-toggle")
    panel = phone.locator("#sk-a11y")
    assert button.inner_text().strip() == "长辈模式"
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "sk-a11y"
    assert panel.get_attribute("role") == "region"
    assert panel.get_attribute("aria-label") == "无障碍工具"
    assert panel.is_hidden()
    where = "() => [document.querySelector('h1').getBoundingClientRect().top, document.documentElement.scrollHeight]"
    before = phone.evaluate(where)
    open_toolbar(phone)
    assert button.get_attribute("aria-expanded") == "true"
    assert phone.evaluate(where) == before, "opening the toolbar moved the page"
    # the panel lies over the page, right under the header
    top, bottom = phone.evaluate(
        "() => [document.getElementById('sk-a11y').getBoundingClientRect().top,"
        " document.querySelector('.md-header').getBoundingClientRect().bottom]"
    )
    assert abs(top - bottom) <= 1
    # Tab reaches every control, in order, each with a focus ring (the 简繁 group's buttons,
    # when there, come between and are not counted here)
    reached = []
    for _ in range(len(CONTROLS) + 10):
        phone.keyboard.press("Tab")
        name, inside, ring = phone.evaluate(FOCUSED_JS)
        if not inside:
            break
        assert ring, f"no focus ring on {name}"
        reached.append(name)
    assert tuple(n for n in reached if n in CONTROLS) == CONTROLS
    floor = 60 if elder else 44
    for name in CONTROLS:
        box = tool(phone, name).bounding_box()
        assert box["width"] >= floor and box["height"] >= floor, (name, box)
    assert panel.locator(".sk-a11y__script[role=group] button[data-sk-script]").count() == 2
    # Esc closes and gives focus back to 长辈模式
    tool(phone, "plain").focus()
    phone.keyboard.press("Escape")
    assert panel.is_hidden() and button.get_attribute("aria-expanded") == "false"
    assert phone.evaluate("document.activeElement.classList.contains('sk-elder-toggle')")
    # Space opens it too; 关闭 closes it the same way
    button.focus()
    phone.keyboard.press("Space")
    assert panel.is_visible()
    press(phone, "close")
    assert panel.is_hidden()
    assert phone.evaluate("document.activeElement.classList.contains('sk-elder-toggle')")
    assert phone.errors == []


# the on/off word a switch shows after its name (drawn by CSS, hidden from screen readers,
# which hear aria-pressed)
STATE_JS = "b => getComputedStyle(b.querySelector('.sk-a11y__state'), '::before').content"


def test_toolbar_switches_work_with_enter_and_space(phone, site):
    phone.goto(site)
    open_toolbar(phone)
    for name in FLAGS:
        control = tool(phone, name)
        assert control.get_attribute("aria-pressed") == "false", name
        press(phone, name, "Enter")
        assert control.get_attribute("aria-pressed") == "true", name
        assert phone.evaluate(f"document.documentElement.classList.contains('sk-{name}')")
        assert "开" in control.evaluate(STATE_JS)  # said in words, not by colour alone
        press(phone, name, "Space")
        assert control.get_attribute("aria-pressed") == "false", name
        assert not phone.evaluate(f"document.documentElement.classList.contains('sk-{name}')")
        assert "关" in control.evaluate(STATE_JS)
    value = phone.locator("#sk-a11y .sk-a11y__value")
    assert value.inner_text() == "100%"
    press(phone, "zoom-in", "Space")
    assert value.inner_text() == "125%"
    press(phone, "zoom-out", "Enter")
    assert value.inner_text() == "100%"
    assert tool(phone, "zoom-out").get_attribute("aria-disabled") == "true"
    press(phone, "zoom-out", "Enter")  # no step below 100 %
    assert value.inner_text() == "100%"
    assert phone.locator("#sk-a11y").is_visible()  # the panel stays open while choosing
    assert phone.errors == []


def test_toolbar_choices_stay_on_other_pages_and_after_reload(phone, site, cat):
    phone.goto(site)
    open_toolbar(phone)
    for name in FLAGS:
        press(phone, name)
    for _ in range(2):
        press(phone, "zoom-in")
    expected = {"classes": list(FLAGS), "zoom": "150"}
    state_js = """(flags) => ({
      classes: flags.filter((k) => document.documentElement.classList.contains("sk-" + k)),
      zoom: document.documentElement.getAttribute("data-sk-zoom")})"""
    for visit in ("another page", "reload"):
        if visit == "reload":
            phone.reload()
        else:
            phone.goto(site + entry_url(cat.entries("person")[0]))
        assert phone.evaluate(state_js, list(FLAGS)) == expected, visit
        for name in FLAGS:
            assert tool(phone, name).get_attribute("aria-pressed") == "true", (visit, name)
        assert phone.locator("#sk-a11y .sk-a11y__value").text_content() == "150%"
    # 全部恢复: everything off, here and on the next page
    open_toolbar(phone)
    press(phone, "reset")
    off = {"classes": [], "zoom": None}
    assert phone.evaluate(state_js, list(FLAGS)) == off
    phone.goto(site + "statistics/")
    assert phone.evaluate(state_js, list(FLAGS)) == off
    assert all(tool(phone, n).get_attribute("aria-pressed") == "false" for n in FLAGS)
    assert phone.errors == []


# The page's width in CSS px against the window's, and the zoom the page is drawn at.
ZOOM_JS = """
() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
       getComputedStyle(document.querySelector(".md-container")).zoom,
       document.querySelector("h1").getBoundingClientRect().height]
"""


@MODES
def test_toolbar_zoom_reaches_200_percent_without_sideways_scrolling(phone, site, cat, elder):
    if elder:
        preset(phone, elder="1")
    phone.goto(site)
    h1 = phone.evaluate(ZOOM_JS)[3]
    open_toolbar(phone)
    for _ in range(4):
        press(phone, "zoom-in")
    assert phone.locator("#sk-a11y .sk-a11y__value").inner_text() == "200%"
    assert tool(phone, "zoom-in").get_attribute("aria-disabled") == "true"
    _, _, _, zoomed = phone.evaluate(ZOOM_JS)
    assert zoomed >= h1 * 1.9  # the page itself is drawn twice as large
    problems = {}
    for name, url in pages(cat).items():
        open_page(phone, site, url)
        width, room, zoom, _ = phone.evaluate(ZOOM_JS)
        assert zoom == "2", name
        if width > room:
            problems[name] = f"{width} px wide in a {room} px window"
        open_toolbar(phone)  # the open panel fits as well
        width, room, _, _ = phone.evaluate(ZOOM_JS)
        if width > room:
            problems[name + " (toolbar open)"] = f"{width} px wide in a {room} px window"
        phone.keyboard.press("Escape")
    assert not problems, problems
    open_toolbar(phone)
    press(phone, "zoom-reset")
    assert phone.locator("#sk-a11y .sk-a11y__value").inner_text() == "100%"
    assert phone.evaluate(ZOOM_JS)[2] == "1"
    assert phone.evaluate("localStorage.getItem('sk-zoom')") == "100"
    assert phone.errors == []


# Under 纯文本: pictures still shown, and elements with a background colour or picture.
PLAIN_JS = """
() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  };
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].map((c) => "." + c).join("");
  const pictures = [...document.querySelectorAll("img, svg, picture, video, canvas, iframe, .sk-map")]
    .filter(shown).map(name);
  const coloured = [];
  for (const el of [document.body, ...document.body.querySelectorAll("*")]) {
    if (!shown(el)) continue;
    const s = getComputedStyle(el);
    if (s.backgroundColor !== "rgba(0, 0, 0, 0)" || s.backgroundImage !== "none")
      coloured.push(`${name(el)}: ${s.backgroundColor} ${s.backgroundImage.slice(0, 30)}`);
  }
  const colours = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (text && shown(el)) colours.add(getComputedStyle(el).color);
  }
  const links = [...document.querySelectorAll(".md-content a[href]")].filter(shown)
    .filter((a) => !getComputedStyle(a).textDecorationLine.includes("underline")).map(name);
  return {pictures, coloured: coloured.slice(0, 8), colours: [...colours], links,
          page: getComputedStyle(document.documentElement).backgroundColor};
}
"""


@MODES
def test_toolbar_plain_text_shows_no_pictures_or_colours(phone, site, cat, elder):
    preset(phone, plain="1", **({"elder": "1"} if elder else {}))
    problems = {}
    for name, url in pages(cat).items():
        open_page(phone, site, url)
        found = phone.evaluate(PLAIN_JS)
        # the icon-only header buttons say what they are in words
        for label in ("目录", "搜索"):
            if not phone.locator(".md-header .sk-icon-label", has_text=label).is_visible():
                found.setdefault("labels", []).append(label)
        open_toolbar(phone)  # the panel too has no colours, and hides the page under it
        panel = phone.evaluate(PLAIN_JS)
        found["coloured"] += [f"(toolbar open) {c}" for c in panel["coloured"]]
        phone.keyboard.press("Escape")
        bad = {k: v for k, v in found.items() if v and k not in ("colours", "page")}
        if found["colours"] != ["rgb(0, 0, 0)"]:
            bad["text colours"] = found["colours"]
        if found["page"] != "rgb(255, 255, 255)":
            bad["page"] = found["page"]
        if bad:
            problems[name] = bad
    assert not problems, problems
    assert phone.errors == []


def rendered_ratio(locator) -> float:
    """The commonest pixel colour of the element's picture is its background; the colour that
    stands out most from it is the text."""
    shot = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    colours = shot.getcolors(shot.width * shot.height)
    background = max(colours)[1]
    return max(contrast(background, c) for _, c in colours)


# where each text to measure is: page, selector (the toolbar's last: it lies over the page)
CONTRAST_SAMPLES = {
    "paragraph": ("case", ".md-typeset .sk-lead"),
    "fact": ("case", ".sk-facts dd"),
    "fact label": ("case", ".sk-facts dt"),
    "button": ("case", ".sk-tools button[aria-pressed=false]"),
    "search result": ("search", ".sk-result__title"),
    "header title": ("home", ".md-header__topic:first-child .md-ellipsis"),
    "card title": ("home", ".sk-card__title"),
    "footer": ("home", ".md-footer-meta .md-copyright"),
    "toolbar button": ("home", "#sk-a11y [data-sk-a11y=contrast]"),
    "toolbar switch": ("home", "#sk-a11y [data-sk-a11y=cursor]"),
}


@MODES
def test_toolbar_high_contrast_is_7_to_1_as_rendered(phone, site, cat, elder):
    preset(phone, contrast="1", **({"elder": "1"} if elder else {}))
    urls = pages(cat)
    problems, current = {}, None
    for what, (page, selector) in CONTRAST_SAMPLES.items():
        if page != current:
            open_page(phone, site, urls[page])
            current = page
            assert phone.evaluate(CONTRAST_JS) == [], page  # every text, by computed colour
            colours = phone.evaluate(
                "() => [getComputedStyle(document.body).backgroundColor,"
                " getComputedStyle(document.querySelector('.md-typeset p:not(a p)')).color]"
            )
            assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 0)"], page
        if selector.startswith("#sk-a11y") and phone.locator("#sk-a11y").is_hidden():
            phone.evaluate("scrollTo(0, 0)")
            open_toolbar(phone)
        element = phone.locator(selector).first
        element.scroll_into_view_if_needed()
        ratio = rendered_ratio(element)
        if ratio < 7:
            problems[what] = f"{ratio:.2f}:1"
    assert not problems, f"text below 7:1 in 高对比度: {problems}"
    # links: another colour, and underlined
    link = phone.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('.md-content p a'));"
        " return [s.color, s.textDecorationLine]; }"
    )
    assert link[0] == "rgb(0, 255, 255)" and "underline" in link[1]
    assert phone.errors == []


def test_toolbar_big_cursor_is_drawn_in_the_page(phone, site):
    preset(phone, cursor="1")
    phone.goto(site)
    body = phone.evaluate("getComputedStyle(document.body).cursor")
    link = phone.evaluate("getComputedStyle(document.querySelector('.md-content a[href]')).cursor")
    button = phone.evaluate("getComputedStyle(document.querySelector('.sk-elder-toggle')).cursor")
    assert "url(" in body and "data:image/svg+xml" in body
    assert "url(" in link and link != body  # a hand over what can be pressed
    assert button == link
    assert phone.errors == []  # nothing from another host


LINE_JS = """
() => {
  const h = document.querySelector(".sk-reading-line__h"), v = document.querySelector(".sk-reading-line__v");
  const r = h.getBoundingClientRect(), q = v.getBoundingClientRect();
  return [getComputedStyle(h).display !== "none" && r.width > 0, (r.top + r.bottom) / 2,
          (q.left + q.right) / 2, getComputedStyle(h).pointerEvents];
}
"""


@pytest.mark.parametrize("zoom", ["100", "200"])
def test_toolbar_reading_line_follows_pointer_and_focus(phone, site, cat, zoom):
    preset(phone, line="1", zoom=zoom)
    phone.add_init_script(SHIFTS_INIT)
    phone.goto(site + entry_url(cat.entries("case")[0]))
    for x, y in ((120, 400), (200, 610), (60, 150)):
        phone.mouse.move(x, y)
        shown, at_y, at_x, events = phone.evaluate(LINE_JS)
        assert shown and abs(at_y - y) <= 2 and abs(at_x - x) <= 2, (x, y, at_x, at_y)
        assert events == "none"
    # it never takes a click: what is under the pointer is the page
    assert phone.evaluate("!document.elementFromPoint(120, 400).closest('.sk-reading-line')")
    # and it follows keyboard focus
    link = phone.locator(".md-content a[href]").first
    link.focus()
    bottom = link.evaluate("a => a.getBoundingClientRect().bottom")
    _, at_y, _, _ = phone.evaluate(LINE_JS)
    assert abs(at_y - min(bottom + 2, 842)) <= 2
    assert phone.evaluate("window.__shifts") == []
    # switched off in the toolbar: no line
    open_toolbar(phone)
    press(phone, "line")
    phone.mouse.move(100, 300)
    assert not phone.evaluate(LINE_JS)[0]


@pytest.mark.parametrize("look", ["contrast", "plain"])
def test_toolbar_keeps_elder_rules_with_every_choice_on(phone, site, cat, look):
    """长辈模式 with zoom, large cursor, reading line and 高对比度 or 纯文本: no text under 24 px
    (panel open too), every target in the panel ≥60 px, nothing moves while loading, and axe
    finds nothing with the panel open."""
    preset(phone, elder="1", zoom="150", cursor="1", line="1", **{look: "1"})
    phone.add_init_script(SHIFTS_INIT)
    problems = {}
    for name, url in pages(cat).items():
        open_page(phone, site, url)
        phone.wait_for_load_state("networkidle")
        phone.wait_for_timeout(300)
        lines = []
        shifts = phone.evaluate("window.__shifts")
        if shifts:
            lines.append(f"CLS {sum(v for v, _ in shifts):.4f}: {shifts[:3]}")
        open_toolbar(phone)
        small = [
            f"{size:g}px {where} “{text}”"
            for where, size, text in phone.evaluate(TEXT_SIZES_JS, ["body", False])
            if size < ELDER_FLOOR
        ]
        lines += small[:5]
        for control in CONTROLS:
            box = tool(phone, control).bounding_box()
            # CSS px: the zoomed panel draws them 1.5 times as large
            if box["width"] < 60 * 1.5 - 1 or box["height"] < 60 * 1.5 - 1:
                lines.append(f"{control} is {box['width']:.0f}x{box['height']:.0f}")
        if (NODE / "axe-core").is_dir():
            lines += axe_violations(phone)
        if lines:
            problems[name] = lines
    assert not problems, problems


@AXE
@MODES
def test_toolbar_open_passes_axe(phone, site, cat, elder):
    if elder:
        preset(phone, elder="1")
    problems = {}
    for name, url in pages(cat).items():
        open_page(phone, site, url)
        open_toolbar(phone)
        result = axe_violations(phone)
        if result:
            problems[name] = result
    assert problems == {}


def test_toolbar_and_reading_line_are_not_printed(phone, site, cat):
    preset(phone, line="1", zoom="200", contrast="1")
    phone.goto(site + entry_url(cat.entries("case")[0]))
    open_toolbar(phone)
    phone.mouse.move(100, 300)
    phone.emulate_media(media="print")
    assert phone.locator("#sk-a11y").is_hidden()
    assert phone.locator(".sk-reading-line").is_hidden()
    assert phone.evaluate("getComputedStyle(document.querySelector('.md-container')).zoom") == "1"
