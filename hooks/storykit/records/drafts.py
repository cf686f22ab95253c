"""What a draft (`draft: true`) may be: incomplete. A draft may lack any required field; each
one it lacks is a reminder at its `draft:` line, not a problem. The fields it has are checked
as in any record. Also read here: the `# 请核对：` lines an import writes at a file's head."""

from __future__ import annotations

import re
import typing
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError, create_model
from pydantic.fields import FieldInfo

from storykit.records.models import Record
from storykit.records.problems import Problem, warn
from storykit.records.yamlfile import YamlDoc

# `# 请核对：…` (as `storykit import` writes it); a colon typed either way
CHECK_LINE = re.compile(r"^请核对\s*[：:]\s*(?P<item>\S.*)$")
_BOOL = TypeAdapter(bool)


def is_draft(data: dict[str, Any]) -> bool:
    """Whether the file says `draft: true` (in any form the model reads as true)."""
    try:
        return _BOOL.validate_python(data.get("draft", False)) is True
    except ValidationError:
        return False  # a wrong value: the model says so, and the record is not a draft


def _blank(value: Any) -> bool:
    """Not filled in: absent, empty after the colon, only spaces, or an empty list."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def _required(model: type[Record]) -> dict[str, FieldInfo]:
    """The required fields by the key written in the file (`kind` for pub_kind)."""
    return {(i.alias or n): i for n, i in model.model_fields.items() if i.is_required()}


def missing(model: type[Record], data: dict[str, Any]) -> list[str]:
    """The required keys a draft has not filled in, in the model's order; [] for a record
    that is not a draft, which must be complete."""
    if not is_draft(data):
        return []
    return [key for key in _required(model) if _blank(data.get(key))]


def _empty(info: FieldInfo) -> Any:
    """What a missing field holds on a draft: an empty list for a list, else None."""
    return [] if typing.get_origin(info.annotation) is list else None


@cache
def lenient(model: type[Record]) -> type[Record]:
    """The model with every required field allowed to be absent: what a draft that lacks some
    is checked against. Each field keeps its type and checks; only its default changes."""
    fields: dict[str, Any] = {
        name: (info.annotation, FieldInfo.merge_field_infos(info, default=_empty(info)))
        for name, info in model.model_fields.items()
        if info.is_required()
    }
    return create_model(f"Draft{model.__name__}", __base__=model, **fields)


def without(data: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """The file's fields less the blank required ones (an empty `org:` is not a wrong org)."""
    return {k: v for k, v in data.items() if k not in keys}


def as_kind(model: type[Record], record: Record) -> Record:
    """A draft checked leniently, as an instance of its own kind's model (every page, check
    and cache deals in those), the missing fields empty."""
    values = {name: getattr(record, name) for name in model.model_fields}
    return model.model_construct(_fields_set=set(record.model_fields_set), **values)


def reminders(model: type[Record], keys: list[str], doc: YamlDoc, rel: str) -> list[Problem]:
    """One reminder per missing field, at the draft's `draft:` line."""
    line = doc.line_of(("draft",))
    out = []
    for key in keys:
        info = _required(model)[key]
        label = info.title or key
        hint = f"：{info.description}" if info.description else ""
        message = f"草稿还缺少{label}（{key}），发布前必须填写{hint}"
        out.append(warn(rel, line, key, message))
    return out


def checks(doc: YamlDoc) -> tuple[str, ...]:
    """The `# 请核对：…` items of the comment lines at the head of the file, in order."""
    found = (CHECK_LINE.match(line) for line in doc.head)
    return tuple(m.group("item").strip() for m in found if m)
