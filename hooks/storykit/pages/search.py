"""What a record page tells the search index (Pagefind): its filters and result metadata."""

from __future__ import annotations

from storykit.pages.pagedata import SearchTags
from storykit.records.catalog import RecordView
from storykit.records.models import KINDS

# Filter names as readers see them on the search page.
FILTER_KIND, FILTER_PROVINCE, FILTER_THEME, FILTER_YEAR = "类型", "省份", "主题", "年份"
FILTER_ERA = "时期"  # a site's named eras, those written as years (1931-1934年) included


def search_tags(view: RecordView, themes: list[str], thumb: str | None) -> SearchTags:
    """A record's search filters and result metadata; `themes` are those in the vocabulary."""
    label = KINDS[view.kind].label
    filters = [(FILTER_KIND, label)]
    if view.region_chain:
        filters.append((FILTER_PROVINCE, view.region_chain[0].name))
    filters += [(FILTER_THEME, t) for t in themes]
    if view.year:
        filters.append((FILTER_YEAR, str(view.year)))
    filters += [(FILTER_ERA, era) for era in getattr(view.record, "named_eras", ())]
    meta = [("kind", label)]
    if view.region_chain:
        meta.append(("region", "/".join(r.name for r in view.region_chain)))
    if thumb:
        meta.append(("thumb", thumb))
    return SearchTags(tuple(filters), tuple(meta))
