"""Asked before anything is uploaded: is `site/` the last successful build of the sources as
they are now, does it hold anything that must never be public, and is the site ready to be
seen (its address, its ICP filing number)?"""

from __future__ import annotations

import ipaddress
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from storykit.build import memory
from storykit.build.project import CONFIG
from storykit.records.settings import Settings

# What a build reads that a volunteer edits: when one of them is newer than the build, the
# site does not show it yet.
SOURCES = ("stories", "docs", "overrides", CONFIG)
# Never public: the preview's form editor and WeChat material, build memories, hidden files
# (.git, .env…), and source files.
PRIVATE_DIRS = ("admin", "_preview")
SOURCE_SUFFIXES = {".yml", ".yaml", ".md", ".py", ".pyc", ".pickle", ".docx", ".toml", ".lock"}
# Addresses that are not on the public internet: no ICP filing is needed for them.
LOCAL_SUFFIXES = (".localhost", ".local", ".lan", ".internal", ".test", ".example", ".invalid")


class NotPublishable(Exception):
    """Why `site/` is not published, in Chinese."""


def check_fresh(root: Path, site: Path) -> None:
    """NotPublishable unless `site/` is what the last successful build left, and nothing it
    was built from has changed since that build started."""
    if not (site / "index.html").is_file():
        raise NotPublishable(f"还没有生成网站（{site} 里没有 index.html）；请先运行 make build")
    if memory.up_to_date(root, site):
        return
    stamp = root / memory.FOLDER / memory.STAMP
    if not stamp.is_file():
        raise NotPublishable(
            f"{site.name}/ 不是 make build 最近一次成功生成的网站（或生成后被移动、替换过）；"
            "请先运行 make build"
        )
    newer = newest_source(root)
    if newer and newer[1] > stamp.stat().st_mtime:
        raise NotPublishable(
            f"{newer[0]} 在上次生成网站之后改过，网站里还没有这些改动；请先运行 make build，再发布"
        )
    raise NotPublishable(
        "上次生成网站之后（或生成期间），项目的文件或 storykit 本身有改动；请先运行 make build，再发布"
    )


def newest_source(root: Path) -> tuple[str, float] | None:
    """The most recently modified source file, project-relative, with its time."""
    best: tuple[str, float] | None = None
    for name in SOURCES:
        base = root / name
        files = [base] if base.is_file() else base.rglob("*") if base.is_dir() else []
        for f in files:
            if f.is_file() and (best is None or f.stat().st_mtime > best[1]):
                best = (f.relative_to(root).as_posix(), f.stat().st_mtime)
    return best


def private_files(paths: list[str]) -> list[str]:
    """The files of a built site that must never be published."""
    return [p for p in paths if _private(PurePosixPath(p))]


def _private(path: PurePosixPath) -> bool:
    return (
        path.parts[0] in PRIVATE_DIRS
        or any(part.startswith(".") for part in path.parts)
        or path.suffix.lower() in SOURCE_SUFFIXES
    )


def go_live_warnings(site_url: str | None, settings: Settings, bucket: str = "") -> list[str]:
    """What a public site should have before readers see it (errors with --strict)."""
    if not site_url:
        return [
            "mkdocs.yml 没有 site_url（网站的正式网址）：页面没有规范网址、二维码和订阅源；"
            "请写上，例如 site_url: https://www.example.org/"
        ]
    out = []
    host = urlsplit(site_url).hostname or ""
    if public(host) and not settings.icp:
        out.append(
            f"网站将在 {host} 公开，但 mkdocs.yml 的 extra: 下没有 icp（ICP 备案号）；"
            "在中国大陆公开的网站须在页脚显示备案号，例如 icp: 京ICP备00000000号-1"
        )
    if bucket and "." in bucket and public(bucket) and host and bucket != host:
        out.append(
            f"存储桶 {bucket} 看起来是按网址命名的，但 site_url 的域名是 {host}；请确认没有发布错地方"
        )
    return out


def public(host: str) -> bool:
    """Whether a host name is reached from the public internet."""
    host = host.lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host:
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return True
