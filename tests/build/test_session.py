"""The build session (storykit/build/session.py) without an engine: the same pages from one
process or several, a failed build that leaves the site alone, and the engine's objections to
mkdocs.yml reaching the preview."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import FIXTURES, assemble

from storykit.build import parallel, startup
from storykit.build.project import Project
from storykit.build.session import Frame, Session, Stop
from storykit.build.staging import Staging
from storykit.pages.routes import Route
from storykit.records.problems import Problem

REFUSED = Problem("mkdocs.yml", 3, "theme", "MkDocs 不接受这个设置：无效的主题")


@dataclass
class Generated:
    route: Route
    dest_uri: str


class Plain:
    """An engine whose page is its content in a plain frame, written where it belongs."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.pages = 0

    def frame(self, page: Generated) -> Frame:
        return Frame("plain", None, lambda content: f"<main>{content}</main>\n")

    def write(self, page: Generated, data: bytes) -> None:
        path = self.site_dir / page.dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.pages += 1

    def tally(self) -> tuple[int, int]:
        return os.getpid(), self.pages


@pytest.fixture
def project(tmp_path) -> Path:
    return assemble(tmp_path / "p", FIXTURES / "linked" / "stories")


@pytest.fixture(autouse=True)
def engine_quiet():
    yield
    startup.engine_refused([])  # what a test made the engine say stays in that test


def started(root: Path, command: str = "build") -> Session:
    s = Session(command)
    s.configure(root / "mkdocs.yml", str(root / "site"))
    s.begin(None)
    return s


def written(s: Session, monkeypatch, cores: int) -> tuple[dict, dict, list]:
    """Every generated page written by a new build on `cores` processes: the files, what
    each page read, and the engine's tally from each process."""
    monkeypatch.setenv("STORYKIT_PARALLEL_FROM", "1")
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    pages = [Generated(r, f"{r.url}index.html") for r in s.routes(home=True)]
    tallies = s.write_pages(pages, Plain(s.site_dir))
    files = {
        str(p.relative_to(s.site_dir)): p.read_bytes()
        for p in s.site_dir.rglob("*.html")
        if p.is_file()
    }
    return files, s.generator.rendered, tallies


def test_pages_rendered_on_several_processes_are_those_rendered_on_one(project, monkeypatch):
    one, read_one, tallies_one = written(started(project), monkeypatch, cores=1)
    many, read_many, tallies_many = written(started(project), monkeypatch, cores=3)
    assert len(one) > 10 and many == one
    assert read_many == read_one  # what each page read came back from the copies
    assert [pid for pid, _ in tallies_one] == [os.getpid()]
    assert len({pid for pid, _ in tallies_many}) == 3  # this process and two copies
    assert sum(n for _, n in tallies_many) == len(one)


def test_a_copy_that_fails_stops_the_build_with_its_reason(project, monkeypatch):
    s = started(project)

    class Failing(Plain):
        def frame(self, page: Generated) -> Frame:
            if os.getpid() != here:
                raise ValueError("坏了")
            return super().frame(page)

    here = os.getpid()
    monkeypatch.setenv("STORYKIT_PARALLEL_FROM", "1")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    pages = [Generated(r, f"{r.url}index.html") for r in s.routes(home=True)]
    with pytest.raises(Stop, match="生成页面时出错：ValueError: 坏了"):
        s.write_pages(pages, Failing(s.site_dir))


def test_work_is_shared_among_the_cores_in_order():
    shares = parallel.shares(list(range(7)), 3)
    assert shares == [[0, 3, 6], [1, 4], [2, 5]]
    assert parallel.processes(1) == 1  # never more processes than items


def test_a_failed_build_leaves_the_site_as_it_was(project):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("上次的网站", "utf-8")
    s = Session("build")
    folder = Path(s.configure(project / "mkdocs.yml", str(site)))
    assert folder != site
    folder.mkdir()  # as the engine makes it
    (folder / "half.html").write_text("写了一半", "utf-8")
    s.failed_build()
    s.close()
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "上次的网站"
    assert not folder.exists()


def test_a_finished_build_takes_the_site_s_place(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("旧", "utf-8")
    staging = Staging(str(site))
    folder = Path(staging.start())
    folder.mkdir()
    (folder / "new.html").write_text("新", "utf-8")
    old = staging.swap_in()
    assert [p.name for p in site.iterdir()] == ["new.html"]
    assert (Path(old) / "old.html").is_file() and not folder.exists()


def test_what_the_engine_refused_in_mkdocs_yml_reaches_the_preview(project):
    startup.engine_refused([REFUSED])
    s = started(project, "serve")
    assert REFUSED in s.project.problems  # the preview lists it on its pages
    startup.engine_refused([])
    assert REFUSED not in started(project, "serve").project.problems


def test_a_build_stops_on_what_the_engine_refused(project):
    startup.engine_refused([REFUSED])
    with pytest.raises(Stop, match=r"mkdocs.yml 有 1 个问题，未生成网站：\nmkdocs.yml:3: theme:"):
        Session("build").configure(project / "mkdocs.yml", str(project / "site"))
    assert not (project / "site.building").exists()


def test_the_build_and_the_commands_set_a_project_up_alike(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nsite_url: https://example.org/\n", "utf-8")
    loaded = Project.load(project, drafts=True)
    assert any(p.path == "mkdocs.yml" and p.warning for p in loaded.problems)  # no ICP number
    s = started(project, "serve")
    assert s.project.problems == loaded.problems
    assert s.settings == loaded.settings
    records_only = tmp_path / "records"
    (records_only / "stories").mkdir(parents=True)
    assert Project.load(records_only).problems == []  # no mkdocs.yml: no site settings to check
