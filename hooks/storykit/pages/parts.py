"""The parts pages are made of, as data: cards, the fact box, key figures, sections, sources,
bylines, a roster, a shelf's items, related records and pictures. Each part asks `Queries`
(queries.py) for what it shows, and reads the record's fields its kind's layout (layout.py)
hands it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from pydantic import BaseModel

from storykit.pages import pictures
from storykit.pages.format import approx_number, format_date, format_number
from storykit.pages.layout import (
    BylineField,
    FactField,
    FigureField,
    KindLayout,
    PictureField,
    Place,
    record_layout,
    title_is_name,
)
from storykit.pages.pagedata import (
    Byline,
    Card,
    Errors,
    Fact,
    Figure,
    Link,
    Picture,
    Placeholder,
    RelatedGroup,
    ReviewedBy,
    RosterEntry,
    RosterGroup,
    Section,
    SectionGroup,
    ShelfItem,
    Source,
)
from storykit.pages.placeholders import badge
from storykit.pages.queries import Queries
from storykit.pages.urls import entry_url, record_url, region_url, theme_url
from storykit.records import review as review_
from storykit.records.catalog import RecordView, iter_refs
from storykit.records.models import KINDS, Period
from storykit.records.richtext import md, safe_url


# -- cards and problems ----------------------------------------------------------------------
def link_to(view: RecordView) -> Link:
    return Link(entry_url(view), view.title)


def card(site: Queries, view: RecordView) -> Card:
    record = view.record
    region = site.region_path(view.region) if view.region else ""
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
        name=title_is_name(KINDS[view.kind]),
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
    """The problems and, apart, the reminders of a record file (or of the whole site)."""
    found = site.problems(rel)
    if not found:
        return None
    stopping = tuple(p for p in found if not p.warning)
    return Errors(stopping, rel is None, tuple(p for p in found if p.warning))


# -- the fact box ----------------------------------------------------------------------------
def fact(site: Queries, view: RecordView, field: FactField) -> Fact | None:
    """One row of the fact box, as the kind's layout describes the field."""
    value = getattr(view.record, field.name)
    label = field.label
    if value in (None, [], ""):
        return None
    if field.shows == "region":
        items: tuple = tuple(Link(region_url(r.code), r.name) for r in view.region_chain)
        return Fact(label, items, "path") if items else None
    if field.shows == "themes":
        found = [site.theme(n) for n in value]
        items = tuple(Link(theme_url(t.slug), t.name) for t in found if t)
        return Fact(label, items, "tags") if items else None
    if field.shows == "ref":
        ids = value if isinstance(value, list) else [value]
        targets = [site.record(field.target, i) for i in ids]
        items = tuple(link_to(t) for t in targets if t)
        return Fact(label, items) if items else None
    if isinstance(value, Period):
        start, end = value.from_, value.to
        return Fact(label, (f"{start or ''}—{end or ''}年" if end != start else f"{start}年",))
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        if any(True for item in value for _ in iter_refs(item)):  # bodies by id or by name
            items = tuple(x for x in (named(site, item) for item in value) if x)
            return Fact(label, items) if items else None
        return Fact(label, tuple(str(v) for v in value), "honors")
    if isinstance(value, BaseModel):
        return Fact(label, tuple(_part_lines(value)), "lines")
    if field.url:
        href = safe_url(value)
        return Fact(label, (Link(href, value, external=True) if href else value,))
    if isinstance(value, list):
        return Fact(label, ("、".join(map(str, value)),))
    if isinstance(value, bool):
        return Fact(label, ("是" if value else "否",))
    if field.date:
        return Fact(label, (format_date(value),))
    if isinstance(value, int | float) and not field.year:
        value = format_number(value)
    return Fact(label, (f"{field.mark.prefix}{value}{field.mark.unit}",))


def named(site: Queries, part: BaseModel) -> Link | str:
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


def facts(site: Queries, view: RecordView, fields: tuple[FactField, ...]) -> tuple[Fact, ...]:
    rows = ((fact(site, view, field), field.proper) for field in fields)
    return tuple(dataclasses.replace(row, name=name) if name else row for row, name in rows if row)


# -- what the record says under its text -----------------------------------------------------
def figures(view: RecordView, fields: tuple[FigureField, ...]) -> tuple[Figure, ...]:
    out = []
    for field in fields:
        for fig in getattr(view.record, field.name):
            note = "，".join(x for x in (fig.year and f"{fig.year}年", fig.note) if x)
            value = approx_number(fig.value, fig.approx)
            out.append(Figure(value, fig.unit or "", fig.label, note))
    return tuple(out)


def section_groups(view: RecordView, fields: tuple[Place, ...]) -> tuple[SectionGroup, ...]:
    out = []
    for field in fields:
        items = getattr(view.record, field.name)
        if items:
            sections = tuple(Section(s.title, md(s.body)) for s in items)
            out.append(SectionGroup(field.key, field.label, sections))
    return tuple(out)


def sources(view: RecordView, fields: tuple[Place, ...]) -> tuple[Source, ...]:
    out = []
    for field in fields:
        for item in getattr(view.record, field.name):
            date = format_date(getattr(item, "date", None))
            extra = "，".join(x for x in (getattr(item, "publisher", None), date) if x)
            href = safe_url(item.url)
            link = Link(href, item.title, external=True) if href else item.title
            out.append(Source(link, extra))
    return tuple(out)


def bylines(view: RecordView, fields: tuple[BylineField, ...]) -> tuple[Byline, ...]:
    out = []
    for field in fields:
        value = getattr(view.record, field.name)
        if value:
            text = format_date(value) if field.date else str(value)
            out.append(Byline(field.label, text, field.proper and not field.date))
    return tuple(out)


def origin(view: RecordView) -> Link | str | None:
    """A record gathered from another site (报送与转载): its origin organisation (else the
    origin site's name or address), linked to the original page."""
    found = view.record.origin
    if found is None:
        return None
    name = found.org or found.site_name or found.site
    href = safe_url(found.url) if found.url else None
    return Link(href, name, external=True) if href else name


def reviewed_by(site: Queries, view: RecordView) -> tuple[ReviewedBy, ...]:
    """With extra.review.show: who signed the record's current content, level by level (a
    sign-off for content that has since changed is not named)."""
    state = view.review
    if state is None or not state.signed or not site.settings_now().review.show:
        return ()
    current = review_.digest(view.record, (p for _, p in view.pictures))
    names = {s.level: s.by for s in view.record.reviews if s.digest == current}  # latest wins
    return tuple(ReviewedBy(level, names[level]) for level in state.signed if level in names)


def quote(view: RecordView, name: str | None) -> str:
    return (getattr(view.record, name) or "") if name else ""


def roster(site: Queries, view: RecordView, fields: tuple[Place, ...]) -> tuple[RosterGroup, ...]:
    """The groups of a Roster field (an honours list's recipients): each member linked to
    their record (a person with their organisation), or their name and unit as written.
    A member whose record is a draft is left out of a published page."""
    out = []
    for field in fields:
        for group in getattr(view.record, field.name):
            entries = []
            for member in group.members:
                shown = named(site, member)
                if not shown:
                    continue
                unit: Link | str = member.org_name or ""
                person = site.record("person", member.person) if member.person else None
                if person and not unit and person.record.org:
                    org = site.record("org", person.record.org)
                    unit = link_to(org) if org else ""
                entries.append(RosterEntry(shown, unit, member.note or ""))
            title = group.title or field.label
            out.append(RosterGroup(field.key, title, tuple(entries)))
    return tuple(out)


def shelf_items(
    site: Queries, view: RecordView, fields: tuple[Place, ...]
) -> tuple[ShelfItem, ...]:
    out = []
    for field in fields:
        for item in getattr(view.record, field.name):
            for _loc, kind, rid in iter_refs(item):
                target = site.record(kind, rid)
                if target:
                    note = getattr(item, "note", None) or ""
                    out.append(ShelfItem(card(site, target), note))
    return tuple(out)


def related(site: Queries, view: RecordView, layout: KindLayout) -> tuple[RelatedGroup, ...]:
    """Records this one names outside its fact box and own lists, then those naming it;
    those of its own kind under the kind's children heading when it has one."""
    groups: dict[str, dict[tuple[str, str], RecordView]] = {}
    for ref in view.refs:
        if ref.field in layout.shown_apart:
            continue
        target = site.record(*ref.target)
        if target:
            groups.setdefault(target.kind, {})[target.key] = target
    naming: dict[str, dict[tuple[str, str], RecordView]] = {}
    for source in site.referrers(view.kind, view.id):
        naming.setdefault(source.kind, {})[source.key] = source
    if layout.children and view.kind in naming:  # records whose `parent` is this one
        groups["child"] = naming.pop(view.kind)
    for kind, found in naming.items():
        groups.setdefault(kind, {}).update(found)
    out = []
    for group in ("child", *KINDS):
        if group in groups:
            title = layout.children if group == "child" else f"相关{KINDS[group].label}"
            out.append(RelatedGroup(title, cards(site, groups[group].values())))
    return tuple(out)


# -- pictures --------------------------------------------------------------------------------
def own_picture(
    site: Queries, view: RecordView, field: PictureField | None
) -> Picture | Placeholder | None:
    """A portrait or cover for the top of the page; a placeholder when there is none (or it
    is withheld, as a minor's portrait always is)."""
    if field is None:
        return None
    image = getattr(view.record, field.name)
    if field.mark.hidden_when and getattr(view.record, field.mark.hidden_when):
        image = None
    if image is None:
        return pictures.placeholder(view)
    return pictures.picture(view, (field.key,), image, site.image_set, role=field.key)


def gallery(
    site: Queries, view: RecordView, fields: tuple[PictureField, ...]
) -> tuple[Picture, ...]:
    """The record's other pictures (the `images` list), in order."""
    out = []
    for field in fields:
        for i, image in enumerate(getattr(view.record, field.name)):
            found = pictures.picture(view, (field.key, i), image, site.image_set)
            if found:
                out.append(found)
    return tuple(out)


def every_picture(site: Queries) -> int:
    """Looks up the variants of every record picture, as the pages would: a build that takes
    most pages from the last one still publishes the files of all (Gallery.publish), and the
    pictures are encoded before pages are rendered in parallel. Returns how many."""
    count = 0
    for view in site.all_records():
        for field in record_layout(view.record).pictures:
            if field.mark.hidden_when and getattr(view.record, field.mark.hidden_when):
                continue  # withheld (a minor's portrait): never published
            value = getattr(view.record, field.name)
            items = list(enumerate(value)) if field.many else [(None, value)]
            for i, image in items:
                if image:
                    loc = (field.key,) if i is None else (field.key, i)
                    count += pictures.variants_of(view, loc, image, site.image_set) is not None
    return count
