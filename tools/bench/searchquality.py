"""`python -m tools.bench.searchquality`: does search still find short Chinese terms and names
after the move from Pagefind 1.5.2 to Pagefind 1.6.0 (which segments Chinese with ICU4X)?

A built site is indexed twice, once by each Pagefind (`pf152/` and `pf160/` inside the site),
and the same queries are run against both indexes with pagefind.js in a real browser
(Playwright, Debian's Chromium). The ground truth is plain substring search over the text
Pagefind is given: the element marked `data-pagefind-body`, less every element marked
`data-pagefind-ignore`. Queries:

- names: the `<h1>` of every page under people/ and orgs/ (2–8 characters), plus the given
  name of a person (the name less a one-character surname);
- terms: words of exactly 2 and exactly 3 Chinese characters from jieba's segmentation of
  the same text, found in 1 to 20 pages, up to 150 of each (random.Random(0)).

For each version and group it prints the mean recall, the share of queries found whole and
found not at all, the mean precision, and the queries 1.6.0 finds fewer (or more) true
pages for than 1.5.2; also each index's size and indexing time. A measure, not a test: it
exits 0 whatever the figures.

    PYTHONPATH=hooks .venv/bin/python -m tools.bench.searchquality                  # sample site
    PYTHONPATH=hooks .venv/bin/python -m tools.bench.searchquality --site site      # built site
    PYTHONPATH=hooks .venv/bin/python -m tools.bench.searchquality --project DIR    # e.g. measure.project(1000)
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ("hooks", "overrides", "docs", "stories")
CHROMIUM = "/usr/bin/chromium"
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
MAX_PAGES = 20  # a term in more pages than this is too common to tell anything
SAMPLE = 150  # terms of each length
EXAMPLES = 10
# Elements after which Pagefind's text does not run on: the ground truth breaks there too,
# so a "match" across two table cells or two paragraphs is not counted.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})  # fmt: skip
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})  # fmt: skip
# Left out of the ground truth like data-pagefind-ignore: what no browser shows as text, and
# what Pagefind (both versions) drops inside the body on its own: <footer> (the record's
# sources and editors) and <svg> (the avatar's letter) are in none of its fragments.
SKIP = frozenset(("script", "style", "template", "noscript", "footer", "svg"))


@dataclass
class Version:
    name: str  # "1.5.2"
    binary: Path
    output: str  # folder under the site
    seconds: float = 0.0
    total_bytes: int = 0
    index_bytes: int = 0  # without the ready-made UIs, as the build deploys it
    found: dict[str, list[str]] = field(default_factory=dict)


def binaries() -> list[Version]:
    from pagefind_bin_extended import get_executable

    return [
        Version("1.5.2", Path(get_executable()), "pf152"),
        Version("1.6.0", Path(sys.prefix) / "pagefind" / "pagefind_extended", "pf160"),
    ]


# -- the site -------------------------------------------------------------------------------


def build_project(source: Path, work: Path) -> Path:
    """Copy a project's sources into `work` and build it as `make build` does; the site."""
    for name in PROJECT_PARTS:
        if (source / name).is_dir():
            shutil.copytree(
                source / name, work / name, ignore=shutil.ignore_patterns("__pycache__")
            )
    shutil.copy(source / "mkdocs.yml", work / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "hooks/run.py", "build"], cwd=work, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        sys.exit("build failed:\n" + (done.stdout + done.stderr)[-3000:])
    return work / "site"


def folder_bytes(folder: Path, without_ui: bool = False) -> int:
    ui = re.compile(r"^pagefind(-.*)?-ui\.|^pagefind-highlight\.js$")
    return sum(
        f.stat().st_size
        for f in folder.rglob("*")
        if f.is_file() and not (without_ui and ui.match(f.name))
    )


def index(site: Path, version: Version) -> None:
    shutil.rmtree(site / version.output, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        [str(version.binary), "--site", str(site), "--output-subdir", version.output],
        capture_output=True, text=True,
    )  # fmt: skip
    version.seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"Pagefind {version.name} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    version.total_bytes = folder_bytes(site / version.output)
    version.index_bytes = folder_bytes(site / version.output, without_ui=True)


# -- ground truth ---------------------------------------------------------------------------


class BodyText(HTMLParser):
    """The text of the `data-pagefind-body` element less `data-pagefind-ignore` elements
    (ignored: "all" or empty alike), and the `<h1>` texts inside it. An element is followed
    to its end by counting start and end tags of its own name, as browsers' unclosed <p>
    and <li> would confuse a stack of all tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.h1: list[str] = []
        self.body: list[str | int] = []  # [tag, depth] while inside the body
        self.skip: list[tuple[str, int]] = []  # ignored elements, innermost last
        self.heading: list[str] | None = None

    def _count(self, tag: str, step: int) -> None:
        if self.skip and self.skip[-1][0] == tag:
            name, depth = self.skip[-1]
            self.skip[-1] = (name, depth + step)
            if self.skip[-1][1] == 0:
                self.skip.pop()
        if self.body and self.body[0] == tag:
            self.body[1] = int(self.body[1]) + step
            if self.body[1] == 0:
                self.body = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag in VOID:
            if tag == "br" and self.body and not self.skip:
                self.parts.append("\n")
            return
        self._count(tag, 1)
        if not self.body:
            if "data-pagefind-body" in names:
                self.body = [tag, 1]
            return
        if self.skip:
            return
        if "data-pagefind-ignore" in names or tag in SKIP:
            self.skip.append((tag, 1))
            return
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "h1":
            self.heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.body and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        inside = bool(self.body) and not self.skip
        self._count(tag, -1)
        if inside and tag in BLOCKS:
            self.parts.append("\n")
        if inside and tag == "h1" and self.heading is not None:
            self.h1.append("".join(self.heading).strip())
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.body and not self.skip:
            self.parts.append(data)
            if self.heading is not None:
                self.heading.append(data)


def page_url(rel: str) -> str:
    """ "cases/x/index.html" → "/cases/x/"."""
    url = "/" + rel
    return url[: -len("index.html")] if url.endswith("/index.html") or url == "/index.html" else url


def normalise(url: str) -> str:
    return url[: -len("index.html")] if url.endswith("index.html") else url


def ground_truth(site: Path, skip: set[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Page URL → indexed text, and page URL → its <h1> texts, for pages with a body."""
    texts: dict[str, str] = {}
    headings: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/", 1)[0] in skip:
            continue
        parser = BodyText()
        parser.feed(path.read_text("utf-8", errors="replace"))
        parser.close()
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
        if text.strip():
            texts[page_url(rel)] = text
            headings[page_url(rel)] = parser.h1
    return texts, headings


# -- queries --------------------------------------------------------------------------------


def name_queries(headings: dict[str, list[str]]) -> dict[str, str]:
    """Query → its kind ("full name" or "given name") from people's and orgs' pages."""
    out: dict[str, str] = {}
    for url, h1s in headings.items():
        top = url.strip("/").split("/", 1)[0]
        if top not in ("people", "orgs"):
            continue
        for name in h1s:
            if 2 <= len(name) <= 8:
                out.setdefault(name, "full name")
            # a person's given name: 刘秀英 → 秀英 (a one-character surname, as most are)
            if top == "people" and HAN.match(name) and len(name) in (3, 4):
                out.setdefault(name[1:], "given name")
    return out


def term_queries(texts: dict[str, str], rng: random.Random) -> dict[int, list[str]]:
    """Up to SAMPLE jieba words of 2 and of 3 Han characters each, in 1 to MAX_PAGES pages."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    words: set[str] = set()
    for text in texts.values():
        words.update(w for w in jieba.cut(text) if len(w) in (2, 3) and HAN.match(w))
    out: dict[int, list[str]] = {}
    for length in (2, 3):
        pool = sorted(
            w for w in words
            if len(w) == length and 1 <= sum(w in t for t in texts.values()) <= MAX_PAGES
        )  # fmt: skip
        out[length] = sorted(rng.sample(pool, min(SAMPLE, len(pool))))
    return out


# -- the browser ----------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    BLANK = "/__searchquality__.html"

    def do_GET(self) -> None:  # noqa: N802 — http.server's name
        if self.path == self.BLANK:  # an empty page of the same origin to run pagefind.js in
            body = b"<!doctype html><meta charset=utf-8><title>search</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SEARCH_JS = """async ([folder, queries]) => {
  const pf = await import(`/${folder}/pagefind.js`);
  await pf.options({});
  await pf.init();
  const out = {};
  for (const q of queries) {
    const r = await pf.search(q);
    out[q] = await Promise.all(r.results.map(x => x.data().then(d => d.url)));
  }
  return out;
}"""

# How pagefind.js splits a query into words before searching: Intl.Segmenter (the browser's
# ICU), then every word must match the start of a word in the page.
SEGMENT_JS = """(texts) => {
  const seg = new Intl.Segmenter("zh", {granularity: "word"});
  return texts.map(t => [...seg.segment(t)].map(s => s.segment).join("|"));
}"""


@contextmanager
def browser_page() -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def search(page: Page, base: str, version: Version, queries: list[str]) -> None:
    """Fill `version.found`: all queries in one call, in a fresh page (each index alone)."""
    page.goto(base + QuietHandler.BLANK)
    found = page.evaluate(SEARCH_JS, [version.output, queries])
    version.found = {q: [normalise(u) for u in urls] for q, urls in found.items()}


def segment(page: Page, texts: list[str]) -> list[str]:
    return page.evaluate(SEGMENT_JS, texts) if texts else []


# -- figures --------------------------------------------------------------------------------


def pad(text: str, width: int) -> str:
    """Left-aligned in `width` columns, a Chinese character taking two."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else float("nan")


def report_group(
    label: str, queries: list[str], truth: dict[str, set[str]], versions: list[Version]
) -> None:
    print(f"\n{label}: {len(queries)} queries")
    if not queries:
        return
    print(f"  {'version':<8} {'recall':>7} {'all found':>10} {'none found':>11} {'precision':>10}")
    for v in versions:
        recalls, precisions = [], []
        for q in queries:
            found = set(v.found.get(q, []))
            hit = len(found & truth[q])
            recalls.append(hit / len(truth[q]))
            if found:
                precisions.append(hit / len(found))
        whole = sum(r == 1.0 for r in recalls) / len(recalls)
        none = sum(r == 0.0 for r in recalls) / len(recalls)
        print(
            f"  {v.name:<8} {mean(recalls):>7.3f} {whole:>10.1%} {none:>11.1%}"
            f" {mean(precisions):>10.3f}"
        )


def fragments(folder: Path) -> dict[str, str]:
    """Page URL → its text as the index holds it, words split by zero-width spaces (how
    each version segmented the page)."""
    out = {}
    for path in (folder / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        data = json.loads(raw)
        out[normalise(data["url"])] = data["content"]
    return out


def words_around(query: str, content: str, width: int = 8) -> str:
    """The index's words around the first `query` in a page's content, split by "|"."""
    kept = [i for i, c in enumerate(content) if c != "\u200b"]
    plain = "".join(content[i] for i in kept)
    at = plain.find(query)
    if at < 0:
        return "(not in the indexed text)"
    start = kept[max(0, at - width)]
    end = kept[min(len(kept) - 1, at + len(query) + width - 1)] + 1
    return re.sub(r"\s+", " ", content[start:end].replace("\u200b", "|"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--site", type=Path, help="an already built site (copied, not changed)")
    where.add_argument(
        "--project", type=Path, help="a project folder to build (default: this project)"
    )
    args = parser.parse_args(argv)
    versions = binaries()
    for v in versions:
        if not v.binary.is_file():
            sys.exit(f"Pagefind {v.name} not found at {v.binary}")
    if not Path(CHROMIUM).is_file():
        sys.exit(f"no Chromium at {CHROMIUM}")

    with tempfile.TemporaryDirectory(prefix="storykit-searchquality-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        if args.site:
            # a copy, so the indexes written into it leave the user's site alone
            site = work / "site"
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("pf152", "pf160"))
            print(f"site: copy of {args.site.resolve()}")
        else:
            source = (args.project or ROOT).resolve()
            site = build_project(source, work)
            print(f"site: {source} built in {time.perf_counter() - start:.1f} s")
        for v in versions:
            index(site, v)
        own = {v.output for v in versions}
        texts, headings = ground_truth(site, own | {"pagefind"})
        pages = len(list(site.rglob("*.html"))) - sum(
            len(list((site / o).rglob("*.html"))) for o in own
        )
        print(f"pages: {pages} HTML files, {len(texts)} with indexed text")
        print(f"binaries: {', '.join(f'{v.name} {v.binary}' for v in versions)}")
        print("\nindexes")
        print(f"  {'version':<8} {'seconds':>8} {'bytes':>12} {'without UI':>12}")
        for v in versions:
            print(f"  {v.name:<8} {v.seconds:>8.2f} {v.total_bytes:>12,} {v.index_bytes:>12,}")

        names = name_queries(headings)
        terms = term_queries(texts, random.Random(0))
        groups = {
            "2-character terms (jieba)": terms[2],
            "3-character terms (jieba)": terms[3],
            "names": sorted(names),
        }
        truth = {
            q: {url for url, text in texts.items() if q in text}
            for qs in groups.values()
            for q in qs
        }
        # a query found in no page (a name only in an ignored part) measures nothing
        groups = {k: [q for q in qs if truth[q]] for k, qs in groups.items()}
        every = sorted({q for qs in groups.values() for q in qs})

        old, new = versions
        with serve(site) as base, browser_page() as page:
            start = time.perf_counter()
            for v in versions:
                search(page, base, v, every)
            seconds = time.perf_counter() - start
            hits = {v.name: {q: len(set(v.found[q]) & truth[q]) for q in every} for v in versions}
            fewer = [q for q in every if hits[new.name][q] < hits[old.name][q]]
            more = [q for q in every if hits[new.name][q] > hits[old.name][q]]
            # what 1.6.0 still misses, names first (the fewest and the ones users type most)
            missed = [q for q in every if hits[new.name][q] < len(truth[q])]
            missed.sort(key=lambda q: (q not in names, q))

            shown = {"fewer": fewer, "more": more, "missed": missed}
            shown = {k: qs[:EXAMPLES] for k, qs in shown.items()}
            flat = sorted({q for qs in shown.values() for q in qs})
            split = dict(zip(flat, segment(page, flat), strict=True))
        print(f"\nqueries: {len(every)} distinct, searched in Chromium in {seconds:.1f} s")

        for label, qs in groups.items():
            report_group(label, qs, truth, versions)
        for kind in ("full name", "given name"):
            report_group(
                f"  names: {kind}s", [q for q in groups["names"] if names[q] == kind],
                truth, versions,
            )  # fmt: skip

        # a check on the ground truth: (query, true page) pairs whose text in the index
        # does not hold the query at all (the truth reads text Pagefind does not index)
        indexed = {v.name: fragments(site / v.output) for v in versions}
        pairs = sum(len(truth[q]) for q in every)
        print(f"\n(query, true page) pairs: {pairs}; of them not in the indexed text:", end="")
        for v in versions:
            plain = {u: c.replace("\u200b", "") for u, c in indexed[v.name].items()}
            absent = sum(q not in plain.get(u, "") for q in every for u in truth[q])
            print(f" {v.name} {absent}", end="")
        print()
        print(f"\n1.6.0 finds fewer true pages than 1.5.2: {len(fewer)} queries")
        print(f"1.6.0 finds more true pages than 1.5.2:  {len(more)} queries")
        print(f"1.6.0 misses some true page:             {len(missed)} queries", end="")
        print(f" ({', '.join(f'{k} {sum(q in missed for q in qs)}' for k, qs in groups.items())})")

        def around(q: str, v: Version, lost_by: Version, kept_by: Version | None) -> str:
            """`v`'s words around `q` in a page `lost_by` misses (and `kept_by` finds)."""
            pages = truth[q] - set(lost_by.found[q])
            if kept_by is not None:
                pages &= set(kept_by.found[q])
            if not pages:
                return ""
            url = min(pages)
            return f"{url}  {words_around(q, indexed[v.name].get(url, ''))}"

        titles = {
            "fewer": ("fewer true pages with 1.6.0", new, old),
            "more": ("more true pages with 1.6.0", old, new),
            "missed": ("true pages 1.6.0 still misses", new, None),
        }
        print("\nExamples: the query as pagefind.js splits it (the browser's Intl.Segmenter;")
        print("each part must begin a word of the page), then each index's words around it in")
        print("a page the worse version misses (from its fragments)")
        for key, qs in shown.items():
            if not qs:
                continue
            title, lost_by, kept_by = titles[key]
            print(f"\n{title}:")
            print(f"  {pad('query', 10)} {'truth':>5} {'1.5.2':>5} {'1.6.0':>5}  query split")
            for q in qs:
                print(
                    f"  {pad(q, 10)} {len(truth[q]):>5} {hits[old.name][q]:>5}"
                    f" {hits[new.name][q]:>5}  {split[q]}"
                )
                for v in versions:
                    print(f"      {v.name}: {around(q, v, lost_by, kept_by)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
