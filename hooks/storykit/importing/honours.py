"""The recipients of an honours list or shortlist, and its status, level, awarding bodies and
year, read from an article's lines.

Lists come in many shapes: groups headed `一、…先进集体（8个）` or by a line such as `特别贡献奖`;
a grid of names separated by spaces or 、; `姓名（单位）`; `单位 姓名`; a unit and post run
straight into the name (`某县关工委常务副主任张某某`); units as collective recipients; one
profile per nominee (a name alone on its line, then the citation); or only counts in prose
(`某某等22个单位`). Each recipient is a models.Recipient as a dict with its empty keys left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storykit.records.models import HONOR_LEVELS

from .names import POST_ANY, POST_END, PROVINCES, is_name, is_org, split_post, unit_level
from .numerals import chinese_int

CN = "一二三四五六七八九十"
NUMBERED = re.compile(rf"^(?:[{CN}]+\s*[、.．]|[（(]\s*[{CN}]+\s*[)）]\s*[、.．]?)\s*(?P<rest>.+)$")
HONOUR_WORD = re.compile(
    r"先进|模范|优秀|标兵|奖|称号|个人|集体|人选|工作者|十佳|最美|五老|之星|楷模|能手|典型|候选|示范"
)
HONOUR_END = re.compile(
    r"(?:集体|个人|工作者|先进|模范|标兵|奖|称号|人选|候选人|候选单位|五老|之星|楷模|能手|典型|"
    r"先进单位|示范单位|文明单位|示范校|示范点|示范基地|优秀志愿者|最美志愿者|家庭|功臣|英雄)$"
)
LIST_START = re.compile(r"名单(?:如下)?$|如下$")
TRAILING_PAREN = re.compile(r"\s*[（(]([^()（）]*)[)）]\s*$")
PAREN_COUNT = re.compile(rf"^\s*(\d+|[{CN}百]+)\s*(名|个|人|位|家|项|所)\s*$")
ORDER_NOTE = re.compile(r"为序|排序|排名|先后|笔画|拼音")
SENTENCE = re.compile(r"[。！？!?]")
LABEL = re.compile(
    r"^(?:受理|联系|电话|地址|时间|日期|来源|作者|编辑|责任编辑|邮箱|传真|网址|附件|发布|"
    r"内容来源|信息来源|文章来源)"
)
BULLET = re.compile(r"^[\s•·\-*]+")
LIST_NUMBER = re.compile(r"^(?:\d{1,3}\s*[、.．)）](?!\d)|[（(]\d{1,3}[)）])\s*")
SEPARATORS = re.compile(r"[、，,；;]+|\s+")
NAME_PAREN = re.compile(r"^(?P<name>[^（()）\s]{2,30}?)\s*[（(](?P<inner>[^()（）]+)[)）]$")
NOTE_WORDS = re.compile(r"^(?:追授|已故|女|男|[^\s]{1,4}族|已去世|逝世|特邀|团体|集体)$")
# 男，汉族，72岁，中共党员，某县关工委执行主任。: the attributes that follow a nominee's name.
ATTRIBUTE = re.compile(
    r"^(?:男|女|[\u4e00-\u9fff]{1,4}族|\d{1,3}岁|中共党员|群众|.{0,8}党员|.*出生|.*生人)$"
)
# …等22个单位为…, …等45名同志…: counts given in prose instead of names.
TALLY = re.compile(
    rf"等\s*(?P<num>\d+|[{CN}百千]+)\s*"
    r"(?P<unit>个单位|个集体|个先进集体|个组织|家单位|名同志|位同志|名个人|名先进个人|名|人|位)"
    r"(?=(?P<after>[^，。；、,;\n]*))"
)
CLAUSE_END = "，。；：:,;！？!?\n"
TALLY_TITLE = re.compile(
    r"^(?:被|拟)?(?:为|获评|授予|评为|荣获|获得|命名为|获)\s*[“\"]?(?P<title>[^”\"，,。；;]+)"
)
AWARDED = re.compile(
    r"(?P<who>[^，。；：:,;！？!?\n]{2,80}?)(?:被评为|获评|荣获|被授予|被命名为|"
    r"被(?:[^，。；“”\n]{0,30}?)(?:表彰|评|授予|命名)为)[“\"]?"
    r"(?P<title>[^，,。；;、“”\"\n]{4,40})"
)
# `4位老同志被表彰为“…先进工作者”，他们分别是甲、乙、丙`: the names follow the honour
AWARDED_THEN_NAMED = re.compile(
    r"(?:被[^，。；“”\n]{0,30}?(?:表彰|评|授予|命名)为|获评|荣获)[“\"](?P<title>[^”\"\n]{4,40})[”\"]"
    r"[，,]\s*(?:他们|她们|分别)?(?:分别)?是(?P<who>[^。；\n]{2,200})"
)
PADDED_NAME = re.compile(r"([\u4e00-\u9fff])[ \u3000]{1,3}([\u4e00-\u9fff])")
LEAD_WORDS = re.compile(
    r"^(?:其中|拟推荐|推荐|拟表彰|表彰|授予|决定|对|经|共有|包括|有|并|和|及|、|我市|我县|我省|我区|我镇)+"
)


@dataclass(frozen=True)
class Tally:
    """A count the text gives for a group instead of (or beside) its names."""

    value: int
    unit: str  # as written: 个单位, 名同志, 名
    title: str | None = None  # what they were named: 先进集体候选单位
    named: tuple[dict, ...] = ()  # the recipients named before 等, as Recipient dicts


@dataclass
class Roster:
    """Everything an honours text says about its recipients."""

    groups: list[dict] = field(default_factory=list)  # RecipientGroup dicts, members non-empty
    counts: list[Tally] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # group headings with no names under them
    dropped: list[str] = field(default_factory=list)  # names cut off where the text breaks off
    unread: list[str] = field(default_factory=list)  # entries whose name could not be told apart
    in_prose: list[dict] = field(default_factory=list)  # `某某被评为…`: RecipientGroup dicts


@dataclass
class _Group:
    title: str | None
    declared: Tally | None = None
    members: list[dict] = field(default_factory=list)


def read_recipients(lines: list[str]) -> Roster:
    """The recipients of an honours list, in groups, from the article's lines (cleaned or raw),
    with the counts the text gives, the headings that have no names under them, names left out
    because the text breaks off inside them, and entries that could not be read."""
    clean = [c for c in (_tidy(line) for line in lines) if c]
    joined = "\n".join(clean)
    roster = Roster(counts=_tallies(joined), in_prose=_awarded_in_prose(joined))
    groups: list[_Group] = []
    in_list = False  # after 表彰名单： or 名单如下
    for i, line in enumerate(clean):
        if _prose(line):
            _attributes(groups, clean, i)
        elif heading := _heading(line):
            groups.append(_Group(*heading))
            roster.counts += [heading[1]] if heading[1] else []
        elif inline := _inline_heading(line):
            groups.append(_Group(inline[0], None, inline[1]))
        elif LIST_START.search(_strip_parens(line)) and len(line) <= 30:
            in_list = True
        else:
            _add_entry(clean, i, groups, in_list, roster)
    _cut_off(groups, clean, roster)
    for g in groups:
        if g.members:
            roster.groups.append(({"title": g.title} if g.title else {}) | {"members": g.members})
        elif g.title:
            roster.empty.append(g.title)
    return roster


def _add_entry(
    lines: list[str], i: int, groups: list[_Group], in_list: bool, roster: Roster
) -> None:
    """The recipients of line i into the current group. Outside a list only a row of names
    counts; a name alone on its line needs a citation or other names beside it."""
    line, cut = _cut_piece(lines[i]) if i == len(lines) - 1 else (lines[i], None)
    members = _entry(line)
    inside = bool(groups) or in_list
    if members is None:
        if inside and _looks_like_entry(line):
            roster.unread.append(line)
        return
    if not inside and not _grid(line):
        return
    if len(members) == 1 and _bare(line) and not _bare_accepted(lines, i):
        return
    if not groups:
        groups.append(_Group(None))
    groups[-1].members += members
    if cut:
        roster.dropped.append(cut)


def _cut_piece(line: str) -> tuple[str, str | None]:
    """A row of names that the text breaks off after one character of the next: the row
    without that piece, and the piece."""
    tokens = [t for t in SEPARATORS.split(line) if t]
    if len(tokens) < 3 or len(tokens[-1]) != 1:
        return line, None
    rest = line[: line.rfind(tokens[-1])].rstrip(" 、，,；;")
    return (rest, tokens[-1]) if _grid(rest) else (line, None)


def _tidy(line: str) -> str:
    """A line without bullets, list numbers, odd spaces and a closing full stop."""
    line = line.replace("\u3000", " ").replace("\xa0", " ")
    line = BULLET.sub("", line).strip()
    line = LIST_NUMBER.sub("", line)
    line = re.sub(r"\s+", " ", line).strip()
    return line.rstrip("；;，, ")


def _prose(line: str) -> bool:
    """A sentence of running text (a citation, the report around the list), not an entry."""
    if SENTENCE.search(line.rstrip("。")) or len(re.findall(r"[，,；;]", line)) >= 3:
        return not _grid(line)
    return (len(line) > 60 or line.endswith("。")) and not _grid(line)


def _strip_parens(text: str) -> str:
    while TRAILING_PAREN.search(text):
        text = TRAILING_PAREN.sub("", text)
    return text.rstrip("：: ")


def _heading(line: str) -> tuple[str, Tally | None] | None:
    """(title, declared count) of a group heading: `一、某某先进集体（8个）`, `特别贡献奖`."""
    if LABEL.match(line) or len(line) > 50:
        return None
    numbered = NUMBERED.match(line)
    text = (numbered.group("rest") if numbered else line).strip().rstrip("：:")
    declared = None
    while m := TRAILING_PAREN.search(text):
        inner = m.group(1).strip()
        count = PAREN_COUNT.match(inner)
        if count:
            declared = Tally(_int(count.group(1)) or 0, count.group(2))
        elif not ORDER_NOTE.search(inner):
            break  # （浙江）, （兵团部分）: part of the title
        text = text[: m.start()].rstrip("：: ")
    if not text or len(text) > 40 or (" " in text.strip() and not numbered):
        return None
    core = _strip_parens(text)
    if LIST_START.search(core):
        return None
    if (numbered and HONOUR_WORD.search(core)) or (not numbered and HONOUR_END.search(core)):
        if declared:
            declared = Tally(declared.value, declared.unit, text)
        return text, declared
    return None


def _inline_heading(line: str) -> tuple[str, list[dict]] | None:
    """`特别贡献奖：张某、李某`: a group's title and its names on one line."""
    m = re.match(r"^(?P<title>[^：:]{2,40})[：:]\s*(?P<rest>.+)$", line)
    if not m or LABEL.match(line):
        return None
    heading = _heading(m.group("title"))
    if not heading:
        return None
    members = _entry(m.group("rest"))
    return (heading[0], members) if members else None


def _entry(line: str) -> list[dict] | None:
    """The recipients one line names, or None when it names none."""
    if LABEL.match(line) or _prose(line):
        return None
    line = line.rstrip("。")
    org_names = re.match(r"^(?P<org>[^：:]{3,40})[：:]\s*(?P<rest>.+)$", line)
    if org_names and is_org(org_names.group("org")):
        names = _grid(org_names.group("rest"))
        if names:
            return [{"name": n, "org_name": org_names.group("org")} for n in names]
    padded = PADDED_NAME.fullmatch(line)
    if padded:  # `王 峰`: a two-character name alone, padded to the column
        return [{"name": padded.group(1) + padded.group(2)}]
    grid = _grid(line)
    if grid:
        return [_member(t) or {"name": t} for t in grid]
    pieces = [p for p in re.split(r"[、；;]", line) if p.strip()]
    if len(pieces) > 1:
        parsed = [_member(p.strip()) for p in pieces]
        if all(parsed):
            return parsed  # type: ignore[return-value]
    one = _member(line)
    return [one] if one else None


def _unpadded(tokens: list[str]) -> list[str]:
    """A two-character name padded to a column's width (`陈 忠` among 兰玉华 李金保) is one
    name: two single characters side by side are joined."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if len(tokens[i]) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def _grid(line: str) -> list[str] | None:
    """Names side by side (`张某 李某 王某某`, `张某、李某`): the names as written, or None.
    Most must start with a family name."""
    written = _unpadded([t for t in SEPARATORS.split(line) if t])
    tokens = [re.sub(r"[（(][^()（）]*[)）]$", "", t) for t in written]
    if len(tokens) < 2 or not all(is_name(t, strict=False) for t in tokens):
        return None
    if sum(is_name(t) for t in tokens) * 5 < len(tokens) * 3:
        return None  # 热情奉献 深情关爱: words, not names
    return written


def _member(text: str) -> dict | None:
    """One recipient from one entry: `姓名（单位）`, `单位 姓名`, `姓名，单位`, a unit and post
    run into the name, a unit, or a name alone."""
    text = text.strip()
    paren = NAME_PAREN.match(text)
    if paren and is_name(paren.group("name"), strict=False):
        inner = paren.group("inner").strip()
        key = "note" if NOTE_WORDS.match(inner) else "org_name"
        return {"name": paren.group("name"), key: inner}
    if paren and is_org(paren.group("name")):
        return {"name": text}
    pair = re.split(r"\s+|[，,]", text)
    if len(pair) == 2:
        a, b = pair
        if is_name(b) and (is_org(a) or POST_END.search(a) or len(a) >= 5):
            return {"name": b, "org_name": a}
        if is_name(a) and (is_org(b) or len(b) >= 5):
            return {"name": a, "org_name": b}
    if " " in text:
        return None
    split = split_post(text)
    if split:
        return {"name": split[1], "org_name": split[0]}
    if is_org(text) and len(text) <= 40:
        return {"name": text}
    if is_name(text):
        return {"name": text}
    return None


def _bare(line: str) -> bool:
    """A name alone on its line."""
    return is_name(line) and not is_org(line)


def _bare_accepted(lines: list[str], i: int) -> bool:
    """A name alone on its line is a recipient when a citation follows it (one profile per
    nominee) or other names stand next to it (a list with one name a line)."""
    after = lines[i + 1] if i + 1 < len(lines) else ""
    before = lines[i - 1] if i > 0 else ""
    return _prose(after) or _bare(after) or _bare(before)


def _attributes(groups: list[_Group], lines: list[str], i: int) -> None:
    """`男，汉族，72岁，中共党员，某县关工委执行主任` right after a nominee's name: the post
    becomes the nominee's org_name."""
    if not groups or not groups[-1].members or i == 0 or not _bare(lines[i - 1]):
        return
    member = groups[-1].members[-1]
    if member.get("name") != lines[i - 1] or "org_name" in member:
        return
    fields = [f.strip() for f in re.split(r"[，,。；;]", lines[i]) if f.strip()]
    if not fields or not ATTRIBUTE.match(fields[0]):
        return
    rest = [f for f in fields if not ATTRIBUTE.match(f)]
    if rest and len(rest[-1]) <= 40:
        member["org_name"] = rest[-1]


def _looks_like_entry(line: str) -> bool:
    """A short line with a post word or a bracket: an entry whose name could not be split off."""
    return len(line) <= 60 and not LABEL.match(line) and bool(POST_ANY.search(line))


def _cut_off(groups: list[_Group], lines: list[str], roster: Roster) -> None:
    """Where the text breaks off in a row of names of a group that says it has more names than
    it shows, the last name may be cut in two: it is dropped rather than kept half."""
    if not groups or not groups[-1].members or groups[-1].declared is None:
        return
    group, row = groups[-1], _grid(lines[-1]) or []
    if len(group.members) >= group.declared.value or not row:
        return
    if row[-1] == group.members[-1].get("name"):
        roster.dropped.append(group.members.pop()["name"])


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_int(text)


def _tallies(text: str) -> list[Tally]:
    """`某某关工委等22个单位为先进集体候选单位`: the count, what they are and those named."""
    out, last = [], 0
    for m in TALLY.finditer(text):
        value = _int(m.group("num"))
        if not value:
            continue
        # the named ones: back to the clause's start, or to the end of the count before
        start = max(last, *(text.rfind(c, 0, m.start()) + 1 for c in CLAUSE_END))
        last = m.end()
        title = TALLY_TITLE.match(m.group("after"))
        before = LEAD_WORDS.sub("", text[start : m.start()].strip())
        named = _named(before)
        name = title.group("title").removesuffix("荣誉称号").removesuffix("称号") if title else None
        out.append(Tally(value, m.group("unit"), name, tuple(named)))
    return out


def _awarded_in_prose(text: str) -> list[dict]:
    """`某县关工委被评为某省…先进集体`: recipients named in a sentence, grouped by the honour.
    Sentences that give a count (…等7名同志被授予…) are left to the counts."""
    groups: dict[str, list[dict]] = {}
    for m in AWARDED.finditer(text):
        who = LEAD_WORDS.sub("", m.group("who").strip())
        if "等" in who or not who:
            continue
        named = _named(who)
        title = m.group("title").removesuffix("荣誉称号").removesuffix("称号")
        if named:
            groups.setdefault(title, []).extend(named)
    for m in AWARDED_THEN_NAMED.finditer(text):
        named = _named(m.group("who").strip())
        if named:
            groups.setdefault(m.group("title"), []).extend(named)
    return [{"title": t, "members": m} for t, m in groups.items()]


def _named(text: str) -> list[dict]:
    """The recipients named before 等: each piece between 、 one, or the whole as one."""
    if not text:
        return []
    pieces = [p.strip() for p in text.split("、") if p.strip()]
    parsed = [_member(p) for p in pieces]
    if all(parsed):
        return parsed  # type: ignore[return-value]
    whole = _member(text)
    return [whole] if whole else []


# -- status, level, awarding bodies, year ------------------------------------------------
STATUS = (
    ("公示", re.compile(r"公示")),
    ("提名", re.compile(r"建议人选|候选人|候选单位|候选对象|提名|拟推荐|推荐人选|拟表彰")),
    (
        "授予",
        re.compile(r"表彰|授予|命名为|予以命名|获评|荣获|被评为|决定(?:授予|表彰|命名)|的决定"),
    ),
)
# In the body, 公示 counts only where the list itself is being shown (not 审核公示 as a step).
TEXT_PUBLIC = re.compile(
    r"予以公示|现予公示|进行公示|公示期|公示时间|公示如下|公示名单|名单公示|公示在|公示于"
)
BY_PATTERNS = (
    re.compile(r"(?:^|[《\n])(?P<by>[^《》\n，。]{2,80}?)关于[^《》\n]*?(?:表彰|评选|命名|授予)"),
    re.compile(
        r"(?P<by>[^，。；：,;:\s“”]{2,200}?)(?:联合|共同)(?:组织|开展|表彰|授予|评选|命名|印发|下发|决定)"
    ),
    re.compile(r"由(?P<by>[^，。；：,;:\s“”]{2,80}?)(?:主办|颁发|授予|表彰|评选|命名)"),
    re.compile(r"(?P<by>[^，。；：,;:\s“”]{2,80}?)(?:研究)?决定[，,]?\s*(?:授予|表彰|命名)"),
)
BODY_END = re.compile(r"(?:委|办|部|院|局|会|厅|署|社|团|府|室|组|处|站|馆|校|中心|协会)$")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
HONOUR_TAIL = re.compile(r"先进集体|先进工作者|先进个人|先进单位|模范|标兵|贡献奖|十佳|之星|楷模")
# Words before an honour's name in a sentence: 被评为湖南省…先进集体 names 湖南省….
HONOUR_LEAD = re.compile(
    r"^.*(?:被评为|获评|评为|荣获|授予|获得|表彰|一批|命名为|为|获)|^第.{1,3}届"
)
WHOLE_AREA = {"全国": "全国", "全省": "省", "全市": "市", "全县": "县", "全区": "县"}


def honour_facts(title: str, text: str) -> dict:
    """What an honours text says about the list itself: `status` (提名/公示/授予), `level`
    (全国/省/市/县), `by` (the awarding bodies as written) and `year` (of 2025年度, or the year
    in the title). Keys the text does not give are left out."""
    facts: dict = {}
    status = _status(title or "", text)
    if status:
        facts["status"] = status
    by = awarding_bodies(f"{title}\n{text}")
    if by:
        facts["by"] = by
    level = _level(title or "", text, by)
    if level:
        facts["level"] = level
    year = YEAR.search(title or "") or YEAR.search(text) or TITLE_YEAR.search(title or "")
    if year:
        facts["year"] = int(year.group(1))
    return facts


def _status(title: str, text: str) -> str | None:
    """The title decides first; in the body 公示 counts only as the notice's own word."""
    for status, pattern in STATUS:
        if pattern.search(title):
            return status
    if TEXT_PUBLIC.search(text):
        return "公示"
    for status, pattern in STATUS[1:]:
        if pattern.search(text):
            return status
    return None


def awarding_bodies(text: str) -> list[str]:
    """The bodies that award or run the honour, as written: `A、B关于表彰…的决定` (a title,
    or a notice's name in 《》), `A、B共同组织开展…`, `由A颁发`, `A决定授予`. Several are
    split on 、, and on 和/与/及 only where both sides name a body (人力资源和社会保障部
    stays whole)."""
    for pattern in BY_PATTERNS:
        m = pattern.search(text)
        if m:
            by = m.group("by")
            by = re.split(r"被|由", by)[
                -1
            ]  # `某区关工委被中国关工委、…表彰`: the awarder follows 被
            by = re.sub(r"等[^、]{0,6}$", "", by)  # 甲、乙等共同…: the list ends at 等
            return [b for part in by.split("、") for b in _split_and(part.strip())]
    return []


def _split_and(text: str) -> list[str]:
    text = re.sub(r"^(?:经|由|在)", "", text).strip('“”"')
    for sep in ("和", "与", "及"):
        left, _, right = text.partition(sep)
        if right and BODY_END.search(left) and BODY_END.search(right) and len(left) >= 3:
            return [left, *_split_and(right)]
    return [text] if text else []


def _level(title: str, text: str, by: list[str]) -> str | None:
    """From the awarding bodies, else the title, else the first honour the text names."""
    for body in by:
        level = unit_level(body)
        if level in HONOR_LEVELS:
            return level
    if re.search(r"全国|中国", title):
        return "全国"
    for source in (title, text):
        for name in _honour_names(source):
            level = _honour_level(name)
            if level in HONOR_LEVELS:
                return level
    return None


def _honour_names(text: str) -> list[str]:
    """The names of honours a text gives (湖南省关心下一代工作先进集体), each without the
    words that lead up to it in its sentence."""
    out = []
    for m in HONOUR_TAIL.finditer(text):
        start = m.start()
        while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        name = HONOUR_LEAD.sub("", text[start : m.end()])
        if name:
            out.append(name)
    return out


def _honour_level(name: str) -> str | None:
    """全国…先进集体 → 全国, 四川…贡献奖 → 省, 某某市…先进个人 → 市."""
    if name.startswith(("中国", *WHOLE_AREA)):
        return WHOLE_AREA.get(name[:2], "全国")
    level = unit_level(name)
    if level is None and name.startswith(tuple(PROVINCES)):
        return "省"
    return level
