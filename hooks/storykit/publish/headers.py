"""How each file of a built site is served: its content type and how long browsers and CDNs
may keep it. Declared once, as data; `headers_for` reads it for uploads to storage and the
nginx template renders the same rules as `location` blocks and a `types` table, so a server
and a bucket never disagree.

Three lifetimes. Pages, feeds and every fixed-name file that points at other files (the search
index's entry, its scripts) are checked with the server on each visit: a reader sees a
published change at once. Files whose name carries a hash of their content (search index
fragments, picture variants, Material's bundles) never change under their name and are kept
for a year. Everything else (our own CSS and JS, vendored libraries, fixed pictures) is kept
for an hour, so a change reaches every reader within the hour without refetching on each page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storykit.build.search import OUTPUT as SEARCH_DIR
from storykit.media.variants import URL_DIR as PICTURE_DIR


@dataclass(frozen=True)
class Lifetime:
    kind: str  # "short", "middle" or "long"
    cache_control: str
    label: str  # said to volunteers setting it in a storage console


SHORT = Lifetime("short", "no-cache", "每次向服务器确认（no-cache）")
MIDDLE = Lifetime("middle", "public, max-age=3600", "缓存 1 小时")
LONG = Lifetime("long", "public, max-age=31536000, immutable", "缓存 1 年，不再确认")


@dataclass(frozen=True)
class Rule:
    """Paths matching `pattern` get `lifetime`. The pattern is matched against the path from
    the site's root with a leading slash (`/cases/x/index.html`), as nginx matches `$uri`; it
    is written in the part of regular-expression syntax that Python and nginx's PCRE share."""

    pattern: str
    lifetime: Lifetime
    why: str


# Content-addressed names, as the build writes them: Pagefind's index files carry a hash of
# their bytes (`zh_1378dc8.pf_fragment`, `pagefind.zh_4f2a1c7713.pf_meta`), the picture
# variants the first 16 hex digits of a hash of the original and the variant settings
# (`0205588de3623773-480.webp`, media/variants.py), Material its bundles' (`bundle.a5f9d56c.min.js`).
_INDEX_DIRS = f"^/{SEARCH_DIR}(?:-[a-z0-9-]+)?/"  # pagefind/, and pagefind-<part>/ of a large site

# The first rule a path matches decides (nginx tries regex locations in the order written).
RULES: tuple[Rule, ...] = (
    Rule(
        _INDEX_DIRS + r"(?:.*/)?[^/]+\.pf_(?:fragment|index|filter|meta)$",
        LONG,
        "search index files, named by the hash of their content",
    ),
    Rule(
        f"^/{PICTURE_DIR}/" + r"[0-9a-f]{16}-[a-z0-9]+\.(?:webp|jpg|png|avif)$",
        LONG,
        "picture variants, named by the hash of the original and the settings",
    ),
    Rule(
        r"\.[0-9a-f]{8,}\.min\.(?:css|js)$",
        LONG,
        "Material's stylesheets and scripts, named by the hash of their content",
    ),
    Rule(
        _INDEX_DIRS,
        SHORT,
        "the search index's fixed names (entry, scripts, wasm, parts list) point at the hashed files",
    ),
    Rule(
        r"\.(?:html|xml|json|csv|txt)(?:\.gz)?$",
        SHORT,
        "pages, feeds, sitemap, robots.txt, map and open data: fixed names whose content changes",
    ),
)
DEFAULT_LIFETIME = MIDDLE  # everything else: our own CSS and JS, vendored libraries, fixed pictures


@dataclass(frozen=True)
class MediaType:
    extension: str
    mime: str
    text: bool  # sent with `charset=utf-8` and compressed


TYPES: tuple[MediaType, ...] = (
    MediaType("html", "text/html", True),
    MediaType("htm", "text/html", True),
    MediaType("css", "text/css", True),
    MediaType("js", "text/javascript", True),
    MediaType("mjs", "text/javascript", True),
    MediaType("json", "application/json", True),
    MediaType("map", "application/json", True),
    MediaType("webmanifest", "application/manifest+json", True),
    MediaType("xml", "application/xml", True),
    MediaType("svg", "image/svg+xml", True),
    MediaType("txt", "text/plain", True),
    MediaType("md", "text/markdown", True),
    MediaType("csv", "text/csv", True),
    MediaType("png", "image/png", False),
    MediaType("jpg", "image/jpeg", False),
    MediaType("jpeg", "image/jpeg", False),
    MediaType("webp", "image/webp", False),
    MediaType("avif", "image/avif", False),
    MediaType("gif", "image/gif", False),
    MediaType("ico", "image/x-icon", False),
    MediaType("woff2", "font/woff2", False),
    MediaType("woff", "font/woff", False),
    MediaType("ttf", "font/ttf", False),
    MediaType("otf", "font/otf", False),
    MediaType("wasm", "application/wasm", False),
    # Pagefind's index and its wasm are gzip data that its own script unpacks: sent as bytes,
    # so no server or CDN compresses them again or marks them `Content-Encoding: gzip`.
    MediaType("pf_meta", "application/octet-stream", False),
    MediaType("pf_index", "application/octet-stream", False),
    MediaType("pf_fragment", "application/octet-stream", False),
    MediaType("pf_filter", "application/octet-stream", False),
    MediaType("pagefind", "application/octet-stream", False),
    MediaType("gz", "application/gzip", False),
    MediaType("zip", "application/zip", False),
    MediaType("pdf", "application/pdf", False),
    MediaType("doc", "application/msword", False),
    MediaType(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False
    ),
    MediaType("xls", "application/vnd.ms-excel", False),
    MediaType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    MediaType("ppt", "application/vnd.ms-powerpoint", False),
    MediaType(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", False
    ),
    MediaType("mp3", "audio/mpeg", False),
    MediaType("m4a", "audio/mp4", False),
    MediaType("mp4", "video/mp4", False),
    MediaType("webm", "video/webm", False),
)
# A name without a known extension (the vendored libraries' LICENSE files): a download.
DEFAULT_TYPE = "application/octet-stream"
CHARSET = "utf-8"

# The map's tiles: red-site-map.js asks for t0 … t7.tianditu.gov.cn (Leaflet's `subdomains`).
TILE_HOSTS = tuple(f"https://t{i}.tianditu.gov.cn" for i in range(8))


@dataclass(frozen=True)
class Headers:
    content_type: str  # with `; charset=utf-8` for text
    cache_control: str
    kind: str  # the lifetime's kind: "short", "middle" or "long"


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], Lifetime], ...]:
    return tuple((re.compile(rule.pattern), rule.lifetime) for rule in RULES)


@cache
def _types() -> dict[str, MediaType]:
    return {t.extension: t for t in TYPES}


def uri(path: str) -> str:
    """A file's path in the site (`cases/x/index.html`, `/feed.xml`, `cases/x/`) as nginx sees
    it once a folder's index page is found: `/cases/x/index.html`."""
    path = "/" + path.replace("\\", "/").lstrip("/")
    return path + "index.html" if path.endswith("/") else path


def media_type(path: str) -> MediaType | None:
    """The declared type of a file, by its extension; None for an unknown one."""
    name = uri(path).rsplit("/", 1)[-1]
    return _types().get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def content_type(path: str) -> str:
    found = media_type(path)
    if found is None:
        return DEFAULT_TYPE
    return f"{found.mime}; charset={CHARSET}" if found.text else found.mime


def compressible(path: str) -> bool:
    """Worth gzipping: text. (Pictures, fonts and Pagefind's files are compressed already.)"""
    found = media_type(path)
    return bool(found and found.text)


def lifetime(path: str) -> Lifetime:
    target = uri(path)
    for pattern, life in _compiled():
        if pattern.search(target):
            return life
    return DEFAULT_LIFETIME


def headers_for(path: str) -> Headers:
    """What a file of the built site is served with; `path` is relative to the site's root."""
    life = lifetime(path)
    return Headers(content_type(path), life.cache_control, life.kind)


def content_security_policy(map_tiles: bool = False) -> str:
    """Only the site's own host, and 天地图's tile hosts when the site shows a map.

    Scripts and styles also allow inline code: Material writes a small script into every page
    whose text depends on the page's folder, and cards carry their placeholder colour as a
    style attribute, so hashes would break the site at the next theme update. Pagefind's
    search runs as WebAssembly ('wasm-unsafe-eval'); Material's icons are data: images."""
    images = " ".join(("'self'", "data:", *(TILE_HOSTS if map_tiles else ())))
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        )
    )


def security_headers(map_tiles: bool = False) -> tuple[tuple[str, str], ...]:
    """The headers every response carries (a server's or CDN's; object storage sets none)."""
    return (
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Content-Security-Policy", content_security_policy(map_tiles)),
    )
