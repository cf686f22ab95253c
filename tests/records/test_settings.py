"""Site settings (`extra:` in mkdocs.yml) are checked like records: line, key, Chinese advice."""

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

from storykit.cli.main import main
from storykit.records.settings import MATERIAL_KEYS, PER_PAGE, Settings, read_settings
from storykit.records.yamlfile import parse

SETTINGS = FIXTURES / "settings"


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` containing `text`."""
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def project(tmp_path: Path, config: str) -> Path:
    """The small valid project plus the mkdocs.yml of tests/fixtures/settings/<config>."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "good" / "stories", dest / "stories")
    shutil.copy(SETTINGS / config / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, "utf-8")
    return path


def test_check_reports_a_misspelt_setting_with_its_line_and_a_suggestion(tmp_path, capsys):
    root = project(tmp_path, "typo")
    assert main(["check", str(root)]) == 1
    out, err = capsys.readouterr()
    line = line_of(root / "mkdocs.yml", "icpp:")
    assert out.splitlines() == [f"mkdocs.yml:{line}: extra.icpp: 未知设置 icpp；是否想写 icp？"]
    assert "共 1 个问题" in err and "Traceback" not in err


def test_check_passes_with_every_setting_and_material_key_set(tmp_path, capsys):
    assert main(["check", str(project(tmp_path, "ok"))]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "检查通过" in err


def test_check_sorts_settings_problems_among_the_records(tmp_path, capsys):
    root = project(tmp_path, "typo")
    (root / "stories/people/bad.yml").write_text("name: 某\nsummary: 摘要\nborn: 五零\n", "utf-8")
    assert main(["check", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["mkdocs.yml", "stories/people/bad.yml"]


def test_check_without_mkdocs_yml_checks_only_records(tmp_path, capsys):
    root = project(tmp_path, "ok")
    (root / "mkdocs.yml").unlink()
    assert main(["check", str(root)]) == 0


def test_all_settings_are_read():
    settings, problems = read_settings(SETTINGS / "ok" / "mkdocs.yml")
    assert problems == []
    assert settings.sponsor == "示例省关心下一代工作委员会"
    assert settings.contact == "010-12345678"
    assert settings.icp == "京ICP备18034403号-1"
    assert settings.psb == "京公网安备11040102700075号"
    assert settings.per_page == 30
    assert settings.map.tianditu_key == "0123456789abcdef"


def test_the_repositorys_own_mkdocs_yml_has_no_problems():
    settings, problems = read_settings(ROOT / "mkdocs.yml")
    assert problems == []
    assert settings.per_page == PER_PAGE


def test_mkdocs_tags_do_not_stop_reading(monkeypatch):
    monkeypatch.delenv("SK_SPONSOR", raising=False)
    settings, problems = read_settings(SETTINGS / "tags" / "mkdocs.yml")
    assert problems == []
    assert settings.icp == "京ICP备18034403号-1"
    assert settings.sponsor == "示例省关心下一代工作委员会"  # !ENV's default


def test_env_values_are_checked_as_mkdocs_will_use_them(tmp_path, monkeypatch):
    monkeypatch.setenv("SK_SPONSOR", "环境变量里的主办单位")
    monkeypatch.setenv("SK_ICP", "12345")
    monkeypatch.delenv("SK_TIANDITU", raising=False)
    path = write(
        tmp_path,
        "site_name: 示例\nextra:\n  sponsor: !ENV [SK_SPONSOR, 默认]\n  map:\n"
        "    tianditu_key: !ENV SK_TIANDITU\n",
    )
    settings, problems = read_settings(path)
    assert problems == []
    assert settings.sponsor == "环境变量里的主办单位"
    assert settings.map.tianditu_key is None  # unset: no key, not the text SK_TIANDITU
    path.write_text(path.read_text("utf-8") + "  icp: !ENV SK_ICP\n", "utf-8")
    (problem,) = read_settings(path)[1]
    assert (problem.line, problem.field) == (6, "extra.icp")
    assert '实际为 "12345"' in problem.message


def test_unknown_tags_become_their_text_and_run_nothing():
    doc = parse(
        "a: !!python/name:material.extensions.emoji.twemoji\n"
        "b: !ENV [SITE_URL, https://example.org/]\n"
        "c: !ENV SITE_URL\n"
        "d: !!python/object/apply:os.system [echo hi]\n"
        "e: !relative $config_dir\n",
        "mkdocs.yml",
    )
    assert doc.data == {
        "a": "",
        "b": ["SITE_URL", "https://example.org/"],
        "c": "SITE_URL",
        "d": ["echo hi"],
        "e": "$config_dir",
    }
    assert doc.lines[("c",)] == 3
    assert doc.tags[("b",)] == doc.tags[("c",)] == "!ENV"
    assert ("d", 0) not in doc.tags  # untagged items are not listed


def test_every_problem_is_reported_in_one_run_with_chinese_advice():
    path = SETTINGS / "bad-icp" / "mkdocs.yml"
    settings, problems = read_settings(path)
    assert settings == Settings()  # defaults when anything is wrong
    found = {p.field: p for p in problems}
    assert set(found) == {"extra.icp", "extra.psb", "extra.per_page", "extra.map.tianditu"}
    for key in ("icp:", "psb:", "per_page:", "tianditu:"):
        field = "extra.map.tianditu" if key == "tianditu:" else f"extra.{key[:-1]}"
        assert found[field].line == line_of(path, key)
        assert found[field].path == "mkdocs.yml"
    assert "例如 京ICP备18034403号-1" in found["extra.icp"].message
    assert "公网安备" in found["extra.psb"].message
    assert "1 到 200" in found["extra.per_page"].message
    assert found["extra.map.tianditu"].message == "未知设置 tianditu；是否想写 tianditu_key？"


def test_extra_that_is_a_list_is_one_problem():
    path = SETTINGS / "extra-list" / "mkdocs.yml"
    settings, problems = read_settings(path)
    assert settings == Settings()
    (problem,) = problems
    assert (problem.line, problem.field) == (line_of(path, "extra:"), "extra")
    assert "应为一组设置（键: 值）" in problem.message and "列表" in problem.message


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("- a\n- b\n", "应为一组设置"),
        ("# 只有注释\n", "文件是空的"),
        ("site_name: [\n", "YAML"),
    ],
)
def test_a_broken_file_is_one_clear_problem(tmp_path, text, advice):
    settings, problems = read_settings(write(tmp_path, text))
    assert settings == Settings()
    (problem,) = problems
    assert problem.path == "mkdocs.yml" and advice in str(problem)
    assert "title: 标题" not in problem.message  # record advice does not fit mkdocs.yml


def test_a_missing_file_is_one_clear_problem(tmp_path):
    settings, problems = read_settings(tmp_path / "mkdocs.yml")
    assert settings == Settings()
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: 文件: 找不到 mkdocs.yml；请在项目根目录运行"
    ]


@pytest.mark.parametrize("extra", ["", "extra:\n", "extra:\n  map:\n  per_page:\n"])
def test_missing_or_empty_settings_keep_the_defaults(tmp_path, extra):
    settings, problems = read_settings(write(tmp_path, "site_name: 示例\n" + extra))
    assert (settings, problems) == (Settings(), [])
    assert settings.per_page == PER_PAGE and settings.map.tianditu_key is None


def test_material_and_internal_keys_are_accepted_silently(tmp_path):
    keys = "".join(f"  {key}: false\n" for key in MATERIAL_KEYS)
    text = f"site_name: 示例\nextra:\n{keys}  sk_footer: x\n  sponsor: 某\n"
    settings, problems = read_settings(write(tmp_path, text))
    assert problems == [] and settings.sponsor == "某"


def test_every_extra_key_materials_templates_read_is_known():
    import material

    templates = Path(material.__file__).parent / "templates"
    read = set()
    for path in templates.rglob("*.html"):
        read |= set(re.findall(r"config\.extra\.(\w+)", path.read_text("utf-8")))
    assert read and read <= set(MATERIAL_KEYS)


def test_a_key_with_no_close_match_lists_the_known_ones(tmp_path):
    path = write(tmp_path, "site_name: 示例\nextra:\n  footer_note: 某\n")
    (problem,) = read_settings(path)[1]
    assert (problem.line, problem.field) == (3, "extra.footer_note")
    assert problem.message.startswith("未知设置 footer_note；storykit 读取的设置有：")
    assert "icp（ICP 备案号）" in problem.message and "generator" in problem.message


@pytest.mark.parametrize(
    ("key", "guess"),
    [
        ("主办单位", "sponsor"),
        ("sponser", "sponsor"),
        ("per-page", "per_page"),
        ("icp_no", "icp"),
        ("psb_number", "psb"),
        ("generater", "generator"),
    ],
)
def test_a_near_miss_suggests_the_setting(tmp_path, key, guess):
    path = write(tmp_path, f"site_name: 示例\nextra:\n  {key}: 某\n")
    (problem,) = read_settings(path)[1]
    assert problem.message == f"未知设置 {key}；是否想写 {guess}？"


def test_a_map_setting_written_one_level_up_says_where_it_goes(tmp_path):
    path = write(tmp_path, "site_name: 示例\nextra:\n  tianditu_key: abc\n")
    (problem,) = read_settings(path)[1]
    assert problem.field == "extra.tianditu_key" and "应写在 map: 下面" in problem.message


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("京ICP备18034403号-1", True),
        ("粤ICP备2023000001号", True),
        ("18034403", False),
        ("京ICP证030173号", False),  # a licence number (许可证), not the filing number
    ],
)
def test_icp_is_checked_loosely(tmp_path, value, ok):
    problems = read_settings(write(tmp_path, f"site_name: 示例\nextra:\n  icp: {value}\n"))[1]
    assert (problems == []) is ok


def test_settings_are_frozen_and_describe_themselves_in_chinese():
    settings = Settings()
    with pytest.raises(ValueError):
        settings.sponsor = "某"  # type: ignore[misc]
    for name, info in Settings.model_fields.items():
        assert info.title and info.description, name
    schema = Settings.model_json_schema()
    assert schema["properties"]["per_page"]["maximum"] == 200
