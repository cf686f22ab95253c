"""Privacy rules: no resident ID numbers or personal mobile numbers in published text, no minor
without recorded guardian consent; and, said as a warning, markup a Markdown field loses."""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from storykit.records import markers, published
from storykit.records.models import Person
from storykit.records.problems import Problem, field_path, warn
from storykit.records.types import Markdown, nested_model

# Chinese input methods type full-width digits, letters, dashes and spaces: read them as ASCII.
# One character for one, so an offset in the folded text is an offset in the original.
FOLD = str.maketrans({0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: " "})
DASH = "\\-\u2010-\u2015\u2212"  # hyphen, the dashes a Chinese IME offers, minus
GAP = rf"(?:[ \t]*[{DASH}][ \t]*|[ \t]+)?"  # between the groups of a number written in groups
ID_RE = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])")
# 110105 19491231 002X: region, birth date, sequence and check; the date and the check
# character keep other grouped numbers (phone lists) from passing for an ID
ID_GROUPED_RE = re.compile(
    rf"(?<![0-9A-Za-z])([0-9]{{6}}){GAP}([0-9]{{8}}){GAP}([0-9]{{3}}[0-9Xx])(?![0-9A-Za-z])"
)
MOBILE_RE = re.compile(
    rf"(?<![0-9])(?:(?:\+|00)?86[ \t{DASH}]?)?"
    rf"(1[3-9][0-9][ \t{DASH}]?[0-9]{{4}}[ \t{DASH}]?[0-9]{{4}})(?![0-9])"
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ADULT = 18

ID_MESSAGE = "含有居民身份证号码；公开发布的内容不能出现身份证号，请删除"
MOBILE_MESSAGE = (
    "含有手机号码；公开内容不能出现个人手机号，请删除（单位对外电话请写在 visiting.phone）"
)
PUBLIC_MOBILE_MESSAGE = (
    "这里写的是手机号码；若是个人手机，请改为单位对外电话（座机如 0418-1234567、"
    "400/800 电话或 95 开头的服务电话）；若确是单位有意公布的手机号，可以保留"
)


def is_resident_id(text: str) -> bool:
    """GB 11643-1999: a 6-digit region, the birth date, a 3-digit sequence and a check character
    (mod 11)."""
    if not re.fullmatch(r"[0-9]{17}[0-9Xx]", text):
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not 1880 <= born.year <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == text[17].upper()


NOT_DIGIT = re.compile(r"\D")  # \d also matches full-width digits


def resident_ids(text: str) -> list[tuple[int, int]]:
    """(start, end) of every resident ID number in `text`, whole or in groups, full-width or not."""
    folded = text.translate(FOLD)
    spans: dict[int, int] = {}
    for m in ID_RE.finditer(folded):
        if is_resident_id(m.group(1)):
            spans[m.start()] = m.end()
    for m in ID_GROUPED_RE.finditer(folded):
        if is_resident_id("".join(m.groups())):
            spans.setdefault(m.start(), m.end())
    return sorted(spans.items())


def mobiles(text: str, besides: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of the mainland mobile numbers in `text`, leaving out those inside
    `besides`."""
    folded = text.translate(FOLD)
    return [
        m.span(1)
        for m in MOBILE_RE.finditer(folded)
        if not any(a < m.end() and m.start() < b for a, b in besides)
    ]


def strings(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*loc, i))
    elif isinstance(data, str | int) and not isinstance(data, bool):
        yield loc, str(data)


def _is_markdown(info: FieldInfo) -> bool:
    def has(annotation: Any) -> bool:
        return annotation == Markdown or any(has(a) for a in typing.get_args(annotation))

    return has(info.rebuild_annotation())


def _is_public_contact(info: FieldInfo) -> bool:
    return markers.marker(info, markers.PublicContact) is not None


@cache
def field_paths(
    model: type[BaseModel], test: Callable[[FieldInfo], bool]
) -> frozenset[tuple[str, ...]]:
    """Key paths (list indexes left out) of the fields, nested ones included, that pass `test`."""
    out: set[tuple[str, ...]] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        if test(info):
            out.add((key,))
        inner = nested_model(info.annotation)
        if inner:
            out |= {(key, *rest) for rest in field_paths(inner, test)}
    return frozenset(out)


def public_contacts(model: type[BaseModel]) -> frozenset[tuple[str, ...]]:
    """Fields marked PublicContact: a unit's published phone number is meant to be there."""
    return field_paths(model, _is_public_contact)


def markdown_fields(model: type[BaseModel]) -> frozenset[tuple[str, ...]]:
    """Fields written in Markdown, which reach the page through the sanitiser."""
    return field_paths(model, _is_markdown)


def line_at(entry, loc: tuple, text: str, offset: int) -> int:
    """The file line of `text[offset]`. A value of several lines is read as a literal block
    (`body: |`), whose text starts on the line after its key."""
    line = entry.line(loc)
    if "\n" not in text:
        return line
    return line + 1 + text.count("\n", 0, offset)


def _is_written(info: FieldInfo) -> bool:
    return markers.marker(info, markers.Written) is not None


def check(entry, year: int | None = None) -> list[Problem]:
    """Problems in one loaded entry (see load.Entry); `year` is this year unless a test says."""
    model = type(entry.record)
    public = public_contacts(model)
    markdown = markdown_fields(model)
    # what a command wrote (sign-offs, the origin) holds digests, not a volunteer's text: a
    # digest's run of eleven digits is no mobile number
    written = field_paths(model, _is_written)
    out: list[Problem] = []
    for loc, text in strings(entry.doc.data):
        path = tuple(p for p in loc if not isinstance(p, int))
        if path[:1] in written:
            continue
        out += _numbers(entry, loc, text, public=path in public)
        if path in markdown:
            out += [
                warn(entry.rel, line_at(entry, loc, text, r.offset), field_path(loc), r.message)
                for r in published.removals(text)
            ]
    if isinstance(entry.record, Person):
        out += _minor(entry, entry.record, year or dt.date.today().year)
    return out


def _numbers(entry, loc: tuple, text: str, public: bool) -> list[Problem]:
    """ID numbers anywhere; mobile numbers, which a public contact field may hold on purpose."""
    if len(NOT_DIGIT.sub("", text)) < 11:  # too few digits (any width) for a mobile or an ID
        return []
    out: list[Problem] = []
    where = field_path(loc)
    ids = resident_ids(text)
    for start, _ in ids:
        out.append(Problem(entry.rel, line_at(entry, loc, text, start), where, ID_MESSAGE))
    for start, _ in mobiles(text, ids):
        line = line_at(entry, loc, text, start)
        if public:
            out.append(warn(entry.rel, line, where, PUBLIC_MOBILE_MESSAGE))
        else:
            out.append(Problem(entry.rel, line, where, MOBILE_MESSAGE))
    return out


def _minor(entry, person: Person, year: int) -> list[Problem]:
    out: list[Problem] = []
    if person.minor and not person.consent:
        out.append(
            Problem(
                entry.rel,
                entry.line(("minor",)),
                "consent",
                "未成年人（minor: true）须记录监护人同意；请填写 consent，例如 监护人书面同意，原件存于某校",
            )
        )
    if person.born is None or person.minor:
        return out
    line = entry.line(("born",))
    age = year - person.born
    if age < 0:
        out.append(
            Problem(entry.rel, line, "born", f"出生年份 {person.born} 晚于今年（{year}）；请核对")
        )
    elif age < ADULT:
        out.append(
            Problem(
                entry.rel,
                line,
                "born",
                f"按出生年份 {person.born} 算，今年（{year}）未满 18 周岁，是未成年人：须写 "
                "minor: true（网页不显示其照片），并填写 consent 记录监护人同意，"
                "例如 监护人书面同意，原件存于某校",
            )
        )
    elif age == ADULT:
        out.append(
            warn(
                entry.rel,
                line,
                "born",
                f"按出生年份 {person.born} 算，今年（{year}）满 18 周岁；若生日还没到，仍是未成年人，"
                "须写 minor: true 和 consent（监护人同意的记录）",
            )
        )
    return out
