"""Material's own HTML, adjusted (adapter side, as it knows Material's markup): titles safe to
print unescaped, hand-written pages marked for search, wide blocks that scroll, and two bits
of markup the Nu Html Checker rejects."""

from __future__ import annotations

import re

UNSAFE_TITLE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})


def safe_title(text: str) -> str:
    """Material prints page titles unescaped (and `striptags` would undo escaping), so the
    few characters that matter become their full-width forms, which read the same in Chinese."""
    return text.translate(UNSAFE_TITLE)


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')


def mark_hand_written(html: str) -> str:
    """A hand-written page (关于, 编辑指南) is indexed whole: its article is the body."""
    return _ARTICLE.sub(
        '<article class="md-content__inner md-typeset" data-pagefind-body>', html, 1
    )


_WIDE = re.compile(r'<pre class="highlight">.*?</pre>|<table>.*?</table>', re.S)


def scrollable_boxes(html: str) -> str:
    """Code blocks and tables of a hand-written page sit in a box that scrolls sideways and
    takes keyboard focus, as the field reference's do: a long line on a phone is reached with
    the arrow keys too. Material focuses wide code itself only where the pointer can hover."""

    def box(m: re.Match) -> str:
        label = "表格" if m.group(0).startswith("<table") else "代码示例"
        return f'<div class="sk-table" tabindex="0" role="region" aria-label="{label}">{m.group(0)}</div>'

    return _WIDE.sub(box, html)


def tidy_page(html: str) -> str:
    """Two bits of Material's markup the Nu Html Checker rejects, removed without changing
    behaviour: autocomplete="off" on its drawer and search checkboxes, and the empty
    tabindex="" on nav section labels (browsers ignore both)."""
    html = re.sub(r'(<input class="md-toggle"[^>]*?) autocomplete="off"', r"\1", html)
    return html.replace(' tabindex=""', "")
