"""Pagefind's newest release into the project's virtual environment (`make install` runs this).

PyPI's pagefind packages stop at 1.5.2; 1.6 (Chinese split into words by ICU4X, fragments
bundled on large sites) is published on the npm registry only, as one package per platform
holding the `pagefind_extended` binary. This fetches that package for this machine, checks it
against the integrity npm's registry publishes for it, and unpacks the binary to
.venv/pagefind/, where the build looks first (storykit/build/search.py). Needs Python alone,
not npm. Where no package is pinned for the platform the build keeps PyPI's binary.

Usage: python tools/fetch-pagefind.py [--venv .venv]; does nothing when the binary is there.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import os
import platform
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "1.6.0"
REGISTRY = "https://registry.npmjs.org"
# npm's dist.integrity of each platform's package (`npm view @pagefind/linux-x64@1.6.0 dist`)
INTEGRITY = {
    "linux-x64": "sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q==",
    "linux-arm64": "sha512-SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w==",
    "darwin-arm64": "sha512-611gl64aqN12UcMyKPtZ8+vRWBKlJFSh2JgO8uScxa1Eyjo1dXz9r4wZuRno0yCUE/KN0FauEoKZ3KEwUYHCCg==",
    "darwin-x64": "sha512-rd3ZbtuxyYqjASKZAPuIV7eeQQHJ7VYpoNKKG8CvglaD3g30eT5Nb7XGNLYwVReBsCccpkURwrGwWjSwr8nyQQ==",
}
BINARY = "pagefind_extended"


def this_platform() -> str | None:
    system = {"Linux": "linux", "Darwin": "darwin"}.get(platform.system())
    machine = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower()
    )
    name = f"{system}-{machine}"
    return name if system and machine and name in INTEGRITY else None


def fetch(name: str) -> bytes:
    url = f"{REGISTRY}/@pagefind/{name}/-/{name}-{VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    algorithm, _, expected = INTEGRITY[name].partition("-")
    found = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if found != expected:
        raise SystemExit(f"Pagefind {VERSION}（{name}）下载的文件校验不符，没有安装")
    return data


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="安装 Pagefind 最新版（来自 npm 仓库）")
    p.add_argument("--venv", default=".venv")
    args = p.parse_args(argv)
    target = Path(args.venv) / "pagefind"
    stamp = target / "VERSION"
    if stamp.is_file() and stamp.read_text().strip() == VERSION and (target / BINARY).is_file():
        return 0
    name = this_platform()
    if name is None:
        print(f"note: 本机平台没有 Pagefind {VERSION} 的预编译包，继续使用 PyPI 的版本")
        return 0
    try:
        data = fetch(name)
    except OSError as err:
        print(f"note: Pagefind {VERSION} 下载失败（{err}），继续使用 PyPI 的版本", file=sys.stderr)
        return 0
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile(f"package/bin/{BINARY}")
        binary = member.read() if member else b""
    if not binary:
        raise SystemExit(f"Pagefind {VERSION}（{name}）的包里没有 {BINARY}")
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / (BINARY + ".tmp")
    tmp.write_bytes(binary)
    tmp.chmod(0o755)
    os.replace(tmp, target / BINARY)
    stamp.write_text(VERSION + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
