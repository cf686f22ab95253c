"""The site's files beside its pages: feed.xml, feed.json, sitemap.xml (replacing the engine's,
which carries the build's date) and robots.txt."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path

from storykit.pages.linkpreview import SiteInfo
from storykit.pages.queries import Queries
from storykit.render import feeds
from storykit.render.templates import Templates

WRITTEN = ("sitemap.xml", "sitemap.xml.gz", *feeds.FEED_FILES)


def write_feeds(
    site_dir: Path,
    site: Queries,
    templates: Templates,
    info: SiteInfo,
    page_urls: Sequence[str],
) -> bool:
    """The feeds, the sitemap and robots.txt; without the site's address (they need whole
    addresses) robots.txt alone, and False."""
    for name in WRITTEN:
        (site_dir / name).unlink(missing_ok=True)
    if not info.url:
        (site_dir / "robots.txt").write_text(feeds.robots(None), "utf-8")
        return False
    data = feeds.feed(site, info.url, info.name, info.description or "")
    (site_dir / "feed.xml").write_text(feeds.rss(templates, data), "utf-8")
    (site_dir / "feed.json").write_text(feeds.json_feed(data), "utf-8")
    entries = feeds.sitemap_entries(site, info.url, list(page_urls))
    xml = feeds.sitemap(templates, entries)
    (site_dir / "sitemap.xml").write_text(xml, "utf-8")
    with gzip.open(site_dir / "sitemap.xml.gz", "wt", encoding="utf-8") as gz:
        gz.write(xml)
    robots = feeds.robots(feeds.absolute(info.url, "sitemap.xml"))
    (site_dir / "robots.txt").write_text(robots, "utf-8")
    return True
