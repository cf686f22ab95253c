"""Preview rebuilds: a page is rendered again exactly when something it read has changed.

Each test builds the golden fixture's pages once, makes one edit a volunteer or a site owner
would make, and asks which pages the next rebuild renders again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

from storykit.build.generate import Generator, Rendered
from storykit.pages.queries import Queries
from storykit.pages.routes import routes as all_routes
from storykit.records import catalog
from storykit.records.load import Loader
from storykit.render.templates import Templates


class Preview:
    """Successive builds of one project, as `mkdocs serve --dirty` makes them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loader = Loader(root)
        self.rendered: dict[str, Rendered] = {}
        self.html: dict[str, str] = {}
        self.all: set[str] = set()

    def build(self) -> set[str]:
        """Render what changed; returns the URLs rendered again."""
        cat = catalog.build(self.root, drafts=True, loader=self.loader)
        site = Queries(cat)
        gen = Generator.for_project(self.root, site, Templates(self.root, True), self.rendered)
        again = set()
        routes = all_routes(site)
        self.all = {r.url for r in routes}
        for route in routes:
            if gen.is_current(route):
                gen.keep(route)
            else:
                again.add(route.url)
                self.html[route.url] = str(gen.render_content(route))
        self.rendered = gen.rendered
        return again


def touch(path: Path, text: str) -> None:
    """Write and move the modification time on, as a save in an editor does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))


@pytest.fixture
def preview(tmp_path) -> Preview:
    shutil.copytree(FIXTURES / "golden" / "stories", tmp_path / "stories")
    p = Preview(tmp_path)
    first = p.build()
    assert first == p.all  # a first build renders everything
    assert p.build() == set()  # and an unchanged project nothing
    return p


def test_a_theme_slug_reaches_every_page_that_links_the_theme(preview):
    themes = preview.root / "stories/themes.yml"
    touch(themes, themes.read_text("utf-8").replace("xiangcun-zhenxing", "xczx"))
    again = preview.build()
    showing = {"cases/test-case/", "publications/full-book/", "orgs/full-org/", "themes/", ""}
    assert showing <= again
    assert "themes/xczx/" in again  # the theme's own page moved
    assert "orgs/test-national/" not in again and "people/test-person/" not in again
    for url in showing:  # links are relative: ../../themes/xczx/ on a record, xczx/ on themes/
        assert "xczx/" in preview.html[url], url
        assert "xiangcun-zhenxing" not in preview.html[url], url


def test_a_record_moved_to_another_region_updates_both_regions_and_the_tree(preview):
    org = preview.root / "stories/orgs/full-org.yml"
    touch(org, org.read_text("utf-8").replace("辽宁省/阜新市/彰武县", "陕西省/延安市/宝塔区"))
    again = preview.build()
    assert {"orgs/full-org/", "regions/", "regions/210922/", "regions/610602/"} <= again
    assert "orgs/test-province/" in again  # lists it as a lower-level organisation
    assert "people/young-person/" not in again and "sites/test-site/" not in again
    assert "regions/610602/" in preview.html["orgs/full-org/"]


def test_an_override_template_renders_again_only_the_pages_that_use_it(preview):
    override = preview.root / "overrides/storykit/person.html"
    touch(
        override, '{% extends "record.html" %}{% block header %}<p class="x">改版</p>{% endblock %}'
    )
    again = preview.build()
    people = {"people/test-person/", "people/full-person/", "people/young-person/"}
    assert again == people
    assert all('<p class="x">改版</p>' in preview.html[url] for url in people)
    touch(override, '{% extends "record.html" %}')  # edited again: the same pages once more
    assert preview.build() == people
    override.unlink()  # removed: back to the packaged template
    assert preview.build() == people


def test_a_partial_override_reaches_every_page_with_cards(preview):
    touch(
        preview.root / "overrides/storykit/partials/card.html",
        (ROOT / "hooks/storykit/templates/partials/card.html")
        .read_text("utf-8")
        .replace('<p class="sk-card__meta">', '<p class="sk-card__meta sk-x">'),
    )
    again = preview.build()
    assert {"cases/", "themes/xiangcun-zhenxing/", "", "orgs/test-province/"} <= again
    assert "guide/fields/" not in again and "search/" not in again
    assert "sk-card__meta sk-x" in preview.html["cases/"]


def test_an_edited_record_updates_the_pages_that_list_it_and_no_others(preview):
    book = preview.root / "stories/publications/test-book.yml"
    touch(book, book.read_text("utf-8").replace("测试图书", "改名的图书"))
    again = preview.build()
    listing = {
        "publications/test-book/",
        "publications/",
        "shelves/test-shelf/",
        "shelves/full-shelf/",
        "cases/test-case/",  # related publications
        "orgs/test-province/",  # it names the org, which lists it back
        "years/2022/",
    }
    assert listing <= again
    for url in listing:
        assert "改名的图书" in preview.html[url], url
    untouched = {"orgs/test-national/", "sites/test-site/", "people/young-person/", "regions/"}
    assert not untouched & again
    assert len(again) < len(preview.all) / 2


def test_a_problem_in_a_record_shows_on_its_page_and_the_home_page(preview):
    case = preview.root / "stories/cases/test-case.yml"
    touch(case, case.read_text("utf-8").replace("org: test-province", "org: nowhere"))
    again = preview.build()
    assert {"cases/test-case/", ""} <= again
    assert "找不到组织 nowhere" in preview.html["cases/test-case/"]
    assert "找不到组织 nowhere" in preview.html[""]


def test_totals_render_again_only_when_a_figure_changes(tmp_path):
    shutil.copytree(FIXTURES / "statistics" / "stories", tmp_path / "stories")
    p = Preview(tmp_path)
    p.build()
    assert p.build() == set()  # the totals are the same answer in a new build
    org = tmp_path / "stories/orgs/fuxinxian.yml"
    touch(org, org.read_text("utf-8").replace("value: 50", "value: 60"))
    again = p.build()
    assert "statistics/" in again
    assert "orgs/fuxinxian/" in again


def test_links_in_a_template_are_relative_to_each_page_it_renders(tmp_path):
    """A constant address through `href` is worked out per page, not once when the template
    is compiled (or loaded compiled from .cache/jinja/) for whichever page came first."""
    from storykit.render.templates import OVERRIDES, at_page

    (tmp_path / OVERRIDES).mkdir(parents=True)
    (tmp_path / OVERRIDES / "link.html").write_text("{{ 'assets/x.css' | href }}", "utf-8")
    for _ in range(2):  # the second time the compiled template comes from the cache
        template = Templates(tmp_path).env.get_template("link.html")
        with at_page("sites/"):
            assert template.render() == "../assets/x.css"
        with at_page("sites/yanan/"):
            assert template.render() == "../../assets/x.css"
