"""The field reference for volunteers (编辑指南 › 字段参考), generated from the models."""

from __future__ import annotations

import typing
from typing import Any, Literal

from markupsafe import Markup
from pydantic import BaseModel

from . import types as t
from .html import esc
from .models import KINDS, Record, Theme
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
        return f"{KINDS[ref.kind].label}编号", [], None
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


def rows(
    model: type[BaseModel], prefix: str = ""
) -> list[tuple[str, str, str, bool, list[str], str]]:
    out = []
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        kind, allowed, nested = describe(info.annotation, info.metadata)
        out.append(
            (key, info.title or name, kind, info.is_required(), allowed, info.description or "")
        )
        if nested:
            sub = f"{key}[]." if "列表" in kind else f"{key}."
            out.extend(rows(nested, sub))
    return out


def table(model: type[BaseModel]) -> Markup:
    body = []
    for key, label, kind, required, allowed, desc in rows(model):
        values = (
            Markup("<br><small>可选值：{}</small>").format("、".join(allowed)) if allowed else ""
        )
        body.append(
            Markup(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>"
            ).format(key, label, kind, values, "必填" if required else "", desc)
        )
    return Markup(
        '<div class="sk-table" tabindex="0" role="region" aria-label="字段表">'
        '<table class="sk-ref"><thead><tr><th>字段</th><th>名称</th><th>类型</th>'
        "<th>必填</th><th>说明</th></tr></thead><tbody>{}</tbody></table></div>"
    ).format(Markup("").join(body))


def render() -> Markup:
    parts = [
        Markup(
            "<h1>字段参考</h1><p>本页由记录模型自动生成，与检查工具使用同一份定义。"
            "每条记录是 <code>stories/</code> 下某个文件夹里的一个 <code>.yml</code> 文件，"
            "文件名（小写拼音、数字和连字符）就是它的编号。</p>"
        )
    ]
    model: type[Record]
    for model in KINDS.values():
        parts.append(
            Markup('<h2 id="{}">{}（<code>stories/{}/</code>）</h2>{}').format(
                model.kind, model.label, model.folder, table(model)
            )
        )
    parts.append(
        Markup('<h2 id="themes">主题词表（<code>stories/themes.yml</code>）</h2>{}').format(
            table(Theme)
        )
    )
    return Markup("").join(parts)


__all__ = ["describe", "esc", "render", "rows"]
