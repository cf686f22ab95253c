"""推文素材: a record as material for a WeChat official account article.

The 公众号 editor keeps inline styles and drops classes, scripts and stylesheets, so
`article.html` is rendered from its own template with inline styles only; its pictures are
files beside it (an editor uploads them), and the one address in it is the record's
canonical URL (阅读原文). A cover at 900×383 and a 200×200 thumbnail come from the record's
main picture, or are drawn from its placeholder colour — never a made-up photo."""

from __future__ import annotations

import re
import shutil
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nh3
from markupsafe import Markup
from PIL import Image, ImageDraw, ImageOps

from storykit.media.variants import FOCUS, URL_DIR, decode
from storykit.pages.pagedata import Link, Picture, RecordPage
from storykit.pages.placeholders import colour_for
from storykit.pages.queries import Queries
from storykit.pages.record import record_page
from storykit.pages.urls import record_url
from storykit.records.models import KINDS
from storykit.records.richtext import ALLOWED_TAGS
from storykit.render.templates import Templates

COVER = (900, 383)  # the 公众号 cover ratio 2.35:1
THUMB = (200, 200)  # the square picture shown when the article is shared
TITLE_MAX = 64
DIGEST_MAX = 120
PREVIEW_DIR = "_preview/wechat"  # served by `make serve` only; a published build never writes it

# Inline styles per element of sanitised Markdown: large, plain, readable on a phone.
TEXT = "font-size:17px;line-height:1.8;color:#222;"
STYLES = {
    "p": TEXT + "margin:0 0 1em;",
    "h2": "font-size:20px;font-weight:bold;color:#a61b1e;margin:1.4em 0 0.6em;",
    "h3": "font-size:18px;font-weight:bold;color:#a61b1e;margin:1.2em 0 0.5em;",
    "h4": "font-size:17px;font-weight:bold;margin:1em 0 0.5em;",
    "h5": "font-size:17px;font-weight:bold;margin:1em 0 0.5em;",
    "h6": "font-size:17px;font-weight:bold;margin:1em 0 0.5em;",
    "ul": TEXT + "margin:0 0 1em;padding-left:1.5em;",
    "ol": TEXT + "margin:0 0 1em;padding-left:1.5em;",
    "li": "margin:0 0 0.4em;",
    "blockquote": TEXT + "margin:0 0 1em;padding:0.5em 1em;border-left:4px solid #e6b94c;"
    "background:#fbf6ea;",
    "table": "border-collapse:collapse;width:100%;margin:0 0 1em;font-size:15px;",
    "th": "border:1px solid #ccc;padding:6px;background:#f5f0e6;",
    "td": "border:1px solid #ccc;padding:6px;",
    "pre": "white-space:pre-wrap;font-size:15px;background:#f6f6f6;padding:8px;",
}


def inline(html: Markup | str) -> Markup:
    """Sanitised Markdown with inline styles and no links: the editor keeps the text, and a
    link to another host would only be dropped or flagged by WeChat."""
    cleaned = nh3.clean(
        str(html),
        tags=ALLOWED_TAGS - {"a", "abbr"},
        attributes={},
        url_schemes={"https", "http"},
        strip_comments=True,
        link_rel=None,
        set_tag_attribute_values={tag: {"style": style} for tag, style in STYLES.items()},
    )
    return Markup(cleaned)


@dataclass(frozen=True)
class Photo:
    file: str  # relative to the folder
    alt: str
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class Article:
    """What article.html shows."""

    title: str
    kind_label: str
    lead: str
    bylines: tuple[tuple[str, str], ...]
    facts: tuple[tuple[str, str], ...]
    figures: tuple  # pagedata.Figure
    photos: tuple[Photo, ...]
    body: Markup
    sections: tuple[tuple[str, tuple[tuple[str, Markup], ...]], ...]
    quote: str
    sources: tuple[str, ...]
    canonical: str | None


@dataclass(frozen=True)
class Material:
    folder: Path
    title: str
    digest: str
    author: str
    canonical: str | None
    files: tuple[str, ...]


def shorten(text: str, most: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= most else text[: most - 1] + "…"


URL_TEXT = re.compile(r"https?://|www\.", re.I)


def _fact_text(items: tuple) -> str:
    """A fact row as text. Addresses are left out: WeChat blocks or flags links to other
    sites, and the one link of the article is 阅读原文."""
    texts = (i.text if isinstance(i, Link) else str(i) for i in items)
    return "、".join(t for t in texts if not URL_TEXT.search(t))


def _source_text(source) -> str:
    title = source.link.text if isinstance(source.link, Link) else str(source.link)
    return "，".join(x for x in (title, source.extra) if x)


def _picture_file(site: Queries, src: str) -> Path | None:
    """The processed file (EXIF-free JPEG) behind a page's `assets/images/<key>-…` path."""
    if site.gallery is None or not src.startswith(URL_DIR + "/"):
        return None
    name = src[len(URL_DIR) + 1 :]
    path = site.gallery.cache_dir / name.split("-", 1)[0] / name
    return path if path.is_file() else None


def _cover(site: Queries, view, size: tuple[int, int]) -> Image.Image:
    """The main picture cut to `size` at its focus, or the record's placeholder colour with a
    gold rule (no text: no font is bundled, and a drawn title would be a fake picture)."""
    path = view.picture_file(view.main[0]) if view.main else None
    if path is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = decode(path)
        centre = FOCUS.get(view.main[1].focus, FOCUS[None])
        return ImageOps.fit(im, size, Image.Resampling.LANCZOS, centering=centre)
    im = Image.new("RGB", size, colour_for(f"{view.kind}:{view.id}"))
    draw = ImageDraw.Draw(im)
    inset = max(6, min(size) // 16)
    draw.rectangle(
        (inset, inset, size[0] - inset - 1, size[1] - inset - 1),
        outline="#e6b94c",
        width=max(2, inset // 3),
    )
    return im


def article(site: Queries, page: RecordPage, photos: tuple[Photo, ...], canonical: str | None):
    return Article(
        title=page.title,
        kind_label=page.kind_label,
        lead=page.lead,
        bylines=tuple((b.label, b.text) for b in page.bylines),
        facts=tuple((f.label, text) for f in page.facts if (text := _fact_text(f.items))),
        figures=page.figures,
        photos=photos,
        body=inline(page.body),
        sections=tuple(
            (g.title, tuple((s.title, inline(s.body)) for s in g.sections)) for g in page.sections
        ),
        quote=page.quote,
        sources=tuple(_source_text(s) for s in page.sources),
        canonical=canonical,
    )


def _org_name(site: Queries, record) -> str | None:
    org = getattr(record, "org", None)
    view = site.record("org", org) if isinstance(org, str) else None
    return view.title if view else None


def preview_url(kind: str, rid: str) -> str:
    return f"{PREVIEW_DIR}/{kind}-{rid}/"


def make(
    site: Queries, templates: Templates, kind: str, rid: str, out: Path, site_url: str | None
) -> Material:
    """Write the material of one visible record into `out` (created; old files replaced)."""
    view = site.record(kind, rid)
    if view is None:
        raise LookupError(f"{kind}:{rid}")
    page = record_page(site, kind, rid)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "images").mkdir(parents=True)
    photos = []
    shown = [page.own] if isinstance(page.own, Picture) else []
    for n, pic in enumerate([*shown, *page.pictures], start=1):
        source = _picture_file(site, pic.src)
        if source is None:
            continue
        name = f"images/{n}{source.suffix}"
        shutil.copyfile(source, out / name)
        photos.append(Photo(name, pic.alt, pic.caption, pic.width, pic.height))
    canonical = site_url.rstrip("/") + "/" + record_url(kind, rid) if site_url else None
    data = article(site, page, tuple(photos), canonical)
    html = templates.render_template("wechat.html", "", article=data)
    (out / "article.html").write_text(str(html), "utf-8")
    _cover(site, view, COVER).save(out / "cover.jpg", "JPEG", quality=85, optimize=True)
    _cover(site, view, THUMB).save(out / "thumb.jpg", "JPEG", quality=85, optimize=True)
    record = view.record
    author = (
        getattr(record, "author", None)
        or getattr(record, "authors", None)
        or getattr(record, "editor", None)
        or _org_name(site, record)
        or site.settings.sponsor
        or ""
    )
    if isinstance(author, list):
        author = "、".join(author)
    title = shorten(page.title, TITLE_MAX)
    digest = shorten(page.lead or page.title, DIGEST_MAX)
    author = shorten(str(author), 16)  # the editor's 作者 box holds 8 characters or so
    lines = [
        f"标题：{title}",
        f"摘要：{digest}",
        f"作者：{author}",
        f"阅读原文：{canonical or '（未设置 site_url，发布前请在 mkdocs.yml 写上网站地址）'}",
        f"类型：{KINDS[kind].label}",
        "封面：cover.jpg（900×383）；小图：thumb.jpg（200×200）；正文图片在 images/ 里",
    ]
    (out / "meta.txt").write_text("\n".join(lines) + "\n", "utf-8")
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    return Material(out, title, digest, author, canonical, tuple(files))


def preview(
    site: Queries, templates: Templates, kind: str, rid: str, site_dir: Path, site_url: str | None
) -> Path:
    """The material under the preview's own path, with an index.html that shows it for
    copying. Only `make serve` calls this; a published build never writes PREVIEW_DIR."""
    url = preview_url(kind, rid)
    out = Path(site_dir) / url
    material = make(site, templates, kind, rid, out, site_url)
    meta = (out / "meta.txt").read_text("utf-8")
    command = f"storykit wechat {kind}:{rid}"
    html = templates.render_template(
        "wechat-preview.html", url, material=material, meta=meta, command=command
    )
    (out / "index.html").write_text(str(html), "utf-8")
    return out


class PreviewWriter:
    """Writes the preview's 推文素材 pages in the background after each preview build, so
    the reader's page reloads first; only records changed since they were last written.
    A newer build's request ends an older one's run."""

    def __init__(self, on_error: Callable[[str], None]):
        self.on_error = on_error
        self.written: dict[tuple[str, str], str] = {}
        self.generation = 0
        self.thread: threading.Thread | None = None

    def request(
        self, site: Queries, templates: Templates, site_dir: Path, site_url: str | None
    ) -> None:
        self.generation += 1
        generation = self.generation
        todo = [
            v
            for v in site.all_records()
            if not v.record.draft
            and (
                self.written.get(v.key) != v.dep_digest()
                # a build without --dirty empties the folder first
                or not (Path(site_dir) / preview_url(v.kind, v.id) / "index.html").is_file()
            )
        ]

        previous = self.thread

        def run() -> None:
            if previous is not None:
                previous.join()  # it stops at its next record: never two writers at once
            for view in todo:
                if generation != self.generation:
                    return
                try:
                    preview(site, templates, view.kind, view.id, site_dir, site_url)
                    self.written[view.key] = view.dep_digest()
                except Exception as exc:  # the preview goes on; the editor is told
                    self.on_error(f"{view.rel}: 推文素材未能生成：{exc}")

        self.thread = threading.Thread(target=run, name="storykit-wechat", daemon=True)
        self.thread.start()
