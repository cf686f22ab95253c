"""A small linked site (tests/fixtures/linked), built by the real MkDocs: pages, facts, backlinks,
regions, drafts."""

from __future__ import annotations

import posixpath
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import page

from storykit.pages.urls import entry_url, index_url, region_url
from storykit.records import catalog


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_on(site: Path, url: str) -> set[str]:
    """Every link on the page at `url`, as a site-relative directory URL."""
    parser = Links()
    parser.feed(page(site, url))
    out = set()
    for href in parser.hrefs:
        if re.match(r"^[a-z]+:|^#", href):
            continue
        target = posixpath.normpath(posixpath.join("/" + url, href.split("#")[0]))
        out.add(target.lstrip("/").removesuffix("index.html").rstrip("/") + "/")
    return out


@pytest.fixture(scope="module")
def built(published) -> Path:
    return published


@pytest.fixture(scope="module")
def cat(published) -> catalog.Catalog:
    return catalog.build(published.parent, drafts=False)


@pytest.fixture(scope="module")
def drafts(published) -> list:
    every = catalog.build(published.parent, drafts=True)
    return [e for e in every.entries() if e.record.draft]


def test_the_fixture_is_valid(cat):
    assert cat.problems == []


def test_every_record_has_its_page_with_title_summary_and_facts(built, cat):
    for entry in cat.entries():
        html = page(built, entry_url(entry))
        assert re.search(
            f"<h1( data-sk-name)?>{re.escape(escape(entry.title, quote=False))}</h1>", html
        ), entry.rel
        assert escape(entry.record.summary, quote=False) in html, entry.rel
        if entry.region:
            assert f'regions/{entry.region}/"' in html, entry.rel  # the fact box links its region


def test_site_facts_show_kind_era_and_region(built, cat):
    for entry in cat.entries("site"):
        html = page(built, entry_url(entry))
        facts = re.search(r'<dl class="sk-facts">(.*?)</dl>', html, re.S).group(1)
        if entry.record.site_kind:
            assert f"<dd>{entry.record.site_kind}</dd>" in facts
        for era in entry.record.eras:
            assert era in facts


def test_every_reference_is_linked_in_both_directions(built, cat):
    pairs = 0
    for target in cat.entries():
        back = links_on(built, entry_url(target))
        for source in cat.referrers(target):
            pairs += 1
            assert entry_url(source) in back, f"{target.rel} lacks a link to {source.rel}"
            assert entry_url(target) in links_on(built, entry_url(source))
    assert pairs == 22  # every reference in the fixture; fewer means some were not counted


def test_section_indexes_list_every_record_newest_first(built, cat):
    for kind in ("case", "person", "site", "publication", "shelf", "org", "honor"):
        entries = cat.entries(kind)
        html = page(built, index_url(kind))
        assert f"共 {len(entries)} 条" in html
        positions = [html.index(f'href="{e.id}/"') for e in entries]
        assert positions == sorted(positions), kind  # the catalog's order, newest first


def test_region_pages_hold_the_records_below_them_with_counts(built, cat):
    tree = page(built, region_url())
    for code, entries in cat.by_region.items():
        region = cat.regions.get(code)
        html = page(built, region_url(code))
        assert f"<h1>{region.name}</h1>" in html
        hrefs = links_on(built, region_url(code))
        for entry in entries:
            assert entry_url(entry) in hrefs, f"{region.name} lacks {entry.rel}"
        count = re.search(
            rf'href="{code}/">{region.name}</a> <span class=.sk-n.>(\d+)</span>', tree
        )
        assert count and int(count.group(1)) == len(entries), region.name


def test_chain_from_province_to_person(built, cat):
    """辽宁省 → 阜新市 → its organisation → a case it ran → a person in that case."""
    liaoning = cat.regions.resolve("辽宁省").code
    fuxin = cat.regions.resolve("辽宁省/阜新市").code
    assert region_url(fuxin) in links_on(built, region_url(liaoning))
    orgs = [e for e in cat.by_region[fuxin] if e.kind == "org"]
    assert orgs, "no organisation in 阜新市"
    cases = [c for o in orgs for c in cat.referrers(o, "case")]
    people = [p for c in cases for p in c.record.people]
    assert cases and people
    assert entry_url(orgs[0]) in links_on(built, region_url(fuxin))


def test_drafts_leak_nowhere(built, drafts):
    assert drafts, "the fixture holds a draft so this is tested"
    everything = "\n".join(
        f.read_text("utf-8", errors="replace")
        for f in built.rglob("*")
        if f.suffix in (".html", ".xml", ".json", ".js", ".txt")
    )
    for entry in drafts:
        assert not (built / entry_url(entry)).exists()
        assert entry_url(entry) not in everything, entry.rel
        # The name may be mentioned in another record's text, but never as a card or a page.
        assert f'sk-card__title">{escape(entry.title, quote=False)}<' not in everything, entry.rel
        assert f"<title>{escape(entry.title, quote=False)}" not in everything, entry.rel


def test_field_reference_lists_every_field_of_every_model(built):
    from storykit.records.models import KINDS

    html = page(built, "guide/fields/")
    for model in KINDS.values():
        for name, info in model.model_fields.items():
            assert f"<code>{info.alias or name}</code>" in html, f"{model.kind}.{name}"


def test_no_page_loads_anything_from_another_host(built):
    for f in built.rglob("*.html"):
        html = f.read_text("utf-8")
        for m in re.finditer(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', html):
            if 'rel="canonical"' in m.group(0):
                continue  # the page's own published address: named, not loaded
            raise AssertionError(f"{f.relative_to(built)} loads {m.group(0)}")
