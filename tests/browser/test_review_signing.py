"""An editor signs off a record on the preview's 审核 page: the name typed, 签字通过 clicked,
and the sign-off is in the record file."""

from __future__ import annotations

import re
import sys
import time

import pytest
from helpers import FIXTURES, assemble

from tools.bench.serve import serving

LEVELS = "\nextra:\n  generator: false\n  review:\n    levels: [初审, 复审]\n"
CASE = "stories/cases/review-case.yml"


@pytest.fixture
def preview(tmp_path):
    project = assemble(tmp_path / "p", FIXTURES / "review" / "stories", LEVELS)
    program = [sys.executable, str(project / "hooks" / "run.py"), "serve"]
    with serving(project, program=program) as (base, _, _):
        yield project, base


def test_signing_on_the_review_page_writes_the_sign_off(phone, preview):
    project, base = preview
    phone.goto(base + "review/")
    item = phone.locator(".sk-review__item", has_text="review-case.yml")
    assert item.locator("input[name=level]").input_value() == "初审"
    item.get_by_label("审核人").fill("张三")
    item.get_by_role("button", name="签字通过").click()
    phone.wait_for_url(base + "review/")
    deadline = time.time() + 10
    while time.time() < deadline and "reviews:" not in (project / CASE).read_text("utf-8"):
        time.sleep(0.2)
    saved = (project / CASE).read_text("utf-8")
    assert re.search(r'reviews:\n  - level: "初审"\n    by: "张三"\n', saved)
    assert phone.errors == []
