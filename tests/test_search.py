"""What record pages tell the search index; drafts are never marked for indexing."""

from __future__ import annotations

from helpers import ROOT

from storykit import catalog
from storykit.pages import SitePages


def test_record_pages_carry_filters_and_drafts_are_not_indexed():
    cat = catalog.build(ROOT, drafts=True)
    pages = SitePages(cat)
    for entry in cat.entries():
        html = str(pages.render_record(entry, f"x/{entry.id}/"))
        if entry.record.draft:
            assert "data-pagefind-body" not in html and "data-pagefind-filter" not in html
        else:
            assert "data-pagefind-body" in html
            assert '<span data-pagefind-filter="类型">' in html
            assert (
                'class="sk-related" data-pagefind-ignore="all"' in html or "sk-related" not in html
            )
