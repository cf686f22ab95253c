"""Example values for a model's fields, worked out from the field types.

`storykit new` writes them as commented YAML under each field and the field reference shows a
complete example record per kind. Values come from the field's own `examples`, then from the
`例如 …` in its description, then from its type; a text without either becomes `示例` + its
label, so no example names a real person or place that the models do not already name."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from storykit.records import markers
from storykit.records import types as t
from storykit.records.models import VALUE_MEANINGS

NUMBERS = "一二三四五六七八九"
# A checksum-valid ISBN with an all-zero body: clearly not a real book.
PLACEHOLDER_ISBN = "9787000000001"
BY_CHECK: dict[Any, Any] = {
    t._year: 2023,
    t._date: "2024-05-20",
    t._url: "https://www.example.org/",
    t._count: 1,
    t._number: 1,
    t._isbn: PLACEHOLDER_ISBN,
    t._issn: "1234-5679",
}
BY_TYPE: dict[Any, Any] = {int: 1, float: 1.0, bool: False}


@dataclass(frozen=True)
class Shape:
    """What a field holds, with Optional and Annotated peeled off."""

    many: bool  # a list
    model: type[BaseModel] | None  # the nested model of an object or of a list's items
    options: tuple[Any, ...]  # Literal values
    checks: frozenset[Any]  # validator functions from types.py
    ref: str | None  # the record kind an id names
    core: Any  # the innermost type, e.g. str
    max_length: int | None

    @property
    def markdown(self) -> bool:
        # Markdown is the text type that may be blank: it has _text without _not_blank.
        return t._text in self.checks and t._not_blank not in self.checks


def _peel(annotation: Any) -> tuple[Any, list[Any]]:
    """(inner type, metadata) with Annotated and `X | None` removed."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            for m in annotation.__metadata__:  # Field(max_length=…) inside a type alias
                meta.extend([m, *m.metadata] if isinstance(m, FieldInfo) else [m])
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            real = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(real) != 1:  # float | int (a number) stays as it is
                return annotation, meta
            annotation = real[0]
        else:
            return annotation, meta


@cache
def shape(info: FieldInfo) -> Shape:
    core, meta = _peel(info.annotation)
    meta = [*info.metadata, *meta]
    many = typing.get_origin(core) is list
    if many:
        core, inner = _peel(typing.get_args(core)[0])
        meta += inner
    model = core if isinstance(core, type) and issubclass(core, BaseModel) else None
    options = typing.get_args(core) if typing.get_origin(core) is Literal else ()
    checks = frozenset(getattr(m, "func", None) for m in meta) - {None}
    ref = next((m.target for m in meta if isinstance(m, markers.Ref)), None)
    max_length = next((m.max_length for m in meta if hasattr(m, "max_length")), None)
    return Shape(many, model, options, checks, ref, core, max_length)


@cache
def _adapter(info: FieldInfo) -> TypeAdapter[Any]:
    # pydantic keeps a field's outer metadata apart from its annotation: put it back.
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def fits(info: FieldInfo, value: Any) -> bool:
    """Whether `value`, as written in YAML, passes the field's own checks."""
    try:
        _adapter(info).validate_python(value)
    except ValidationError:
        return False
    return True


EXAMPLE_RE = re.compile(r"(?:例如|(?:^|[，；\s])如)\s*([^，；。（）]+)")


def described(description: str | None) -> list[Any]:
    """The values after `例如`/`如` in a description: `例如 人、个、万元` → ["人", "个", "万元"]."""
    found = EXAMPLE_RE.search(description or "")
    if not found:
        return []
    out = []
    for part in re.split(r"、| 或 ", found.group(1)):
        part = part.strip()
        try:
            out.append(yaml.safe_load(part) if part else None)
        except yaml.YAMLError:
            out.append(part)
    return [v for v in out if v is not None and not isinstance(v, dict | list)]


def _declared(info: FieldInfo, own: bool) -> list[Any]:
    """Examples given on the field itself (`own`) or on its type, such as Year's 2023."""
    where = [info] if own else [*info.metadata, *_peel(info.annotation)[1]]
    out = list(info.examples or []) if own else []
    for m in where:
        extra = getattr(m, "json_schema_extra", None)
        if isinstance(extra, dict):
            out += extra.get("examples", [])
        if not own:
            out += getattr(m, "examples", None) or []
    return out


def _fallback(info: FieldInfo, s: Shape, n: int) -> Any:
    """A neutral value from the type alone; `n` numbers the items of a list (0 for one value)."""
    label = info.title or "内容"
    if s.options:
        return s.options[min(n - 1, len(s.options) - 1) if n else 0]
    if s.ref:
        return f"shili-{s.ref}" + (f"-{n}" if n else "")
    if s.markdown:
        return f"示例{label}第一段。\n\n第二段。段与段之间空一行，每行前面缩进两个空格。\n"
    for check, value in BY_CHECK.items():
        if check in s.checks:
            return value + n - 1 if n > 1 and isinstance(value, int) else value
    if t._slug in s.checks:
        return "shili" + (f"-{n}" if n else "")
    if s.core is bool:
        return info.default if isinstance(info.default, bool) else False
    if s.core in BY_TYPE:
        return BY_TYPE[s.core]
    return f"示例{label}" + (NUMBERS[n - 1] if n else "")


def _scalars(info: FieldInfo, s: Shape, count: int) -> list[Any]:
    """`count` distinct example values for a field that holds text, numbers or ids."""
    wrap = (lambda v: [v]) if s.many else (lambda v: v)
    out: list[Any] = []
    found = [*_declared(info, True), *described(info.description), *_declared(info, False)]
    for value in found:
        if value not in out and fits(info, wrap(value)):
            out.append(value)
    n = len(out) + 1 if s.many else 0
    while len(out) < count:
        value = _fallback(info, s, n)
        if value not in out:
            out.append(value)
        n += 1
    return out[:count]


def value(info: FieldInfo) -> Any:
    """The example value of one field: an object, a list or a single value."""
    s = shape(info)
    own = [v for v in _declared(info, True) if fits(info, v)]
    if s.model and own:  # a list of parts with a form to choose (an id, or a name)
        return own[0]
    if s.model:
        item = record(s.model)
        return [item] if s.many else item
    if s.many:
        return _scalars(info, s, 2)
    return _scalars(info, s, 1)[0]


def ordered(model: type[BaseModel], first: str | None = None) -> list[tuple[str, FieldInfo]]:
    """(key, field) with `first` leading, then required fields, then the rest in model order."""
    items = [(info.alias or name, info) for name, info in model.model_fields.items()]
    return sorted(items, key=lambda it: (it[0] != first, not it[1].is_required()))


def record(model: type[BaseModel], first: str | None = None) -> dict[str, Any]:
    """A complete example of a model: every field, required ones first."""
    return {key: value(info) for key, info in ordered(model, first)}


def nested(info: FieldInfo) -> bool:
    """Fields whose YAML spans several lines: objects, lists and multi-paragraph text."""
    s = shape(info)
    return bool(s.model or s.many or s.markdown)


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as volunteers' files have them; text with line
    breaks as a `|` block."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


OPTION_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+: |\s*- )([A-Za-z0-9]+)$")


def _meanings(text: str) -> str:
    """`focus: center` → `focus: center  # 居中`: an English option with its Chinese meaning."""
    out = []
    for line in text.splitlines():
        m = OPTION_LINE.match(line)
        if m and m.group(2) in VALUE_MEANINGS:
            line += f"  # {VALUE_MEANINGS[m.group(2)]}"
        out.append(line)
    return "\n".join(out) + "\n"


def _yaml(data: Any, flow: bool) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
        default_flow_style=flow,
    )


def dump(data: Any) -> str:
    """YAML text of an example, lists and objects in block form."""
    return _meanings(_yaml(data, False))


def one_line(key: str, value: Any) -> str:
    """`people: [a, b]`: a field and its value on one line."""
    if isinstance(value, list):
        return f"{key}: {_yaml(value, True).strip()}"
    return _yaml({key: value}, False).strip()
