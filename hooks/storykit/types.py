"""Field types shared by the record models, each with a Chinese error a volunteer can act on."""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from .problems import show

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
T = TypeVar("T")


class Ref:
    """Marks a field whose value is the id (or list of ids) of a record of another kind."""

    def __init__(self, target: str):
        self.target = target  # the record kind the id names

    def __repr__(self) -> str:
        return f"Ref({self.target!r})"


# -- how a field is shown ------------------------------------------------------------------
# Markers placed in a field's Annotated[...] metadata. Pages, privacy rules and sorting read
# them, so adding a field to a kind is one edit in models.py.


@dataclass(frozen=True)
class Fact:
    """Shown in the record's fact box, in `order`, with `unit` after the value."""

    order: int
    unit: str = ""


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
class Cited:
    """Listed under 来源与链接 at the foot of the page (sources, a publication's links)."""


@dataclass(frozen=True)
class Picture:
    """An image field. `main` ranks it when choosing the picture that stands for the record
    (cards, share images); `own` pictures (a portrait, a cover) stand beside the fact box,
    with a placeholder when absent; `hidden_when` names a bool field that withholds it."""

    main: int
    own: bool = False
    hidden_when: str | None = None


@dataclass(frozen=True)
class PublicContact:
    """A public contact number: the personal-number privacy check does not apply."""


@dataclass(frozen=True)
class SortDate:
    """The record's date for sorting and year pages; the lowest `rank` that is set wins."""

    rank: int


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `Model`, `Model | None`, `list[Model]` or an Annotated form of them."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found:
            return found
    return None


def has_validator(annotation: Any, func: Any) -> bool:
    """Whether a type (inside unions, lists and Annotated) is checked by `func`."""
    for m in getattr(annotation, "__metadata__", ()):
        if getattr(m, "func", None) is func:
            return True
    return any(has_validator(arg, func) for arg in typing.get_args(annotation))


def checked_by(info: FieldInfo, func: Any) -> bool:
    """Whether a field is checked by `func`, e.g. `_url` for a web address or `_year` for a
    year: pydantic keeps a field's outer metadata apart from its annotation."""
    return any(getattr(m, "func", None) is func for m in info.metadata) or has_validator(
        info.annotation, func
    )


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


def _fail(kind: str, message: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message + "；实际为 {found}", {"found": show(value)})


def _slug(value: Any) -> Any:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise _fail("slug", "应为记录编号（小写英文字母、数字和连字符），例如 liaoning-ggw", value)
    return value


def _year(value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2100:
        raise _fail("year", "应为四位数字年份，例如 2023", value)
    return value


def _date(value: Any) -> str:
    """Full or partial dates: 2023-05-01, 2023-05 or 2023 (reports often give only a year)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    m = DATE_RE.match(value.strip()) if isinstance(value, str) else None
    if m:
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            m = None
        else:
            parts = [f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n]
            return "-".join(parts)
    raise _fail("date", '应为日期，写成 "2023-05-01"、"2023-05" 或 "2023"', value)


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("number", "应为数字（不带逗号和单位，单位写在 unit 里），例如 2113", value)
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail("count", "应为不小于 0 的整数，例如 12", value)
    return value


def _url(value: Any) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/$.?#][^\s]*$", value.strip()):
        raise _fail("url", "应为以 http:// 或 https:// 开头的网址", value)
    return value.strip()


def _isbn(value: Any) -> str:
    text = re.sub(r"[\s-]", "", str(value)).upper()
    ok = False
    if re.fullmatch(r"\d{13}", text):
        ok = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(text)) % 10 == 0
    elif re.fullmatch(r"\d{9}[\dX]", text):
        digits = [10 if c == "X" else int(c) for c in text]
        ok = sum((10 - i) * d for i, d in enumerate(digits)) % 11 == 0
    if not ok:
        raise _fail(
            "isbn", "ISBN 不正确（应为 13 位或 10 位，校验位要对得上），请对照书的版权页", value
        )
    return str(value).strip()


def _issn(value: Any) -> str:
    text = re.sub(r"[\s-]", "", str(value)).upper()
    ok = bool(re.fullmatch(r"\d{7}[\dX]", text))
    if ok:
        total = sum((8 - i) * int(c) for i, c in enumerate(text[:7]))
        check = (11 - total % 11) % 11
        ok = text[7] == ("X" if check == 10 else str(check))
    if not ok:
        raise _fail("issn", "ISSN 不正确（应为 8 位，如 1234-5679，校验位要对得上）", value)
    return f"{text[:4]}-{text[4:]}"


def _text(value: Any) -> Any:
    if isinstance(value, dict | list):
        raise _fail("text", "应为一段文字", value)
    if isinstance(value, bool):
        raise _fail("text", "应为一段文字（若要写 是/否，请加引号）", value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "不能为空，请填写内容")
    return value


Slug = Annotated[str, BeforeValidator(_slug)]
Year = Annotated[int, BeforeValidator(_year), Field(json_schema_extra={"examples": [2023]})]
PartialDate = Annotated[
    str,
    BeforeValidator(_date),
    Field(json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "examples": ["2024-05-20"]}),
]
Number = Annotated[float | int, BeforeValidator(_number)]
Count = Annotated[int, BeforeValidator(_count), Field(ge=0)]
Url = Annotated[str, BeforeValidator(_url), Field(json_schema_extra={"format": "uri"})]
Isbn = Annotated[str, BeforeValidator(_isbn)]
Issn = Annotated[str, BeforeValidator(_issn)]
Text = Annotated[str, BeforeValidator(_text), AfterValidator(_not_blank)]
Summary = Annotated[str, BeforeValidator(_text), AfterValidator(_not_blank), Field(max_length=300)]
Markdown = Annotated[str, BeforeValidator(_text)]

# -- display titles ------------------------------------------------------------------------
# A record's title heads its page, its card and its WeChat share (WeChat allows 64 characters);
# Chinese news titles rarely pass 40, organisation and site names 30. A person's name is short
# even with an ethnic-minority name's middle dot, so a longer value is a sentence typed there.
TITLE_MAX = 60
NAME_MAX = 30
Title = Annotated[Text, Field(max_length=TITLE_MAX)]
PersonName = Annotated[Text, Field(max_length=NAME_MAX)]
