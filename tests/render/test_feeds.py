"""Feeds, sitemap and robots.txt of a published build, and the record date rule behind them."""

import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path

import feedparser
from helpers import FIXTURES, SITE_URL, assemble, mkdocs, page

DRAFT_URL = "cases/test-draft/"


def test_rss_feed_is_valid_newest_first_without_drafts(published: Path):
    parsed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = parsed.entries
    assert 10 <= len(entries) <= 50
    links = [e.link for e in entries]
    assert all(link.startswith(SITE_URL) for link in links)
    assert SITE_URL + DRAFT_URL not in links
    assert len(set(links)) == len(links)  # one item per record
    dates = [e.published_parsed for e in entries]
    assert dates == sorted(dates, reverse=True)
    case = next(e for e in entries if e.link == SITE_URL + "cases/test-case/")
    assert case.title == "测试种植课进村"
    assert case.summary
    assert [t.term for t in case.tags] == ["经验做法"]
    assert case.published_parsed[:3] == (2024, 5, 1)  # its own date, 2024-05
    assert any(link.type == "image/jpeg" for link in case.links)  # its photo, as enclosure


def test_json_feed_has_required_keys_and_same_items(published: Path):
    doc = json.loads((published / "feed.json").read_text("utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] and doc["feed_url"] == SITE_URL + "feed.json"
    items = doc["items"]
    for item in items:
        assert item["id"] and item["url"].startswith(SITE_URL)
        assert "content_text" in item or "content_html" in item
    stamps = [item["date_published"] for item in items]
    assert stamps == sorted(stamps, reverse=True)
    rss = feedparser.parse((published / "feed.xml").read_bytes())
    assert [i["url"] for i in items] == [e.link for e in rss.entries]
    assert all(DRAFT_URL not in i["url"] for i in items)
    case = next(i for i in items if i["url"].endswith("cases/test-case/"))
    assert case["image"].startswith(SITE_URL + "assets/images/")
    assert (published / case["image"][len(SITE_URL) :]).is_file()


def test_every_page_links_the_feeds_and_indexes_offer_subscribing(published: Path):
    for url in ("", "cases/", "cases/test-case/", "about/"):
        html = page(published, url)
        assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*feed\.xml', html)
        assert 'type="application/feed+json"' in html
    for url in ("", "cases/", "people/"):
        assert re.search(r'<a class="sk-feed" href="[./]*feed\.xml">订阅', page(published, url))


def test_sitemap_dates_records_and_leaves_out_the_guide(published: Path):
    xml = (published / "sitemap.xml").read_text("utf-8")
    urls = dict(re.findall(r"<loc>([^<]+)</loc>(?:<lastmod>([^<]+)</lastmod>)?", xml))
    assert urls[SITE_URL + "cases/test-case/"] == "2024-05-01"
    assert urls[SITE_URL + "honors/test-honor/"] == "2024-05-20"
    assert SITE_URL in urls and SITE_URL + "about/" in urls
    assert not [u for u in urls if "/guide/" in u]
    assert SITE_URL + DRAFT_URL not in urls
    assert not (published / DRAFT_URL).exists()
    assert '<meta name="robots" content="noindex">' in page(published, "guide/")
    assert 'name="robots"' not in page(published, "cases/test-case/")
    robots = (published / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


def test_no_site_url_no_feeds_and_the_build_says_why(tmp_path: Path):
    project = assemble(tmp_path / "p", FIXTURES / "linked" / "stories")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "未设置 site_url" in result.stderr
    site = project / "site"
    assert not (site / "feed.xml").exists() and not (site / "feed.json").exists()
    assert "Sitemap:" not in (site / "robots.txt").read_text("utf-8")
    assert "feed.xml" not in page(site, "")


def _git(root: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_a_record_without_a_date_takes_its_last_commit_else_its_file_time(tmp_path: Path):
    from storykit.records import catalog
    from storykit.records.dates import Dates

    project = assemble(tmp_path / "p", FIXTURES / "linked" / "stories")
    org = project / "stories/orgs/test-city.yml"
    os.utime(org, (1_700_000_000, 1_700_000_000))  # 2023-11-14, before any commit
    cat = catalog.build(project)
    view = cat.get("org", "test-city")
    assert Dates(project).of(view) == date(2023, 11, 14)  # not a repository: the file's time
    _git(project, "init", "-q")
    _git(project, "add", "stories")
    _git(project, "commit", "-qm", "first", when="2021-03-04T10:00:00+00:00")
    org.write_text(org.read_text("utf-8") + "\n", "utf-8")
    _git(project, "commit", "-qam", "second", when="2022-06-07T10:00:00+00:00")
    cat = catalog.build(project)
    dates = Dates(project)
    assert dates.of(cat.get("org", "test-city")) == date(2022, 6, 7)
    assert dates.of(cat.get("org", "test-province")) == date(2021, 3, 4)
    assert dates.of(cat.get("case", "test-case")) == date(2024, 5, 1)  # its own date wins
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    # without site_url there is no sitemap; the home page's 最近更新 follows the same rule
    home = page(project / "site", "")
    latest = home[home.index("最近更新") :]
    assert latest.index("测试种植课进村") < latest.index("测试市委员会")
