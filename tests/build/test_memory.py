"""`make build` after a change redoes only what changed (storykit/memory.py), and writes
exactly what a build from scratch writes."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, SITE_URL, assemble, site_tree

SETTINGS = f"\nsite_url: {SITE_URL}\n"
REUSED = re.compile(r"生成：(\d+) 个生成页面有变化，其余 (\d+) 个不重新生成")
PARTS = re.compile(r"其中 (\d+) 部分没有变化")


def make_build(project: Path, **env: str) -> subprocess.CompletedProcess:
    """`make build` as the Makefile runs it (hooks/run.py)."""
    return subprocess.run(
        [sys.executable, "hooks/run.py", "build"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def retitle(project: Path, rel: str, new: str) -> None:
    path = project / "stories" / rel
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {new}", text, count=1, flags=re.M), "utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    return assemble(tmp_path / "p", FIXTURES / "linked" / "stories", SETTINGS)


def clean_build(project: Path, tmp_path: Path, **env: str) -> Path:
    """The same project built from scratch, in a folder of its own."""
    fresh = tmp_path / "fresh"
    top = str(project)

    def outputs(folder: str, names: list[str]) -> list[str]:  # site/, site.old…, .cache/
        return [n for n in names if folder == top and (n.startswith("site") or n == ".cache")]

    shutil.copytree(project, fresh, ignore=outputs)
    result = make_build(fresh, **env)
    assert result.returncode == 0, result.stderr
    return fresh / "site"


def test_a_changed_record_rebuilds_the_same_site_as_from_scratch(project, tmp_path):
    """The build from scratch renders its pages in two processes (as a large site does);
    the incremental one renders the few changed pages in one."""
    first = make_build(project)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    inodes = {p: p.stat().st_ino for p in site.rglob("*.html")}
    retitle(project, "cases/test-case.yml", "改过标题的案例")
    people = project / "stories" / "people"
    text = (people / "test-person.yml").read_text("utf-8")  # one record added
    (people / "test-person-3.yml").write_text(text.replace("测试人物甲", "测试人物丙"), "utf-8")
    (project / "stories" / "shelves" / "test-shelf-2.yml").unlink()  # one removed
    again = make_build(project)
    assert again.returncode == 0, again.stderr
    changed, kept = map(int, REUSED.search(again.stderr).groups())
    assert kept > 0 and changed > 0  # some pages were taken from the last build
    # patched in place: the unchanged pages were not touched, the removed one is gone
    assert sum(p.exists() and p.stat().st_ino == n for p, n in inodes.items()) >= kept
    assert not (site / "shelves" / "test-shelf-2").exists()
    assert "改过标题的案例" in (site / "cases" / "test-case" / "index.html").read_text("utf-8")
    assert "测试人物丙" in (site / "people" / "test-person-3" / "index.html").read_text("utf-8")
    fresh = clean_build(project, tmp_path, STORYKIT_PARALLEL_FROM="1")
    left, right = site_tree(site), site_tree(fresh)
    assert sorted(left) == sorted(right)
    assert [name for name in left if left[name] != right[name]] == []


def test_nothing_changed_nothing_built(project):
    assert make_build(project).returncode == 0
    site = project / "site"
    before = site.stat().st_ino
    again = make_build(project)
    assert again.returncode == 0, again.stderr
    assert "网站已是最新" in again.stderr
    assert site.stat().st_ino == before  # the same folder, untouched
    (project / "docs" / "about.md").write_text("# 关于\n\n改过。\n", "utf-8")
    third = make_build(project)
    assert "网站已是最新" not in third.stderr
    assert "改过。" in (site / "about" / "index.html").read_text("utf-8")


def test_a_failed_build_keeps_the_site_and_the_next_one_starts_afresh(project):
    assert make_build(project).returncode == 0
    site = project / "site"
    before = site_tree(site)
    case = project / "stories" / "cases" / "test-case.yml"
    good = case.read_text("utf-8")
    case.write_text(good.replace("title:", "title: [", 1), "utf-8")  # broken YAML
    failed = make_build(project)
    assert failed.returncode != 0
    assert site_tree(site) == before
    case.write_text(good, "utf-8")
    again = make_build(project)
    assert again.returncode == 0, again.stderr
    assert "网站已是最新" not in again.stderr  # no memory describes a site a build began to change
    assert site_tree(site) == before


def test_search_parts_of_unchanged_pages_are_kept(project, tmp_path):
    """A large site's index is in parts (here from 5 pages on); only the part holding the
    changed page is indexed again, and the parts are those of a build from scratch."""
    env = {"STORYKIT_SHARD_AT": "5"}
    assert make_build(project, **env).returncode == 0
    site = project / "site"
    pages = (site / "pagefind-pages" / "pagefind-entry.json").read_bytes()  # about, guide
    data = {f.name: f.stat().st_ino for f in (site / "data").glob("*.json")}
    retitle(project, "cases/test-case.yml", "又改过标题的案例")
    again = make_build(project, **env)
    assert again.returncode == 0, again.stderr
    # the open data of kinds with no change stays as it was; the cases' is made again
    now = {f.name: f.stat().st_ino for f in (site / "data").glob("*.json")}
    assert now["publications.json"] == data["publications.json"]
    assert now["cases.json"] != data["cases.json"]
    assert "又改过标题的案例" in (site / "data" / "cases.json").read_text("utf-8")
    kept = int(PARTS.search(again.stderr).group(1))
    assert kept >= 2
    assert (site / "pagefind-pages" / "pagefind-entry.json").read_bytes() == pages
    fresh = clean_build(project, tmp_path, **env)
    assert (site / "pagefind" / "shards.json").read_text() == (
        fresh / "pagefind" / "shards.json"
    ).read_text()
    ours = sorted(p.relative_to(site).as_posix() for p in site.glob("pagefind*/**/*"))
    theirs = sorted(p.relative_to(fresh).as_posix() for p in fresh.glob("pagefind*/**/*"))
    assert len(ours) == len(theirs)


def test_a_problem_in_an_unchanged_record_names_its_line(project):
    """The memory keeps records apart from their line maps (read only when a problem needs
    one): a record left unchanged whose reference breaks still gets its own line."""
    assert make_build(project).returncode == 0
    (project / "stories" / "sites" / "test-site.yml").unlink()
    failed = make_build(project)
    assert failed.returncode != 0
    assert "stories/cases/test-case.yml:18: sites[0]:" in failed.stderr, failed.stderr
    assert (project / ".cache" / "build" / "lines.pickle").is_file()


def test_a_page_removed_from_the_site_by_hand_comes_back(project):
    assert make_build(project).returncode == 0
    page = project / "site" / "cases" / "test-case" / "index.html"
    page.unlink()
    retitle(project, "honors/test-honor.yml", "改过标题的荣誉")  # the case's page reads none of it
    again = make_build(project)
    assert again.returncode == 0, again.stderr
    assert "测试种植课进村" in page.read_text("utf-8")
