"""`storykit new`: a commented template for a new record, written from the model.

Fields that span several lines (objects, lists, multi-paragraph text) get a commented YAML
example from `examples.py`; removing the `# ` in front of its lines gives valid YAML."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import yaml
from pydantic.fields import FieldInfo

from storykit.records import examples, markers
from storykit.records.models import KINDS, Record
from storykit.records.problems import FILE, Problem
from storykit.records.settings import STORIES

SLUG_MAX = 60
TITLE_BYTES = 4096  # the title is near the top; reading only this much keeps `new` quick


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
    shape = examples.shape(info)
    many = "；可写多项，每项以“- ”开头" if shape.many else ""
    return f"# {label}{need}{desc}{many}"


def _commented(text: str) -> list[str]:
    """Lines of YAML as comments; an empty line (between paragraphs) becomes a lone `#`."""
    return [f"# {line}" if line else "#" for line in text.splitlines()]


def _field(key: str, info: FieldInfo, title_field: str, title: str) -> list[str]:
    required = info.is_required()
    lines = [_comment(info, required)]
    if key == title_field:
        return [*lines, f"{key}: {json.dumps(title, ensure_ascii=False)}"]
    if not examples.nested(info):
        return [*lines, f"{key}:" if required else f"# {key}:"]
    block = examples.dump({key: examples.value(info)}).splitlines()
    if required:  # the key stays open to fill in; the example below it is commented
        return [*lines, f"{key}:", *_commented("\n".join(block[1:]))]
    return [*lines, *_commented("\n".join(block))]


def template(model: type[Record], title: str) -> str:
    lines = [
        f"# {model.label}：{title}",
        "# 以 # 开头的行是说明。必填字段都要填写；其他字段需要时去掉行首的 # 再填写。",
        "# 带示例的字段：去掉示例各行行首的“# ”（只去掉这两个字符，保留后面的空格），再改写示例内容。",
        "# 全部字段的说明见编辑指南的“字段参考”页。写完后运行 make check 检查。",
        "",
    ]
    for key, info in examples.ordered(model, model.title_field):
        if not any(isinstance(m, markers.Written) for m in info.metadata):  # a command's field
            lines += _field(key, info, model.title_field, title)
    return "\n".join(lines) + "\n"


# -- records that may already exist ----------------------------------------------------------
def _same(a: str, b: str) -> bool:
    """Titles equal once full-width forms and spaces are set aside."""

    def norm(s: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))

    return norm(a) == norm(b)


def _title_of(path: Path, key: str) -> tuple[int, str] | None:
    """(line, value) of the file's top-level title key, read without parsing the whole file,
    so a broken or half-written record is still recognised."""
    try:
        with path.open("rb") as f:
            raw = f.read(TITLE_BYTES)
    except OSError:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")  # Notepad's GBK
    pattern = re.compile(rf"^{re.escape(key)}\s*[:：]\s*(.*?)\s*$")
    for n, line in enumerate(text.splitlines(), 1):
        m = pattern.match(line)
        if not m:
            continue
        try:
            value = yaml.safe_load(m.group(1))
        except yaml.YAMLError:
            value = m.group(1).strip("\"'“”")
        return (n, str(value)) if value not in (None, "") else None
    return None


def similar(root: Path, kind: str, title: str) -> list[Problem]:
    """Existing records of the kind with the same title, or an id that differs from the new
    one only by hyphens (`lin-shuyan` and `lin-shu-yan`)."""
    model = KINDS[kind]
    folder = root / STORIES / model.folder
    slug = slugify(title).replace("-", "")
    out = []
    for path in sorted(folder.glob("*.yml")):
        rel = path.relative_to(root).as_posix()
        found = _title_of(path, model.title_field)
        if found and _same(found[1], title):
            line, name = found
            message = f"已有同名的{model.label}“{name}”，可能就是要新建的这条记录"
            out.append(Problem(rel, line, model.title_field, message))
        elif path.stem.replace("-", "") == slug:
            name = f"（{found[1]}）" if found else ""
            message = f"已有编号相近的记录 {path.stem}{name}，与新编号只差连字符，可能是同一条记录"
            out.append(Problem(rel, 1, FILE, message))
    return out


def new_record(root: Path, kind: str, title: str) -> Path:
    """Write the template to a file name free in the kind's folder (`x.yml`, `x-2.yml`…)."""
    model = KINDS[kind]
    folder = root / STORIES / model.folder
    folder.mkdir(parents=True, exist_ok=True)
    base = slugify(title)
    path, n = folder / f"{base}.yml", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.yml", n + 1
    path.write_text(template(model, title), encoding="utf-8")
    return path
