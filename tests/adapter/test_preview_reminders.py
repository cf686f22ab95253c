"""`make serve` (hooks/run.py serve): reminders (提醒) are never in the red box nor counted
as problems; they sit apart, folded and quiet, and a record with only reminders shows no
error box. In the terminal they come after every problem, under their own heading. A kind
that gets its first published record while the preview runs joins the navigation."""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.request

import pytest
from helpers import FIXTURES, assemble

from tools.bench.serve import serving

RUN = [sys.executable, "hooks/run.py", "serve"]
REMINDER = "stories/cases/test-reminder.yml:8: figures[0]: 提醒：没有写单位"
BROKEN = "stories/cases/a-broken.yml"
HONOR = "title: 测试表彰名单\nyear: 2024\nrecipients:\n  - members:\n      - person: test-person\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = assemble(tmp_path_factory.mktemp("preview") / "p", FIXTURES / "quiet" / "stories")
    (project / BROKEN).write_text("title: 缺摘要\norg: test-county\ndate: '2024'\n", "utf-8")
    (project / "stories/honors").mkdir()
    (project / "stories/honors/test-honor.yml").write_text(HONOR + "draft: true\n", "utf-8")
    with serving(project, program=RUN) as (base, _, log):
        yield project, base, log


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8")


def red_box(html: str) -> str:
    found = re.search(r'<div class="sk-errors" role="alert">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def reminders(html: str) -> str:
    found = re.search(r'<details class="sk-reminders">(.*?)</details>', html, re.S)
    return found.group(1) if found else ""


def test_the_home_page_counts_only_problems_in_the_red_box(served):
    _, base, _ = served
    home = fetch(base)
    box = red_box(home)
    assert "共 1 个问题" in box and BROKEN in box
    assert "提醒" not in box
    notes = reminders(home)
    assert REMINDER in notes and "条提醒（不影响发布）</summary>" in notes
    assert BROKEN not in notes
    assert '<a href="cases/test-reminder/">' in notes  # each linked to its record


def test_a_record_with_only_reminders_has_no_error_box(served):
    _, base, _ = served
    html = fetch(base + "cases/test-reminder/")
    assert 'class="sk-errors' not in html
    assert REMINDER in reminders(html)


def test_the_terminal_says_problems_first_then_the_reminders(served):
    _, _, log = served
    said = log.read_text("utf-8").splitlines()
    problem = next(i for i, line in enumerate(said) if BROKEN in line)
    heading = said.index("信息 - 提醒（不影响发布）：")
    assert problem < heading < next(i for i, line in enumerate(said) if REMINDER in line)


def test_a_draft_kind_stays_out_of_the_nav_until_published(served):
    project, base, _ = served
    draft = fetch(base + "honors/test-honor/")  # the draft's own page is there to preview
    assert '<p class="sk-kind" data-pagefind-ignore>表彰</p>' in draft  # no section to link
    assert 'href="honors/"' not in fetch(base)
    (project / "stories/honors/test-honor.yml").write_text(HONOR, "utf-8")
    deadline = time.monotonic() + 60
    while 'href="honors/"' not in (home := fetch(base)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert re.search(r'href="honors/" class="md-tabs__link[^"]*">\s*表彰', home)
