"""A page's link-preview facts (pages/linkpreview.py): the record's share picture with its
real size and alt text, or the site's own; whole addresses only with the site's address."""

from __future__ import annotations

from helpers import FIXTURES, SITE_URL

from storykit.media.variants import SHARE, Gallery
from storykit.pages.linkpreview import DEFAULT_SHARE_ALT, SiteInfo, link_preview
from storykit.pages.queries import Queries
from storykit.records import catalog

LINKED = FIXTURES / "linked"
SITE = SiteInfo("示例网站", "网站简介", SITE_URL)


def test_a_record_shares_its_own_picture_with_its_size_and_alt(tmp_path):
    cat = catalog.build(LINKED, drafts=False)
    site = Queries(cat, None, Gallery(tmp_path / "images"))
    case = cat.get("case", "test-case")
    found = link_preview(SITE, "测试案例", "", case, site.image_set)
    assert found.type == "article" and found.title == "测试案例"
    assert found.description == "网站简介"  # the page has none of its own
    assert found.image.startswith(f"{SITE_URL}assets/images/") and found.image.endswith(".jpg")
    assert found.image_alt == "测试图片的替代文字"
    assert (found.image_width, found.image_height) != (0, 0)


def test_any_other_page_shares_the_site_s_picture():
    found = link_preview(SITE, "", "关于本站")
    assert found.type == "website" and found.title == "示例网站"
    assert found.image == f"{SITE_URL}assets/images/share-default.png"
    assert (found.image_width, found.image_height, found.image_alt) == (
        SHARE,
        SHARE,
        DEFAULT_SHARE_ALT,
    )
    assert list(found.as_dict()) == [
        "type", "title", "description", "image", "image_width", "image_height", "image_alt"
    ]  # fmt: skip


def test_without_the_site_s_address_no_picture_is_named():
    found = link_preview(SiteInfo("示例网站"), "页面不存在", "")
    assert found.image is None and found.description == "示例网站"
