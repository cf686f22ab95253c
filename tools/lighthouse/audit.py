"""`make lighthouse`: Lighthouse's mobile scores for the home, one case and the search page.

Usage: .venv/bin/python tools/lighthouse/audit.py [--runs N] [SITE_FOLDER]

Without a folder the sample site is built into site/ first, and a copy of it is measured. The
folder is served on 127.0.0.1 the way a static host with gzip on serves it (a bare http.server
compresses nothing, which Lighthouse would count against the site), and Lighthouse runs with
its defaults: mobile form factor, simulated throttling. Pages run one after another; --runs N
runs each page N times and shows the median run, as a single run moves by a few points when
the machine is busy. The reports go to a temporary folder. Figures are printed, never
asserted: the exit status says only whether it could run. No Cache-Control is sent (nginx's
default), so "Use efficient cache lifetimes" is about the host, not the site.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LIGHTHOUSE = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What nginx's gzip_types would list for this site; Pagefind's files are compressed already.
TEXT = (
    "text/", "application/javascript", "application/json", "application/manifest+json",
    "application/xml", "image/svg+xml",
)  # fmt: skip


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped (level 6) when the browser accepts it."""

    protocol_version = "HTTP/1.1"  # keep-alive, as any real host
    cache: dict[tuple[Path, int], bytes] = {}

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (
            path.is_file()
            and kind.startswith(TEXT)
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            return super().do_GET()
        key = (path, path.stat().st_mtime_ns)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header(
            "Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else "")
        )
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def node() -> str:
    """The Node.js pinned in package.json (Lighthouse 13 needs 22.19 or later), else the PATH's."""
    pinned = HERE / "node_modules" / ".bin" / "node"
    return str(pinned) if pinned.exists() else shutil.which("node") or "node"


def pages(site: Path) -> dict[str, str]:
    cases = sorted(p.parent.name for p in site.glob("cases/*/index.html"))
    found = {"home": "", "case": f"cases/{cases[0]}/" if cases else None, "search": "search/"}
    return {name: path for name, path in found.items() if path is not None}


def lighthouse(url: str, out: Path) -> dict | None:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        node(), str(LIGHTHOUSE), url, "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json", "--output=html", f"--output-path={out}",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        print(f"  lighthouse took over 5 minutes on {url}; skipped")
        return None
    report = out.with_suffix(".report.json")
    if done.returncode or not report.exists():
        print(f"  lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
        return None
    return json.loads(report.read_text("utf-8"))


def performance(r: dict) -> float:
    return 100 * (r["categories"]["performance"]["score"] or 0)


def row(name: str, r: dict) -> str:
    score = [r["categories"][c]["score"] for c in CATEGORIES]
    a = r["audits"]
    cls = a["cumulative-layout-shift"]["numericValue"]
    lcp = a["largest-contentful-paint"]["numericValue"] / 1000
    tbt = a["total-blocking-time"]["numericValue"]
    kib = a["total-byte-weight"]["numericValue"] / 1024
    shown = " ".join("  –" if s is None else f"{round(s * 100):3d}" for s in score)
    return f"{name:7} {shown}  {cls:6.3f} {lcp:6.2f} s {tbt:6.0f} ms {kib:7.0f} KiB"


def findings(r: dict) -> list[str]:
    """Performance audits and insights Lighthouse did not pass, with what they would save."""
    audits = r["audits"]
    lines = []
    for ref in r["categories"]["performance"]["auditRefs"]:
        a = audits[ref["id"]]
        if ref.get("group") == "metrics" or a["score"] is None or a["score"] >= 0.9:
            continue
        if a["scoreDisplayMode"] in ("notApplicable", "informative", "manual"):
            continue
        saving = f" — {a['displayValue']}" if a.get("displayValue") else ""
        lines.append(f"{a['title']}{saving}{files(a.get('details') or {})}")
    return lines


def files(details: dict) -> str:
    """The first two files a finding names, by path."""
    tables = details.get("items", []) if details.get("type") == "list" else [details]
    rows = [i for t in tables for i in t.get("items", []) if isinstance(i.get("url"), str)]
    rows.sort(key=lambda i: -(i.get("wastedMs") or i.get("wastedBytes") or 0))
    urls = [i["url"] for i in rows]
    paths = ["/" + u.split("/", 3)[-1] for u in urls if u.startswith("http")][:2]
    return f" ({', '.join(paths)})" if paths else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build site/)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    args = parser.parse_args()
    site, runs = args.site, max(1, args.runs)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: cd tools/lighthouse && npm ci (or run make lighthouse)")
        return 2
    out = Path(tempfile.mkdtemp(prefix="storykit-lighthouse-"))
    if site is None:
        build = [sys.executable, "hooks/run.py", "build"]
        if subprocess.run(build, cwd=ROOT, capture_output=True).returncode:
            print("the sample site did not build: run .venv/bin/python hooks/run.py build")
            return 2
        # A copy, so that another build of site/ during the runs cannot change what is measured.
        site = shutil.copytree(ROOT / "site", out / "site")
        describe = ["git", "describe", "--always", "--dirty"]
        made = subprocess.run(describe, cwd=ROOT, capture_output=True, text=True).stdout.strip()
        print(f"built site/ at {made or 'an unknown commit'}")  # -dirty: with uncommitted edits
    handler = functools.partial(Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results, spread = {}, {}
    try:
        for name, path in pages(site).items():
            print(f"running {base}{path} …", flush=True)
            got = [lighthouse(base + path, out / f"{name}-{i + 1}") for i in range(runs)]
            got = sorted((r for r in got if r), key=performance)
            results[name] = (path, got[(len(got) - 1) // 2] if got else None)
            spread[name] = " ".join(f"{performance(r):.0f}" for r in got)
    finally:
        server.shutdown()
    version = next((r["lighthouseVersion"] for _, r in results.values() if r), "?")
    print(f"\nLighthouse {version}, mobile, simulated throttling; {site}")
    print(f"{'page':7} perf a11y  bp seo     CLS    LCP        TBT   transfer")
    for name, (_, r) in results.items():
        print(row(name, r) if r else f"{name:7} (no report)")
    if runs > 1:
        print(
            f"median run of {runs} by performance; all runs: "
            + ", ".join(f"{n} {s}" for n, s in spread.items())
        )
    for name, (path, r) in results.items():
        if r:
            print(f"\n{name} (/{path}), performance findings:")
            print("\n".join(f"  - {line}" for line in findings(r)) or "  none")
    print(f"\nreports (JSON and HTML): {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
