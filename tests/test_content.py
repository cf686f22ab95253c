"""The sample content: real, linked, in its own words."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, SHARED

from storykit import catalog

SEEDS = SHARED / "seeds"
RUN = 30


@pytest.fixture(scope="module")
def cat():
    return catalog.build(ROOT, drafts=True)


def project_texts():
    for folder in ("stories", "docs", "hooks", "overrides", "tests"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in (".yml", ".md", ".py", ".html", ".css", ".txt"):
                yield path, path.read_text("utf-8", errors="ignore")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_no_run_of_30_characters_is_copied_from_a_seed():
    def norm(s: str) -> str:
        return re.sub(r"\s+", "", s)

    grams = set()
    for seed in SEEDS.glob("*.txt"):
        s = norm(seed.read_text("utf-8"))
        grams.update(s[i : i + RUN] for i in range(len(s) - RUN + 1))
    copied = []
    for path, text in project_texts():
        s = norm(text)
        hit = next(
            (s[i : i + RUN] for i in range(len(s) - RUN + 1) if s[i : i + RUN] in grams), None
        )
        if hit:
            copied.append(f"{path.relative_to(ROOT)}: {hit}")
    assert copied == []


def test_sample_has_the_promised_breadth(cat):
    def count(kind):
        return len(cat.entries(kind))

    assert count("case") >= 5 and count("org") >= 10 and count("person") >= 8
    assert count("site") >= 6 and count("publication") >= 12 and count("shelf") >= 3
    assert cat.problems == []


def test_one_featured_per_kind_and_a_draft(cat):
    for kind in ("case", "person", "site", "publication", "shelf", "org"):
        assert sum(1 for e in cat.entries(kind) if e.record.featured) == 1, kind
    assert 1 <= sum(1 for e in cat.entries() if e.record.draft) <= 2


def test_orgs_form_a_hierarchy(cat):
    depths = []
    for org in cat.entries("org"):
        depth, parent = 1, org.record.parent
        while parent:
            depth, parent = depth + 1, cat.all[("org", parent)].record.parent
        depths.append(depth)
    assert max(depths) >= 3  # national → province → prefecture at least


def test_records_are_written_in_clean_simplified_chinese():
    # The seeds' scraped text carries pinyin glosses like 發(fā)展 and traditional characters.
    gloss = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
    traditional = set("發關導區縣黨")
    for path in (ROOT / "stories").rglob("*.yml"):
        text = path.read_text("utf-8")
        assert not gloss.search(text), path
        assert not traditional & set(text), path
