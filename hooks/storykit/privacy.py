"""Privacy rules: no resident ID numbers or personal mobile numbers in published text,
and no minor without recorded guardian consent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from .models import Person, Record
from .problems import Problem, field_path
from .types import PublicContact, marker, nested_model

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def is_resident_id(text: str) -> bool:
    """GB 11643-1999: 17 digits and a check character (mod 11)."""
    if not re.fullmatch(r"\d{17}[\dXx]", text):
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == text[17].upper()


def strings(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from strings(value, (*loc, i))
    elif isinstance(data, str | int) and not isinstance(data, bool):
        yield loc, str(data)


@cache
def public_contacts(model: type[BaseModel]) -> frozenset[tuple[str, ...]]:
    """Key paths (list indexes left out) of fields marked PublicContact: a unit's published
    phone number is meant to be there."""
    out: set[tuple[str, ...]] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        if marker(info, PublicContact):
            out.add((key,))
        inner = nested_model(info.annotation)
        if inner:
            out |= {(key, *rest) for rest in public_contacts(inner)}
    return frozenset(out)


def check(entry) -> list[Problem]:
    """Problems in one loaded entry (see load.Entry)."""
    out: list[Problem] = []
    public = public_contacts(type(entry.record))
    for loc, text in strings(entry.doc.data):
        if tuple(p for p in loc if not isinstance(p, int)) in public:
            continue
        where = (entry.rel, entry.line(loc), field_path(loc))
        for m in ID_RE.finditer(text):
            if is_resident_id(m.group(1)):
                out.append(
                    Problem(*where, "含有居民身份证号码；公开发布的内容不能出现身份证号，请删除")
                )
        for _ in MOBILE_RE.finditer(text):
            out.append(
                Problem(
                    *where,
                    "含有手机号码；公开内容不能出现个人手机号，请删除（单位对外电话请写在 visiting.phone）",
                )
            )
    record: Record = entry.record
    if isinstance(record, Person) and record.minor and not record.consent:
        out.append(
            Problem(
                entry.rel,
                entry.line(("minor",)),
                "consent",
                "未成年人（minor: true）须记录监护人同意；请填写 consent，例如 监护人书面同意，原件存于某校",
            )
        )
    return out
