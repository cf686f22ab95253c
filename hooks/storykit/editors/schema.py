"""JSON Schema files for editors, generated from the models.

VS Code's YAML extension reads `.vscode/settings.json` and then offers completion and the
Chinese descriptions while a volunteer types, and marks what `storykit check` would reject.
Each field type states its JSON form beside its validator (types.JsonForm); the rules JSON
Schema cannot state are markers too (types.Unexpressed) and `unexpressed_rules` lists them."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema

from storykit.records.models import KINDS, Record, Theme
from storykit.records.problems import FILE
from storykit.records.types import Ref, Unexpressed, nested_model

SCHEMA_DIR = "schemas"
THEMES_FILE = "themes.yml"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
VALUES = ("default", "examples", "enum", "const")  # keywords whose value is data, not schema

# The words pydantic reads as true or false, in any case. VS Code reads YAML 1.2, where an
# unquoted yes is text, while check's YAML 1.1 reads it as true: both must pass.
BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")

# Rules on a whole file rather than a field: field FILE ("文件", as check names it).
FILE_RULES = (
    Unexpressed("文件名就是编号：只能用小写英文字母、数字和连字符，扩展名为 .yml", "file"),
    Unexpressed(
        "不加引号的 yes、no、on、off 读作 true/false，不能用作文字或编号；"
        "要写这几个词请加引号（编辑器按文字看待它们）",
        "yaml",
    ),
    Unexpressed("整数（年份、册数、页数等）不能写成 2023.0 这样带小数点的形式", "yaml"),
)
RECORD_RULES = (
    Unexpressed(
        "公开的文字里不能有居民身份证号码或个人手机号码（单位对外电话写在 visiting.phone）",
        "privacy",
    ),
)


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in word)


def _below(limit: int) -> str:
    """A regex for the whole numbers 0 to limit-1, leading zeros allowed."""
    text = str(limit)
    parts = [rf"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, c in enumerate(text):
        if c != "0":
            rest = len(text) - i - 1
            parts.append(text[:i] + f"[0-{int(c) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "0*(?:" + "|".join(parts) + ")"


def decimal_within(limit: int) -> str:
    """A decimal written as text from -limit to limit (a quoted coordinate: pydantic reads
    numbers in text); exponent forms are left out."""
    inside = rf"{_below(limit)}(?:\.[0-9]*)?|\.[0-9]+|0*{limit}(?:\.0*)?"
    return rf"^\s*[-+]?(?:{inside})\s*$"


class EditorSchema(GenerateJsonSchema):
    """pydantic's JSON Schema with the lax readings of check's models spelled out."""

    def bool_schema(self, schema: Any) -> dict[str, Any]:
        words = "|".join(_any_case(w) for w in BOOL_WORDS)
        return {
            "anyOf": [
                {"type": "boolean"},
                {"type": "string", "pattern": f"^(?:{words})$"},
                {"enum": [0, 1]},
            ]
        }

    def generate(self, schema: Any, mode: Any = "validation") -> dict[str, Any]:
        return _strip_aware(super().generate(schema, mode))

    def float_schema(self, schema: Any) -> dict[str, Any]:
        out = super().float_schema(schema)
        low, high = schema.get("ge"), schema.get("le")
        if low is None or high is None or low != -high or int(high) != high:
            return out
        return {"anyOf": [out, {"type": "string", "pattern": decimal_within(int(high))}]}


def _strip_aware(node: Any) -> Any:
    """Every model strips surrounding spaces before counting (str_strip_whitespace), and a `>`
    block ends in a newline: a length limit holds for the text inside them."""
    if isinstance(node, list):
        return [_strip_aware(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: v if k in VALUES else _strip_aware(v) for k, v in node.items()}
    limit = out.pop("maxLength", None)
    if limit is not None:
        either = [{"maxLength": limit}, {"pattern": rf"^\s*[\s\S]{{0,{limit}}}?\s*$"}]
        if "anyOf" in out:
            out["allOf"] = [{"anyOf": either}]
        else:
            out["anyOf"] = either
    return out


def kind_schema(kind: str) -> dict[str, Any]:
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True, schema_generator=EditorSchema)
    schema["title"] = f"{model.label}（stories/{model.folder}/*.yml）"
    schema["$schema"] = DIALECT
    return schema


def themes_schema() -> dict[str, Any]:
    schema = TypeAdapter(list[Theme]).json_schema(by_alias=True, schema_generator=EditorSchema)
    schema["title"] = "主题词表（stories/themes.yml）"
    schema["$schema"] = DIALECT
    return schema


# -- what the schema leaves to check ------------------------------------------------------


def unexpressed_rules(model: type[BaseModel] | None = None) -> list[tuple[str, Unexpressed]]:
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
        seen: dict[tuple[str, str], tuple[str, Unexpressed]] = {}
        for field, rule in pairs:
            seen.setdefault((field, str(rule)), (field, rule))
        return list(seen.values())
    out = [(FILE, rule) for rule in FILE_RULES]
    if issubclass(model, Record):
        out += [(FILE, rule) for rule in RECORD_RULES]
    return out + _field_rules(model, "", model)


def _field_rules(
    model: type[BaseModel], prefix: str, owner: type[BaseModel]
) -> list[tuple[str, Unexpressed]]:
    out = []
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        out += [(key, rule) for rule in _rules(info, owner)]
        inner = nested_model(info.annotation)
        if inner:
            sub = f"{key}[]." if _is_list(info.annotation) else f"{key}."
            out += _field_rules(inner, sub, owner)
    return out


def _rules(info: FieldInfo, owner: type[BaseModel]) -> list[Unexpressed]:
    found = [*info.metadata, *_metadata(info.annotation)]
    out = [m for m in found if isinstance(m, Unexpressed)]
    for ref in (m for m in found if isinstance(m, Ref)):
        target = KINDS[ref.target]
        self_ref = "，且不能是本记录自己" if target is owner else ""
        rule = f"须是已有{target.label}记录的编号（stories/{target.folder}/ 里的文件名）{self_ref}"
        out.append(Unexpressed(rule, "ref"))
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


# -- files ----------------------------------------------------------------------------------


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def files() -> dict[str, str]:
    """Relative path → content of every generated file."""
    out = {f"{SCHEMA_DIR}/{kind}.schema.json": render(kind_schema(kind)) for kind in KINDS}
    out[f"{SCHEMA_DIR}/themes.schema.json"] = render(themes_schema())
    mapping = {
        f"./{SCHEMA_DIR}/{k}.schema.json": [f"stories/{m.folder}/*.yml"] for k, m in KINDS.items()
    }
    mapping[f"./{SCHEMA_DIR}/themes.schema.json"] = ["stories/themes.yml"]
    settings = {"yaml.schemas": mapping, "files.encoding": "utf8", "editor.insertSpaces": True}
    out[".vscode/settings.json"] = json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    return out


def write(root: Path) -> list[str]:
    written = []
    for rel, text in files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(rel)
    return written
