"""JSON Schema files for editors, generated from the models (records/jsonschema.py).

VS Code's YAML extension reads `.vscode/settings.json` and then offers completion and the
Chinese descriptions while a volunteer types, and marks what `storykit check` would reject."""

from __future__ import annotations

import json
from pathlib import Path

from storykit.records.jsonschema import (
    SCHEMA_DIR,
    kind_schema,
    schema_json,
    themes_schema,
)
from storykit.records.models import KINDS

__all__ = ["SCHEMA_DIR", "files", "kind_schema", "schema_json", "themes_schema", "write"]


def files() -> dict[str, str]:
    """Relative path → content of every generated file."""
    out = {f"{SCHEMA_DIR}/{kind}.schema.json": schema_json(kind_schema(kind)) for kind in KINDS}
    out[f"{SCHEMA_DIR}/themes.schema.json"] = schema_json(themes_schema())
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
