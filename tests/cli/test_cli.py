import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from helpers import ROOT, problems_of
from pydantic import TypeAdapter

from storykit.cli.main import main, width
from storykit.editors.scaffold import slugify, template
from storykit.records.models import KINDS


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", *args], cwd=cwd, capture_output=True, text=True
    )


def test_check_clean_project_exits_0(project: Path):
    result = run("check", str(project), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stderr


def test_check_reports_problems_and_exits_1(project: Path):
    (project / "stories/people/bad.yml").write_text(
        "name: 某\nsummary: 摘要\nborn: 五零\n", "utf-8"
    )
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'stories/people/bad.yml:3: born: 应为四位数字年份，例如 2023；实际为 "五零"'
    ]
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(tmp_path: Path):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["new", "poem", "标题", "--dir", str(tmp_path)]) == 2


def test_new_writes_a_template_that_passes_once_filled(project: Path):
    assert main(["new", "person", "林淑颜", "--dir", str(project)]) == 0
    path = project / "stories/people/lin-shu-yan.yml"
    text = path.read_text("utf-8")
    assert text.startswith("# 先进典型：林淑颜")
    assert 'name: "林淑颜"' in text
    assert "# 摘要（必填）" in text
    # unfilled: check names the missing required field
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert (
        "stories/people/lin-shu-yan.yml:" in result.stdout
        and "summary: 缺少必填字段" in result.stdout
    )
    path.write_text(text.replace("summary:\n", "summary: 一位老教师。\n"), "utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert yaml.safe_load(path.read_text("utf-8"))["name"] == "林淑颜"


def test_new_never_overwrites(project: Path):
    main(["new", "case", "老帮青", "--dir", str(project)])
    first = (project / "stories/cases/lao-bang-qing.yml").read_text("utf-8")
    assert main(["new", "case", "老帮青", "--dir", str(project), "--force"]) == 0
    assert (project / "stories/cases/lao-bang-qing.yml").read_text("utf-8") == first
    assert (project / "stories/cases/lao-bang-qing-2.yml").exists()


# -- a record that may already exist ----------------------------------------------------------
def test_new_refuses_a_second_record_with_the_same_name(project: Path, capsys):
    people = project / "stories/people"
    (people / "lin-shuyan.yml").write_text(
        "# 已有的记录\nname: 林书艳\nsummary: 一位五老。\n", "utf-8"
    )
    assert main(["new", "person", "林书艳", "--dir", str(project)]) == 1
    err = capsys.readouterr().err
    assert "stories/people/lin-shuyan.yml:2: name: 已有同名的先进典型“林书艳”" in err
    assert "--force" in err
    assert not (people / "lin-shu-yan.yml").exists()
    # --force: created, and the existing record is still named as a reminder
    assert main(["new", "person", "林书艳", "--dir", str(project), "--force"]) == 0
    captured = capsys.readouterr()
    assert "stories/people/lin-shuyan.yml:2: name: 提醒：已有同名" in captured.err
    assert "已创建 stories/people/lin-shu-yan.yml" in captured.out
    assert (people / "lin-shu-yan.yml").exists()


def test_new_refuses_an_id_that_differs_only_by_hyphens(project: Path, capsys):
    # another name with the same pinyin: the files would be told apart only by a hyphen
    (project / "stories/people/lin-shuyan.yml").write_text("name: 林淑颜\n", "utf-8")
    assert main(["new", "person", "林书艳", "--dir", str(project)]) == 1
    err = capsys.readouterr().err
    assert "stories/people/lin-shuyan.yml:1: 文件: 已有编号相近的记录 lin-shuyan（林淑颜）" in err
    assert not (project / "stories/people/lin-shu-yan.yml").exists()


def test_new_recognises_the_name_in_broken_files(project: Path, capsys):
    people = project / "stories/people"
    (people / "half-done.yml").write_text('summary: [未写完\nname: "林书艳\n', "utf-8")
    (people / "notepad.yml").write_bytes("name：林书艳\nsummary: 记事本保存\n".encode("gbk"))
    assert main(["new", "person", "林书艳", "--dir", str(project)]) == 1
    err = capsys.readouterr().err
    assert "stories/people/half-done.yml:2: name: 已有同名" in err
    assert "stories/people/notepad.yml:1: name: 已有同名" in err


def test_new_does_not_confuse_other_kinds_or_names(project: Path):
    (project / "stories/cases/lin-shu-yan.yml").write_text("title: 林书艳\n", "utf-8")
    (project / "stories/people/other.yml").write_text("name: 林书\n", "utf-8")
    assert main(["new", "person", "林书艳", "--dir", str(project)]) == 0
    assert (project / "stories/people/lin-shu-yan.yml").exists()


# -- examples in the template -----------------------------------------------------------------
# Values a volunteer would write into the required fields of each kind in the fixture project.
FILLED = {
    "summary": "一句摘要。",
    "org": "test-province",
    "date": '"2024"',
    "region": '"610602"',
    "kind": "图书",
    "type": "关工委",
    "level": "省",
    "items": "[test-book]",
    "recipients": "[{members: [{person: test-person}, 示例人物乙]}]",
}
NESTED = {
    "case": {"themes", "images", "body", "period", "practices", "outcomes", "figures"}
    | {"people", "sites", "publications", "sources"},
    "site": {"themes", "images", "body", "eras", "location", "designations", "restorations"}
    | {"visiting", "people", "cases"},
    "person": {"themes", "images", "body", "category", "honors", "portrait"},
    "publication": {"themes", "images", "body", "authors", "chief_editor", "editors", "cover"}
    | {"links", "covers"},
    "shelf": {"themes", "images", "body", "items"},
    "org": {"themes", "images", "body", "figures"},
    "honor": {"themes", "images", "body", "by", "recipients", "sources"},
}


def fill_required(text: str) -> str:
    """The template with a value after every empty `key:` line (one with no uncommented
    example under it), as a volunteer fills it."""
    fill = lambda m: f"{m.group(1)}: {FILLED[m.group(1)]}"  # noqa: E731
    return re.sub(r"^(\w+):$(?!\n )", fill, text, flags=re.M)


def example_blocks(text: str) -> dict[str, tuple[int, int]]:
    """key → (first, end) line numbers of the commented example YAML under each field."""
    lines = text.splitlines()
    out = {}
    for i, line in enumerate(lines):
        m = re.match(r"^(?:# )?(\w+):", line)
        if not m or (line.startswith("# ") and not re.match(r"^# \w+:( \||$)", line)):
            continue
        end = i + 1
        while end < len(lines) and (lines[end].startswith("#   ") or lines[end] == "#"):
            end += 1
        if end > i + 1 or line.startswith("# "):
            first = i if line.startswith("# ") else i + 1
            if end > first + (1 if line.startswith("# ") else 0):
                out[m.group(1)] = (first, end)
    return out


def uncomment(text: str, block: tuple[int, int]) -> str:
    """Remove the `# ` in front of the block's lines, as an editor's toggle-comment does."""
    lines = text.splitlines()
    for i in range(*block):
        lines[i] = lines[i][2:] if lines[i].startswith("# ") else lines[i][1:]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_template_filled_in_passes_check(project: Path, kind: str):
    assert main(["new", kind, "示例新记录", "--dir", str(project)]) == 0
    path = project / "stories" / KINDS[kind].folder / "shi-li-xin-ji-lu.yml"
    path.write_text(fill_required(path.read_text("utf-8")), "utf-8")
    rel = path.relative_to(project).as_posix()
    assert [str(p) for p in problems_of(project) if p.path == rel and not p.warning] == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_nested_field_has_an_example_that_uncomments_to_valid_yaml(kind: str):
    model = KINDS[kind]
    text = template(model, "示例")
    blocks = example_blocks(text)
    assert set(blocks) == NESTED[kind]
    names = {(info.alias or name): name for name, info in model.model_fields.items()}
    everything = text
    for key, block in sorted(blocks.items(), key=lambda kv: -kv[1][0]):
        data = yaml.safe_load(fill_required(uncomment(text, block)))
        assert data[key], f"{key}: the example is empty"
        info = model.model_fields[names[key]]
        TypeAdapter(Annotated[(info.annotation, *info.metadata, "field")]).validate_python(
            data[key]
        )
        model.model_validate(data)  # and the record around it is still right
        everything = uncomment(everything, block)  # bottom up: line numbers stay valid
    record = model.model_validate(yaml.safe_load(fill_required(everything)))
    assert all(getattr(record, names[key]) for key in NESTED[kind])


def test_body_example_has_two_paragraphs():
    text = template(KINDS["person"], "示例")
    first, end = example_blocks(text)["body"]
    assert text.splitlines()[first] == "# body: |"
    body = yaml.safe_load(uncomment(text, (first, end)))["body"]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    assert len(paragraphs) == 2


def test_english_options_in_examples_carry_their_meaning():
    text = template(KINDS["site"], "示例")
    assert "#   crs: WGS84  # GPS 定位和国际通用的坐标" in text
    assert "#     focus: center  # 居中" in text


def test_slugify_keeps_ascii_and_digits():
    assert slugify("老帮青 2023 ABC") == "lao-bang-qing-2023-abc"
    assert slugify("！！") == "record"


def test_schema_writes_files_mapped_in_vscode_settings(tmp_path: Path):
    assert main(["schema", str(tmp_path)]) == 0
    settings = json.loads((tmp_path / ".vscode/settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/person.schema.json"] == ["stories/people/*.yml"]
    person = json.loads((tmp_path / "schemas/person.schema.json").read_text("utf-8"))
    assert person["properties"]["born"]["title"] == "出生年份"
    assert set(person["required"]) == {"name", "summary"}
    assert person["additionalProperties"] is False


def test_committed_schemas_are_up_to_date():
    from storykit.editors.schema import files

    for rel, text in files().items():
        assert (ROOT / rel).read_text("utf-8") == text, f"{rel} is stale: run make schema"


def test_check_caps_a_flood_of_problems_per_file(project: Path):
    items = "\n".join(f"  - 主题{i}" for i in range(10_000))
    (project / "stories/cases/many.yml").write_text(
        f"title: t\nsummary: s\norg: test-province\ndate: '2024'\nthemes:\n{items}\n", "utf-8"
    )
    result = run("check", cwd=project)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert len(lines) == 51
    assert lines[-1] == "stories/cases/many.yml:1: 文件: 另有 9950 个问题未列出；请先改正上面的问题"


# -- help and usage errors in Chinese ---------------------------------------------------------
ARGPARSE_ENGLISH = re.compile(
    r"usage|positional|options:|optional arguments|show this help|error:|required|"
    r"invalid choice|choose from|unrecognized|argument|expected|\{check",
    re.I,
)


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["-h"], ["new", "--help"], ["check", "--help"], ["schema", "-h"]],
)
def test_help_is_in_chinese(argv: list[str], capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：storykit")
    assert "选项:" in out and "显示本说明后退出" in out
    assert ARGPARSE_ENGLISH.search(out) is None, out


def test_new_help_says_what_happens_to_duplicates(capsys):
    main(["new", "--help"])
    out = capsys.readouterr().out
    assert "--force" in out and "已有同名的记录" in out
    assert "类型" in out and "person（先进典型）" in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["nosuch"], "命令“nosuch”不存在；可选：check、schema、"),
        ([], "缺少命令"),
        (["new", "person"], "缺少标题"),
        (["check", ".", "--verbose"], "多余的参数：--verbose"),
        (["new", "person", "某某", "--dir"], "--dir 后面要写一个值"),
    ],
)
def test_usage_errors_are_in_chinese(argv: list[str], said: str, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：storykit")
    assert f"：错误：{said}" in err
    assert ARGPARSE_ENGLISH.search(err) is None, err


def test_help_text_is_wrapped_by_screen_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    main(["new", "--help"])
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if width(line) > 80] == []
    # each argument's help starts in the same screen column, Chinese names (类型) or not
    starts = {
        width(m.group(1))
        for m in (re.match(r"^(  \S.*?  +)\S", line) for line in lines)
        if m and not lines[0].startswith(m.group(1))
    }
    assert len(starts) == 1, starts
