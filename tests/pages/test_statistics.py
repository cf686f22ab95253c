"""Key figures added up: the vocabulary, the no-double-counting rule, the page and the CSV."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from storykit.pages.listings import region_page
from storykit.pages.queries import Queries
from storykit.pages.statspage import statistics_page
from storykit.pages.totals import Statistics
from storykit.records import catalog
from tests.helpers import FIXTURES, page

LIAONING, FUXIN, ZHANGWU, FUXINXIAN = "210000", "210900", "210922", "210921"
HEILONGJIANG, QIQIHAR, LONGJIANG = "230000", "230200", "230221"


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    built = catalog.build(FIXTURES / "statistics")
    assert [p for p in built.problems if not p.warning] == []
    return built


@pytest.fixture(scope="module")
def stats(cat) -> Statistics:
    return Statistics(cat)


def test_two_counties_add_up_to_a_province_without_its_own_record(stats):
    prefecture = stats.total("五老队伍", FUXIN, 2024)
    province = stats.total("五老队伍", LIAONING, 2024)
    assert (prefecture.value, prefecture.basis) == (150, "下级汇总")
    assert (province.value, province.basis) == (150, "下级汇总")
    assert set(province.records) == {("org", "zhangwu"), ("org", "fuxinxian")}
    assert stats.total("五老队伍", ZHANGWU, 2024).basis == "本级填报"


def test_a_province_own_organisation_wins_over_its_counties(stats):
    province = stats.total("五老队伍", HEILONGJIANG, 2024)
    assert (province.value, province.basis, province.records) == (
        1000,
        "本级填报",
        (("org", "heilongjiang"),),
    )
    assert stats.total("五老队伍", QIQIHAR, 2024).value == 300  # below it, the county's
    # the country: Liaoning's sum and Heilongjiang's own figure, Longjiang not counted twice
    assert stats.total("五老队伍", None, 2024).value == 150 + 1000


def test_years_are_never_added_together(stats):
    assert stats.total("五老队伍", LIAONING, 2023).value == 80
    assert stats.total("五老队伍", LIAONING, 2024).value == 150
    latest = stats.latest("五老队伍", LIAONING)
    assert (latest.year, latest.value) == (2024, 150)
    assert stats.years("五老队伍") == [2023, 2024]


def test_an_alias_in_another_unit_counts_with_its_metric(stats):
    # “五老”人数 with unit 名 is 五老队伍 in 人
    assert stats.total("五老队伍", FUXINXIAN, 2024).value == 50


def test_a_case_figure_without_year_takes_the_case_date_and_converts_units(stats):
    total = stats.latest("帮扶资金", None)
    assert (total.year, total.value, total.records) == (2022, 15000, (("case", "yanan-zijin"),))


def test_organisation_pages_and_region_pages_show_their_own_totals(cat):
    site = Queries(cat)
    org = site.statistics().org_latest("五老队伍", "heilongjiang")
    assert (org.value, org.basis) == (1000, "本级填报")
    totals = region_page(site, FUXIN).totals
    assert [(t.metric, t.value, t.year, t.basis) for t in totals] == [
        ("五老队伍", "150", 2024, "下级汇总")
    ]


def project_with(tmp_path: Path, rel: str, text: str) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "statistics", root)
    (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_unit_that_contradicts_its_metric_is_an_error_at_its_line(tmp_path):
    root = project_with(
        tmp_path,
        "stories/cases/yuan.yml",
        "title: 元\nsummary: 单位写成元。\norg: yanan\ndate: '2023'\nfigures:\n"
        "  - label: 帮扶资金\n    value: 300000\n    unit: 元\n",
    )
    cat = catalog.build(root)
    errors = [str(p) for p in cat.problems if not p.warning]
    assert len(errors) == 1
    assert errors[0].startswith(
        "stories/cases/yuan.yml:8: figures[0].unit: 单位 元 与指标 帮扶资金"
    )
    assert "万元" in errors[0]


def test_an_unknown_label_is_shown_but_not_counted_and_the_nearest_metric_suggested(tmp_path):
    root = project_with(
        tmp_path,
        "stories/cases/near.yml",
        "title: 近\nsummary: 指标名写得不一样。\norg: yanan\ndate: '2023'\nfigures:\n"
        "  - {label: 五老队伍总人数, value: 9, unit: 人}\n",
    )
    cat = catalog.build(root)
    found = [p for p in cat.problems if p.path == "stories/cases/near.yml"]
    assert len(found) == 1 and found[0].warning
    assert "不计入统计" in found[0].message and "五老队伍" in found[0].message
    assert Statistics(cat).total("五老队伍", None, 2023).value == 80


def test_a_broken_vocabulary_is_reported_like_the_themes(tmp_path):
    root = project_with(
        tmp_path,
        "stories/metrics.yml",
        "- name: 五老队伍\n  unit: 人\n- name: 会员\n  aliases: [五老队伍]\n  unit: 人\n"
        "- name: 资金\n",
    )
    lines = [str(p) for p in catalog.build(root).problems if p.path == "stories/metrics.yml"]
    assert any(
        line.startswith("stories/metrics.yml:3: [1]: 别名 五老队伍 已属于") for line in lines
    )
    assert any(line.startswith("stories/metrics.yml:6: [2].unit: ") for line in lines)


def test_a_county_figure_appears_under_its_city_and_province():
    # the fixture's, not the shipped sample's: volunteers may change stories/ at will
    cat = catalog.build(FIXTURES / "statistics")
    site = Queries(cat)
    data = statistics_page(site)
    block = next(m for m in data.metrics if m.name == "五老队伍")
    province = next(n for n in block.tree if n.name == "黑龙江省")
    city = next(n for n in province.children if n.name == "齐齐哈尔市")
    county = next(n for n in city.children if n.name == "龙江县")
    assert any("龙江" in link.text for link in county.row.sources)
    assert province.row.value and city.row.value


def test_the_csv_parses_and_its_totals_match_the_page(published):
    raw = (published / "statistics" / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "指标",
        "单位",
        "年份",
        "地区代码",
        "地区",
        "合计",
        "来源记录数",
        "口径",
    ]
    by = {(r["指标"], r["地区"], r["年份"]): r for r in rows}
    assert by[("五老队伍", "辽宁省", "2024")]["合计"] == "120"
    assert by[("五老队伍", "辽宁省", "2024")]["口径"] == "下级汇总"
    assert by[("五老队伍", "辽宁省/阜新市", "2024")]["口径"] == "本级填报"
    assert by[("会员", "陕西省", "2023")]["合计"] == "40"
    html = page(published, "statistics/")
    for metric, region, year in [("五老队伍", "辽宁省", "2024"), ("会员", "陕西省", "2023")]:
        row = by[(metric, region, year)]
        cell = re.search(
            rf">{region}</a></th><td class=\"sk-num\">([^<]+)</td><td>{year} 年</td>"
            rf"<td>{row['口径']}</td>",
            html,
        )
        assert cell and cell.group(1) == row["合计"], (metric, region)
    assert "截至 2024 年" in html
    assert 'href="figures.csv"' in html


def test_region_and_organisation_pages_show_their_totals(published):
    city = page(published, "orgs/test-city/")
    assert "统计合计" in city and "截至 2024 年，本级填报" in city
    province_org = page(published, "orgs/test-province/")  # no figure of its own: its child's
    assert "截至 2024 年，下级汇总" in province_org and ">测试市委员会</a>" in province_org
    region = page(published, "regions/210000/")
    assert "统计合计" in region and "截至 2024 年，下级汇总" in region
    assert 'href="../../statistics/#metric-1"' in region
