"""A record's date, one rule for feeds, the sitemap and 最近更新: the record's own date if it
has one (its SortDate field), else its file's last commit when the project is a git
repository, else the file's modification time."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from storykit.records.catalog import RecordView
from storykit.records.load import STORIES


def own_date(text: str) -> date | None:
    """`2024-05-20`, `2024-5` or `2024` (a partial date reads as its first day)."""
    parts = [int(p) for p in text.split("-") if p.strip().isdigit()][:3] if text else []
    if not parts:
        return None
    parts += [1] * (3 - len(parts))
    try:
        return date(*parts)
    except ValueError:
        return None


def commit_dates(root: Path) -> dict[str, date]:
    """The last commit date of every file under stories/, from one `git log` (one call for
    all files: a call per file would take minutes at 10,000 records). Empty outside git."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x01%cI", "--name-only", "--relative",
             "--no-renames", "--", STORIES],
            capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    found: dict[str, date] = {}
    when: date | None = None
    for line in out.stdout.splitlines():
        if line.startswith("\x01"):
            when = datetime.fromisoformat(line[1:].strip()).astimezone(UTC).date()
        elif line and when is not None:
            found.setdefault(line.strip().strip('"'), when)  # newest commit comes first
    return found


class Dates:
    """The record date of every record of one build; git is asked once, on first use."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._commits: dict[str, date] | None = None

    def of(self, view: RecordView) -> date:
        """The single rule: the record's own date, its last commit, its file's mtime."""
        own = own_date(view.date)
        if own:
            return own
        if self._commits is None:
            self._commits = commit_dates(self.root)
        committed = self._commits.get(view.rel)
        if committed:
            return committed
        return datetime.fromtimestamp(view.mtime_ns / 1e9, UTC).date()
