"""Records from another site are untrusted: text that would be markup on a page, numbers that
must not be published, and references to records this project may not have (sites.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from pydantic import BaseModel

from storykit.importing.write import scrub
from storykit.records import markers, privacy
from storykit.records.models import KINDS, Record
from storykit.records.problems import field_path, show
from storykit.records.richtext import markdown_html
from storykit.records.types import nested_model

# A plain-text field holding any of these is refused: it would be text on our pages, but it
# was markup somewhere (a copy from a web editor, or an attempt).
TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?\s*>|<!--|<!\[CDATA\[|<\?")
# In Markdown: what the page's sanitiser would drop and that is never innocent in a record
ACTIVE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math", "template",
    "noscript", "audio", "video",
}  # fmt: skip
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)
SAFE_SCHEMES = {"http", "https", "mailto"}


# -- checks of untrusted text --------------------------------------------------------------
class _Active(HTMLParser):
    """Elements and attributes in rendered Markdown that would run or embed something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>（事件属性）")
            scheme = SCHEME.match(re.sub(r"[\s\x00-\x1f]", "", value or ""))
            linked = name in ("href", "src", "action", "formaction", "xlink:href")
            if linked and scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                self.found.append(f"{scheme.group(1)}: 链接")

    handle_startendtag = handle_starttag


def markup_problems(model: type[Record], data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each field whose text would be markup on a page."""
    md = privacy.markdown_fields(model)
    out = []
    for loc, text in privacy.strings(data):
        path = tuple(p for p in loc if not isinstance(p, int))
        if path in md:
            parser = _Active()
            parser.feed(markdown_html(text))
            parser.close()
            if parser.found:
                found = "、".join(dict.fromkeys(parser.found))
                out.append((field_path(loc), f"正文里有 {found}，可能是恶意内容；没有导入"))
        elif TAG.search(text):
            tag = TAG.search(text).group(0)  # type: ignore[union-attr]
            out.append(
                (
                    field_path(loc),
                    f"纯文字字段里有网页标记 {show(tag)}；这类字段不能含 HTML，没有导入",
                )
            )
    return out


def scrubbed(model: type[Record], data: Any, loc: tuple = ()) -> tuple[Any, int]:
    """Every text but web addresses and public contact numbers with ID and mobile numbers
    removed (write.scrub), and how many."""
    public = privacy.public_contacts(model)
    count = 0

    def walk(value: Any, at: tuple) -> Any:
        nonlocal count
        if isinstance(value, dict):
            return {k: walk(v, (*at, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*at, i)) for i, v in enumerate(value)]
        path = tuple(p for p in at if not isinstance(p, int))
        if isinstance(value, str) and path not in public and path[-1:] not in (("url",), ("src",)):
            value, n = scrub(value)
            count += n
        return value

    return walk(data, loc), count


# -- references ----------------------------------------------------------------------------
Lookup = Callable[[str, str], tuple[str | None, str]]  # (kind, id) → (local id, title)


def map_refs(
    model: type[BaseModel], data: dict[str, Any], lookup: Lookup, loc: tuple = ()
) -> list[str]:
    """References turned into local ids; one the project cannot have is dropped (a recipient or
    an awarding body keeps the name instead). Returns what was dropped, in Chinese."""
    dropped: list[str] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            continue
        value = data[key]
        ref = markers.marker(info, markers.Ref)
        where = field_path((*loc, key))
        if ref and isinstance(value, list):
            kept = []
            for rid in value:
                local, title = lookup(ref.target, rid)
                if local:
                    kept.append(local)
                else:
                    dropped.append(_dropped(where, ref.target, rid, title))
            data[key] = kept
            if not kept:
                del data[key]
        elif ref and isinstance(value, str):
            local, title = lookup(ref.target, value)
            if local:
                data[key] = local
            else:
                del data[key]
                dropped.append(_dropped(where, ref.target, value, title))
                if "name" in model.model_fields and "name" not in data:
                    data["name"] = title or value  # a recipient or an awarder: named instead
        else:
            inner = nested_model(info.annotation)
            if inner is None:
                continue
            if isinstance(value, dict):
                dropped += map_refs(inner, value, lookup, (*loc, key))
            elif isinstance(value, list):
                kept_items = []
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        dropped += map_refs(inner, item, lookup, (*loc, key, i))
                        if not item:
                            continue  # a shelf item whose book is not here
                    kept_items.append(item)
                data[key] = kept_items
    return dropped


def _dropped(where: str, kind: str, rid: str, title: str) -> str:
    named = f"（{title}）" if title else ""
    return f"{where}: 引用的{KINDS[kind].label} {rid}{named}没有转载，本地也没有，已删去"
