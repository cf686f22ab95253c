"""Which kind an article is, from what its text says of itself (own-words fixtures)."""

from __future__ import annotations

import pytest

from storykit.importing.kind import guess
from storykit.importing.read import Doc, Line
from storykit.importing.structure import analyse

ARTICLES = {
    "honor": [
        "某县关心下一代工作先进集体和先进个人表彰名单",
        "一、先进集体",
        "某镇关工委",
        "某某小学",
        "二、先进个人",
        "张某某 某镇关工委",
        "李某某（某某小学）",
    ],
    "site": [
        "某某红军医院旧址",
        "某某红军医院旧址位于某县某镇某村，占地面积800平方米，1933年红军在此设立医院。",
        "该旧址于2008年公布为县级文物保护单位。",
    ],
    "org": [
        "某某县老区建设促进会",
        "某某县老区建设促进会（简称县老促会）成立于1995年，是由离退休老同志组成的社会团体。",
        "现任会长由原县人大常委会主任担任，下设办公室和宣传组。",
    ],
    "publication": [
        "《某某县革命老区发展史》出版发行",
        "由某某县老促会主编的《某某县革命老区发展史》一书，近日由某某出版社正式出版。",
        "全书30万字，作为丛书之一，记述了该县老区的发展历程。",
    ],
    "person": [
        "王某某：退休不褪色的老教师",
        "王某某今年七十八岁，是一名退休教师。退休后他加入了县关工委的五老队伍。",
        "他每周都到村小学给孩子们辅导功课。他说，孩子们的笑脸就是他最大的快乐。",
        "王某某还自费办起了图书角，他的事迹在当地传为佳话。",
    ],
    "case": [
        "某县关工委开展关爱留守儿童活动",
        "今年以来，某县关工委组织五老志愿者走访留守儿童家庭三百余户，送去学习用品。",
        "全县各级关工组织还举办了暑期课堂，共有1200名学生参加。",
    ],
}


@pytest.mark.parametrize("kind", sorted(ARTICLES))
def test_each_kind_is_told_from_its_own_words(kind: str):
    article = analyse(Doc(path=None, lines=[Line(t) for t in ARTICLES[kind]]))  # type: ignore[arg-type]
    assert guess(article, honor=True) == kind


def test_a_report_naming_honours_won_in_passing_stays_a_case():
    lines = [
        "某县关工委2023年工作总结",
        "2023年，某县关工委围绕中心工作，组织五老开展宣讲，取得明显成效。",
        "县关工委被评为市关心下一代工作先进集体，两名同志获评先进个人。",
    ]
    article = analyse(Doc(path=None, lines=[Line(t) for t in lines]))  # type: ignore[arg-type]
    assert guess(article, honor=True) == "case"
