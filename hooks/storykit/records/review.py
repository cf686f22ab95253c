"""先审后发: sign-offs bound to the content they approved.

A sign-off (`reviews:` in the record's own file, so git keeps the trail) names a level, the
reviewer, a date, an optional note and a short digest of what readers would get: the record's
fields (its sign-offs left out) and the bytes of every picture it shows. Editing the record or
replacing a picture changes the digest, and every earlier sign-off stops counting. With review
levels set in mkdocs.yml, the published build holds only records signed at every level for
their current content."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .models import Record

DIGEST_LENGTH = 12
PASSED = "已通过"
CHANGED = "内容已改动，需重审"


class ReviewRefused(Exception):
    """A sign-off that cannot be recorded; the message says why, in Chinese."""


def digest(record: Record, pictures: Iterable[Path]) -> str:
    """What readers would get, in 12 hex digits: the fields as the model reads them (so a
    reformatted file is the same content) and each picture file's bytes."""
    h = hashlib.sha256()
    # a record with no origin reads as before the field existed: its sign-offs stay valid
    left_out = {"reviews"} if record.origin else {"reviews", "origin"}
    data = record.model_dump(mode="json", by_alias=True, exclude=left_out)
    h.update(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for path in sorted({Path(p) for p in pictures}, key=str):
        h.update(b"\0" + str(path.name).encode("utf-8") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()[:DIGEST_LENGTH]


@dataclass(frozen=True)
class State:
    """Where a record stands: which levels signed its current content, and what is next."""

    signed: tuple[str, ...]  # levels signed for the current content, in order
    next_level: str | None  # the level that must sign next; None when all have
    voided: bool  # some sign-off was for content that has since changed

    @property
    def passed(self) -> bool:
        return self.next_level is None

    @property
    def label(self) -> str:
        if self.passed:
            return PASSED
        if self.voided:
            return CHANGED
        return f"待{self.next_level}"


def state(levels: Sequence[str], record: Record, current: str) -> State:
    """The record's state under `levels`, given its current digest."""
    valid = {s.level for s in record.reviews if s.digest == current}
    voided = any(s.digest != current for s in record.reviews)
    signed: list[str] = []
    for level in levels:
        if level not in valid:
            return State(tuple(signed), level, voided)
        signed.append(level)
    return State(tuple(signed), None, voided)


def check_sign(levels: Sequence[str], record: Record, current: str, level: str) -> None:
    """Refuse, in Chinese, a sign-off the settings do not allow now."""
    if not levels:
        raise ReviewRefused("mkdocs.yml 里没有设置审核级别（extra.review.levels），无需审核")
    if level not in levels:
        raise ReviewRefused(f"没有“{level}”这一级；审核级别依次为 {'、'.join(levels)}")
    if record.draft:
        raise ReviewRefused("这是草稿（draft: true），不能审核；改为 draft: false 后再审")
    now = state(levels, record, current)
    if now.passed:
        raise ReviewRefused(f"这条记录的当前内容已通过全部审核（{'、'.join(levels)}）")
    if level != now.next_level:
        done = f"已通过 {'、'.join(now.signed)}，" if now.signed else ""
        raise ReviewRefused(f"审核要按顺序进行：{done}下一步应为 {now.next_level}，不能先{level}")


FIELD = re.compile(r"^reviews\s*:", re.M)


def sign_text(text: str, level: str, by: str, current: str, note: str | None, day: dt.date) -> str:
    """The record file's text with one more sign-off at the end of its `reviews:` list (the
    list is written last in the file, so appending keeps every comment and line above)."""
    by = _one_line(by)
    if not by:
        raise ReviewRefused("请写明审核人的姓名（--by）")
    body = text if text.endswith("\n") else text + "\n"
    if not FIELD.search(body):
        body += "reviews:\n"
    elif not _reviews_last(body):
        raise ReviewRefused(
            "reviews: 应写在文件的最后（审核记录只往末尾添加）；请把 reviews 整段移到文件末尾"
        )
    # the new item is indented as the list's items already are (`- level:` or `  - level:`)
    m = re.search(r"^( *)- ", body[FIELD.search(body).end() :], re.M)  # type: ignore[union-attr]
    dash = m.group(1) if m else "  "
    item = [
        f"{dash}- level: {_quoted(level)}",
        f"{dash}  by: {_quoted(by)}",
        f'{dash}  date: "{day.isoformat()}"',
    ]
    if note and _one_line(note):
        item.append(f"{dash}  note: {_quoted(_one_line(note))}")
    item.append(f'{dash}  digest: "{current}"')
    return body + "\n".join(item) + "\n"


def _reviews_last(text: str) -> bool:
    """Whether nothing but the `reviews:` list (and comments) follows its key."""
    after = text[FIELD.search(text).end() :]  # type: ignore[union-attr]
    return all(
        not line.strip() or line.startswith((" ", "-", "#", "\t")) for line in after.splitlines()
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
