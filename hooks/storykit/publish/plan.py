"""What a publish does: which files of the built site to upload, which to leave, which to delete
at the destination, and in what order.

Files are compared by MD5 checksum, the hash every S3-style service reports for a plain upload
(its ETag) and rclone computes for folders and SFTP. The order keeps the published site whole
at every moment of an upload that is stopped: files that point at nothing come first (pictures,
fonts, the search index's hashed parts), then the files that point at them (stylesheets,
scripts, the index's entry, data), then new pages, then changed pages (a new page is only
reached through a changed one), then the sitemap and feeds that announce the pages, and the
files no longer in the site are deleted last."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from storykit.publish.headers import Headers, headers_for

# Files whose reference to other files matters to a reader: uploaded after what they point at.
REFERRING = {".css", ".js", ".mjs", ".json", ".webmanifest", ".map", ".svg"}
# Files that announce pages to readers, feed readers and search engines: the last upload.
ANNOUNCING = {"sitemap.xml", "sitemap.xml.gz", "feed.xml", "feed.json", "robots.txt"}
PAGE = {".html", ".htm"}


@dataclass(frozen=True)
class Phase:
    name: str
    label: str  # said to the volunteer


PHASES: tuple[Phase, ...] = (
    Phase("leaves", "图片、字体和搜索索引的分块"),
    Phase("assets", "样式、脚本、搜索索引入口和数据"),
    Phase("new-pages", "新页面"),
    Phase("pages", "有改动的页面"),
    Phase("announce", "站点地图、订阅源和 robots.txt"),
)


@dataclass(frozen=True)
class LocalFile:
    path: str  # posix, relative to the site's root
    size: int
    md5: str


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    md5: str  # "" when the destination gives no checksum


@dataclass(frozen=True)
class Upload:
    file: LocalFile
    new: bool
    headers: Headers


@dataclass(frozen=True)
class Batch:
    """Files uploaded by one rclone call: one phase, one set of headers."""

    phase: Phase
    headers: Headers
    uploads: tuple[Upload, ...]


@dataclass
class Plan:
    batches: list[Batch] = field(default_factory=list)
    unchanged: int = 0
    deletions: list[str] = field(default_factory=list)
    unhashed: int = 0  # destination files without a checksum: uploaded again to be sure

    @property
    def uploads(self) -> list[Upload]:
        return [u for b in self.batches for u in b.uploads]

    @property
    def upload_bytes(self) -> int:
        return sum(u.file.size for u in self.uploads)


def md5_of(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def inventory(site: Path) -> dict[str, LocalFile]:
    """Every file of the built site with its size and checksum."""
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            rel = p.relative_to(site).as_posix()
            out[rel] = LocalFile(rel, p.stat().st_size, md5_of(p))
    return out


def phase_of(path: str, new: bool) -> Phase:
    pure = PurePosixPath(path)
    if path in ANNOUNCING:
        return PHASES[4]
    if pure.suffix.lower() in PAGE:
        return PHASES[2] if new else PHASES[3]
    if pure.suffix.lower() in REFERRING:
        return PHASES[1]  # Pagefind's entry and scripts among them: they point at its parts
    return PHASES[0]


def make_plan(local: dict[str, LocalFile], remote: dict[str, RemoteFile]) -> Plan:
    plan = Plan()
    grouped: dict[tuple[int, Headers], list[Upload]] = {}
    for rel, file in local.items():
        there = remote.get(rel)
        if there is not None and there.md5 and there.md5.lower() == file.md5:
            plan.unchanged += 1
            continue
        if there is not None and not there.md5:
            plan.unhashed += 1
        upload = Upload(file, there is None, headers_for(rel))
        key = (PHASES.index(phase_of(rel, upload.new)), upload.headers)
        grouped.setdefault(key, []).append(upload)
    for (index, headers), uploads in sorted(grouped.items(), key=_batch_order):
        plan.batches.append(Batch(PHASES[index], headers, tuple(uploads)))
    plan.deletions = sorted(set(remote) - set(local))
    return plan


def _batch_order(item: tuple[tuple[int, Headers], list[Upload]]) -> tuple:
    (index, headers), _ = item
    return (index, headers.content_type, headers.cache_control)


def foreign(local: Iterable[str], remote: dict[str, RemoteFile]) -> bool:
    """A destination holding files of which none is a file of this site: another site, or
    someone's documents, that deleting what the site lacks would wipe out."""
    return bool(remote) and not (set(local) & set(remote))
