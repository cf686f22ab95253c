"""Messages about nested fields name the keys that are expected, with their Chinese labels."""

from pathlib import Path

import pytest
from helpers import problems_of

SITE = "name: 测试遗址\nsummary: 一处遗址。\nregion: '610602'\n"
CASE = "title: 标题\nsummary: 摘要。\norg: test-province\ndate: '2024'\n"


def problems_in(project: Path, folder: str, text: str) -> list[str]:
    path = project / "stories" / folder / "nested.yml"
    path.write_text(text, "utf-8")
    rel = path.relative_to(project).as_posix()
    return [str(p) for p in problems_of(project) if p.path == rel]


def test_text_where_an_object_belongs_names_its_keys(project: Path):
    found = problems_in(project, "sites", SITE + "visiting: 周二至周日开放\n")
    assert found == [
        "stories/sites/nested.yml:4: visiting: 应为一组字段（键: 值），可用的键："
        'hours（开放时间）、booking（预约方式）、phone（咨询电话）；实际为 "周二至周日开放"'
    ]


def test_required_keys_come_first_and_are_marked(project: Path):
    found = problems_in(project, "sites", SITE + "location: 36.5, 109.4\n")
    assert len(found) == 1
    assert "可用的键：lat（纬度，必填）、lng（经度，必填）、crs（坐标系，必填）；" in found[0]


def test_a_list_item_that_should_be_an_object_names_its_keys(project: Path):
    found = problems_in(project, "cases", CASE + "images:\n  - photo.jpg\n")
    assert len(found) == 1
    assert found[0].startswith("stories/cases/nested.yml:6: images[0]: 应为一组字段（键: 值）")
    assert "src（图片文件，必填）、alt（替代文字，必填）、caption（图片说明）" in found[0]
    assert found[0].endswith('；实际为 "photo.jpg"')


def test_text_where_a_list_of_objects_belongs_names_the_item_keys(project: Path):
    found = problems_in(project, "cases", CASE + "practices: 开展结对帮扶\n")
    assert found == [
        "stories/cases/nested.yml:5: practices: 应为列表（每项一行，以“- ”开头），"
        '每项是一组字段，可用的键：title（小标题，必填）、body（正文）；实际为 "开展结对帮扶"'
    ]


def test_a_list_of_ids_is_not_described_as_objects(project: Path):
    found = problems_in(project, "cases", CASE + "people: {a: b}\n")
    assert len(found) == 1 and "可用的键" not in found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("visiting:\n  hour: 9:00—17:00\n", ":5: visiting.hour: 未知字段 hour；是否想写 hours？"),
        (
            "visiting:\n  wechat: 某某\n",
            ":5: visiting.wechat: 未知字段 wechat（可用字段：hours、booking、phone）",
        ),
        (
            "restorations:\n  - year: 2001\n    notes: 修缮\n",
            ":6: restorations[0].notes: 未知字段 notes；是否想写 note？",
        ),
        (
            "images:\n  - src: a.jpg\n    alt: 图\n    credits: 某某\n",
            ":7: images[0].credits: 未知字段 credits；是否想写 credit？",
        ),
    ],
)
def test_unknown_keys_inside_nested_objects_name_that_objects_keys(
    project: Path, text: str, expected: str
):
    found = problems_in(project, "sites", SITE + text)
    assert [p for p in found if expected in p], found


def test_english_options_are_listed_with_their_meaning(project: Path):
    found = problems_in(project, "sites", SITE + "location: {lat: 36.5, lng: 109.4, crs: gps}\n")
    assert len(found) == 1
    assert (
        "应为以下之一：WGS84（GPS 定位和国际通用的坐标）、GCJ02（高德、腾讯地图的坐标）、"
        'BD09（百度地图的坐标）；实际为 "gps"' in found[0]
    )
    found = problems_in(
        project, "sites", SITE + "images:\n  - {src: a.jpg, alt: 图, focus: middle}\n"
    )
    assert any("center（居中）、top（上部，保留人脸）" in p for p in found), found
