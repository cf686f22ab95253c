"""A record's own page, as data: its parts (parts.py) where its kind's layout puts them."""

from __future__ import annotations

from typing import Any

from storykit.pages import maps, parts, pictures, reviews
from storykit.pages.layout import record_layout, title_is_name
from storykit.pages.pagedata import RecordPage
from storykit.pages.queries import Queries
from storykit.pages.search import search_tags
from storykit.pages.statspage import org_totals
from storykit.pages.urls import WORKLIST_URL, entry_url, index_url
from storykit.records.models import KINDS
from storykit.records.richtext import md


def record_page(site: Queries, kind: str, rid: str) -> RecordPage:
    view = site.record(kind, rid)
    record: Any = view.record
    layout = record_layout(record)  # read once: each part gets the fields it shows
    search = None
    if not record.draft:  # drafts are never indexed
        search = search_tags(
            view,
            [t.name for t in map(site.theme, record.themes) if t],
            pictures.thumb_file(view, site.image_set),
        )
    point = layout.map_point is not None  # a point on the map: directions and a map
    return RecordPage(
        url=entry_url(view),
        kind=view.kind,
        kind_label=layout.label,
        index_url=index_url(view.kind) if view.kind in site.kinds_shown() else None,
        title=view.title,
        lead=record.summary or "",
        draft=record.draft,
        name=title_is_name(KINDS[view.kind]),
        errors=parts.errors(site, view.rel),
        own=parts.own_picture(site, view, layout.own_picture),
        pictures=parts.gallery(site, view, layout.gallery),
        facts=parts.facts(site, view, layout.facts),
        figures=parts.figures(view, layout.figures),
        body=md(record.body),
        sections=parts.section_groups(view, layout.sections),
        items=parts.shelf_items(site, view, layout.listing),
        roster=parts.roster(site, view, layout.roster),
        totals=org_totals(site, view) if layout.totals else (),
        quote=parts.quote(view, layout.quote),
        sources=parts.sources(view, layout.sources),
        bylines=parts.bylines(view, layout.bylines),
        reviewed_by=parts.reviewed_by(site, view),
        origin=parts.origin(view),
        related=parts.related(site, view, layout),
        search=search,
        share_image=pictures.share_image(view, site.image_set),
        directions=maps.directions(view) if point else None,
        map=maps.site_map(site, view) if point else None,
        worklist=WORKLIST_URL if record.draft else None,
        review=reviews.badge(site, view),
    )
