"""Figures against the vocabulary of metrics (records/metrics.py): a label is suggested a
metric only when it says the same count in other words and its unit agrees; a figure of the
record's own, or an org's figure without a year, is no reminder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES

from storykit.records import catalog
from storykit.records.metrics import suggestion, vocabulary
from storykit.records.models import Figure, Metric

WORDS = vocabulary(
    [
        Metric(name="五老队伍", unit="人", aliases=["五老人数"], units={"名": 1}),
        Metric(name="关工组织", unit="个", aliases=["各级关工组织"]),
        Metric(name="会员", unit="人", aliases=["会员人数"]),
        Metric(name="驻会人员", unit="人", aliases=["驻会工作人员"]),
        Metric(name="帮扶资金", unit="万元", units={"亿元": 10000}),
        Metric(name="宣讲场次", unit="场", units={"场次": 1}),
        Metric(name="受益青少年", unit="人"),
    ]
)


def suggested(label: str, unit: str | None) -> str | None:
    found = suggestion(Figure(label=label, value=1, unit=unit), WORDS)
    return found.name if found else None


@pytest.mark.parametrize(
    ("label", "unit", "metric"),
    [
        ("全县五老队伍", "人", "五老队伍"),  # the whole county's: the same count
        ("全县“五老”队伍", "名", "五老队伍"),  # quotes ignored, 名 converts to 人
        ("五老队伍总人数", "人", "五老队伍"),  # a counting word after it
        ("各级帮扶资金", "亿元", "帮扶资金"),
        ("全市关工组织数量", "个", "关工组织"),
        ("会员总数", None, "会员"),  # no unit: nothing contradicts
    ],
)
def test_a_label_that_says_the_same_count_gets_the_metric(label, unit, metric):
    assert suggested(label, unit) == metric


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("党员", "人"),  # another head noun, though one character from 会员
        ("义诊受益", "人次"),  # not 受益青少年
        ("政策宣讲受众", "人"),  # an audience in 人, not sessions in 场
        ("五老宣讲团", "个"),
        ("新入列五老", "人"),  # a year's intake, not the team's size
        ("企业关工组织", "家"),  # a part of 关工组织
        ("基层关工委组织", "个"),  # a part, and another word
        ("市县老促会会员", "人"),  # other bodies' members
        ("县区老促会驻会工作人员", "人"),  # an alias narrowed to other bodies
        ("老同志任关工组织负责人", "人"),
        ("吸收社会资金", "万元"),
        ("全县五老队伍", "个"),  # the words fit, the unit does not
        ("试种面积", "亩"),
    ],
)
def test_a_label_that_counts_something_else_gets_nothing(label, unit):
    assert suggested(label, unit) is None


def project_with(tmp_path: Path, rel: str, text: str) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "quiet", root)
    (root / rel).write_text(text, "utf-8")
    return root


def reminders_of(root: Path, rel: str) -> list[str]:
    return [str(p) for p in catalog.build(root).problems if p.path == rel]


def test_only_the_fitting_label_is_reminded_at_its_line(tmp_path):
    rel = "stories/cases/labels.yml"
    root = project_with(
        tmp_path,
        rel,
        "title: 指标名\nsummary: 几种写法。\norg: test-county\ndate: '2024'\nfigures:\n"
        "  - {label: 新入列五老, value: 5, unit: 人}\n"
        "  - {label: 企业关工组织, value: 3, unit: 家}\n"
        "  - {label: 全县五老队伍, value: 9, unit: 人}\n",
    )
    assert reminders_of(root, rel) == [
        f"{rel}:8: figures[2]: 提醒：“全县五老队伍”不是 stories/metrics.yml 中的指标，"
        "照常显示但不计入统计；如果意思相同，请写 五老队伍"
    ]


def test_an_org_figure_without_a_year_is_no_reminder():
    root, rel = FIXTURES / "quiet", "stories/orgs/test-county.yml"
    text = (root / rel).read_text("utf-8")
    assert "year" not in text and "label: 关工组织" in text  # a metric, no year
    assert reminders_of(root, rel) == []
