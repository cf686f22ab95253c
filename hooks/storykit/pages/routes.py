"""The generated pages before they are rendered: address, title, and how to build the data.

`routes()` lists them cheaply, from what `Queries` says without recording (`unrecorded_…`);
a route's `data()` builds the page, through recorded queries, when it is rendered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from storykit.pages import listings, opendata, reference, reviews, worklist
from storykit.pages.pagedata import (
    PageData,
    SearchPage,
)
from storykit.pages.queries import Queries
from storykit.pages.record import record_page
from storykit.pages.statspage import statistics_page
from storykit.pages.urls import (
    REVIEW_URL,
    STATISTICS_URL,
    WORKLIST_URL,
    entry_url,
    index_url,
    record_url,
    region_url,
    theme_url,
    year_url,
)
from storykit.records.catalog import RecordView
from storykit.records.models import KINDS


@dataclass(frozen=True)
class Route:
    """A generated page before it is rendered: where it lives, its title, and how to build
    its data. `record` is set for record pages (edit links, link previews)."""

    url: str
    title: str
    make: Callable[[], PageData]
    description: str = ""
    record: RecordView | None = None
    search: bool = False  # the search page loads the search script

    def data(self) -> PageData:
        return self.make()


# -- routes --------------------------------------------------------------------------------
def routes(site: Queries, home: bool = True) -> list[Route]:
    out = [record_route(site, v) for v in site.unrecorded_records()]
    for kind in site.unrecorded_kinds_shown():  # a kind with nothing published has no section
        out += index_routes(site, kind)
    out.append(Route(region_url(), "地区", lambda: listings.region_index(site)))
    for region, path in site.unrecorded_regions():
        out.append(
            Route(
                region_url(region.code),
                path,
                lambda code=region.code: listings.region_page(site, code),
                description=f"{region.name}的经验做法、先进典型、红色遗址与书刊",
            )
        )
    out.append(Route(theme_url(), "主题", lambda: listings.theme_index(site)))
    for theme in site.unrecorded_themes():
        out.append(
            Route(
                theme_url(theme.slug),
                theme.name,
                lambda name=theme.name: listings.theme_page(site, name),
                description=theme.description or "",
            )
        )
    out.append(Route(year_url(), "年份", lambda: listings.year_index(site)))
    for year in site.unrecorded_years():
        out.append(
            Route(year_url(year), f"{year}年", lambda year=year: listings.year_page(site, year))
        )
    out.append(Route(STATISTICS_URL, "统计", lambda: statistics_page(site)))
    out.append(Route("guide/fields/", "字段参考", reference.page))
    out.append(Route("search/", "搜索", lambda: search_page(site), search=True))
    out.append(
        Route(
            opendata.DATA_URL,
            "数据开放",
            lambda: opendata.data_page(site),
            description="本站记录的开放数据：JSON、CSV 表格与数据结构说明",
        )
    )
    if home:
        out.append(Route("", "首页", lambda: listings.home_page(site)))
    out += broken_routes(site)
    if site.previewing:  # the drafts to check: an editor's page, never published
        out.append(Route(WORKLIST_URL, worklist.TITLE, lambda: worklist.worklist_page(site)))
        if site.settings.review.levels:  # 先审后发: the sign-offs to make
            out.append(Route(REVIEW_URL, reviews.TITLE, lambda: reviews.review_page(site)))
    return out


def record_route(site: Queries, view: RecordView) -> Route:
    return Route(
        entry_url(view),
        view.title,
        lambda: record_page(site, view.kind, view.id),
        description=view.record.summary or "",
        record=view,
    )


def search_page(site: Queries) -> SearchPage:
    kinds = tuple(KINDS[kind].label for kind in site.kinds_shown())
    return SearchPage("search/", "搜索", kinds)


def hidden_sections(site: Queries) -> list[str]:
    """The section indexes of kinds with nothing published: no page, so out of the nav."""
    shown = site.unrecorded_kinds_shown()
    return [index_url(kind) for kind in KINDS if kind not in shown]


def index_routes(site: Queries, kind: str) -> list[Route]:
    per_page = site.settings.per_page
    pages = max(1, ceil(len(site.unrecorded_records(kind)) / per_page))
    return [
        Route(
            index_url(kind, n),
            KINDS[kind].label + (f"（第 {n} 页）" if n > 1 else ""),
            lambda n=n: listings.index_page(site, kind, n),
        )
        for n in range(1, pages + 1)
    ]


def broken_routes(site: Queries) -> list[Route]:
    """In the preview, a record file too broken to load still gets its page: the problems."""
    out = []
    for kind in KINDS:
        for rid, rel in site.broken(kind):
            url = record_url(kind, rid)
            title = f"{rid}（有错误）"
            out.append(
                Route(
                    url,
                    title,
                    lambda url=url, title=title, rel=rel: listings.broken_page(
                        site, url, title, rel
                    ),
                )
            )
    return out
