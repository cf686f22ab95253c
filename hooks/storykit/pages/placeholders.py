"""Generated placeholders, as data: a book cover for a publication without one, an initial
for a person without a portrait, and a kind label for other cards. The templates draw them
as SVG with no font files (the reader's own Chinese system font draws the text). Never a
fake photo."""

from __future__ import annotations

import hashlib

from storykit.pages.pagedata import Placeholder

# Each colour gives white text at least 7.5:1, so labels and initials stay legible in both
# modes without darkening them (a filter would darken the white text too).
PALETTE = ("#9f1d20", "#883e17", "#665115", "#4c5927", "#2d5a66", "#5b3f6b", "#7a2e45", "#3f4f7a")


def colour_for(key: str) -> str:
    """A stable palette colour per record, so a cover looks the same on every page."""
    return PALETTE[int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(PALETTE)]


def title_lines(text: str, per_line: int = 6, most: int = 4) -> tuple[str, ...]:
    """Break a Chinese title into short lines; the last one ends with … when cut."""
    lines = [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][:-1] + "…"
    return tuple(lines)


def cover(key: str, kind: str, title: str, foot: tuple[str, ...]) -> Placeholder:
    """A 3:4 book cover: the title in large type, `foot` (its kind and year) at the foot."""
    return Placeholder(
        "cover",
        kind,
        colour_for(key),
        f"{title}（封面示意）",
        title_lines(title.strip("《》")),
        " · ".join(x for x in foot if x),
    )


def avatar(key: str, kind: str, name: str) -> Placeholder:
    """A square with the person's first character: a portrait is never invented."""
    return Placeholder("avatar", kind, colour_for(key), f"{name}（无照片）", initial=name[:1])


def badge(key: str, kind: str, label: str) -> Placeholder:
    """The card placeholder for kinds without a picture: the kind's name on its colour."""
    return Placeholder("badge", kind, colour_for(key), label)
