"""Pictures on pages: figures with srcset, card thumbnails, placeholders and share images.

Which picture stands for a record: its first image, else a person's portrait (never for a
minor), else a publication's cover. Without one, cards show a generated placeholder."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .html import rel
from .images import locate
from .load import Entry
from .models import KINDS, Image
from .placeholders import avatar, badge, cover
from .variants import URL_DIR, Gallery, ImageSet

SIZES = "(max-width: 45em) 100vw, 45em"  # the content column is at most about 45em wide
DEFAULT_SHARE = f"{URL_DIR}/share-default.png"


def main_image(entry: Entry) -> Image | None:
    record = entry.record
    if record.images:
        return record.images[0]
    if entry.kind == "person" and not record.minor and record.portrait:
        return record.portrait
    if entry.kind == "publication" and record.cover:
        return record.cover
    return None


class Pictures:
    def __init__(self, root: Path, gallery: Gallery | None):
        self.root = root
        self.gallery = gallery

    def variants(self, entry: Entry, image: Image) -> ImageSet | None:
        if self.gallery is None:
            return None
        found = locate(self.root, entry.rel, image.src)
        if isinstance(found, str):
            return None  # already reported by the catalog
        return self.gallery.get(found, image.focus)

    def figure(self, url: str, entry: Entry, image: Image, cls: str = "sk-pic") -> Markup:
        images = self.variants(entry, image)
        if images is None:
            return Markup("")
        base = rel(url, URL_DIR + "/")
        srcset = ", ".join(f"{base}{v.name} {v.width}w" for v in images.webp)
        fb = images.fallback
        caption = [x for x in (image.caption, image.credit and f"摄影/来源：{image.credit}") if x]
        return Markup(
            '<figure class="{cls}"><picture>'
            '<source type="image/webp" srcset="{srcset}" sizes="{sizes}">'
            '<img src="{src}" srcset="{src} {fbw}w" sizes="{sizes}" width="{w}" height="{h}" '
            'alt="{alt}" loading="lazy" decoding="async"></picture>{caption}</figure>'
        ).format(
            cls=cls,
            srcset=srcset,
            sizes=SIZES,
            src=base + fb.name,
            fbw=fb.width,
            w=fb.width,
            h=fb.height,
            alt=image.alt,
            caption=Markup("<figcaption>{}</figcaption>").format("　".join(caption))
            if caption
            else "",
        )

    def gallery_of(self, url: str, entry: Entry) -> Markup:
        """The record's own pictures: a portrait or cover first, then its images."""
        record = entry.record
        parts = []
        own = {"person": "portrait", "publication": "cover"}.get(entry.kind)
        picture = getattr(record, own, None) if own else None
        if entry.kind == "person" and record.minor:
            picture = None  # a minor's picture is never published
        if picture is not None:
            parts.append(self.figure(url, entry, picture, f"sk-pic sk-pic--{own}"))
        elif own:
            holder = Markup('<div class="sk-pic sk-pic--{}">{}</div>')
            parts.append(holder.format(own, self.placeholder(entry)))
        parts += [self.figure(url, entry, image) for image in record.images]
        return Markup("").join(p for p in parts if p)

    def placeholder(self, entry: Entry) -> Markup:
        key = f"{entry.kind}:{entry.id}"
        if entry.kind == "person":
            return avatar(key, entry.title)
        if entry.kind == "publication":
            year = entry.record.year
            return cover(key, entry.title, entry.record.pub_kind, year)
        return badge(key, KINDS[entry.kind].label)

    def thumb(self, url: str, entry: Entry) -> Markup:
        image = main_image(entry)
        images = self.variants(entry, image) if image else None
        if images is None:
            return Markup('<div class="sk-thumb sk-thumb--{}">{}</div>').format(
                entry.kind, self.placeholder(entry)
            )
        t = images.thumb
        return Markup(
            '<img class="sk-thumb" src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">'
        ).format(rel(url, f"{URL_DIR}/{t.name}"), t.width, t.height, image.alt)

    def thumb_file(self, entry: Entry) -> str | None:
        """Site-relative path of a record's card thumbnail, for search results."""
        image = main_image(entry)
        images = self.variants(entry, image) if image else None
        return f"{URL_DIR}/{images.thumb.name}" if images else None

    def share(self, entry: Entry | None) -> str:
        """Site-relative path of the square link-preview image for a page."""
        image = main_image(entry) if entry else None
        images = self.variants(entry, image) if entry and image else None
        return f"{URL_DIR}/{images.share.name}" if images else DEFAULT_SHARE
