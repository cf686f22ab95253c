"""A page's link-preview facts (Open Graph): what a chat app or social site shows when the
page's address is shared. Plain text: the template that writes them escapes every one."""

from __future__ import annotations

from dataclasses import dataclass, fields

from storykit.media.variants import SHARE, URL_DIR
from storykit.pages import pictures
from storykit.pages.pictures import Variants
from storykit.records.catalog import RecordView

DEFAULT_SHARE_ALT = "红底上的一颗金色五角星"  # what variants.default_share draws


@dataclass(frozen=True)
class SiteInfo:
    """The site's name, description and published address, as the engine's settings say."""

    name: str
    description: str | None = None
    url: str | None = None

    def absolute(self, path: str) -> str | None:
        """An absolute URL (link previews need one); None without the site's address."""
        return self.url.rstrip("/") + "/" + path if self.url else None


@dataclass(frozen=True)
class LinkPreview:
    type: str  # "article" for a record's page, "website" for any other
    title: str
    description: str
    image: str | None  # absolute; None without the site's address
    image_width: int
    image_height: int
    image_alt: str

    def as_dict(self) -> dict:
        """The facts by name, in this order, as the page's front matter holds them (shallow:
        dataclasses.asdict copies deeply, a cost on every one of many pages)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def link_preview(
    site: SiteInfo,
    title: str,
    description: str,
    view: RecordView | None = None,
    variants: Variants | None = None,
) -> LinkPreview:
    """A page's link preview: the record's share picture with its real size and its picture's
    alt text, or the site's own picture. `variants` is needed for a record's page only."""
    images = None
    if view and view.main and variants:
        images = pictures.variants_of(view, *view.main, variants)
    if images:
        pic = images.share
        path, width, height = f"{URL_DIR}/{pic.name}", pic.width, pic.height
        alt = view.main[1].alt or title
    else:
        path, width, height, alt = pictures.DEFAULT_SHARE, SHARE, SHARE, DEFAULT_SHARE_ALT
    return LinkPreview(
        type="article" if view else "website",
        title=title or site.name,
        description=description or site.description or site.name,
        image=site.absolute(path),
        image_width=width,
        image_height=height,
        image_alt=alt,
    )
