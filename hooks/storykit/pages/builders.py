"""Page data: every generated page as a frozen dataclass, built from the catalog.

`Site` answers the queries pages make (a record, a list, the themes, a picture); each
answer is recorded as the page's dependency (see deps.py). `Site.routes()` lists the pages
cheaply (address, title); a route's `data()` builds the page's data when it is rendered."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from math import ceil
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from storykit.build.search import search_tags
from storykit.media.variants import Gallery, ImageSet
from storykit.pages import deps, maps, pictures, reference
from storykit.pages.deps import query
from storykit.pages.pagedata import (
    BrokenRecordPage,
    Byline,
    Card,
    Chart,
    Count,
    Errors,
    Fact,
    Figure,
    HomePage,
    Link,
    ListingPage,
    LocalTotal,
    MetricBlock,
    PageData,
    Pagination,
    Picture,
    Placeholder,
    ProblemLine,
    RecordPage,
    RegionGroup,
    RegionIndexPage,
    RegionNode,
    RegionPage,
    RegionTotal,
    RelatedGroup,
    RosterEntry,
    RosterGroup,
    SearchPage,
    Section,
    SectionGroup,
    ShelfItem,
    Source,
    StatisticsPage,
    StatRow,
    Topic,
    TopicIndexPage,
)
from storykit.pages.placeholders import badge
from storykit.pages.urls import entry_url, index_url, record_url, region_url, theme_url, year_url
from storykit.records import statistics as stats
from storykit.records.catalog import Catalog, RecordView, iter_refs
from storykit.records.dates import Dates
from storykit.records.models import FOLDERS, KINDS, ORG_TYPES, Period, Record, Theme
from storykit.records.models import Figure as FigureModel
from storykit.records.problems import for_display
from storykit.records.richtext import md, safe_url
from storykit.records.settings import STORIES, Settings
from storykit.records.types import (
    Byline as BylineMarker,
)
from storykit.records.types import (
    Cited,
    Listing,
    Ref,
    Roster,
    Sections,
    _date,
    _url,
    _year,
    checked_by,
    marked,
    marker,
    nested_model,
)
from storykit.records.types import (
    Fact as FactMarker,
)
from storykit.records.types import (
    Picture as PictureMarker,
)

STATISTICS_URL = "statistics/"
CSV_URL = "statistics/figures.csv"
HOME_TITLE = "经验做法 · 先进典型 · 红色遗址 · 书刊"
LATEST = 6  # records under 最近更新 on the home page
FEED_URL = "feed.xml"


# -- formatting ---------------------------------------------------------------------------
def format_date(value: str | None) -> str:
    """2024-05-20 → 2024年5月20日; partial dates keep their parts."""
    if not value:
        return ""
    parts = value.split("-")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, ("年", "月", "日"), strict=False))


def format_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else str(value)


def approx_number(value: float | int, approx: str | None) -> str:
    """3000 with 多 → "3000多"; with 约 → "约3000"."""
    text = format_number(value)
    if not approx:
        return text
    return text + approx if approx in ("多", "余") else approx + text


# -- the site: queries pages make ---------------------------------------------------------
class Site:
    """The catalog, settings and pictures of one build, asked through recorded queries."""

    def __init__(
        self, cat: Catalog, settings: Settings | None = None, gallery: Gallery | None = None
    ):
        self.cat = cat
        self.settings = settings or Settings()
        self.gallery = gallery
        self.dates = Dates(cat.root)
        self.feeds = False  # whether feed.xml is written (the engine knows site_url)
        self._answers: dict[deps.Dep, str] = {}
        self._images: dict[tuple[Path, str | None], ImageSet | None] = {}
        self._problems: dict[str, list[ProblemLine]] | None = None
        self._stats: stats.Statistics | None = None

    # Each query's answer must carry everything a page shows from it: a record's file
    # stamp covers all of its fields, a list's answer covers its members' stamps.
    @query
    def record(self, kind: str, rid: str) -> RecordView | None:
        return self.cat.get(kind, rid)

    @query
    def referrers(self, kind: str, rid: str) -> list[RecordView]:
        view = self.cat.all.get((kind, rid))
        return self.cat.referrers(view) if view else []

    @query
    def listing(self, kind: str) -> list[RecordView]:
        return self.cat.entries(kind)

    @query
    def listing_page(self, kind: str, n: int, per_page: int) -> tuple[int, list[RecordView]]:
        """(total, the records on page n) of a section index."""
        entries = self.cat.entries(kind)
        return len(entries), entries[(n - 1) * per_page : n * per_page]

    @query
    def count(self, kind: str) -> int:
        return len(self.cat.entries(kind))

    @query
    def featured(self) -> list[RecordView]:
        return [v for v in self.cat.entries() if v.record.featured]

    @query
    def latest(self, n: int) -> list[RecordView]:
        latest = sorted(  # newest by the record date rule (dates.py), as the feeds
            self.cat.entries(),
            key=lambda v: (self.dates.of(v), v.mtime_ns, v.sort_key, v.id),
            reverse=True,
        )
        return latest[:n]  # ties (files saved together, a fresh clone) in a stable order

    @query
    def feed_url(self) -> str | None:
        """The RSS feed's site-relative URL; None when no feed is written (no site_url)."""
        return FEED_URL if self.feeds else None

    @query
    def themes(self) -> list[Theme]:
        return list(self.cat.themes)

    @query
    def theme(self, name: str) -> Theme | None:
        return self.cat.theme(name)

    @query
    def theme_members(self, name: str) -> list[RecordView]:
        return self.cat.by_theme.get(name, [])

    @query
    def theme_counts(self) -> list[int]:
        return [len(self.cat.by_theme.get(t.name, [])) for t in self.cat.themes]

    @query
    def year_members(self, year: int) -> list[RecordView]:
        return self.cat.by_year.get(year, [])

    @query
    def year_counts(self) -> list[tuple[int, int]]:
        return sorted(((y, len(v)) for y, v in self.cat.by_year.items()), reverse=True)

    @query
    def region_members(self, code: str) -> list[RecordView]:
        return self.cat.by_region.get(code, [])

    @query
    def region_counts(self) -> dict[str, int]:
        """Records per region that has any: the region tree."""
        return {code: len(v) for code, v in self.cat.by_region.items()}

    @query
    def statistics(self) -> stats.Statistics:
        """Key figures added up (computed once per build; its answer covers every figure)."""
        if self._stats is None:
            self._stats = stats.Statistics(self.cat)
        return self._stats

    @query
    def problems(self, rel: str | None) -> list[ProblemLine]:
        """Problems to show in the preview: of one file, or of the whole site (None). A
        published build shows none: only warnings reach it, and readers need not see them."""
        if not self.cat.drafts:
            return []
        if self._problems is None:  # grouped once per build; every card asks
            self._problems = {}
            for p in for_display(self.cat.problems):
                where = record_of_path(p.path)
                url = record_url(*where) if where else None
                short = f"第 {p.line} 行 {p.field}：{p.message}"
                line = ProblemLine(str(p), short, url, p.warning)
                self._problems.setdefault(p.path, []).append(line)
        if rel is None:
            return [line for lines in self._problems.values() for line in lines]
        return self._problems.get(rel, [])

    @query
    def broken(self, kind: str) -> list[tuple[str, str]]:
        """(id, file) of the records of a kind whose file has problems that kept it from
        loading: the preview lists them so that they do not silently vanish."""
        if not self.cat.drafts:
            return []
        found = {p.path for p in self.cat.problems if not p.warning}
        out = []
        for rel in sorted(found):
            where = record_of_path(rel)
            if where and where[0] == kind and where not in self.cat.all:
                out.append((where[1], rel))
        return out

    @query
    def settings_now(self) -> Settings:
        return self.settings

    @query
    def picture_stamp(self, path: str) -> str:
        return deps.file_stamp(Path(path))

    def image_set(self, path: Path, focus: str | None) -> ImageSet | None:
        """A picture's variants; a picture on many cards is looked up once per build."""
        self.picture_stamp(str(path))
        key = (path, focus)
        if key not in self._images:
            self._images[key] = self.gallery.get(path, focus) if self.gallery else None
        return self._images[key]

    def share_image(self, view: RecordView | None) -> str:
        """Site-relative path of a page's link-preview picture."""
        return pictures.share_image(view, self.image_set)

    def answer(self, dep: deps.Dep) -> str:
        """Ask a recorded query again, now (once per build)."""
        if dep not in self._answers:
            name, *args = dep
            method = getattr(type(self), name, None)
            if getattr(method, "is_query", False):
                self._answers[dep] = deps.digest(method.__wrapped__(self, *args))
            else:
                self._answers[dep] = "?"  # a query this code no longer has: render again
        return self._answers[dep]

    # -- the pages ----------------------------------------------------------------------
    def routes(self, home: bool = True) -> list[Route]:
        return build_routes(self, home)


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
def build_routes(site: Site, home: bool = True) -> list[Route]:
    cat = site.cat
    out = [record_route(site, v) for v in cat.entries()]
    for kind in KINDS:
        out += index_routes(site, kind)
    out.append(Route(region_url(), "地区", lambda: region_index(site)))
    for code in cat.by_region:
        region = cat.regions.get(code)
        out.append(
            Route(
                region_url(code),
                cat.regions.path(code),
                lambda code=code: region_page(site, code),
                description=f"{region.name}的经验做法、先进典型、红色遗址与书刊",
            )
        )
    out.append(Route(theme_url(), "主题", lambda: theme_index(site)))
    for theme in cat.themes:
        out.append(
            Route(
                theme_url(theme.slug),
                theme.name,
                lambda name=theme.name: theme_page(site, name),
                description=theme.description or "",
            )
        )
    out.append(Route(year_url(), "年份", lambda: year_index(site)))
    for year in cat.by_year:
        out.append(Route(year_url(year), f"{year}年", lambda year=year: year_page(site, year)))
    out.append(Route(STATISTICS_URL, "统计", lambda: statistics_page(site)))
    out.append(Route("guide/fields/", "字段参考", reference.page))
    out.append(Route("search/", "搜索", lambda: SearchPage("search/", "搜索"), search=True))
    if home:
        out.append(Route("", "首页", lambda: home_page(site)))
    out += broken_routes(site)
    return out


def record_route(site: Site, view: RecordView) -> Route:
    return Route(
        entry_url(view),
        view.title,
        lambda: record_page(site, view.kind, view.id),
        description=view.record.summary or "",
        record=view,
    )


def index_routes(site: Site, kind: str) -> list[Route]:
    per_page = site.settings.per_page
    pages = max(1, ceil(len(site.cat.entries(kind)) / per_page))
    return [
        Route(
            index_url(kind, n),
            KINDS[kind].label + (f"（第 {n} 页）" if n > 1 else ""),
            lambda n=n: index_page(site, kind, n),
        )
        for n in range(1, pages + 1)
    ]


def record_of_path(rel: str) -> tuple[str, str] | None:
    """(kind, id) of the record a file under stories/<folder>/ would hold, else None."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != STORIES or not parts[2].endswith(".yml"):
        return None
    model = FOLDERS.get(parts[1])
    return (model.kind, parts[2][: -len(".yml")]) if model else None


def broken_routes(site: Site) -> list[Route]:
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
                    lambda url=url, title=title, rel=rel: broken_page(site, url, title, rel),
                )
            )
    return out


# -- parts -----------------------------------------------------------------------------------
def link_to(view: RecordView) -> Link:
    return Link(entry_url(view), view.title)


def card(site: Site, view: RecordView) -> Card:
    record = view.record
    region = site.cat.regions.path(view.region) if view.region else ""
    return Card(
        url=entry_url(view),
        kind=view.kind,
        kind_label=KINDS[view.kind].label,
        title=view.title,
        summary=record.summary or "",
        meta=" · ".join(x for x in (region, format_date(record.date)) if x),
        draft=record.draft,
        thumb=pictures.thumb(view, site.image_set),
        problem=first_error(site, view.rel),
    )


def first_error(site: Site, rel: str) -> str:
    """The first problem that is not a warning, for a card in the preview."""
    found = next((p for p in site.problems(rel) if not p.warning), None)
    return found.short if found else ""


def broken_card(site: Site, kind: str, rid: str, rel: str) -> Card:
    """A card for a record file too broken to load: its id, its first problem, its page."""
    return Card(
        url=record_url(kind, rid),
        kind=kind,
        kind_label=KINDS[kind].label,
        title=rid,
        summary="",
        meta=rel,
        draft=False,
        thumb=badge(f"{kind}:{rid}", kind, KINDS[kind].label),
        problem=first_error(site, rel) or "文件有问题",
    )


def cards(site: Site, views: Iterable[RecordView]) -> tuple[Card, ...]:
    return tuple(card(site, v) for v in views)


def errors(site: Site, rel: str | None) -> Errors | None:
    problems = site.problems(rel)
    return Errors(tuple(problems), rel is None) if problems else None


def fact(site: Site, view: RecordView, key: str, name: str, mark: FactMarker) -> Fact | None:
    """One row of the fact box, from the field's type and its Fact marker."""
    record = view.record
    info = type(record).model_fields[name]
    value = getattr(record, name)
    label = info.title or key
    if value in (None, [], ""):
        return None
    ref = marker(info, Ref)
    if key == "region":
        chain = view.region_chain
        items: tuple = tuple(Link(region_url(r.code), r.name) for r in chain)
        return Fact(label, items, "path") if items else None
    if key == "themes":
        found = [site.theme(n) for n in value]
        items = tuple(Link(theme_url(t.slug), t.name) for t in found if t)
        return Fact(label, items, "tags") if items else None
    if ref:
        ids = value if isinstance(value, list) else [value]
        targets = [site.record(ref.target, i) for i in ids]
        items = tuple(link_to(t) for t in targets if t)
        return Fact(label, items) if items else None
    if isinstance(value, Period):
        start, end = value.from_, value.to
        return Fact(label, (f"{start or ''}—{end or ''}年" if end != start else f"{start}年",))
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        if any(True for item in value for _ in iter_refs(item)):  # bodies by id or by name
            items = tuple(x for x in (_named(site, item) for item in value) if x)
            return Fact(label, items) if items else None
        return Fact(label, tuple(str(v) for v in value), "honors")
    if isinstance(value, BaseModel):
        return Fact(label, tuple(_part_lines(value)), "lines")
    if checked_by(info, _url):
        href = safe_url(value)
        return Fact(label, (Link(href, value, external=True) if href else value,))
    if isinstance(value, list):
        return Fact(label, ("、".join(map(str, value)),))
    if isinstance(value, bool):
        return Fact(label, ("是" if value else "否",))
    if checked_by(info, _date):
        return Fact(label, (format_date(value),))
    if isinstance(value, int | float) and not checked_by(info, _year):
        value = format_number(value)
    return Fact(label, (f"{mark.prefix}{value}{mark.unit}",))


def _named(site: Site, part: BaseModel) -> Link | str:
    """A part that names a record by id or something without a record by name: a link to
    the record, or the name; "" when its record is not shown (a draft)."""
    for _loc, kind, rid in iter_refs(part):
        target = site.record(kind, rid)
        return link_to(target) if target else ""
    return str(getattr(part, "name", None) or "")


def _part_lines(part: BaseModel) -> list[str]:
    """A nested group of fields (参观信息) as `label：value` lines."""
    out = []
    for name, info in type(part).model_fields.items():
        value = getattr(part, name)
        if value not in (None, "", []):
            out.append(f"{info.title or name}：{value}")
    return out


def facts(site: Site, view: RecordView) -> tuple[Fact, ...]:
    fields = sorted(marked(type(view.record), FactMarker), key=lambda m: m[2].order)
    rows = (fact(site, view, key, name, mark) for key, name, mark in fields)
    return tuple(row for row in rows if row)


@cache
def figure_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a kind that hold key figures (lists of Figure)."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if nested_model(info.annotation) is FigureModel
    )


def figures(record: Record) -> tuple[Figure, ...]:
    out = []
    for name in figure_fields(type(record)):
        for fig in getattr(record, name):
            note = "，".join(x for x in (fig.year and f"{fig.year}年", fig.note) if x)
            out.append(
                Figure(approx_number(fig.value, fig.approx), fig.unit or "", fig.label, note)
            )
    return tuple(out)


def section_groups(record: Record) -> tuple[SectionGroup, ...]:
    out = []
    for key, name, _ in marked(type(record), Sections):
        items = getattr(record, name)
        if items:
            title = type(record).model_fields[name].title or key
            sections = tuple(Section(s.title, md(s.body)) for s in items)
            out.append(SectionGroup(key, title, sections))
    return tuple(out)


def sources(record: Record) -> tuple[Source, ...]:
    out = []
    for _, name, _ in marked(type(record), Cited):
        for item in getattr(record, name):
            date = format_date(getattr(item, "date", None))
            extra = "，".join(x for x in (getattr(item, "publisher", None), date) if x)
            href = safe_url(item.url)
            out.append(Source(Link(href, item.title, external=True) if href else item.title, extra))
    return tuple(out)


def bylines(record: Record) -> tuple[Byline, ...]:
    out = []
    fields = sorted(marked(type(record), BylineMarker), key=lambda m: m[2].order)
    for key, name, _ in fields:
        value = getattr(record, name)
        if value:
            info = type(record).model_fields[name]
            text = format_date(value) if checked_by(info, _date) else str(value)
            out.append(Byline(info.title or key, text))
    return tuple(out)


def roster(site: Site, record: Record) -> tuple[RosterGroup, ...]:
    """The groups of a Roster field (an honours list's recipients): each member linked to
    their record (a person with their organisation), or their name and unit as written.
    A member whose record is a draft is left out of a published page."""
    out = []
    for key, name, _ in marked(type(record), Roster):
        for group in getattr(record, name):
            entries = []
            for member in group.members:
                shown = _named(site, member)
                if not shown:
                    continue
                unit: Link | str = member.org_name or ""
                person = site.record("person", member.person) if member.person else None
                if person and not unit and person.record.org:
                    org = site.record("org", person.record.org)
                    unit = link_to(org) if org else ""
                entries.append(RosterEntry(shown, unit, member.note or ""))
            title = group.title or type(record).model_fields[name].title or key
            out.append(RosterGroup(key, title, tuple(entries)))
    return tuple(out)


def shelf_items(site: Site, record: Record) -> tuple[ShelfItem, ...]:
    out = []
    for _, name, _ in marked(type(record), Listing):
        for item in getattr(record, name):
            for _loc, kind, rid in iter_refs(item):
                target = site.record(kind, rid)
                if target:
                    out.append(ShelfItem(card(site, target), getattr(item, "note", None) or ""))
    return tuple(out)


def related(site: Site, view: RecordView) -> tuple[RelatedGroup, ...]:
    """Records this one names outside its fact box and own lists, then those naming it."""
    model = type(view.record)
    own = (*marked(model, FactMarker), *marked(model, Listing), *marked(model, Roster))
    shown = {key for key, _, _ in own}
    groups: dict[str, dict[tuple[str, str], RecordView]] = {}
    for ref in view.refs:
        if ref.field in shown:
            continue
        target = site.record(*ref.target)
        if target:
            groups.setdefault(target.kind, {})[target.key] = target
    children = model.children_label  # records of this kind whose `parent` is this one
    for source in site.referrers(view.kind, view.id):
        group = "child" if children and source.kind == view.kind else source.kind
        groups.setdefault(group, {})[source.key] = source
    out = []
    for group in ("child", *KINDS):
        if group in groups:
            title = children if group == "child" else f"相关{KINDS[group].label}"
            out.append(RelatedGroup(title, cards(site, groups[group].values())))
    return tuple(out)


def own_picture(site: Site, view: RecordView) -> Picture | Placeholder | None:
    """A portrait or cover for the top of the page; a placeholder when there is none (or it
    is withheld, as a minor's portrait always is)."""
    record = view.record
    for key, name, mark in marked(type(record), PictureMarker):
        if not mark.own:
            continue
        image = getattr(record, name)
        if mark.hidden_when and getattr(record, mark.hidden_when):
            image = None
        if image is None:
            return pictures.placeholder(view)
        return pictures.picture(view, (key,), image, site.image_set, role=key)
    return None


def gallery(site: Site, view: RecordView) -> tuple[Picture, ...]:
    """The record's other pictures (the `images` list), in order."""
    record = view.record
    out = []
    for key, name, mark in marked(type(record), PictureMarker):
        value = getattr(record, name)
        if mark.own or not isinstance(value, list):
            continue
        for i, image in enumerate(value):
            found = pictures.picture(view, (key, i), image, site.image_set)
            if found:
                out.append(found)
    return tuple(out)


def every_picture(site: Site) -> int:
    """Looks up the variants of every record picture, as the pages would: a build that takes
    most pages from the last one still publishes the files of all (Gallery.publish), and the
    pictures are encoded before pages are rendered in parallel. Returns how many."""
    count = 0
    for view in site.cat.entries():
        for key, name, mark in marked(type(view.record), PictureMarker):
            if mark.hidden_when and getattr(view.record, mark.hidden_when):
                continue  # withheld (a minor's portrait): never published
            value = getattr(view.record, name)
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for i, image in items:
                if image:
                    loc = (key,) if i is None else (key, i)
                    count += pictures.variants_of(view, loc, image, site.image_set) is not None
    return count


# -- pages -----------------------------------------------------------------------------------
def record_page(site: Site, kind: str, rid: str) -> RecordPage:
    view = site.record(kind, rid)
    record: Any = view.record
    search = None
    if not record.draft:  # drafts are never indexed
        search = search_tags(
            view,
            [t.name for t in map(site.theme, record.themes) if t],
            pictures.thumb_file(view, site.image_set),
        )
    return RecordPage(
        url=entry_url(view),
        kind=view.kind,
        kind_label=KINDS[view.kind].label,
        index_url=index_url(view.kind),
        title=view.title,
        lead=record.summary or "",
        draft=record.draft,
        errors=errors(site, view.rel),
        own=own_picture(site, view),
        pictures=gallery(site, view),
        facts=facts(site, view),
        figures=figures(record),
        body=md(record.body),
        sections=section_groups(record),
        items=shelf_items(site, record),
        roster=roster(site, record),
        totals=org_totals(site, view) if view.kind == "org" else (),
        quote=getattr(record, "quote", None) or "",
        sources=sources(record),
        bylines=bylines(record),
        related=related(site, view),
        search=search,
        share_image=pictures.share_image(view, site.image_set),
        directions=maps.directions(view) if view.kind == "site" else None,
        map=maps.site_map(site, view) if view.kind == "site" else None,
    )


def pagination(kind: str, n: int, pages: int) -> Pagination | None:
    if pages <= 1:
        return None
    return Pagination(
        previous=index_url(kind, n - 1) if n > 1 else None,
        next=index_url(kind, n + 1) if n < pages else None,
        pages=tuple((i, index_url(kind, i)) for i in range(1, pages + 1)),
        current=n,
    )


def index_page(site: Site, kind: str, n: int) -> ListingPage:
    per_page = site.settings_now().per_page
    total, chunk = site.listing_page(kind, n, per_page)
    pages = max(1, ceil(total / per_page))
    title = KINDS[kind].label + (f"（第 {n} 页）" if n > 1 else "")
    broken = tuple(broken_card(site, kind, rid, rel) for rid, rel in site.broken(kind))
    shown = (broken if n == 1 else ()) + cards(site, chunk)
    first_sites = kind == "site" and n == 1
    return ListingPage(
        index_url(kind, n),
        title,
        "",
        total,
        shown,
        pagination(kind, n, pages),
        site.feed_url(),
        groups=maps.groups(site) if first_sites else (),
        map=maps.site_map(site, None) if first_sites else None,
    )


def theme_page(site: Site, name: str) -> ListingPage:
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


def year_page(site: Site, year: int) -> ListingPage:
    members = site.year_members(year)
    return ListingPage(year_url(year), f"{year}年", "", len(members), cards(site, members), None)


def theme_index(site: Site) -> TopicIndexPage:
    themes = site.themes()
    counts = site.theme_counts()
    topics = tuple(
        Topic(Link(theme_url(t.slug), t.name), n, t.description or "")
        for t, n in zip(themes, counts, strict=True)
    )
    return TopicIndexPage(theme_url(), "主题", topics)


def year_index(site: Site) -> TopicIndexPage:
    topics = tuple(Topic(Link(year_url(y), f"{y}年"), n, "") for y, n in site.year_counts())
    return TopicIndexPage(year_url(), "年份", topics)


def region_tree(site: Site, parent: str | None) -> tuple[RegionNode, ...]:
    """The regions under `parent` that have records, all the way down."""
    counts = site.region_counts()  # asked once; the walk below only reads it
    regions = site.cat.regions

    def walk(code: str | None) -> tuple[RegionNode, ...]:
        return tuple(
            RegionNode(r.name, region_url(r.code), counts[r.code], walk(r.code))
            for r in regions.children(code)
            if r.code in counts
        )

    return walk(parent)


def region_index(site: Site) -> RegionIndexPage:
    return RegionIndexPage(region_url(), "地区", region_tree(site, None))


def region_page(site: Site, code: str) -> RegionPage:
    chain = site.cat.regions.chain(code)
    crumbs = (
        Link(region_url(), "全部地区"),
        *(Link(region_url(r.code), r.name) for r in chain[:-1]),
    )
    members = site.region_members(code)
    groups = []
    for kind, model in KINDS.items():
        of_kind = [v for v in members if v.kind == kind]
        if of_kind:
            groups.append(RegionGroup(f"{model.label}（{len(of_kind)}）", cards(site, of_kind)))
    return RegionPage(
        region_url(code),
        chain[-1].name,
        crumbs,
        region_tree(site, code),
        tuple(groups),
        region_totals(site, code),
    )


def home_page(site: Site) -> HomePage:
    counts = tuple(
        Count(Link(index_url(kind), model.label), site.count(kind)) for kind, model in KINDS.items()
    )
    regions = site.cat.regions
    with_records = site.region_counts()
    provinces = [r for r in regions.children(None) if r.code in with_records]
    return HomePage(
        url="",
        title=HOME_TITLE,
        errors=errors(site, None),
        counts=counts,
        featured=cards(site, site.featured()),
        latest=cards(site, site.latest(LATEST)),
        themes=tuple(Link(theme_url(t.slug), t.name) for t in site.themes()),
        provinces=tuple(Link(region_url(r.code), r.name) for r in provinces),
        years=Link(year_url(), "按年份浏览"),
        statistics=Link(STATISTICS_URL, "统计：五老队伍、关工组织等数字的合计"),
        feed=site.feed_url(),
    )


# -- statistics -----------------------------------------------------------------------------
def _sources(site: Site, keys: Iterable[tuple[str, str]]) -> tuple[Link, ...]:
    found = (site.cat.get(*key) for key in keys)
    return tuple(link_to(v) for v in found if v)


def _row(site: Site, label: str, link: str | None, total: stats.Total, top: float) -> StatRow:
    share = round(100 * total.value / top, 1) if top > 0 else 0.0
    value = format_number(float(stats.number(total.value)))
    return StatRow(
        label, link, total.year, value, share, total.basis, _sources(site, total.records)
    )


def _chart(site: Site, title: str, head: str, unit: str, items: list) -> Chart:
    """items: (label, link, Total); bars scaled to the largest."""
    top = max((t.value for _, _, t in items), default=0)
    rows = tuple(_row(site, label, link, t, top) for label, link, t in items)
    if rows:
        big = max(rows, key=lambda r: r.share)
        summary = f"{title}：共 {len(rows)} 项，最大的是{big.label}，{big.value} {unit}。"
    else:
        summary = f"{title}：暂无数据。"
    return Chart(title, head, summary, unit, rows)


def _metric_anchor(site: Site, name: str) -> str:
    names = [m.name for m in site.statistics().metrics]
    return f"metric-{names.index(name) + 1}"


def statistics_page(site: Site) -> StatisticsPage:
    st = site.statistics()
    regions = site.cat.regions
    blocks = []
    unlisted = []
    for metric in st.metrics:
        name, unit = metric.name, metric.unit
        if not st.years(name):
            unlisted.append(name)
            continue

        def tree(parent: str | None, name: str = name) -> tuple[RegionTotal, ...]:
            out = []
            for r in regions.children(parent):
                if r.code not in st.used_regions:
                    continue
                total = st.latest(name, r.code)
                if total:
                    row = _row(site, r.name, region_url(r.code), total, 0)
                    out.append(RegionTotal(r.name, region_url(r.code), row, tree(r.code)))
            return tuple(out)

        provinces = [
            (r.name, region_url(r.code), t)
            for r in regions.children(None)
            if r.code in st.used_regions
            for t in [st.latest(name, r.code)]
            if t
        ]
        years = [
            (f"{y}年", None, t) for y in st.years(name) for t in [st.total(name, None, y)] if t
        ]
        types = [(kind, None, t) for kind in ORG_TYPES for t in [st.latest(name, None, kind)] if t]
        blocks.append(
            MetricBlock(
                anchor=_metric_anchor(site, name),
                name=name,
                unit=unit,
                description=metric.description or "",
                provinces=_chart(site, f"{name}：各省最新合计", "省份", unit, provinces),
                tree=tree(None),
                years=_chart(site, f"{name}：全国逐年合计", "年份", unit, years),
                types=_chart(site, f"{name}：按组织类型的最新合计", "组织类型", unit, types),
            )
        )
    return StatisticsPage(
        STATISTICS_URL, "统计", stats.RULE, stats.YEAR_RULE, CSV_URL, tuple(blocks), tuple(unlisted)
    )


def _local(site: Site, metric: Any, total: stats.Total | None) -> LocalTotal | None:
    if total is None:
        return None
    return LocalTotal(
        metric.name,
        metric.unit,
        total.year,
        format_number(float(stats.number(total.value))),
        total.basis,
        _sources(site, total.records),
        f"{STATISTICS_URL}#{_metric_anchor(site, metric.name)}",
    )


def region_totals(site: Site, code: str) -> tuple[LocalTotal, ...]:
    st = site.statistics()
    found = (_local(site, m, st.latest(m.name, code)) for m in st.metrics)
    return tuple(t for t in found if t)


def org_totals(site: Site, view: RecordView) -> tuple[LocalTotal, ...]:
    st = site.statistics()
    found = (_local(site, m, st.org_latest(m.name, view.id)) for m in st.metrics)
    return tuple(t for t in found if t)


def broken_page(site: Site, url: str, title: str, rel: str) -> BrokenRecordPage:
    return BrokenRecordPage(url, title, errors(site, rel) or Errors((), False))


__all__ = ["Route", "Site", "format_date"]
