"""Each kind's page layout comes from its model's markers alone, and pages read the catalog
only through the recorded queries of `Queries`."""

from __future__ import annotations

import dataclasses
import re
from typing import Annotated

import pytest
from helpers import FIXTURES, ROOT

from storykit.pages import deps, parts
from storykit.pages.layout import kind_layout, kinds_with_map_points, layout_of, record_layout
from storykit.pages.listings import index_page, region_page
from storykit.pages.queries import Queries
from storykit.pages.record import record_page
from storykit.pages.statspage import statistics_page
from storykit.records import catalog, markers, models
from storykit.records.models import KINDS, Case, labelled
from storykit.records.types import Text, nested_model

PAGES = ROOT / "hooks" / "storykit" / "pages"


def carrying(model: type[models.Record], cls: type) -> list[str]:
    """The attributes of the fields whose metadata holds a `cls`, in field order."""
    return [
        name
        for name, info in model.model_fields.items()
        if any(isinstance(m, cls) for m in info.metadata)
    ]


def mark(model: type[models.Record], name: str, cls: type):
    return next(m for m in model.model_fields[name].metadata if isinstance(m, cls))


@pytest.fixture(scope="module")
def golden() -> Queries:
    return Queries(catalog.build(FIXTURES / "golden", drafts=False))


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_layout_lists_exactly_the_fields_its_markers_name(kind):
    model = KINDS[kind]
    layout = kind_layout(model)
    facts = carrying(model, markers.Fact)
    facts.sort(key=lambda n: mark(model, n, markers.Fact).order)  # stable: field order
    assert [f.name for f in layout.facts] == facts
    bylines = carrying(model, markers.Byline)
    bylines.sort(key=lambda n: mark(model, n, markers.Byline).order)
    assert [f.name for f in layout.bylines] == bylines
    assert [f.name for f in layout.sections] == carrying(model, markers.Sections)
    assert [f.name for f in layout.roster] == carrying(model, markers.Roster)
    assert [f.name for f in layout.listing] == carrying(model, markers.Listing)
    assert [f.name for f in layout.sources] == carrying(model, markers.Cited)
    assert [f.name for f in layout.pictures] == carrying(model, markers.Picture)
    own = [n for n in carrying(model, markers.Picture) if mark(model, n, markers.Picture).own]
    assert (layout.own_picture.name if layout.own_picture else None) == next(iter(own), None)
    assert layout.quote == next(iter(carrying(model, markers.Quote)), None)
    figures = [
        n for n, i in model.model_fields.items() if nested_model(i.annotation) is models.Figure
    ]
    assert [f.name for f in layout.figures] == figures
    counted = [mark(model, n, markers.Counted) for n in carrying(model, markers.Counted)]
    assert layout.totals == any(not c.by for c in counted)
    point = carrying(model, markers.MapPoint)
    assert (layout.map_point.location if layout.map_point else None) == next(iter(point), None)
    apart = [*carrying(model, markers.Fact), *carrying(model, markers.Listing)]
    apart += carrying(model, markers.Roster)
    keys = {model.model_fields[n].alias or n for n in apart}
    assert layout.shown_apart == keys


def test_the_kinds_say_what_the_pages_used_to_ask_by_name():
    assert layout_of("person").quote == "quote"
    assert [k for k in KINDS if layout_of(k).quote] == ["person"]
    assert kinds_with_map_points() == ("site",)
    site = layout_of("site").map_point
    assert (site.location, site.address) == ("location", "address")
    assert [k for k, _ in site.properties] == ["kind", "eras", "protection"]
    assert [k for k in KINDS if layout_of(k).totals] == ["org"]
    assert layout_of("case").figures[0].counted == markers.Counted(by="org", dated=True)
    assert layout_of("person").stand_in.shape == "avatar"
    assert layout_of("publication").stand_in.foot == (("pub_kind", ""), ("year", "年"))
    assert layout_of("case").stand_in.shape == "badge"


class CaseWithMotto(Case):
    """A throwaway kind: a case with one more field, marked for the fact box."""

    motto: Annotated[Text | None, markers.Fact(2, unit="！")] = labelled("口号")


def test_a_new_marked_field_shows_in_the_fact_box_with_no_change_to_the_pages(golden):
    view = golden.record("case", "full-case")
    data = {**view.record.model_dump(by_alias=True, exclude_none=True), "motto": "老少同心"}
    record = CaseWithMotto.model_validate(data)
    changed = dataclasses.replace(view, entry=dataclasses.replace(view.entry, record=record))
    before = [f.label for f in parts.facts(golden, view, kind_layout(Case).facts)]
    after = parts.facts(golden, changed, record_layout(record).facts)
    labels = [f.label for f in after]
    # Fact(2) after the brand, also Fact(2): ties keep the fields' order
    assert labels == [*before[:2], "口号", *before[2:]]
    assert next(f.items for f in after if f.label == "口号") == ("老少同心！",)


def test_a_misspelt_field_name_in_a_marker_fails_at_once():
    class Broken(Case):
        poster: Annotated[models.Image | None, markers.Picture(main=9, hidden_when="nosuch")] = (
            labelled("海报")
        )

    with pytest.raises(ValueError, match="nosuch"):
        kind_layout(Broken)


def test_no_page_builder_branches_on_a_kind():
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(PAGES.glob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(r"kind\s*[!=]=", line)
    ]
    assert found == []


def test_nothing_reads_the_catalog_behind_the_queries():
    assert not hasattr(Queries(catalog.build(FIXTURES / "good")), "cat")
    core = ROOT / "hooks" / "storykit"
    found = [
        f"{path.relative_to(core)}:{n}"
        for stage in ("pages", "render", "build")
        for path in sorted((core / stage).glob("*.py"))
        if path.name != "queries.py"
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if re.search(r"\.cat\b|\._cat\b", line) and path.name != "totals.py"
    ]
    assert found == []


def test_a_cards_region_path_is_among_the_pages_reads(golden):
    with deps.recording() as reads:
        page = index_page(golden, "case", 1)
    assert [c.meta.split(" · ")[0] for c in page.cards] == [
        "辽宁省/阜新市/彰武县",
        "陕西省/延安市/宝塔区",
    ]
    assert {("region_path", "210922"), ("region_path", "610602")} <= reads


def test_region_pages_and_statistics_read_regions_and_sources_through_queries(golden):
    with deps.recording() as reads:
        region_page(golden, "210900")
    assert ("region_chain", "210900") in reads and ("region_children", "210900") in reads
    stats = Queries(catalog.build(FIXTURES / "statistics"))
    with deps.recording() as reads:
        statistics_page(stats)
    assert ("region_children", None) in reads
    assert ("record", "org", "heilongjiang") in reads  # a total's source, linked on the page


def test_totals_and_map_groups_follow_the_layout_not_the_kind_name(golden):
    with deps.recording() as reads:
        record_page(golden, "org", "test-province")
    assert ("statistics",) in reads  # an org's layout shows its totals
    with deps.recording() as reads:
        record_page(golden, "case", "full-case")
    assert ("statistics",) not in reads
    assert index_page(golden, "site", 1).groups != ()  # sites are points on the map
    assert index_page(golden, "case", 1).groups == ()
