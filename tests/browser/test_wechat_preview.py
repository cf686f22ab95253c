"""推文素材 in the preview: every record page links its material; a published build has none."""

from __future__ import annotations

import time
from pathlib import Path

from helpers import FIXTURES, SITE_URL, assemble, page

from tools.bench.serve import serving


def test_a_record_page_in_the_preview_leads_to_its_material(phone, tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "linked" / "stories", f"\nsite_url: {SITE_URL}\n")
    with serving(project, "--dirty") as (base, _, _):
        phone.goto(base + "cases/test-case/")
        link = phone.get_by_role("link", name="生成推文素材")
        assert link.is_visible()
        deadline = time.time() + 30  # written just after the build, in the background
        while time.time() < deadline:
            link.click()
            if phone.locator("h1").first.inner_text().startswith("推文素材"):
                break
            time.sleep(0.5)
            phone.goto(base + "cases/test-case/")
        assert phone.locator("h1").first.inner_text() == "推文素材：测试种植课进村"
        meta = phone.locator("#sk-wechat-meta").inner_text()
        assert "标题：测试种植课进村" in meta and "阅读原文：" in meta
        size = phone.evaluate(
            "() => { const i = document.querySelector('img[alt=封面]');"
            " return [i.naturalWidth, i.naturalHeight]; }"
        )
        assert size == [900, 383]
        article = phone.frame_locator("iframe").locator("h1")
        assert article.inner_text() == "测试种植课进村"
        # a draft page in the preview offers none: drafts never become articles
        phone.goto(base + "cases/test-draft/")
        assert phone.get_by_role("link", name="生成推文素材").count() == 0


def test_a_published_build_has_no_material(published: Path):
    assert not (published / "_preview").exists()
    assert "生成推文素材" not in page(published, "cases/test-case/")
