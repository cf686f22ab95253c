"""Every page type of a published site (tests/fixtures/linked) passes the Nu Html Checker with
no error, the page for a wrong address included."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from helpers import ROOT

from storykit import catalog
from storykit.urls import entry_url, index_url, region_url

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.skipif(
    not VNU.is_file() or not shutil.which("java"),
    reason="needs java and npm's vnu-jar (make install)",
)
def test_every_page_type_is_valid_html(published):
    cat = catalog.build(published.parent)
    urls = [
        entry_url(cat.entries(k)[0])
        for k in ("case", "person", "site", "publication", "shelf", "org")
    ]
    urls += ["", index_url("case"), "regions/", region_url(cat.regions.resolve("辽宁省").code)]
    urls += [
        "themes/",
        f"themes/{cat.themes[0].slug}/",
        "years/",
        "about/",
        "guide/",
        "guide/fields/",
    ]
    files = [str(published / u / "index.html") for u in urls] + [str(published / "404.html")]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert errors == []
