"""One cause, one message: problems that follow from another are reported at the cause,
with a count of what they affect, and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, problems_of

GOOD = FIXTURES / "good" / "stories"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path / "stories")
    return tmp_path


def _many_themed_cases(root: Path, n: int) -> None:
    for i in range(n):
        (root / "stories" / "cases" / f"extra-{i}.yml").write_text(
            f"title: 附加经验{i}\nsummary: 用于测试。\norg: test-province\ndate: 2024\n"
            "themes: [乡村振兴, 红色传承]\n",
            "utf-8",
        )


def test_a_typo_in_the_theme_vocabulary_is_one_problem_at_its_line(project):
    _many_themed_cases(project, 40)
    themes = project / "stories" / "themes.yml"
    themes.write_text(themes.read_text("utf-8").replace("  slug: xiangcun", "  slugg: xiangcun"))
    found = problems_of(project)
    assert {p.path for p in found} == {"stories/themes.yml"}, [str(p) for p in found]
    assert any(p.line == 3 and "未知字段 slugg" in p.message for p in found)
    first = sorted(found)[0]  # the count rides on the first problem of the cause
    assert "41 处主题因此暂时无法核对" in first.message
    assert not any("可用主题：）" in p.message for p in found)


def test_a_vocabulary_that_does_not_parse_is_the_only_problem(project):
    _many_themed_cases(project, 10)
    (project / "stories" / "themes.yml").write_text("- name: 乡村振兴\n  slug: [x\n", "utf-8")
    found = problems_of(project)
    assert len(found) == 1 and found[0].path == "stories/themes.yml"
    assert "处主题因此暂时无法核对" in found[0].message


def test_themes_without_a_vocabulary_say_so_once(project):
    _many_themed_cases(project, 5)
    (project / "stories" / "themes.yml").unlink()
    found = problems_of(project)
    assert len(found) == 1, [str(p) for p in found]
    assert found[0].path == "stories/themes.yml" and "找不到主题词表" in found[0].message


def test_a_person_in_the_cases_folder_is_told_where_it_belongs(project):
    person = project / "stories" / "people" / "test-person.yml"
    moved = project / "stories" / "cases" / "test-person-2.yml"
    moved.write_text(person.read_text("utf-8").replace("测试人物", "另一位人物"), "utf-8")
    found = [p for p in problems_of(project) if p.path.endswith("test-person-2.yml")]
    assert len(found) == 1, [str(p) for p in found]
    assert "这是一条先进典型记录" in found[0].message
    assert "请把文件移到 stories/people/" in found[0].message
    assert "是否想写 date" not in found[0].message


def test_an_ordinary_typo_is_not_taken_for_another_kind(project):
    case = project / "stories" / "cases" / "test-case.yml"
    case.write_text(case.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    found = [p for p in problems_of(project) if p.path.endswith("test-case.yml")]
    assert any("未知字段 titel；是否想写 title？" in p.message for p in found)
    assert not any("请把文件移到" in p.message for p in found)


def test_references_to_a_broken_record_are_counted_at_its_file(project):
    org = project / "stories" / "orgs" / "test-province.yml"
    org.write_text(org.read_text("utf-8").replace("level:", "levle:"), "utf-8")
    found = problems_of(project)
    assert {p.path for p in found} == {"stories/orgs/test-province.yml"}, [str(p) for p in found]
    assert "处引用因此暂时无法核对" in " ".join(p.message for p in found)
