"""Which kind of record an article is: a profile of one person, a red site's introduction, a
book or periodical announcement, a list of honours, or else an account of work (a case)."""

from __future__ import annotations

import re

from .structure import Article

PERSON_NAME = re.compile(
    r"(?:^|[：:，,\s])([\u4e00-\u9fff]{2,3})(?:同志|老人|老师)?(?:[：:，,]|$)|记([\u4e00-\u9fff]{2,3})"
)
SITE_WORDS = re.compile(r"旧址|遗址|纪念馆|纪念碑|烈士陵园|革命根据地|教育基地")
ERA_WORDS = re.compile(
    r"土地革命|抗日战争|抗战|解放战争|长征|红军|八路军|新四军|革命根据地|\d{4}年\d{1,2}月.{0,20}(?:会议|战斗|成立)"
)
PUB_WORDS = re.compile(
    r"ISBN|ISSN|书号|刊号|出版社|正式出版|出版发行|创刊|首发|新书|编印|印刷|杂志|期刊|丛书"
)
HONOR_WORDS = re.compile(r"表彰|名单|荣誉称号|先进个人|先进集体|拟推荐|公示")


def person_name(article: Article) -> str | None:
    """A name the title gives as its subject: `林书艳：…`, `记林书艳`, `林书艳同志…`."""
    title = article.title or ""
    m = re.match(r"^([\u4e00-\u9fff]{2,3})(?:同志|老人|老师)?[：:，,\s—]", title)
    if m:
        return m.group(1)
    m = re.search(
        r"记(?:老党员|老干部|老教师|老战士|老专家|老模范|五老)?([\u4e00-\u9fff]{2,3})(?:同志)?$",
        title,
    )
    return m.group(1) if m else None


def guess(article: Article, honor: bool) -> str:
    text = article.text
    title = article.title or ""
    n = max(len(text), 1)
    if honor and HONOR_WORDS.search(title) and _listy(article):
        return "honor"
    name = person_name(article)
    he = len(re.findall(r"[他她]", text))
    collective = len(re.findall(r"各级|全县|全市|全省|我们", text))
    if name and (title + text).count(name) >= 2 and he >= 5 and he > collective:
        return "person"
    if SITE_WORDS.search(title) and ("位于" in text or "地址" in text) and ERA_WORDS.search(text):
        return "site"
    pub_hits = len(PUB_WORDS.findall(text)) + 3 * len(PUB_WORDS.findall(title))
    if "《" in title + text[:200] and pub_hits >= 3 and pub_hits * 400 >= n:
        return "publication"
    return "case"


def _listy(article: Article) -> bool:
    """Mostly short lines: names of people and units."""
    lines = article.paragraphs
    short = [p for p in lines if len(p) <= 30]
    return len(lines) >= 3 and len(short) >= 0.6 * len(lines)
