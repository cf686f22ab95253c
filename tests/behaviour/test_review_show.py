"""extra.review.show: a published record page names who signed its content, level by level,
under its byline; off by default."""

from __future__ import annotations

from pathlib import Path

from helpers import FIXTURES, assemble, mkdocs

from storykit.editors import review

LEVELS = "\nextra:\n  review:\n    levels: [初审, 复审, 终审]\n"
PAGE = "site/cases/test-case/index.html"


def signed_project(tmp_path: Path, extra: str) -> Path:
    root = assemble(tmp_path / "p", FIXTURES / "good" / "stories", extra)
    for level, who in (("初审", "张三"), ("复审", "李四"), ("终审", "王<i>五</i>")):
        review.sign(root, "case:test-case", level, who)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root


def test_with_show_on_a_signed_records_page_names_its_reviewers_escaped(tmp_path):
    root = signed_project(tmp_path, LEVELS + "    show: true\n")
    page = (root / PAGE).read_text("utf-8")
    assert "初审 张三 · 复审 李四 · 终审 王&lt;i&gt;五&lt;/i&gt;" in page
    assert "<i>五" not in page
    byline = page.index('class="sk-meta"')
    assert byline < page.index('class="sk-reviewed"')  # under the byline


def test_by_default_no_reviewer_is_named(tmp_path):
    root = signed_project(tmp_path, LEVELS)
    page = (root / PAGE).read_text("utf-8")
    assert "测试经验做法" in page  # published: signed at every level
    assert "张三" not in page and "sk-reviewed" not in page
