"""What a record page of each kind shows, where, read once from the model's markers.

Page builders read a kind's `KindLayout`, never the markers or field names themselves, so a
field added to a model with a marker (markers.py) appears on its pages with no change here or
in the builders."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache

from pydantic.fields import FieldInfo

from storykit.records import markers, models
from storykit.records.types import _date, _url, _year, checked_by, nested_model

# The catalog resolves every record's region and themes; their facts show what it found.
REGION, THEMES = "region", "themes"


@dataclass(frozen=True)
class Place:
    """A field as a page names it: its YAML key, its attribute and its Chinese label."""

    key: str
    name: str
    label: str


@dataclass(frozen=True)
class FactField(Place):
    """A row of the fact box. `shows`: `region` (the resolved chain), `themes` (the
    vocabulary's names), `ref` (the records `target` names) or `value` (as written)."""

    mark: markers.Fact
    shows: str
    target: str | None  # the kind of record a ref names
    url: bool  # a web address: an external link
    date: bool  # a partial date: 2023年11月2日
    year: bool  # a year: never grouped as a number (2,023)
    proper: bool  # a proper name (markers.ProperName)


@dataclass(frozen=True)
class BylineField(Place):
    date: bool  # a partial date, shown as 2023年11月2日
    proper: bool  # a proper name (markers.ProperName)


@dataclass(frozen=True)
class PictureField(Place):
    mark: markers.Picture
    many: bool  # a list of pictures (the gallery), else one picture


@dataclass(frozen=True)
class FigureField:
    """A list of key figures; `counted` when the statistics page adds them up."""

    name: str
    counted: markers.Counted | None


@dataclass(frozen=True)
class StandIn:
    """The placeholder drawn for a record without a picture: `badge`, `avatar` or `cover`,
    with `foot` the (attribute, unit) of the values at a cover's foot."""

    shape: str
    foot: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MapPlace:
    """Where a record that is a point on the map keeps its coordinates, its address and the
    (map.json key, attribute) of the values shown with it."""

    location: str
    address: str | None
    properties: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KindLayout:
    """One kind's record page: which fields go where. Empty where the kind has none."""

    kind: str
    label: str  # the kind's Chinese name
    facts: tuple[FactField, ...]  # in fact-box order
    figures: tuple[FigureField, ...]
    sections: tuple[Place, ...]
    bylines: tuple[BylineField, ...]  # in byline order
    pictures: tuple[PictureField, ...]  # every picture field, in field order
    own_picture: PictureField | None  # a portrait or cover beside the fact box
    gallery: tuple[PictureField, ...]  # lists of pictures shown under the text
    stand_in: StandIn
    roster: tuple[Place, ...]
    listing: tuple[Place, ...]  # references shown as the page's own cards (a shelf's items)
    sources: tuple[Place, ...]
    quote: str | None
    map_point: MapPlace | None
    totals: bool  # the page shows the statistics totals of its own figures
    shown_apart: frozenset[str]  # keys of references `related` leaves out: shown already
    children: str  # heading of same-kind records that name this one (组成部分), or ""


def _place(model: type[models.Record], key: str, name: str) -> Place:
    return Place(key, name, model.model_fields[name].title or key)


def _named(model: type[models.Record], name: str | None, what: str) -> str | None:
    """A field a marker names by attribute, checked to exist: a misspelt name fails at once."""
    if name and name not in model.model_fields:
        raise ValueError(f"{model.__name__}: {what} names {name!r}, which is no field")
    return name


def _fact(model: type[models.Record], key: str, name: str, mark: markers.Fact) -> FactField:
    info: FieldInfo = model.model_fields[name]
    ref = markers.marker(info, markers.Ref)
    shows = key if key in (REGION, THEMES) else "ref" if ref else "value"
    return FactField(
        key,
        name,
        info.title or key,
        mark,
        shows,
        ref.target if ref else None,
        checked_by(info, _url),
        checked_by(info, _date),
        checked_by(info, _year),
        is_name(info),
    )


def is_name(info: FieldInfo) -> bool:
    return markers.marker(info, markers.ProperName) is not None


def title_is_name(model: type[models.Record]) -> bool:
    """Whether a record's title is a proper name (a person's): marked so on its pages."""
    return is_name(model.model_fields[model.title_field])


def _picture(
    model: type[models.Record], key: str, name: str, mark: markers.Picture
) -> PictureField:
    _named(model, mark.hidden_when, "Picture.hidden_when")
    for part in mark.foot:
        _named(model, part, "Picture.foot")
    info = model.model_fields[name]
    many = typing.get_origin(info.annotation) is list
    return PictureField(key, name, info.title or key, mark, many)


def _stand_in(model: type[models.Record], own: PictureField | None) -> StandIn:
    if own is None or not own.mark.stand_in:
        return StandIn("badge")
    foot = tuple(
        (name, "年" if checked_by(model.model_fields[name], _year) else "")
        for name in own.mark.foot
    )
    return StandIn(own.mark.stand_in, foot)


def _map_place(model: type[models.Record]) -> MapPlace | None:
    points = markers.marked(model, markers.MapPoint)
    if not points:
        return None
    address = next((name for _, name, _ in markers.marked(model, markers.MapAddress)), None)
    properties = tuple((m.key, name) for _, name, m in markers.marked(model, markers.MapProperty))
    return MapPlace(points[0][1], address, properties)


def _figures(model: type[models.Record]) -> tuple[FigureField, ...]:
    out = []
    for name, info in model.model_fields.items():
        if nested_model(info.annotation) is models.Figure:
            counted = markers.marker(info, markers.Counted)
            if counted:
                _named(model, counted.by, "Counted.by")
            out.append(FigureField(name, counted))
    return tuple(out)


@cache
def kind_layout(model: type[models.Record]) -> KindLayout:
    """The layout of a kind's pages, worked out once per model class."""
    m = markers.marked
    facts = sorted(m(model, markers.Fact), key=lambda f: f[2].order)  # stable: field order
    bylines = sorted(m(model, markers.Byline), key=lambda f: f[2].order)
    pictures = tuple(_picture(model, *p) for p in m(model, markers.Picture))
    own = next((p for p in pictures if p.mark.own), None)
    figures = _figures(model)
    quote = next((name for _, name, _ in m(model, markers.Quote)), None)
    apart = (*m(model, markers.Fact), *m(model, markers.Listing), *m(model, markers.Roster))
    return KindLayout(
        kind=model.kind,
        label=model.label,
        facts=tuple(_fact(model, *f) for f in facts),
        figures=figures,
        sections=tuple(_place(model, k, n) for k, n, _ in m(model, markers.Sections)),
        bylines=tuple(
            BylineField(
                k,
                n,
                model.model_fields[n].title or k,
                checked_by(model.model_fields[n], _date),
                is_name(model.model_fields[n]),
            )
            for k, n, _ in bylines
        ),
        pictures=pictures,
        own_picture=own,
        gallery=tuple(p for p in pictures if p.many and not p.mark.own),
        stand_in=_stand_in(model, own),
        roster=tuple(_place(model, k, n) for k, n, _ in m(model, markers.Roster)),
        listing=tuple(_place(model, k, n) for k, n, _ in m(model, markers.Listing)),
        sources=tuple(_place(model, k, n) for k, n, _ in m(model, markers.Cited)),
        quote=quote,
        map_point=_map_place(model),
        totals=any(f.counted is not None and not f.counted.by for f in figures),
        shown_apart=frozenset(key for key, _, _ in apart),
        children=model.children_label,
    )


def record_layout(record: models.Record) -> KindLayout:
    """The layout of a record's own model class: what its page shows, where."""
    return kind_layout(type(record))


def layout_of(kind: str) -> KindLayout:
    """The layout of a kind by its name (`case`, `site`, …)."""
    return kind_layout(models.KINDS[kind])


def kinds_with_map_points() -> tuple[str, ...]:
    """The kinds whose records are points on the map, in the kinds' order."""
    return tuple(k for k in models.KINDS if layout_of(k).map_point)
