"""简/繁: the site's cut of OpenCC's tables converts exactly as OpenCC does."""

import json
import random
from pathlib import Path

import opencc
import pytest

from storykit.build import hanzi

SEEDS = sorted((Path(__file__).parents[3] / "shared" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    if not SEEDS:
        pytest.skip("../shared/seeds is not beside the project")
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def test_conversion_is_opencc_s2t(seeds):
    reference = opencc.OpenCC("s2t")
    for text in seeds:
        assert hanzi.traditional(text) == reference.convert(text)


def test_the_sites_cut_converts_any_part_of_its_text_as_opencc(seeds):
    collector = hanzi.Collector()
    for text in seeds:
        collector.add(text)
    cut = collector.dictionary()
    assert 0 < len(cut.s2t) < len(hanzi.s2t().entries) / 10
    reference = opencc.OpenCC("s2t")
    rng = random.Random(5)
    for text in seeds:
        for _ in range(200):  # a page splits its text into nodes anywhere
            a = rng.randrange(len(text))
            part = text[a : a + rng.randrange(1, 60)]
            assert hanzi.traditional(part, cut) == reference.convert(part)


def test_a_traditional_query_maps_to_the_sites_simplified_text(seeds):
    collector = hanzi.Collector()
    collector.add(seeds[0])
    cut = collector.dictionary()
    words = [r for r in hanzi.runs(seeds[0]) if 2 <= len(r) <= 8][:50]
    t2s = hanzi.Conversion.from_entries(cut.t2s)
    changed = 0
    for word in words:
        query = opencc.OpenCC("s2t").convert(word)
        changed += query != word
        assert t2s.convert(query) == opencc.OpenCC("t2s").convert(query)
    assert changed  # the check had traditional queries to look at


def test_written_for_the_built_pages_and_scripts_only(tmp_path):
    site = tmp_path / "site"
    (site / "cases" / "a").mkdir(parents=True)
    (site / "cases" / "a" / "index.html").write_text("<h1 title='发展'>关心下一代</h1>", "utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "app.js").write_text('label = "继续";', "utf-8")
    (site / "pagefind").mkdir()
    (site / "pagefind" / "x.js").write_text('"龙门"', "utf-8")
    written = hanzi.write(site)
    data = json.loads((site / hanzi.OUTPUT).read_text("utf-8"))
    assert data["s2t"]["关"] == "關" and data["s2t"]["继"] == "繼"
    assert "发展" in data["s2t"]  # a phrase: 發展, not 髮展
    assert "龙" not in data["s2t"]  # the search index's own scripts are not page text
    assert written.entries == len(data["s2t"]) + len(data["t2s"]) + len(data["n"])


@pytest.mark.parametrize("style", ["台湾", "香港"])
def test_regional_forms_are_opencc_s2tw_and_s2hk(seeds, style):
    reference = opencc.OpenCC(hanzi.OPENCC_CONFIG[style])
    collector = hanzi.Collector()
    for text in seeds:
        collector.add(text)
    cut = collector.dictionary(style=style)
    for text in seeds:
        assert hanzi.traditional(text, style=style) == reference.convert(text)
        assert hanzi.traditional(text, cut) == reference.convert(text)
    assert hanzi.traditional("为了", style=style) != hanzi.traditional("为了")  # 為 against 爲


def test_a_later_build_counts_only_what_changed_and_ends_as_a_fresh_count(tmp_path):
    """Each character and pair is counted by the files that hold it: a changed file's old
    text is taken away and its new text added, a removed file's taken away, and the table
    comes out as a collector that read the new site afresh would make it."""
    old, new = tmp_path / "old", tmp_path / "new"
    pages = {"a/index.html": "<p>发展</p>", "b/index.html": "<p>关心下一代</p>", "c.js": '"继续"'}
    for rel, text in pages.items():
        (old / rel).parent.mkdir(parents=True, exist_ok=True)
        (old / rel).write_text(text, "utf-8")
    collector = hanzi.Collector()
    assert collector.update(old, list(pages)) == 3
    assert "发展" in collector.dictionary().s2t
    # the next build: a/ changed, b/ kept as it was, c.js gone
    (new / "a").mkdir(parents=True)
    (new / "a" / "index.html").write_text("<p>龙门</p>", "utf-8")
    read = collector.update(new, ["a/index.html", "b/index.html"], old, {"b/index.html"})
    assert read == 1  # only the changed page
    fresh = hanzi.Collector()
    fresh.add("<p>龙门</p>")
    fresh.add(pages["b/index.html"])
    assert collector.counts == fresh.counts
    assert collector.dictionary() == fresh.dictionary()
    assert "发展" not in collector.dictionary().s2t and "继" not in collector.dictionary().s2t
