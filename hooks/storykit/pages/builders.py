"""Page data: every generated page as a frozen dataclass, built from the answers of
`Queries` (queries.py). Nothing here reads a file or the catalog."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from math import ceil
from typing import Any

from pydantic import BaseModel

from storykit.pages import maps, pictures
from storykit.pages import totals as stats
from storykit.pages.format import approx_number, format_date, format_number
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
    Pagination,
    Picture,
    Placeholder,
    RecordPage,
    RegionGroup,
    RegionIndexPage,
    RegionNode,
    RegionPage,
    RegionTotal,
    RelatedGroup,
    RosterEntry,
    RosterGroup,
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
from storykit.pages.queries import Queries
from storykit.pages.search import search_tags
from storykit.pages.urls import (
    CSV_URL,
    STATISTICS_URL,
    entry_url,
    index_url,
    record_url,
    region_url,
    theme_url,
    year_url,
)
from storykit.records.catalog import RecordView, iter_refs
from storykit.records.models import KINDS, ORG_TYPES, Period, Record
from storykit.records.models import Figure as FigureModel
from storykit.records.richtext import md, safe_url
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

HOME_TITLE = "经验做法 · 先进典型 · 红色遗址 · 书刊"
LATEST = 6  # records under 最近更新 on the home page


# -- parts -----------------------------------------------------------------------------------
def link_to(view: RecordView) -> Link:
    return Link(entry_url(view), view.title)


def card(site: Queries, view: RecordView) -> Card:
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


def first_error(site: Queries, rel: str) -> str:
    """The first problem that is not a warning, for a card in the preview."""
    found = next((p for p in site.problems(rel) if not p.warning), None)
    return found.short if found else ""


def broken_card(site: Queries, kind: str, rid: str, rel: str) -> Card:
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


def cards(site: Queries, views: Iterable[RecordView]) -> tuple[Card, ...]:
    return tuple(card(site, v) for v in views)


def errors(site: Queries, rel: str | None) -> Errors | None:
    problems = site.problems(rel)
    return Errors(tuple(problems), rel is None) if problems else None


def fact(site: Queries, view: RecordView, key: str, name: str, mark: FactMarker) -> Fact | None:
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


def _named(site: Queries, part: BaseModel) -> Link | str:
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


def facts(site: Queries, view: RecordView) -> tuple[Fact, ...]:
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


def roster(site: Queries, record: Record) -> tuple[RosterGroup, ...]:
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


def shelf_items(site: Queries, record: Record) -> tuple[ShelfItem, ...]:
    out = []
    for _, name, _ in marked(type(record), Listing):
        for item in getattr(record, name):
            for _loc, kind, rid in iter_refs(item):
                target = site.record(kind, rid)
                if target:
                    out.append(ShelfItem(card(site, target), getattr(item, "note", None) or ""))
    return tuple(out)


def related(site: Queries, view: RecordView) -> tuple[RelatedGroup, ...]:
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


def own_picture(site: Queries, view: RecordView) -> Picture | Placeholder | None:
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


def gallery(site: Queries, view: RecordView) -> tuple[Picture, ...]:
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


def every_picture(site: Queries) -> int:
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
def record_page(site: Queries, kind: str, rid: str) -> RecordPage:
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


def index_page(site: Queries, kind: str, n: int) -> ListingPage:
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
    regions = site.cat.regions

    def walk(code: str | None) -> tuple[RegionNode, ...]:
        return tuple(
            RegionNode(r.name, region_url(r.code), counts[r.code], walk(r.code))
            for r in regions.children(code)
            if r.code in counts
        )

    return walk(parent)


def region_index(site: Queries) -> RegionIndexPage:
    return RegionIndexPage(region_url(), "地区", region_tree(site, None))


def region_page(site: Queries, code: str) -> RegionPage:
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


def home_page(site: Queries) -> HomePage:
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
def _sources(site: Queries, keys: Iterable[tuple[str, str]]) -> tuple[Link, ...]:
    found = (site.cat.get(*key) for key in keys)
    return tuple(link_to(v) for v in found if v)


def _row(site: Queries, label: str, link: str | None, total: stats.Total, top: float) -> StatRow:
    share = round(100 * total.value / top, 1) if top > 0 else 0.0
    value = format_number(float(stats.number(total.value)))
    return StatRow(
        label, link, total.year, value, share, total.basis, _sources(site, total.records)
    )


def _chart(site: Queries, title: str, head: str, unit: str, items: list) -> Chart:
    """items: (label, link, Total); bars scaled to the largest."""
    top = max((t.value for _, _, t in items), default=0)
    rows = tuple(_row(site, label, link, t, top) for label, link, t in items)
    if rows:
        big = max(rows, key=lambda r: r.share)
        summary = f"{title}：共 {len(rows)} 项，最大的是{big.label}，{big.value} {unit}。"
    else:
        summary = f"{title}：暂无数据。"
    return Chart(title, head, summary, unit, rows)


def _metric_anchor(site: Queries, name: str) -> str:
    names = [m.name for m in site.statistics().metrics]
    return f"metric-{names.index(name) + 1}"


def statistics_page(site: Queries) -> StatisticsPage:
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


def _local(site: Queries, metric: Any, total: stats.Total | None) -> LocalTotal | None:
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


def region_totals(site: Queries, code: str) -> tuple[LocalTotal, ...]:
    st = site.statistics()
    found = (_local(site, m, st.latest(m.name, code)) for m in st.metrics)
    return tuple(t for t in found if t)


def org_totals(site: Queries, view: RecordView) -> tuple[LocalTotal, ...]:
    st = site.statistics()
    found = (_local(site, m, st.org_latest(m.name, view.id)) for m in st.metrics)
    return tuple(t for t in found if t)


def broken_page(site: Queries, url: str, title: str, rel: str) -> BrokenRecordPage:
    return BrokenRecordPage(url, title, errors(site, rel) or Errors((), False))
