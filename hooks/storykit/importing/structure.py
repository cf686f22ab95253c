"""The article's parts: its own title, byline (date, source, author, editor), paragraphs and
sections, found from the markup or from the usual ways Chinese reports number headings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .clean import clean_line, furniture, is_traditional, table_row, template_code
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
    # `某某网 http://… 2023年02月08日 来源：…`: a site, its address and a date before the keys
    dated_head = bool(keys) and DATED_LINE.match(stripped[: keys[0].start()].strip()) is not None
    if len(stripped) > 120 or (
        keys and keys[0].start() > 40 and not starts_dated and not dated_head
    ):
        return None
    if any(c in stripped for c in "。！？") and not starts_dated:
        return None
    head = stripped[: keys[0].start()] if keys else stripped
    rest = head
    if dated_head and not starts_dated:
        found["date"] = parse_date(DATED_LINE.match(head.strip()).group("date")) or ""
        rest = ""
    if starts_dated:
        found["date"] = parse_date(head) or ""
        rest = DATE.sub("", head, count=1)
        rest = re.sub(r"^\s*\d{1,2}:\d{2}(?::\d{2})?", "", rest)
        # `2018-10-29  某某文明网`: the date and the site that published it
        if not keys and re.fullmatch(r"\s*[\u4e00-\u9fff]{2,16}(?:网|报|台|刊|站|社)\s*", rest):
            found["publisher"] = rest.strip()
            rest = ""
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


def _prose(line: str) -> bool:
    """A paragraph of running text, as opposed to a title, a byline or a label."""
    return len(line) >= 60 or (len(line) >= 25 and any(c in line for c in "。！？"))


# A line that is a site's name and a date (`某某网 www.x.cn 2019年07月16日`), or a date alone.
DATED_LINE = re.compile(
    r"^(?P<before>[^。！？，,]{0,40}?)\s*(?P<date>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
    r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


def _dateline(line: str) -> tuple[dict[str, str], bool] | None:
    m = DATED_LINE.match(line.strip())
    if not m:
        return None
    date = parse_date(m.group("date"))
    return ({"date": date} if date else {}), True


def _title_candidate(line: str) -> bool:
    return (
        4 <= len(line) <= 60
        and len(re.findall(r"[\u4e00-\u9fff]", line)) >= 2
        and line[-1] not in STOPS + "：:，,"
        and not H1.match(line)
    )


# What opens a news report before its first sentence: 新华社北京9月15日电, 东北网12月21日讯,
# 本报讯（记者 某某）, 校刊讯.
DATELINE = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{0,12}?(?:\d{1,2}月\d{1,2}日)?(?:电|讯)|本报讯|本刊讯|本网讯)"
    r"\s*(?:[(（][^）)]{0,20}[)）])?\s*"
)


def lead(paragraphs: list[str]) -> str | None:
    """The first paragraph of content: not a subtitle, a salutation, a label or a dateline;
    its dateline, if any, taken off."""
    for p in paragraphs:
        text = DATELINE.sub("", p, count=1).strip()
        if len(text) < 30 or text.startswith(("——", "—", "-")) or text[-1] in "：:":
            continue
        if re.match(r"^[^，。：:]{1,10}[：:]", text) and "。" not in text:
            continue  # an infobox row: 座标：29°33′N …
        return text
    return None


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
    traditional = is_traditional("".join(line.text for line in doc.lines) + (doc.title or ""))
    for line in doc.lines:
        raw = table_row(line.text) if doc.fmt == "text" else line.text  # markup keeps tables
        for piece, level in _split_fused(raw, line.level):
            text, n = clean_line(template_code(piece), traditional)
            glosses += n
            lines.append((text, level))
    for key in ("publisher", "author"):
        if doc.meta.get(key):
            meta[key] = clean_line(doc.meta[key], traditional)[0]
    if doc.meta.get("date_text"):
        meta["date"] = parse_date(doc.meta["date_text"]) or ""
    markup_title = clean_line(doc.title, traditional)[0] if doc.title else None

    # Bylines in the head (before the first paragraph of prose) or at the end: fields kept,
    # line dropped. A signature at the foot (unit, then a date alone) gives the date when the
    # head has none.
    dropped: list[str] = []
    kept: list[tuple[str, int | None]] = []
    nonblank = [i for i, (t, _) in enumerate(lines) if t]
    prose = next((i for i in nonblank if _prose(lines[i][0])), len(lines))
    head_lines = {i for i in nonblank[:15] if i <= prose}
    foot_lines = set(nonblank[-8:]) - head_lines
    first_byline = None
    foot: dict[str, str] = {}
    for i, (text, level) in enumerate(lines):
        found = byline(text) if i in head_lines | foot_lines and level is None else None
        if found is None and i in head_lines and level is None:
            found = _dateline(text)
        if found is not None:
            fields, alone = found
            for k, v in fields.items():
                (meta if i in head_lines else foot).setdefault(k, v)
            if alone or not fields:
                dropped.append(text)
                if first_byline is None and i in head_lines:
                    first_byline = len(kept)
                continue
        kept.append((text, level))
    for k, v in foot.items():
        meta.setdefault(k, v)

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
        source = lead(intro + paragraphs) or next(
            (p for p in intro + paragraphs if len(p) >= 4), ""
        )
        title = first_sentence(source, 60).rstrip("。！？；") if source else None
        from_text = bool(title)
    return Article(title, from_text, meta, intro, sections, paragraphs, glosses, dropped)


FUSED = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]\s*)?([^。！？，,：:\s]{6,40}?)\s+")


BRACKETED = re.compile(r"^\s*【([^】]{1,12})】\s*(?=\S)")


def _split_fused(text: str, level: int | None) -> list[tuple[str, int | None]]:
    """A page saved without line breaks starts with its title run into the first paragraph
    (`《某某发展史》出版发行 某会主编的…`): the short run before the first space, when what
    follows is long and the run has no sentence punctuation, is a line of its own."""
    m = BRACKETED.match(text)
    if level is None and m:  # 【概 况】 2021年，…: a yearbook's heading run into its entry
        return [(m.group(1).replace(" ", ""), 2), *_split_fused(text[m.end() :], None)]
    if level is not None or len(text) < 120:
        return [(text, level)]
    m = FUSED.match(text)
    if not m or re.search(r"\d{4}\s*年|^\d|\d日(?:电|讯)$|(?:电|讯)$", m.group(1)):
        return [(text, level)]
    return [(m.group(1), None), (text[m.end() :], None)]


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
