"""The sign-off text appended to a record file, and the state it gives."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from storykit.records.review import ReviewRefused, sign_text

DAY = dt.date(2024, 5, 20)


@pytest.mark.parametrize("indent", ["", "  "])
def test_a_sign_off_follows_the_lists_own_indentation(indent: str):
    text = (
        "title: 示例\nreviews:\n"
        f'{indent}- level: 初审\n{indent}  by: 甲\n{indent}  date: "2024-05-01"\n'
        f'{indent}  digest: "aaaaaaaaaaaa"\n'
    )
    out = yaml.safe_load(sign_text(text, "复审", "乙", "bbbbbbbbbbbb", "已核对", DAY))
    assert [r["level"] for r in out["reviews"]] == ["初审", "复审"]
    assert out["reviews"][1] == {
        "level": "复审", "by": "乙", "date": "2024-05-20", "note": "已核对", "digest": "bbbbbbbbbbbb"
    }  # fmt: skip


def test_the_first_sign_off_starts_the_list_and_keeps_every_line_above():
    text = "# 说明\ntitle: 示例  # 标题\n"
    out = sign_text(text, "初审", "甲", "cccccccccccc", None, DAY)
    assert out.startswith(text)
    assert yaml.safe_load(out)["reviews"][0]["by"] == "甲"


def test_reviews_not_at_the_end_is_refused():
    text = 'reviews:\n  - level: 初审\n    by: 甲\n    date: "2024-05-01"\n    digest: "a"\ntitle: 示例\n'
    with pytest.raises(ReviewRefused, match="文件的最后"):
        sign_text(text, "复审", "乙", "b", None, DAY)
