"""The rules `storykit check` applies that JSON Schema cannot state, as (field, rule) pairs:
the field reference page lists them, and the editors' schema leaves them to check."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from storykit.records import markers
from storykit.records.models import KINDS, Record, Theme
from storykit.records.problems import FILE
from storykit.records.types import nested_model

THEMES_FILE = "themes.yml"

# Rules on a whole file rather than a field: field FILE ("文件", as check names it).
FILE_RULES = (
    markers.Unexpressed("文件名就是编号：只能用小写英文字母、数字和连字符，扩展名为 .yml", "file"),
    markers.Unexpressed(
        "不加引号的 yes、no、on、off 读作 true/false，不能用作文字或编号；"
        "要写这几个词请加引号（编辑器按文字看待它们）",
        "yaml",
    ),
    markers.Unexpressed("整数（年份、册数、页数等）不能写成 2023.0 这样带小数点的形式", "yaml"),
)
RECORD_RULES = (
    markers.Unexpressed(
        "公开的文字里不能有居民身份证号码或个人手机号码（单位对外电话写在 visiting.phone）",
        "privacy",
    ),
)


def unexpressed_rules(
    model: type[BaseModel] | None = None,
) -> list[tuple[str, markers.Unexpressed]]:
    """(field, rule) for each rule `storykit check` applies that the JSON Schema cannot state.

    The field is written as on the field reference page (`isbn`, `images[].src`,
    `items[].publication`), or is "文件" (problems.FILE) for a rule on the whole file;
    str(rule) is the Chinese sentence and rule.code names the check that reports it. `model`
    is a record kind or Theme; without one, the rules of every kind and of the theme
    vocabulary (its fields written `themes.yml: name`), each pair once."""
    if model is None:
        pairs = [pair for m in KINDS.values() for pair in unexpressed_rules(m)]
        pairs += [
            (f if f == FILE else f"{THEMES_FILE}: {f}", r) for f, r in unexpressed_rules(Theme)
        ]
        seen: dict[tuple[str, str], tuple[str, markers.Unexpressed]] = {}
        for field, rule in pairs:
            seen.setdefault((field, str(rule)), (field, rule))
        return list(seen.values())
    out = [(FILE, rule) for rule in FILE_RULES]
    if issubclass(model, Record):
        out += [(FILE, rule) for rule in RECORD_RULES]
    return out + _field_rules(model, "", model)


def _field_rules(
    model: type[BaseModel], prefix: str, owner: type[BaseModel]
) -> list[tuple[str, markers.Unexpressed]]:
    out = []
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        out += [(key, rule) for rule in _rules(info, owner)]
        inner = nested_model(info.annotation)
        if inner:
            sub = f"{key}[]." if _is_list(info.annotation) else f"{key}."
            out += _field_rules(inner, sub, owner)
    return out


def _rules(info: FieldInfo, owner: type[BaseModel]) -> list[markers.Unexpressed]:
    found = [*info.metadata, *_metadata(info.annotation)]
    out = [m for m in found if isinstance(m, markers.Unexpressed)]
    for ref in (m for m in found if isinstance(m, markers.Ref)):
        target = KINDS[ref.target]
        self_ref = "，且不能是本记录自己" if target is owner else ""
        rule = f"须是已有{target.label}记录的编号（stories/{target.folder}/ 里的文件名）{self_ref}"
        out.append(markers.Unexpressed(rule, "ref"))
    return out


def _metadata(annotation: Any) -> list[Any]:
    """Annotated metadata inside unions, lists and Annotated, not inside nested models."""
    out = list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):  # a model class has no args: its fields stay out
        out += _metadata(arg)
    return out


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin in (typing.Annotated, typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return False
