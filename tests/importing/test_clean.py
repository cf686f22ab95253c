"""Cleaning an article's text: what is converted, what is kept as written, what is dropped."""

from __future__ import annotations

import pytest

from storykit.importing.clean import clean_line, furniture, is_traditional, table_row
from storykit.importing.read import Doc, Line
from storykit.importing.structure import analyse


def test_simplified_text_is_not_run_through_t2s():
    # 乾 in a name would become 干 under t2s: a simplified article keeps it
    text = "乾坤老师今年七十岁，退休后在村里办起了书屋，孩子们放学后都来这里读书写字。"
    assert not is_traditional(text)
    article = analyse(Doc(path=None, lines=[Line("张乾坤：办书屋的退休教师"), Line(text)]))  # type: ignore[arg-type]
    assert "乾坤" in article.text


def test_traditional_text_is_converted():
    text = "關心下一代工作委員會組織五老志願者開展活動，為青少年講述革命傳統。"
    assert is_traditional(text)
    assert clean_line(text, traditional=True)[0].startswith("关心下一代工作委员会")


def test_an_address_keeps_its_question_mark_and_commas():
    cleaned, _ = clean_line("原文见 http://example.cn/show.asp?id=3,4&m=1 ，欢迎转载", False)
    assert "http://example.cn/show.asp?id=3,4&m=1" in cleaned
    assert cleaned.endswith("，欢迎转载")


@pytest.mark.parametrize(
    "line",
    [
        "您现在所在的位置：首页 > 新闻中心",
        "浏览：884",
        "评论(1)",
        "官方微信 | 繁体版 | 无障碍版",
        "友情链接",
        "//= $list[3]['title']",
        "{$article.title}",
        "第02版：要闻",
        "上一版 3 4 下一版",
        "放大 缩小 默认",
        "书名：",
        "一级目：群众团体",
        "---|---|---|",
        "• 某某新闻客户端",
    ],
)
def test_page_furniture_is_dropped(line: str):
    assert furniture(clean_line(line, False)[0] or line)


@pytest.mark.parametrize(
    "line",
    ["县关工委组织五老开展宣讲活动。", "王某某：退休不褪色", "一、主要做法", "2023年工作总结"],
)
def test_content_is_not_furniture(line: str):
    assert not furniture(line)


def test_html_tags_and_wiki_marks_are_removed():
    cleaned, _ = clean_line('<p class="ql-block">县关工委召开会议[编辑]。[2]</p>', False)
    assert cleaned == "县关工委召开会议。"


def test_a_flattened_table_row_reads_as_label_and_value():
    assert table_row("地址 | 某省某县 | |||") == "地址：某省某县"
    assert table_row("单独一格 |") == "单独一格"
    assert table_row("没有表格的一行") == "没有表格的一行"
