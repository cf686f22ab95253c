"""Forms for volunteers: the Sveltia CMS configuration, generated from the models.

Sveltia CMS edits the project folder itself in Chromium browsers (the File System Access API,
"work with a local repository"): no server, no login. The YAML files stay the source of truth
and `storykit check` stays the judge; the forms only spare volunteers the indentation.

`config()` returns the configuration as data, one collection per record kind, every field with
its Chinese label, hint, required flag and default, each widget chosen from the field's type the
way `examples.shape` reads it. `write_admin()` puts the editor into a folder (the preview's
/admin/): the vendored script, patched so that it loads nothing from another host, its Chinese
strings, the icon font, the configuration and a page that starts it in Chinese."""

from __future__ import annotations

import json
import re
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from storykit.records import examples, markers
from storykit.records import types as t
from storykit.records.load import Loaded, Loader
from storykit.records.models import KINDS, Figure, Record, with_meaning
from storykit.records.settings import MEDIA, METRICS, STORIES, THEMES

ADMIN = "admin"  # the preview's /admin/
CONFIG_FILE = "config.yml"
SCHEMA = "npm/@sveltia/cms/schema/sveltia-cms.json"  # where the patched script expects it
PACKAGE = "node_modules/@sveltia/cms"
ICON_FONT = "node_modules/@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2"
LOCALE = "zh-CN"
# The modules the editor imports on demand that the forms can reach: exifr reads a new photo's
# date, turndown turns pasted web pages into Markdown, immutable backs its field checks.
ON_DEMAND = {
    "exifr": "dist/lite.esm.mjs",
    "turndown": "lib/turndown.browser.es.js",
    "immutable": "dist/immutable.es.js",
}
SLUG_HINT = (
    "文件名，也是记录的编号：小写拼音或英文字母、数字和连字符，例如 lin-shuyan；保存后不能再改"
)
# Shown above every form: the sign-offs (先审后发) are not in it and saving keeps them.
KEPT = (
    "审核记录（reviews）不在表单里，保存时原样保留在文件末尾；"
    "但改动并保存记录内容后，已有的审核全部作废，需要重新审核"
)
DATE_RE = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"
YEAR_RE = r"^\d{4}$"


@dataclass
class Vocabularies:
    """The names a field may take from stories/themes.yml and stories/metrics.yml."""

    themes: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)


def vocabularies(root: Path) -> Vocabularies:
    """Theme and metric names as the loader reads them (invalid entries left out)."""
    loader, out = Loader(root), Loaded()
    loader._load_themes(loader.root / THEMES, out)
    loader._load_metrics(loader.root / METRICS, out)
    return Vocabularies([x.name for x in out.themes], [x.name for x in out.metrics])


# -- fields ---------------------------------------------------------------------------------


def _enum(info: FieldInfo) -> tuple[Any, ...]:
    """The fixed values a field takes: a Literal, or the enum a type offers in its JSON form
    (an era is a named era or years; the form offers the names)."""
    s = examples.shape(info)
    if s.options:
        return s.options
    inner, meta = examples._peel(info.annotation)
    if typing.get_origin(inner) is list:
        meta = [*meta, *examples._peel(typing.get_args(inner)[0])[1]]
    for m in (*info.metadata, *meta):
        for form in getattr(m, "also", ()):
            if "enum" in form:
                return tuple(form["enum"])
    return ()


def _default(info: FieldInfo) -> Any:
    value = info.default
    if value is PydanticUndefined or value is None or value == [] or value == {}:
        return None
    return value


def _picture(info: FieldInfo) -> bool:
    """A picture file's path: the field whose check is that the picture exists."""
    return any(
        isinstance(m, markers.Unexpressed) and m.code == "picture" for m in info.metadata
    ) or any(
        isinstance(m, markers.Unexpressed) and m.code == "picture"
        for m in examples._peel(info.annotation)[1]
    )


def _themed(info: FieldInfo) -> bool:
    """A list of theme names (checked against stories/themes.yml)."""
    return any(isinstance(m, markers.Unexpressed) and m.code == "theme" for m in info.metadata)


def _select(options: list[Any] | tuple[Any, ...], many: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"widget": "select"}
    if any(with_meaning(v) != str(v) for v in options):  # top（上部，保留人脸）
        out["options"] = [{"label": with_meaning(v), "value": v} for v in options]
    else:
        out["options"] = list(options)
    if many:
        out["multiple"] = True
    return out


def _scalar(info: FieldInfo, model: type[BaseModel], vocab: Vocabularies) -> dict[str, Any]:
    """The widget of a field holding text, a number, a choice or an id."""
    s = examples.shape(info)
    name = next(k for k, v in model.model_fields.items() if v is info)
    options = _enum(info)
    if options:
        return _select(options, s.many)
    if s.ref:
        target = KINDS[s.ref]
        out = {
            "widget": "relation",
            "collection": target.kind,
            "value_field": "{{slug}}",
            "search_fields": [target.title_field],
            "display_fields": [target.title_field],
        }
        return {**out, "multiple": True} if s.many else out
    if _themed(info) and vocab.themes:
        return _select(vocab.themes, True)
    if model is Figure and name == "label" and vocab.metrics:
        return _select(vocab.metrics, False)
    if _picture(info):
        return {"widget": "image", "media_folder": f"/{MEDIA}", "public_folder": ""}
    if s.markdown:
        return {"widget": "markdown"}
    if s.core is bool:
        return {"widget": "boolean"}
    if t._year in s.checks:
        return {"widget": "number", "value_type": "int", "min": t.YEAR_MIN, "max": t.YEAR_MAX}
    if t._count in s.checks:
        return {"widget": "number", "value_type": "int", "min": 0}
    if t._number in s.checks or s.core is float:
        out = {"widget": "number", "value_type": "float"}
        for m in info.metadata:  # Field(ge=…, le=…): a coordinate's range
            if getattr(m, "ge", None) is not None:
                out["min"] = m.ge
            if getattr(m, "le", None) is not None:
                out["max"] = m.le
        return out
    if s.many:  # a list of names (authors, designations)
        return {"widget": "list"}
    out: dict[str, Any] = {"widget": "string"}
    if t._date in s.checks:
        out["pattern"] = [DATE_RE, "写成 2024-05-20、2024-05 或 2024"]
    elif t._url in s.checks:
        out["pattern"] = [r"^https?://\S+$", "应以 http:// 或 https:// 开头"]
    elif t._slug in s.checks:
        out["pattern"] = [t.SLUG_RE.pattern, "只能用小写英文字母、数字和连字符"]
    if s.max_length:
        out["maxlength"] = s.max_length
        if s.max_length > 100:  # a summary: several lines to read it whole
            out["widget"] = "text"
    return out


def fields(model: type[BaseModel], vocab: Vocabularies) -> list[dict[str, Any]]:
    """The form of a model, fields in the order `storykit new` writes them: the title, the
    required fields, then the rest in model order; nested models become object and list
    widgets of their own fields."""
    first = getattr(model, "title_field", None)
    return [
        _field(key, info, model, vocab)
        for key, info in examples.ordered(model, first)
        if not written(info)
    ]


def written(info: FieldInfo) -> bool:
    """A field only a command writes (the sign-offs of `storykit review`): not in the forms.
    Sveltia keeps the keys its form lacks when it saves a file and writes them after the
    form's own fields, so the sign-offs stay, unchanged, at the end of the file."""
    return any(isinstance(m, markers.Written) for m in info.metadata)


def _field(key: str, info: FieldInfo, model: type[BaseModel], vocab: Vocabularies) -> dict:
    s = examples.shape(info)
    out: dict[str, Any] = {"name": key, "label": info.title or key}
    if s.model:
        out["widget"] = "list" if s.many else "object"
        out["fields"] = fields(s.model, vocab)
        if s.many:
            out["label_singular"] = info.title or key
            out["collapsed"] = "auto"
    else:
        out.update(_scalar(info, model, vocab))
    required = info.is_required()
    out["required"] = required
    min_length = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), None)
    if min_length and out["widget"] in ("list", "select", "relation"):
        out["min"] = min_length
    default = _default(info)
    if default is not None:
        out["default"] = default
    if info.description:
        out["hint"] = info.description
    return out


def collection(model: type[Record], vocab: Vocabularies) -> dict[str, Any]:
    return {
        "name": model.kind,
        "label": model.label,
        "label_singular": model.label,
        "folder": f"{STORIES}/{model.folder}",
        "extension": "yml",
        "format": "yaml",
        "identifier_field": model.title_field,
        "summary": f"{{{{{model.title_field}}}}}",
        "slug": {
            "editable": ["create"],
            "hint": SLUG_HINT,
            "pattern": [t.SLUG_RE.pattern, "只能用小写英文字母、数字和连字符，例如 lin-shuyan"],
        },
        "create": True,
        "description": KEPT,
        "fields": fields(model, vocab),
    }


def config(vocab: Vocabularies | None = None) -> dict[str, Any]:
    """The whole Sveltia CMS configuration."""
    vocab = vocab or Vocabularies()
    return {
        # The local folder is edited in place; the git backend named here is never contacted
        # (the page's Content-Security-Policy allows this machine only).
        "backend": {"name": "gitea", "repo": "local/storykit", "auth_methods": ["token"]},
        "app_title": "故事记录表单",
        "media_folder": MEDIA,
        "public_folder": "",
        "show_preview_links": False,
        "slug": {"encoding": "ascii", "clean_accents": True},
        "editor": {"preview": False},
        "output": {
            # An optional field left empty is not written: `brand: ''` would fail check.
            "omit_empty_optional_fields": True,
            "yaml": {"indent_size": 2, "indent_sequences": True, "quote": "none"},
        },
        "collections": [collection(model, vocab) for model in KINDS.values()],
    }


def config_yaml(data: dict[str, Any]) -> str:
    """The form editor's configuration file (config.yml): its header, then the data."""
    header = (
        "# 由 storykit cms 根据 hooks/storykit/models.py 生成，请勿手改\n"
        f"# yaml-language-server: $schema=./{SCHEMA}\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# -- the editor's files ---------------------------------------------------------------------


class MissingEditor(Exception):
    """The npm packages are not installed (`make install` installs them)."""


# Where the bundled script reaches other hosts, and what it reaches instead. Each pattern must
# match: a new version of Sveltia that loads something else fails here, not in a reader's browser.
UNPKG = "https://unpkg.com"
FONT_URL = re.compile(
    r"url\(https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)[^)]*\)\s*format\('[^']*'\)"
)
FONT_FAMILIES = {"source-sans-3": "Source Sans 3", "noto-mono": "Noto Mono"}


def patch(script: str) -> str:
    """The editor's script with its CDN addresses pointed into the admin folder: modules and
    Chinese strings under npm/, the icon font under fonts/; the Latin text fonts become the
    reader's own (Chinese text uses the system's fonts anyway)."""
    if UNPKG not in script or not FONT_URL.search(script):
        raise MissingEditor("Sveltia CMS 的脚本与预期不同：找不到要改为本地加载的地址")

    def font(m: re.Match) -> str:
        name = m.group(1)
        if name == "material-symbols-outlined":
            return "url(fonts/material-symbols-outlined.woff2) format('woff2-variations')"
        return f"local('{FONT_FAMILIES.get(name, name)}')"

    out = FONT_URL.sub(font, script.replace(UNPKG, "./npm"))
    if "cdn.jsdelivr.net" in out:
        raise MissingEditor("Sveltia CMS 的脚本里还有未改为本地加载的字体地址")
    return out


@cache
def _package(root: Path) -> dict[str, Any]:
    path = root / PACKAGE / "package.json"
    if not path.is_file():
        raise MissingEditor(f"找不到 {PACKAGE}；请运行 make install 安装表单编辑器")
    return json.loads(path.read_text("utf-8"))


def _vendored(root: Path) -> dict[str, Path]:
    """Admin-relative path → source file of every file the editor loads besides config and page."""
    pkg = _package(root)
    version, deps = pkg["version"], pkg.get("dependencies", {})
    out = {
        "sveltia-cms.js": root / PACKAGE / "dist/sveltia-cms.js",
        "fonts/material-symbols-outlined.woff2": root / ICON_FONT,
        f"npm/@sveltia/cms@{version}/locales/{LOCALE}.json": root
        / PACKAGE
        / f"locales/{LOCALE}.json",
        # its update check reads the newest version's package.json: this one says up to date
        "npm/@sveltia/cms/package.json": root / PACKAGE / "package.json",
        SCHEMA: root / PACKAGE / "schema/sveltia-cms.json",
    }
    for name, file in ON_DEMAND.items():
        pinned = re.sub(r"^\D", "", deps.get(name, ""))  # the script asks for name@pinned
        where = f"npm/{name}@{pinned}" if pinned else f"npm/{name}"
        out[f"{where}/{file}"] = root / "node_modules" / name / file
    for src in out.values():
        if not src.is_file():
            raise MissingEditor(f"找不到 {src.relative_to(root)}；请运行 make install")
    return out


INDEX = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>故事记录表单</title>
<link rel="icon" href="data:,">
<link href="{config}" type="application/yaml" rel="cms-config-url">
<style>
/* The folder on this computer is the only way in: no sign-in with a token to a server. */
button[data-label="使用访问令牌登录"] {{ display: none !important; }}
</style>
<script src="start.js"></script>
<script src="sveltia-cms.js"></script>
</head>
<body>
<!-- The preview server adds its reload script before the last closing body tag. Inside a
template it never runs, so saving a record does not reload the editor and lose the folder. -->
<template></body></template>
</html>
"""
# Nothing but this machine: the form loads no font, icon, module or statistics from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob: data:; font-src 'self' data:; connect-src 'self' blob: data:; "
    "media-src 'self' blob: data:; worker-src 'self' blob:; frame-src 'self' blob:"
)
# Sveltia follows the browser's language unless the editor chose one; these forms are Chinese.
START = """// 表单界面用中文：Sveltia CMS 的语言偏好存在 localStorage 的 sveltia-cms.prefs 里
(function () {
  var key = "sveltia-cms.prefs", prefs = {};
  try { prefs = JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { prefs = {}; }
  if (!prefs.locale || prefs.locale === "auto") {
    prefs.locale = "LOCALE";
    try { localStorage.setItem(key, JSON.stringify(prefs)); } catch (e) { /* private mode */ }
  }
})();
""".replace("LOCALE", LOCALE)


# Strings the Chinese translation lacks that volunteers meet in these forms (English otherwise).
CHINESE = {
    "entry_sidebar": {
        "slug": {
            "title": "文件名（编号）",
            "generated_on_save": "保存时生成文件名。",
            "unavailable": "这条记录没有文件名。",
        }
    },
    "show_errors": "查看错误",
    "replace_file": "换一个文件",
    "replace_image": "换一张图片",
    "remove_file": "去掉文件",
    "remove_image": "去掉图片",
    "select_item": "选择{$name}",
    "list_item_options": "本项的操作",
    "file_unavailable": "无法读取",
    "file_unavailable_description": "无法读取这个文件，它可能已被移走或删除。",
    "relation_field": {
        "save_together_hint": "新的{$name}会和正在编辑的记录一起保存。",
        "add_failed": "没能添加{$name}。",
    },
}


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`base` with the keys of `extra` it lacks; its own translations win."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict):
            out[key] = _merged(out.get(key) if isinstance(out.get(key), dict) else {}, value)
        else:
            out.setdefault(key, value)
    return out


def files(root: Path, vocab: Vocabularies | None = None) -> dict[str, str | Path]:
    """Admin-relative path → text, or the file to copy."""
    out: dict[str, str | Path] = dict(_vendored(root))
    strings = next(rel for rel in out if rel.endswith(f"/locales/{LOCALE}.json"))
    own = json.loads(Path(out[strings]).read_text("utf-8"))
    out[strings] = json.dumps(_merged(own, CHINESE), ensure_ascii=False)
    out["sveltia-cms.js"] = patch(Path(out["sveltia-cms.js"]).read_text("utf-8"))
    out["start.js"] = START
    out["index.html"] = INDEX.format(csp=CSP, config=CONFIG_FILE)
    out[CONFIG_FILE] = config_yaml(config(vocab if vocab is not None else vocabularies(root)))
    return out


def write_admin(root: Path, target: Path) -> list[str]:
    """Write the editor into `target` (the preview's site/admin/); only changed files are
    written. Returns the paths written. Raises MissingEditor without the npm packages."""
    written = []
    for rel, content in files(Path(root)).items():
        path = target / rel
        data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8")
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(rel)
    return written
