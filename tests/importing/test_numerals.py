"""Numbers in Chinese text read as a volunteer would read them for a key figure: the value,
the approximation word the models allow, and the measure word; dates, codes, ordinals and
template placeholders are no figures."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from storykit.importing.numerals import chinese_int, find_numbers, read_number
from storykit.records.models import APPROX

ARTICLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "articles"
needs_articles = pytest.mark.skipif(
    not ARTICLES.is_dir(), reason="../shared/articles is not beside the project"
)
GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


def article(prefix: str, traditional: bool = False) -> str:
    """A shared article as the importer hands it on: glosses dropped, traditional converted."""
    text = GLOSS.sub("", next(ARTICLES.glob(f"{prefix}_*.txt")).read_text("utf-8"))
    return opencc.OpenCC("t2s").convert(text) if traditional else text


@pytest.mark.parametrize(
    ("text", "value", "approx", "unit"),
    [
        ("六万份", 60000, None, "份"),
        ("二百余名", 200, "余", "名"),
        ("一千二百三十四", 1234, None, None),
        ("3.5万", 35000, None, None),
        ("1.1 亿元", 1.1, None, "亿元"),
        ("两千", 2000, None, None),
        ("近万", 10000, "近", None),
        ("十余", 10, "余", None),
        ("6.3万多人次", 63000, "多", "人次"),
        ("三十余万人", 300000, "余", "人"),
        ("超1300万人", 13000000, "超过", "人"),
        ("约四百张", 400, "约", "张"),
        ("300人左右", 300, "约", "人"),
        ("6500万元", 6500, None, "万元"),
        ("１２００人", 1200, None, "人"),
        ("一百零五所", 105, None, "所"),
        ("三千五百户", 3500, None, "户"),
    ],
)
def test_reads_a_number_with_its_approximation_and_unit(text, value, approx, unit):
    number = read_number(text)
    assert number is not None
    assert (number.value, number.approx, number.unit) == (value, approx, unit)
    assert number.text == text.strip()


@pytest.mark.parametrize(
    "text", ["X 个", "X 万", "XX县", "X多名", "十佳", "三四个", "百年", "万人空巷"]
)
def test_placeholders_ranges_and_words_are_no_numbers(text):
    assert read_number(text) is None
    assert find_numbers(f"全县有{text}。") == []


def test_chinese_numerals():
    assert chinese_int("一千二百三十四") == 1234
    assert chinese_int("十二") == 12
    assert chinese_int("一万二") == 12000
    assert chinese_int("一亿二千万") == 120_000_000
    assert chinese_int("二〇二五") == 2025
    assert chinese_int("十十") is None
    assert chinese_int("三四") is None


def test_found_numbers_carry_their_span_so_the_words_before_are_the_label():
    text = "示例县现有五老志愿者2113人，举办报告会近百场。"
    found = find_numbers(text)
    assert [(f.value, f.approx, f.unit) for f in found] == [(2113, None, "人"), (100, "近", "场")]
    first = found[0]
    assert text[first.start : first.end] == first.text == "2113人"
    assert text[: first.start].endswith("五老志愿者")


def test_dates_codes_ordinals_and_list_numbers_are_left_out():
    text = (
        "2013年3月5日公布第七批名单，编号7-1234。\n1、示例单位于9月20号召开会议，"
        "联系电话：0000-12345678，坐标29.5°N。[1] 共培训教师120名。"
    )
    assert [(f.value, f.unit) for f in find_numbers(text)] == [(120, "名")]


def test_every_approximation_is_one_the_models_allow():
    text = "约三百人，近万人，二百余名，1500多人，超过10万个，逾百场，300人左右，一年多"
    found = find_numbers(text)
    assert len(found) == 8
    assert {f.approx for f in found} <= set(APPROX)


def test_recent_years_are_not_approximate():
    (found,) = find_numbers("近3年来，示例县关工委开展活动。")
    assert (found.value, found.approx, found.unit) == (3, None, "年")


@needs_articles
def test_spaced_money_in_a_real_report():
    found = {f.text: f for f in find_numbers(article("20"))}
    assert (found["1.1 亿元"].value, found["1.1 亿元"].unit) == (1.1, "亿元")
    assert found["6500万元"].unit == "万元"


@needs_articles
def test_a_template_with_placeholders_gives_no_figures():
    assert find_numbers(article("22")) == []


@needs_articles
def test_counts_of_a_real_news_report():
    by_text = {f.text: f for f in find_numbers(article("05"))}
    assert (by_text["超过107万个"].value, by_text["超过107万个"].approx) == (1_070_000, "超过")
    assert by_text["3.8万个"].value == 38000
    assert "0575" not in " ".join(by_text)  # the news hotline is no figure


@needs_articles
def test_an_age_next_to_a_lost_character_is_not_read():
    found = find_numbers(article("09", traditional=True))
    assert (63000, "多", "人") in [(f.value, f.approx, f.unit) for f in found]
    assert all(f.unit != "岁" for f in found)
