"""先审后发: sign-offs bound to the content they approved, recorded by `storykit review`, and a
published build that holds only records signed at every level for their current content."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, assemble, mkdocs

REVIEW = "\nextra:\n  review:\n    levels: [初审, 复审, 终审]\n"
CASE = "stories/cases/test-case.yml"
RECORD_PAGES = ("cases", "people", "sites", "publications", "shelves", "orgs", "honors")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return assemble(tmp_path / "p", FIXTURES / "good" / "stories", REVIEW)


def storykit(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "review", *args, "--dir", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def sign_all(root: Path, record: str = "case:test-case") -> None:
    for level, who in (("初审", "张三"), ("复审", "李四"), ("终审", "王五")):
        done = storykit(root, record, "--level", level, "--by", who)
        assert done.returncode == 0, done.stderr


def build(root: Path) -> tuple[Path, str]:
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site", result.stderr


def record_pages(site: Path) -> set[str]:
    return {
        f"{p.parent.parent.name}/{p.parent.name}"
        for kind in RECORD_PAGES
        for p in (site / kind).glob("*/index.html")
        if p.parent.name != "page"
    }


def state_of(root: Path, record: str) -> str:
    listed = storykit(root, "--list")
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if f"\t{record}\t" in line)
    return line.split("\t")[0]


def test_nothing_signed_publishes_no_record_and_says_so(project: Path):
    site, log = build(project)
    assert record_pages(site) == set()
    home = (site / "index.html").read_text("utf-8")
    assert "/cases/test-case/" not in home and "测试经验做法" not in home
    assert not (site / "cases" / "index.html").exists()  # no section without a record
    assert re.search(r"审核：\d+ 条记录还没有通过全部审核", log)


def test_a_case_signed_at_every_level_is_published_alone(project: Path):
    sign_all(project)
    assert state_of(project, "case:test-case") == "已通过"
    site, log = build(project)
    assert record_pages(site) == {"cases/test-case"}
    page = (site / "cases/test-case/index.html").read_text("utf-8")
    # what it refers to is withheld: named as plain text, never a broken link
    assert 'href="../../orgs/test-province/"' not in page
    assert "/people/test-person/" not in page
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        assert "test-person" not in sitemap.read_text("utf-8")


def test_editing_a_signed_record_withholds_it_again(project: Path):
    sign_all(project)
    case = project / CASE
    case.write_text(case.read_text("utf-8").replace("一条用于测试", "一条改过的用于测试"), "utf-8")
    assert state_of(project, "case:test-case") == "内容已改动，需重审"
    site, _ = build(project)
    assert "cases/test-case" not in record_pages(site)


def test_a_changed_picture_voids_the_sign_off(project: Path):
    sign_all(project)
    photo = project / "stories/media/test-photo.jpg"
    photo.write_bytes(photo.read_bytes() + b"\0")
    assert state_of(project, "case:test-case") == "内容已改动，需重审"


def test_a_reformatted_file_keeps_its_sign_off(project: Path):
    sign_all(project)
    case = project / CASE
    case.write_text("# 加一行注释，内容不变\n" + case.read_text("utf-8"), "utf-8")
    assert state_of(project, "case:test-case") == "已通过"


@pytest.mark.parametrize(
    "args, said",
    [
        (("--level", "复审", "--by", "李四"), "审核要按顺序进行：下一步应为 初审"),
        (("--level", "终极审", "--by", "李四"), "没有“终极审”这一级"),
        (("--level", "初审", "--by", " "), "请写明审核人的姓名"),
    ],
)
def test_refusals_are_in_chinese_and_leave_the_file_unchanged(project: Path, args, said: str):
    before = (project / CASE).read_bytes()
    done = storykit(project, "case:test-case", *args)
    assert done.returncode == 1 and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert (project / CASE).read_bytes() == before


def test_a_draft_cannot_be_signed(project: Path):
    case = project / CASE
    case.write_text(case.read_text("utf-8") + "draft: true\n", "utf-8")
    before = case.read_bytes()
    done = storykit(project, "case:test-case", "--level", "初审", "--by", "张三")
    assert done.returncode == 1 and "草稿" in done.stderr
    assert case.read_bytes() == before


def test_the_sign_off_is_written_at_the_end_of_the_record_and_checks(project: Path):
    done = storykit(
        project, "case:test-case", "--level", "初审", "--by", "张三", "--note", "已核对"
    )
    assert done.returncode == 0, done.stderr
    text = (project / CASE).read_text("utf-8")
    tail = text[text.index("reviews:") :]
    assert 'level: "初审"' in tail and 'by: "张三"' in tail and 'note: "已核对"' in tail
    assert re.search(r'digest: "[0-9a-f]{12}"', tail)
    assert state_of(project, "case:test-case") == "待复审"
    check = subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "check", str(project)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_without_review_levels_everything_is_published_as_before(tmp_path: Path):
    plain = assemble(tmp_path / "plain", FIXTURES / "good" / "stories")
    site, log = build(plain)
    assert "cases/test-case" in record_pages(site)
    assert "审核" not in log
    listed = storykit(plain, "--list")
    assert listed.returncode == 1 and "没有设置审核级别" in listed.stderr
    shutil.rmtree(site)
