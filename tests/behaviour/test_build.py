"""Builds of small projects: escaping, pagination, edit links, failed builds, drafts."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args, get_origin
from urllib.parse import urljoin

import pytest
import yaml
from helpers import FIXTURES, SITE_URL, assemble, mkdocs, page
from PIL import Image
from pydantic import BaseModel, ValidationError

from storykit.records.messages import model_at
from storykit.records.models import KINDS
from tools.bench import corpus

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a></textarea>'
# Titles and names have a length limit shorter than PAYLOAD: they get this instead.
SHORT_PAYLOAD = "<script>alert(1)</script><b>"
# Strings the catalog must resolve (a region, a theme, an image file): junk there fails the
# check, so it can never reach a page.
CHECKED_BY_CATALOG = {"region", "themes", "src"}


class Markup(HTMLParser):
    """Collects what the payload would have become had it been parsed as HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")

    def handle_endtag(self, tag):
        self.in_script = False
        if tag == "textarea":
            self.found.append("</textarea>")

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("<script>alert(…)")


def markup_in(html: str) -> list[str]:
    parser = Markup()
    parser.feed(html)
    return parser.found


def fields_taking(model: type[BaseModel], data: dict, loc: tuple = ()) -> list[tuple]:
    """Every field path (nested parts included) where the model accepts PAYLOAD as text."""
    holder = model_at(model, loc) if loc else model
    out = []
    for name, info in holder.model_fields.items():
        key = info.alias or name
        if key in CHECKED_BY_CATALOG:
            continue
        trials = (PAYLOAD, [PAYLOAD], SHORT_PAYLOAD)
        for value, path in ((v, (*loc, key)) for v in trials):
            trial = set_at(data, path, value)
            if accepts(model, trial):
                out.append(path)
                break
        else:
            if model_at(model, (*loc, key)) is not None:  # a part, or a list of parts
                inner = (*loc, key, 0) if is_list(info.annotation) else (*loc, key)
                out.extend(fields_taking(model, data, inner))
    return out


def is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(is_list(a) for a in get_args(annotation) if a is not type(None))


def set_at(data: dict, path: tuple, value: Any) -> dict:
    data = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    node: Any = data
    for i, part in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(nxt, int) else {})
    last = path[-1]
    node[last] = value
    return data


def accepts(model: type[BaseModel], data: dict) -> bool:
    try:
        model.model_validate(data)
    except ValidationError as err:
        return not err.errors()
    return True


def inject(stories: Path) -> int:
    """Put PAYLOAD into every text field of every record; returns how many fields took it."""
    count = 0
    for kind, model in KINDS.items():
        for path in (stories / model.folder).glob("*.yml"):
            data = yaml.safe_load(path.read_text("utf-8"))
            for loc in fields_taking(model, data):
                for value in (PAYLOAD, [PAYLOAD], SHORT_PAYLOAD):
                    candidate = set_at(data, loc, value)
                    if accepts(model, candidate):
                        break
                data, count = candidate, count + 1
            assert accepts(model, data), (kind, path)
            path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return count


def test_the_markup_detector_sees_the_raw_payload():
    assert len(markup_in(PAYLOAD)) == 4


def test_no_record_string_reaches_html_as_markup(tmp_path):
    # with site_url, so the link-preview tags carry a picture's alt text too
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories", f"\nsite_url: {SITE_URL}\n")
    injected = inject(project / "stories")
    assert injected >= 55  # titles, summaries, bodies, parts, sources, links, notes…
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 20
    shown = 0
    for f in pages:
        html = f.read_text("utf-8")
        assert markup_in(html) == [], f.relative_to(project)
        shown += html.count("&lt;script&gt;alert(1)")
    assert shown >= 20  # the text is shown, escaped, not dropped


def test_pagination_splits_indexes_24_per_page(tmp_path):
    project = tmp_path / "p"
    assemble(project, FIXTURES / "good" / "stories")
    for folder in ("cases", "people", "sites", "publications", "shelves", "orgs", "honors"):
        for f in (project / "stories" / folder).glob("*.yml"):
            f.unlink()
    corpus.write(project, 130)  # 6 orgs, 2 shelves and 122 records of the other kinds
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    first, second = page(site, "cases/"), page(site, "cases/page/2/")
    cards = re.compile(r'<li class="sk-card sk-card--case">')
    cases = len(list((project / "stories/cases").glob("*.yml")))
    assert 24 < cases <= 48
    assert len(cards.findall(first)) == 24
    assert len(cards.findall(second)) == cases - 24
    assert 'aria-current="page">2<' in second and 'href="../../">1</a>' in second
    assert not (site / "cases/page/3").exists()


def test_edit_action_opens_the_yaml_file(tmp_path):
    extra = "\nrepo_url: https://git.example.org/team/site\nedit_uri: edit/main/docs/\n"
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories", extra)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = page(project / "site", "cases/test-case/")
    edit = re.search(r'<a href="([^"]+)"[^>]*class="md-content__button', html)
    assert edit and edit.group(1) == (
        "https://git.example.org/team/site/edit/main/stories/cases/test-case.yml"
    )


def test_failed_build_lists_every_error_and_keeps_the_old_site(tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    assert mkdocs(project, "build").returncode == 0
    before = page(project / "site", "cases/test-case/")
    case = project / "stories/cases/test-case.yml"
    case.write_text(case.read_text("utf-8").replace("org: test-province", "org: nowhere"), "utf-8")
    person = project / "stories/people/test-person.yml"
    person.write_text(person.read_text("utf-8").replace("born: 1950", "born: 一九五〇"), "utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "stories/cases/test-case.yml:3: org: 找不到组织 nowhere" in result.stderr
    assert "stories/people/test-person.yml:5: born:" in result.stderr
    assert "Traceback" not in result.stderr
    assert page(project / "site", "cases/test-case/") == before
    assert not (project / "site.building").exists()


@pytest.fixture
def drafted(tmp_path) -> Path:
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    site = project / "stories/sites/test-site.yml"
    site.write_text(site.read_text("utf-8") + "draft: true\n", "utf-8")
    return project


def test_a_draft_is_left_out_of_a_build(drafted):
    assert mkdocs(drafted, "build", "--strict").returncode == 0
    built = drafted / "site"
    assert not (built / "sites/test-site").exists()
    text = "\n".join(
        f.read_text("utf-8") for f in built.rglob("*") if f.suffix in (".html", ".xml")
    )
    assert "sites/test-site/" not in text
    assert "草稿" not in page(built, "cases/test-case/")


# -- pictures on pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pictured(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    project = assemble(
        tmp_path_factory.mktemp("pics") / "p",
        FIXTURES / "good" / "stories",
        "\nsite_url: https://example.org/sk/\n"
        "extra: {generator: false, sponsor: 测试主办单位, contact: 电话 010-00000000,"
        " icp: 京ICP备00000000号-1, psb: 京公网安备11000000000000号}\n",
    )
    minor = project / "stories/people/test-minor.yml"
    minor.write_text(
        "name: 小明\nsummary: 一名学生。\nminor: true\nconsent: 监护人书面同意\n"
        "portrait: {src: test-photo.jpg, alt: 学生照片}\n",
        "utf-8",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project, result


def test_pages_serve_responsive_webp_with_size_and_alt(pictured):
    project, _ = pictured
    html = page(project / "site", "cases/test-case/")
    pic = re.search(r"<picture>(.*?)</picture>\s*<figcaption>(.*?)</figcaption>", html, re.S)
    assert pic, "no picture on the case page"
    source, caption = pic.group(1), pic.group(2)
    assert re.search(r'<source type="image/webp" srcset="[^"]+480w, [^"]+640w" sizes="', source)
    img = re.search(r"<img [^>]+>", source).group(0)
    for attr in (
        'width="640"',
        'height="480"',
        'loading="lazy"',
        'decoding="async"',
        'alt="测试图片的替代文字"',
    ):
        assert attr in img
    assert "测试图片说明" in caption and "测试摄影者" in caption
    for src in re.findall(r'(?:src|srcset)="([^" ]+)', source):
        assert (project / "site/cases/test-case" / src).resolve().is_file(), src


def test_originals_never_reach_the_site(pictured):
    project, _ = pictured
    original = (project / "stories/media/test-photo.jpg").read_bytes()
    for f in (project / "site").rglob("*"):
        assert f.name != "test-photo.jpg"
        if f.is_file() and f.suffix in (".jpg", ".webp", ".png"):
            assert f.read_bytes() != original


def share_image(html: str) -> str:
    return re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)


def test_share_image_is_square_absolute_and_small(pictured):
    project, _ = pictured
    url = share_image(page(project / "site", "cases/test-case/"))
    assert url.startswith("https://example.org/sk/assets/images/") and url.endswith("-share.jpg")
    path = project / "site" / url.removeprefix("https://example.org/sk/")
    with Image.open(path) as im:
        assert im.width == im.height >= 300
    assert path.stat().st_size < 100_000
    # a page without a picture names the site's default
    assert share_image(page(project / "site", "orgs/test-national/")).endswith("share-default.png")


def test_a_minor_never_shows_a_portrait(pictured):
    project, _ = pictured
    html = page(project / "site", "people/test-minor/")
    assert "<picture>" not in html and "学生照片" not in html
    assert 'class="sk-avatar"' in html
    assert share_image(html).endswith("share-default.png")
    assert "学生照片" not in page(project / "site", "people/")


def test_a_rebuild_reencodes_no_picture(pictured):
    project, first = pictured
    assert "新处理 2 张" in first.stderr  # the photo, and the same photo cropped from the top
    again = mkdocs(project, "build", "--strict")
    assert "新处理 0 张" in again.stderr, again.stderr


def test_a_broken_picture_is_reported_with_its_record_line(tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    photo = project / "stories/media/test-photo.jpg"
    photo.write_bytes(photo.read_bytes()[:3000])
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "stories/cases/test-case.yml:25: images[0].src: " in result.stderr
    assert "文件不完整" in result.stderr


def test_footer_shows_sponsor_contact_and_filing_numbers(pictured):
    project, _ = pictured
    html = page(project / "site", "")
    footer = re.search(r'<div class="sk-footer">(.*?)</div>', html, re.S).group(1)
    assert "主办单位：测试主办单位" in footer and "联系方式：电话 010-00000000" in footer
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener noreferrer">京ICP备00000000号-1</a>'
        in footer
    )
    assert "code=11000000000000" in footer and "京公网安备11000000000000号" in footer
    assert "Made with" not in html


def test_a_published_site_without_icp_number_warns_and_still_builds_strict(tmp_path):
    project = assemble(
        tmp_path / "p", FIXTURES / "good" / "stories", "\nsite_url: https://example.org/\n"
    )
    result = mkdocs(project, "build", "--strict")  # what `make build` runs
    assert result.returncode == 0, result.stderr
    assert "strict mode" not in result.stderr
    line = (project / "mkdocs.yml").read_text("utf-8").splitlines().index(
        "site_url: https://example.org/"
    ) + 1
    said = f"mkdocs.yml:{line}: extra.icp: 提醒：已设置 site_url（正式发布的网址），但还没有填写 ICP 备案号"
    assert said in result.stderr
    assert "icp: 京ICP备" in result.stderr  # says how to set it
    assert 'class="sk-errors' not in page(project / "site", "")  # readers never see it
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("storykit")), "check", str(project)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and said in checked.stdout
    plain = assemble(tmp_path / "q", FIXTURES / "good" / "stories")
    result = mkdocs(plain, "build", "--strict")
    assert result.returncode == 0 and "ICP" not in result.stderr
    assert 'class="sk-footer"' not in page(plain / "site", "")


def test_record_pages_carry_a_qr_of_their_address(pictured):
    project, _ = pictured
    html = page(project / "site", "cases/test-case/")
    box = re.search(r'<aside class="sk-qr"[^>]*>(.*?)</aside>', html, re.S).group(1)
    assert (
        '<svg role="img" aria-label="本页网址的二维码：https://example.org/sk/cases/test-case/"'
        in box
    )
    assert "微信扫一扫 分享" in box
    assert '<meta property="og:url" content="https://example.org/sk/cases/test-case/">' in html


# -- the page for a wrong address ---------------------------------------------------------------


def test_a_wrong_address_gets_a_chinese_page_with_ways_back(pictured):
    """404.html is served for any wrong address, at any depth, under the site's sub-path
    (site_url https://example.org/sk/): its links must lead home and to search from there."""
    project, _ = pictured
    html = (project / "site/404.html").read_text("utf-8")
    assert re.search(r'<html lang="zh[^"]*"', html)
    assert "<title>页面不存在 - " in html
    assert "<h1>找不到这个页面</h1>" in html
    assert "网址可能输错了，或者这个页面已经移动" in html
    assert "Not found" not in html and "404 -" not in html  # Material's English heading
    content = html[html.index('id="sk-main"') :]
    wrong = "https://example.org/sk/cases/no-such-record/"  # where a reader may land
    links = {
        text.strip(): urljoin(wrong, href)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', content)
    }
    assert urljoin(links["回到首页"], ".") == "https://example.org/sk/"
    assert links["打开搜索页"] == "https://example.org/sk/search/"
    form = re.search(r'<form class="sk-find"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', content, re.S)
    assert form and urljoin(wrong, form.group(1)) == "https://example.org/sk/search/"
    # the box sends the word as the field the search page reads (its own form's field)
    field = re.search(r'<input [^>]*name="([^"]+)"', form.group(2)).group(1)
    search_page = page(project / "site", "search/")
    assert f'name="{field}"' in re.search(
        r'<form class="sk-find".*?</form>', search_page, re.S
    ).group(0)


# -- link previews ----------------------------------------------------------------------------


class Heads(HTMLParser):
    """A page's og: tags, and the stylesheets and scripts it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.og: dict[str, str] = {}
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or "").startswith("og:"):
            self.og[a["property"]] = a.get("content") or ""
        if tag == "link" and a.get("rel") == "stylesheet" or tag == "script" and a.get("src"):
            self.loads.append(a.get("href") or a.get("src"))


def heads(path: Path) -> Heads:
    parser = Heads()
    parser.feed(path.read_text("utf-8"))
    return parser


OG = ("og:type", "og:site_name", "og:title", "og:description", "og:locale", "og:image")
OG_IMAGE = ("og:image:width", "og:image:height", "og:image:alt")


def test_every_page_has_link_preview_tags(published):
    config = (published.parent / "mkdocs.yml").read_text("utf-8")
    site_name = re.search(r"^site_name: (.+)$", config, re.M).group(1)
    pages = sorted(published.rglob("*.html"))
    for needed in ("index.html", "search/index.html", "guide/index.html", "about/index.html",
                   "years/index.html", "cases/test-case/index.html", "404.html"):  # fmt: skip
        assert published / needed in pages, needed
    for path in pages:
        rel = path.relative_to(published).as_posix()
        og = heads(path).og
        assert [p for p in OG + OG_IMAGE if not og.get(p, "").strip()] == [], rel
        assert og["og:site_name"] == site_name and og["og:locale"] == "zh_CN", rel
        if rel != "404.html":  # the page for a wrong address has no address of its own
            assert og["og:url"] == SITE_URL + rel.removesuffix("index.html"), rel
        assert og["og:image"].startswith(SITE_URL), rel
        with Image.open(published / og["og:image"].removeprefix(SITE_URL)) as im:
            assert (og["og:image:width"], og["og:image:height"]) == (str(im.width), str(im.height))
    home = heads(published / "index.html").og
    assert home["og:title"] == site_name and home["og:type"] == "website"
    case = heads(published / "cases/test-case/index.html").og
    assert case["og:type"] == "article" and case["og:title"] == "测试种植课进村"
    assert case["og:description"] == "一条用于测试的经验做法：五老在村里开测试种植课。"
    assert case["og:image"].endswith("-share.jpg") and case["og:image:alt"] == "测试图片的替代文字"
    assert heads(published / "404.html").og["og:title"] == "页面不存在"


# -- the pages in docs/ -------------------------------------------------------------------------


def test_the_guide_shows_code_as_blocks_the_keyboard_can_scroll(published):
    html = page(published, "guide/")
    article = html[html.index("<article") : html.index("</article>")]
    assert not re.search(r"<code>(yaml|text|sh)\b", article)  # a fence read as inline code
    assert not re.search(r"^- ", article, re.M)  # a list item run into the paragraph before
    fences = re.findall(r'<pre class="highlight"><code class="language-(\w+)">', article)
    assert fences.count("yaml") == 4 and "text" in fences
    boxed = re.findall(
        r'<div class="sk-table" tabindex="0" role="region" aria-label="[^"]+"><(pre|table)\b',
        article,
    )
    assert boxed.count("pre") == len(fences) == article.count("<pre")
    assert boxed.count("table") == article.count("<table") >= 1


# -- what a page loads -------------------------------------------------------------------------


def test_material_files_no_page_asks_for_are_left_out(published):
    assert not (published / "assets/javascripts/lunr").exists()
    assert list(published.glob("assets/javascripts/workers/search*.js")) == []
    assert list(published.rglob("palette*.css")) == []
    assert list(published.glob("assets/**/*.map")) == []
    # Pagefind's own ready-made interfaces: the search page uses pagefind.js alone
    assert sorted(p.name for p in published.glob("pagefind/*.js")) == [
        "pagefind-worker.js",
        "pagefind.js",
    ]
    for path in published.rglob("*.html"):
        loads = heads(path).loads
        assert loads and not [u for u in loads if "palette" in u], path
        at = SITE_URL + path.relative_to(published).as_posix()
        for url in loads:  # whatever a page does load is there
            target = urljoin(at, url).split("?")[0].removeprefix(SITE_URL)
            assert (published / target).is_file(), (path, url)
