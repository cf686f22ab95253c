"""A reader on a phone: a site's main pages (tests/fixtures/linked) show their content without
errors."""

from __future__ import annotations

import pytest

from storykit.pages.urls import entry_url, region_url
from storykit.records.models import KINDS


def first(cat, kind):
    featured = [e for e in cat.entries(kind) if e.record.featured]
    return (featured or cat.entries(kind))[0]


def test_home_shows_counts_featured_and_entry_points(phone, site, cat):
    phone.goto(site)
    counts = phone.locator(".sk-counts li")
    assert counts.count() == len([k for k in KINDS if cat.entries(k)])  # one tile per kind
    assert f"{len(cat.entries('case'))}经验做法" in counts.first.inner_text().replace("\n", "")
    assert phone.get_by_role("heading", name="推荐").is_visible()
    assert phone.locator(".sk-entry a.sk-tag", has_text="辽宁省").is_visible()
    assert phone.errors == []


@pytest.mark.parametrize("kind", ["case", "person", "site", "shelf", "org", "publication", "honor"])
def test_record_page_shows_title_facts_and_related(phone, site, cat, kind):
    entry = first(cat, kind)
    phone.goto(site + entry_url(entry))
    assert phone.locator("h1").first.inner_text() == entry.title
    assert phone.locator(".sk-lead").inner_text() == entry.record.summary
    if kind != "shelf":
        assert phone.locator(".sk-facts").is_visible()
    # every record there is linked: related lists, a shelf's items, an honours list's recipients
    assert phone.locator(".sk-related, .sk-shelf, .sk-roster a").count() >= 1
    # nothing overflows the phone's width
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.errors == []


def test_region_page_lists_its_records_and_counties(phone, site, cat):
    code = cat.regions.resolve("辽宁省/阜新市").code
    phone.goto(site + region_url(code))
    assert phone.locator("h1").first.inner_text() == "阜新市"
    assert phone.get_by_role("link", name="彰武县", exact=True).is_visible()
    cards = phone.locator(".sk-card")
    assert cards.count() == len(cat.by_region[code])
    assert phone.errors == []


def test_a_reader_can_walk_from_province_to_person(phone, site, cat):
    """辽宁省 → 阜新市 → its organisation → a case it ran → a person in that case, by clicks.
    Which records to follow is read from the catalog, so added records do not break it."""
    fuxin = cat.regions.resolve("辽宁省/阜新市").code
    org, case, person = next(
        (o, c, cat.get("person", p))
        for o in cat.by_region[fuxin]
        if o.kind == "org"
        for c in cat.referrers(o, "case")
        for p in c.record.people
        if cat.get("person", p)
    )
    phone.goto(site + "regions/")
    phone.get_by_role("link", name="辽宁省", exact=True).first.click()
    phone.get_by_role("link", name="阜新市", exact=True).first.click()
    phone.locator(".sk-card--org a", has_text=org.title).first.click()
    phone.locator(".sk-card--case a", has_text=case.title).first.click()
    assert phone.locator("h1").inner_text() == case.title
    phone.locator(".sk-card--person a", has_text=person.title).first.click()
    assert phone.locator("h1").inner_text() == person.title
    assert phone.errors == []
