"""Candidate key figures: a number with a unit and the words just before it. Each is only a
suggestion (`note: 自动提取，请核对`); its value and unit are as the text writes them."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .numerals import find_numbers

UNITS = ("万元", "场次", "人", "名", "个", "家", "元", "亩", "场", "期", "次", "所", "册", "份")
NOTE = "自动提取，请核对"
LIMIT = 12
FIGURE = re.compile(
    r"(?P<before>约|近|超过)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<after>余|多)?\s?(?P<unit>" + "|".join(UNITS) + r")"
)
# Words that only lead up to the number: 整合发展到, 共, 达到.
LEAD_OUT = re.compile(
    r"(?:(?:整合|发展|壮大|增加|增长|提高|提升|扩大|累计|总计|共计|共|已|先后|再)*"
    r"(?:到|达到|达|为|有|了|至)?|共计|累计|合计)$"
)
LEAD_IN = re.compile(
    r"^(?:全县|全市|全省|全区|全镇|全国|其中|共有|共|累计|另有|有|并|同时|又|还|已)+"
)
VERBS = re.compile(
    r"^(?:组建|组织|开展|举办|召开|建立|成立|发放|培训|帮助|带动|吸纳|遴选|动员|新增|筹集)$"
)
NOT_AFTER = ("月", "年", "小时", "岁", "周", "天", "倍", "%")


@dataclass
class Candidate:
    label: str
    value: int | float
    unit: str
    approx: str | None
    text: str  # the words as written, e.g. 2113人
    score: float
    pos: int


def _number(raw: str) -> int | float:
    value = float(raw.replace(",", ""))
    return int(value) if value.is_integer() else value


def _label(paragraph: str, start: int, end: int) -> str:
    head = re.split(r"[，。；：、！？,;:（）()“”\"《》\s]", paragraph[:start])[-1]
    head = re.split(r"\d+(?:\.\d+)?\s?[余多]?[^\d]?", head)[-1]  # words after an earlier number
    head = re.sub(r"^(?:的|了|有|共有|之|和|及)+|(?:和|及|与|的)$", "", head)
    head = LEAD_IN.sub("", LEAD_OUT.sub("", head))
    # A quoted name just before counts with its quotes: “五老”队伍.
    before = paragraph[:start]
    m = re.search(r"(“[^”]{1,8}”[^，。；：、（）“”]{0,10})$", before)
    if m:
        head = LEAD_IN.sub("", LEAD_OUT.sub("", m.group(1)))
    head = _phrase(head)
    if len(head) >= 2 and not VERBS.match(head):
        return head
    tail = re.split(r"[，。；：、！？,;:（）()\s]", paragraph[end:])[0]
    tail = re.sub(r"^(?:的|以上|左右)", "", tail)
    tail = _phrase(BREAK.split(tail)[0]) if not VERBS.match(head) else tail
    label = (head + tail) if VERBS.match(head) or len(head) < 2 else head
    return label if 2 <= len(label) <= 12 else ""


# Where a clause turns from its subject or verb to the thing counted: 被授予, 获评, 覆盖.
BREAK = re.compile(
    r"被|获评|获得|授予|参加|参与|开展|举办|帮助|带动|覆盖|惠及|达到|实现|完成|共有|拥有|现有|"
    r"已有|累计|其中|共计|先后|分别|包括|涵盖|受到|给予|作为|成为|是|在|对|向|把|将|给|从|由"
)


def _phrase(words: str) -> str:
    """The noun phrase a count belongs to, whole: the last piece after a verb, without an
    opened quote cut in half (`同志被授予“全国…` has no whole phrase; `“五老”队伍` has)."""
    piece = BREAK.split(words)[-1]
    if piece.count("“") > piece.count("”"):
        piece = piece[piece.rfind("“") + 1 :]
    if len(piece) > 12:  # a long run of verbs and objects: the last object is what is counted
        piece = JOINS.split(piece)[-1]
    return piece.strip('“”"《》 ') if len(piece) <= 12 else ""


JOINS = re.compile(r"和|与|及|的|、|发放|筹集|争取|组织|各类|各种|各项|所有")


def candidates(paragraphs: list[str]) -> list[Candidate]:
    out: list[Candidate] = []
    pos = 0
    for paragraph in paragraphs:
        for m in FIGURE.finditer(paragraph):
            rest = paragraph[m.end() :]
            if rest.startswith(NOT_AFTER) or paragraph[max(0, m.start() - 1) : m.start()] in (
                "第",
                ".",
                "/",
                "-",
            ):
                continue
            raw = m.group("num")
            if len(raw.replace(",", "").split(".")[0]) > 8:
                continue  # a phone or account number, not a figure
            value = _number(raw)
            unit = m.group("unit")
            if unit == "个" and rest.startswith(("月", "小时")):
                continue
            if 1900 <= value <= 2100 and unit in ("年",):
                continue
            label = _label(paragraph, m.start(), m.end())
            if not label or value <= 0:
                continue
            approx = m.group("before") or m.group("after")
            score = math.log10(value + 1) + (1.0 if len(label) >= 3 else 0)
            if value < 3:
                score -= 2
            out.append(Candidate(label, value, unit, approx, m.group(0), score, pos))
            pos += 1
        for found in find_numbers(paragraph):  # 六万份, 二百余名: written in Chinese numerals
            if re.search(r"\d", found.text) or found.unit not in UNITS:
                continue
            label = _label(paragraph, found.start, found.end)
            if not label:
                continue
            score = math.log10(found.value + 1) + (1.0 if len(label) >= 3 else 0)
            out.append(
                Candidate(label, found.value, found.unit, found.approx, found.text, score, pos)
            )
            pos += 1
    return out


def pick(paragraphs: list[str], limit: int = LIMIT) -> list[dict]:
    """The most salient candidates (one per value and unit), in the order of the text."""
    seen: set[tuple] = set()
    unique = []
    for c in sorted(candidates(paragraphs), key=lambda c: -c.score):
        key = (c.value, c.unit)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    chosen = sorted(unique[:limit], key=lambda c: c.pos)
    out = []
    for c in chosen:
        label = c.label[1:-1] if re.fullmatch(r"“[^“”]+”", c.label) else c.label
        figure: dict = {"label": label, "value": c.value}
        if c.approx:
            figure["approx"] = c.approx
        figure["unit"] = c.unit
        figure["note"] = NOTE
        out.append(figure)
    return out
