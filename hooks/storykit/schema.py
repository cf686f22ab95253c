"""JSON Schema files for editors, generated from the models.

VS Code's YAML extension reads `.vscode/settings.json` and then offers completion and the
Chinese descriptions while a volunteer types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .models import KINDS, Theme

SCHEMA_DIR = "schemas"


def kind_schema(kind: str) -> dict[str, Any]:
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["title"] = f"{model.label}（stories/{model.folder}/*.yml）"
    return schema


def themes_schema() -> dict[str, Any]:
    schema = TypeAdapter(list[Theme]).json_schema(by_alias=True)
    schema["title"] = "主题词表（stories/themes.yml）"
    return schema


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
