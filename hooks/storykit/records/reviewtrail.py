"""What a reviewer approved, kept beside the project: a copy of the record file as it was
signed (`.cache/review/<kind>/<id>/<digest>.yml`), and what changed in the file since its last
sign-off. `storykit review` and the preview's 审核 page write and read the same copies."""

from __future__ import annotations

import difflib
from pathlib import Path

from .models import Record
from .review import FIELD

SNAPSHOTS = Path(".cache") / "review"


def snapshot_path(root: Path, kind: str, rid: str, digest: str) -> Path:
    return Path(root) / SNAPSHOTS / kind / rid / f"{digest}.yml"


def keep(root: Path, kind: str, rid: str, digest: str, text: str) -> None:
    path = snapshot_path(root, kind, rid, digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def changes(root: Path, kind: str, rid: str, rel: str, record: Record) -> list[str] | None:
    """What changed in the record's file since its last sign-off, as unified-diff lines
    (without the sign-offs themselves); None when no copy of the signed content is kept."""
    if not record.reviews:
        return None
    kept = snapshot_path(root, kind, rid, record.reviews[-1].digest)
    if not kept.is_file():
        return None
    try:
        before = _without_reviews(kept.read_text("utf-8"))
        now = _without_reviews((Path(root) / rel).read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(before, now, "审核时", "现在", n=1)
        if not line.startswith(("---", "+++"))
    ]


def _without_reviews(text: str) -> list[str]:
    m = FIELD.search(text)
    return (text[: m.start()] if m else text).splitlines(keepends=True)
