"""The field reference for volunteers (编辑指南 › 字段参考): page data from the models.

Types are named in Chinese, lists are shown as lists, and each kind has a complete example
file written by `examples.py`, the same code that writes `storykit new`'s examples."""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from storykit.pages.pagedata import FieldReferencePage, FieldRow, FieldRule, FieldTable
from storykit.records import examples
from storykit.records import types as t
from storykit.records.models import KINDS, Theme, _era, with_meaning
from storykit.records.rules import unexpressed_rules
from storykit.records.settings import STORIES, THEMES

CHECK_NAMES = {
    t._year: "年份",
    t._date: "日期",
    t._url: "网址",
    t._slug: "编号",
    t._count: "整数",
    t._number: "数字",
    t._isbn: "ISBN 书号",
    t._issn: "ISSN 刊号",
    _era: "时期名称或年份",
}
TYPE_NAMES = {bool: "是否（true 或 false）", int: "整数", float: "数字"}


def type_name(info: FieldInfo) -> str:
    """The kind of value a field takes, in words a volunteer knows."""
    s = examples.shape(info)
    if s.model:
        return "列表，每项是一组字段" if s.many else "一组字段"
    if s.ref:
        return f"{KINDS[s.ref].label}编号" + ("列表" if s.many else "")
    if s.markdown:
        return "文字，可分多段（Markdown）"
    if s.options:
        return "选项列表（可选多项）" if s.many else "选项"
    name = next((n for check, n in CHECK_NAMES.items() if check in s.checks), None)
    name = name or TYPE_NAMES.get(s.core, "文字")
    if name == "文字" and s.max_length:
        name = f"文字（不超过 {s.max_length} 字）"
    return f"{name}列表" if s.many else name


def example_line(key: str, info: FieldInfo) -> str:
    """One line of YAML showing how the field is written; lists in the `[a, b]` form.
    Objects and multi-paragraph text span lines: the complete example shows them."""
    s = examples.shape(info)
    if s.model:
        return ""
    if s.markdown:
        return f"{key}: |"
    return examples.one_line(key, examples.value(info))


def rows(model: type[BaseModel], prefix: str = "") -> list[FieldRow]:
    out = []
    for key, info in examples.ordered(model, getattr(model, "title_field", None)):
        s = examples.shape(info)
        out.append(
            FieldRow(
                prefix + key,
                info.title or key,
                type_name(info),
                tuple(with_meaning(v) for v in s.options),
                info.is_required(),
                info.description or "",
                example_line(key, info),
            )
        )
        if s.model:
            out.extend(rows(s.model, f"{prefix}{key}[]." if s.many else f"{prefix}{key}."))
    return out


def rules() -> tuple[FieldRule, ...]:
    """The checker's rules that JSON Schema cannot express, as (field, rule) pairs."""
    return tuple(FieldRule(str(field), str(rule)) for field, rule in unexpressed_rules())


def page() -> FieldReferencePage:
    """编辑指南 › 字段参考: one table and one example file per record kind, then the theme
    vocabulary and the rules checked beyond the tables."""
    tables = [
        FieldTable(
            model.kind,
            model.label,
            f"{STORIES}/{model.folder}/",
            tuple(rows(model)),
            examples.dump(examples.record(model, model.title_field)),
        )
        for model in KINDS.values()
    ]
    themes = examples.dump([examples.record(Theme)])
    tables.append(FieldTable("themes", "主题词表", THEMES, tuple(rows(Theme)), themes))
    return FieldReferencePage("guide/fields/", "字段参考", tuple(tables), rules())
