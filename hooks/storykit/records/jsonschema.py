"""JSON Schema of each kind, generated from the models: for editors (editors/schema.py writes
them beside the records for VS Code) and in the site's open data (/data/schema/).

Each field type states its JSON form beside its validator (markers.JsonForm); the rules JSON
Schema cannot state are markers too (markers.Unexpressed) and `unexpressed_rules` lists them."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from storykit.records.models import KINDS, Theme

SCHEMA_DIR = "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
VALUES = ("default", "examples", "enum", "const")  # keywords whose value is data, not schema

# The words pydantic reads as true or false, in any case. VS Code reads YAML 1.2, where an
# unquoted yes is text, while check's YAML 1.1 reads it as true: both must pass.
BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0")


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


# -- files ----------------------------------------------------------------------------------


def schema_json(schema: dict[str, Any]) -> str:
    """A JSON Schema as the file it is written to: sorted, indented, non-ASCII kept."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
