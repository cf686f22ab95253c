"""`storykit check`'s output: every problem first, then the reminders (提醒) under their own
heading, then the summary; reminders alone never fail the check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES

from storykit.records.problems import REMINDERS, Problem, report, warn

BROKEN = "stories/cases/a-broken.yml"  # sorts before the record with the reminder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "quiet", root)
    return root


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "check", str(root)],
        capture_output=True,
        text=True,
    )


def test_reminders_alone_pass_under_their_heading(project):
    done = check(project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        REMINDERS,
        "stories/cases/test-reminder.yml:8: figures[0]: 提醒：没有写单位，按指标 五老队伍 的单位 人 计入统计",
    ]
    assert "检查通过：3 条记录，没有问题，另有 1 条提醒" in done.stderr


def test_problems_come_before_every_reminder(project):
    (project / BROKEN).write_text("title: 缺摘要\norg: test-county\ndate: '2024'\n", "utf-8")
    done = check(project)
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    heading = lines.index(REMINDERS)
    assert lines[:heading] and all(line.startswith(BROKEN) for line in lines[:heading])
    assert all("提醒：" not in line for line in lines[:heading])
    assert lines[heading + 1 :] and all("提醒：" in line for line in lines[heading + 1 :])
    assert "共 1 个问题，另有 1 条提醒" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_without_reminders_there_is_no_heading():
    said = report([Problem("stories/cases/x.yml", 2, "title", "缺少必填字段")])
    assert said == "stories/cases/x.yml:2: title: 缺少必填字段"


def test_each_kind_of_line_is_capped_on_its_own():
    rel = "stories/cases/many.yml"
    notes = [warn(rel, n, "figures", "提醒") for n in range(1, 61)]
    lines = report([*notes, Problem(rel, 99, "title", "缺少必填字段")]).splitlines()
    assert lines[0] == f"{rel}:99: title: 缺少必填字段" and lines[1] == REMINDERS
    assert len(lines) == 2 + 50 + 1
    assert lines[-1] == f"{rel}:1: 文件: 提醒：另有 10 条提醒未列出"
