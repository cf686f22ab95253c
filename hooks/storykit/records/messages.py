"""Pydantic's validation errors, said in Chinese with a suggestion where one helps."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from storykit.records.models import with_meaning
from storykit.records.problems import show

TYPE_NAMES = {
    "string_type": "一段文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项一行，以“- ”开头）",
    "dict_type": "一组字段（键: 值）",
    "model_type": "一组字段（键: 值）",
    "model_attributes_type": "一组字段（键: 值）",
}
DICT_TYPES = ("dict_type", "model_type", "model_attributes_type")


def closest(word: str, choices: Iterable[str], cutoff: float = 0.5) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def known_fields(model: type[BaseModel]) -> dict[str, str]:
    """Field key (alias) → Chinese label, for suggestions and references."""
    return {(info.alias or name): (info.title or name) for name, info in model.model_fields.items()}


def model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The nested model that holds the field at `loc` (for unknown-key suggestions)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = {(i.alias or n): i for n, i in current.model_fields.items()}
        info = fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
        if current is None:
            return None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and hasattr(annotation, "__metadata__"):  # Annotated
        return _inner_model(origin)
    return None


def expected_keys(model: type[BaseModel]) -> str:
    """`hours（开放时间）、booking（预约方式）…`: the keys a nested object takes, required first."""
    fields = sorted(model.model_fields.items(), key=lambda it: not it[1].is_required())
    return "、".join(
        f"{info.alias or name}（{info.title or name}{'，必填' if info.is_required() else ''}）"
        for name, info in fields
    )


def _wrong_shape(model: type[BaseModel], kind: str, loc: tuple[str | int, ...], value: Any) -> str:
    """A value of the wrong shape; for a nested object, the keys it takes."""
    nested = model_at(model, loc) if loc else None
    what = TYPE_NAMES[kind]
    if nested is not None and kind in DICT_TYPES:
        what += f"，可用的键：{expected_keys(nested)}"
    elif nested is not None and kind == "list_type":
        what += f"，每项是一组字段，可用的键：{expected_keys(nested)}"
    return f"应为{what}；实际为 {show(value)}"


def unknown_key(model: type[BaseModel], loc: tuple[str | int, ...], key: str) -> str:
    holder = model_at(model, loc)
    fields = known_fields(holder) if holder else {}
    by_label = {label: k for k, label in fields.items()}
    guess = by_label.get(key) or closest(key, fields) or closest(key, by_label, 0.6)
    if guess in by_label:
        guess = by_label[guess]
    hint = f"；是否想写 {guess}？" if guess else ""
    names = "、".join(fields) if fields and len(fields) <= 12 else ""
    listed = f"（可用字段：{names}）" if names and not guess else ""
    return f"未知字段 {key}{hint}{listed}"


def message(model: type[BaseModel], err: ErrorDetails) -> str:
    """One pydantic error → a Chinese sentence: what is expected, what was found."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        label = known_fields(model_at(model, err["loc"][:-1]) or model).get(str(err["loc"][-1]))
        what = f"（{label}）" if label else ""
        return f"缺少必填字段{what}；请补上这一项"
    if value is None and err["loc"] and isinstance(err["loc"][-1], str):
        holder = model_at(model, err["loc"][:-1]) or model
        infos = {(i.alias or n): i for n, i in holder.model_fields.items()}
        info = infos.get(err["loc"][-1])
        if info is not None and info.is_required():
            return f"缺少必填字段（{info.title or err['loc'][-1]}）：冒号后面还没有填写内容"
    if kind == "extra_forbidden":
        return unknown_key(model, err["loc"][:-1], str(err["loc"][-1]))
    if kind == "literal_error":
        allowed = _allowed(ctx.get("expected", ""))
        guess = closest(str(value), allowed, 0.3) if isinstance(value, str) else None
        hint = f"；是否想写 {guess}？" if guess else ""
        shown = "、".join(with_meaning(a) for a in allowed)
        return f"应为以下之一：{shown}；实际为 {show(value)}{hint}"
    if kind == "string_too_long" or kind == "too_long":
        limit = ctx.get("max_length")
        size = len(value) if isinstance(value, str | list) else "?"
        unit = "字" if isinstance(value, str) else "项"
        return f"太长：最多 {limit} {unit}，现有 {size} {unit}；请删减"
    if kind == "too_short":
        return "至少要有 1 项；请补上内容"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = "不小于" if kind.startswith("greater") else "不大于"
        return f"应为{word} {bound} 的数字；实际为 {show(value)}"
    if kind in TYPE_NAMES:
        return _wrong_shape(model, kind, err["loc"], value)
    if err.get("msg") and not err["msg"].isascii():
        return err["msg"]  # our own PydanticCustomError messages are already Chinese
    return f"值不正确（{err.get('msg', kind)}）；实际为 {show(value)}"


def _allowed(expected: str) -> list[str]:
    """pydantic's "'a', 'b' or 'c'" → ["a", "b", "c"]."""
    return [p.strip().strip("'") for p in expected.replace(" or ", ", ").split(",") if p.strip()]
