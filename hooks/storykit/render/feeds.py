"""Feeds (RSS 2.0 and JSON Feed 1.1), sitemap.xml and robots.txt, as data and templates.

Every date here is the record date rule of `dates.py`; drafts never appear, not even in the
preview, where the catalog shows them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime

from storykit.pages.queries import Queries
from storykit.pages.urls import record_url
from storykit.records.catalog import RecordView
from storykit.records.models import KINDS
from storykit.render.templates import Templates

FEED_SIZE = 50  # newest records in each feed
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_FILES = ("feed.xml", "feed.json")
UNLISTED = ("guide/",)  # the editors' guide: not in the sitemap, marked noindex


@dataclass(frozen=True)
class FeedItem:
    id: str  # kind:id, stable
    title: str
    summary: str
    url: str  # absolute
    date: date
    category: str  # the kind's Chinese name
    image: str | None  # absolute URL of the share picture

    @property
    def rfc822(self) -> str:
        return format_datetime(datetime.combine(self.date, time(0, 0), UTC))

    @property
    def iso(self) -> str:
        return datetime.combine(self.date, time(0, 0), UTC).isoformat()


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    home: str  # absolute
    xml_url: str
    json_url: str
    items: tuple[FeedItem, ...]


def published(site: Queries) -> list[RecordView]:
    """Records a reader may see in a published build, newest first by the record date."""
    views = [v for v in site.all_records() if not v.record.draft]
    return sorted(views, key=lambda v: (site.dates.of(v), v.sort_key, v.id), reverse=True)


def absolute(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path.lstrip("/")


def feed(site: Queries, site_url: str, title: str, description: str) -> Feed:
    items = []
    for view in published(site)[:FEED_SIZE]:
        share = site.share_image(view) if view.main else None
        items.append(
            FeedItem(
                id=f"{view.kind}:{view.id}",
                title=view.title,
                summary=getattr(view.record, "summary", None) or "",
                url=absolute(site_url, record_url(view.kind, view.id)),
                date=site.dates.of(view),
                category=KINDS[view.kind].label,
                image=absolute(site_url, share) if share else None,
            )
        )
    return Feed(
        title=title,
        description=description or title,
        home=absolute(site_url, ""),
        xml_url=absolute(site_url, "feed.xml"),
        json_url=absolute(site_url, "feed.json"),
        items=tuple(items),
    )


def rss(templates: Templates, data: Feed) -> str:
    return str(templates.render_template("feed.xml", "feed.xml", feed=data))


def json_feed(data: Feed) -> str:
    items = []
    for item in data.items:
        entry = {
            "id": item.url,
            "url": item.url,
            "title": item.title,
            "summary": item.summary,
            "content_text": item.summary or item.title,
            "date_published": item.iso,
            "tags": [item.category],
        }
        if item.image:
            entry["image"] = item.image
        items.append(entry)
    doc = {
        "version": JSON_FEED_VERSION,
        "title": data.title,
        "home_page_url": data.home,
        "feed_url": data.json_url,
        "description": data.description,
        "language": "zh-CN",
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: date | None


def sitemap_entries(
    site: Queries, site_url: str, page_urls: list[str], excluded: tuple[str, ...] = UNLISTED
) -> list[SitemapEntry]:
    """One entry per published page: record pages dated by the record date rule, others
    undated. `page_urls` are site-relative (`cases/x/`); those under `excluded` are left out."""
    dated = {record_url(v.kind, v.id): site.dates.of(v) for v in published(site)}
    seen: set[str] = set()
    entries = []
    for url in page_urls:
        url = url.removeprefix("./")  # MkDocs calls the home page `./`
        if url in seen or any(url.startswith(prefix) for prefix in excluded):
            continue
        seen.add(url)
        entries.append(SitemapEntry(absolute(site_url, url), dated.get(url)))
    return entries


def sitemap(templates: Templates, entries: list[SitemapEntry]) -> str:
    return str(templates.render_template("sitemap.xml", "sitemap.xml", entries=entries))


def robots(sitemap_url: str | None) -> str:
    """Everything may be fetched (the guide says noindex itself, which a crawler must read);
    the sitemap's address is absolute, as the protocol asks, so only given with site_url."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
