"""Markers: what a field's Annotated[...] metadata says beyond its type.

How a field is shown (its place in the fact box, whether it is a picture, a quote or a point on
the map), how it is sorted and counted, and what the editors' JSON Schema says of it. Pages,
privacy rules, sorting and the editors read them, so adding a field to a kind is one edit in
models.py. Field types and their checks live in types.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

T = TypeVar("T")


class Ref:
    """Marks a field whose value is the id (or list of ids) of a record of another kind."""

    def __init__(self, target: str):
        self.target = target  # the record kind the id names

    def __repr__(self) -> str:
        return f"Ref({self.target!r})"


# -- how a field is shown ------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """Shown in the record's fact box, in `order`, with `unit` after the value and `prefix`
    before it (总第280期)."""

    order: int
    unit: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class ProperName:
    """A person's or a place's name. In 繁體 a name typed in traditional characters stays as
    typed (the pages mark it data-sk-name for assets/hanzi.js)."""


@dataclass(frozen=True)
class Byline:
    """Shown under the text beside the sources (作者, 责任编辑, a case's 发布日期)."""

    order: int


@dataclass(frozen=True)
class Sections:
    """A list of titled sections shown under the body (主要做法, 成效)."""


@dataclass(frozen=True)
class Listing:
    """References the page shows as its own list of cards (a shelf's items), not as related."""


@dataclass(frozen=True)
class Roster:
    """Named groups of people and organisations the page lists under its text (an honours
    list's recipients): each one linked to its record, or its name with its unit."""


@dataclass(frozen=True)
class Cited:
    """Listed under 来源与链接 at the foot of the page (sources, a publication's links)."""


@dataclass(frozen=True)
class Picture:
    """An image field. `main` ranks it when choosing the picture that stands for the record
    (cards, share images); `own` pictures (a portrait, a cover) stand beside the fact box,
    with a placeholder when absent; `hidden_when` names a bool field that withholds it.

    `stand_in` is the placeholder drawn for the record when it has no picture: `avatar` (the
    first character of the title), `cover` (a book cover with the title, and at its foot the
    values of the fields `foot` names) or, when no field says, `badge` (the kind's name)."""

    main: int
    own: bool = False
    hidden_when: str | None = None
    stand_in: str = ""
    foot: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A saying of the record's subject, set apart under the text (a person's 寄语)."""


@dataclass(frozen=True)
class MapPoint:
    """The record's coordinates: it is a point on the map (map.json), its page has direction
    links and a map around it, and its kind's listing lists every point by province and city."""


@dataclass(frozen=True)
class MapAddress:
    """The address the direction links give beside the map point."""


@dataclass(frozen=True)
class MapProperty:
    """Shown with the record's map point, under `key` in map.json."""

    key: str


@dataclass(frozen=True)
class Counted:
    """Key figures added up on the statistics page. `by` names the field holding the id of
    the organisation that reports them; "" when the record is that organisation: its own
    figures win over those written elsewhere, and its page shows its totals. `dated`: a
    figure without a year counts for the year of the record's date."""

    by: str = ""
    dated: bool = False


@dataclass(frozen=True)
class PublicContact:
    """A public contact number: the personal-number privacy check does not apply."""


@dataclass(frozen=True)
class SortDate:
    """The record's date for sorting and year pages; the lowest `rank` that is set wins."""

    rank: int


# -- what the editors' JSON Schema says ----------------------------------------------------
# schemas/*.schema.json lets VS Code mark a mistake while a volunteer types. Each type states
# there what its validator accepts, declared beside the validator (schema.py writes it).


@dataclass(frozen=True, eq=False)  # eq=False: hashable by identity, as Annotated needs
class JsonForm:
    """The JSON Schema of a type. `base` is merged into pydantic's own schema for the type,
    which carries the length limits of Field(max_length=…) even when they are declared
    outside, as Title does; `base=None` drops pydantic's schema. `also` lists further forms
    the validator accepts (a year written as text, a number in a text field)."""

    base: dict[str, Any] | None = field(default_factory=dict)
    also: tuple[dict[str, Any], ...] = ()
    examples: tuple[Any, ...] = ()

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        forms = [] if self.base is None else [{**handler(core_schema), **self.base}]
        forms += [dict(f) for f in self.also]
        out = forms[0] if len(forms) == 1 else {"anyOf": forms}
        if self.examples:
            out["examples"] = list(self.examples)
        return out


@dataclass(frozen=True, eq=False)
class Unexpressed:
    """A rule `storykit check` applies to a field that JSON Schema cannot state, so an editor
    does not mark it; the field reference lists these. `code` is what check reports it under:
    the error type of the field's validator (isbn, date, …) or the check that runs once all
    files are read (region, ref, theme, picture, privacy)."""

    rule: str
    code: str = ""

    def __str__(self) -> str:
        return self.rule


@dataclass(frozen=True)
class Written:
    """A field a command writes (`storykit review` adds sign-offs), never a volunteer: `storykit
    new` leaves it out and the form editor shows it without letting it be changed."""

    by: str  # the command, for the field reference: storykit review
    shared: bool = False  # in the site's open data (/data/): the origin is, sign-offs are not


# -- reading them --------------------------------------------------------------------------


def marker(info: FieldInfo, cls: type[T]) -> T | None:
    """The marker of type `cls` on a field, if any."""
    return next((m for m in info.metadata if isinstance(m, cls)), None)


@cache
def marked(model: type[BaseModel], cls: type[T]) -> tuple[tuple[str, str, T], ...]:
    """(key, attribute name, marker) of the model's fields carrying `cls`, in field order."""
    out = []
    for name, info in model.model_fields.items():
        found = marker(info, cls)
        if found is not None:
            out.append((info.alias or name, name, found))
    return tuple(out)
