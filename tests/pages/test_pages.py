"""Page data: what each page shows, asserted without parsing HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, SITE_URL, assemble, mkdocs, page

from storykit.pages import pagedata
from storykit.pages.listings import home_page, index_page
from storykit.pages.queries import Queries
from storykit.pages.record import record_page
from storykit.pages.routes import routes
from storykit.records import catalog
from storykit.records.load import Loader
from storykit.records.models import KINDS
from storykit.records.settings import Settings

GOLDEN = FIXTURES / "golden"


@pytest.fixture(scope="module")
def site() -> Queries:
    return Queries(catalog.build(GOLDEN, drafts=False))


def test_fact_box_follows_the_model_order_labels_and_units(site):
    book = record_page(site, "publication", "full-book")
    assert [f.label for f in book.facts] == [
        "类型", "作者", "主编", "编者", "出版者", "出版年份", "记述时限", "丛书名", "ISSN",
        "册数/辑数", "期数", "当年期号", "总期号", "印数", "页数", "主题",
    ]  # fmt: skip
    values = {f.label: f.items for f in book.facts}
    assert values["印数"] == ("12,000册",) and values["出版年份"] == ("2021",)
    assert values["编者"] == ("主编甲、编者乙",) and values["主编"] == ("主编丁",)
    # a periodical's yearly number beside its running one; the years a history covers
    assert values["当年期号"] == ("第4期",) and values["总期号"] == ("总第280期",)
    assert values["记述时限"] == ("1949—2019年",)
    assert values["主题"] == (pagedata.Link("themes/xiangcun-zhenxing/", "乡村振兴"),)


def test_record_page_links_references_and_regions_by_site_url(site):
    person = record_page(site, "person", "full-person")
    values = {f.label: f for f in person.facts}
    assert values["所属组织"].items == (pagedata.Link("orgs/test-province/", "测试省委员会"),)
    assert values["地区"].style == "path"
    assert [x.url for x in values["地区"].items] == [
        "regions/210000/", "regions/210900/", "regions/210922/",
    ]  # fmt: skip
    assert values["荣誉"].items == (
        "全国关心下一代工作先进个人（2019年，中国关工委）",
        "无年份荣誉",
    )
    assert person.quote.startswith("只要还走得动")


def test_case_byline_and_figures_use_the_model_labels(site):
    case = record_page(site, "case", "full-case")
    assert [(b.label, b.text) for b in case.bylines] == [
        ("作者", "作者甲"), ("责任编辑", "编辑乙"), ("发布日期", "2023年11月2日"),
    ]  # fmt: skip
    assert case.figures[0] == pagedata.Figure("12,000多", "人", "五老队伍", "2022年，全省口径")
    assert "日期" not in [f.label for f in case.facts]  # a case's date is in its byline
    # the org is in the fact box, so it is not repeated among related records
    assert all(c.kind != "org" for g in case.related for c in g.cards)
    assert "<script>" not in str(case.body) and "onerror" not in str(case.body)


def test_a_minors_portrait_is_never_shown_and_a_placeholder_stands_in(tmp_path):
    cat = catalog.build(GOLDEN, drafts=False)
    from storykit.media.variants import Gallery

    site = Queries(cat, gallery=Gallery(tmp_path / "cache"))
    young = record_page(site, "person", "young-person")
    assert isinstance(young.own, pagedata.Placeholder) and young.pictures == ()
    assert young.share_image.endswith("share-default.png")
    adult = record_page(site, "person", "test-person")
    assert isinstance(adult.own, pagedata.Picture) and adult.own.alt == "测试人物的照片"


def test_shelf_lists_its_books_in_order_with_notes(site):
    shelf = record_page(site, "shelf", "test-shelf")
    assert [(i.card.title, i.note) for i in shelf.items] == [("测试图书", "推荐语。")]
    assert shelf.related == ()  # its books are its own list, not "related"


def test_section_index_pages_follow_the_per_page_setting():
    site = Queries(catalog.build(GOLDEN, drafts=False), Settings(per_page=1))
    urls = [r.url for r in routes(site) if r.url.startswith("cases/page/") or r.url == "cases/"]
    total = site.count("case")
    assert len(urls) == total
    first = index_page(site, "case", 1)
    assert first.total == total and len(first.cards) == 1
    assert first.pagination.next == "cases/page/2/" and first.pagination.previous is None


def test_home_counts_every_kind(site):
    home = home_page(site)
    assert [c.link.text for c in home.counts] == [m.label for m in KINDS.values()]
    assert {c.link.text: c.count for c in home.counts}["先进典型"] == len(site.listing("person"))
    assert [c.title for c in home.featured] == ["全字段经验做法 <b>标记</b> & 符号"]


def test_the_catalog_leaves_the_loaders_records_untouched():
    loader = Loader(GOLDEN)
    loaded = loader.load()
    before = {e.rel: (e.record.model_dump_json(), dict(vars(e))) for e in loaded.entries}
    catalog.from_loaded(loader.root, loaded, drafts=True)
    after = {e.rel: (e.record.model_dump_json(), dict(vars(e))) for e in loaded.entries}
    assert before == after


def test_core_python_holds_no_markup():
    """Markup lives in templates; Python makes none except sanitised Markdown (html.py) and
    the QR code (share.py)."""
    names = "a|p|div|span|li|ul|ol|dl|dt|dd|h[1-6]|section|article|aside|nav|footer|figure|img|picture|source|svg|rect|text|table|tr|td|th|br|code|blockquote|input|button|form"
    tag = re.compile(rf"""["'][^"'\n]*</?(?:{names})[\s>/]""")
    offenders = []
    for path in sorted((ROOT / "hooks" / "storykit").glob("*.py")):
        if path.name in ("html.py", "share.py"):
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if tag.search(line):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    assert offenders == []


def test_an_override_in_overrides_storykit_changes_the_built_pages(tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "good" / "stories")
    own = project / "overrides" / "storykit"
    (own / "person.html").write_text(
        '{% extends "record.html" %}\n{% block extra %}<p class="mine">{{ page.title }}的故事</p>{% endblock %}\n',
        "utf-8",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert '<p class="mine">测试人物的故事</p>' in page(project / "site", "people/test-person/")
    assert 'class="mine"' not in page(project / "site", "cases/test-case/")


def test_a_misspelt_setting_stops_the_build_with_its_line(tmp_path: Path):
    project = assemble(
        tmp_path / "p", FIXTURES / "good" / "stories", "\nextra:\n  icpp: 京ICP备1号\n"
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    line = next(
        n for n, text in enumerate((project / "mkdocs.yml").read_text("utf-8").splitlines(), 1)
        if "icpp" in text
    )  # fmt: skip
    assert f"mkdocs.yml:{line}: extra.icpp: 未知设置 icpp；是否想写 icp？" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_the_footer_shows_each_setting_escaped(tmp_path):
    project = assemble(
        tmp_path / "p",
        FIXTURES / "good" / "stories",
        f"\nsite_url: {SITE_URL}\nextra:\n  sponsor: 某<b>会</b>\n  icp: 京ICP备00000000号-1\n",
    )
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = page(project / "site", "")
    assert "主办单位：某&lt;b&gt;会&lt;/b&gt;" in html
    assert (
        'href="https://beian.miit.gov.cn/" rel="noopener noreferrer">京ICP备00000000号-1</a>'
        in html
    )


def _preview_with_mistakes(tmp_path: Path, drafts: bool = True) -> Queries:
    """The good fixture plus one case too broken to load and one with a wrong region."""
    import shutil

    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "good" / "stories", root / "stories")
    cases = root / "stories" / "cases"
    (cases / "no-title.yml").write_text("summary: 缺标题。\norg: test-province\n", "utf-8")
    text = (cases / "test-case.yml").read_text("utf-8")
    (cases / "test-case.yml").write_text(
        text.replace("region: 辽宁省/阜新市/彰武县", "region: 辽宁省/不存在市"), "utf-8"
    )
    return Queries(catalog.build(root, drafts=drafts))


def test_preview_lists_records_with_problems_as_marked_cards(tmp_path):
    site = _preview_with_mistakes(tmp_path)
    listed = {c.url: c for c in index_page(site, "case", 1).cards}
    broken = listed["cases/no-title/"]  # not loaded, still listed, linked to its error page
    assert broken.title == "no-title" and "缺少必填字段" in broken.problem
    loaded = listed["cases/test-case/"]
    assert loaded.problem.startswith("第 ") and "region" in loaded.problem
    assert "cases/no-title/" in {r.url for r in routes(site, home=True)}


def test_preview_home_links_each_problem_to_its_record(tmp_path):
    site = _preview_with_mistakes(tmp_path)
    lines = home_page(site).errors.problems
    assert {line.url for line in lines} >= {"cases/no-title/", "cases/test-case/"}
    assert all(line.text.startswith(("stories/", "mkdocs.yml")) for line in lines)


def test_a_published_build_shows_readers_no_problem_marks(tmp_path):
    site = _preview_with_mistakes(tmp_path, drafts=False)
    assert home_page(site).errors is None
    assert all(not c.problem for c in index_page(site, "case", 1).cards)


# -- honours lists, parts of a site, several categories ---------------------------------------
def test_honours_list_shows_its_groups_with_links_or_names_and_units(site):
    honour = record_page(site, "honor", "full-honor")
    values = {f.label: f.items for f in honour.facts}
    assert values["授予单位"] == (
        pagedata.Link("orgs/test-national/", "测试全国委员会"),
        "示例省委组织部",
    )
    assert values["级别"] == ("全国",) and values["状态"] == ("授予",)
    assert values["年度"] == ("2023年度",) and values["日期"] == ("2024年5月20日",)
    groups = [(g.title, g.entries) for g in honour.roster]
    assert groups == [
        (
            "先进集体",
            (
                pagedata.RosterEntry(pagedata.Link("orgs/test-province/", "测试省委员会"), "", ""),
                pagedata.RosterEntry("示例县关心下一代工作委员会", "", ""),
            ),
        ),
        (
            "先进工作者",
            (  # a person with a record: linked, with their organisation from that record
                pagedata.RosterEntry(
                    pagedata.Link("people/full-person/", "全字段人物"),
                    pagedata.Link("orgs/test-province/", "测试省委员会"),
                    "",
                ),
                pagedata.RosterEntry("示例人物丙", "示例镇关工委主任", ""),
                pagedata.RosterEntry("示例人物丁", "示例村五老", "追授"),
            ),
        ),
    ]
    # the recipients are the page's own list, not repeated as related records
    assert honour.related == ()


def test_people_and_orgs_list_the_honours_that_name_them(site):
    person = record_page(site, "person", "full-person")
    org = record_page(site, "org", "test-national")  # the awarding body
    province = record_page(site, "org", "test-province")  # a recipient
    for shown in (person, org, province):
        found = {g.title: [c.url for c in g.cards] for g in shown.related}
        assert found["相关表彰"] == ["honors/full-honor/"], shown.url


def test_honours_index_lists_newest_first_and_the_home_page_counts_them(tmp_path):
    import shutil

    root = tmp_path / "p"
    shutil.copytree(GOLDEN / "stories", root / "stories")
    older = root / "stories" / "honors" / "older.yml"
    older.write_text(
        "title: 示例较早的名单\nyear: 2019\nrecipients:\n  - members: [示例人物戊]\n", "utf-8"
    )
    site = Queries(catalog.build(root, drafts=False))
    listed = index_page(site, "honor", 1)
    assert [c.url for c in listed.cards] == ["honors/full-honor/", "honors/older/"]
    assert "honors/" in {r.url for r in routes(site)}
    counts = {c.link.text: (c.link.url, c.count) for c in home_page(site).counts}
    assert counts["表彰"] == ("honors/", 2)


def test_a_site_lists_its_parts_and_eras_in_years_keep_their_wording(site):
    whole = record_page(site, "site", "full-site")
    assert {g.title: [c.url for c in g.cards] for g in whole.related}["组成部分"] == [
        "sites/full-site-part/"
    ]
    values = {f.label: f.items for f in whole.facts}
    assert values["时期"] == ("土地革命战争时期、1937-1945年",)
    assert values["公布批次"] == ("第一批",) and values["公布年份"] == ("1961年",)
    assert values["名单序号"] == ("1-12",)
    part = record_page(site, "site", "full-site-part")
    values = {f.label: f.items for f in part.facts}
    assert values["所属遗址"] == (pagedata.Link("sites/full-site/", "全字段旧址"),)
    assert values["时期"] == ("1931-1934年",)
    # for filtering, years count for the named era they fall in
    assert ("时期", "土地革命战争时期") in part.search.filters
    assert ("时期", "抗日战争时期") in whole.search.filters


def test_a_parent_site_chain_that_loops_is_reported(tmp_path):
    import shutil

    root = tmp_path / "p"
    shutil.copytree(GOLDEN / "stories", root / "stories")
    whole = root / "stories" / "sites" / "full-site.yml"
    whole.write_text(whole.read_text("utf-8") + "parent: full-site-part\n", "utf-8")
    found = [str(p) for p in catalog.build(root).problems if p.field == "parent"]
    assert any("所属遗址形成了循环" in p and "full-site → full-site-part" in p for p in found)


def test_a_person_with_several_categories_shows_them_joined(site):
    person = record_page(site, "person", "full-person")
    assert {f.label: f.items for f in person.facts}["类别"] == ("老教师、老战士",)
    one = record_page(site, "person", "test-person")  # written as a single value
    assert one.facts[0].label == "类别" and "、" not in one.facts[0].items[0]


def test_a_recipient_whose_record_is_a_draft_is_left_off_the_published_list(tmp_path):
    import shutil

    root = tmp_path / "p"
    shutil.copytree(GOLDEN / "stories", root / "stories")
    person = root / "stories" / "people" / "full-person.yml"
    person.write_text(person.read_text("utf-8") + "draft: true\n", "utf-8")
    honour = record_page(Queries(catalog.build(root, drafts=False)), "honor", "full-honor")
    workers = next(g for g in honour.roster if g.title == "先进工作者")
    assert [e.name for e in workers.entries] == ["示例人物丙", "示例人物丁"]
