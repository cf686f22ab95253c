"""The image pipeline on pictures made here with Pillow: variants, metadata, cache, errors."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, features

from storykit.media.variants import WIDTHS, Gallery, decode
from storykit.records.images import inspect, locate

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


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size in its header and holds almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


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
    src.write_bytes(png_header(100_000, 100_000))  # ten billion pixels declared in 90 bytes
    message = inspect(src)
    assert "可能是损坏或恶意文件" in message and "200 百万像素" in message


def test_unsupported_format_in_disguise(tmp_path):
    src = tmp_path / "scan.jpg"
    photo(src, size=(200, 100), fmt="BMP")
    assert "实际是 BMP 格式" in inspect(src)


def test_formats_still_refused_are_named(tmp_path):
    (tmp_path / "stories").mkdir()
    photo(tmp_path / "stories/scan.BMP", size=(60, 40), fmt="BMP")
    assert "BMP" in locate(tmp_path, "stories/case.yml", "scan.BMP")


def test_a_file_named_heic_that_is_not_one(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/IMG_0001.HEIC").write_bytes(b"\0" * 16)
    found = locate(tmp_path, "stories/case.yml", "IMG_0001.HEIC")
    assert "不是图片文件" in inspect(found)


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


# -- pictures as volunteers have them: beside the record, big, HEIC ---------------------------

STORYKIT = Path(sys.executable).with_name("storykit")
CASE = 'title: 测试图片记录\nsummary: 一条带照片的测试记录。\norg: test-province\ndate: "2024-05"\n'


def with_images(*srcs: str) -> str:
    """The test case record naming each picture, one `- src:` line each (line 6 onwards)."""
    lines = "".join(f"  - src: {src}\n    alt: 测试照片{i}\n" for i, src in enumerate(srcs))
    return f"{CASE}images:\n{lines}"


def heic(path: Path, size=(1200, 900), **save) -> Path:
    """A real HEIC file, as an iPhone writes them, encoded here by pillow-heif."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    with Image.open(photo(path.with_suffix(".png"), size=size, fmt="PNG")) as im:
        im.save(path, "HEIF", quality=50, **save)
    return path


def errors(root: Path):
    from storykit.records.catalog import build

    return [p for p in build(root, drafts=True).problems if not p.warning]


def test_pictures_beside_a_record_or_in_a_folder_of_their_own_publish(project, gallery):
    cases = project / "stories/cases"
    photo(cases / "beside.jpg", size=(800, 600))
    (cases / "test-pictures/2024").mkdir(parents=True)
    photo(cases / "test-pictures/photo1.jpg", size=(800, 600))
    photo(cases / "test-pictures/2024/photo2.png", size=(800, 600), fmt="PNG")
    (cases / "test-pictures/原稿.docx").write_bytes(b"PK\x03\x04 not yaml at all \xff\xfe")
    (cases / "采访记录.pdf").write_bytes(b"%PDF-1.4 \xff\xfe")
    (cases / "test-pictures.yml").write_text(
        with_images("beside.jpg", "test-pictures/photo1.jpg", "test-pictures/2024/photo2.png"),
        "utf-8",
    )
    assert errors(project) == []
    from storykit.records.catalog import build

    view = build(project).get("case", "test-pictures")
    files = [path for _, path in view.pictures]
    assert [f.relative_to(cases.resolve()).as_posix() for f in files] == [
        "beside.jpg",
        "test-pictures/photo1.jpg",
        "test-pictures/2024/photo2.png",
    ]
    for path in files:
        images = gallery.get(path)
        assert [v.width for v in images.webp] == [480, 800]
        assert all(name.endswith((".webp", ".jpg")) for name in images.files())


@pytest.mark.parametrize(
    "name, words",
    [
        ("cases/test-pictures/extra.yml", "要直接放在 cases/ 里"),
        ("cases/test-pictures/2024/extra.yaml", "子文件夹 cases/test-pictures/2024/"),
        ("cases/extra.yml.txt", "请把文件改名为 extra.yml"),
        ("cases/extra.YAML", "请把文件改名为 extra.yml"),
        ("cases/extra.txt", "扩展名应为 .yml"),
        ("photos/extra.yml", "文件夹 photos 不是记录类型"),
        ("extra.yml", "记录文件应放在子文件夹里"),
    ],
)
def test_a_record_where_none_is_read_is_named(project, name, words):
    path = project / "stories" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CASE, "utf-8")
    found = errors(project)
    assert [(p.path, p.line) for p in found] == [(f"stories/{name}", 1)]
    assert words in found[0].message


def test_pictures_and_documents_anywhere_under_stories_are_silent(project):
    for name in ("cases/a/b/c.jpg", "photos/x.jpg", "封面.png", "people/简历.docx", "说明.txt"):
        path = project / "stories" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xff\xd8\xff\xe0 not text \xfe")
    assert errors(project) == []


def test_a_48_megapixel_phone_photo_publishes_upright(tmp_path, gallery):
    src = photo(tmp_path / "IMG_0001.jpg", size=(8000, 6000), exif=exif_with_gps(6))
    assert inspect(src) is None
    # decoded at a quarter of its pixels: never 48 million pixels in memory at once
    assert decode(src).size == (3000, 4000)  # halved by the JPEG decoder, upright
    images = gallery.get(src)
    assert [(v.width, v.height) for v in images.webp] == [(480, 640), (960, 1280), (1600, 2133)]
    assert (images.thumb.width, images.thumb.height) == (480, 360)
    for path in outputs(gallery, images):
        assert_no_metadata(path)


def test_an_iphone_heic_photo_publishes_as_webp(tmp_path, gallery):
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{SECRET}</x:xmpmeta>'.encode()
    src = heic(tmp_path / "IMG_0002.HEIC", exif=exif_with_gps(6).tobytes(), xmp=xmp)
    with Image.open(src) as raw:  # the original carries its place and a text
        assert raw.getexif().get_ifd(ExifTags.IFD.GPSInfo) and SECRET.encode() in raw.info["xmp"]
    assert inspect(src) is None
    images = gallery.get(src)
    # orientation 6: the 1200×900 sensor image is shown 900 wide and 1200 tall
    assert [(v.width, v.height) for v in images.webp] == [(480, 640), (900, 1200)]
    for path in outputs(gallery, images):
        assert_no_metadata(path)
        with Image.open(path) as im:
            assert im.format == ("WEBP" if path.suffix == ".webp" else "JPEG")


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow has no AVIF codec")
def test_an_avif_picture_publishes(tmp_path, gallery):
    src = photo(tmp_path / "p.avif", size=(1000, 750), fmt="AVIF")
    (tmp_path / "stories").mkdir()
    assert locate(tmp_path, "p.yml", "p.avif") == src.resolve()
    assert inspect(src) is None
    assert [v.width for v in gallery.get(src).webp] == [480, 960, 1000]


def test_phone_photos_pass_storykit_check_with_nothing_in_english(project):
    cases = project / "stories/cases"
    photo(cases / "big.jpg", size=(8000, 6000), exif=exif_with_gps(6))
    heic(cases / "IMG_0003.heic")
    (cases / "test-pictures.yml").write_text(with_images("big.jpg", "IMG_0003.heic"), "utf-8")
    result = subprocess.run(
        [str(STORYKIT), "check", str(project)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stderr
    assert not re.search(r"[A-Za-z]{4,}", result.stdout + result.stderr.replace(str(project), ""))


def test_over_200_megapixels_is_refused_with_the_size_and_what_to_do(project):
    cases = project / "stories/cases"
    Image.new("1", (15000, 14000)).save(cases / "scan.png")  # 210 megapixels, 25 kB
    (cases / "test-pictures.yml").write_text(with_images("scan.png"), "utf-8")
    (found,) = errors(project)
    assert (found.path, found.line, found.field) == (
        "stories/cases/test-pictures.yml",
        6,
        "images[0].src",
    )
    assert "15000×14000" in found.message and "200 百万像素" in found.message
    assert "缩小到长边 8000 像素以内" in found.message


def test_pillow_warnings_never_reach_the_terminal(tmp_path, gallery, recwarn, capfd):
    # an EXIF block whose description runs past the end of the file: Pillow warns in English
    tiff = struct.pack("<2sHIH", b"II", 42, 8, 2)
    tiff += struct.pack("<HHII", 0x0112, 3, 1, 6) + struct.pack("<HHII", 0x010E, 2, 5000, 400)
    corrupt = photo(tmp_path / "exif.jpg", size=(800, 600), exif=b"Exif\0\0" + tiff + b"\0" * 4)
    palette = tmp_path / "palette.png"
    im = Image.new("P", (400, 300))
    im.putpalette([0, 0, 0, 200, 30, 30] * 128)
    im.save(palette, transparency=b"\x00\x80")
    bomb = tmp_path / "bomb.png"
    Image.new("1", (15000, 14000)).save(bomb)
    for src in (corrupt, palette):
        assert inspect(src) is None
        gallery.get(src)
    assert "百万像素" in inspect(bomb)
    assert [str(w.message) for w in recwarn] == []
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
