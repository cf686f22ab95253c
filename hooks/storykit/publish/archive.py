"""The built site as one dated zip file, for a host that takes an upload through its web page
or a technician who puts it on a server by hand."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from storykit.publish.plan import LocalFile


def archive_path(requested: str, site_name: str, now: float | None = None) -> Path:
    """The zip to write: the name given, or a dated name inside the folder given."""
    stamp = time.strftime("%Y%m%d-%H%M", time.localtime(now))
    target = Path(requested).expanduser()
    if requested.endswith(("/", os.sep)) or target.is_dir() or not requested:
        return target / f"{site_name}-{stamp}.zip"
    return target if target.suffix.lower() == ".zip" else target.with_name(target.name + ".zip")


def write_zip(site: Path, files: dict[str, LocalFile], target: Path) -> int:
    """Every file under the site's own folder name; written aside and renamed, so an
    interrupted run never leaves half an archive under the final name. Returns its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for rel in files:
            zf.write(site / rel, rel)
    os.replace(partial, target)
    return target.stat().st_size
