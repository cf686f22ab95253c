"""Safe HTML from record strings: Markdown rendered and sanitised, links checked.

Plain text is escaped by the core's templates (autoescape); Markdown fields are the one
kind of record text that becomes markup, and only through `md`."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "sup", "sub", "code", "pre",
    "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https"}
# Column alignment as `align`, which the allowlist keeps (the default `style` would be dropped)
_md = markdown.Markdown(
    extensions=["tables", "sane_lists"],
    extension_configs={"tables": {"use_align_attribute": True}},
    output_format="html",
)


@lru_cache(maxsize=4096)
def md(text: str | None) -> Markup:
    """Markdown → HTML, then an allowlist: no scripts, no event handlers, no foreign schemes."""
    if not text:
        return Markup("")
    return Markup(sanitise(markdown_html(text)))


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """Markdown → HTML as written, before sanitising (the privacy check compares the two)."""
    _md.reset()
    return _md.convert(text)


def sanitise(html: str) -> str:
    """The allowlist every Markdown field passes through before it reaches a page."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def safe_url(url: str | None) -> str | None:
    """Only http(s) and relative links survive."""
    if not url:
        return None
    url = url.strip()
    if re.match(r"^https?://", url, re.I):
        return url
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
        return None
    return url


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two directory URLs such as `cases/x/` and `orgs/y/`.
    Called for every link on every page, so it splits strings instead of using relpath."""
    if to_url.startswith(("http://", "https://", "#")):
        return to_url
    start = from_url if from_url.endswith("/") else posixpath.dirname(from_url.rstrip("/"))
    if not start:
        target = to_url
    else:
        here = [p for p in start.split("/") if p]
        there = [p for p in to_url.split("/") if p]
        common = 0
        for a, b in zip(here, there, strict=False):
            if a != b:
                break
            common += 1
        target = "/".join([".."] * (len(here) - common) + there[common:]) or "."
        if to_url.endswith("/") and not target.endswith("/"):
            target += "/"
    return "./" if target in (".", "./") else target
