"""The loader never raises anything but YamlError, whatever text it is given."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storykit.records.yamlfile import MAX_DEPTH, YamlError, decode, parse, read

# Pieces of YAML syntax, joined at random: single characters plus the merge key "<<".
# Full-width ：　，、“” as a Chinese input method types them are among the pieces.
YAMLISH = st.lists(
    st.sampled_from(
        list("ab:- \n\t\"'[]{}&*!|>#%@`,?0123456789汉字\\：\u3000，、“”‘’")
        + ["\ufeff", "<<", "\r\n", "[[[[", "{a: "]
    ),
    max_size=200,
).map("".join)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_arbitrary_yaml_text_never_raises_out_of_the_loader(text):
    try:
        parse(text, "x.yml")
    except YamlError as err:
        assert err.problems and all(p.path == "x.yml" and p.line >= 1 for p in err.problems)


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_out_of_the_loader(raw):
    try:
        parse(decode(raw, "x.yml"), "x.yml")
    except YamlError as err:
        assert err.problems


def test_lines_of_keys_and_list_items():
    doc = parse(
        "title: a\nhonors:\n  - title: x\n    year: 2020\n  - title: y\n    year: 2021\n", "x.yml"
    )
    assert doc.lines[("title",)] == 1
    assert doc.lines[("honors", 1)] == 5
    assert doc.lines[("honors", 1, "year")] == 6
    assert doc.line_of(("honors", 1, "missing")) == 5


def test_duplicate_keys_are_errors_not_silently_dropped():
    with pytest.raises(YamlError) as err:
        parse("a: 1\nb:\n  c: 1\n  c: 2\n", "x.yml")
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (4, "b.c")


def test_bom_is_accepted():
    assert parse(decode("\ufefftitle: 标题\n".encode(), "x.yml"), "x.yml").data == {"title": "标题"}


def test_merge_keys_and_anchors_work():
    doc = parse("base: &b {unit: 人}\nfig:\n  <<: *b\n  value: 3\n", "x.yml")
    assert doc.data["fig"] == {"unit": "人", "value": 3}


def test_alias_bomb_is_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(YamlError) as err:
        parse("\n".join(lines), "x.yml")
    assert "过多" in err.value.problems[0].message


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.yml"
    path.write_text("body: " + "很" * 2_000_000, "utf-8")  # about 6 MB
    with pytest.raises(YamlError) as err:
        read(str(path), "stories/cases/big.yml")
    assert err.value.problems[0].message.startswith("文件过大")


def test_ten_thousand_item_list_loads_and_reports_briefly(project):
    from helpers import problems_of

    items = "\n".join(f"  - 主题{i}" for i in range(10_000))
    (project / "stories/cases/many.yml").write_text(
        f"title: t\nsummary: s\norg: test-province\ndate: '2024'\nthemes:\n{items}\n", "utf-8"
    )
    found = [p for p in problems_of(project) if p.path == "stories/cases/many.yml"]
    assert found[0].line == 6 and found[0].field == "themes[0]"
    assert len(found) == 10_000  # one per unknown theme, each with its own line
    assert found[-1].line == 10_005


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 3000 + "]" * 3000, 1),
        ("{a: " * 3000 + "1" + "}" * 3000, 1),
        ("- " * 3000 + "x", 1),
        ("".join(f"{' ' * i}a{i}:\n" for i in range(150)), 101),  # the 101st mapping's line
        ("[" * 400_000, 1),  # deep enough to overflow the C stack if it reached the composer
    ],
)
def test_deep_nesting_is_a_problem_not_a_crash(text: str, line: int):
    with pytest.raises(YamlError) as err:
        parse(text, "x.yml")
    (problem,) = err.value.problems
    assert problem.message.startswith(f"嵌套层数过多（超过 {MAX_DEPTH} 层）")
    assert problem.line == line


def test_nesting_up_to_the_limit_loads():
    assert parse("[" * MAX_DEPTH + "]" * MAX_DEPTH, "x.yml").data is not None


def test_aliases_nested_past_the_limit_are_a_problem():
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, MAX_DEPTH + 5)]
    with pytest.raises(YamlError) as err:
        parse("\n".join(lines), "x.yml")
    assert err.value.problems[0].message.startswith("嵌套层数过多")


def test_check_reports_deep_nesting_with_its_line(project):
    import subprocess
    import sys

    (project / "stories/cases/deep.yml").write_text(
        "title: 标题\nsummary: 摘要。\nthemes: " + "[" * 3000 + "]" * 3000 + "\n", "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "check"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("stories/cases/deep.yml:3: YAML: 嵌套层数过多（超过 100 层）")
