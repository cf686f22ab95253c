"""The recipients of honours lists in the shapes real lists take, and what a list says about
itself (status, level, awarding bodies, year)."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from storykit.importing.honours import honour_facts, read_recipients
from storykit.records.models import HONOR_LEVELS, HONOR_STATUS, RecipientGroup

ARTICLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "articles"
needs_articles = pytest.mark.skipif(
    not ARTICLES.is_dir(), reason="../shared/articles is not beside the project"
)


def article(prefix: str, traditional: bool = False) -> str:
    text = next(ARTICLES.glob(f"{prefix}_*.txt")).read_text("utf-8")
    return opencc.OpenCC("t2s").convert(text) if traditional else text


def names(group: dict) -> list[str]:
    return [m["name"] for m in group["members"]]


def test_groups_under_headings_are_valid_recipient_groups():
    roster = read_recipients(
        [
            "示例省关工委关于表彰先进集体和先进工作者的决定",
            "一、先进集体（2个）",
            "示例县关心下一代工作委员会",
            "示例市第一中学",
            "二、先进工作者（2名）",
            "张某某（示例县关工委）",
            "示例镇关工委常务副主任李某某",
        ]
    )
    assert [g["title"] for g in roster.groups] == ["先进集体", "先进工作者"]
    assert roster.groups[0]["members"] == [
        {"name": "示例县关心下一代工作委员会"},
        {"name": "示例市第一中学"},
    ]
    assert roster.groups[1]["members"] == [
        {"name": "张某某", "org_name": "示例县关工委"},
        {"name": "李某某", "org_name": "示例镇关工委常务副主任"},
    ]
    for group in roster.groups:
        RecipientGroup.model_validate(group)
    assert [(c.value, c.title) for c in roster.counts] == [(2, "先进集体"), (2, "先进工作者")]


def test_a_grid_of_names_and_a_name_cut_off_at_the_end():
    roster = read_recipients(
        [
            "一、优秀五老（30名）（按姓氏笔画为序）",
            "王某 王某某 孔某某 冯某 刘某某 吐某·某某",
            "孙某某、李某、杨某某",
            "张某某 陈某",
        ]
    )
    (group,) = roster.groups
    assert group["title"] == "优秀五老"
    assert names(group) == ["王某", "王某某", "孔某某", "冯某", "刘某某", "吐某·某某"] + [
        "孙某某",
        "李某",
        "杨某某",
        "张某某",
    ]
    assert roster.dropped == ["陈某"]  # the list says 30 and the text stops: 陈某 may be half


def test_a_single_character_left_at_the_very_end_is_a_cut_name():
    roster = read_recipients(["先进个人", "王某 李某某 赵某", "孙某某 周某 吴"])
    assert names(roster.groups[0])[-1] == "周某"
    assert roster.dropped == ["吴"]


def test_a_complete_grid_keeps_its_last_name():
    roster = read_recipients(["先进个人（3名）", "王某 李某某 赵某"])
    assert names(roster.groups[0]) == ["王某", "李某某", "赵某"]
    assert roster.dropped == []


def test_unit_and_name_separated_by_a_space_or_a_comma():
    roster = read_recipients(
        ["优秀志愿者", "示例县关工委主任 周某某", "吴某某，示例社区关工委副主任", "郑某（追授）"]
    )
    assert roster.groups[0]["members"] == [
        {"name": "周某某", "org_name": "示例县关工委主任"},
        {"name": "吴某某", "org_name": "示例社区关工委副主任"},
        {"name": "郑某", "note": "追授"},
    ]


def test_one_profile_per_nominee():
    roster = read_recipients(
        [
            "特别贡献奖",
            "赵某某",
            "男，汉族，70岁，中共党员，示例县关工委执行主任。",
            "他多年如一日关心青少年成长，被孩子们称为知心爷爷。",
            "钱某某",
            "她退休后坚持为留守儿童辅导功课，风雨无阻。",
        ]
    )
    assert roster.groups == [
        {
            "title": "特别贡献奖",
            "members": [{"name": "赵某某", "org_name": "示例县关工委执行主任"}, {"name": "钱某某"}],
        }
    ]


def test_an_inline_heading_with_its_names():
    roster = read_recipients(["先进工作者：张某、李某某、王某"])
    assert roster.groups == [
        {"title": "先进工作者", "members": [{"name": "张某"}, {"name": "李某某"}, {"name": "王某"}]}
    ]


def test_counts_instead_of_names():
    roster = read_recipients(
        [
            "经层层推荐，拟推荐示例县关工委等12个单位为先进集体候选单位，"
            "示例镇关工委主任张某某等30名同志为先进工作者候选人。",
            "示例省关心下一代工作委员会",
            "2025年7月1日",
        ]
    )
    assert roster.groups == []  # the signature at the foot is not a recipient
    assert [(c.value, c.unit, c.title) for c in roster.counts] == [
        (12, "个单位", "先进集体候选单位"),
        (30, "名同志", "先进工作者候选人"),
    ]
    assert roster.counts[1].named == ({"name": "张某某", "org_name": "示例镇关工委主任"},)


def test_headings_without_names_are_reported():
    roster = read_recipients(
        ["表彰名单：", "先进集体（示例省）", "先进个人（示例省）", "（来源：示例网）"]
    )
    assert roster.groups == []
    assert roster.empty == ["先进集体（示例省）", "先进个人（示例省）"]


def test_prose_alone_names_no_recipients():
    text = "示例县关工委召开会议，部署全年工作。张某某主持会议，李某某讲话。"
    assert read_recipients(text.split("\n")).groups == []


def test_honours_named_in_a_sentence():
    roster = read_recipients(
        ["示例县关工委被评为示例省先进集体，示例镇关工委主任张某某获评示例省先进个人。"]
    )
    assert roster.in_prose == [
        {"title": "示例省先进集体", "members": [{"name": "示例县关工委"}]},
        {
            "title": "示例省先进个人",
            "members": [{"name": "张某某", "org_name": "示例镇关工委主任"}],
        },
    ]


@pytest.mark.parametrize(
    ("title", "text", "status"),
    [
        ("示例省先进集体拟推荐对象公示", "", "公示"),
        ("关于表彰示例县先进集体的决定", "", "授予"),
        ("", "产生30名建议人选，经过审核公示等环节。", "提名"),
        ("", "现将候选人名单予以公示。", "公示"),
        ("", "大会表彰了一批先进集体。", "授予"),
    ],
)
def test_status_from_the_title_and_the_text(title, text, status):
    assert status in HONOR_STATUS
    assert honour_facts(title, text)["status"] == status


def test_awarding_bodies_level_and_year():
    facts = honour_facts(
        "示例省2024年度关心下一代工作先进集体名单",
        "示例省关工委和示例省人力资源和社会保障厅联合表彰了一批先进集体。",
    )
    assert facts["by"] == ["示例省关工委", "示例省人力资源和社会保障厅"]
    assert facts["level"] == "省"
    assert facts["year"] == 2024
    assert facts["status"] == "授予"


def test_awarding_bodies_from_the_title_of_a_decision():
    facts = honour_facts("示例市关工委、示例市教育局关于表彰优秀五老的决定", "")
    assert facts == {"status": "授予", "by": ["示例市关工委", "示例市教育局"], "level": "市"}


def test_nothing_said_nothing_returned():
    assert honour_facts("示例县关工委召开会议", "会议部署了全年工作。") == {}


@needs_articles
def test_real_name_grid_cut_off_mid_name():
    roster = read_recipients(article("01").splitlines())
    (group,) = roster.groups
    assert "个人" in group["title"]
    assert len(group["members"]) > 30
    assert all(1 < len(n) <= 4 for n in names(group))
    assert roster.dropped == ["王忠"]
    assert (278, "名") in [(c.value, c.unit) for c in roster.counts]
    facts = honour_facts("", article("01"))
    assert facts["status"] == "提名"
    assert facts["level"] == "全国"
    assert len(facts["by"]) == 9 and "人力资源和社会保障部" in facts["by"]


@needs_articles
def test_real_list_with_units_and_posts_run_into_names():
    roster = read_recipients(article("02").splitlines())
    collectives, workers = roster.groups
    assert len(collectives["members"]) == 8
    assert all("org_name" not in m for m in collectives["members"])
    assert len(workers["members"]) == 12
    by_name = {m["name"]: m["org_name"] for m in workers["members"]}
    assert "吐尔买买提·马提" in by_name
    assert by_name["梁伟国"].endswith("办公室主任")
    assert by_name["解金芳"].endswith("常务副主任")
    facts = honour_facts("", article("02"))
    assert (facts["status"], facts["level"]) == ("授予", "全国")


@needs_articles
@pytest.mark.parametrize("prefix", ["01", "02", "04"])
def test_real_lists_read_the_same_after_punctuation_is_made_full_width(prefix):
    raw = article(prefix).splitlines()
    wide = [
        line.translate(str.maketrans({",": "，", ":": "：", "(": "（", ")": "）"})) for line in raw
    ]
    assert [names(g) for g in read_recipients(wide).groups] == [
        names(g) for g in read_recipients(raw).groups
    ]


@needs_articles
def test_real_shortlist_with_counts_only():
    roster = read_recipients(article("03").splitlines())
    assert roster.groups == []
    assert [(c.value, c.unit) for c in roster.counts] == [(22, "个单位"), (45, "名同志")]
    facts = honour_facts("", article("03"))
    assert facts["status"] == "公示"
    assert facts["by"] == ["中国关工委", "中央文明办"]
    assert facts["level"] == "全国"


@needs_articles
def test_real_profiles_under_inline_award_headings():
    roster = read_recipients(article("04").splitlines())
    assert [len(g["members"]) for g in roster.groups] == [2, 2]
    assert names(roster.groups[0]) == ["赵栋贤", "周全弟"]
    assert roster.groups[1]["members"][0]["org_name"].endswith("执行主任")
    assert honour_facts("", article("04")) == {"level": "省"}


@needs_articles
def test_real_list_whose_names_were_pictures():
    roster = read_recipients(article("05").splitlines())
    assert roster.groups == []
    assert len(roster.empty) == 2
    assert sorted(c.value for c in roster.counts) == [18, 48]
    assert honour_facts("", article("05"))["level"] in HONOR_LEVELS


@needs_articles
def test_real_yearbook_entry_with_honours_in_a_sentence():
    roster = read_recipients(article("17").splitlines())
    titles = [g["title"] for g in roster.in_prose]
    assert titles == ["湖南省关心下一代工作先进集体", "湖南省关心下一代工作先进个人"]
    assert [m["name"] for m in roster.in_prose[1]["members"]] == ["邓竹清", "周燕"]
