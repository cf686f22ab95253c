"""Site search with Pagefind: running the indexer over the built pages (what a record page
tells the index is pages/search.py).

Pagefind splits its index into small fragments, so a phone downloads only what a query
needs. Only the main text of record pages and hand-written pages is indexed (the element
marked `data-pagefind-body`); navigation, footer, fact-box labels, related cards, reading
tools and the QR box are left out. Drafts are never marked, so never indexed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from storykit.build.memory import link_or_copy
from storykit.records.models import KINDS
from storykit.records.settings import SHARD_AT

OUTPUT = "pagefind"


@dataclass
class IndexResult:
    ok: bool
    seconds: float
    output: str
    shards: int = 1
    indexed: int = 1  # parts indexed in this run (the others were unchanged)
    digests: dict[str, str] = field(default_factory=dict)  # part → digest of its pages


# Pagefind holds a whole index in memory while writing it: about 200 KB per Chinese page, so
# 10,000 records would need 2 GB. Past this many pages the site is indexed in parts: each
# kind's pages, in parts of at most PART_SIZE, then the pages written in docs/, each part into
# its own folder; the search page merges them (pagefind.mergeIndex). A part whose pages did
# not change since the last build is taken from it as it is, so a changed record costs the
# indexing of its part alone.
SHARD_FILE = "shards.json"
PART_SIZE = 500  # about a second of Pagefind's time on this kind of machine


# An element Pagefind skips whole, with everything in it. From its start tag to the first end
# tag of the same name is always inside it (that end tag closes it or an element within it).
_SKIPPED = re.compile(rb'<(\w+)[^>]*\sdata-pagefind-ignore="all"[^>]*>.*?</\1>', re.S)


def index_digest(html: bytes) -> str:
    """A page's digest as far as the index is concerned: without what Pagefind skips whole
    (the related-record cards), so a case retitled does not re-index its organisation's."""
    return hashlib.sha1(_SKIPPED.sub(b"", html)).hexdigest()


@dataclass(frozen=True)
class Part:
    output: str  # folder under the site
    pages: tuple[str, ...]  # site-relative paths of its HTML files
    whole: bool = False  # the whole site (Pagefind runs over the site folder itself)

    def digest(self, page_digest: Callable[[str], str]) -> str:
        text = "\n".join(f"{p}={page_digest(p)}" for p in self.pages)
        return hashlib.sha1(f"{self.output}\n{text}".encode()).hexdigest()


def _part_of(path: str, count: int) -> int:
    """A page's part among `count`: fixed by its address, so that adding a record moves no
    other page (as long as the number of parts stays the same)."""
    return int(hashlib.sha1(path.encode()).hexdigest()[:8], 16) % count


def index_parts(site_dir: Path, hand_written: Sequence[str] = ()) -> list[Part]:
    """The parts of the site's search index: the whole site as one below the threshold, else
    each kind's pages in parts, then the pages from docs/. The first part is the one the
    search page opens. A kind without pages is left out: Pagefind fails on an empty set."""
    pages = sorted(_html_files(site_dir))
    if sum(1 for p in pages if p.endswith("index.html")) <= int(
        os.environ.get("STORYKIT_SHARD_AT", SHARD_AT)
    ):
        return [Part(OUTPUT, tuple(pages), whole=True)]
    parts = []
    for kind in KINDS.values():
        own = [p for p in pages if p.startswith(f"{kind.folder}/")]
        count = -(-len(own) // PART_SIZE)
        for i in range(count):
            members = tuple(p for p in own if _part_of(p, count) == i)
            name = f"{OUTPUT}-{kind.folder}" + (f"-{i + 1}" if i else "")
            parts.append(Part(name, members))
    if hand_written:
        parts.append(Part(f"{OUTPUT}-pages", tuple(sorted(hand_written))))
    if parts:
        parts[0] = Part(OUTPUT, parts[0].pages)
    return parts


def _html_files(site_dir: Path) -> list[str]:
    """Site-relative paths of the HTML files (os.walk: thousands of folders, quickly)."""
    out = []
    for folder, _, names in os.walk(site_dir):
        rel = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        out += [prefix + n for n in names if n.endswith(".html")]
    return out


def _index_part(site_dir: Path, part: Part, low: bool) -> subprocess.CompletedProcess:
    """Pagefind over the part's pages: the whole site, or a folder of links to its pages
    laid out as in the site (so their addresses come out the same)."""
    if part.whole:
        return _pagefind(site_dir, "--output-subdir", part.output, low=low)
    view = site_dir.parent / f".{site_dir.name}.{part.output}"
    shutil.rmtree(view, ignore_errors=True)
    try:
        for page in part.pages:
            link_or_copy(site_dir / page, view / page)
        return _pagefind(view, "--output-path", str(site_dir / part.output), low=low)
    finally:
        shutil.rmtree(view, ignore_errors=True)


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


@dataclass
class Previous:
    """The last build's index, for parts whose pages did not change."""

    site_dir: Path | None  # None: no last build to take parts from
    digests: dict[str, str]  # part → digest of its pages then
    page_digest: Callable[[str], str]  # a page's digest in this build


def run_pagefind(
    site_dir: Path,
    hand_written: Sequence[str] = (),
    low: bool = False,
    previous: Previous | None = None,
) -> IndexResult:
    """Index a built site in place: site/pagefind/, and site/pagefind-*/ for a large site.
    `hand_written` lists the built paths of the pages from docs/ (a part of their own). With
    `previous`, a part whose pages are unchanged is linked from the last build; the others
    are indexed two at a time (this machine's cores)."""
    start = time.perf_counter()
    parts = index_parts(site_dir, hand_written)
    digests = {p.output: p.digest(previous.page_digest) for p in parts} if previous else {}
    todo = []
    for part in parts:
        old = previous.site_dir / part.output if previous and previous.site_dir else None
        if old and previous.digests.get(part.output) == digests[part.output] and old.is_dir():
            for f in old.rglob("*"):
                if f.is_file():
                    link_or_copy(f, site_dir / part.output / f.relative_to(old))
        else:
            todo.append(part)
    workers = min(2, os.cpu_count() or 1, max(1, len(todo)))
    with ThreadPoolExecutor(workers) as pool:
        procs = list(pool.map(lambda part: _index_part(site_dir, part, low), todo))
    outputs = [p.stdout + p.stderr for p in procs]
    if any(p.returncode for p in procs):
        return IndexResult(False, time.perf_counter() - start, "\n".join(outputs))
    for part in todo:
        _drop_unused_ui(site_dir / part.output)
    extra = [f"{p.output}/" for p in parts[1:]]
    (site_dir / OUTPUT / SHARD_FILE).write_text(json.dumps(extra), "utf-8")
    return IndexResult(
        True, time.perf_counter() - start, "\n".join(outputs), len(parts), len(todo), digests
    )


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
