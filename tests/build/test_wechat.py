"""推文素材: paste-ready article material for the 公众号 editor, for every record."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SITE_URL, assemble
from PIL import Image

from storykit.build.wechat import make
from storykit.cli.main import main
from storykit.media.variants import Gallery
from storykit.pages.queries import Queries
from storykit.records import catalog
from storykit.render.templates import Templates


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def check_material(folder: Path, canonical: str | None) -> None:
    html = (folder / "article.html").read_text("utf-8")
    tags = Tags(html).tags
    assert not [t for t, a in tags if "class" in a], "the editor drops classes"
    assert not [t for t, _ in tags if t in ("script", "style", "link", "iframe")]
    assert not [t for t, a in tags if any(k.startswith("on") for k in a)]
    urls = re.findall(r"https?://[^\s\"'<>）]+", html)
    assert set(urls) <= {canonical}, urls
    for tag, attrs in tags:
        if tag == "img":
            assert not attrs["src"].startswith(("http", "/", "data:"))
            assert (folder / attrs["src"]).is_file()
            assert attrs.get("alt")
    with Image.open(folder / "cover.jpg") as cover:
        assert cover.size == (900, 383)
    with Image.open(folder / "thumb.jpg") as thumb:
        assert thumb.size == (200, 200)
    meta = dict(
        line.split("：", 1) for line in (folder / "meta.txt").read_text("utf-8").splitlines()
    )
    assert 0 < len(meta["标题"]) <= 64
    assert 0 < len(meta["摘要"]) <= 120
    assert "作者" in meta
    if canonical:
        assert meta["阅读原文"] == canonical


def test_every_sample_record_makes_paste_ready_material(tmp_path: Path):
    cat = catalog.build(ROOT)
    site = Queries(cat, None, Gallery(tmp_path / "cache"))
    templates = Templates(ROOT)
    views = cat.entries()
    assert views
    for view in views:
        out = tmp_path / f"{view.kind}-{view.id}"
        material = make(site, templates, view.kind, view.id, out, SITE_URL)
        canonical = f"{SITE_URL}{view.entry.record.folder}/{view.id}/"
        assert material.canonical == canonical
        check_material(out, canonical)
        assert view.title[:10] in (out / "article.html").read_text("utf-8")


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    return assemble(
        tmp_path_factory.mktemp("wechat") / "p",
        FIXTURES / "linked" / "stories",
        f"\nsite_url: {SITE_URL}\n",
    )


def test_the_cli_writes_the_photo_cover_and_text(linked: Path, capsys):
    out = linked / "out"
    assert main(["wechat", "test-case", "--dir", str(linked), "--out", str(out)]) == 0
    assert "article.html" in capsys.readouterr().out
    check_material(out, SITE_URL + "cases/test-case/")
    html = (out / "article.html").read_text("utf-8")
    assert "测试种植课进村" in html
    photos = sorted((out / "images").iterdir())
    assert photos and photos[0].suffix == ".jpg"
    with Image.open(photos[0]) as im:
        assert not im.getexif()  # no GPS or camera data reaches the editor
    with Image.open(out / "cover.jpg") as cover:  # cut from the photo, not one flat colour
        assert len(cover.convert("RGB").getcolors(maxcolors=1 << 20)) > 50


def test_a_draft_makes_no_material_and_says_so(linked: Path, capsys):
    out = linked / "draft-out"
    assert main(["wechat", "case:test-draft", "--dir", str(linked), "--out", str(out)]) == 1
    assert "草稿" in capsys.readouterr().err
    assert not out.exists()
    assert main(["wechat", "no-such-record", "--dir", str(linked)]) == 1
    assert "没有编号" in capsys.readouterr().err


def test_record_text_is_escaped(linked: Path, tmp_path: Path):
    case = linked / "stories/cases/test-case.yml"
    text = case.read_text("utf-8")
    case.write_text(
        text + '\nbody: |\n  <script>alert(1)</script> 正文 <b class="x">加粗</b>'
        " [外链](https://evil.example/)\n",
        "utf-8",
    )
    try:
        out = tmp_path / "m"
        assert main(["wechat", "test-case", "--dir", str(linked), "--out", str(out)]) == 0
        html = (out / "article.html").read_text("utf-8")
        assert "<script" not in html and "evil.example" not in html
        assert "外链" in html and "加粗" in html
        check_material(out, SITE_URL + "cases/test-case/")
    finally:
        case.write_text(text, "utf-8")
