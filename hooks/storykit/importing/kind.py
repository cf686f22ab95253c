"""Which kind of record an article is: an honours list or shortlist, a profile of one person,
a red site's entry, an organisation's profile, a book or periodical, or else an account of
work (a case: reports, summaries and news are cases, as the models have no news kind).

Each kind is recognised by what its pages say of themselves, weighed in the title and the
opening lines more than in the rest; the first kind whose evidence is strong enough wins, in
the order of how distinctive that evidence is."""

from __future__ import annotations

import re

from .honours import read_recipients
from .structure import Article

# The commonest surnames: a person's name in a title starts with one of them.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
TITLE_NAME = re.compile(
    r"(?:退休教师|退休干部|离休干部|老党员|老干部|老教师|老战士|老专家|老模范|五老|老人|同志|记|^)"
    rf"([{SURNAMES}][\u4e00-\u9fff]{{1,2}}?)(?=同志|老人|老师|[：:，,\s—]|创办|坚持|用|的|$)"
)
SUBTITLE_NAME = re.compile(
    rf"^[—-]*\s*记.{{0,30}}?([{SURNAMES}][\u4e00-\u9fff]{{1,2}})(?:同志|老人|老师)?$"
)
HONOR_TITLE = re.compile(
    r"表彰|名单|建议人选|候选|拟推荐|公示|获评|授予|荣誉称号|先进集体|先进工作者|先进个人|十佳|评选|"
    r"[^，。]{2,8}奖$"
)
HONOR_TEXT = re.compile(
    r"表彰名单|名单如下|建议人选|候选人|候选单位|拟推荐|予以公示|公示期|获评|被授予|荣誉称号|"
    r"先进集体|先进工作者|先进个人|特别贡献奖|十佳"
)
SHORTLIST = re.compile(r"表彰名单|名单如下|建议人选|候选人|候选单位|拟推荐|予以公示|公示期")
SITE_WORDS = re.compile(r"旧址|遗址|纪念馆|纪念碑|纪念园|烈士陵园|革命根据地|故居|会址")
SITE_FACTS = re.compile(r"文物保护单位|保护级别|位于|地址|占地面积|始建于|公布为|列为")
ORG_NAME = re.compile(
    r"(?:委员会|关工委|促进会|老促会|老干部局|协会|研究会|老年大学|联合会)(?:[（(][^）)]*[)）])?$"
)
ORG_FACTS = re.compile(r"成立于|成立时间|简称|社会团体|群众组织|宗旨|会长|主任|理事|章程|组成")
PUB_WORDS = re.compile(
    r"ISBN|ISSN|书号|刊号|出版社|正式出版|出版发行|公开发行|创刊|首发|新书|编印|印刷|杂志|期刊|丛书|"
    r"征稿|试刊|刊名|第\s*\d+\s*期|总第|主编|万字"
)
ISSUE = re.compile(r"(?:19|20)\d{2}\s*年\s*第\s*\d{1,2}\s*期|总第\s*\d+\s*期")
BIO = re.compile(
    r"[男女][，,]\s*\S{1,3}族|\d{4}年\d{0,2}月?(?:出生|生)|生于|参加革命|入党|退休|离休"
)


def person_name(article: Article) -> str | None:
    """The person a title is about: `林书艳：…`, `记林书艳`, `退休教师叶连平创办…`, when the
    text keeps naming them."""
    title = article.title or ""
    text = title + "\n" + article.text
    # `——记全国先进工作者某某某`: a subtitle naming its subject at its end
    for p in article.paragraphs[:2]:
        m = SUBTITLE_NAME.match(p)
        if m and text.count(m.group(1)) >= 2:
            return m.group(1)
    for m in TITLE_NAME.finditer(title):
        name = m.group(1)
        # the shortest reading the text keeps using: 叶连平 rather than 叶连
        for size in (3, 2):
            candidate = title[m.start(1) : m.start(1) + size]
            if len(candidate) == size and text.count(candidate) >= 2 and _name_like(candidate):
                return candidate
        if text.count(name) >= 2:
            return name
    return None


def _name_like(text: str) -> bool:
    return not re.search(r"[县市省区镇村委会局部的是在和与了]", text[1:])


def guess(article: Article, honor: bool) -> str:
    title = article.title or ""
    text = article.text
    opening = title + "\n" + text[:300]
    everything = text + "\n" + "\n".join(article.dropped)
    if honor and _honour_list(title if not article.title_from_text else "", opening, text):
        return "honor"
    if SITE_WORDS.search(title) and SITE_FACTS.search(opening):
        return "site"
    if SITE_WORDS.search(text[:150]) and len(SITE_FACTS.findall(text[:600])) >= 2:
        return "site"
    if ORG_NAME.search(title) and len(title) <= 30 and len(ORG_FACTS.findall(text)) >= 2:
        return "org"
    if ISSUE.search(title + "\n" + "\n".join(article.dropped[:5])):
        return "publication"  # a periodical's own page: 2020年第5期
    pub_hits = len(PUB_WORDS.findall(everything)) + 3 * len(PUB_WORDS.findall(title))
    if ("《" in opening or "期" in title) and pub_hits >= 3 and pub_hits * 300 >= len(text):
        return "publication"
    name = person_name(article)
    if name and _about_one_person(name, title + "\n" + text):
        return "person"
    return "case"


def _honour_list(title: str, opening: str, text: str) -> bool:
    """An honours list or shortlist: its title says so, or its opening does and the text
    names many units or people after it."""
    hits = len(HONOR_TEXT.findall(text))
    if HONOR_TITLE.search(title) and (hits >= 1 or _listy_text(text)):
        return True
    if _name_grid(text) or (hits >= 1 and _bare_names(text) >= 2):
        return True
    # a report of a ceremony that names those honoured, many at a time: 甲、乙、丙荣获…
    if sum(len(g["members"]) for g in read_recipients(text.split("\n")).in_prose) >= 5:
        return True
    # a shortlist says so at once; mere mentions of honours won are common in any report
    return SHORTLIST.search(opening) is not None


GRID_ROW = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4}[ 、]+){5,}[\u4e00-\u9fff·]{1,4}$")


def _bare_names(text: str) -> int:
    """Lines that are a person's name alone, each heading the citation that follows it."""
    return sum(
        1
        for line in text.split("\n")
        if re.fullmatch(rf"[{SURNAMES}][\u4e00-\u9fff·]{{1,3}}", line.strip())
    )


def _name_grid(text: str) -> bool:
    """Rows of bare names, several to a line: how a long list of honoured people is printed."""
    return sum(1 for line in text.split("\n") if GRID_ROW.match(line.strip())) >= 2


def _listy_text(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    short = [line for line in lines if len(line) <= 30]
    return len(lines) >= 3 and len(short) >= 0.5 * len(lines)


def _about_one_person(name: str, text: str) -> bool:
    """The text keeps coming back to one person: their name, he/she, or a life's facts."""
    mentions = text.count(name)
    pronouns = len(re.findall(r"[他她]", text))
    return mentions >= 3 or (mentions >= 2 and (pronouns >= 3 or BIO.search(text) is not None))
