"""`python -m tools.bench.publish` (`make bench-publish`): how long `storykit publish` takes and
how much it uploads, to a real S3-compatible server on 127.0.0.1 (rclone's own, over a
temporary folder), for the sample project and synthetic projects of N records: a first
publish, a second one with nothing changed, and one after one record's title changed and the
site was rebuilt with `make build`'s command. A measure, not a test: it prints figures."""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from storykit.publish.transfer import rclone_binary

from . import corpus

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"上传 (\d+) 个（([^）]*)）、未变 (\d+) 个、删除 (\d+) 个")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Publish:
    seconds: float
    uploaded: int
    size: str
    unchanged: int
    deleted: int


def project(records: int | None) -> Path:
    """A copy of this project: with its own sample stories, or with N synthetic records."""
    root = Path(tempfile.mkdtemp(prefix="storykit-publish-"))
    for name in ("hooks", "overrides", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if records is None:
        shutil.copytree(ROOT / "stories", root / "stories")
    else:
        corpus.write(root, records)
    return root


def build(root: Path) -> None:
    subprocess.run(
        [sys.executable, "hooks/run.py", "build"], cwd=root, env=ENV, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def s3_server(folder: Path) -> tuple[subprocess.Popen, dict[str, str]]:
    """rclone's S3 server on a free loopback port, with keys made up for this run."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    key, secret = secrets.token_hex(8), secrets.token_hex(16)
    (folder / "bench").mkdir(parents=True)
    proc = subprocess.Popen(
        [rclone_binary(), "--config", os.devnull, "serve", "s3", "--auth-key", f"{key},{secret}",
         "--addr", f"127.0.0.1:{port}", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(150):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    env = {
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
    }
    return proc, env


def publish(root: Path, env: dict[str, str]) -> Publish:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "storykit.cli.main", "publish", "--to", "s3://bench/www"],
        cwd=root, env={**ENV, **env}, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    found = SUMMARY.search(done.stderr + done.stdout)
    if done.returncode or not found:
        raise RuntimeError(done.stdout + done.stderr)
    up, size, same, gone = found.groups()
    return Publish(seconds, int(up), size, int(same), int(gone))


def retitle_one(root: Path) -> None:
    case = sorted((root / "stories" / "cases").glob("*.yml"))[0]
    text = case.read_text("utf-8")
    case.write_text(
        re.sub(r"^title: (.*)$", r"title: \1（修改）", text, count=1, flags=re.M), "utf-8"
    )


def measure(label: str, records: int | None) -> None:
    root = project(records)
    store = Path(tempfile.mkdtemp(prefix="storykit-s3-"))
    proc, env = s3_server(store)
    try:
        build(root)
        files = sum(1 for f in (root / "site").rglob("*") if f.is_file())
        first = publish(root, env)
        again = publish(root, env)
        retitle_one(root)
        build(root)
        changed = publish(root, env)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
    print(f"{label} ({files} files in site/)")
    for name, run in (
        ("first publish", first),
        ("nothing changed", again),
        ("one record changed", changed),
    ):
        print(
            f"  {name:<20} {run.seconds:6.2f} s  uploaded {run.uploaded:5d} ({run.size}), "
            f"unchanged {run.unchanged:5d}, deleted {run.deleted:4d}"
        )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.publish", description="发布速度测试")
    p.add_argument("--records", type=int, nargs="*", default=[1000])
    p.add_argument("--no-sample", dest="sample", action="store_false", help="不测示例项目")
    args = p.parse_args(argv)
    print("storykit publish to rclone's S3 server on 127.0.0.1 (times include start-up)")
    if args.sample:
        measure("sample project", None)
    for n in args.records:
        measure(f"{n:,} records", n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
