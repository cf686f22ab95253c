"""Rules for every text in the project, the sample records included, read as they are: in
their own words and in clean simplified Chinese. How many records the sample holds, and which,
is for volunteers to change; whether they are valid is what `make check` says."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, SHARED

SEEDS = SHARED / "seeds"
RUN = 30


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


def test_records_are_written_in_clean_simplified_chinese():
    # The seeds' scraped text carries pinyin glosses like 發(fā)展 and traditional characters.
    gloss = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
    traditional = set("發關導區縣黨")
    for path in (ROOT / "stories").rglob("*.yml"):
        text = path.read_text("utf-8")
        assert not gloss.search(text), path
        assert not traditional & set(text), path
