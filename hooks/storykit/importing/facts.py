"""Facts of each kind read from an article's text: a red site's protection, batch, list number,
eras, kind, address and coordinates; a publication's kind, issue, editors, publisher, series,
the years it covers and its ISBN or ISSN; an organisation's short name, type, level, founding
year and parent; a person's birth year, category and role; an article's author and editor.

Each function takes text (simplified characters, cleaned or raw: half-width `,` `:` `(` `)` and
flattened wiki tables work) and returns a dict with the models' field names and allowed values.
Only what the text says is returned: a fact it does not give is absent, never guessed (an age
is not turned into a birth year).
"""

from __future__ import annotations

import re

from storykit.records.models import ERAS

from .names import POSTS, is_name, is_org, split_post, unit_level
from .numerals import chinese_int

CN = "一二三四五六七八九十"
YEAR = re.compile(r"((?:1[6-9]|20)\d{2})\s*年")
# Labels of infobox rows worth reading when the label stands alone on its line (百科 style).
KNOWN_LABELS = frozenset(
    re.split(
        r"\s+",
        "地址 详细地址 所在地 地点 坐标 时代 时期 年代 编号 序号 名单序号 认定时间 "
        "公布时间 公布日期 批准时间 公布年份 保护级别 类型 分类 中文名 简称 成立时间 "
        "成立日期 创建时间 上级组织 上级单位 主管单位 业务主管单位 挂靠单位 主编 副主编 "
        "编者 出版社 出版者 出版单位 出版时间 出版日期 丛书名 ISBN ISSN",
    )
)
COLON_ROW = re.compile(r"^([^:：]{1,10})[:：]\s*(.*)$")
FOOTNOTE = re.compile(r"\[(?:注\s*)?\d+(?:[-–,]\d+)*\]")


def fields(text: str) -> dict[str, str]:
    """Label → value of the text's infobox rows: `地址 | 某市某区 |`, `编号：7-1234`, or a
    known label alone on its line with the value on the next (`简 称` then `某某会`). Spaces
    inside labels are dropped; the first value of a label wins; empty values are left out."""
    lines = [FOOTNOTE.sub("", line).strip() for line in text.splitlines()]
    out: dict[str, str] = {}
    for i, line in enumerate(lines):
        label, value = _row(line)
        if label and value is None and label in KNOWN_LABELS and i + 1 < len(lines):
            value = _cells(lines[i + 1])[0] if _cells(lines[i + 1]) else None
            if value and (_row(lines[i + 1])[0] in KNOWN_LABELS or COLON_ROW.match(value)):
                value = None  # the next line is the next label: this one is empty
        if label and value:
            out.setdefault(label, value)
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|") if c.strip() and c.strip() != "---"]


def _row(line: str) -> tuple[str | None, str | None]:
    """(label, value) of one line; value None when the label stands alone."""
    if "|" in line:
        cells = _cells(line)
        if not cells:
            return None, None
        label = re.sub(r"\s+", "", cells[0])
        return (label, cells[1] if len(cells) > 1 else None) if len(label) <= 10 else (None, None)
    m = COLON_ROW.match(line)
    if m:
        return re.sub(r"\s+", "", m.group(1)), (m.group(2).strip() or None)
    label = re.sub(r"\s+", "", line)
    return (label, None) if label in KNOWN_LABELS else (None, None)


def _field(found: dict[str, str], *labels: str) -> str | None:
    return next((found[label] for label in labels if found.get(label)), None)


def _year(text: str | None) -> int | None:
    m = YEAR.search(text or "") or re.match(r"^\s*((?:1[6-9]|20)\d{2})(?:\D|$)", text or "")
    return int(m.group(1)) if m else None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。！？!?；;\n]", text) if s.strip()]


# -- red sites ------------------------------------------------------------------------------
PROTECTION_WORDS = {
    "全国重点": "全国重点文物保护单位",
    "国家级重点": "全国重点文物保护单位",
    "国家重点": "全国重点文物保护单位",
    "国家级": "全国重点文物保护单位",
    "省级重点": "省级",
    "省级": "省级",
    "省重点": "省级",
    "自治区级": "省级",
    "省": "省级",
    "自治区": "省级",
    "市级重点": "市级",
    "市级": "市级",
    "市重点": "市级",
    "州级": "市级",
    "市": "市级",
    "县级重点": "县级",
    "县级": "县级",
    "县重点": "县级",
    "区级": "县级",
    "县": "县级",
    "区": "县级",
}
RANK = ("全国重点文物保护单位", "省级", "市级", "县级", "未定级")
PROTECTED = re.compile(
    rf"(?P<batch>第[{CN}\d]{{1,3}}批)?\s*(?:第\s*[{CN}\d]{{1,4}}\s*[项号])?\s*(?P<level>"
    + "|".join(sorted(PROTECTION_WORDS, key=len, reverse=True))
    + r")\s*(?:文物保护单位|文保单位)"
)
PROTECTION_LEVEL = re.compile(r"保护级别\s*(?:为|是|[:：|])?\s*(国家级|省级|市级|县级)")
UNGRADED = re.compile(r"未定级|尚未(?:核定)?公布为文物保护单位")
SITE_KINDS = (
    ("旧址群", "旧址"),
    ("旧址", "旧址"),
    ("旧居", "旧址"),
    ("故居", "旧址"),
    ("遗址", "遗址"),
    ("纪念馆", "纪念馆"),
    ("陈列馆", "纪念馆"),
    ("纪念碑", "纪念碑"),
    ("纪念塔", "纪念碑"),
    ("烈士陵园", "烈士陵园"),
    ("教育基地", "教育基地"),
)
# Named eras as reports write them: the era's own name, or words only that era uses.
ERA_WORDS = (
    ("土地革命战争时期", re.compile(r"土地革命|第二次国内革命战争")),
    ("抗日战争时期", re.compile(r"抗日战争(?:时期|期间|中)|抗战(?:时期|期间)|抗日根据地")),
    ("解放战争时期", re.compile(r"解放战争(?:时期|期间|中)|第三次国内革命战争")),
    ("社会主义革命和建设时期", re.compile(r"社会主义革命和建设时期")),
    ("改革开放新时期", re.compile(r"改革开放新时期")),
)
SPAN_TEXT = re.compile(r"^\s*(\d{4})\s*年?\s*(?:[-—–~～至到]\s*(\d{4})\s*年?)?")
# 1932年底，某部医院设此: the year something was set up at the site.
SET_HERE = re.compile(
    r"(\d{4})\s*年(?:[^。；\d]{0,10}?[至到—–-]\s*(\d{4})\s*年)?[^。；]{0,30}?"
    r"(?:设此|设于此|设在此|驻此|驻扎于此|在此成立|在此召开)"
)
LIST_NUMBER = re.compile(r"^\s*(\d{1,2}\s*-\s*\d{1,5})\b")
ITEM_NUMBER = re.compile(rf"第[{CN}\d]{{1,3}}批\s*(第\s*[{CN}\d]{{1,4}}\s*[项号])")
PLACE_TAIL = re.compile(r"[省市县区镇乡村街路巷号湾冲屯庄寨组里坪沟岭山坝]$")
DECIMAL = re.compile(
    r"(\d{1,2}(?:\.\d+))\s*°?\s*([NS])[\s,，/、]*(\d{1,3}(?:\.\d+))\s*°?\s*([EW])"
    r"|(北纬|南纬)\s*(\d{1,2}\.\d+)\s*°?[\s,，、]*(东经|西经)\s*(\d{1,3}\.\d+)\s*°?"
)
DMS_PART = r"(\d{1,3})\s*°\s*(\d{1,2})\s*[′']\s*(?:(\d{1,2}(?:\.\d+)?)\s*[″\"])?"
DMS = re.compile(
    rf"{DMS_PART}\s*([NS])[\s,，/、]*{DMS_PART}\s*([EW])"
    rf"|(北纬|南纬)\s*{DMS_PART}[\s,，、]*(东经|西经)\s*{DMS_PART}"
)
CRS_WORDS = (("WGS84", r"WGS\s*-?\s*84"), ("GCJ02", r"GCJ\s*-?\s*02|高德|腾讯地图"))
CRS_WORDS += (("BD09", r"BD\s*-?\s*09|百度地图|百度坐标"),)


def site_facts(name: str, text: str) -> dict:
    """A red site's `protection`, `batch`, `announced` (year), `list_number`, `eras`,
    `site_kind`, `address` and `location` ({lat, lng}, with `crs` only when the text names
    the coordinate system) as the text gives them."""
    found = fields(text)
    facts: dict = _protection(text, found)
    number = _list_number(text, found)
    if number:
        facts["list_number"] = number
    eras = _eras(text, found)
    if eras:
        facts["eras"] = eras
    kind = site_kind(name)
    if kind:
        facts["site_kind"] = kind
    address = _address(text, found)
    if address:
        facts["address"] = address
    location = read_location(text)
    if location:
        facts["location"] = location
    return facts


def _protection(text: str, found: dict[str, str]) -> dict:
    """The highest protection the text names, with the batch and year of that listing."""
    candidates = [
        (RANK.index(PROTECTION_WORDS[m.group("level")]), not m.group("batch"), m)
        for m in PROTECTED.finditer(text)
    ]
    candidates += [
        (RANK.index(PROTECTION_WORDS[m.group(1)]), True, m) for m in PROTECTION_LEVEL.finditer(text)
    ]
    if not candidates:
        return {"protection": "未定级"} if UNGRADED.search(text) else {}
    rank, _, best = min(candidates, key=lambda c: c[:2])  # the first of the highest, batch first
    facts: dict = {"protection": RANK[rank]}
    if best.re is PROTECTED and best.group("batch"):
        facts["batch"] = best.group("batch")
    year = _year(_field(found, "认定时间", "公布时间", "公布日期", "批准时间", "公布年份"))
    year = year or _listing_year(text, best)
    if year:
        facts["announced"] = year
    return facts


def _listing_year(text: str, m: re.Match[str]) -> int | None:
    """The year in the sentence of a listing: `2013年…列为第七批…`, `…单位，1996年公布`."""
    start = max(text.rfind(c, 0, m.start()) for c in "。；;\n") + 1
    before = text[start : m.start()].rsplit("保护单位", 1)[-1]  # not an earlier listing's year
    years = list(YEAR.finditer(before))
    if years:
        return int(years[-1].group(1))
    after = re.match(
        r"^[^。；;\n]{0,12}?((?:19|20)\d{2})\s*年[^。；;\n]{0,12}?公布", text[m.end() :]
    )
    return int(after.group(1)) if after else None


def _list_number(text: str, found: dict[str, str]) -> str | None:
    """`7-1883` from the 编号 row, or `第20项` of `第一批第20项`."""
    value = _field(found, "编号", "序号", "名单序号")
    m = LIST_NUMBER.match(value or "")
    if m:
        return re.sub(r"\s+", "", m.group(1))
    item = ITEM_NUMBER.search(text)
    return re.sub(r"\s+", "", item.group(1)) if item else None


def _eras(text: str, found: dict[str, str]) -> list[str]:
    """The 时代 row (an era's name or years), else the named eras of the text, else the
    years the text says something was set up at the site."""
    row = _field(found, "时代", "时期", "年代")
    if row:
        if row.strip() in ERAS:
            return [row.strip()]
        span = SPAN_TEXT.match(row)
        if span:
            return [_span_text(span.group(1), span.group(2))]
    named = [era for era, pattern in ERA_WORDS if pattern.search(text)]
    if named:
        return named
    m = SET_HERE.search(text)
    return [_span_text(m.group(1), m.group(2))] if m else []


def _span_text(first: str, last: str | None) -> str:
    return f"{first}-{last}年" if last and last != first else f"{first}年"


def site_kind(name: str) -> str | None:
    """The models' site kind from how the name ends: 某某旧址群 → 旧址, 某某陈列馆 → 纪念馆."""
    core = re.sub(r"[（(][^()（）]*[)）]\s*$", "", name.strip()).strip()
    return next((kind for ending, kind in SITE_KINDS if core.endswith(ending)), None)


def _address(text: str, found: dict[str, str]) -> str | None:
    """The 地址 row, else what follows the first 位于 up to the end of its clause (and the next
    clause when it only continues the place: 位于某县南部，某镇某村)."""
    row = _field(found, "地址", "详细地址", "所在地址", "所在地")
    if row:
        return row
    inline = re.search(r"(?:地址|地点)\s*[：:]\s*([^，,。；;\n]{2,40})", text)
    if inline:
        return inline.group(1).strip()
    m = re.search(r"位于\s*([^，,。；;\n]{2,40})(?:[，,]([^，,。；;：:\n]{2,15}))?", text)
    if not m:
        return None
    place = m.group(1).strip()
    more = (m.group(2) or "").strip()
    if more and PLACE_TAIL.search(more) and not re.search(r"\d{4}|是|为|有|建", more):
        place = f"{place}，{more}"
    return place


def read_location(text: str) -> dict | None:
    """{lat, lng} from decimal degrees (`29.55°N 106.53°E`, `北纬29.55 东经106.53`) or, when
    none are given, degrees, minutes and seconds; `crs` only when the text names it."""
    point = _decimal(text) or _dms(text)
    if not point:
        return None
    lat, lng = point
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    out: dict = {"lat": lat, "lng": lng}
    crs = next((c for c, pattern in CRS_WORDS if re.search(pattern, text)), None)
    if crs:
        out["crs"] = crs
    return out


def _decimal(text: str) -> tuple[float, float] | None:
    m = DECIMAL.search(text)
    if not m:
        return None
    if m.group(1):
        lat, ns, lng, ew = float(m.group(1)), m.group(2), float(m.group(3)), m.group(4)
    else:
        ns, lat, ew, lng = m.group(5), float(m.group(6)), m.group(7), float(m.group(8))
    return _signed(lat, ns in ("S", "南纬")), _signed(lng, ew in ("W", "西经"))


def _dms(text: str) -> tuple[float, float] | None:
    m = DMS.search(text)
    if not m:
        return None
    g = m.groups()
    if g[0]:
        lat, ns, lng, ew = _deg(*g[0:3]), g[3], _deg(*g[4:7]), g[7]
    else:
        ns, lat, ew, lng = g[8], _deg(*g[9:12]), g[12], _deg(*g[13:16])
    return _signed(lat, ns in ("S", "南纬")), _signed(lng, ew in ("W", "西经"))


def _deg(d: str, m: str, s: str | None) -> float:
    return round(int(d) + int(m) / 60 + float(s or 0) / 3600, 6)


def _signed(value: float, negative: bool) -> float:
    return -value if negative else value


# -- publications ---------------------------------------------------------------------------
TITLE_KINDS = (
    ("调研报告", re.compile(r"调研报告|调查报告")),
    ("画册", re.compile(r"画册|图册|影集")),
    ("音像", re.compile(r"音像|光盘|DVD|纪录片|专题片")),
    ("丛书", re.compile(r"丛书》?$")),
    ("报纸", re.compile(r"(?:日报|晚报|周报|报纸|[^情简汇]报)》?$")),
    ("期刊", re.compile(r"杂志|期刊|月刊|季刊|第\s*\d+\s*期")),
)
TEXT_KINDS = (
    ("内部资料", re.compile(r"内部资料|内部发行|内部交流|准印证")),
    (
        "期刊",
        re.compile(r"杂志|期刊|月刊|季刊|刊物|刊名|办刊|(?:19|20)\d{2}\s*年\s*第\s*\d+\s*期|总第"),
    ),
    ("图书", re.compile(r"出版社|一书|ISBN|书号|全书|万字")),
    ("画册", re.compile(r"画册|图册|影集")),
    ("音像", re.compile(r"音像制品|光盘|DVD")),
)
ISSUE = re.compile(
    rf"(?:(?P<year>(?:19|20)\d{{2}})\s*年\s*)?(?<!总)第\s*(?P<n>\d{{1,3}}|[{CN}]{{1,3}})\s*期"
    r"(?!培训|学习|研修|班|工程|项目)"
)
ISSUE_TOTAL = re.compile(rf"总第\s*(\d{{1,5}}|[{CN}百千]+)\s*期")
ISBN = re.compile(r"ISBN\s*[:：]?\s*((?:97[89][-\s]?)?\d[\d\-\s]{7,14}[\dXx])")
ISSN = re.compile(r"ISSN\s*[:：]?\s*(\d{4}\s*-\s*\d{3}[\dXx])")
CHIEF = re.compile(
    r"(?P<who>[^\s，,。；;：:、“”《》()（）]{2,30}?)(?<!副)(?<!执行)(?:主编的|任主编|担任主编)"
)
PRESS = re.compile(
    r"(?:(?P<before>(?:19|20)\d{2})\s*年(?:\d{1,2}\s*月)?\s*由\s*)?"
    r"(?P<press>[\u4e00-\u9fff]{2,24}?出版社(?:[和与及、][\u4e00-\u9fff]{2,24}?出版社)?)"
    r"\s*(?:于?\s*(?P<year>(?:19|20)\d{2})\s*年(?:\d{1,2}\s*月)?)?\s*(?:联合|正式)?出版"
)
CHIEF_LABEL = re.compile(r"(?<!副)(?<!执行)主\s*编\s*[:：]\s*([^，,。；;\n]+)")
EDITORS_LABEL = re.compile(r"(?:副主编|执行主编|编\s*委|编\s*者)\s*[:：]\s*([^，,。；;\n]+)")
SERIES = re.compile(r"《([^《》]{2,40})》\s*丛书|[《“]([^《》“”]{2,40}丛书)[》”]")
COVERS_TITLE = re.compile(r"[（(]\s*(\d{4})\s*[-—–~～至]+\s*(\d{4})\s*[)）]")
COVERS_TEXT = (
    re.compile(
        r"记述(?:时限|年限|时间|范围)?[^。；\d]{0,10}?(\d{4})\s*年?\s*[-—–~～至到]+\s*(\d{4})"
    ),
    re.compile(r"上限[^。；\d]{0,8}?(\d{4})\s*年[^。]{0,30}?下限[^。；\d]{0,8}?(\d{4})\s*年"),
)
PUBLISHED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:\d{1,2}\s*月)?[^。；]{0,20}?出版社出版")
SPLIT_NAMES = re.compile(r"[、，,；;\s]+")


def publication_facts(title: str, text: str) -> dict:
    """A publication's `pub_kind`, `issue_no`, `issue_total`, `year`, `chief_editor`,
    `editors`, `publisher`, `series`, `covers` ({from, to}), `isbn` and `issn`."""
    found = fields(text)
    facts: dict = {}
    kind = publication_kind(title, text)
    if kind:
        facts["pub_kind"] = kind
    facts |= _issue(f"{title}\n{text}", kind)
    for key, value in (
        ("chief_editor", _chief_editor(text, found)),
        ("editors", _editors(text, found)),
        ("publisher", _publisher(text, found)),
        ("series", _series(text, found)),
        ("covers", _covers(title, text)),
        ("volumes", _volumes(text)),
        ("isbn", _code(ISBN, text)),
        ("issn", _code(ISSN, text)),
    ):
        if value:
            facts[key] = value
    if "year" not in facts:
        year = _year(_field(found, "出版时间", "出版日期", "出版年份"))
        m = PUBLISHED_YEAR.search(text)
        press = PRESS.search(text)
        year = year or (int(m.group(1)) if m else None)
        said = press and (press.group("year") or press.group("before"))
        year = year or (int(said) if said else None)
        if year:
            facts["year"] = year
    return facts


def publication_kind(title: str, text: str) -> str | None:
    """The models' publication kind: from the title's own words first, then the kind whose
    words come first in the text."""
    for kind, pattern in TITLE_KINDS:
        if pattern.search(title or ""):
            return kind
    hits = [(m.start(), kind) for kind, p in TEXT_KINDS if (m := p.search(text))]
    return min(hits)[1] if hits else None


def _issue(text: str, kind: str | None) -> dict:
    """issue_no (and year) of `2020年第5期`; a bare `第5期` counts only for a periodical."""
    out: dict = {}
    for m in ISSUE.finditer(text):
        if m.group("year") or kind == "期刊":
            n = _int(m.group("n"))
            if n:
                out["issue_no"] = n
                if m.group("year"):
                    out["year"] = int(m.group("year"))
                break
    total = ISSUE_TOTAL.search(text)
    if total and _int(total.group(1)):
        out["issue_total"] = _int(total.group(1))
    return out


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_int(text)


def _names(value: str | None) -> list[str]:
    # a row run on into the next label (`郝某 朱某 责任编辑:赵某 定价:…`) ends at that label
    value = re.split(r"\s*[\u4e00-\u9fff]{2,4}\s*[:：]", value or "")[0]
    return [n for n in SPLIT_NAMES.split(value) if n and not re.search(r"[\d:：()（）]", n)]


VOLUMES = re.compile(
    r"(?:共|全书?|分(?:为)?|计)\s*([一二两三四五六七八九十\d]{1,3})\s*(?:卷|册|辑)"
)
TWO_PARTS = re.compile(r"分?上\s*[、,，]?\s*下(?:两)?\s*[卷册]")


def _volumes(text: str) -> int | None:
    """How many volumes: 共5卷, 全书三册, 分上、下两卷."""
    m = VOLUMES.search(text)
    if m:
        return _int(m.group(1).replace("两", "二"))
    return 2 if TWO_PARTS.search(text) else None


def _chief_editor(text: str, found: dict[str, str]) -> list[str]:
    row = _field(found, "主编")
    if row:
        return _names(row)
    label = CHIEF_LABEL.search(text)
    if label:
        return _names(label.group(1))
    m = CHIEF.search(text)
    return [m.group("who").split("由")[-1]] if m and m.group("who").split("由")[-1] else []


def _editors(text: str, found: dict[str, str]) -> list[str]:
    row = _field(found, "副主编", "编者", "编委", "执行主编")
    if row:
        return _names(row)
    return [n for m in EDITORS_LABEL.finditer(text) for n in _names(m.group(1))]


def _publisher(text: str, found: dict[str, str]) -> str | None:
    row = _field(found, "出版社", "出版者", "出版单位")
    if row:
        return row
    m = PRESS.search(text)
    return re.split(r"由|经|在|月|日", m.group("press"))[-1] if m else None


def _series(text: str, found: dict[str, str]) -> str | None:
    row = _field(found, "丛书名")
    if row:
        return row.strip("《》")
    m = SERIES.search(text)
    return (m.group(1) or m.group(2)) if m else None


def _covers(title: str, text: str) -> dict | None:
    """The years a history covers: `《某县志（1949—2019）》` or 记述…1949年至2019年."""
    for m in (COVERS_TITLE.search(title or ""), *(p.search(text) for p in COVERS_TEXT)):
        if m and int(m.group(1)) <= int(m.group(2)):
            return {"from": int(m.group(1)), "to": int(m.group(2))}
    return None


def _code(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return re.sub(r"\s+", "", m.group(1)) if m else None


# -- organisations --------------------------------------------------------------------------
ORG_TYPE_WORDS = (
    ("关工委", re.compile(r"关心下一代工作委员会|关工委|关心下一代工作领导小组")),
    ("老促会", re.compile(r"老区建设促进会|老促会")),
    ("老干部局", re.compile(r"老干部局|老干局")),
    ("老科协", re.compile(r"老科学技术工作者协会|老科技工作者协会|老科协")),
    ("老年大学", re.compile(r"老年大学")),
)
SHORT = re.compile(r"简称\s*(?:为|是|[:：])?\s*[“\"「]?([^”\"」，,。、；;（）()\[\]\s]{2,16})")
FOUNDED = re.compile(
    r"(?:成立|创建|组建|创办)于\s*((?:19|20)\d{2})\s*年"
    r"|((?:19|20)\d{2})\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?(?:正式)?(?:成立|创建|组建)(?!\d|周年)"
)
OTHER_ORG = re.compile(r"关工委|委员会|促进会|老促会|协会|老干部局")


def org_facts(name: str, text: str) -> dict:
    """An organisation's `short`, `org_type`, `level`, `founded` (year) and `parent_name`
    (the parent organisation's name as written, for the importer to match to a record id)."""
    found = fields(text)
    facts: dict = {}
    short = _short(text, found)
    if short:
        facts["short"] = short
    kind = org_type(name)
    if kind:
        facts["org_type"] = kind
    level = unit_level(name)
    if level:
        facts["level"] = level
    founded = _year(_field(found, "成立时间", "成立日期", "创建时间")) or _founded(
        name, short, text
    )
    if founded:
        facts["founded"] = founded
    parent = _field(found, "上级组织", "上级单位", "主管单位", "业务主管单位", "挂靠单位")
    if parent and _names(parent):
        facts["parent_name"] = _names(parent)[0]
    return facts


def org_type(name: str) -> str | None:
    """The models' org type from the name: 某某关心下一代工作委员会 → 关工委."""
    return next((kind for kind, pattern in ORG_TYPE_WORDS if pattern.search(name)), None)


def _short(text: str, found: dict[str, str]) -> str | None:
    m = SHORT.search(text)
    if m:
        return m.group(1)
    return _field(found, "简称")


def _founded(name: str, short: str | None, text: str) -> int | None:
    """The founding year in a sentence about this organisation: one that names it, or one
    that names no other organisation."""
    fallback = None
    for sentence in _sentences(text):
        m = FOUNDED.search(sentence)
        if not m:
            continue
        year = int(m.group(1) or m.group(2))
        before = sentence[: m.start()]
        if name in before or (short and short in before):
            return year
        if fallback is None and not OTHER_ORG.search(before.replace(name, "")):
            fallback = year
    return fallback


# -- people ---------------------------------------------------------------------------------
BORN_AFTER = re.compile(
    r"^[^。；;]{0,12}?(?:(?:出生于|生于)\s*((?:18|19|20)\d{2})\s*年"
    r"|于?\s*((?:18|19|20)\d{2})\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?\s*(?:出生|生(?![产活态源日])))"
)
LIFE_DATES = re.compile(r"^\s*[（(]\s*((?:18|19|20)\d{2})\s*年?\s*[-—–~～]")
BORN_BEFORE = re.compile(r"((?:18|19|20)\d{2})\s*年(?:\d{1,2}\s*月)?\s*出生的\s*$")
CATEGORY_WORDS = (
    ("老干部", re.compile(r"离休干部|退休干部|离退休干部|老干部|老领导")),
    (
        "老战士",
        re.compile(r"老战士|老红军|老八路|老兵|参加红军|参加八路军|参加新四军|参加志愿军|退役军人"),
    ),
    ("老专家", re.compile(r"老专家|老教授|退休教授|老科技工作者|老科学家|退休工程师")),
    ("老教师", re.compile(r"退休教师|退休老师|离退休教师|离休教师|老教师|退休校长|老校长")),
    ("老模范", re.compile(r"老模范|劳动模范|劳模|道德模范|英雄模范")),
)
POST_WORD = "|".join(sorted(POSTS, key=len, reverse=True))
CURRENT_ROLE = re.compile(
    rf"^(?:同志)?\s*[，,]?\s*(?:现任|现为|担任|任)\s*([^，,。；;、]{{2,30}}?(?:{POST_WORD}))"
)
ATTRIBUTE = re.compile(
    r"^(?:男|女|[\u4e00-\u9fff]{1,4}族|\d{1,3}岁|中共党员|群众|.{0,8}党员|.*出生)$"
)


def person_facts(name: str, text: str) -> dict:
    """A person's `born` (year, only when written: 1928年出生, 生于1928年, 1928年生),
    `category` (the five-elders categories the text gives them: 退休教师 → 老教师) and `role`
    (their current post as written), from the sentences that name them."""
    facts: dict = {}
    born = _born(name, text)
    if born:
        facts["born"] = born
    about = [s for s in _sentences(text) if name in s]
    categories = [c for c, p in CATEGORY_WORDS if any(p.search(s) for s in about)]
    if categories:
        facts["category"] = categories
    role = _role(name, text)
    if role:
        facts["role"] = role
    return facts


def _born(name: str, text: str) -> int | None:
    for m in re.finditer(re.escape(name), text):
        after = text[m.end() :]
        found = BORN_AFTER.match(after) or LIFE_DATES.match(after)
        if found:
            return int(next(g for g in found.groups() if g))
        before = BORN_BEFORE.search(text[max(0, m.start() - 16) : m.start()])
        if before:
            return int(before.group(1))
    return None


def _role(name: str, text: str) -> str | None:
    """The post in the attribute line after the name (男，汉族，…，某县关工委执行主任), after
    现任/担任, or run into the name before it (县关工委专职委员某某)."""
    for m in re.finditer(re.escape(name), text):
        after = text[m.end() :].lstrip(" \n")
        attributes = _attribute_post(after)
        if attributes:
            return attributes
        current = CURRENT_ROLE.match(after)
        if current:
            return current.group(1)
    for m in re.finditer(re.escape(name), text):
        start = max(text.rfind(c, 0, m.start()) for c in "，,。；;、：:\n （(") + 1
        split = split_post(text[start : m.end()])
        if split and split[1] == name:
            return split[0]
    return None


def _attribute_post(after: str) -> str | None:
    line = re.split(r"[。\n]", after.lstrip("，, "), maxsplit=1)[0]
    parts = [p.strip() for p in re.split(r"[，,；;]", line) if p.strip()]
    if len(parts) < 2 or not ATTRIBUTE.match(parts[0]):
        return None
    rest = [p for p in parts if not ATTRIBUTE.match(p)]
    if not rest or not re.search(POST_WORD, rest[-1]):
        return None
    return re.sub(r"^(?:现任|现为|担任|任)", "", rest[-1])


# -- bylines --------------------------------------------------------------------------------
BYLINE_KEYS = {
    "信息来源": "publisher",
    "文章来源": "publisher",
    "内容来源": "publisher",
    "来源": "publisher",
    "图片来源": "",
    "作者": "author",
    "撰稿": "author",
    "撰文": "author",
    "执笔": "author",
    "责任编辑": "editor",
    "责编": "editor",
    "编辑": "editor",
    "审核": "",
    "校对": "",
    "摄影": "",
    "时间": "",
    "发布时间": "",
    "日期": "",
    "字体": "",
    "浏览": "",
    "点击": "",
    "文章热词": "",
}
BYLINE_KEY = re.compile(
    "(" + "|".join(sorted(BYLINE_KEYS, key=len, reverse=True)) + r")\s*[:：]\s*"
)
LEAD_AUTHOR = re.compile(
    r"^(?:文\s*/\s*图|图\s*/\s*文|文图|文|通讯员|记者|撰文)\s*[/:：|\s]\s*(?P<who>\S.*)$"
)
REPORTER = re.compile(
    r"[（(]\s*(?:本报|本台|本刊|本网)?(?:特约|见习)?(?:记者|通讯员)(?P<who>[^）()]{2,40})[)）]"
)
TAIL_NAME = re.compile(r"[（(]\s*(?P<who>[^()（）:：]{2,12})\s*[)）]\s*$")
# `2018-10-29  某某文明网`: the date and the site that published the article.
DATED_SITE = re.compile(
    r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s+"
    r"(?P<site>[\u4e00-\u9fff]{2,16}(?:网|报|台|刊|站|社))$"
)
NOT_PUBLISHER = re.compile(r"^(?:本站|本网|本站原创|原创|本网原创|网络)$")


def bylines(lines: list[str]) -> dict:
    """`author`, `editor` and `publisher` (来源) of an article from its byline forms:
    `来源：某网 作者：某某` on one line, `责任编辑：某某`, `（记者 某某 通讯员 某某）`,
    `文/图 某某`, `通讯员 某某` on its own line, or `（某某）` closing the last paragraph.
    A field written with nothing after it is absent."""
    found: dict[str, list[str]] = {}
    for line in (line.strip() for line in lines):
        if line:
            _byline_fields(line, found)
    closing = _closing_name(lines)
    if closing and "author" not in found:
        found["author"] = [closing]
    out = {k: "、".join(dict.fromkeys(v)) for k, v in found.items() if v}
    return {k: out[k] for k in ("author", "editor", "publisher") if k in out}


def _byline_fields(line: str, found: dict[str, list[str]]) -> None:
    for m in REPORTER.finditer(line):
        for who in re.split(r"记者|通讯员", m.group("who")):
            found.setdefault("author", []).extend(_people(who))
    dated = DATED_SITE.match(line)
    if dated:
        found.setdefault("publisher", []).append(dated.group("site"))
    lead = LEAD_AUTHOR.match(line)
    if lead and len(line) <= 40 and not re.search(r"[。，,]", lead.group("who")):
        found.setdefault("author", []).extend(_people(lead.group("who")))
    keys = list(BYLINE_KEY.finditer(line))
    if not keys or len(line) > 120 or "。" in line:
        return
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(line)
        value = line[m.end() : end].strip(" |｜()（）【】[]")
        field = BYLINE_KEYS[m.group(1)]
        if not field or not value:
            continue
        if field == "publisher":
            if not NOT_PUBLISHER.match(value) and len(value) <= 30:
                found.setdefault("publisher", []).append(value)
        elif field == "editor" and m.group(1) == "编辑" and found.get("editor"):
            continue  # 责任编辑 already given
        else:
            found.setdefault(field, []).extend(_people(value))


def _people(value: str) -> list[str]:
    """Names in a byline value: `王某 魏某` → [王某, 魏某]; a value that is not a list of
    names is kept whole when it is short."""
    parts = [p for p in re.split(r"[\s、，,/]+", value.strip()) if p]
    if parts and all(is_name(p, strict=False) for p in parts):
        return parts
    value = value.strip()
    return [value] if 1 < len(value) <= 20 and not re.search(r"[。！？]", value) else []


def _closing_name(lines: list[str]) -> str | None:
    """`（某某）` at the end of the last paragraph (empty labels such as 文章热词： and byline
    rows after it are passed over)."""
    for line in reversed([line.strip() for line in lines if line.strip()]):
        if re.match(r"^[^:：]{1,8}[:：]", line) and len(line) <= 40:
            continue  # 文章热词：, 责任编辑：某某
        m = TAIL_NAME.search(line)
        if m and is_name(m.group("who").strip()) and not is_org(m.group("who").strip()):
            return m.group("who").strip()
        return None
    return None
