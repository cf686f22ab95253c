"""Pages that list records, as data: a kind's index, a theme, a year, the regions, the home
page, and in the preview the page of a record file too broken to load."""

from __future__ import annotations

from math import ceil

from storykit.pages import maps, reviews
from storykit.pages.layout import layout_of
from storykit.pages.pagedata import (
    BrokenRecordPage,
    Count,
    Errors,
    HomePage,
    Link,
    ListingPage,
    Pagination,
    RegionGroup,
    RegionIndexPage,
    RegionNode,
    RegionPage,
    Topic,
    TopicIndexPage,
)
from storykit.pages.parts import broken_card, cards, errors
from storykit.pages.queries import Queries
from storykit.pages.statspage import region_totals
from storykit.pages.urls import (
    STATISTICS_URL,
    WORKLIST_URL,
    index_url,
    region_url,
    theme_url,
    year_url,
)
from storykit.records.catalog import RecordView
from storykit.records.models import KINDS

HOME_KINDS = ("case", "person", "site", "publication")  # the banner's, those with records
LATEST = 6  # records under 最近更新 on the home page


def pagination(kind: str, n: int, pages: int) -> Pagination | None:
    if pages <= 1:
        return None
    return Pagination(
        previous=index_url(kind, n - 1) if n > 1 else None,
        next=index_url(kind, n + 1) if n < pages else None,
        pages=tuple((i, index_url(kind, i)) for i in range(1, pages + 1)),
        current=n,
    )


def index_page(site: Queries, kind: str, n: int) -> ListingPage:
    per_page = site.settings_now().per_page
    total, chunk = site.listing_page(kind, n, per_page)
    pages = max(1, ceil(total / per_page))
    title = KINDS[kind].label + (f"（第 {n} 页）" if n > 1 else "")
    broken = tuple(broken_card(site, kind, rid, rel) for rid, rel in site.broken(kind))
    shown = (broken if n == 1 else ()) + cards(site, chunk)
    # records that are points on the map: the first page lists them all, by province and city
    points = layout_of(kind).map_point is not None and n == 1
    return ListingPage(
        index_url(kind, n),
        title,
        "",
        total,
        shown,
        pagination(kind, n, pages),
        site.feed_url(),
        groups=maps.groups(site, kind) if points else (),
        map=maps.site_map(site, None) if points else None,
    )


def theme_page(site: Queries, name: str) -> ListingPage:
    theme = site.theme(name)
    members = site.theme_members(name)
    return ListingPage(
        theme_url(theme.slug),
        theme.name,
        theme.description or "",
        len(members),
        cards(site, members),
        None,
    )


def year_page(site: Queries, year: int) -> ListingPage:
    members = site.year_members(year)
    return ListingPage(year_url(year), f"{year}年", "", len(members), cards(site, members), None)


def theme_index(site: Queries) -> TopicIndexPage:
    themes = site.themes()
    counts = site.theme_counts()
    topics = tuple(
        Topic(Link(theme_url(t.slug), t.name), n, t.description or "")
        for t, n in zip(themes, counts, strict=True)
    )
    return TopicIndexPage(theme_url(), "主题", topics)


def year_index(site: Queries) -> TopicIndexPage:
    topics = tuple(Topic(Link(year_url(y), f"{y}年"), n, "") for y, n in site.year_counts())
    return TopicIndexPage(year_url(), "年份", topics)


def region_tree(site: Queries, parent: str | None) -> tuple[RegionNode, ...]:
    """The regions under `parent` that have records, all the way down."""
    counts = site.region_counts()  # asked once; the walk below only reads it

    def walk(code: str | None) -> tuple[RegionNode, ...]:
        return tuple(
            RegionNode(r.name, region_url(r.code), counts[r.code], walk(r.code))
            for r in site.region_children(code)
            if r.code in counts
        )

    return walk(parent)


def region_index(site: Queries) -> RegionIndexPage:
    return RegionIndexPage(region_url(), "地区", region_tree(site, None))


def region_page(site: Queries, code: str) -> RegionPage:
    chain = site.region_chain(code)
    crumbs = (
        Link(region_url(), "全部地区"),
        *(Link(region_url(r.code), r.name) for r in chain[:-1]),
    )
    by_kind: dict[str, list[RecordView]] = {}
    for view in site.region_members(code):
        by_kind.setdefault(view.kind, []).append(view)
    groups = tuple(
        RegionGroup(f"{model.label}（{len(by_kind[kind])}）", cards(site, by_kind[kind]))
        for kind, model in KINDS.items()
        if kind in by_kind
    )
    return RegionPage(
        region_url(code),
        chain[-1].name,
        crumbs,
        region_tree(site, code),
        groups,
        region_totals(site, code),
    )


def home_page(site: Queries) -> HomePage:
    shown = site.kinds_shown()  # a kind with nothing published is left out until it has
    counts = tuple(Count(Link(index_url(k), KINDS[k].label), site.count(k)) for k in shown)
    banner = " · ".join(KINDS[k].label for k in HOME_KINDS if k in shown)
    with_records = site.region_counts()
    provinces = [r for r in site.region_children(None) if r.code in with_records]
    return HomePage(
        url="",
        title=banner or "首页",
        errors=errors(site, None),
        counts=counts,
        featured=cards(site, site.featured()),
        latest=cards(site, site.latest(LATEST)),
        themes=tuple(Link(theme_url(t.slug), t.name) for t in site.themes()),
        provinces=tuple(Link(region_url(r.code), r.name) for r in provinces),
        years=Link(year_url(), "按年份浏览"),
        statistics=Link(STATISTICS_URL, "统计：五老队伍、关工组织等数字的合计"),
        feed=site.feed_url(),
        drafts=drafts_to_check(site),
        review=reviews.home_count(site),
    )


def drafts_to_check(site: Queries) -> Count | None:
    """In the preview, how many drafts there are, linked to the list of what to check."""
    drafts = site.drafts()
    return Count(Link(WORKLIST_URL, "待核对的草稿"), len(drafts)) if drafts else None


def broken_page(site: Queries, url: str, title: str, rel: str) -> BrokenRecordPage:
    return BrokenRecordPage(url, title, errors(site, rel) or Errors((), False))
