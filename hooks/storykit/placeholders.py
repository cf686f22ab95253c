"""Generated SVG placeholders: a book cover for a publication without one, an initial for a
person without a portrait, and a kind label for other cards. No font files: the reader's
own Chinese system font draws the text. Never a fake photo."""

from __future__ import annotations

import hashlib

from markupsafe import Markup

PALETTE = ("#9f1d20", "#b4521e", "#8a6d1d", "#5b6b2f", "#2f5f6b", "#5b3f6b", "#7a2e45", "#3f4f7a")
GOLD = "#f3d58b"


def color_for(key: str) -> str:
    """A stable palette colour per record, so a cover looks the same on every page."""
    return PALETTE[int(hashlib.sha1(key.encode()).hexdigest(), 16) % len(PALETTE)]


def _lines(text: str, per_line: int, most: int) -> list[str]:
    """Break a Chinese title into short lines; the last one ends with … when cut."""
    lines = [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def cover(key: str, title: str, kind: str, year: int | None) -> Markup:
    """A 3:4 book cover: the title in large type, the kind and year at the foot."""
    lines = _lines(title.strip("《》"), 6, 4)
    title_svg = Markup("").join(
        Markup('<text x="24" y="{}" font-size="30" font-weight="700" fill="#fff">{}</text>').format(
            70 + 40 * i, line
        )
        for i, line in enumerate(lines)
    )
    foot = " · ".join(x for x in (kind, f"{year}年" if year else "") if x)
    return Markup(
        '<svg class="sk-cover" viewBox="0 0 240 320" role="img" aria-label="{label}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<rect width="240" height="320" fill="{bg}"/>'
        '<rect x="12" y="12" width="216" height="296" fill="none" stroke="{gold}" stroke-width="2"/>'
        "{title}"
        '<text x="24" y="290" font-size="18" fill="{gold}">{foot}</text></svg>'
    ).format(label=f"{title}（封面示意）", bg=color_for(key), gold=GOLD, title=title_svg, foot=foot)


def avatar(key: str, name: str) -> Markup:
    """A square with the person's first character: a portrait is never invented."""
    return Markup(
        '<svg class="sk-avatar" viewBox="0 0 120 120" role="img" aria-label="{label}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<rect width="120" height="120" fill="{bg}"/>'
        '<text x="60" y="60" dy=".35em" text-anchor="middle" font-size="56" '
        'font-weight="700" fill="#fff">{initial}</text></svg>'
    ).format(label=f"{name}（无照片）", bg=color_for(key), initial=name[:1])


def badge(key: str, label: str) -> Markup:
    """The card placeholder for kinds without a picture: the kind's name on its colour."""
    return Markup(
        '<div class="sk-ph" style="background:{}" aria-hidden="true"><span>{}</span></div>'
    ).format(color_for(key), label)
