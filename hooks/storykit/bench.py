"""`storykit bench`: how long checking and building take as the number of records grows.

A synthetic corpus is written to a temporary project (the real mkdocs.yml, hooks, overrides
and docs beside it) so the figures measure this code, not the sample content's size.
Figures are printed, never asserted: speed is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import catalog
from .load import Loader

ROOT = Path(__file__).resolve().parents[2]
PROVINCES = ["辽宁省/阜新市/彰武县", "黑龙江省/齐齐哈尔市/龙江县", "贵州省/铜仁市/沿河土家族自治县",
             "内蒙古自治区/呼和浩特市", "陕西省/延安市"]  # fmt: skip
THEMES = [
    {"name": "乡村振兴", "slug": "xiangcun-zhenxing"},
    {"name": "红色传承", "slug": "hongse-chuancheng"},
]


def _dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def synth(root: Path, n: int) -> None:
    """n records: a few orgs, then cases, people, sites and publications that refer to them."""
    stories = root / "stories"
    _dump(stories / "themes.yml", THEMES)  # type: ignore[arg-type]
    orgs = max(5, n // 50)
    for i in range(orgs):
        _dump(
            stories / "orgs" / f"org-{i}.yml",
            {"name": f"第{i}关工委", "summary": "合成组织。", "type": "关工委", "level": "县",
             "region": PROVINCES[i % len(PROVINCES)], "parent": f"org-{i - 1}" if i else None},
        )  # fmt: skip
    kinds = ("cases", "people", "sites", "publications")
    for i in range(n - orgs):
        kind = kinds[i % len(kinds)]
        base = {"summary": f"第 {i} 条合成记录的摘要，一两句话。", "region": PROVINCES[i % 5],
                "themes": [THEMES[i % 2]["name"]], "date": f"{2000 + i % 25}-0{1 + i % 9}"}  # fmt: skip
        org = f"org-{i % orgs}"
        if kind == "cases":
            data = {"title": f"合成经验做法 {i}", **base, "org": org,
                    "practices": [{"title": "做法", "body": "正文段落。" * 20}],
                    "figures": [{"label": "帮扶青年", "value": i, "unit": "人"}]}  # fmt: skip
        elif kind == "people":
            data = {"name": f"人物{i}", **base, "org": org, "category": "老干部"}
        elif kind == "sites":
            data = {"name": f"遗址{i}", **base, "kind": "旧址", "eras": ["抗日战争时期"]}
        else:
            data = {"title": f"书刊{i}", **base, "kind": "图书", "org": org, "year": 2000 + i % 25}
        _dump(stories / kind / f"rec-{i}.yml", data)


def add_photos(root: Path, count: int) -> None:
    """Give the first `count` cases a 3000×2000 photo each, as a phone would produce."""
    from PIL import Image

    media = root / "stories" / "media"
    media.mkdir(parents=True, exist_ok=True)
    cases = sorted((root / "stories" / "cases").glob("*.yml"))[:count]
    for i, case in enumerate(cases):
        grad = Image.linear_gradient("L").resize((3000, 2000))
        shade = grad.point(lambda v, i=i: (v + 7 * i) % 256)
        Image.merge("RGB", (shade, grad, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT))).save(
            media / f"photo-{i}.jpg", quality=90
        )
        with case.open("a", encoding="utf-8") as fh:
            fh.write(f"images:\n- src: photo-{i}.jpg\n  alt: 合成照片 {i}\n")


def project(n: int) -> Path:
    root = Path(tempfile.mkdtemp(prefix=f"storykit-bench-{n}-"))
    for name in ("hooks", "overrides", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    synth(root, n)
    return root


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench_check(root: Path, n: int) -> None:
    loader = Loader(root)
    cat: list = []
    cold = timed(lambda: cat.append(catalog.build(root, loader=loader)))
    warm = timed(lambda: catalog.build(root, loader=loader))
    problems = len(cat[0].problems)
    print(
        f"check  {n:>6} records: cold {cold:6.2f} s, warm (unchanged files) {warm:6.2f} s, problems {problems}"
    )


def run_build(root: Path) -> tuple[float, str]:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [str(mkdocs), "build", "--site-dir", str(root / "site")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    return elapsed, proc.stderr


def bench_build(root: Path, n: int) -> None:
    try:
        elapsed, _ = run_build(root)
    except RuntimeError as err:
        print(f"build  {n:>6} records: FAILED\n{err}")
        return
    size = tree_size(root / "site")
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    print(
        f"build  {n:>6} records: {elapsed:6.2f} s, {pages} pages, "
        f"{size / 1e6:6.1f} MB, {size / n / 1e3:5.1f} kB per record"
    )


def bench_images(photos: int) -> None:
    """Two builds of the same project: the second must do (almost) no image work."""
    root = project(100)
    try:
        add_photos(root, photos)
        figures = []
        for _ in range(2):
            elapsed, log = run_build(root)
            m = re.search(r"图片：(\d+) 张，新处理 (\d+) 张，用时 ([\d.]+) 秒", log)
            figures.append((elapsed, int(m.group(2)), float(m.group(3))))
        (t1, n1, w1), (t2, n2, w2) = figures
        print(
            f"images {photos:>3} photos 3000×2000: first build {t1:5.2f} s (encoded {n1}, image work {w1:.2f} s); "
            f"rebuild {t2:5.2f} s (encoded {n2}, image work {w2:.2f} s = {100 * w2 / w1:.1f}% of the first)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(args: argparse.Namespace) -> int:
    if args.photos:
        bench_images(args.photos)
    for n in args.records:
        root = project(n)
        try:
            bench_check(root, n)
            bench_build(root, n)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return 0
