"""The image pipeline: responsive WebP variants, a JPEG fallback, a card thumbnail and a
square share image for every picture a record names, with no metadata, cached by content.

Originals never reach the site: only the files written here do. The cache lives outside
`site/` (`.cache/images/`), keyed by the source bytes' hash and the settings below, so a
rebuild with unchanged pictures only hashes them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from dataclasses import asdict, dataclass
from math import cos, pi, sin
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageOps

from storykit.records.images import open_image

WIDTHS = (480, 960, 1600)  # srcset steps; never upscaled
FALLBACK_WIDTH = 960  # the one JPEG, for browsers without WebP
THUMB = (480, 360)  # card thumbnail, 4:3
SHARE = 600  # square link-preview image (WeChat and others want ≥ 300×300)
QUALITY = {"webp": 78, "jpeg": 80}
SETTINGS = f"v1 {WIDTHS} {FALLBACK_WIDTH} {THUMB} {SHARE} {sorted(QUALITY.items())}"
FOCUS = {
    None: (0.5, 0.5),
    "center": (0.5, 0.5),
    "top": (0.5, 0.0),
    "bottom": (0.5, 1.0),
    "left": (0.0, 0.5),
    "right": (1.0, 0.5),
}
URL_DIR = "assets/images"


@dataclass(frozen=True)
class Variant:
    name: str  # file name under assets/images/
    width: int
    height: int


@dataclass(frozen=True)
class ImageSet:
    """Everything a page needs to show one picture."""

    webp: tuple[Variant, ...]
    fallback: Variant
    thumb: Variant
    share: Variant

    def files(self) -> list[str]:
        return [v.name for v in (*self.webp, self.fallback, self.thumb, self.share)]

    @classmethod
    def from_json(cls, data: dict) -> ImageSet:
        def variant(v: dict) -> Variant:  # older manifests also hold a "mime": ignored
            return Variant(v["name"], v["width"], v["height"])

        return cls(
            webp=tuple(variant(v) for v in data["webp"]),
            fallback=variant(data["fallback"]),
            thumb=variant(data["thumb"]),
            share=variant(data["share"]),
        )


def key_of(data: bytes, focus: str | None) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"{SETTINGS} focus={focus}".encode())
    return digest.hexdigest()[:16]


def clean(im: Image.Image) -> Image.Image:
    """Upright, in RGB, with every piece of metadata (EXIF, XMP, ICC, comments) dropped."""
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        flat = Image.new("RGB", im.size, (255, 255, 255))  # photos on white, as on the page
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    elif im.mode != "RGB":
        im = im.convert("RGB")
    out = Image.new("RGB", im.size)
    out.paste(im)  # a fresh image carries no `info` at all
    return out


def _resize(im: Image.Image, width: int) -> Image.Image:
    if im.width <= width:
        return im
    height = round(im.height * width / im.width)
    return im.resize((width, height), Image.Resampling.LANCZOS)


def _save(im: Image.Image, folder: Path, name: str, fmt: str) -> Variant:
    path = folder / name
    if fmt == "webp":
        im.save(path, "WEBP", quality=QUALITY["webp"], method=4)
    else:
        im.save(path, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
    return Variant(name, im.width, im.height)


TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
REDUCIBLE = {"L", "LA", "RGB", "RGBA", "CMYK", "I", "F"}  # modes Image.reduce takes


def decode(source: Path) -> Image.Image:
    """The picture, upright and clean, at no more than about twice the size the largest
    variant needs. A JPEG is scaled by its decoder (1/2, 1/4 or 1/8: a 48-megapixel photo
    never exists in memory at full size); other formats are reduced by a whole factor right
    after decoding, before `clean` makes its copies."""
    with open_image(source) as raw:
        turned = raw.getexif().get(ExifTags.Base.Orientation) in TURNED
        # as shown: the widest variant's width, and a short side for the square crops
        need = (SHARE, max(WIDTHS)) if turned else (max(WIDTHS), SHARE)
        raw.draft(raw.mode, need)  # JPEG: DCT scaling; HEIF: an embedded copy that is big enough
        raw.load()
        factor = min(raw.width // need[0], raw.height // need[1])
        if factor >= 2 and raw.mode in REDUCIBLE:
            return clean(raw.reduce(factor))  # `reduce` keeps `info`, so EXIF turns it upright
        return clean(raw)


def encode(source: Path, key: str, focus: str | None, folder: Path) -> ImageSet:
    # Pillow's notes about metadata (corrupt EXIF and the like) are not the reader's business:
    # the picture passed the check, and its metadata is dropped anyway.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _encode(decode(source), key, focus, folder)


def _encode(im: Image.Image, key: str, focus: str | None, folder: Path) -> ImageSet:
    widths = sorted({min(w, im.width) for w in WIDTHS})
    webp = tuple(_save(_resize(im, w), folder, f"{key}-{w}.webp", "webp") for w in widths)
    fallback = _save(_resize(im, FALLBACK_WIDTH), folder, f"{key}-fallback.jpg", "jpeg")
    centre = FOCUS.get(focus, FOCUS[None])
    thumb_im = ImageOps.fit(im, THUMB, Image.Resampling.LANCZOS, centering=centre)
    thumb = _save(thumb_im, folder, f"{key}-thumb.webp", "webp")
    side = min(SHARE, im.width, im.height) if min(im.width, im.height) >= 300 else 300
    share_im = ImageOps.fit(im, (side, side), Image.Resampling.LANCZOS, centering=centre)
    share = _save(share_im, folder, f"{key}-share.jpg", "jpeg")
    return ImageSet(webp, fallback, thumb, share)


_KEYS: dict[tuple, str] = {}


class Gallery:
    """Processes pictures on demand during a build and publishes the files pages used."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        self.used: dict[str, ImageSet] = {}
        self.encoded = 0  # pictures actually re-encoded in this build (0 on a warm rebuild)
        self.seconds = 0.0

    def get(self, source: Path, focus: str | None = None) -> ImageSet:
        import time

        start = time.perf_counter()
        stat = source.stat()
        seen = (str(source), stat.st_size, stat.st_mtime_ns, focus)
        key = _KEYS.get(seen) or key_of(source.read_bytes(), focus)
        _KEYS[seen] = key  # a preview rebuild need not hash unchanged pictures again
        folder = self.cache_dir / key
        manifest = folder / "manifest.json"
        if manifest.is_file():
            images = ImageSet.from_json(json.loads(manifest.read_text("utf-8")))
        else:
            tmp = self.cache_dir / f".{key}.tmp{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            images = encode(source, key, focus, tmp)
            (tmp / "manifest.json").write_text(json.dumps(asdict(images)), "utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)  # a half-written cache entry is never seen
            self.encoded += 1
        self.used[key] = images
        self.seconds += time.perf_counter() - start
        return images

    def publish(self, site_dir: Path, live: Path | None = None) -> list[str]:
        """Copy the files of every picture used into site/assets/images/; returns their
        site-relative paths. With `live` (the site a build patches in place), a file it
        already has is left there: a picture's file name changes with its content."""
        out = Path(site_dir) / URL_DIR
        out.mkdir(parents=True, exist_ok=True)
        there = (lambda name: (live / URL_DIR / name).is_file()) if live else (lambda _: False)
        if not there(SHARE_DEFAULT):
            default_share(out / SHARE_DEFAULT)
        names = [SHARE_DEFAULT]
        for key, images in self.used.items():
            for name in images.files():
                names.append(name)
                target = out / name
                if not target.exists() and not there(name):
                    shutil.copyfile(self.cache_dir / key / name, target)
        return [f"{URL_DIR}/{name}" for name in names]


SHARE_DEFAULT = "share-default.png"  # the link preview of pages without a picture


def default_share(path: Path) -> None:
    """The site's own link-preview picture, drawn here: a gold star on red, no text."""
    if path.exists():
        return
    im = Image.new("RGB", (SHARE, SHARE), "#a61b1e")
    draw = ImageDraw.Draw(im)
    draw.rectangle((24, 24, SHARE - 25, SHARE - 25), outline="#e6b94c", width=8)
    c, outer, inner = SHARE / 2, SHARE * 0.3, SHARE * 0.12
    points = [
        (c + r * sin(k * pi / 5), c - r * cos(k * pi / 5))
        for k, r in ((k, outer if k % 2 == 0 else inner) for k in range(10))
    ]
    draw.polygon(points, fill="#f3d58b")
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "PNG", optimize=True)
