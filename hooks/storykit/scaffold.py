"""`storykit new`: a commented template for a new record, written from the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic.fields import FieldInfo

from .models import KINDS, Record
from .settings import STORIES

SLUG_MAX = 60


def slugify(title: str) -> str:
    """Pinyin of the Chinese characters, ASCII letters and digits kept: 老帮青 → lao-bang-qing."""
    from pypinyin import lazy_pinyin  # loads a large dictionary; only `new` needs it

    words = lazy_pinyin(title, errors=lambda s: re.findall(r"[A-Za-z0-9]+", s))
    parts = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in words]
    slug = "-".join(p for p in parts if p)
    return slug[:SLUG_MAX].strip("-") or "record"


def _comment(info: FieldInfo, required: bool) -> str:
    label = info.title or ""
    need = "（必填）" if required else ""
    desc = f"：{info.description}" if info.description else ""
    return f"# {label}{need}{desc}"


def template(model: type[Record], title: str) -> str:
    lines = [
        f"# {model.label}：{title}",
        "# 以 # 开头的行是说明。必填字段都要填写；其他字段需要时去掉行首的 # 再填写。",
        "# 全部字段的说明见编辑指南的“字段参考”页。写完后运行 make check 检查。",
        "",
    ]
    fields = list(model.model_fields.items())
    fields.sort(
        key=lambda it: ((it[1].alias or it[0]) != model.title_field, not it[1].is_required())
    )
    for name, info in fields:
        key = info.alias or name
        required = info.is_required()
        lines.append(_comment(info, required))
        if key == model.title_field:
            lines.append(f"{key}: {json.dumps(title, ensure_ascii=False)}")
        elif required:
            lines.append(f"{key}:")
        else:
            lines.append(f"# {key}:")
    return "\n".join(lines) + "\n"


def new_record(root: Path, kind: str, title: str) -> Path:
    model = KINDS[kind]
    folder = root / STORIES / model.folder
    folder.mkdir(parents=True, exist_ok=True)
    base = slugify(title)
    path, n = folder / f"{base}.yml", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.yml", n + 1
    path.write_text(template(model, title), encoding="utf-8")
    return path
