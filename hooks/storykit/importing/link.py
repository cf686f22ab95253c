"""Links to what the project already knows: regions of the bundled GB/T 2260 table, records
of the catalog (organisations, people, sites, publications) by name, themes by their names.
Only what is certain becomes a field; the rest becomes a comment for the volunteer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from storykit.records.regions import Regions

ORG_TYPES = {  # how a text names each type of organisation, long form first
    "关工委": ("关心下一代工作委员会", "关工委"),
    "老促会": ("老区建设促进会", "老促会"),
    "老干部局": ("委老干部局", "老干部局"),
    "老科协": ("老科技工作者协会", "老科协"),
    "老年大学": ("老年大学",),
}
TYPE_WORDS = {
    "关工委": "关工委",
    "老促会": "老促会|老区建设",
    "老干部局": "老干部",
    "老科协": "老科协",
}
ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}族)+自治(县|州|旗)$")


@cache
def region_names() -> dict[str, frozenset[str]]:
    """Names a text uses for a region: 龙江县, 沿河县 (for 沿河土家族自治县), 延安市."""
    regions = Regions.load()
    names: dict[str, set[str]] = {}
    for code in regions._by_code:  # the table's own index
        name = regions.get(code).name
        forms = {name}
        m = ETHNIC.match(name)
        if m:
            forms.add(m.group(1) + {"县": "县", "州": "州", "旗": "旗"}[m.group(2)])
        if name.endswith(("省", "自治区")) and len(name) > 3:
            forms.add(re.sub(r"(?:壮族|回族|维吾尔)?(?:省|自治区)$", "", name))
        for form in forms:
            if len(form) >= 2 and form not in ("市辖区", "县"):
                names.setdefault(form, set()).add(code)
    return {k: frozenset(v) for k, v in names.items()}


def mentions(text: str) -> Counter[str]:
    """How often each region name occurs (longest match at each place)."""
    names = region_names()
    found: Counter[str] = Counter()
    i = 0
    while i < len(text):
        for n in range(min(12, len(text) - i), 1, -1):
            if text[i : i + n] in names:
                found[text[i : i + n]] += 1
                i += n
                break
        else:
            i += 1
    return found


@dataclass
class RegionGuess:
    code: str | None
    path: str | None
    others: list[str] = field(default_factory=list)  # other places named, for a comment


def guess_region(title: str, text: str) -> RegionGuess:
    """The most specific region the article is about: descend from the province most named
    while one place clearly outweighs the others at the next level."""
    regions = Regions.load()
    names = region_names()
    counts = mentions(text)
    for name, n in mentions(title).items():
        counts[name] += 3 * n  # the title names what the article is about
    weight: Counter[str] = Counter()
    plain = {c for name in counts if len(names[name]) == 1 for c in names[name]}
    for name, n in counts.items():
        codes = names[name]
        if len(codes) > 1:  # ambiguous: keep readings whose ancestors are named as well
            codes = frozenset(
                c for c in codes if any(a.code in plain for a in regions.chain(c)[:-1])
            )
            if len(codes) != 1:
                continue
        for region in regions.chain(next(iter(codes))):
            weight[region.code] += n
    if not weight:
        return RegionGuess(None, None)
    level = [c for c in weight if regions.get(c).level == 1]
    best = _dominant(level, weight)
    while best:
        kids = [r.code for r in regions.children(best) if r.code in weight]
        nxt = _dominant(kids, weight)
        # a place named in passing (one county in a city's report) is not what it is about
        if not nxt or weight[nxt] < 0.5 * weight[best]:
            break
        best = nxt
    if not best:
        return RegionGuess(None, None)
    others = sorted(
        {regions.path(c) for c in weight if regions.get(c).level == 3 and c != best},
    )[:8]
    return RegionGuess(best, regions.path(best), others)


def _dominant(codes: list[str], weight: Counter[str]) -> str | None:
    ranked = sorted(codes, key=lambda c: -weight[c])
    if not ranked:
        return None
    total = sum(weight[c] for c in ranked)
    top = ranked[0]
    if (weight[top] >= 2 or len(ranked) == 1) and weight[top] >= 0.6 * total:
        return top
    return None


# -- records of the catalog -----------------------------------------------------------------
def _org_aliases(name: str, short: str | None, region_name: str | None) -> set[str]:
    out = {name}
    if short:
        out.add(short)
    plain = re.sub(r"^中共", "", name)
    out.add(plain)
    for long, *abbr in ORG_TYPES.values():
        if plain.endswith(long):
            stem = plain[: -len(long)]
            for a in abbr:
                out.add(stem + a)
            if region_name:
                m = ETHNIC.match(region_name)
                if m and stem.startswith(region_name):
                    rest = stem[len(region_name) :]
                    for a in (long, *abbr):
                        out.add(m.group(1) + m.group(2) + rest + a)
    return {a for a in out if len(a) >= 4}


@dataclass
class OrgMatch:
    id: str | None
    name: str | None
    score: float
    doubt: list[str]  # other organisations that came close, for a comment


def match_org(cat, title: str, text: str, region: str | None) -> OrgMatch:  # type: ignore[no-untyped-def]
    """The catalog organisation the article is about: named in full or short form (the title
    counts more), or, in the article's own region, an organisation whose type it keeps naming
    (`县关工委`, `老干部工作`)."""
    regions = Regions.load()
    scores: Counter[str] = Counter()
    names = {}
    for view in cat.entries("org"):
        rec = view.record
        names[view.id] = rec.name
        region_name = view.region_chain[-1].name if view.region_chain else None
        for alias in _org_aliases(rec.name, rec.short, region_name):
            scores[view.id] += 3 * text.count(alias) + 6 * title.count(alias)
        if region and view.region == region:
            words = TYPE_WORDS.get(rec.org_type)
            if words:
                scores[view.id] += len(re.findall(words, text)) + 3 * len(re.findall(words, title))
    del regions
    ranked = [k for k, v in scores.most_common() if v > 0]
    if not ranked:
        return OrgMatch(None, None, 0, [])
    best = ranked[0]
    doubt = [f"{names[k]}（{k}）" for k in ranked[1:4] if scores[k] >= 0.5 * scores[best]]
    return OrgMatch(best, names[best], scores[best], doubt)


def named_records(cat, kind: str, text: str, skip: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Ids of catalog records of `kind` whose name or title the text contains."""
    out = []
    for view in cat.entries(kind):
        name = view.title
        if view.id != skip and len(name) >= 2 and name in text:
            out.append(view.id)
    return out


def themes(cat, text: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(themes the text names outright, themes its description's words suggest)."""
    sure, maybe = [], []
    for theme in cat.themes:
        if theme.name in text:
            sure.append(theme.name)
            continue
        words = [w for w in re.split(r"[、，,和与及\s]+", theme.description or "") if len(w) >= 2]
        hits = sum(text.count(w) for w in words)
        if hits >= 3:
            maybe.append(theme.name)
    return sure, maybe


# -- organisations the catalog does not have yet ---------------------------------------------
ORG_NAME = re.compile(
    r"([\u4e00-\u9fff]{2,12}?(?:省|市|县|区|旗|州|盟))(委)?"
    r"(关心下一代工作委员会|关工委|老区建设促进会|老促会|老干部局|老科技工作者协会|老科协)"
)
KIND_WORDS = {
    "关心下一代工作委员会": "关工委",
    "关工委": "关工委",
    "老区建设促进会": "老促会",
    "老促会": "老促会",
    "老干部局": "老干部局",
    "老科技工作者协会": "老科协",
    "老科协": "老科协",
}
LEVELS = {
    "省": "省",
    "自治区": "省",
    "市": "市",
    "州": "市",
    "盟": "市",
    "县": "县",
    "区": "县",
    "旗": "县",
}


def named_org(title: str, text: str) -> dict | None:
    """The organisation the article names most (title first), as a new org record's fields,
    when its place is a region of the table: 某县关工委 → name, type, level, region."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for source, weight in ((title, 3), (text, 1)):
        for m in ORG_NAME.finditer(source):
            counts[(m.group(1), m.group(2) or "", m.group(3))] += weight
    regions = Regions.load()
    for (place, wei, kind_word), _ in counts.most_common():
        org_type = KIND_WORDS[kind_word]
        long = ORG_TYPES[org_type][0]
        try:
            region = regions.resolve(place)
        except ValueError:
            continue
        level = LEVELS.get(place[-1], "县")
        if region.level == 1:
            level = "省"
        name = f"{place}{wei}{long}" if org_type != "老干部局" else f"中共{place}委老干部局"
        return {
            "name": name,
            "type": org_type,
            "level": level,
            "region": regions.path(region.code),
        }
    return None


# Any body of these kinds a text names, whatever its place: 复旦大学关工委, 志丹县五老督导组.
ANY_ORG = re.compile(
    r"([\u4e00-\u9fff]{2,14}?"
    r"(?:关心下一代工作委员会|关工委|老区建设促进会|老促会|老干部局|老科技工作者协会|老科协|老年大学))"
)
HOST = re.compile(r"(?:主办单位|主办|承办单位|发布单位)\s*[：:]\s*([\u4e00-\u9fff（）()]{4,30})")
LEADING = re.compile(r"^(?:在|由|和|与|及|对|向|经|据|据悉|近日|日前|记者从|从|是|为|的|了)+")


GENERIC = re.compile(
    r"^(?:我|本|各级|基层|五好|全国|乡镇|上级|中共|革命)?(?:县|市|区|省|镇|乡|校|区委|县委|市委|省委)?$"
)
LEADING_VERB = re.compile(r"^(?:纪念|召开|成立|参加|关于|推进|组织|在|由|和|与|经|向|对|是)+")


def likely_org(
    title: str, text: str, publisher: str | None, place: str | None = None
) -> str | None:
    """A name to suggest when no organisation could be settled: a 主办 unit, a 来源 unit of
    one of these kinds, or the body of these kinds the article names most (the title counts
    thrice). `县关工委` in an article about one county is that county's. Only ever a name to
    check, never a settled field."""
    m = HOST.search(text)
    if m:
        return m.group(1)
    if publisher and ANY_ORG.fullmatch(publisher):
        return publisher
    counts: Counter[str] = Counter()
    for source, weight in ((title, 3), (text, 1)):
        for found in TYPE_WORD.finditer(source):
            stem = STEM_BOUNDARY.split(source[max(0, found.start() - 12) : found.start()])[-1]
            stem = LEADING_VERB.sub("", LEADING.sub("", stem))
            name = _whole_name(stem + found.group(0), place)
            if name:
                counts[name] += weight
    return counts.most_common(1)[0][0] if counts else None


TYPE_WORD = re.compile(
    r"关心下一代工作委员会|关工委|老区建设促进会|老促会|老干部局|老科技工作者协会|老科协|老年大学"
)
# Where the words before a body's type stop being its name: punctuation, particles, verbs.
STEM_BOUNDARY = re.compile(
    r"[\s，。、；：！？“”‘’（）()《》·\d]|的|对|和|与|在|是|由|从|向|把|将|被|了|及|等|召开|主持|"
    r"参加|组织|各位|各地|各级|系统|领导|同志|主任|书记|会长|研究|决定|经|据|为|充实|加强|健全|"
    r"完善|建立|成立|调整|配齐|指导"
)


def _whole_name(name: str, place: str | None) -> str | None:
    """`洪雅县关工委` as it stands; `县关工委` as the article's own county's; `各级关工委` not."""
    for forms in ORG_TYPES.values():
        for form in forms:
            if name.endswith(form):
                stem = name[: -len(form)]
                if not GENERIC.match(stem):
                    return name if len(stem) >= 2 else None
                level = stem[-1:] if stem else ""
                if place and level and place.endswith(level) and len(place) >= 2:
                    return place + form
                return None
    return None


PLACE_LEVELS = (  # a body's level from how its name ends before the type: 某某镇关工委 → 乡镇
    ("大学", "学校"),
    ("学院", "学校"),
    ("中学", "学校"),
    ("小学", "学校"),
    ("学校", "学校"),
    ("社区", "村社区"),
    ("村", "村社区"),
    ("镇", "乡镇"),
    ("乡", "乡镇"),
    ("街道", "乡镇"),
    ("公司", "企业"),
    ("集团", "企业"),
)


def org_fields(name: str, region: str | None) -> dict | None:
    """A new org draft's fields from a full name the article uses (`玉台镇关心下一代工作委员会`,
    `复旦大学关工委`): its type from the ending, its level from the place before it when that
    says; None when the name is not one of the kinds of body the site knows."""
    for org_type, forms in ORG_TYPES.items():
        for form in forms:
            if name.endswith(form) and len(name) > len(form) + 1:
                stem = name[: -len(form)]
                full = stem + forms[0] if org_type != "老干部局" else name
                out: dict = {"name": full, "type": org_type}
                level = next((lv for end, lv in PLACE_LEVELS if stem.endswith(end)), None)
                if level:
                    out["level"] = level
                if region:
                    out["region"] = region
                return out
    return None
