"""The serving rules over a real built site (tests/fixtures/linked): every file gets a content
type and a lifetime, and only files whose names change with their content are kept long."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storykit.publish.headers import (
    DEFAULT_TYPE,
    LONG,
    MIDDLE,
    SHORT,
    compressible,
    headers_for,
    media_type,
)

HASHED_NAME = re.compile(r"[0-9a-f]{7,}")  # Pagefind writes 7 hex digits or more, Material 8


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_every_file_has_a_declared_type(published):
    unknown = [f for f in files(published) if media_type(f) is None and "." in f.rsplit("/", 1)[-1]]
    assert unknown == []
    # the vendored libraries' LICENSE files, which have no extension, are plain downloads
    for f in files(published):
        if "." not in f.rsplit("/", 1)[-1]:
            assert headers_for(f).content_type == DEFAULT_TYPE


def test_text_is_utf8_and_compressible_and_nothing_else_is(published):
    for f in files(published):
        found = media_type(f)
        text = found is not None and found.text
        assert headers_for(f).content_type.endswith("; charset=utf-8") == text, f
        assert compressible(f) == text, f
    assert headers_for("index.html").content_type == "text/html; charset=utf-8"
    assert headers_for("assets/storykit.js").content_type == "text/javascript; charset=utf-8"
    assert headers_for("statistics/figures.csv").content_type == "text/csv; charset=utf-8"


def test_pages_feeds_and_the_search_entry_are_checked_on_every_visit(published):
    everything = files(published)
    fixed = ["feed.xml", "feed.json", "sitemap.xml", "robots.txt", "404.html", "sites/map.json"]
    fixed += [f for f in everything if f.endswith(".html")]
    # the index's entry, scripts, wasm and parts list: the names that lead to the hashed files
    fixed += [
        f
        for f in everything
        if f.startswith("pagefind/") and "/" not in f[9:] and not f.endswith(".pf_meta")
    ]
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= set(fixed)
    assert [f for f in fixed if f in everything and headers_for(f).kind != SHORT.kind] == []
    assert headers_for("cases/").cache_control == "no-cache"  # a folder is its index.html


def test_only_content_addressed_files_are_kept_for_a_year(published):
    long = [f for f in files(published) if headers_for(f).kind == LONG.kind]
    kinds = {f.split("/")[0] + "/" + f.rsplit(".", 1)[-1] for f in long}
    # the search index's fragments, the picture variants and Material's bundle, all found
    assert {"pagefind/pf_fragment", "pagefind/pf_meta", "assets/webp", "assets/js"} <= kinds
    for f in long:
        assert HASHED_NAME.search(f.rsplit("/", 1)[-1]), f
        assert headers_for(f).cache_control == "public, max-age=31536000, immutable"


def test_fixed_name_assets_are_kept_for_an_hour(published):
    for f in ("assets/storykit.css", "assets/storykit.js", "assets/images/favicon.png"):
        assert (published / f).is_file()
        assert headers_for(f).cache_control == MIDDLE.cache_control == "public, max-age=3600"


@pytest.mark.parametrize(
    "path",
    [
        "pagefind-cases-2/fragment/zh_1a2b3c4.pf_fragment",
        "pagefind-pages/pagefind.zh_0a1b2c3d.pf_meta",
    ],
)
def test_the_parts_of_a_large_sites_index_follow_the_same_rules(path):
    assert headers_for(path).kind == LONG.kind
    entry = path.split("/")[0] + "/pagefind-entry.json"
    assert headers_for(entry).kind == SHORT.kind
