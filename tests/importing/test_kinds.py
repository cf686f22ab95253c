"""`storykit import --kind K` for every kind the command line offers, run as volunteers run it:
each either writes a draft that `storykit check` accepts or refuses the file with a Chinese
reason that names it, and never ends in a traceback."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES

from storykit.cli.main import parser
from storykit.importing import import_file
from storykit.importing.articles import Importer
from storykit.records.catalog import build

CHINESE = re.compile(r"[\u4e00-\u9fff]")
WRITTEN = re.compile(r"^.+?: 已写入 (\S+)$", re.M)

# A plain report that names a person in its title, a county's 关工委, the catalog's organisation
# (测试省委员会) and publication (《测试图书》), a site with an era and key figures.
ARTICLE = """林书艳：把红色读物送到孩子们手中

彰武县关工委五老宣讲团成员林书艳，退休前是一名小学教师。她十年如一日走进全县中小学，为孩子们讲述革命故事。
她常说，《测试图书》里的故事就发生在我们身边。在测试省委员会的支持下，她的宣讲足迹遍及全县120所学校，听众达3万人次。
她还带着孩子们参观抗日战争时期的革命旧址，位于彰武县城北的纪念馆。
"""

READING_LIST = """彰武县关工委2024年暑期红色读物推荐书目

为引导青少年读好书、好读书，彰武县关工委邀请五老宣讲团成员精选了一批红色读物，向全县中小学生推荐。

一、《测试期刊》
期刊每月一期，刊登五老宣讲团的宣讲稿和学生的读后感。

二、《测试图书》
本书收录了辽宁老区的革命故事，语言朴实，适合小学高年级学生阅读。

三、《彰武红色记忆》
这本书讲述了彰武县的抗战故事，图文并茂。
"""


def import_kinds() -> tuple[str, ...]:
    """The choices of `storykit import --kind`, read from the command line's own parser."""
    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    kind = next(a for a in commands.choices["import"]._actions if "--kind" in a.option_strings)
    return tuple(kind.choices)


def storykit(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of(tmp_path: Path, fixture: str) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / fixture, dest)
    return dest


def write_article(tmp_path: Path, text: str, name: str = "报道.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def assert_imported_or_refused(result: subprocess.CompletedProcess, article: Path, root: Path):
    """Exit 0 with records that pass `storykit check`, or 1 with `path: reason` in Chinese."""
    said = result.stdout + result.stderr
    assert "Traceback" not in said, said
    assert result.returncode in (0, 1), said
    if result.returncode == 0:
        written = WRITTEN.findall(result.stdout)
        assert written, said
        for rel in written:
            assert yaml.safe_load((root / rel).read_text("utf-8"))["draft"] is True
        check = storykit("check", root)
        assert check.returncode == 0, check.stdout + check.stderr
    else:
        reasons = [
            line[len(f"{article}: ") :]
            for line in result.stdout.splitlines()
            if line.startswith(f"{article}: ")
        ]
        assert reasons and all(CHINESE.search(r) for r in reasons), said


def test_the_command_line_offers_every_kind_of_the_models():
    from storykit.records.models import KINDS

    assert set(import_kinds()) == {"auto", *KINDS}


@pytest.mark.parametrize("kind", import_kinds())
def test_every_kind_imports_a_plain_article_or_says_why_not(tmp_path: Path, kind: str):
    root = copy_of(tmp_path, "good")
    article = write_article(tmp_path, ARTICLE)
    result = storykit("import", article, "--kind", kind, "--dir", root)
    assert_imported_or_refused(result, article, root)


# -- shelves ----------------------------------------------------------------------------------
def test_a_reading_list_becomes_a_shelf_of_the_books_the_catalog_has(tmp_path: Path):
    root = copy_of(tmp_path, "linked")
    article = write_article(tmp_path, READING_LIST)
    result = storykit("import", article, "--kind", "shelf", "--dir", root)
    assert_imported_or_refused(result, article, root)
    assert result.returncode == 0
    (rel,) = WRITTEN.findall(result.stdout)
    assert rel.startswith("stories/shelves/")
    text = (root / rel).read_text("utf-8")
    shelf = yaml.safe_load(text)
    assert shelf["title"] == "彰武县关工委2024年暑期红色读物推荐书目"
    # in the article's order, each with the sentence that introduces it
    assert shelf["items"] == [
        {
            "publication": "test-journal",
            "note": "期刊每月一期，刊登五老宣讲团的宣讲稿和学生的读后感。",
        },
        {
            "publication": "test-book",
            "note": "本书收录了辽宁老区的革命故事，语言朴实，适合小学高年级学生阅读。",
        },
    ]
    # the book without a record is named for the volunteer, not invented
    assert "《彰武红色记忆》" in text.split("\ntitle:")[0]


def test_a_shelf_lists_a_book_named_in_passing_without_a_note(tmp_path: Path):
    root = copy_of(tmp_path, "good")
    article = write_article(tmp_path, ARTICLE)
    result = storykit("import", article, "--kind", "shelf", "--dir", root)
    assert result.returncode == 0, result.stdout + result.stderr
    (rel,) = WRITTEN.findall(result.stdout)
    assert yaml.safe_load((root / rel).read_text("utf-8"))["items"] == ["test-book"]


def test_a_shelf_without_known_books_is_a_draft_naming_the_books(tmp_path: Path):
    root = copy_of(tmp_path, "good")
    article = write_article(
        tmp_path, READING_LIST.replace("测试图书", "红岩").replace("测试期刊", "长征故事")
    )
    result = storykit("import", article, "--kind", "shelf", "--dir", root)
    assert_imported_or_refused(result, article, root)
    assert result.returncode == 0
    assert "文中提到的《长征故事》、《红岩》、《彰武红色记忆》" in result.stdout
    assert "storykit new publication" in result.stdout
    (rel,) = WRITTEN.findall(result.stdout)
    shelf = yaml.safe_load((root / rel).read_text("utf-8"))
    assert shelf["draft"] is True and "items" not in shelf


def test_a_shelf_from_an_article_naming_no_books_is_an_empty_draft(tmp_path: Path):
    root = copy_of(tmp_path, "good")
    article = write_article(
        tmp_path,
        "县关工委开展关爱留守儿童活动\n\n县关工委组织五老志愿者走访全县留守儿童家庭，"
        "送去学习用品，帮助孩子们解决学习和生活中的困难。\n",
    )
    result = storykit("import", article, "--kind", "shelf", "--dir", root)
    assert_imported_or_refused(result, article, root)
    assert result.returncode == 0
    assert "文中没有提到 stories/publications/ 里已有的书刊，items 暂空" in result.stdout
    check = storykit("check", root)
    assert "items" in check.stdout + check.stderr  # reminded that the list is empty


def test_a_kind_the_importer_cannot_build_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a kind added to the models before the importer learns to build it
    monkeypatch.delattr(Importer, "build_shelf")
    root = copy_of(tmp_path, "good")
    article = write_article(tmp_path, ARTICLE)
    result = import_file(root, article, "shelf", build(root, drafts=True), {})
    assert result.written == []
    assert result.error.startswith("还不能从文章导入书架（shelf）")
