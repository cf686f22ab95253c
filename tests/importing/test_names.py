"""Names in Chinese lists: a person's name, a unit's name, a post run into the name after it,
and the level a unit's name gives."""

from __future__ import annotations

import pytest

from storykit.importing.names import is_name, is_org, split_post, unit_level


@pytest.mark.parametrize("word", ["张某", "欧阳某某", "吐某·某某", "王某某"])
def test_names(word):
    assert is_name(word)


@pytest.mark.parametrize("word", ["历史", "参考文献", "张书记", "示例县关工委", "热情奉献新时代"])
def test_not_names(word):
    assert not is_name(word)


def test_units():
    assert is_org("示例县关心下一代工作委员会")
    assert is_org("示例市第一中学")
    assert not is_org("张某某")


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("示例县关工委常务副主任张某某", ("示例县关工委常务副主任", "张某某")),
        ("示例牧场关工委副主任吐某·某某", ("示例牧场关工委副主任", "吐某·某某")),
        (
            "示例所所长、关工委秘书长兼办公室主任王某",
            ("示例所所长、关工委秘书长兼办公室主任", "王某"),
        ),
        ("示例银发工作室领衔人李某某", ("示例银发工作室领衔人", "李某某")),
        ("示例县关心下一代工作委员会", None),
    ],
)
def test_post_split_off_the_name(text, split):
    assert split_post(text) == split


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("中国关心下一代工作委员会", "全国"),
        ("示例省关工委", "省"),
        ("上海市关工委", "省"),
        ("示例市示例区关工委", "县"),
        ("示例县示例街道关工委", "乡镇"),
        ("示例学院关工委", "学校"),
        ("示例革命老区建设促进会", None),
    ],
)
def test_unit_level(name, level):
    assert unit_level(name) == level
