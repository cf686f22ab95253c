"""`storykit import URL` (报送与转载): records gathered from another storykit site's open data
arrive as drafts with their pictures and references, never twice, never over a local edit, and
bad data leaves the project exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, QuietHandler, assemble, mkdocs
from PIL import Image

from storykit.cli.main import main
from storykit.importing import remote, sites
from storykit.records.catalog import build

HANDMADE = FIXTURES / "opendata"


class _Broken(QuietHandler):
    """Promises a long answer, sends a little and hangs up."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b'{"format": "storykit-data", ')
        self.wfile.flush()
        self.connection.close()


class _Slow(QuietHandler):
    def do_GET(self) -> None:
        time.sleep(3)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().do_GET()  # the importer may have given up waiting, as it should


@pytest.fixture
def serve(serve_dir):
    """serve(folder, handler) → the base URL of a local server for that folder."""
    return serve_dir


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A project with no records: the vocabularies only, so that check passes."""
    root = tmp_path / "here"
    (root / "stories").mkdir(parents=True)
    for name in ("themes.yml", "metrics.yml"):
        shutil.copy(FIXTURES / "linked" / "stories" / name, root / "stories" / name)
    return root


@pytest.fixture
def handmade(tmp_path: Path) -> Path:
    """A copy of the hand-made data as a site would serve it, with a picture made here."""
    site = tmp_path / "other-site"
    shutil.copytree(HANDMADE, site / "data")
    (site / "assets" / "images").mkdir(parents=True)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(site / "assets/images/p1-fallback.jpg")
    return site


def tree(root: Path) -> str:
    """Every file and folder of a project, with its bytes, as one digest."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def loaded(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def published_ids(data: Path) -> set[tuple[str, str]]:
    manifest = json.loads((data / "manifest.json").read_text("utf-8"))
    out = set()
    for k in manifest["kinds"]:
        for r in json.loads((data / k["json"]).read_text("utf-8"))["records"]:
            out.add((k["kind"], r["id"]))
    return out


# -- from a built site, over HTTP ----------------------------------------------------------
def test_sites_whole_site_arrives_once_and_keeps_local_edits(published, serve, empty, capsys):
    base = serve(published)
    code, out, err = run(capsys, base, "--dir", str(empty))
    assert code == 0, out + err
    assert "新增 15 条、更新 0 条、本地改过未覆盖 0 条、原网站已删除 0 条" in err
    cat = build(empty, drafts=True)
    assert {v.key for v in cat.all.values()} == published_ids(published / "data")
    assert all(v.record.draft for v in cat.all.values())
    case = cat.all[("case", "test-case")]
    assert case.record.origin.id == "case:test-case"
    assert case.record.origin.site == "https://example.org/"
    assert case.record.people == ["test-person"] and case.record.org == "test-city"
    assert case.pictures and case.pictures[0][1].is_file()  # downloaded and found
    assert cat.all[("person", "test-person")].pictures
    assert any(s.url == "https://example.org/cases/test-case/" for s in case.record.sources)
    assert not case.record.featured  # this site's own choice
    assert main(["check", str(empty)]) == 0, capsys.readouterr()
    # again, nothing changed: no file changes
    before = tree(empty)
    code, _, err = run(capsys, base + "data/", "--dir", str(empty))
    assert code == 0 and "没有变化 15 条" in err
    assert tree(empty) == before
    # a local edit survives, and is reported with both versions
    path = empty / "stories/cases/test-case.yml"
    path.write_text(path.read_text("utf-8").replace("brand: 测试品牌", "brand: 本地品牌"), "utf-8")
    edited = tree(empty)
    code, out, err = run(capsys, base + "data/manifest.json", "--dir", str(empty))
    assert code == 0 and "本地改过未覆盖 1 条" in err
    assert "stories/cases/test-case.yml: 本地改过" in out
    assert '本地 "本地品牌"；原网站 "测试品牌"' in out
    assert tree(empty) == edited


def test_sites_org_filter_takes_that_organisation(published, serve, empty, capsys):
    code, _, err = run(capsys, serve(published), "--org", "test-city", "--dir", str(empty))
    assert code == 0, err
    keys = {v.key for v in build(empty, drafts=True).all.values()}
    assert keys == {("org", "test-city"), ("case", "test-case"), ("person", "test-person")}


# -- bad data: a Chinese message, and the project as it was --------------------------------
@pytest.fixture
def copied(published, tmp_path: Path) -> Path:
    """The built site's data and pictures, to spoil."""
    site = tmp_path / "spoilt"
    shutil.copytree(published / "data", site / "data")
    shutil.copytree(published / "assets" / "images", site / "assets" / "images")
    return site


def refused(capsys, source: str, project: Path, *words: str) -> str:
    before = tree(project)
    code, out, err = run(capsys, source, "--dir", str(project))
    assert code == 1, out + err
    assert "没有导入" in err + out
    for word in words:
        assert word in out + err
    assert "Traceback" not in out + err
    assert tree(project) == before
    return out + err


def test_sites_huge_file_is_refused(copied, serve, project, capsys, monkeypatch):
    monkeypatch.setattr(remote, "MAX_KIND_FILE", 100_000)
    (copied / "data" / "huge.json").write_bytes(b" " * 300_000)
    manifest = json.loads((copied / "data/manifest.json").read_text("utf-8"))
    manifest["kinds"][0]["json"] = "huge.json"
    (copied / "data/manifest.json").write_text(json.dumps(manifest), "utf-8")
    refused(capsys, serve(copied), project, "超过上限")


def test_sites_markup_in_fields_is_refused(copied, serve, project, capsys):
    path = copied / "data/cases.json"
    data = json.loads(path.read_text("utf-8"))
    record = data["records"][0]["record"]
    record["title"] = "<b>测试</b>种植课"
    record["practices"][0]["body"] = "正文<script>alert(1)</script>"
    data["records"][1]["record"]["summary"] = '<img src=x onerror="alert(1)">'
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    text = refused(capsys, serve(copied), project, "网页标记", "<script>")
    assert "practices[0].body" in text and "title" in text


def test_sites_picture_that_is_no_picture_is_refused(copied, serve, project, capsys):
    for jpg in (copied / "assets/images").glob("*.jpg"):
        jpg.write_bytes(b"<html>not a picture</html>")
    refused(capsys, serve(copied), project, "不是图片")


def test_sites_connection_closed_midway_is_refused(tmp_path, serve, project, capsys):
    refused(capsys, serve(tmp_path, _Broken), project, "连接中途断开")


def test_sites_answer_that_is_not_json_is_refused(copied, serve, project, capsys):
    (copied / "data/manifest.json").write_text("<!doctype html><p>首页</p>", "utf-8")
    refused(capsys, serve(copied), project, "不是 JSON")


def test_sites_wrong_version_missing_and_slow_are_refused(
    copied, serve, project, capsys, monkeypatch, tmp_path
):
    manifest = json.loads((copied / "data/manifest.json").read_text("utf-8"))
    (copied / "data/manifest.json").write_text(json.dumps({**manifest, "version": 2}), "utf-8")
    refused(capsys, serve(copied), project, "版本")
    refused(capsys, serve(tmp_path / "nothing-here"), project, "404")
    monkeypatch.setattr(remote, "TIMEOUT", 0.5)
    refused(capsys, serve(copied, _Slow), project, "服务器太慢")


# -- the hand-made data: references, relayed records, updates, removals, filters ----------
def test_sites_handmade_folder_references_relay_and_clash(handmade, empty, capsys):
    (empty / "stories/cases").mkdir()
    (empty / "stories/cases/case-a.yml").write_text(
        "title: 本地的另一条经验\nsummary: 本地的。\norg: x\ndate: 2024\ndraft: true\n", "utf-8"
    )
    code, out, err = run(capsys, str(handmade / "data"), "--dir", str(empty))
    assert code == 0, out + err
    a = loaded(empty / "stories/cases/case-a-2.yml")  # case-a is another record here
    assert a["title"] == "示例读书课进村" and a["draft"] is True
    assert a["people"] == ["zhang-laoshi"] and a["org"] == "shili-xian"
    assert "sites" not in a and "nowhere-site" in out  # neither imported nor here: dropped
    assert a["themes"] == ["乡村振兴"] and "本站没有的主题" in out
    assert "13912345678" not in a["body"] and "<" not in a["body"]
    assert a["images"][0]["src"].startswith("../media/imported/")
    assert (empty / "stories/cases" / a["images"][0]["src"]).is_file()
    assert a["origin"]["id"] == "case:case-a" and a["origin"]["org"] == "示例县关心下一代工作委员会"
    assert "featured" not in a
    b = loaded(empty / "stories/cases/case-b.yml")  # gathered by that site: first source kept
    assert b["origin"]["site"] == "https://sheng.example.org/" and b["origin"]["id"] == "case:first"
    assert b["sources"][-1]["url"] == "https://sheng.example.org/cases/first/"
    assert loaded(empty / "stories/orgs/shili-zhen.yml")["parent"] == "shili-xian"
    assert loaded(empty / "stories/cases/case-a.yml")["title"] == "本地的另一条经验"


def test_sites_handmade_update_and_removal(handmade, empty, capsys):
    assert run(capsys, str(handmade / "data"), "--dir", str(empty))[0] == 0
    data = handmade / "data"
    people = json.loads((data / "people.json").read_text("utf-8"))
    people["records"][0]["record"]["summary"] = "退休教师，在村里开读书课和书法课。"
    (data / "people.json").write_text(json.dumps(people, ensure_ascii=False), "utf-8")
    cases = json.loads((data / "cases.json").read_text("utf-8"))
    cases["records"] = cases["records"][1:]  # case-a is gone
    (data / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), "utf-8")
    person = empty / "stories/people/zhang-laoshi.yml"
    person.write_text(person.read_text("utf-8").replace("draft: true", "draft: false"), "utf-8")
    town = empty / "stories/orgs/shili-zhen.yml"  # edited into a file that does not load
    town.write_text(town.read_text("utf-8").replace("level: 乡镇", "level: 镇里"), "utf-8")
    code, out, err = run(capsys, str(data), "--dir", str(empty))
    assert code == 0, out + err
    assert "stories/orgs/shili-zhen.yml: 本地文件有问题" in out
    assert "level: 镇里" in town.read_text("utf-8")
    assert sorted(p.name for p in (empty / "stories/orgs").iterdir()) == [
        "shili-xian.yml",
        "shili-zhen.yml",
    ]
    assert "新增 0 条、更新 1 条、本地改过未覆盖 0 条、原网站已删除 1 条" in err
    assert "stories/cases/case-a.yml: 原网站已删除" in out
    assert (empty / "stories/cases/case-a.yml").is_file()  # reported, never deleted
    updated = loaded(person)
    assert updated["summary"] == "退休教师，在村里开读书课和书法课。"
    assert updated["draft"] is False  # published here: stays so


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--region", "210000", {"case-a", "shili-xian", "zhang-laoshi"}),
        ("--region", "陕西省", {"case-b", "shili-zhen"}),
        ("--since", "2023", {"case-a"}),
        ("--kind", "org", {"shili-xian", "shili-zhen"}),
        ("--org", "shili-zhen", {"case-b", "shili-zhen"}),
    ],
)
def test_sites_handmade_filters(handmade, empty, capsys, option, value, expected):
    code, out, err = run(capsys, str(handmade / "data"), option, value, "--dir", str(empty))
    assert code == 0, out + err
    assert {p.stem for p in (empty / "stories").glob("*/*.yml")} == expected


def test_sites_bad_options_are_usage_errors(handmade, empty, capsys):
    assert run(capsys, str(handmade / "data"), "--since", "去年", "--dir", str(empty))[0] == 2
    assert run(capsys, str(handmade / "data"), "--region", "123", "--dir", str(empty))[0] == 2
    assert {p.name for p in (empty / "stories").iterdir()} == {"themes.yml", "metrics.yml"}
    assert run(capsys, "article.txt", "--org", "x", "--dir", str(empty))[0] == 2


def test_sites_places_are_recognised(handmade):
    assert remote.place_of("https://a.example/").manifest == "https://a.example/data/manifest.json"
    assert remote.place_of("https://a.example/sub/data").root == "https://a.example/sub/"
    assert remote.place_of("https://a.example/data/manifest.json").root == "https://a.example/"
    assert remote.place_of(str(handmade / "data")).root == str(handmade.resolve())
    assert remote.place_of("notes.txt") is None
    assert sites.region_prefix("210900") == "2109" and sites.region_prefix("21") == "21"


def test_sites_gathered_records_credit_the_origin_and_count_once(
    published, serve, empty, capsys, tmp_path
):
    """Published here, gathered records say 来源 with a link to the original, and the
    statistics add them up once: the same totals as the origin site's own."""
    code, out, err = run(capsys, serve(published), "--dir", str(empty))
    assert code == 0, out + err
    for path in (empty / "stories").rglob("*.yml"):
        text = path.read_text("utf-8")
        if "draft: true" in text:
            path.write_text(text.replace("draft: true\n", ""), "utf-8")
    project = assemble(tmp_path / "gathering", empty / "stories")
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    site = project / "site"
    page = (site / "cases" / "test-case" / "index.html").read_text("utf-8")
    assert "来源：" in page and 'href="https://example.org/cases/test-case/"' in page
    ours = (site / "statistics" / "figures.csv").read_text("utf-8")
    theirs = (published / "statistics" / "figures.csv").read_text("utf-8")
    assert len(ours.splitlines()) > 1 and ours == theirs
