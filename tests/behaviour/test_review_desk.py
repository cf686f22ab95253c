"""先审后发 in `make serve`'s preview: each record page says where its review stands, the 审核
page (/review/) lists what awaits each level with a form to sign, and the preview server
records a sign-off posted from that page, and only from it. `make build` has none of this."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from helpers import FIXTURES, assemble, fetch, previewing

STORIES = FIXTURES / "review" / "stories"
LEVELS = "\nextra:\n  generator: false\n  review:\n    levels: [初审, 复审]\n"
CASE = "stories/cases/review-case.yml"
TITLE = "待审核的经验做法 <b>不是标签</b>"


def project_at(dest: Path) -> Path:
    return assemble(dest, STORIES, LEVELS)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = project_at(tmp_path_factory.mktemp("review") / "p")
    with previewing(project) as base:
        yield project, base


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def token(page: str) -> str:
    return unescape(re.search(r'name="token" value="([^"]+)"', page).group(1))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(base: str, fields: dict, headers: dict) -> tuple[int, dict, str]:
    data = urllib.parse.urlencode(fields).encode("utf-8")
    request = urllib.request.Request(base + "review/sign", data=data, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def own(base: str) -> dict:
    return {"Origin": base.rstrip("/")}


def sign_fields(page: str, **more) -> dict:
    return {"token": token(page), "record": "case:review-case", "level": "初审", **more}


def test_a_record_page_says_it_awaits_the_first_level(preview):
    _, base = preview
    page = fetch(base + "cases/review-case/")
    assert "审核状态：待初审" in text(page)
    assert '<a href="../../review/">去审核页</a>' in page
    home = fetch(base)
    assert re.search(r'条记录等待审核.*?<a href="review/">审核</a>', home, re.S)


def test_the_review_page_lists_the_record_with_a_form(preview):
    _, base = preview
    page = fetch(base + "review/")
    body = page[page.index("<h1") : page.index("</article>")]
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in body and "<b>不是标签" not in body  # escaped
    first = body[body.index("待初审（") : body.index("待复审（")]
    assert TITLE in text(first) and CASE in first
    assert 'value="初审" readonly' in first and "签字通过" in first
    assert "已通过 0 条" in text(body)


def test_a_post_from_another_site_is_refused_and_the_file_is_unchanged(preview):
    project, base = preview
    before = (project / CASE).read_bytes()
    page = fetch(base + "review/")
    status, _, body = post(base, sign_fields(page, by="张三"), {"Origin": "http://evil.example"})
    assert status == 403 and "不是从预览的审核页发出的" in body
    assert "Traceback" not in body
    # a page of another site resolving its own name to 127.0.0.1
    status, _, body = post(
        base,
        sign_fields(page, by="张三"),
        {"Host": "evil.example", "Origin": "http://evil.example"},
    )
    assert status == 403 and "只能在本机的预览中签字" in body
    assert (project / CASE).read_bytes() == before


def test_a_post_without_the_token_is_refused(preview):
    project, base = preview
    before = (project / CASE).read_bytes()
    fields = {"record": "case:review-case", "level": "初审", "by": "张三"}
    status, _, body = post(base, fields, own(base))
    assert status == 403 and "校验码" in body
    status, _, _ = post(base, {**fields, "token": "guessed"}, own(base))
    assert status == 403
    assert (project / CASE).read_bytes() == before


def test_a_refused_sign_off_says_why_in_chinese(preview):
    project, base = preview
    before = (project / CASE).read_bytes()
    page = fetch(base + "review/")
    status, _, body = post(base, sign_fields(page, by="张三", level="复审"), own(base))
    assert status == 409 and "审核要按顺序进行" in body and "下一步应为 初审" in body
    assert (project / CASE).read_bytes() == before


def test_a_post_from_the_review_page_signs_the_record(preview):
    """Last of the preview's tests but one: it changes the project they share."""
    project, base = preview
    page = fetch(base + "review/")
    status, headers, _ = post(base, sign_fields(page, by="张三", note="已核对"), own(base))
    assert status == 303 and headers["Location"] == "/review/"
    saved = (project / CASE).read_text("utf-8")
    assert re.search(r'reviews:\n  - level: "初审"\n    by: "张三"\n', saved)
    assert 'note: "已核对"' in saved
    for _ in range(60):  # the preview rebuilds once the file is saved
        shown = text(fetch(base + "cases/review-case/"))
        if "待复审" in shown:
            break
        time.sleep(0.5)
    assert "审核状态：待复审（已通过 初审）" in shown
    listed = fetch(base + "review/")
    second = text(listed[listed.index("待复审（") : listed.index("内容已改动")])
    assert TITLE in second and "初审：张三" in second and "意见：已核对" in second
    assert "没有改动" in second


def test_an_edit_after_a_sign_off_shows_what_changed(preview):
    project, base = preview
    case = project / CASE
    case.write_text(case.read_text("utf-8").replace("还没有人审核", "已经改过"), "utf-8")
    for _ in range(60):
        listed = fetch(base + "review/")
        if "内容已改动，需重审（1）" in listed:
            break
        time.sleep(0.5)
    changed = listed[listed.index("内容已改动，需重审（1）") :]
    assert re.search(r'<span class="sk-review__del">-summary: 这条记录还没有人审核', changed)
    assert re.search(r'<span class="sk-review__add">\+summary: 这条记录已经改过', changed)
    assert "这次签字不再有效" in changed


def test_the_published_build_has_no_review_page(tmp_path):
    project = project_at(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, str(project / "hooks" / "run.py"), "build"],
        cwd=project, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    assert not (site / "review").exists()
    # the generated pages, not the guide (which explains the 审核 page to reviewers)
    html = "".join(p.read_text("utf-8") for p in site.rglob("*.html") if "guide" not in p.parts)
    assert "sk-review" not in html and "签字通过" not in html and "审核状态" not in html
