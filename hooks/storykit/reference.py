"""The field reference for volunteers (编辑指南 › 字段参考): page data from the models."""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import BaseModel

from . import types as t
from .models import KINDS, Theme
from .pagedata import FieldReferencePage, FieldRow, FieldTable
from .settings import STORIES, THEMES
from .types import Ref

VALIDATORS = {
    t._year: "年份（四位数字）",
    t._date: "日期",
    t._url: "网址",
    t._slug: "记录编号",
    t._count: "整数",
    t._number: "数字",
    t._isbn: "ISBN",
    t._issn: "ISSN",
    t._text: "文字",
}


def _validator_name(metadata: list[Any]) -> str | None:
    for m in metadata:
        name = VALIDATORS.get(getattr(m, "func", None))
        if name:
            return name
    return None


def describe(
    annotation: Any, metadata: list[Any] = ()
) -> tuple[str, list[str], type[BaseModel] | None]:
    """(type in words, allowed values, nested model) for a field's annotation."""
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    if ref:
        return f"{KINDS[ref.target].label}编号", [], None
    named = _validator_name(list(metadata))
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return describe(args[0], [*metadata, *annotation.__metadata__])
    if named:
        return named, [], None
    if origin is Literal:
        return "选项", [str(a) for a in args], None
    if origin in (list, typing.List):  # noqa: UP006
        inner, allowed, model = describe(args[0])
        return f"{inner}的列表", allowed, model
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        real = [a for a in args if a is not type(None)]
        if len(real) == 1:
            return describe(real[0], metadata)
        return "数字", [], None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "一组字段", [], annotation
    return (
        {str: "文字", int: "整数", float: "数字", bool: "true 或 false"}.get(annotation, "文字"),
        [],
        None,
    )


def rows(model: type[BaseModel], prefix: str = "") -> list[FieldRow]:
    out = []
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        kind, allowed, nested = describe(info.annotation, info.metadata)
        out.append(
            FieldRow(
                key,
                info.title or name,
                kind,
                tuple(allowed),
                info.is_required(),
                info.description or "",
            )
        )
        if nested:
            sub = f"{key}[]." if "列表" in kind else f"{key}."
            out.extend(rows(nested, sub))
    return out


def page() -> FieldReferencePage:
    """编辑指南 › 字段参考: one table per record kind, then the theme vocabulary."""
    tables = [
        FieldTable(model.kind, model.label, f"{STORIES}/{model.folder}/", tuple(rows(model)))
        for model in KINDS.values()
    ]
    tables.append(FieldTable("themes", "主题词表", THEMES, tuple(rows(Theme))))
    return FieldReferencePage("guide/fields/", "字段参考", tuple(tables))
