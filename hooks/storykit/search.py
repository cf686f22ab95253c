"""Site search with Pagefind: what each page tells the index, and running the indexer.

Pagefind splits its index into small fragments, so a phone downloads only what a query
needs. Only the main text of record pages and hand-written pages is indexed (the element
marked `data-pagefind-body`); navigation, footer, fact-box labels, related cards, reading
tools and the QR box are left out. Drafts are never marked, so never indexed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .catalog import RecordView
from .models import KINDS
from .pagedata import SearchTags
from .settings import SHARD_AT

OUTPUT = "pagefind"
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


@dataclass
class IndexResult:
    ok: bool
    seconds: float
    output: str
    shards: int = 1


# Pagefind holds a whole index in memory while writing it: about 200 KB per Chinese page, so
# 10,000 records would need 2 GB. Past this many pages the site is indexed one kind at a
# time, each into its own folder; the search page merges them (pagefind.mergeIndex).
SHARD_FILE = "shards.json"


def shard_globs(site_dir: Path, hand_written: Sequence[str]) -> list[tuple[str, str]]:
    """(output folder, glob) per kind that has pages, then the pages written in docs/.
    A part with no pages is left out: Pagefind fails on an empty set."""
    shards = [
        (f"{OUTPUT}-{m.folder}", f"{m.folder}/**/*.html")
        for m in KINDS.values()
        if any((site_dir / m.folder).glob("**/*.html"))
    ]
    if hand_written:
        paths = sorted(hand_written)
        shards.append(
            (f"{OUTPUT}-pages", paths[0] if len(paths) == 1 else f"{{{','.join(paths)}}}")
        )
    return shards


def _pagefind(site_dir: Path, *args: str, low: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), *args],
        capture_output=True,
        text=True,
        preexec_fn=_lower_priority if low and os.name == "posix" else None,
    )


def _lower_priority() -> None:
    os.nice(10)  # in the preview the next rebuild goes first; the index can wait


# Pagefind also writes its ready-made search interfaces; the search page uses only pagefind.js
# and its worker, so these are removed from each index folder.
UNUSED_UI = ("pagefind-ui.*", "pagefind-*-ui.*", "pagefind-highlight.js")


def _drop_unused_ui(folder: Path) -> None:
    for pattern in UNUSED_UI:
        for path in folder.glob(pattern):
            path.unlink()


def run_pagefind(
    site_dir: Path, hand_written: Sequence[str] = (), low: bool = False
) -> IndexResult:
    """Index a built site in place: site/pagefind/, and site/pagefind-*/ for a large site.
    `hand_written` lists the built paths of the pages from docs/ (a part of their own)."""
    start = time.perf_counter()
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    if pages <= int(os.environ.get("STORYKIT_SHARD_AT", SHARD_AT)):
        proc = _pagefind(site_dir, "--output-subdir", OUTPUT, low=low)
        if proc.returncode == 0:
            (site_dir / OUTPUT / SHARD_FILE).write_text("[]", "utf-8")
            _drop_unused_ui(site_dir / OUTPUT)
        return IndexResult(
            proc.returncode == 0, time.perf_counter() - start, proc.stdout + proc.stderr
        )
    shards = shard_globs(site_dir, hand_written)
    outputs = []
    for i, (folder, glob) in enumerate(shards):
        # the first shard is the one the search page opens; the others are merged into it
        out = OUTPUT if i == 0 else folder
        proc = _pagefind(site_dir, "--glob", glob, "--output-subdir", out, low=low)
        outputs.append(proc.stdout + proc.stderr)
        if proc.returncode:
            return IndexResult(False, time.perf_counter() - start, "\n".join(outputs))
        _drop_unused_ui(site_dir / out)
    extra = [f"{folder}/" for folder, _ in shards[1:]]
    (site_dir / OUTPUT / SHARD_FILE).write_text(json.dumps(extra), "utf-8")
    return IndexResult(True, time.perf_counter() - start, "\n".join(outputs), len(shards))


class BackgroundIndexer:
    """The preview's indexer: one Pagefind run at a time, in the background and at low
    priority, so a saved page reloads before its index is rewritten. A save during a run
    asks for one more run after it; several saves during a run still make only one."""

    def __init__(self, done: Callable[[IndexResult], None]) -> None:
        self.done = done
        self.lock = threading.Lock()
        self.wanted: tuple[Path, list[str]] | None = None
        self.running = False

    def request(self, site_dir: Path, hand_written: Sequence[str] = ()) -> None:
        with self.lock:
            self.wanted = (site_dir, list(hand_written))
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self) -> None:
        while True:
            with self.lock:
                wanted, self.wanted = self.wanted, None
                if wanted is None:
                    self.running = False
                    return
            self.done(run_pagefind(*wanted, low=True))
