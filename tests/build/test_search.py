"""What record pages tell the search index; drafts are never marked for indexing."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import FIXTURES

from storykit.build.search import BackgroundIndexer, run_pagefind
from storykit.pages.queries import Queries
from storykit.pages.record import record_page
from storykit.records import catalog
from storykit.render.templates import Templates


def test_record_pages_carry_filters_and_drafts_are_not_indexed():
    cat = catalog.build(FIXTURES / "linked", drafts=True)
    assert any(e.record.draft for e in cat.entries())  # the fixture holds one, so both are seen
    site, templates = Queries(cat), Templates()
    for entry in cat.entries():
        data = record_page(site, entry.kind, entry.id)
        html = str(templates.render_page(data))
        if entry.record.draft:
            assert data.search is None
            assert "data-pagefind-body" not in html and "data-pagefind-filter" not in html
        else:
            assert ("类型", entry.record.label) in data.search.filters
            assert "data-pagefind-body" in html
            assert '<span data-pagefind-filter="类型">' in html
            assert (
                'class="sk-related" data-pagefind-ignore="all"' in html or "sk-related" not in html
            )


def _tiny_site(root: Path, pages: int) -> Path:
    for i in range(pages):
        page = root / "cases" / f"c{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"<html lang='zh'><body><main data-pagefind-body><h1>第{i}个案例</h1>"
            f"<p>五老志愿者在村里办起了课堂。</p></main></body></html>",
            "utf-8",
        )
    return root


def test_pagefind_indexes_a_built_site(tmp_path):
    found = run_pagefind(_tiny_site(tmp_path, 3))
    assert found.ok, found.output
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert json.loads((tmp_path / "pagefind" / "shards.json").read_text("utf-8")) == []


def test_a_large_site_is_indexed_in_parts(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYKIT_SHARD_AT", "2")
    site = _tiny_site(tmp_path, 3)
    for name in ("about", "news/2026"):
        page = site / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            "<html lang='zh'><body><main data-pagefind-body>关于本站</main></body></html>"
        )
    found = run_pagefind(site, ["about/index.html", "news/2026/index.html"])
    assert found.ok, found.output
    assert found.shards == 2  # the cases, then the pages from docs/
    assert json.loads((site / "pagefind" / "shards.json").read_text("utf-8")) == ["pagefind-pages/"]
    assert found.pages["pagefind-pages"] == 2  # both hand-written pages, in their own part
    assert found.pages["pagefind"] == 3
    assert (site / "pagefind-pages" / "pagefind-entry.json").is_file()


def test_a_large_site_without_pages_in_docs_is_indexed(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYKIT_SHARD_AT", "2")
    found = run_pagefind(_tiny_site(tmp_path, 3))
    assert found.ok, found.output
    assert found.shards == 1


def test_preview_indexer_runs_one_at_a_time_and_coalesces_saves(tmp_path):
    site = _tiny_site(tmp_path, 3)
    results: list = []
    indexer = BackgroundIndexer(results.append)
    for _ in range(4):  # four saves in quick succession
        indexer.request(site)
    deadline = time.monotonic() + 60
    while (indexer.running or not results) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not indexer.running
    assert 1 <= len(results) <= 2  # the first run, and at most one more for the saves after it
    assert all(r.ok for r in results)
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_the_index_is_made_by_the_newest_pagefind(tmp_path):
    """`make install` puts Pagefind 1.6 (npm registry only) in the virtual environment; the
    index says which release made it."""
    import importlib.util
    import platform

    spec = importlib.util.spec_from_file_location(
        "fetch_pagefind", Path(__file__).parents[2] / "tools" / "fetch-pagefind.py"
    )
    fetch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetch)
    if fetch.this_platform() is None:
        pytest.skip(f"no Pagefind {fetch.VERSION} build for {platform.machine()}")
    found = run_pagefind(_tiny_site(tmp_path, 2))
    assert found.ok, found.output
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["version"] == fetch.VERSION
