"""What a Markdown field loses on its way to the page, said before it is published.

A field is rendered and sanitised exactly as pages do (`html.render`, then `html.md`); every
element, attribute or link in the rendered HTML that the sanitised HTML lacks is something a
reader will not see. Nothing here lists what the sanitiser allows: it is asked."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from storykit.records.problems import show
from storykit.records.richtext import markdown_html, md

EMBED_HINT = "；如需嵌入视频或网页，请改为链接"
HINTS = {  # what to write instead, for markup volunteers paste most often
    "iframe": EMBED_HINT,
    "video": EMBED_HINT,
    "audio": EMBED_HINT,
    "embed": EMBED_HINT,
    "object": EMBED_HINT,
    "img": "；图片请写在 images 里（每张写 src 和 alt）",
}
SCHEME_RE = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)
# HTML's void elements never hold text, whether or not the source closes them
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}  # fmt: skip


@dataclass(frozen=True)
class Removal:
    offset: int  # where in the Markdown source it was written (0 when it cannot be found)
    message: str


@dataclass
class _Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    text: list[str] = field(default_factory=list)


class _Elements(HTMLParser):
    """Every element of an HTML fragment with its attributes and the text inside it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[_Element] = []
        self.open: list[_Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, tuple((k, v or "") for k, v in attrs))
        self.found.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(_Element(tag, tuple((k, v or "") for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text.append(data)


def _plain(html: str) -> str:
    """The text a reader sees in an HTML fragment."""
    out: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = out.append  # type: ignore[method-assign]
    parser.feed(html)
    parser.close()
    return "".join(out)


# What can make the sanitiser drop something: raw HTML or an autolink, an image, a link, a
# first-level heading, a numbered list (also inside a quote or a list item). Text with none of them is not rendered here: this
# check runs on every body at every check, and rendering is most of its cost.
MAY_LOSE = re.compile(r"<|!\[|\]\s*[(\[:]|^[\s>*+-]*(?:#|=+\s*$|\d+[.)])", re.M)


def removals(text: str) -> list[Removal]:
    """Markup in a Markdown field that will not be published, once per kind, in source order."""
    if not text or not MAY_LOSE.search(text):
        return []
    return _removals(text)


def _removals(text: str) -> list[Removal]:
    raw = _Elements(markdown_html(text)).found
    clean_html = str(md(text))
    clean = _Elements(clean_html).found
    kept_text = _plain(clean_html)
    out = _removed_elements(text, raw, clean, kept_text)
    gone = {r.tag for r in raw} - {c.tag for c in clean}
    out += _removed_attributes(text, [r for r in raw if r.tag not in gone], clean)
    return sorted(out, key=lambda r: r.offset)


def _removed_elements(
    text: str, raw: list[_Element], clean: list[_Element], kept_text: str
) -> list[Removal]:
    have = Counter(c.tag for c in clean)
    want = Counter(r.tag for r in raw)
    out = []
    for tag in dict.fromkeys(r.tag for r in raw):
        if want[tag] <= have[tag]:
            continue
        inner = ["".join(r.text).strip() for r in raw if r.tag == tag]
        words_kept = any(inner) and all(t in kept_text for t in inner if t)
        out.append(Removal(_find_tag(text, tag), _element_message(tag, words_kept)))
    return out


def _element_message(tag: str, words_kept: bool) -> str:
    if tag == "h1":
        return "正文里的一级标题不会显示为标题（页面标题已是一级标题）；请改用 ## 开头的二级标题"
    if tag == "img":
        return "正文里的图片不会发布" + HINTS["img"]
    if words_kept:
        return f"正文里的 <{tag}> 标记会被去掉：其中的文字照常发布，但它的样式和排版不保留"
    return f"正文里的 <{tag}> 不会发布（正文只保留文字、链接和简单排版）{HINTS.get(tag, '')}"


def _removed_attributes(text: str, raw: list[_Element], clean: list[_Element]) -> list[Removal]:
    have = Counter((c.tag, k, v) for c in clean for k, v in c.attrs)
    seen: set[tuple[str, ...]] = set()
    out = []
    for element in raw:
        for name, value in element.attrs:
            key = (element.tag, name, value)
            if have[key] > 0:
                have[key] -= 1
                continue
            removal = _attribute_removal(text, element.tag, name, value, seen)
            if removal:
                out.append(removal)
    return out


def _attribute_removal(
    text: str, tag: str, name: str, value: str, seen: set[tuple[str, ...]]
) -> Removal | None:
    """One message per kind of loss: per event name, per link scheme, per tag and attribute."""
    scheme = SCHEME_RE.match(re.sub(r"[\t\n\r]", "", value))
    if name.startswith("on"):
        key: tuple[str, ...] = ("on", name)
        message = f"正文里 <{tag}> 的 {name}（运行脚本的事件属性）不会发布；网页不运行正文里的脚本"
        where = _find(text, rf"\b{re.escape(name)}\s*=")
    elif name in ("href", "src") and scheme:
        key = ("scheme", scheme.group(1).lower())
        message = (
            f"正文里的链接 {show(value)} 不会发布（只保留 http://、https:// 开头的网址和站内链接）；"
            "链接文字照常显示"
        )
        bare = value[scheme.end() :]
        where = _find(text, re.escape(value), re.escape(scheme.group(0).strip()), re.escape(bare))
    elif tag == "ol" and name == "start":
        key = ("ol", "start")
        message = (
            f"正文里的编号列表从 {value} 开始，网页上会从 1 重新编号；如编号要紧，请把它写进文字里"
        )
        where = _find(text, rf"^[ \t]*{re.escape(value)}[.)][ \t]")
    else:
        key = ("attr", tag, name)
        message = f"正文里 <{tag}> 的 {name} 属性不会发布（样式和排版不保留）"
        where = _find(text, rf"\b{re.escape(name)}\s*=")
    if key in seen:
        return None
    seen.add(key)
    return Removal(where, message)


def _find_tag(text: str, tag: str) -> int:
    if tag == "img":
        return _find(text, r"<\s*img\b", r"!\[")
    if tag == "h1":
        return _find(text, r"<\s*h1\b", r"^ {0,3}#(?!#)", r"^[^\n]+(?=\n=+[ \t]*$)")
    return _find(text, rf"<\s*{re.escape(tag)}\b")


def _find(text: str, *patterns: str) -> int:
    """The offset of the first pattern that occurs in the source (0 when none does)."""
    for pattern in patterns:
        m = re.search(pattern, text, re.I | re.M) if pattern else None
        if m:
            return m.start()
    return 0
