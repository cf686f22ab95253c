"""Every page type of a published site (tests/fixtures/linked) passes the Nu Html Checker with
no error, the search page and the page for a wrong address included."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from browser.test_reading import page_types
from helpers import ROOT

from storykit.records import catalog

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.skipif(
    not VNU.is_file() or not shutil.which("java"),
    reason="needs java and npm's vnu-jar (make install)",
)
def test_every_page_type_is_valid_html(published):
    urls = page_types(catalog.build(published.parent)).values()  # the browser tests' list
    assert "search/" in urls and "404.html" in urls
    files = [str(published / (u if u.endswith(".html") else u + "index.html")) for u in urls]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert errors == []
