"""`python -m tools.bench.hanzi` (`make bench-hanzi`): what 繁體 costs, both ways it could be
built, on the sample project and on synthetic projects of N records. A measure, not a test.

- In the browser (what the site does): the build writes assets/hanzi.json, the site's cut of
  OpenCC's tables; a reader who chooses 繁體 fetches it once and each page is converted on the
  phone. Figures: the table's size, the build time it adds, and the time Chromium takes to
  convert a record page and the statistics page at 390 px.
- At build time (the alternative): every page converted with OpenCC (the Python binding, the
  way a competent user would) into a second tree (/zh-hant/...) with its own search index.
  Figures: conversion time and the bytes added; the second index is Pagefind run over the
  converted tree, timed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storykit.build import hanzi

from .publish import build, project


def size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def build_time_tree(site: Path) -> tuple[float, int, float]:
    """Seconds to convert every page with OpenCC, bytes written, seconds to index them."""
    import opencc

    convert = opencc.OpenCC("s2t").convert
    out = Path(tempfile.mkdtemp(prefix="storykit-hant-"))
    start = time.perf_counter()
    written = 0
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        target = out / "zh-hant" / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = convert(page.read_text("utf-8")).encode("utf-8")
        target.write_bytes(data)
        written += len(data)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out / "zh-hant"), "--force-language", "zh-tw"],
        check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    indexing = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds, written, indexing


def browser_times(site: Path, pages: list[str]) -> dict[str, float]:
    """Milliseconds Chromium takes to turn each page into 繁體 (the table already stored)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    times = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(base)
            page.evaluate(
                "async (u) => localStorage.setItem('sk-hanzi', await (await fetch(u)).text())",
                base + hanzi.OUTPUT,
            )
            for path in pages:
                page.goto(base + path)
                ms = page.evaluate(
                    """() => { const b = document.querySelector('button[data-sk-script=hant]');
                    const t = performance.now(); b.click(); return performance.now() - t; }"""
                )
                times[path] = ms
                page.evaluate("localStorage.setItem('sk-script', 'hans')")
            browser.close()
    finally:
        server.shutdown()
    return times


def measure(label: str, records: int | None) -> None:
    root = project(records)
    try:
        start = time.perf_counter()
        build(root)
        built = time.perf_counter() - start
        site = root / "site"
        pages = sum(1 for _ in site.rglob("*.html"))
        start = time.perf_counter()
        written = hanzi.write(site)  # afresh: a new collector, as `make build` has
        raw, packed = size(site / hanzi.OUTPUT)
        script_raw, script_packed = size(site / "assets" / "hanzi.js")
        case = next(p for p in sorted((site / "cases").iterdir()) if (p / "index.html").exists())
        times = browser_times(site, [f"cases/{case.name}/", "statistics/"])
        convert, extra, index = build_time_tree(site)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{label}: {pages} pages, build {built:.1f} s")
    print("  in the browser (chosen):")
    print(
        f"    hanzi.js on every page      {script_raw / 1024:7.1f} KB ({script_packed / 1024:.1f} KB gzip)"
    )
    print(
        f"    hanzi.json, once, for 繁    {raw / 1024:7.1f} KB ({packed / 1024:.1f} KB gzip), {written.entries} entries"
    )
    print(f"    added to the build          {written.seconds:7.2f} s")
    for path, ms in times.items():
        print(f"    Chromium converts {path:<22} {ms:6.1f} ms")
    print("  at build time (not chosen):")
    print(f"    OpenCC over every page      {convert:7.2f} s, {extra / 1048576:.1f} MB more pages")
    print(f"    a second Pagefind index     {index:7.2f} s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.hanzi", description="繁體的代价")
    p.add_argument("--records", type=int, nargs="*", default=[1000])
    p.add_argument("--no-sample", dest="sample", action="store_false", help="不测示例项目")
    args = p.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args.sample:
        measure("sample project", None)
    for n in args.records:
        measure(f"{n} synthetic records", n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
