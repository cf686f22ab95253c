"""Pictures on pages, as data: photos with their variants, card thumbnails, placeholders
and the share image. Which picture stands for a record is declared on the model (the
Picture marker) and chosen once by the catalog (`RecordView.main`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storykit.media.variants import URL_DIR, ImageSet
from storykit.pages.layout import record_layout
from storykit.pages.pagedata import Picture, Placeholder, Thumb
from storykit.pages.placeholders import avatar, badge, cover
from storykit.records.catalog import Loc, RecordView
from storykit.records.models import KINDS, Image

DEFAULT_SHARE = f"{URL_DIR}/share-default.png"

# Turns a picture file and its focus into its variants; None where there is no image work
# (a check run) — pages then show placeholders.
Variants = Callable[[Path, str | None], ImageSet | None]


def variants_of(view: RecordView, loc: Loc, image: Image, variants: Variants) -> ImageSet | None:
    path = view.picture_file(loc)
    return variants(path, image.focus) if path else None  # a missing file is reported already


def picture(
    view: RecordView, loc: Loc, image: Image, variants: Variants, role: str = ""
) -> Picture | None:
    images = variants_of(view, loc, image, variants)
    if images is None:
        return None
    fb = images.fallback
    caption = [x for x in (image.caption, image.credit and f"摄影/来源：{image.credit}") if x]
    return Picture(
        srcset=tuple((f"{URL_DIR}/{v.name}", v.width) for v in images.webp),
        src=f"{URL_DIR}/{fb.name}",
        width=fb.width,
        height=fb.height,
        alt=image.alt,
        caption="　".join(caption),
        role=role,
    )


def placeholder(view: RecordView) -> Placeholder:
    """The stand-in the kind's own picture field names (layout.StandIn), else the badge."""
    key = f"{view.kind}:{view.id}"
    stand_in = record_layout(view.record).stand_in
    if stand_in.shape == "avatar":
        return avatar(key, view.kind, view.title)
    if stand_in.shape == "cover":
        values = ((getattr(view.record, name), unit) for name, unit in stand_in.foot)
        foot = tuple(f"{value}{unit}" for value, unit in values if value)
        return cover(key, view.kind, view.title, foot)
    return badge(key, view.kind, KINDS[view.kind].label)


def thumb(view: RecordView, variants: Variants) -> Thumb | Placeholder:
    """A card's picture: the record's main picture cut to 4:3, or its placeholder."""
    images = variants_of(view, *view.main, variants) if view.main else None
    if images is None:
        return placeholder(view)
    t = images.thumb
    return Thumb(f"{URL_DIR}/{t.name}", t.width, t.height, view.main[1].alt)


def share_image(view: RecordView | None, variants: Variants) -> str:
    """Site-relative path of the square link-preview image for a page."""
    images = variants_of(view, *view.main, variants) if view and view.main else None
    return f"{URL_DIR}/{images.share.name}" if images else DEFAULT_SHARE


def thumb_file(view: RecordView, variants: Variants) -> str | None:
    """Site-relative path of a record's card thumbnail, for search results."""
    images = variants_of(view, *view.main, variants) if view.main else None
    return f"{URL_DIR}/{images.thumb.name}" if images else None
