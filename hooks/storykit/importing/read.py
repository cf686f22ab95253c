"""Reading each format into one shape: an optional title and metadata from the markup, and
lines of text, each a paragraph or a heading with its level."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
MAX_BYTES = 20 * 1024 * 1024


class Unreadable(Exception):
    """A file that is not an article we can read; the message is Chinese, for the volunteer."""


@dataclass
class Line:
    text: str
    level: int | None = None  # heading level from the markup (Word, HTML, Markdown), else None


@dataclass
class Doc:
    path: Path
    lines: list[Line]
    title: str | None = None  # the article's own title when the markup says which it is
    meta: dict[str, str] = field(default_factory=dict)  # date, publisher, author from markup
    fmt: str = "text"


def decode(raw: bytes) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 (Notepad)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise Unreadable(
        "无法识别文件的编码（不是 UTF-8 或 GBK 文本）；请用记事本“另存为”UTF-8 后再导入"
    )


def read(path: Path) -> Doc:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"文件太大（{size // 1024 // 1024} MB），不像一篇文章")
        if suffix == ".docx":
            return read_docx(path)
        raw = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"无法打开文件（{exc.strerror or exc}）") from None
    if not raw.strip():
        raise Unreadable("文件是空的")
    text = decode(raw)
    if suffix in (".html", ".htm"):
        return read_html(path, text)
    if suffix in (".md", ".markdown"):
        return read_markdown(path, text)
    return Doc(path, [Line(t) for t in text.splitlines()])


MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|\*\*|__|`")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def read_markdown(path: Path, text: str) -> Doc:
    lines, title = [], None
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter is not article text
    for raw in text.splitlines():
        m = MD_HEADING.match(raw)
        plain = MD_LINK.sub(r"\1", MD_MARKUP.sub("", m.group(2) if m else raw))
        plain = re.sub(r"^\s*(?:[-*+]|>)\s+", "", plain)
        if m and len(m.group(1)) == 1 and title is None:
            title = plain.strip()
            continue
        lines.append(Line(plain, len(m.group(1)) - 1 if m else None))
    return Doc(path, lines, title=title, fmt="markdown")


# -- HTML ---------------------------------------------------------------------------------
DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "svg", "nav")
BLOCKS = ("p", "div", "section", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6")


def _text_of(node) -> str:  # type: ignore[no-untyped-def]
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def read_html(path: Path, text: str) -> Doc:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    for tag in soup(DROP_TAGS):
        tag.decompose()
    meta: dict[str, str] = {}
    title = None
    content = soup.select_one("#js_content")
    if content is not None:  # a WeChat article saved from mp.weixin.qq.com
        title = _text_of(soup.select_one("#activity-name")) or None
        account = _text_of(soup.select_one("#js_name"))
        when = _text_of(soup.select_one("#publish_time"))
        if account:
            meta["publisher"] = account
        if when:
            meta["date_text"] = when
        author = soup.select_one("#js_author_name") or soup.select_one(".rich_media_meta_text")
        if _text_of(author):
            meta["author"] = _text_of(author)
        fmt = "wechat"
    else:
        fmt = "html"
        for tag in soup(["header", "footer", "aside"]):
            tag.decompose()
        content = soup.select_one("article") or soup.body or soup
        h1 = content.find("h1") or soup.find("h1")
        if h1 is not None and _text_of(h1):
            title = _text_of(h1)
            h1.decompose()
        else:
            og = soup.find("meta", attrs={"property": "og:title"})
            if og and og.get("content"):
                title = " ".join(str(og["content"]).split())
    lines: list[Line] = []
    for level in range(2, 7):
        for h in content.find_all(f"h{level}"):
            h.replace_with(f"\n\x01{level - 1}\x01{_text_of(h)}\n")
    for tag in content.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    for raw in content.get_text("").splitlines():
        m = re.match(r"\x01(\d)\x01(.*)", raw)
        if m:
            lines.append(Line(m.group(2), int(m.group(1))))
        else:
            lines.append(Line(" ".join(raw.split())))
    if title is None and soup.title and _text_of(soup.title):
        meta["page_title"] = _text_of(soup.title)  # often "title - site name": a hint only
    return Doc(path, lines, title=title, meta=meta, fmt=fmt)


# -- Word ---------------------------------------------------------------------------------
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def read_docx(path: Path) -> Doc:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise Unreadable(f"不是可以打开的 Word（.docx）文件（{exc}）") from None
    except Exception as exc:  # python-docx raises several kinds for damaged packages
        raise Unreadable(f"Word 文件已损坏或不是 .docx 格式（{type(exc).__name__}）") from None
    lines: list[Line] = []
    title = None
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text.strip()
            style = (para.style.name if para.style is not None else "") or ""
            if style.lower() in ("title", "标题") and title is None and text:
                title = text
                continue
            m = HEADING_STYLE.match(style.strip())
            lines.append(Line(text, int(m.group(1)) if m and text else None))
        elif tag == "tbl":
            rows = []
            for row in Table(child, document).rows:
                cells = [" ".join(c.text.split()).replace("|", "｜") for c in row.cells]
                rows.append(cells)
            if rows:
                width = max(len(r) for r in rows)
                rows = [r + [""] * (width - len(r)) for r in rows]
                lines.append(Line(""))
                lines.append(Line("| " + " | ".join(rows[0]) + " |"))
                lines.append(Line("|" + " --- |" * width))
                lines += [Line("| " + " | ".join(r) + " |") for r in rows[1:]]
                lines.append(Line(""))
    props = document.core_properties
    if title is None and props.title:
        title = props.title.strip() or None
    meta = {}
    if props.author and props.author.strip() not in ("python-docx", "Administrator", "User"):
        meta["docx_author"] = props.author.strip()  # often the typist's account: a hint only
    return Doc(path, lines, title=title, meta=meta, fmt="docx")
