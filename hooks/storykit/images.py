"""Images referenced by records: where their files are."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

MEDIA_DIR = "stories/media"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}


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
            if real.suffix.lower() not in IMAGE_SUFFIXES:
                return f'"{src}" 不是支持的图片格式；请使用 JPG、PNG 或 WebP'
            return real
    return f'找不到图片文件 "{src}"；请把图片放在本文件旁边或 {MEDIA_DIR}/ 里，并核对文件名（区分大小写）'
