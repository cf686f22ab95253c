"""Material's page around the generated pages: rendered once per shape of page, then filled.

Run once per page, Material's templates took most of a build (about two thirds of a
1,000-record build went to base.html and its navigation). A generated page that is not in the
navigation differs from another of the same shape only in a few values: its title,
description, content, link-preview facts, and its edit and canonical addresses. So Material
renders each shape once, with a marker where each value goes, and every page of that shape is
the shell with its own values put in, escaped as the template escapes them.

A shell is trusted only after the first page of its shape has been rendered by Material in
full and came out the same, byte for byte; a shape that fails (say, an override that prints the
page's address) is rendered in full for every page. The adapter (site.py) decides which pages
come this way; this module knows only Material's page and its values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import escape

# A value's marker: letters and digits only, so that Jinja's escaping leaves it unchanged.
MARK = "SKSLOT{}Z"
_MARKS = re.compile(r"SKSLOT([a-z_]+)Z")

# Where each value goes, and how the template writes it there: `raw` as it is (the adapter
# has made it safe), `e` through Jinja's escape filter.
RAW, ESCAPED = "raw", "e"
SLOTS = {
    "title": RAW,  # page.meta.title: <title>, the header, the h1 Material adds
    "description": RAW,  # page.meta.description, escaped by the adapter
    "content": RAW,
    "canonical": RAW,  # page.canonical_url; `| e` on og:url, the same for a plain URL
    "edit": RAW,
    "og_title": ESCAPED,
    "og_description": ESCAPED,
    "og_image": ESCAPED,
    "og_image_alt": ESCAPED,
    "og_image_width": RAW,
    "og_image_height": RAW,
    "wechat": RAW,  # the 推文素材 link's path after the preview folder
}


@dataclass(frozen=True)
class Values:
    """One page's values, as the adapter would put them on the MkDocs page."""

    title: str
    description: str  # already escaped, as in the page's front matter; "" for none
    content: str
    canonical: str | None
    edit: str | None
    og: dict
    wechat: str | None  # path under the preview's 推文素材 folder, or None

    def slots(self) -> dict[str, str]:
        """Each marker's text in the output."""
        og = self.og
        out = {
            "title": self.title,
            "description": self.description,
            "content": self.content,
            "canonical": self.canonical or "",
            "edit": self.edit or "",
            "og_title": og["title"],
            "og_description": og["description"],
            "og_image": og["image"] or "",
            "og_image_alt": og["image_alt"],
            "og_image_width": str(og["image_width"]),
            "og_image_height": str(og["image_height"]),
            "wechat": self.wechat or "",
        }
        return {k: str(escape(v)) if SLOTS[k] == ESCAPED else v for k, v in out.items()}

    def fillable(self) -> bool:
        """Values the markers cannot stand for: an address that escaping would change (it is
        written both raw and escaped), or an edit link Material rewrites (`/blob/` → raw)."""
        for url in (self.canonical, self.edit):
            if url and str(escape(url)) != url:
                return False
        return not (self.edit and "/blob/" in self.edit)

    def markers(self) -> Values:
        """The same shape of page with a marker for every value."""
        og = {
            **self.og,
            **{k[3:]: MARK.format(k) for k in SLOTS if k.startswith("og_")},
        }
        if not self.og["image"]:
            og["image"] = None
        return Values(
            title=MARK.format("title"),
            description=MARK.format("description") if self.description else "",
            content=MARK.format("content") + ("<h1>" if "<h1" in self.content else ""),
            canonical=MARK.format("canonical") if self.canonical else None,
            edit=MARK.format("edit") if self.edit else None,
            og=og,
            wechat=MARK.format("wechat") if self.wechat else None,
        )

    def shape(self, folder: str, meta_key: tuple) -> tuple:
        """What makes two pages render the same around their values."""
        return (
            folder,
            meta_key,
            bool(self.description),
            self.canonical is not None,
            self.edit is not None,
            "<h1" in self.content,
            bool(self.og["image"]),
            self.og["type"],
            self.wechat is not None,
        )


@dataclass
class Shell:
    parts: list[str]  # text, marker name, text, marker name, …, text
    digest: str  # what the page's chrome was, for its fingerprint

    @classmethod
    def of(cls, html: str, values: Values) -> Shell:
        # the content's marker carried "<h1>" only so that Material would not add its own
        html = html.replace(MARK.format("content") + "<h1>", MARK.format("content"))
        return cls(_MARKS.split(html), hashlib.sha1(html.encode()).hexdigest())

    def fill(self, values: dict[str, str]) -> str:
        out = self.parts[:]
        out[1::2] = [values[name] for name in self.parts[1::2]]
        return "".join(out)


@dataclass
class Shells:
    """The shells of one build, by shape. `render(values, fake)` is Material's full page:
    with `fake` True it is rendered for a page at a made-up address of the same depth (so a
    template that prints the page's own address fails the check)."""

    render: Callable[[Values, bool], str]
    enabled: bool = True  # False: every page in full (STORYKIT_SHELLS=0; the tests compare)
    shells: dict[tuple, Shell | None] = field(default_factory=dict)
    full: int = 0  # pages Material rendered in full

    def page(self, values: Values, shape: tuple) -> tuple[str, str]:
        """(the page's HTML, its chrome's digest)."""
        if shape not in self.shells:
            self.shells[shape] = self._checked(values) if self.enabled else None
        shell = self.shells[shape]
        if shell is None or not values.fillable():
            self.full += 1
            html = self.render(values, False)
            return html, hashlib.sha1(html.encode()).hexdigest()
        return shell.fill(values.slots()), shell.digest

    def _checked(self, values: Values) -> Shell | None:
        if not values.fillable():
            return None
        marked = values.markers()
        shell = Shell.of(self.render(marked, True), values)
        self.full += 1
        if shell.fill(values.slots()) != self.render(values, False):
            return None
        return shell
