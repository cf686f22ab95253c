"""The image pipeline on pictures made here with Pillow: variants, metadata, cache, errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from storykit.images import inspect, locate
from storykit.variants import WIDTHS, Gallery

SECRET = "村小学"  # text planted in the metadata; no output may carry it


def photo(path: Path, size=(2400, 1600), mode="RGB", fmt="JPEG", **save) -> Path:
    """A gradient picture (so the encoder has real work), saved with the given options."""
    grad = Image.linear_gradient("L").resize(size)
    if mode == "RGB":
        im = Image.merge("RGB", (grad, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grad))
    elif mode == "RGBA":
        im = Image.merge("RGBA", (grad, grad, grad, grad))
    else:
        im = Image.merge("RGB", (grad, grad, grad)).convert(mode)
    im.save(path, fmt, **save)
    return path


def exif_with_gps(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = SECRET
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (42.0, 22.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (122.0, 32.0, 1.0)
    return exif


@pytest.fixture
def gallery(tmp_path) -> Gallery:
    return Gallery(tmp_path / "cache")


def outputs(gallery: Gallery, images) -> list[Path]:
    key = next(k for k, v in gallery.used.items() if v == images)
    return [gallery.cache_dir / key / name for name in images.files()]


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    with Image.open(path) as im:
        assert len(im.getexif()) == 0, path.name
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(im.info)
    for marker in (b"Exif", b"xmpmeta", SECRET.encode(), b"ICC_PROFILE"):
        assert marker not in data, (path.name, marker)


def test_rotated_phone_photo_with_gps_is_upright_and_clean(tmp_path, gallery):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    src = photo(
        tmp_path / "phone.jpg",
        exif=exif_with_gps(6),
        icc_profile=icc,
        comment=SECRET.encode(),
        xmp=f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{SECRET}</x:xmpmeta>'.encode(),
    )
    with Image.open(src) as raw:  # the source really carries all of it
        assert raw.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert {"icc_profile", "comment"} <= set(raw.info) and b"xmpmeta" in src.read_bytes()
    images = gallery.get(src)
    # orientation 6: the 2400×1600 sensor image is shown 1600 wide and 2400 tall
    assert [(v.width, v.height) for v in images.webp] == [(480, 720), (960, 1440), (1600, 2400)]
    assert (images.fallback.width, images.fallback.height) == (960, 1440)
    assert (images.thumb.width, images.thumb.height) == (480, 360)
    assert images.share.width == images.share.height >= 300
    for path in outputs(gallery, images):
        assert_no_metadata(path)
        with Image.open(path) as im:
            assert im.format == ("WEBP" if path.suffix == ".webp" else "JPEG")
            assert im.mode == "RGB"


def test_small_pictures_are_never_upscaled(tmp_path, gallery):
    images = gallery.get(photo(tmp_path / "small.jpg", size=(640, 400)))
    assert [v.width for v in images.webp] == [480, 640]
    assert images.fallback.width == 640
    assert max(WIDTHS) > 640


def test_cmyk_and_transparent_pictures_become_plain_rgb(tmp_path, gallery):
    for src in (
        photo(tmp_path / "cmyk.jpg", size=(1200, 900), mode="CMYK"),
        photo(tmp_path / "alpha.png", size=(1200, 900), mode="RGBA", fmt="PNG"),
    ):
        images = gallery.get(src)
        for path in outputs(gallery, images):
            with Image.open(path) as im:
                assert im.mode == "RGB", path.name
            assert_no_metadata(path)


def test_focus_top_keeps_the_top_of_a_tall_picture(tmp_path, gallery):
    src = tmp_path / "tall.png"
    im = Image.new("RGB", (600, 1800), "white")
    im.paste((200, 0, 0), (0, 0, 600, 300))  # a red "face" at the top
    im.save(src)
    top = gallery.get(src, "top").thumb
    centre = gallery.get(src, None).thumb
    key_top = next(k for k, v in gallery.used.items() if v.thumb == top)
    key_mid = next(k for k, v in gallery.used.items() if v.thumb == centre)
    with Image.open(gallery.cache_dir / key_top / top.name) as t:
        assert t.convert("RGB").getpixel((240, 20))[1] < 80  # red at the top of the crop
    with Image.open(gallery.cache_dir / key_mid / centre.name) as c:
        assert c.convert("RGB").getpixel((240, 20))[1] > 200  # white: the middle was kept


def test_a_second_build_reencodes_nothing(tmp_path):
    src = photo(tmp_path / "p.jpg")
    first = Gallery(tmp_path / "cache")
    first.get(src)
    assert first.encoded == 1
    second = Gallery(tmp_path / "cache")
    second.get(src)
    assert second.encoded == 0
    # same picture under another name: same bytes, same cache entry
    os.link(src, tmp_path / "copy.jpg")
    second.get(tmp_path / "copy.jpg")
    assert second.encoded == 0


def test_publish_copies_only_the_variants(tmp_path, gallery):
    src = photo(tmp_path / "p.jpg", exif=exif_with_gps())
    images = gallery.get(src)
    site = tmp_path / "site"
    gallery.publish(site)
    published = sorted(p.name for p in (site / "assets/images").iterdir())
    assert published == sorted([*images.files(), "share-default.png"])
    original = src.read_bytes()
    assert all(p.read_bytes() != original for p in (site / "assets/images").iterdir())


# -- bad pictures: each gets its own message ------------------------------------------------


def test_truncated_file(tmp_path):
    src = photo(tmp_path / "cut.jpg")
    src.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    assert "文件不完整" in inspect(src)


def test_not_an_image(tmp_path):
    src = tmp_path / "note.jpg"
    src.write_text("这不是图片", "utf-8")
    assert "不是图片文件" in inspect(src)


def test_decompression_bomb(tmp_path):
    src = tmp_path / "bomb.png"
    Image.new("1", (9000, 9000)).save(src)  # 81 megapixels in a few kilobytes
    assert src.stat().st_size < 100_000
    assert "太大" in inspect(src) or "像素数过大" in inspect(src)


def test_unsupported_format_in_disguise(tmp_path):
    src = tmp_path / "scan.jpg"
    photo(src, size=(200, 100), fmt="BMP")
    assert "实际是 BMP 格式" in inspect(src)


def test_phone_formats_are_named(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/IMG_0001.HEIC").write_bytes(b"\0" * 16)
    assert "HEIC" in locate(tmp_path, "stories/case.yml", "IMG_0001.HEIC")


@pytest.mark.parametrize(
    "src, words",
    [
        ("/etc/passwd", "绝对路径"),
        ("../../../etc/passwd", "项目以外"),
        ("C:/photo.jpg", "绝对路径"),
    ],
)
def test_paths_that_leave_the_project(tmp_path, src, words):
    (tmp_path / "stories/cases").mkdir(parents=True)
    assert words in locate(tmp_path, "stories/cases/x.yml", src)


def test_symlink_pointing_outside(tmp_path):
    outside = photo(tmp_path / "outside.jpg", size=(50, 50))
    project = tmp_path / "project"
    (project / "stories/media").mkdir(parents=True)
    (project / "stories/media/link.jpg").symlink_to(outside)
    assert "项目以外" in locate(project, "stories/cases/x.yml", "link.jpg")
