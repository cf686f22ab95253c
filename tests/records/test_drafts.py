"""A draft may be incomplete: `storykit check` reminds of each required field it lacks, at its
`draft:` line, and still checks the fields it has. A record that is not a draft must be whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES

from storykit.cli.main import main
from storykit.records import catalog
from storykit.records.models import KINDS, Case, HonorList
from storykit.records.problems import errors

DRAFTS = FIXTURES / "drafts" / "stories"


def check(project: Path, capsys) -> tuple[int, list[str]]:
    """`storykit check` on the project: its exit code and the lines it printed."""
    code = main(["check", str(project)])
    return code, capsys.readouterr().out.splitlines()


def write(project: Path, rel: str, text: str) -> None:
    (project / "stories" / rel).write_text(text, "utf-8")


def test_a_draft_lacking_required_fields_passes_with_a_reminder_for_each(project, capsys):
    write(project, "cases/half.yml", "title: 只写了标题的草稿\nregion: 辽宁省\ndraft: true\n")
    code, lines = check(project, capsys)
    assert code == 0
    said = [line for line in lines if line.startswith("stories/cases/half.yml")]
    # one reminder per missing field, at the `draft:` line, saying it is needed to publish
    assert [line.split(": ")[1] for line in said] == ["date", "org", "summary"]
    for line, label in zip(said, ("发布日期", "组织", "摘要"), strict=True):
        assert line.startswith("stories/cases/half.yml:3: ")
        assert f"提醒：草稿还缺少{label}（" in line and "发布前必须填写" in line


def test_every_kind_may_be_a_bare_draft(project, capsys):
    shutil.copytree(DRAFTS, project / "stories", dirs_exist_ok=True)
    code, lines = check(project, capsys)
    assert code == 0, lines
    for kind, model in KINDS.items():
        rel = f"stories/{model.folder}/"
        required = {i.alias or n for n, i in model.model_fields.items() if i.is_required()}
        bare = {
            line.split(": ")[1]
            for line in lines
            if line.startswith(rel + "bare-") and "草稿还缺少" in line
        }
        if kind in ("case", "person"):
            continue  # the fixture's case and person drafts lack less
        assert bare == required, kind


def test_a_wrong_value_in_a_draft_is_still_a_problem(project, capsys):
    write(project, "cases/wrong.yml", 'draft: true\ndate: "2024-13"\n')
    write(project, "sites/nowhere.yml", "draft: true\nregion: 不存在的省\n")
    code, lines = check(project, capsys)
    assert code == 1
    assert any(line.startswith("stories/cases/wrong.yml:2: date: 应为日期") for line in lines)
    assert any(line.startswith("stories/sites/nowhere.yml:2: region: 未找到地区") for line in lines)
    # and, in the same run, what it still lacks
    assert any("wrong.yml:1: org: 提醒：草稿还缺少组织" in line for line in lines)
    assert not any("wrong.yml:1: date: 提醒" in line for line in lines)  # present: checked


def test_a_record_that_is_not_a_draft_must_be_complete(project, capsys):
    write(project, "cases/whole.yml", "title: 不是草稿\ndraft: false\n")
    write(project, "people/plain.yml", "name: 没写摘要的人物\n")
    code, lines = check(project, capsys)
    assert code == 1
    assert "stories/cases/whole.yml:1: org: 缺少必填字段（组织）；请补上这一项" in lines
    assert any(
        line.startswith("stories/people/plain.yml:1: summary: 缺少必填字段") for line in lines
    )
    assert not any("草稿还缺少" in line for line in lines)


def test_an_empty_value_in_a_draft_is_missing_not_wrong(project):
    write(project, "honors/list.yml", "title: 名单草稿\nrecipients:\ndraft: true\n")
    write(project, "cases/empty.yml", 'title: 空的组织\norg:\nsummary: "  "\ndraft: true\n')
    problems = [p for p in catalog.build(project, drafts=True).problems if "草稿" in p.message]
    assert {(p.path, p.field, p.warning) for p in problems} == {
        ("stories/honors/list.yml", "recipients", True),
        ("stories/cases/empty.yml", "org", True),
        ("stories/cases/empty.yml", "summary", True),
        ("stories/cases/empty.yml", "date", True),
    }
    assert not errors(catalog.build(project, drafts=True).problems)


def test_a_draft_is_a_record_of_its_kind_with_what_it_lacks_empty(project):
    write(project, "cases/half.yml", "title: 只写了标题的草稿\ndraft: true\n")
    write(project, "honors/bare.yml", "draft: true\n")
    cat = catalog.build(project, drafts=True)
    case = cat.get("case", "half")
    assert type(case.record) is Case
    assert (case.record.org, case.record.summary, case.record.date) == (None, None, None)
    assert case.title == "只写了标题的草稿" and case.date == ""
    honor = cat.get("honor", "bare")
    assert type(honor.record) is HonorList and honor.record.recipients == []
    assert honor.title == "bare"  # no title yet: it goes by its file name
    # a published build leaves drafts out, complete or not
    published = catalog.build(project, drafts=False)
    assert published.get("case", "half") is None and published.get("honor", "bare") is None


def test_the_items_to_check_are_read_from_the_head_of_the_file(project):
    shutil.copytree(DRAFTS, project / "stories", dirs_exist_ok=True)
    cat = catalog.build(project, drafts=True)
    case = cat.get("case", "imported-draft")
    # the `# 请核对：` lines above the fields, in order; hints and later comments are not items
    assert case.entry.checks == (
        "原文没有写明开展这项工作的组织，请补写 org",
        "摘要原文没有，请补写",
    )
    assert cat.get("person", "draft-person").entry.checks == ()


@pytest.mark.parametrize("value", ["yes", "true", "True"])
def test_draft_may_be_written_as_yaml_reads_true(project, value):
    write(project, "people/yes.yml", f"name: 写法不同的草稿\ndraft: {value}\n")
    problems = [p for p in catalog.build(project, drafts=True).problems if "yes.yml" in p.path]
    assert [(p.field, p.warning) for p in problems] == [("summary", True)]
