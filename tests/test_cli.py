import json
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import ROOT

from storykit.cli import main
from storykit.scaffold import slugify


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli", *args], cwd=cwd, capture_output=True, text=True
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
    main(["new", "case", "老帮青", "--dir", str(project)])
    assert (project / "stories/cases/lao-bang-qing.yml").exists()
    assert (project / "stories/cases/lao-bang-qing-2.yml").exists()


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
    from storykit.schema import files

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
