"""Images referenced by records: where their files are, and whether they can be published."""

from __future__ import annotations

import re
import warnings
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError, features

from storykit.records.settings import MEDIA

MEDIA_DIR = MEDIA
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}  # MPO: the JPEG variant many phones write
# Phone cameras reach 200 megapixels; beyond that a picture is a scan, a stitched panorama,
# a mistake or an attack. Variants are at most 1600 wide, so a big original is only scaled down.
MAX_PIXELS = 200_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns beyond this and refuses beyond twice it
FIT_SIDE = 8000  # the long side a too-big picture is asked to be reduced to
# Formats read only when this machine has the decoder: HEIC/HEIF via pillow-heif, AVIF in Pillow.
OPTIONAL = {".heic": "HEIF", ".heif": "HEIF", ".avif": "AVIF"}
PHONE_FORMATS = {
    ".heic": "HEIC",
    ".heif": "HEIF",
    ".avif": "AVIF",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}


@cache
def optional_formats() -> dict[str, str]:
    """The optional formats this machine reads ({suffix: Pillow format}); registers the
    HEIF opener on first use, so nothing but image work pays for loading libheif."""
    readable: set[str] = set()
    try:
        import pillow_heif
    except ImportError:  # an install without pillow-heif: HEIC gets the "save as JPG" message
        pass
    else:
        pillow_heif.register_heif_opener()
        readable.add("HEIF")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if features.check("avif"):
            readable.add("AVIF")
    return {suffix: fmt for suffix, fmt in OPTIONAL.items() if fmt in readable}


def open_image(path: Path | str) -> Image.Image:
    """Image.open with every format this machine can read registered (HEIC included)."""
    optional_formats()
    return Image.open(path)


def locate(root: Path, record_rel: str, src: str) -> Path | str:
    """The image file for `src`, or a Chinese message saying why there is none.

    `src` is relative to the record's file, or a bare file name in stories/media/. Nothing
    outside the project is ever read: absolute paths, `..` escapes and symlinks that lead out
    are refused before the file is opened.
    """
    root = root.resolve()
    if src.startswith(("/", "\\")) or PurePosixPath(src).is_absolute() or ":" in src[:3]:
        return f'图片路径 "{src}" 是绝对路径；请写相对于本文件的路径，或把图片放进 {MEDIA_DIR}/ 只写文件名'
    candidates = [(root / record_rel).parent / src]
    if "/" not in src and "\\" not in src:
        candidates.append(root / MEDIA_DIR / src)
    for candidate in candidates:
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        if not real.is_relative_to(root):
            return f'图片路径 "{src}" 指向项目以外的位置；请把图片放进 {MEDIA_DIR}/'
        if real.is_file():
            suffix = real.suffix.lower()
            if suffix in IMAGE_SUFFIXES or suffix in optional_formats():
                return real
            if suffix in PHONE_FORMATS:
                return (
                    f'"{src}" 是 {PHONE_FORMATS[suffix]} 格式，网页不能直接使用；'
                    "请在手机或电脑上另存为 JPG 后再引用"
                )
            return f'"{src}" 不是支持的图片格式；请使用 JPG、PNG 或 WebP'
    return f'找不到图片文件 "{src}"；请把图片放在本文件旁边或 {MEDIA_DIR}/ 里，并核对文件名（区分大小写）'


def inspect(path: Path) -> str | None:
    """A Chinese message if the file cannot be published as an image, else None.

    Decodes the whole file once (so a truncated upload is caught at check time); the
    answer is remembered for as long as the file's size and time stay the same."""
    stat = path.stat()
    return _inspect(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=1024)
def _inspect(path: str, size: int, mtime_ns: int) -> str | None:
    name = Path(path).name
    # Pillow's own warnings (corrupt EXIF, palette transparency, its pixel guard) are English
    # and go to the terminal; whatever matters is said below, in Chinese.
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            return _decode_all(path, name)
        except Image.DecompressionBombError as err:
            return _bomb(name, str(err))
        except UnidentifiedImageError:
            return f'"{name}" 不是图片文件，或格式无法识别；请换成 JPG、PNG 或 WebP'
        except MemoryError:
            return f'"{name}" 太大，内存不足以读取；请缩小到长边 {FIT_SIDE} 像素以内再保存'
        except Exception as err:  # any decoder failure on any file is a message, never a traceback
            if "truncated" in str(err) or isinstance(err, EOFError):
                return f'"{name}" 文件不完整（可能没有上传或复制完）；请重新复制原图'
            return f'"{name}" 无法读取（{err}）；请重新导出图片'


def _decode_all(path: str, name: str) -> str | None:
    with open_image(path) as im:
        if im.format not in FORMATS | set(optional_formats().values()):
            return f'"{name}" 实际是 {im.format} 格式，不是 JPG、PNG 或 WebP；请另存为 JPG'
        if im.width * im.height > MAX_PIXELS:
            return too_big(name, im.width, im.height)
        if im.format in ("JPEG", "MPO"):
            # scaled to 1/8 while decoding: every byte is still read (a cut file is caught)
            # at a fraction of the memory and time of a 48-megapixel decode
            im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    return None


def too_big(name: str, width: int, height: int) -> str:
    return (
        f'"{name}" 有 {width}×{height} 像素（约 {width * height // 1_000_000} 百万像素），'
        f"超过上限 {MAX_PIXELS // 1_000_000} 百万像素；请把图片缩小到长边 {FIT_SIDE} 像素以内"
        "再保存（网页上的图片最宽 1600 像素，缩小后看不出差别）"
    )


def _bomb(name: str, detail: str) -> str:
    """Beyond twice the limit Pillow will not even open the file; its message holds the count."""
    found = re.search(r"\((\d+) pixels\)", detail)
    size = f"声称有约 {int(found.group(1)) // 1_000_000} 百万像素，" if found else ""
    return (
        f'"{name}" {size}远超上限 {MAX_PIXELS // 1_000_000} 百万像素，可能是损坏或恶意文件；'
        f"如果确是一张照片，请缩小到长边 {FIT_SIDE} 像素以内再保存"
    )
