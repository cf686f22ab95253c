"""数据开放: the published site's /data/ holds every published record as JSON and CSV, read from
the models, validating against the kinds' own schemas, with absolute addresses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from helpers import FIXTURES, SITE_URL, assemble, mkdocs

from storykit.pages import opendata
from storykit.pages.urls import entry_url
from storykit.records import catalog
from storykit.records.models import KINDS


@pytest.fixture(scope="module")
def data(published) -> Path:
    return published / "data"


@pytest.fixture(scope="module")
def cat(published):
    return catalog.build(published.parent, drafts=False)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def test_the_manifest_lists_every_kind_with_its_count_and_files(data, cat):
    manifest = load(data / "manifest.json")
    assert manifest["format"] == "storykit-data" and manifest["version"] == 1
    assert manifest["site_url"] == SITE_URL.rstrip("/") + "/"
    assert [k["kind"] for k in manifest["kinds"]] == list(KINDS)
    for offer in manifest["kinds"]:
        expected = [v for v in cat.entries(offer["kind"]) if opendata.is_open(v)]
        assert offer["count"] == len(expected)
        for key in ("json", "csv", "schema"):
            assert (data / offer[key]).is_file(), offer[key]


def test_every_published_record_is_there_and_no_draft(data, cat, published):
    drafts = catalog.build(published.parent, drafts=True)
    draft_ids = {(v.kind, v.id) for v in drafts.entries() if v.record.draft}
    assert draft_ids, "the fixture has a draft to leave out"
    for kind, model in KINDS.items():
        found = load(data / f"{model.folder}.json")
        ids = [(kind, r["id"]) for r in found["records"]]
        assert sorted(ids) == sorted((kind, v.id) for v in cat.entries(kind) if opendata.is_open(v))
        assert not set(ids) & draft_ids
        for r in found["records"]:
            assert r["url"] == SITE_URL.rstrip("/") + "/" + entry_url(cat.all[(kind, r["id"])])
            assert "draft" not in r["record"] and "reviews" not in r["record"]


def test_pictures_are_absolute_addresses_of_published_files(data, published):
    pictures = []
    for model in KINDS.values():
        for r in load(data / f"{model.folder}.json")["records"]:
            for value in r["record"].values():
                items = value if isinstance(value, list) else [value]
                pictures += [i["src"] for i in items if isinstance(i, dict) and "src" in i]
    assert pictures, "the fixture has pictures"
    base = SITE_URL.rstrip("/") + "/"
    for src in pictures:
        assert src.startswith(base) and src.endswith(".jpg")
        assert (published / src[len(base) :]).is_file()


def test_each_kind_validates_against_its_published_schema(data):
    for kind, model in KINDS.items():
        schema = load(data / "schema" / f"{kind}.schema.json")
        for r in load(data / f"{model.folder}.json")["records"]:
            jsonschema.validate(r["record"], schema)


def test_the_csv_opens_with_chinese_headers_from_the_models(data, cat):
    for kind, model in KINDS.items():
        raw = (data / f"{model.folder}.csv").read_bytes()
        assert raw.startswith("\ufeff".encode())  # Excel and WPS read UTF-8 by the BOM
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        labels = [info.title for name, info in model.model_fields.items() if name != "draft"]
        header = list(rows[0]) if rows else []
        if rows:
            assert header[:2] == ["编号", "网址"]
            assert set(header[2:]) <= set(labels) and model.model_fields["summary"].title in header
        assert len(rows) == len([v for v in cat.entries(kind) if opendata.is_open(v)])


def test_the_data_page_states_the_licence_and_links_the_files(tmp_path):
    project = assemble(
        tmp_path / "p",
        FIXTURES / "linked" / "stories",
        "\nextra: {data: {licence: 可自由转载，请注明来源, org: test-province}}\n",
    )
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    page = (project / "site" / "data" / "index.html").read_text("utf-8")
    assert "可自由转载，请注明来源" in page and "测试省委员会" in page
    assert 'href="cases.csv"' in page and 'href="manifest.json"' in page
    manifest = load(project / "site" / "data" / "manifest.json")
    assert manifest["org"] == {"id": "test-province", "name": "测试省委员会"}
    assert manifest["licence"] == "可自由转载，请注明来源"
