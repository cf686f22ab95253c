"""Site search with Pagefind: running the indexer over the built pages (what a record page
tells the index is pages/search.py).

Pagefind splits its index into small fragments, so a phone downloads only what a query
needs. Only the main text of record pages and hand-written pages is indexed (the element
marked `data-pagefind-body`); navigation, footer, fact-box labels, related cards, reading
tools and the QR box are left out. Drafts are never marked, so never indexed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storykit.build.staging import walk
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
    pages: dict[str, int] = field(default_factory=dict)  # part indexed in this run → its pages
    kept: tuple[str, ...] = ()  # the parts taken from the last build, unchanged
    version: str = ""  # the Pagefind release that indexed ("" when no part needed it)

    @property
    def written(self) -> tuple[str, ...]:
        """The folders this run wrote (each part indexed again)."""
        return tuple(self.pages)


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


_MARK = b'data-pagefind-ignore="all"'
_BODY = b"data-pagefind-body"


def index_digest(html: bytes) -> str:
    """A page's digest as far as the index is concerned: without what Pagefind skips whole
    (the related-record cards), so a case retitled does not re-index its organisation's.
    A page without a body to index (a list, an index by year) adds nothing to the index:
    its digest never changes, so a new title on its cards re-indexes no part."""
    if _BODY not in html:
        return "-"
    digest = hashlib.sha1()
    at = 0
    # the regex runs only from the start tag of each marked element: over a whole page it
    # would try every tag, a fifth of the time it takes to render the page
    while (mark := html.find(_MARK, at)) >= 0:
        tag = html.rfind(b"<", at, mark)
        found = _SKIPPED.match(html, tag) if tag >= 0 else None
        if found is None:  # not an element's start tag after all: keep it
            digest.update(html[at : mark + len(_MARK)])
            at = mark + len(_MARK)
            continue
        digest.update(html[at:tag])
        at = found.end()
    digest.update(html[at:])
    return digest.hexdigest()


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


def index_parts(
    site_dir: Path, hand_written: Sequence[str] = (), pages: Sequence[str] | None = None
) -> list[Part]:
    """The parts of the site's search index: the whole site as one below the threshold, else
    each kind's pages in parts, then the pages from docs/. The first part is the one the
    search page opens. A kind without pages is left out: Pagefind fails on an empty set.
    `pages`: the site's HTML files when the build knows them (else the folder is walked)."""
    if pages is None:
        pages = [p for p in walk(site_dir) if p.endswith(".html")]
    pages = sorted(pages)
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


# -- Pagefind ---------------------------------------------------------------------------------


def pagefind_binary() -> Path:
    """The newest Pagefind this project has: 1.6 from the npm registry, which `make install`
    puts in the virtual environment (tools/fetch-pagefind.py), else PyPI's package."""
    own = Path(sys.prefix) / "pagefind" / "pagefind_extended"
    if own.is_file() and os.access(own, os.X_OK):
        return own
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise IndexerFailed("没有找到 Pagefind（请运行 make install）")
    return Path(found)


def pagefind_version(binary: Path) -> str:
    """The release of a Pagefind binary, as it says it (`pagefind 1.6.0`)."""
    try:
        said = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
    except OSError:
        return "?"
    return said.stdout.strip().rpartition(" ")[2] or "?"


class IndexerFailed(Exception):
    """Pagefind could not index the site; the message says what it said."""


class Indexer:
    """One Pagefind process (its service mode) for every part of an index: each part is a
    new index in it, filled from a folder, written out and dropped, so the indexer starts
    once however many parts there are, and holds one part at a time in memory."""

    def __init__(self, low: bool = False) -> None:
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        binary = pagefind_binary()
        self.version = pagefind_version(binary)
        self.proc = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            preexec_fn=_lower_priority if low and os.name == "posix" else None,
        )
        self.buffer = b""
        self.last = 0

    def ask(self, payload: dict) -> dict:
        """Send one request and wait for its answer (requests are answered in order)."""
        self.last += 1
        message = {"message_id": self.last, "payload": payload}
        try:
            self.proc.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
            self.proc.stdin.flush()
            answer = self._answer()
        except (OSError, ValueError) as err:
            raise IndexerFailed(f"Pagefind 意外退出（{err}）{self._said()}") from None
        if answer.get("type") == "Error":
            raise IndexerFailed(f"Pagefind：{answer.get('message')}{self._said()}")
        return answer

    def _answer(self) -> dict:
        while b"," not in self.buffer:
            chunk = self.proc.stdout.read1(1 << 16)
            if not chunk:
                raise OSError("没有回应")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b",")
        return json.loads(base64.b64decode(message))["payload"]

    def _said(self) -> str:
        self.errors.seek(0)
        text = self.errors.read().decode("utf-8", errors="replace").strip()
        return f"\n{text[-2000:]}" if text else ""

    def index(self, folder: Path, output: Path) -> int:
        """The HTML pages under `folder` as one index written to `output`; how many pages."""
        made = self.ask({"type": "NewIndex", "config": None})
        index = made["index_id"]
        added = self.ask({"type": "AddDir", "index_id": index, "path": str(folder), "glob": None})
        self.ask({"type": "WriteFiles", "index_id": index, "output_path": str(output)})
        self.ask({"type": "DeleteIndex", "index_id": index})
        return int(added.get("page_count", 0))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.errors.close()


def link_or_copy(source: Path, target: Path) -> None:
    """A page into the folder the indexer reads: a hard link where the disk allows it (the
    build only ever replaces files, never writes into them)."""
    try:
        os.link(source, target)
        return
    except FileNotFoundError:  # its folder is not there yet
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # another disk, or one without hard links
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _index_part(indexer: Indexer, site_dir: Path, part: Part, live: Path | None) -> int:
    """Pagefind over the part's pages: the whole site, or a folder of links to its pages
    laid out as in the site (so their addresses come out the same). `live`: the site a build
    patches in place, which holds the pages this build did not write."""
    if part.whole and live is None:
        return indexer.index(site_dir, site_dir / part.output)
    view = site_dir.parent / f".{site_dir.name}.{part.output}"
    shutil.rmtree(view, ignore_errors=True)
    try:
        for page in part.pages:
            source = site_dir / page
            if live is not None and not source.exists():
                source = live / page
            link_or_copy(source, view / page)
        return indexer.index(view, site_dir / part.output)
    finally:
        shutil.rmtree(view, ignore_errors=True)


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
    """The last build's site, which this build patches in place (staging.py): a part whose
    pages did not change stays there, and the pages this build did not write are read there."""

    site_dir: Path | None  # None: no last build to take parts from
    digests: dict[str, str]  # part → digest of its pages then
    page_digest: Callable[[str], str]  # a page's digest in this build


def run_pagefind(
    site_dir: Path,
    hand_written: Sequence[str] = (),
    low: bool = False,
    previous: Previous | None = None,
    pages: Sequence[str] | None = None,
) -> IndexResult:
    """Index a built site in place: site/pagefind/, and site/pagefind-*/ for a large site.
    `hand_written` lists the built paths of the pages from docs/ (a part of their own);
    `pages`, the site's HTML files when the build knows them. With `previous`, a part whose
    pages are unchanged is left in the last site; the others are indexed one after another
    by one Pagefind process."""
    start = time.perf_counter()
    parts = index_parts(site_dir, hand_written, pages)
    digests = {p.output: p.digest(previous.page_digest) for p in parts} if previous else {}
    todo, kept = [], []
    for part in parts:
        old = previous.site_dir / part.output if previous and previous.site_dir else None
        if old and previous.digests.get(part.output) == digests[part.output] and old.is_dir():
            kept.append(part.output)
        else:
            todo.append(part)
    counts: dict[str, int] = {}
    version = ""
    if todo:
        try:
            indexer = Indexer(low)
        except (OSError, IndexerFailed) as err:
            return IndexResult(False, time.perf_counter() - start, str(err))
        version = indexer.version
        try:
            for part in todo:
                live = previous.site_dir if previous else None
                counts[part.output] = _index_part(indexer, site_dir, part, live)
        except IndexerFailed as err:
            return IndexResult(False, time.perf_counter() - start, str(err))
        finally:
            indexer.close()
    for part in todo:
        _drop_unused_ui(site_dir / part.output)
    extra = [f"{p.output}/" for p in parts[1:]]
    (site_dir / OUTPUT).mkdir(parents=True, exist_ok=True)
    (site_dir / OUTPUT / SHARD_FILE).write_text(json.dumps(extra), "utf-8")
    output = "\n".join(f"{name}: {n} 个页面" for name, n in counts.items())
    return IndexResult(
        True, time.perf_counter() - start, output, len(parts), len(todo), digests, counts,
        tuple(kept), version,
    )  # fmt: skip


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
