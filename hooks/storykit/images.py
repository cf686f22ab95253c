"""Images referenced by records: where their files are, and whether they can be published."""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from .settings import MEDIA

MEDIA_DIR = MEDIA
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}  # MPO: the JPEG variant many phones write
MAX_PIXELS = 40_000_000  # more than any phone camera; a bigger image is a mistake or an attack
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow refuses to decode beyond 2× this anyway
PHONE_FORMATS = {
    ".heic": "HEIC",
    ".heif": "HEIF",
    ".avif": "AVIF",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}


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
            if suffix in PHONE_FORMATS:
                return (
                    f'"{src}" 是 {PHONE_FORMATS[suffix]} 格式，网页不能直接使用；'
                    "请在手机或电脑上另存为 JPG 后再引用"
                )
            if suffix not in IMAGE_SUFFIXES:
                return f'"{src}" 不是支持的图片格式；请使用 JPG、PNG 或 WebP'
            return real
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
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.format not in FORMATS:
                    return f'"{name}" 实际是 {im.format} 格式，不是 JPG、PNG 或 WebP；请另存为 JPG'
                pixels = im.width * im.height
                if pixels > MAX_PIXELS:
                    return (
                        f'"{name}" 太大（{im.width}×{im.height} 像素，超过 {MAX_PIXELS // 1_000_000} 百万像素）；'
                        "请缩小到长边 4000 像素以内"
                    )
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f'"{name}" 像素数过大，可能是损坏或恶意文件；请重新导出图片'
    except UnidentifiedImageError:
        return f'"{name}" 不是图片文件，或格式无法识别；请换成 JPG、PNG 或 WebP'
    except (OSError, SyntaxError, ValueError) as err:
        if "truncated" in str(err):
            return f'"{name}" 文件不完整（可能没有上传或复制完）；请重新复制原图'
        return f'"{name}" 无法读取（{err}）；请重新导出图片'
    return None
