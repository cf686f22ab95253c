"""Facts of each record kind read from article text: what the text says, with the models'
field names and allowed values, and nothing it does not say."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storykit.importing.facts import (
    bylines,
    fields,
    org_facts,
    person_facts,
    publication_facts,
    read_location,
    site_facts,
)
from storykit.importing.honours import honour_facts, read_recipients
from storykit.importing.numerals import find_numbers, read_number
from storykit.records.models import Org, Person, Publication, RedSite

ARTICLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "articles"
needs_articles = pytest.mark.skipif(
    not ARTICLES.is_dir(), reason="../shared/articles is not beside the project"
)
GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
ALIASES = {"pub_kind": "kind", "site_kind": "kind", "org_type": "type"}


def article(prefix: str, traditional: bool = False) -> str:
    """A shared article as the importer hands it on: glosses dropped, traditional converted."""
    text = GLOSS.sub("", next(ARTICLES.glob(f"{prefix}_*.txt")).read_text("utf-8"))
    return opencc.OpenCC("t2s").convert(text) if traditional else text


def valid(model, facts: dict, **required) -> None:
    """The facts pass the record model, under the models' own keys."""
    model.model_validate({ALIASES.get(k, k): v for k, v in facts.items()} | required)


# -- infobox rows ---------------------------------------------------------------------------
def test_infobox_rows_in_their_three_shapes():
    text = "地址 | 示例县示例镇 | ||\n编号：8-0001\n简    称\n示例会\n成立时间\n书名：\n"
    assert fields(text) == {"地址": "示例县示例镇", "编号": "8-0001", "简称": "示例会"}


# -- red sites ------------------------------------------------------------------------------
def test_site_with_protection_batch_year_era_and_address():
    text = (
        "示例纪念馆位于示例县城北，示例镇示例村。2019年10月，这里被公布为第八批全国重点文物保护"
        "单位。抗日战争时期，这里是示例根据地的后方医院。"
    )
    facts = site_facts("示例纪念馆", text)
    assert facts == {
        "protection": "全国重点文物保护单位",
        "batch": "第八批",
        "announced": 2019,
        "eras": ["抗日战争时期"],
        "site_kind": "纪念馆",
        "address": "示例县城北，示例镇示例村",
    }
    valid(RedSite, facts, name="示例纪念馆", summary="示例", region="示例省")


def test_site_list_number_the_highest_listing_and_years_as_era():
    text = (
        "示例旧居，1992年列为示例市第二批市级文物保护单位，后列为示例省第一批第20项省级文物"
        "保护单位。\n时代 | 1931-1934年 |"
    )
    facts = site_facts("示例旧居（示例镇）", text)
    assert facts["protection"] == "省级"
    assert (facts["batch"], facts["list_number"]) == ("第一批", "第20项")
    assert facts["eras"] == ["1931-1934年"]
    assert facts["site_kind"] == "旧址"
    assert "announced" not in facts  # no year is given for the provincial listing


def test_site_ungraded_and_level_written_as_a_field():
    assert site_facts("示例遗址", "示例遗址尚未核定公布为文物保护单位。") == {
        "protection": "未定级",
        "site_kind": "遗址",
    }
    assert site_facts("示例碑", "保护级别为县级。")["protection"] == "县级"


def test_site_says_nothing():
    assert site_facts("示例广场", "这里环境优美，是市民休闲的好去处。") == {}


def test_coordinates_decimal_before_dms_and_crs_only_when_named():
    both = "36°35′24″N 109°29′24″E / 36.59°N 109.49°E"
    assert read_location(both) == {"lat": 36.59, "lng": 109.49}
    assert read_location("北纬36°35′24″，东经109°29′24″") == {"lat": 36.59, "lng": 109.49}
    assert read_location("百度地图坐标：北纬36.5912，东经109.4897")["crs"] == "BD09"
    assert read_location("示例路36号，邮编100000") is None


# -- publications ---------------------------------------------------------------------------
def test_book_with_editors_publisher_years_covered_and_isbn():
    text = (
        "《示例县志（1949—2019）》由示例出版社2021年出版，主编：张某某、李某，副主编：王某。"
        "ISBN 978-7-5000-0000-6"
    )
    facts = publication_facts("《示例县志（1949—2019）》", text)
    assert facts == {
        "pub_kind": "图书",
        "chief_editor": ["张某某", "李某"],
        "editors": ["王某"],
        "publisher": "示例出版社",
        "covers": {"from": 1949, "to": 2019},
        "isbn": "978-7-5000-0000-6",
        "year": 2021,
    }
    valid(Publication, facts, title="示例县志")


def test_periodical_issue_running_number_and_issn():
    facts = publication_facts("示例", "《示例》杂志2024年第4期（总第280期），ISSN 1234-5679。")
    assert facts == {
        "pub_kind": "期刊",
        "issue_no": 4,
        "year": 2024,
        "issue_total": 280,
        "issn": "1234-5679",
    }
    valid(Publication, facts, title="示例")


def test_a_training_session_is_no_issue_and_a_series_is_named():
    facts = publication_facts(
        "示例读本", "本书是《示例》丛书之一，曾作为第5期培训班的教材，全书20万字。"
    )
    assert facts == {"pub_kind": "图书", "series": "示例"}


def test_publication_says_nothing():
    assert publication_facts("示例", "内容丰富，深受读者喜爱。") == {}


# -- organisations --------------------------------------------------------------------------
def test_org_short_type_level_and_founding_year():
    text = "示例县关心下一代工作委员会（简称“示例县关工委”）成立于1991年，现有成员40人。"
    facts = org_facts("示例县关心下一代工作委员会", text)
    assert facts == {"short": "示例县关工委", "org_type": "关工委", "level": "县", "founded": 1991}
    valid(Org, facts, name="示例县关心下一代工作委员会")


@pytest.mark.parametrize(
    ("name", "org_type", "level"),
    [
        ("示例省老区建设促进会", "老促会", "省"),
        ("示例大学关心下一代工作委员会", "关工委", "学校"),
        ("示例镇老年大学", "老年大学", "乡镇"),
        ("示例社区关工委", "关工委", "村社区"),
        ("中国老科学技术工作者协会", "老科协", "全国"),
        ("北京市关工委", "关工委", "省"),
    ],
)
def test_org_type_and_level_from_the_name(name, org_type, level):
    facts = org_facts(name, "")
    assert (facts["org_type"], facts["level"]) == (org_type, level)


def test_org_founding_year_of_this_org_not_another():
    text = "示例省老促会2009年成立。示例市老促会成立于2019年，已成立5周年。"
    assert org_facts("示例市老促会", text)["founded"] == 2019
    assert "founded" not in org_facts("示例县老促会", "示例县老促会成立30周年座谈会召开。")


def test_org_parent_and_infobox_founding():
    text = "成立时间 | 1990年2月 |\n上级组织 | 示例省委 示例部门[注 1] |"
    assert org_facts("示例关工委", text) == {
        "org_type": "关工委",
        "founded": 1990,
        "parent_name": "示例省委",
    }


# -- people ---------------------------------------------------------------------------------
def test_person_born_category_and_role():
    text = "张某某，1935年出生，退休教师，现任示例村关工委副主任。"
    facts = person_facts("张某某", text)
    assert facts == {"born": 1935, "category": ["老教师"], "role": "示例村关工委副主任"}
    valid(Person, facts, name="张某某", summary="示例")


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("李某某生于1928年，祖籍示例县。", 1928),
        ("李某某（1920—2010），示例县人。", 1920),
        ("1940年出生的李某某，一直热心公益。", 1940),
        ("李某某同志于1926年9月出生，1944年参加工作。", 1926),
    ],
)
def test_person_birth_year_as_written(text, born):
    assert person_facts("李某某", text)["born"] == born


def test_person_age_is_never_turned_into_a_birth_year():
    facts = person_facts("钱某某", "钱某某今年85岁，是一名离休干部。")
    assert facts == {"category": ["老干部"]}


def test_person_facts_come_only_from_sentences_naming_them():
    text = "孙某是退休教师。示例县关工委专职委员周某某，曾参加志愿军。"
    assert person_facts("周某某", text) == {"category": ["老战士"], "role": "示例县关工委专职委员"}


def test_person_attribute_line_gives_the_post():
    text = "吴某某\n男，汉族，70岁，中共党员，示例县关工委执行主任。"
    assert person_facts("吴某某", text) == {"role": "示例县关工委执行主任"}


# -- bylines --------------------------------------------------------------------------------
def test_byline_on_one_line_with_several_authors():
    lines = ["示例标题", "2024-05-20 10:00 来源：示例日报 作者：张某 李某某", "正文。"]
    assert bylines(lines) == {"author": "张某、李某某", "publisher": "示例日报"}


def test_byline_fields_left_blank_give_nothing():
    assert bylines(["作者：  编辑：", "来源：", "正文。"]) == {}


def test_reporter_in_brackets_and_editor():
    lines = ["本报讯（记者 张某 通讯员 李某）示例县召开会议。", "责任编辑：钱某"]
    assert bylines(lines) == {"author": "张某、李某", "editor": "钱某"}


def test_text_and_photos_line_and_a_closing_name():
    assert bylines(["文/图 王某", "正文。"]) == {"author": "王某"}
    assert bylines(["正文。", "会议取得实效。（赵某某）", "文章热词："]) == {"author": "赵某某"}


def test_a_picture_credit_is_no_source():
    lines = ["示例图片 图片来源：示例网", "正文。（示例网）"]
    assert bylines(lines) == {}


# -- any text ------------------------------------------------------------------------------
PIECES = st.sampled_from(
    list("张李某县市省关工委一二三十百万余约近第批期年月日（）()：:，,、。 |\n·0123456789X")
    + ["主任", "先进集体", "文物保护单位", "出生", "简称", "来源：", "作者：", "°N", "等"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_no_text_makes_any_reader_fail(text):
    lines = text.splitlines()
    assert isinstance(site_facts("示例旧址", text), dict)
    assert isinstance(publication_facts(text[:10], text), dict)
    assert isinstance(org_facts("示例县关工委", text), dict)
    assert isinstance(person_facts("张某", text), dict)
    assert isinstance(bylines(lines), dict)
    assert isinstance(honour_facts(text[:10], text), dict)
    for group in read_recipients(lines).groups:
        assert group["members"]
    for found in find_numbers(text):
        assert text[found.start : found.end] == found.text
    read_number(text)


# -- the real articles ----------------------------------------------------------------------
@needs_articles
def test_real_wiki_site_in_traditional_characters():
    facts = site_facts("重庆谈判旧址群", article("06", traditional=True))
    assert facts["protection"] == "全国重点文物保护单位"
    assert (facts["batch"], facts["announced"], facts["list_number"]) == ("第七批", 2013, "7-1883")
    assert facts["eras"] == ["1945年"]
    assert facts["site_kind"] == "旧址"
    assert facts["address"] == "重庆市渝中区"
    assert facts["location"] == {"lat": 29.55344806, "lng": 106.53032}


@needs_articles
def test_real_place_name_record_with_split_rows():
    facts = site_facts("红二十五军军部医院旧址", article("07"))
    assert (facts["protection"], facts["announced"]) == ("全国重点文物保护单位", 1996)
    assert facts["eras"] == ["1932年"]
    assert facts["address"].startswith("罗山县南部")
    assert "何家冲店口" not in facts["address"]  # the managing office's address, not the site's


@needs_articles
def test_real_aggregator_site_page():
    facts = site_facts("房县六区苏维埃政府旧址", article("08"))
    assert facts["eras"] == ["土地革命战争时期"]
    assert facts["address"] == "湖北省十堰市房县红塔镇况营村"
    assert "protection" not in facts  # 保护范围 is an area, not a level


@needs_articles
def test_real_people():
    assert person_facts("叶连平", article("11")) == {
        "born": 1928,
        "category": ["老教师"],
        "role": "马鞍山退休教师",
    }
    assert person_facts("冒自强", article("10")) == {"born": 1920}
    assert "born" not in person_facts("张", article("09", traditional=True))  # only an age
    assert person_facts("刘纪章", article("04")) == {"role": "成都市彭州市关工委执行主任"}


@needs_articles
def test_real_book_announcement():
    facts = publication_facts("《北海革命老区发展史》出版发行", article("12"))
    assert facts["pub_kind"] == "图书"
    assert facts["publisher"] == "广西师范大学出版社"
    assert facts["series"] == "全国革命老区县发展史"
    assert facts["chief_editor"] == ["北海革命老区建设促进会"]


@needs_articles
def test_real_periodicals():
    assert publication_facts("《关心下一代》征稿启事", article("13")) == {"pub_kind": "期刊"}
    assert publication_facts("", article("14")) == {"pub_kind": "期刊", "issue_no": 5, "year": 2020}


@needs_articles
def test_real_org_profiles():
    facts = org_facts("广东省老区建设促进会", article("15", traditional=True))
    assert facts == {"short": "省老促会", "org_type": "老促会", "level": "省", "founded": 1989}
    facts = org_facts("中国关心下一代工作委员会", article("16"))
    assert facts["short"] == "中国关工委"
    assert (facts["level"], facts["founded"]) == ("全国", 1990)
    assert facts["parent_name"] == "中华全国妇女联合会"
    # a host's boilerplate names another org's founding first; the subject's own is taken
    assert org_facts("烟台革命老区建设促进会", article("20"))["founded"] == 2019


@needs_articles
def test_real_bylines():
    assert bylines(article("05").splitlines()) == {"editor": "张艺涵", "publisher": "潮新闻"}
    assert bylines(article("19", traditional=True).splitlines()) == {
        "author": "王丹、魏立波",
        "editor": "代峥",
        "publisher": "东北网-黑河日报",
    }
    assert bylines(article("20").splitlines()) == {"author": "张桂棠", "publisher": "中国老区建设"}
    assert bylines(article("23").splitlines()) == {"author": "宋立文"}
    assert bylines(article("24").splitlines()) == {"author": "张敏"}
