"""Full-width punctuation from a Chinese input method: found at its own line, repaired by fix."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storykit.cli.main import main
from storykit.records import fullwidth
from storykit.records.yamlfile import YamlError, parse

HERE = FIXTURES / "fullwidth"


def problems(text: str, rel: str = "stories/people/x.yml") -> list[str]:
    with pytest.raises(YamlError) as err:
        parse(text, rel)
    return [str(p) for p in err.value.problems]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", *args], cwd=cwd, capture_output=True, text=True
    )


# -- the five habits, each at its own line ------------------------------------------------------
def test_full_width_colon_is_reported_at_its_own_line():
    assert problems("name：张三\nsummary: 一位五老。\n") == [
        "stories/people/x.yml:1: name: 第 1 行用了全角冒号“：”，应为半角冒号加空格“: ”；"
        "改正后为：name: 张三"
    ]


def test_full_width_colon_with_nothing_after_it():
    found = problems("name: 张三\nhonors：\n  - title: 优秀五老\n")
    assert found == [
        "stories/people/x.yml:2: honors: 第 2 行用了全角冒号“：”，应为半角冒号加空格“: ”；"
        "改正后为：honors:"
    ]


def test_indentation_with_full_width_spaces_is_reported_where_it_is():
    text = "name: 张三\nsummary: 一位五老。\nhonors:\n　　- 优秀五老\n　　- 先进个人\nborn: 1950\n"
    assert problems(text) == [
        "stories/people/x.yml:4: honors[0]: 第 4 行缩进用了全角空格“　”，应为 2 个半角空格；"
        "改正后为：  - 优秀五老",
        "stories/people/x.yml:5: honors[1]: 第 5 行缩进用了全角空格“　”，应为 2 个半角空格；"
        "改正后为：  - 先进个人",
    ]
    assert not any("缺少冒号" in p for p in problems(text))


def test_full_width_space_before_a_nested_key_is_not_an_unknown_field(project: Path):
    (project / "stories/people/x.yml").write_text(
        "name: 张三\nsummary: 一位五老。\nhonors:\n  - title: 优秀五老\n    　year: 2020\n", "utf-8"
    )
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "stories/people/x.yml:5: honors[0].year: 第 5 行缩进用了全角空格“　”，应为 4 个半角空格；"
        "改正后为：    year: 2020"
    ]


def test_full_width_comma_in_a_flow_list_is_not_one_theme():
    text = "name: 张三\nsummary: 一位五老。\nthemes: [乡村振兴，红色传承]\n"
    assert problems(text) == [
        "stories/people/x.yml:3: themes: 第 3 行列表里用了全角逗号“，”分隔各项，"
        "列表项之间应为半角逗号“,”（若逗号是内容的一部分，请给这一项加上半角引号）；"
        "改正后为：themes: [乡村振兴, 红色传承]"
    ]
    assert parse(fullwidth.fix(text)[0], "x.yml").data["themes"] == ["乡村振兴", "红色传承"]


def test_enumeration_comma_in_a_flow_list_is_reported_too():
    (found,) = problems("themes: [乡村振兴、红色传承]\n")
    assert found.startswith("stories/people/x.yml:1: themes: 第 1 行列表里用了顿号“、”分隔各项")


def test_value_in_chinese_quotes_is_reported_and_published_without_them():
    text = "summary: 一位五老。\nname: “张三”\n"
    assert problems(text) == [
        "stories/people/x.yml:2: name: 第 2 行用了中文引号“…”把值括起来，"
        '应为半角引号 "…"，或不加引号；改正后为：name: "张三"'
    ]
    assert parse(fullwidth.fix(text)[0], "x.yml").data["name"] == "张三"


def test_every_mistake_is_reported_and_what_remains_after_repair_too():
    text = "name：张三\nsummary：一位五老。\nborn: 五零\n"
    assert [p.split(": ")[0] for p in problems(text)] == [
        "stories/people/x.yml:1",
        "stories/people/x.yml:2",
    ]
    # a mistake that repair does not remove is reported too, after the root cause
    found = problems("name：张三\nsummary: 摘要\ntitle：老帮青: 三年\n")
    assert [p.split("；")[0] for p in found] == [
        "stories/people/x.yml:1: name: 第 1 行用了全角冒号“：”，应为半角冒号加空格“: ”",
        "stories/people/x.yml:3: title: 第 3 行用了全角冒号“：”，应为半角冒号加空格“: ”",
        "stories/people/x.yml:3: YAML: 这一行的冒号位置不对",
    ]


# -- ordinary Chinese text is never touched -----------------------------------------------------
def test_full_width_punctuation_inside_values_is_ordinary_text():
    text = (HERE / "ordinary.yml").read_text("utf-8")
    assert fullwidth.scan(text) == []
    assert fullwidth.fix(text) == (text, [])
    data = parse(text, "stories/cases/ordinary.yml").data
    assert data["title"] == "老帮青：三年行动"
    assert data["summary"] == "甲，乙、丙；“丁”：戊。"
    assert data["brand"] == "“五老”宣讲团"
    assert data["figures"][0]["label"] == "五老队伍，含宣讲团"
    assert data["practices"][0]["body"].startswith("　　组建宣讲团，")


@pytest.mark.parametrize(
    "line",
    [
        "title: 老帮青：三年行动",
        "summary: 甲，乙、丙。",
        "title: “五老”宣讲团",
        "title: “五老”和“老帮青”",
        'title: "一：二"',
        "# 注释：里面有全角冒号，逗号和“引号”",
        "summary: 第一句：",
        "figures: [{label: 五老队伍，含宣讲团, value: 10}]",
        "title: 甲 # 说明：“乙”",
        "summary: 　一位五老。",
    ],
)
def test_lines_that_are_left_alone(line: str):
    assert fullwidth.fix(line + "\n") == (line + "\n", [])


def test_paragraph_indent_inside_a_block_is_text_but_a_missing_ascii_indent_is_not():
    text = "summary: 摘要\nbody: |\n  　　第一段。\n　　第二段。\n"
    (problem,) = problems(text)
    assert problem.startswith("stories/people/x.yml:4: body: 第 4 行是上面“|”或“>”下的正文")
    fixed = fullwidth.fix(text)[0]
    assert parse(fixed, "x.yml").data["body"] == "　　第一段。\n　　第二段。\n"


# -- fix ----------------------------------------------------------------------------------------
def test_fix_changes_only_the_mistaken_lines_and_keeps_crlf_and_bom():
    text = (HERE / "person.yml").read_text("utf-8")
    text = "\ufeff" + text.replace("\n", "\r\n")
    fixed, changes = fullwidth.fix(text)
    assert [line for line, _ in changes] == [2, 6, 9, 10]
    assert fixed.startswith("\ufeff# 先进典型")
    before, after = text.split("\r\n"), fixed.split("\r\n")
    for n, (old, new) in enumerate(zip(before, after, strict=True), start=1):
        if n not in (2, 6, 9, 10):
            assert old == new, n
    assert after[1] == 'name: "测试人物"'
    assert after[9] == "    by: 测试单位  # 授予单位"
    assert fullwidth.fix(fixed) == (fixed, [])


def build_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", project)
    shutil.copy(HERE / "person.yml", project / "stories/people/fw-person.yml")
    (project / "mkdocs.yml").write_text(
        "# 站点设置\nsite_name：测试站点\nextra:\n  sponsor: 测试主办单位\n", "utf-8"
    )
    return project


def test_storykit_fix_repairs_a_file_that_then_passes_check(tmp_path: Path):
    project = build_project(tmp_path)
    person = project / "stories/people/fw-person.yml"
    original = person.read_bytes()
    untouched = project / "stories/cases/test-case.yml"
    stamp = untouched.stat().st_mtime_ns

    before = run("check", cwd=project)
    assert before.returncode == 1
    assert "stories/people/fw-person.yml:2: name: 第 2 行用了全角冒号" in before.stdout
    assert "mkdocs.yml:2: site_name: 第 2 行用了全角冒号" in before.stdout

    result = run("fix", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "mkdocs.yml:2: 已改正：全角冒号“：”改为半角冒号加空格“: ”；现为：site_name: 测试站点"
    )
    assert [line.split(": ")[0] for line in lines[1:]] == [
        "stories/people/fw-person.yml:2",
        "stories/people/fw-person.yml:6",
        "stories/people/fw-person.yml:9",
        "stories/people/fw-person.yml:10",
    ]
    assert all(": 已改正：" in line for line in lines)
    assert "已改正 2 个文件中的 5 行" in result.stderr
    assert untouched.stat().st_mtime_ns == stamp

    after = run("check", cwd=project)
    assert after.returncode == 0, after.stdout + after.stderr
    data = yaml.safe_load(person.read_text("utf-8"))
    assert data["name"] == "测试人物"
    assert data["themes"] == ["乡村振兴", "红色传承"]
    assert data["honors"] == [{"title": "优秀五老", "year": 2023, "by": "测试单位"}]
    # comments, the body and every other line are byte for byte as they were
    old_lines, new_lines = original.split(b"\n"), person.read_bytes().split(b"\n")
    pairs = enumerate(zip(old_lines, new_lines, strict=True), start=1)
    assert [n for n, (a, b) in pairs if a != b] == [2, 6, 9, 10]

    # a second run finds nothing and writes nothing
    stamp = person.stat().st_mtime_ns
    again = run("fix", cwd=project)
    assert again.returncode == 0 and again.stdout == ""
    assert "没有需要改正的全角标点" in again.stderr
    assert person.stat().st_mtime_ns == stamp


def test_storykit_fix_takes_files_and_reports_those_it_cannot_read(tmp_path: Path, capsys):
    good = tmp_path / "good.yml"
    good.write_text("name：张三\n", "utf-8")
    gbk = tmp_path / "gbk.yml"
    gbk.write_bytes("name：张三\n".encode("gbk"))
    assert main(["fix", str(good), str(gbk)]) == 1
    out = capsys.readouterr().out
    assert f"{good.as_posix()}:1: 已改正：" in out
    assert f"{gbk.as_posix()}:1: 编码: 文件不是 UTF-8 编码" in out
    assert good.read_text("utf-8") == "name: 张三\n"
    assert gbk.read_bytes() == "name：张三\n".encode("gbk")
    assert main(["fix", str(tmp_path / "nowhere")]) == 2


def test_full_width_colon_in_mkdocs_yml_is_reported_by_check(tmp_path: Path):
    project = build_project(tmp_path)
    os.remove(project / "stories/people/fw-person.yml")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "mkdocs.yml:2: site_name: 第 2 行用了全角冒号“：”，应为半角冒号加空格“: ”；"
        "改正后为：site_name: 测试站点"
    ]
    assert "Traceback" not in result.stderr


# -- properties -----------------------------------------------------------------------------------
PIECES = st.sampled_from(
    list("ab:- \n\t\"'[]{}#|>,&*!0汉")
    + ["：", "\u3000", "，", "、", "“", "”", "‘", "’", "\r\n", "name", "  ", "- ", ": "]
)
LINES = st.tuples(
    st.sampled_from(["", "  ", "\u3000", "\u3000\u3000", "  \u3000"]),
    st.sampled_from(["", "- ", "-\u3000"]),
    st.sampled_from(["name", "title", "标题", ""]),
    st.sampled_from([": ", "：", ":\u3000", "\u3000: "]),
    st.sampled_from(
        ["张三", "“张三”", "“五老”宣讲团", "[乡村振兴，红色传承]", "|", "　　第一段", ""]
    ),
).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.lists(PIECES, max_size=80).map("".join),
        st.lists(LINES, max_size=8).map("\n".join),
    )
)
def test_fix_is_stable_keeps_lines_and_is_never_missed_by_the_quick_test(text: str):
    fixed, changes = fullwidth.fix(text)
    assert bool(changes) == bool(fullwidth.scan(text))
    assert not changes or fullwidth.suspect(text)
    assert fullwidth.fix(fixed) == (fixed, [])
    assert fixed.count("\n") == text.count("\n")
