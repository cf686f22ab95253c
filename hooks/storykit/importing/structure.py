"""The article's parts: its own title, byline (date, source, author, editor), paragraphs and
sections, found from the markup or from the usual ways Chinese reports number headings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .clean import clean_line, furniture, template_code
from .read import Doc

CN_NUM = "一二三四五六七八九十百零〇"
DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?(?!\d)"
)
KEYS = {
    "发布时间": "date",
    "发布日期": "date",
    "发表时间": "date",
    "更新时间": "date",
    "日期": "date",
    "时间": "date",
    "信息来源": "publisher",
    "文章来源": "publisher",
    "来源": "publisher",
    "作者": "author",
    "记者": "author",
    "通讯员": "author",
    "撰稿": "author",
    "文": "author",
    "责任编辑": "editor",
    "编辑": "editor",
    "审核": "",
    "编审": "",
    "校对": "",
    "投稿": "",
    "浏览量": "",
    "浏览次数": "",
    "点击数": "",
    "阅读": "",
}
KEY_RE = re.compile(
    r"(?:^|(?<=[\s(（【\[|｜:：]))("
    + "|".join(sorted(map(re.escape, KEYS), key=len, reverse=True))
    + r")\s*[:：]\s*"
)
H1 = re.compile(rf"^(?:[{CN_NUM}]+\s*[、.．]|第[{CN_NUM}\d]+\s*[章节条部分篇])\s*")
H2 = re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[）)]\s*[、.．]?\s*")
H3 = re.compile(r"^\d{1,2}\s*[.．、]\s*(?!\d)")
STOPS = "。！？；"


@dataclass
class Section:
    title: str
    level: int
    paragraphs: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class Article:
    title: str | None
    title_from_text: bool  # no title of its own: taken from the first sentence
    meta: dict[str, str]
    intro: list[str]
    sections: list[Section]
    paragraphs: list[str]  # every paragraph and heading of the clean text, in order
    glosses: int = 0
    dropped: list[str] = field(default_factory=list)  # furniture lines removed

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def parse_date(text: str) -> str | None:
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        if d:
            return dt.date(y, mo, int(d)).isoformat()
        dt.date(y, mo, 1)
        return f"{y:04d}-{mo:02d}"
    except ValueError:
        return None


def byline(line: str) -> tuple[dict[str, str], bool] | None:
    """Fields of a byline (`2022-02-17 15:13 来源：某网 作者：` …) and whether nothing else is on
    the line; None when the line is not a byline. Empty fields are left out."""
    found: dict[str, str] = {}
    stripped = line.strip().strip("()（）【】[]")
    keys = list(KEY_RE.finditer(stripped))
    starts_dated = DATE.match(stripped) is not None
    if not keys and not starts_dated:
        return None
    if len(stripped) > 120 or (keys and keys[0].start() > 40 and not starts_dated):
        return None
    if any(c in stripped for c in "。！？") and not starts_dated:
        return None
    head = stripped[: keys[0].start()] if keys else stripped
    rest = head
    if starts_dated:
        found["date"] = parse_date(head) or ""
        rest = DATE.sub("", head, count=1)
        rest = re.sub(r"^\s*\d{1,2}:\d{2}(?::\d{2})?", "", rest)
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(stripped)
        value = stripped[m.end() : end].strip(" ：:，,|｜()（）【】[]")
        name = KEYS[m.group(1)]
        if name == "date":
            value = parse_date(value) or ""
        elif name == "author" and m.group(1) == "文" and len(value) > 12:
            return None  # 文：… is a byline only when short
        if name and value and len(value) <= 40 and name not in found:
            found[name] = value
    found = {k: v for k, v in found.items() if v}
    return found, not rest.strip(" |｜·")


def heading(line: str) -> tuple[int, str, str] | None:
    """(level, title, rest of the paragraph) for a numbered heading, else None.
    `一、深入开展调查研究。呼和浩特…` is a heading with its paragraph on the same line."""
    for level, pattern in ((1, H1), (2, H2), (3, H3)):
        m = pattern.match(line)
        if not m:
            continue
        body = line[m.end() :].strip()
        if not body or body[0] in STOPS:
            return None
        if len(body) <= 40 and body[-1] not in STOPS + "：:，,":
            return level, body, ""
        stop = min((body.find(c) for c in STOPS if 0 < body.find(c) <= 40), default=-1)
        if level < 3 and stop > 0:
            return level, body[:stop], body[stop + 1 :].strip()
        return None
    return None


def _title_candidate(line: str) -> bool:
    return 4 <= len(line) <= 60 and line[-1] not in STOPS + "：:，," and not H1.match(line)


def first_sentence(text: str, limit: int) -> str:
    """The first sentence, cut at a comma when longer than `limit`."""
    m = re.search(rf"[{STOPS}]", text)
    sentence = text[: m.end()] if m else text
    if len(sentence) <= limit:
        return sentence
    cut = max(sentence.rfind(c, 0, limit - 1) for c in "，、；：")
    return sentence[:cut] + "……" if cut > 10 else sentence[: limit - 1] + "…"


def analyse(doc: Doc) -> Article:
    meta: dict[str, str] = {}
    glosses = 0
    lines: list[tuple[str, int | None]] = []
    for line in doc.lines:
        text, n = clean_line(template_code(line.text))
        glosses += n
        lines.append((text, line.level))
    for key in ("publisher", "author"):
        if doc.meta.get(key):
            meta[key] = clean_line(doc.meta[key])[0]
    if doc.meta.get("date_text"):
        meta["date"] = parse_date(doc.meta["date_text"]) or ""
    markup_title = clean_line(doc.title)[0] if doc.title else None

    # Bylines anywhere in the first lines or at the end: fields kept, line dropped.
    dropped: list[str] = []
    kept: list[tuple[str, int | None]] = []
    nonblank = [i for i, (t, _) in enumerate(lines) if t]
    edges = set(nonblank[:15]) | set(nonblank[-8:])
    first_byline = None
    for i, (text, level) in enumerate(lines):
        found = byline(text) if i in edges and level is None else None
        if found is not None:
            fields, alone = found
            for k, v in fields.items():
                meta.setdefault(k, v)
            if alone or not fields:
                dropped.append(text)
                if first_byline is None and i in set(nonblank[:15]):
                    first_byline = len(kept)
                continue
        kept.append((text, level))

    # The title: the markup's, else the line just above the byline, else the first line.
    title, start = markup_title, 0
    head = [i for i, (t, lv) in enumerate(kept[:40]) if t][:15]
    if title is None:
        above = [i for i in head if first_byline is not None and i < first_byline]
        pick = next(
            (
                i
                for i in reversed(above)
                if _title_candidate(kept[i][0]) and not furniture(kept[i][0])
            ),
            None,
        )
        if pick is None:
            first = next((i for i in head if not furniture(kept[i][0])), None)
            if first is not None and _title_candidate(kept[first][0]):
                pick = first
        if pick is not None:
            title, start = kept[pick][0], pick + 1
            dropped += [t for t, _ in kept[:pick] if t]
    if title is not None:
        same = title.replace(" ", "")
        kept = [(t, lv) for t, lv in kept[start:] if t.replace(" ", "") != same]
    body: list[tuple[str, int | None]] = []
    for text, level in kept:
        if text and furniture(text):
            dropped.append(text)
        elif text:
            body.append((text, level))
    if doc.meta.get("page_title") and title is None:
        title = re.split(r"\s+[-_|｜—]+\s+|_", clean_line(doc.meta["page_title"])[0])[0] or None

    # A report often ends with its writer's name in brackets: …的“好声音”。（蔡青）
    if body and body[-1][1] is None:
        m = re.search(
            r"[(（]([\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4})*)[)）]$", body[-1][0]
        )
        if m and not re.search(r"[年月日县市省区]", m.group(1)):
            meta.setdefault("author", m.group(1))
            body[-1] = (body[-1][0][: m.start()].rstrip(), None)
    intro, sections, paragraphs = _sections(body)
    from_text = False
    if not title:
        source = next((p for p in intro + paragraphs if len(p) >= 4), "")
        title = first_sentence(source, 60).rstrip("。！？；") if source else None
        from_text = bool(title)
    return Article(title, from_text, meta, intro, sections, paragraphs, glosses, dropped)


def _sections(body: list[tuple[str, int | None]]) -> tuple[list[str], list[Section], list[str]]:
    parsed: list[tuple[int | None, str, str]] = []  # (level, heading title or "", paragraph)
    for text, level in body:
        if level is not None:  # a heading by markup may still carry its number: 一、主要做法
            for pattern in (H1, H2, H3):
                text = pattern.sub("", text, count=1) or text
            parsed.append((level, text, ""))
            continue
        h = heading(text)
        parsed.append((h[0] + 10, h[1], h[2]) if h else (None, "", text))
    if not any(lv is not None for lv, _, _ in parsed):
        parsed = _unnumbered(parsed)
    levels = sorted({lv for lv, _, _ in parsed if lv is not None})
    rank = {lv: i + 1 for i, lv in enumerate(levels)}
    intro: list[str] = []
    top: list[Section] = []
    stack: list[Section] = []
    paragraphs: list[str] = []
    for level, title, text in parsed:
        if level is not None:
            paragraphs.append(title)
            sec = Section(title, rank[level])
            while stack and stack[-1].level >= sec.level:
                stack.pop()
            (stack[-1].children if stack else top).append(sec)
            stack.append(sec)
        if text:
            paragraphs.append(text)
            (stack[-1].paragraphs if stack else intro).append(text)
    return intro, top, paragraphs


def _unnumbered(parsed: list[tuple[int | None, str, str]]) -> list[tuple[int | None, str, str]]:
    """Short lines standing alone before a long paragraph are headings, when an article
    numbers none (`搭建一个载体，创新五项行动`)."""
    out = list(parsed)
    for i, (_, _, text) in enumerate(parsed[:-1]):
        after = parsed[i + 1][2]
        if (
            i > 0
            and 4 <= len(text) <= 25
            and not any(c in text for c in STOPS + "：:")
            and len(after) >= 50
            and not text.startswith("|")
        ):
            out[i] = (20, text, "")
    return out
