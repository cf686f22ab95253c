"""Writing one draft record: the fields as YAML, what to check as comments above them, in a
file name that is free (an existing file is never overwritten)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from storykit.editors.scaffold import slugify
from storykit.records.privacy import mobiles, resident_ids
from storykit.records.settings import STORIES

HIDDEN = "（号码已删去）"


def scrub(text: str) -> tuple[str, int]:
    """Resident ID and mobile numbers removed: a published record must not carry them."""
    spans = resident_ids(text)
    spans += mobiles(text, spans)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + HIDDEN + text[end:]
    return text, len(spans)


def join(paragraphs: list[str]) -> str:
    """Paragraphs separated by blank lines; rows of a table stay together."""
    out: list[str] = []
    for p in paragraphs:
        if out and p.startswith("|") and out[-1].startswith("|"):
            out[-1] += "\n" + p
        else:
            out.append(p)
    return "\n\n".join(out)


class _Dumper(yaml.SafeDumper):
    pass


class _Top(dict):
    """The record itself: always block style, one key a line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # A value starting with a Chinese quote is quoted, so it never reads as quotes typed by mistake
    style = "|" if "\n" in value else '"' if value[:1] in "“‘「『" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _dict(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    flat = all(isinstance(v, int | float | str) and "\n" not in str(v) for v in value.values())
    short = sum(len(str(v)) for v in value.values()) < 80
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flat and short)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    flat = all(isinstance(v, str) and len(v) < 30 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _dict)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(
    _Top, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", dict(v), flow_style=False)
)


def dump(data: dict, comments: list[str]) -> str:
    from storykit.importing.clean import UNSAFE

    head = "".join(f"# {UNSAFE.sub('', line)}\n" for c in comments for line in c.splitlines())
    body = yaml.dump(_Top(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return head + body


def write_new(root: Path, folder: str, title: str, text: str) -> Path:
    """Write `text` to stories/<folder>/<slug>.yml, or <slug>-2.yml… when taken; never over a
    file that exists, even one created meanwhile (exclusive create)."""
    target = root / STORIES / folder
    target.mkdir(parents=True, exist_ok=True)
    base = slugify(title)
    n = 1
    while True:
        path = target / (f"{base}.yml" if n == 1 else f"{base}-{n}.yml")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            n += 1
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        return path


def plain(text: str) -> str:
    """Markdown characters that would change a paragraph's meaning at its start, escaped."""
    return re.sub(r"^([#>*+-]|\d+\.)(?=\s)", r"\\\1", text)
