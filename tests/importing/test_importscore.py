"""`make import-score` (tools/importscore.py): the yardstick itself counts a right field right,
a wrong one wrong, names one by one, and a refused article as refused with every field wrong.
Its own small answers and records here, never the real articles."""

from __future__ import annotations

import io
import os
from pathlib import Path

from tools.importscore import (
    SHARED_ARTICLES,
    Imported,
    Names,
    answer_problems,
    corpora,
    load_answers,
    matches,
    report,
    run,
    same_date,
    score,
)

ORG = "测试县关心下一代工作委员会"
CASE = {
    "kind": "case",
    "title": "测试县关工委办起五老课堂",
    "date": "2023-05",
    "org": ORG,
    "region": "贵州省/铜仁市/沿河土家族自治县",
    "author": ["张测试", "李测试"],
}


def imported(kind: str | None, record: dict, orgs: dict | None = None, people: dict | None = None):
    return Imported(kind, record, Names(orgs or {}, people or {}))


def by_field(outcome) -> dict[str, tuple[int, int]]:
    return {m.field: (m.right, m.total) for m in outcome.marks}


def test_a_record_written_as_an_editor_wants_scores_every_field_right():
    # the same facts as the answer, written the ways records write them
    record = {
        "title": "《测试县关工委办起五老课堂》",  # 《》 and full-width forms do not count
        "date": "2023-05-04",  # more precise than the answer
        "org": "ce-shi-ggw",  # an id, named by the project's org record
        "region": 520627,  # the code of the same county
        "author": "张测试、李测试",  # two names in one line
    }
    outcome = score("a.txt", CASE, imported("case", record, {"ce-shi-ggw": ORG}))
    assert not outcome.refused
    assert all(m.right == m.total == 1 for m in outcome.marks), outcome.marks


def test_each_wrong_field_counts_wrong_and_only_that_one():
    record = {
        "title": "测试县关工委办起五老课堂",
        "date": "2022-05-04",  # another year
        "org": "lin-xian-ggw",  # another organisation
        "region": "贵州省/铜仁市",  # less precise than the answer
        "author": "张测试",  # one of the two
    }
    names = {"lin-xian-ggw": "邻县关心下一代工作委员会"}
    outcome = score("a.txt", CASE, imported("case", record, names))
    wrong = {m.field for m in outcome.marks if m.right < m.total}
    assert wrong == {"date", "org", "region", "author"}


def test_dates_are_compared_at_the_precision_of_the_answer():
    assert same_date("2023-05", "2023-05-04")
    assert same_date("2023", "2023-5-4")
    assert same_date("2023-05-04", "2023年5月4日")
    assert not same_date("2023-05-04", "2023-05")
    assert not same_date("2023-05", "2023-06-01")


def test_an_editor_may_accept_several_answers_or_want_a_field_left_empty():
    either = {"any": ["测试县关工委", ORG]}
    assert matches("org", either, ORG)
    assert not matches("org", either, "邻县关工委")
    assert matches("region", None, None)
    assert not matches("region", None, "贵州省")
    assert matches("eras", {"any": [["1934年"], ["土地革命战争时期"]]}, ["土地革命战争时期"])
    assert not matches("eras", ["土地革命战争时期"], ["土地革命战争时期", "抗日战争时期"])


def test_recipients_are_scored_name_by_name_and_extra_names_count_wrong():
    answer = {
        "kind": "honor",
        "recipients": [
            {"title": "先进集体", "members": ["测试县关工委"]},
            {"title": "先进个人", "members": ["张测试", "李测试"]},
        ],
    }
    record = {
        "recipients": [
            {
                "title": "先进个人",
                "members": [
                    {"name": "张 测试", "org_name": "测试镇"},  # the space does not count
                    {"person": "wang-ceshi"},  # a person record: its name counts
                    {"name": "某主持人"},  # not on the list
                ],
            }
        ]
    }
    outcome = score("h.txt", answer, imported("honor", record, people={"wang-ceshi": "王测试"}))
    marks = by_field(outcome)
    assert marks["recipients"] == (1, 3 + 2)  # 张测试 found; 3 expected, 2 extra
    assert marks["recipients.title"] == (1, 2)  # 先进个人 found, 先进集体 missing


def test_a_wrongly_picked_kind_still_scores_the_fields_its_record_has():
    answer = {
        "kind": "site",
        "name": "测试革命旧址",
        "region": "贵州省/铜仁市/沿河土家族自治县",
        "protection": "县级",
    }
    record = {"title": "测试革命旧址", "region": "贵州省/铜仁市/沿河土家族自治县"}
    marks = by_field(score("s.txt", answer, imported("case", record)))
    assert marks == {"kind": (0, 1), "name": (1, 1), "region": (1, 1), "protection": (0, 1)}


def test_a_refused_article_is_counted_and_scores_every_field_wrong(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kong.txt").write_text("", "utf-8")  # nothing to import: the importer refuses
    (corpus / "wu-daan.txt").write_text("没有答案的文章。", "utf-8")
    answers = {"kong.txt": {**CASE, "region": None}}
    out = io.StringIO()
    outcomes = run([corpus, tmp_path / "missing"], answers, out)
    (outcome,) = outcomes
    assert outcome.refused
    assert [m.right for m in outcome.marks] == [0] * len(outcome.marks)
    assert len(outcome.marks) == len(CASE)
    said = out.getvalue()
    assert "wu-daan.txt has no expected answer" in said
    assert "missing not found, skipped" in said
    report(outcomes, detail=True, out=out)
    assert "refused: 1 of 1" in out.getvalue()
    assert "overall: 0.0 % of fields right" in out.getvalue()


def test_extra_corpora_come_from_the_command_line_and_the_environment(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    environ = {"STORYKIT_CORPUS": f"{b}{os.pathsep}{a}"}
    assert corpora([str(a)], environ) == [SHARED_ARTICLES, a, b]


def test_the_answers_use_model_fields_allowed_values_and_known_regions():
    assert answer_problems(load_answers()) == []


def test_the_answer_check_finds_a_field_value_or_region_the_models_do_not_know():
    answers = {
        "x.txt": {
            "kind": "site",
            "headline": "测试",
            "protection": "国家级",
            "region": "测试省/测试市",
        }
    }
    problems = answer_problems(answers)
    assert [p.split(":")[1].strip() for p in problems] == ["headline", "protection", "region"]
