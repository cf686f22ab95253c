"""Every record kind a `storykit` command offers works from the command line: the kinds are
read from the parser itself, so a kind or a command added later is tried here too."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES

from storykit.cli.main import KIND_HELP, parser
from storykit.records.models import KINDS


def kind_arguments() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(command, argument, kinds) for each argument that takes a record kind: one whose choices
    include the models' kinds, or whose help lists them (`new` checks its kind itself)."""
    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            if action.choices and set(action.choices) & set(KINDS):
                yield name, action.dest, tuple(action.choices)
            elif action.help and KIND_HELP in action.help:
                yield name, action.dest, tuple(KINDS)


def new_argv(kind: str, root: Path, tmp_path: Path) -> list[str]:
    return ["new", kind, "示例记录", "--dir", str(root)]


def import_argv(kind: str, root: Path, tmp_path: Path) -> list[str]:
    article = tmp_path / "报道.txt"
    article.write_text(
        "县关工委推荐红色读物\n\n测试省委员会组织五老宣讲团走进中小学，"
        "向孩子们推荐《测试图书》，讲述革命故事。\n",
        "utf-8",
    )
    return ["import", str(article), "--kind", kind, "--dir", str(root)]


# How each command that takes a kind is run; tests/importing/test_kinds.py checks imports closely.
RUNS: dict[str, Callable[[str, Path, Path], list[str]]] = {"new": new_argv, "import": import_argv}
OFFERED = [(command, kind) for command, _, kinds in kind_arguments() for kind in kinds]


def storykit(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_commands_that_take_a_kind_are_known():
    found = {command for command, _, _ in kind_arguments()}
    assert {"new", "import"} <= found
    assert found <= set(RUNS), f"add how to run {found - set(RUNS)} to RUNS"


@pytest.mark.parametrize(("command", "kind"), OFFERED)
def test_every_offered_kind_runs_without_a_traceback(tmp_path: Path, command: str, kind: str):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root)
    result = storykit(RUNS[command](kind, root, tmp_path))
    said = result.stdout + result.stderr
    assert "Traceback" not in said, said
    assert result.returncode in (0, 1), said
    if result.returncode == 1:  # refused: a reason in Chinese
        assert any("\u4e00" <= c <= "\u9fff" for c in result.stdout), said


@pytest.mark.parametrize("command", sorted({command for command, _ in OFFERED}))
def test_an_unknown_kind_is_a_usage_error_in_chinese(tmp_path: Path, command: str):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", root)
    result = storykit(RUNS[command]("poem", root, tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "poem" in result.stderr and "类型" in result.stderr
