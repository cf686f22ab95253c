"""`python -m tools.bench` (`make bench`): how fast checking, building, previewing and searching are.

For each size N a synthetic corpus (corpus.py) is written to a temporary project beside the
real mkdocs.yml, hooks, overrides and docs, and built; the same N records as plain Markdown
pages are built with stock MkDocs + Material (its search plugin on, jieba installed) as the
baseline, the two alternating. Figures are printed with the goals met or not — never
asserted: speed is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from storykit.records import catalog
from storykit.records.load import Loader

from . import corpus
from .serve import ENV, MKDOCS, serving

ROOT = Path(__file__).resolve().parents[2]
# What a competent user of stock MkDocs + Material runs for a site this size: the records are
# reached from the home page and indexes, not listed in every page's navigation (with them in
# the nav, every page renders the whole nav and the build time grows with the square of the
# page count). Search stays on, as Material sets it by default.
BASELINE_YML = (
    "site_name: 基准\n"
    "theme:\n  name: material\n  language: zh\n"
    "nav:\n  - index.md\n"
    "not_in_nav: |\n  /*/\n"
)


@dataclass
class Run:
    seconds: float
    peak_mb: float  # all processes of the build together (mkdocs and the Pagefind indexer)
    out_bytes: int
    log: str


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, read from /proc (Linux)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for p in tree:
        with contextlib.suppress(OSError, IndexError):  # it may have just ended
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1])
    return total * os.sysconf("SC_PAGE_SIZE")


class Sampler:
    """Samples a process tree's memory five times a second: mkdocs stays resident while
    the indexer it starts runs, so the peak that matters is their sum."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.peak, self.done = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        if not Path("/proc/self/statm").exists():
            return
        while not self.done.wait(0.2):
            self.peak = max(self.peak, tree_rss(self.pid))

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


def project(n: int, photos: int = 0) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"storykit-bench-{n}-"))
    for name in ("hooks", "overrides", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    corpus.write(root, n)
    if photos:
        corpus.add_photos(root, photos)
    return root


def baseline(root: Path) -> Path:
    """Stock MkDocs + Material over the same records as plain Markdown."""
    base = root / "baseline"
    corpus.plain_pages(base / "docs", root)
    (base / "mkdocs.yml").write_text(BASELINE_YML, "utf-8")
    return base


def build(root: Path, *extra: str, incremental: bool = False) -> Run:
    """One build in a child process: wall time, peak memory, output size. storykit is built
    with `make build`'s command (hooks/run.py build), from scratch (no memory of an earlier
    build in .cache/build/; the picture cache stays) unless `incremental`; the baseline, a
    plain MkDocs project, with `mkdocs build`."""
    site = root / "site"
    log = root / "build.log"
    if (root / "hooks" / "run.py").is_file():
        if not incremental:
            shutil.rmtree(root / ".cache" / "build", ignore_errors=True)
        command = [sys.executable, "hooks/run.py", "build"]
    else:
        command = [str(MKDOCS), "build", "--site-dir", str(site), *extra]
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        sampler = Sampler(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    together = sampler.stop()
    text = log.read_text("utf-8", errors="replace")
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(text[-3000:])
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    # ru_maxrss is the largest single process; the sampled sum can miss a short spike
    return Run(seconds, max(usage.ru_maxrss * 1024, together) / 2**20, size, text)


def verdict(ok: bool) -> str:
    return "达成 met" if ok else "未达成 NOT met"


# -- the parts ------------------------------------------------------------------------------


def bench_check(root: Path, n: int) -> float:
    loader = Loader(root)
    start = time.perf_counter()
    cat = catalog.build(root, loader=loader)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    catalog.build(root, loader=loader)
    warm = time.perf_counter() - start
    print(f"  check: {cold:.2f} s cold, {warm:.2f} s with unchanged files; {len(cat.problems)} problems"
          f"  [goal ≤ 2 s at 1,000: {verdict(cold <= 2) if n == 1000 else '-'}]")  # fmt: skip
    return cold


def bench_build(root: Path, n: int, rounds: int, with_baseline: bool) -> tuple[Run, Run | None]:
    if not with_baseline:
        best = min((build(root) for _ in range(rounds)), key=lambda r: r.seconds)
        print(f"  build storykit : {best.seconds:6.2f} s, {1000 * best.seconds / n:5.1f} ms/record, "
              f"peak {best.peak_mb:6.0f} MB (all processes), {best.out_bytes / n / 1024:5.1f} KB/record")  # fmt: skip
        print("  baseline skipped at this size (--baseline-upto)")
        return best, None
    base = baseline(root)
    ours, stock = [], []
    for _ in range(rounds):  # alternate, so both see the same machine state
        ours.append(build(root))
        stock.append(build(base))
    best, ref = min(ours, key=lambda r: r.seconds), min(stock, key=lambda r: r.seconds)
    for label, r in (("storykit", best), ("baseline", ref)):
        print(f"  build {label:9}: {r.seconds:6.2f} s, {1000 * r.seconds / n:5.1f} ms/record, "
              f"peak {r.peak_mb:6.0f} MB (all processes), {r.out_bytes / n / 1024:5.1f} KB/record")  # fmt: skip
    lunr = base / "site" / "search" / "search_index.json"
    print(f"  ratio to baseline: {best.seconds / ref.seconds:.2f}×"
          f"  [goal ≤ 0.6× at 1,000: {verdict(best.seconds <= 0.6 * ref.seconds) if n == 1000 else '-'}]"
          f"; baseline lunr index {lunr.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    return best, ref


# One-record rebuilds: the goal at each size, as an absolute time and as a share of the full build
REBUILD_GOALS = {10000: (3.0, 0.1), 100000: (10.0, None)}
# Peak memory of a full build, all processes together
MEMORY_GOALS = {10000: 1536, 100000: 8192}


def bench_incremental(root: Path, n: int, full: float) -> tuple[float, float]:
    """`make build` again with the last site present: with nothing changed, then after one
    record's title changed. Each the best of two (the second change is another record).
    `full`: the full build's time, for the share a rebuild takes of it."""
    same = min(build(root, incremental=True).seconds for _ in range(2))
    cases = sorted((root / "stories" / "cases").glob("*.yml"))
    changes = []
    for i, case in enumerate(cases[:2]):
        text = case.read_text("utf-8")
        case.write_text(
            re.sub(r"^title: (.*)$", rf"title: \1（第{i + 1}次修改）", text, count=1, flags=re.M),
            "utf-8",
        )
        run = build(root, incremental=True)
        m = re.search(r"(\d+) 个生成页面有变化", run.log)
        changes.append((run.seconds, m.group(1) if m else "?", run.peak_mb))
    one, pages, peak = min(changes)
    print(
        f"  make build, nothing changed: {same:5.2f} s  [goal < 3 s at 10,000: {verdict(same < 3) if n == 10000 else '-'}]"
    )
    limit, share = REBUILD_GOALS.get(n, (None, None))
    goal = "-"
    if limit is not None:
        ok = one <= limit and (share is None or one <= share * full)
        goal = f"≤ {limit:g} s" + (f" and ≤ {share:g}× full" if share else "") + f": {verdict(ok)}"
    print(f"  make build, one record changed: {one:5.2f} s = {one / full:.3f}× the full build"
          f" ({pages} pages rendered again, peak {peak:.0f} MB)  [goal {goal}]")  # fmt: skip
    return same, one


def bench_search(root: Path) -> None:
    """Bytes a phone downloads for a first search of 五老, against the stock lunr index."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  search: playwright missing, skipped")
        return
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("  search: chromium missing, skipped")
        return
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/search/"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            sizes: list[int] = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
            page.fill("#sk-q", "五老")
            page.wait_for_function(
                "document.querySelectorAll('.sk-result').length > 0", timeout=30_000
            )
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    first = sum(sizes)
    lunr = root / "baseline" / "site" / "search" / "search_index.json"
    ratio = lunr.stat().st_size / max(first, 1)
    print(f"  search: first query 五老 downloads {first / 1024:.0f} KB in {len(sizes)} requests;"
          f" stock lunr index {lunr.stat().st_size / 1024:.0f} KB = {ratio:.0f}× more"
          f"  [goal ≥ 20×: {verdict(ratio >= 20)}]")  # fmt: skip
    print("          (the search page itself and pagefind.js load before typing, as on any page)")


def bench_preview(root: Path) -> None:
    """Save one record in `mkdocs serve --dirty`; time until the open page shows the change."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return
    case = sorted((root / "stories" / "cases").glob("*.yml"))[0]
    times = []
    with serving(root, "--dirty") as (base, _, log), sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium"
        )
        page = browser.new_page()
        page.goto(f"{base}cases/{case.stem}/")
        for i in range(3):
            text = case.read_text("utf-8")
            title = re.search(r"^title: (.*)$", text, re.M).group(1)
            new = f"{title.split('·')[0].strip()} · 第{i + 1}次修改"
            start = time.perf_counter()
            case.write_text(text.replace(f"title: {title}", f"title: {new}"), "utf-8")
            page.wait_for_function(f"document.querySelector('h1') && document.querySelector('h1').innerText === {new!r}",
                                   timeout=120_000)  # fmt: skip
            times.append(time.perf_counter() - start)
            time.sleep(1)
        browser.close()
    changed = re.findall(r"预览：(\d+) 个生成页面有变化", log.read_text("utf-8", errors="replace"))
    worst = max(times)  # the goal holds for every save, not just the luckiest
    print(f"  preview: a saved record shows in the open page after {', '.join(f'{t:.1f}' for t in times)} s"
          f" ({changed[-1] if changed else '?'} pages re-rendered)  [goal ≤ 3 s at 1,000: {verdict(worst <= 3)}]")  # fmt: skip


def bench_images(photos: int) -> None:
    """Two builds of the same project: the second must do (almost) no image work."""
    root = project(100, photos)
    try:
        figures = []
        for _ in range(2):
            run = build(root)
            m = re.search(r"图片：(\d+) 张，新处理 (\d+) 张，用时 ([\d.]+) 秒", run.log)
            figures.append((run.seconds, int(m.group(2)), float(m.group(3))))
        (t1, n1, w1), (t2, n2, w2) = figures
        share = 100 * w2 / w1
        print(f"images: {photos} photos of 3000×2000 — first build {t1:.1f} s (encoded {n1}, image work {w1:.2f} s);"
              f" rebuild {t2:.1f} s (encoded {n2}, image work {w2:.2f} s = {share:.1f}% of the first)"
              f"  [goal < 5%: {verdict(share < 5)}]")  # fmt: skip
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(args: argparse.Namespace) -> int:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )
    if args.photos:
        bench_images(args.photos)
    results: dict[int, Row] = {}
    for n in args.records:
        print(f"{n} records:", flush=True)
        root = project(n)
        try:
            bench_check(root, n)
            with_baseline = n <= args.baseline_upto
            rounds = args.rounds if n <= 1000 else 1  # a large baseline takes minutes a round
            ours, stock = bench_build(root, n, rounds if with_baseline else 1, with_baseline)
            same, one = bench_incremental(root, n, ours.seconds)
            results[n] = Row(ours, stock, one)
            if n == min(args.records) and with_baseline:
                bench_search(root)
                if args.preview:
                    bench_preview(root)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    table(results)
    return 0


@dataclass
class Row:
    ours: Run
    stock: Run | None
    rebuild: float  # one record changed


def table(results: dict[int, Row]) -> None:
    """Every size side by side, each against the 1,000-record run where there is one."""
    print("\nrecords   full build  ms/record  × per record of 1,000  peak MB  one-record rebuild"
          "  site/ MB  stock MkDocs  ratio")  # fmt: skip
    small = results.get(1000)
    for n, row in sorted(results.items()):
        per = 1000 * row.ours.seconds / n
        scale = "-"
        if small and n != 1000:
            ratio = (row.ours.seconds / n) / (small.ours.seconds / 1000)
            scale = f"{ratio:.2f}× [≤ 1.2×: {'met' if ratio <= 1.2 else 'NOT met'}]"
        memory = f"{row.ours.peak_mb:7.0f}"
        if n in MEMORY_GOALS:
            memory += f" [< {MEMORY_GOALS[n]}: {'met' if row.ours.peak_mb < MEMORY_GOALS[n] else 'NOT met'}]"
        stock = ratio_text = "-"
        if row.stock:
            stock = f"{row.stock.seconds:.1f} s"
            ratio_text = f"{row.ours.seconds / row.stock.seconds:.2f}×"
        print(f"{n:>7}  {row.ours.seconds:9.1f} s  {per:9.1f}  {scale:>22}  {memory}"
              f"  {row.rebuild:8.2f} s  {row.ours.out_bytes / 2**20:9.0f}  {stock:>12}  {ratio_text}")  # fmt: skip
