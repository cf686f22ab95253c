"""Layout as an elderly reader meets it on a 390 px phone, in normal and in 长辈模式: the smallest
text on every page type (drawer and search results included), placeholder contrast measured from
the rendered pixels, layout shift while a slow phone loads, Chinese labels broken inside a word,
the fact box, the printed record, and in-page anchors hidden under the sticky header.

Each test walks all the pages it concerns and lists every offender in one message."""

from __future__ import annotations

import io
import unicodedata

import pytest
from helpers import SITE_URL
from PIL import Image
from pypdf import PdfReader
from test_reading import page_types

from storykit.pages.urls import entry_url

ELDER_FLOOR = 24  # px: the smallest text 长辈模式 allows
NORMAL_FLOOR = 12  # px: nothing smaller in normal mode either
SEARCH = "search/?q=五老"  # matches several fixture records of different kinds

MODES = pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])


def open_page(phone, site: str, url: str) -> None:
    phone.goto(site + url)
    if url.startswith("search/"):  # results come from script: wait for them
        phone.wait_for_function(
            "() => document.querySelectorAll('.sk-result').length > 0", timeout=20_000
        )
        toggle = phone.locator("button:has-text('筛选')")  # filters folded away on phones
        if toggle.count() and toggle.first.is_visible():
            toggle.first.click()


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: " + "\n    ".join(lines) for name, lines in problems.items())


# Every text a reader can see inside `selector`, with its font size. Not counted: text not
# rendered (display:none, [hidden]), visibility:hidden or opacity 0, clipped screen-reader text (.sk-vh),
# text off the left or top edge (the closed drawer) and SVG pictures (measured as pictures).
# With onScreen, only what lies inside the viewport (the open drawer over the page).
TEXT_SIZES_JS = """
([selector, onScreen]) => {
  const describe = (el) => {
    const path = [];
    for (let e = el; e && path.length < 3; e = e.parentElement) {
      path.unshift(e.tagName.toLowerCase() + [...e.classList].map((c) => "." + c).join(""));
      if (e.classList.length) break;
    }
    return path.join(" > ");
  };
  const seen = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.opacity === "0" || (s.clip && s.clip !== "auto")) return false;
      const r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && s.overflow !== "visible") return false;
    }
    return getComputedStyle(el).visibility === "visible";
  };
  const inView = (r) => r.right > 0 && r.bottom > 0
    && (!onScreen || (r.left < innerWidth && r.top < innerHeight));
  const found = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      const el = n.parentElement;
      if (!n.data.trim() || el.closest("svg, script, style, noscript, template, option")) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || !inView(r) || !seen(el)) continue;
      found.push([describe(el), parseFloat(getComputedStyle(el).fontSize), n.data.trim().slice(0, 16)]);
    }
    // form controls show their value or placeholder in their own font size
    for (const el of root.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || !inView(r) || !seen(el)) continue;
      const shown = el.value || el.placeholder || (el.selectedOptions && el.selectedOptions[0]?.text) || "";
      found.push([describe(el), parseFloat(getComputedStyle(el).fontSize), shown.slice(0, 16)]);
    }
  }
  return found;
}
"""

# Headings whose line height is below 1.3 times their size.
HEADING_LEADING_JS = """
() => [...document.querySelectorAll("h1, h2, h3, h4")]
  .filter((h) => h.getBoundingClientRect().height > 0)
  .map((h) => {
    const s = getComputedStyle(h);
    const ratio = s.lineHeight === "normal" ? 0 : parseFloat(s.lineHeight) / parseFloat(s.fontSize);
    return [h.tagName.toLowerCase() + [...h.classList].map((c) => "." + c).join(""),
            s.lineHeight + " / " + s.fontSize, ratio, h.textContent.trim().slice(0, 16)];
  })
  .filter(([, , ratio]) => ratio < 1.299)  // 46.8 / 36 is 1.2999… in floating point
"""

# The site name in the header and every box around it that clips: a box cut with an ellipsis has
# more content (scrollWidth) than room (clientWidth).
SITE_NAME_JS = """
() => {
  const name = document.querySelector(".md-header__title .md-header__topic .md-ellipsis");
  if (!name) return ["no site name in the header"];
  const cut = [];
  for (let e = name; e && !e.matches(".md-header__inner"); e = e.parentElement) {
    const s = getComputedStyle(e);
    if ((s.overflowX !== "visible" || s.textOverflow === "ellipsis") && e.scrollWidth > e.clientWidth)
      cut.push(`${e.className}: ${e.scrollWidth} px of text in ${e.clientWidth} px (${s.textOverflow})`);
  }
  if (getComputedStyle(name.closest(".md-header__topic")).opacity === "0") cut.push("site name not shown");
  return cut;
}
"""

ELDER_TOGGLE_JS = """
() => {
  const b = document.querySelector(".sk-elder-toggle");
  if (!b) return null;
  const r = b.getBoundingClientRect();
  const label = b.querySelector(".sk-elder-toggle__label") || b;
  return [r.width, r.height, parseFloat(getComputedStyle(label).fontSize), b.textContent.trim()];
}
"""


def smallest_text_problems(phone, elder: bool) -> list[str]:
    floor = ELDER_FLOOR if elder else NORMAL_FLOOR
    found = phone.evaluate(TEXT_SIZES_JS, ["body", False])
    phone.locator(".md-header label[for=__drawer]").click()
    phone.wait_for_function(
        "() => { const d = document.querySelector('.md-sidebar--primary');"
        " return d && d.getBoundingClientRect().left >= 0; }"
    )
    drawer = phone.evaluate(TEXT_SIZES_JS, [".md-sidebar--primary", True])
    assert drawer, "the drawer shows no text once opened"
    small: dict[tuple[str, float], list[str]] = {}
    for part, items in (("", found), ("drawer ", drawer)):
        for where, size, text in items:
            if size < floor:
                small.setdefault((part + where, size), []).append(f"“{text}”")
    return [
        f"{size:g}px {where} ×{len(texts)}: " + ", ".join(dict.fromkeys(texts[:3]))
        for (where, size), texts in small.items()
    ]


@MODES
def test_no_text_is_too_small_on_any_page_type(phone, site, cat, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    problems = {}
    for name, url in {**page_types(cat), "search": SEARCH}.items():
        open_page(phone, site, url)
        lines = []
        if elder:
            lines += [
                f"{h} line-height {lh} = {r:.2f} “{t}”"
                for h, lh, r, t in phone.evaluate(HEADING_LEADING_JS)
            ]
            lines += [f"header site name cut: {c}" for c in phone.evaluate(SITE_NAME_JS)]
        else:
            w, h, size, label = phone.evaluate(ELDER_TOGGLE_JS)
            if w < 44 or h < 44 or size < 16:
                lines.append(f"长辈模式 toggle “{label}” is {w:.0f}x{h:.0f} px, label {size:g}px")
        lines += smallest_text_problems(phone, elder)  # opens the drawer: last
        if lines:
            problems[name] = lines
    floor = ELDER_FLOOR if elder else NORMAL_FLOOR
    assert not problems, f"text below {floor}px or cut off:\n" + report(problems)


# Placeholders: where their text is, relative to the placeholder's own box.
PLACEHOLDER_TEXT_JS = """
(el) => {
  const box = el.getBoundingClientRect();
  const texts = el.matches("svg") ? el.querySelectorAll("text") : el.querySelectorAll("span");
  return [...texts].map((t) => {
    const range = document.createRange();
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    return [t.textContent.trim(), r.left - box.left, r.top - box.top, r.width, r.height];
  }).filter(([text, , , w, h]) => text && w > 0 && h > 0);
}
"""


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def rendered_contrast(shot: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Within the text's box: the commonest colour is the background, the colour that stands
    out most from it is the text."""
    x, y, w, h = box
    crop = shot.crop(
        (
            max(0, int(x)),
            max(0, int(y)),
            min(shot.width, int(x + w) + 1),
            min(shot.height, int(y + h) + 1),
        )
    )
    colours = crop.getcolors(crop.width * crop.height)
    background = max(colours)[1]
    return max(contrast(background, c) for _, c in colours)


@MODES
def test_placeholder_text_contrast_as_rendered(phone, site, cat, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    need = 7 if elder else 4.5
    pages = page_types(cat)
    problems, measured = {}, 0
    for name in ("home", "index", "person", "publication", "site", "shelf", "org", "theme"):
        phone.goto(site + pages[name])
        lines = []
        placeholders = phone.locator(".sk-ph, svg.sk-cover, svg.sk-avatar")
        for i in range(placeholders.count()):
            ph = placeholders.nth(i)
            if not ph.is_visible():
                continue
            texts = ph.evaluate(PLACEHOLDER_TEXT_JS)
            shot = Image.open(io.BytesIO(ph.screenshot())).convert("RGB")
            for text, *box in texts:
                measured += 1
                ratio = rendered_contrast(shot, box)
                if ratio < need:
                    kind = ph.evaluate("e => e.getAttribute('class')")
                    lines.append(f"{kind} “{text}”: {ratio:.2f}:1")
        if lines:
            problems[name] = sorted(set(lines))
    assert measured, "no placeholder text found"
    assert not problems, f"placeholder text below {need}:1:\n" + report(problems)


# Every layout shift from the start of the page, as Chrome counts it for CLS, with what moved.
SHIFTS_INIT = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__shifts.push([e.value, (e.sources || []).map((s) => {
      const n = s.node && (s.node.nodeType === 1 ? s.node : s.node.parentElement);
      const name = n ? n.tagName.toLowerCase() + [...n.classList].map((c) => "." + c).join("") : "?";
      const [was, now] = [s.previousRect, s.currentRect];
      return now.height ? `${name} moved ${Math.round(now.y - was.y)} px down (from y ${Math.round(was.y)})`
        : `${name} pushed out of the window (was at y ${Math.round(was.y)})`;
    })]);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@MODES
def test_nothing_moves_while_a_slow_phone_loads_a_page(phone, site, cat, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    phone.add_init_script(SHIFTS_INIT)
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    problems = {}
    for name, url in {**page_types(cat), "search": SEARCH}.items():
        open_page(phone, site, url)
        phone.wait_for_load_state("networkidle")
        phone.wait_for_timeout(500)  # let late scripts run; the check itself is not timed
        shifts = phone.evaluate("window.__shifts")
        if shifts:
            total = sum(v for v, _ in shifts)
            moved = sorted({s for _, sources in shifts for s in sources})
            problems[name] = [f"CLS {total:.4f}"] + moved[:6]
    assert not problems, "layout shifts while loading:\n" + report(problems)


# Where the text of `el` goes onto a new line: [character before, character after, spaced].
# Characters are measured one by one with a Range; white space only marks a gap.
LINE_BREAKS_JS = """
(el) => {
  const breaks = [];
  let prev = null, gap = false;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode()); ) {
    for (let i = 0; i < n.data.length; i++) {
      const ch = n.data[i];
      if (/\\s/.test(ch)) { gap = true; continue; }
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const r = [...range.getClientRects()].find((x) => x.width > 0);
      if (!r) continue;
      if (prev && r.top >= prev.r.top + prev.r.height / 2) breaks.push([prev.ch, ch, gap]);
      prev = {ch, r};
      gap = false;
    }
  }
  return breaks;
}
"""

# Each placeholder label: how far its text keeps from the box's edges.
LABEL_ROOM_JS = """
(span) => {
  const box = span.closest(".sk-ph").getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(span);
  const t = range.getBoundingClientRect();
  return Math.min(t.left - box.left, box.right - t.right, t.top - box.top, box.bottom - t.bottom);
}
"""

# A count tile: the number and its label, each as [left, top, right, bottom] of its text.
TILE_JS = """
(a) => [".sk-figure__value", ".sk-figure__label"].map((sel) => {
  const range = document.createRange();
  range.selectNodeContents(a.querySelector(sel));
  const r = range.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom, parseFloat(getComputedStyle(a.querySelector(sel)).fontSize)];
})
"""

# Fact box: each dd against the dt before it.
FACTS_JS = """
(dl) => {
  const out = [];
  let dt = null;
  for (const el of dl.children) {
    if (el.tagName === "DT") { dt = el; continue; }
    if (el.tagName !== "DD" || !dt) continue;
    const t = dt.getBoundingClientRect(), d = el.getBoundingClientRect();
    out.push([dt.textContent.trim(), t.left, t.bottom, d.left, d.top, d.width]);
  }
  return out;
}
"""

# A figure's value and unit: the line boxes of their text.
VALUE_UNIT_JS = """
(value) => {
  const range = document.createRange();
  range.setStartBefore(value);
  range.setEndAfter(value.nextElementSibling);
  return [...range.getClientRects()].filter((r) => r.width > 0).map((r) => [r.top, r.bottom]);
}
"""

PUNCTUATION = set("·、，。：；,.:;!?！？）)」』”")


def bad_breaks(locator, label: str) -> list[str]:
    """A line may end only after a space or punctuation; a label of eight characters or fewer
    stays whole."""
    text = "".join(label.split())
    out = []
    for before, after, spaced in locator.evaluate(LINE_BREAKS_JS):
        if len(text) <= 8 or not (spaced or before in PUNCTUATION):
            out.append(f"“{label}” broken between “{before}” and “{after}”")
    return out


@MODES
def test_short_chinese_labels_are_not_broken_inside_a_word(phone, site, cat, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    problems = {}
    for name, url in page_types(cat).items():
        phone.goto(site + url)
        lines = []
        for selector in ("a.sk-tag", ".sk-hero h1", ".sk-figure__label", ".sk-card__kind"):
            for el in phone.locator(selector).all():
                if el.is_visible():
                    lines += [f"{selector} {b}" for b in bad_breaks(el, el.inner_text())]
        for span in phone.locator(".sk-ph span").all():
            if not span.is_visible():
                continue
            label = span.inner_text()
            if span.evaluate(LINE_BREAKS_JS):
                lines.append(f".sk-ph “{label}” takes more than one line")
            room = span.evaluate(LABEL_ROOM_JS)
            if room < 4:
                lines.append(f".sk-ph “{label}” is {room:.0f} px from the box edge (needs 4)")
        for value in phone.locator(".sk-figure__value:has(+ .sk-figure__unit)").all():
            both = value.evaluate("v => v.textContent + v.nextElementSibling.textContent")
            spans = value.evaluate(VALUE_UNIT_JS)
            tops = [t for t, _ in spans]
            bottoms = [b for _, b in spans]
            if tops and min(bottoms) <= max(tops):  # a box starts below where another ends
                lines.append(f".sk-figure “{both}”: value and unit on different lines")
        for tile in phone.locator(".sk-counts a").all():
            (_, _, number_right, number_bottom, _), (left, top, _, _, size) = tile.evaluate(TILE_JS)
            if top < number_bottom - 1 and left - number_right < size / 4:  # one line, no gap
                text = " ".join(tile.inner_text().split())
                lines.append(f".sk-counts “{text}”: number and label run together")
        if elder:
            for dl in phone.locator(".sk-facts").all():
                for label, tl, tb, dl_, dt_, dw in dl.evaluate(FACTS_JS):
                    if abs(dl_ - tl) > 1 or dt_ < tb - 1 or dw < 250:
                        lines.append(
                            f".sk-facts “{label}”: value at x {dl_:.0f} (label {tl:.0f}),"
                            f" top {dt_:.0f} (label ends {tb:.0f}), {dw:.0f} px wide"
                        )
        if lines:
            problems[name] = lines
    assert not problems, "labels broken or crowded at 390 px:\n" + report(problems)


PRINTED_HEADINGS_JS = """
() => [...document.querySelectorAll("h1, h2, h3")]
  .filter((h) => h.getBoundingClientRect().height > 0).map((h) => h.innerText)
"""


def squeeze(text: str) -> str:
    """Text as read back from a PDF, comparable with the page's: no spaces, and the Kangxi
    radicals Chromium's fonts map some characters to (⼀ for 一) folded back by NFKC."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def same(pdf_text: str, text: str) -> bool:
    # a CJK radical-supplement form (⻚ for 页) has no NFKC mapping: it matches any character
    return len(pdf_text) == len(text) and all(
        a == b or "\u2e80" <= a <= "\u2eff" for a, b in zip(pdf_text, text, strict=True)
    )


def address_breaks(lines: list[str], address: str) -> list[str]:
    """Where the printed page address goes onto a new line other than after a “/”."""
    for i, line in enumerate(lines):
        at = line.find(address[:12])
        if at < 0:
            continue
        got, out = line[at:], []
        for following in lines[i + 1 :]:
            if got.startswith(address) or not address.startswith(got):
                break
            if not got.endswith("/"):
                out.append(f"page address broken after “{got}”")
            got += following
        return out if got.startswith(address) else [f"page address printed as “{got}”"]
    return [f"page address {address} not printed"]


def test_a_case_prints_on_two_sheets_without_stranded_headings(phone, site, cat):
    """On paper, as pypdf reads the PDF back (printing lays the page out at A4 width, not the
    phone's): at most two sheets, no sheet but the last ends with a heading, the address whole."""
    phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    problems = {}
    for entry in cat.entries("case"):
        url = entry_url(entry)
        phone.goto(site + url)
        phone.emulate_media(media="print")
        headings = [squeeze(h) for h in phone.evaluate(PRINTED_HEADINGS_JS)]
        reader = PdfReader(io.BytesIO(phone.pdf(format="A4")))
        phone.emulate_media(media="screen")
        sheets = [
            [squeeze(t) for t in sheet.extract_text().splitlines() if t.strip()]
            for sheet in reader.pages
        ]
        lines = [f"{len(sheets)} A4 pages"] if len(sheets) > 2 else []
        for number, text in enumerate(sheets[:-1], 1):
            last = text[-1] if text else ""
            if any(
                same(last, h) or (len(last) > 1 and same(last, h[-len(last) :])) for h in headings
            ):
                lines.append(f"page {number} ends with the heading “{last}”")
        lines += address_breaks([t for sheet in sheets for t in sheet], SITE_URL + url)
        if lines:
            problems[url] = lines
    assert not problems, "printed cases (长辈模式 on):\n" + report(problems)


# The first heading with an id that the page can scroll up to the top of the window (one
# further down stops short of the top and proves nothing).
ANCHOR_JS = """
() => {
  const room = document.documentElement.scrollHeight - innerHeight;
  const all = [...document.querySelectorAll(".md-content :is(h2, h3, h4)[id]")];
  const target = all.find((h) => h.getBoundingClientRect().top + scrollY <= room);
  return target ? target.id : null;
}
"""

BELOW_HEADER_JS = """
(id) => {
  const target = document.getElementById(id).getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  return [target.top, header.bottom, getComputedStyle(document.querySelector(".md-header")).position];
}
"""


@MODES
def test_in_page_anchors_land_below_the_header(phone, site, cat, elder):
    if elder:
        phone.add_init_script("localStorage.setItem('sk-elder', '1')")
    problems, tried = {}, 0
    for name, url in page_types(cat).items():
        phone.goto(site + url)
        anchor = phone.evaluate(ANCHOR_JS)
        if not anchor:
            continue
        tried += 1
        phone.goto(f"{site}{url}#{anchor}")
        phone.wait_for_function("() => scrollY > 0")
        top, bottom, position = phone.evaluate(BELOW_HEADER_JS, anchor)
        if top < bottom - 1:  # scroll-margin lands it on the header's edge, to a fraction of a px
            problems[name] = [
                f"#{anchor} scrolled to {top:.0f} px, under the {position} header ending at {bottom:.0f} px"
            ]
    assert tried, "no page has a heading with an id"
    assert not problems, "anchor targets hidden by the header:\n" + report(problems)
