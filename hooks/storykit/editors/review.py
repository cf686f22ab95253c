"""Recording a sign-off (`storykit review`, and the preview's 审核 page): the record file gets
one more item at the end of its `reviews:` list, and a copy of the content that was approved
is kept in `.cache/review/` so the next reviewer can see what changed since."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from storykit.records import catalog
from storykit.records import review as rules
from storykit.records import reviewtrail as trail
from storykit.records.catalog import Catalog, RecordView
from storykit.records.review import ReviewRefused
from storykit.records.settings import read_settings

SNAPSHOTS = trail.SNAPSHOTS


@dataclass(frozen=True)
class Signed:
    rel: str  # the record file, relative to the project
    level: str
    by: str
    digest: str
    state: str  # the record's state after this sign-off, e.g. 待复审 or 已通过


def levels_of(root: Path) -> list[str]:
    settings, problems = read_settings(root / "mkdocs.yml")
    if any(not p.warning for p in problems):
        raise ReviewRefused("mkdocs.yml 有问题，请先运行 storykit check 改正")
    return list(settings.review.levels)


def load(root: Path) -> tuple[Catalog, list[str]]:
    """Every record (drafts too, so that signing one can be refused with its reason)."""
    levels = levels_of(root)
    return catalog.build(root, drafts=True, levels=levels), levels


def current_digest(view: RecordView) -> str:
    return rules.digest(view.record, (p for _, p in view.pictures))


def find(cat: Catalog, key: str) -> RecordView:
    """`case:longjiang-guanxin-xiayidai` → its record, or a Chinese refusal."""
    kind, _, rid = key.partition(":")
    view = cat.all.get((kind, rid)) if rid else None
    if view is None:
        raise ReviewRefused(f"找不到记录 {key}；写成 类型:编号，例如 case:{rid or 'shili'}")
    return view


def sign(
    root: Path, key: str, level: str, by: str, note: str | None = None, today: dt.date | None = None
) -> Signed:
    """Record `by`'s sign-off at `level` for the record's current content."""
    root = Path(root)
    cat, levels = load(root)
    view = find(cat, key)
    digest = current_digest(view)
    rules.check_sign(levels, view.record, digest, level)
    path = root / view.rel
    text = path.read_text("utf-8-sig")
    new = rules.sign_text(text, level, by, digest, note, today or dt.date.today())
    _replace(path, new)
    _snapshot(root, view, digest, text)
    after, _ = load(root)
    signed = find(after, key)
    return Signed(view.rel, level, by.strip(), digest, signed.review.label if signed.review else "")


def _replace(path: Path, text: str) -> None:
    """Written whole or not at all: a half-written record would lose a volunteer's work."""
    tmp = path.with_name(f".{path.name}.review")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def _snapshot(root: Path, view: RecordView, digest: str, text: str) -> None:
    trail.keep(root, view.kind, view.id, digest, text)


def changes(root: Path, view: RecordView) -> list[str] | None:
    """What changed in the record's file since its last sign-off, as unified-diff lines
    (without the sign-offs themselves); None when no copy of the signed content is kept."""
    return trail.changes(Path(root), view.kind, view.id, view.rel, view.record)


def listing(root: Path) -> list[tuple[RecordView, str]]:
    """Every record that is not a draft, with its state, for `storykit review --list`."""
    cat, levels = load(root)
    if not levels:
        raise ReviewRefused("mkdocs.yml 里没有设置审核级别（extra.review.levels），无需审核")
    out = []
    for view in cat.entries():
        if not view.record.draft and view.review is not None:
            out.append((view, view.review.label))
    return out
