"""A kind with no published record (drafts do not count) is out of sight in a real
`mkdocs build --strict`: not in the navigation, the home page's counts, the search page and
its filters or the sitemap, and hand-written links to it are plain text, until it has one."""

from __future__ import annotations

import glob
import gzip
import re
from pathlib import Path

from helpers import FIXTURES, SITE_URL, assemble, mkdocs, page

HONOR = """title: 测试表彰名单
year: 2024
recipients:
  - members:
      - person: test-person
"""


def build(project: Path) -> Path:
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr  # no nav entry or link left pointing nowhere
    return project / "site"


def tabs(html: str) -> list[str]:
    return re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*<', html)


def home_counts(html: str) -> list[str]:
    box = re.search(r'<ul class="sk-counts">(.*?)</ul>', html, re.S).group(1)
    return re.findall(r'class="sk-figure__label">([^<]+)<', box)


def search_filter_values(site: Path) -> bytes:
    """Pagefind's filter index as written (gzipped, the values in UTF-8)."""
    files = glob.glob(str(site / "pagefind" / "filter" / "*.pf_filter"))
    assert files
    return b"".join(gzip.decompress(Path(f).read_bytes()) for f in files)


def test_a_kind_with_nothing_published_appears_with_its_first_record(tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "quiet" / "stories", f"\nsite_url: {SITE_URL}\n")
    honor = project / "stories" / "honors" / "test-honor.yml"
    honor.parent.mkdir()
    honor.write_text(HONOR + "draft: true\n", "utf-8")  # a draft does not count

    site = build(project)
    home = page(site, "")
    assert tabs(home)[:3] == ["首页", "经验做法", "先进典型"] and "表彰" not in tabs(home)
    assert home_counts(home) == ["经验做法", "先进典型", "组织"]
    assert '<section class="sk-hero"><h1>经验做法 · 先进典型</h1>' in home  # no 红色遗址, 书刊
    assert not (site / "honors").exists() and "honors/" not in home
    assert f"{SITE_URL}honors/" not in (site / "sitemap.xml").read_text("utf-8")
    assert "表彰" not in page(site, "search/")
    assert "表彰".encode() not in search_filter_values(site)
    assert "组织".encode() in search_filter_values(site)
    about = page(site, "about/")  # its list of kinds: empty ones as text, the others linked
    assert "<strong>红色遗址</strong>" in about and 'href="../sites/"' not in about
    assert '<a href="../cases/">经验做法</a>' in about

    honor.write_text(HONOR, "utf-8")
    site = build(project)
    home = page(site, "")
    assert "表彰" in tabs(home) and home_counts(home) == ["经验做法", "先进典型", "组织", "表彰"]
    assert "共 1 条" in page(site, "honors/")
    assert f"<loc>{SITE_URL}honors/</loc>" in (site / "sitemap.xml").read_text("utf-8")
    assert "表彰" in page(site, "search/")
    assert "表彰".encode() in search_filter_values(site)
