"""Fast preview: which generated pages changed since the last build.

A page's fingerprint covers what it shows: its title and template, the files of the records
it depends on (PageSpec.deps; None means all of them), their problems, and a salt for
everything else (templates, mkdocs.yml). `mkdocs serve --dirty` then re-renders only the
pages whose fingerprint moved; the others keep the HTML already written."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .catalog import Catalog
from .pages import PageSpec
from .problems import Problem


def salt(root: Path, paths: Iterable[str] = ("mkdocs.yml", "overrides", "hooks")) -> str:
    """Changes outside the records that may alter any page: templates, config, code."""
    h = hashlib.sha1()
    for name in paths:
        base = root / name
        files = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f"{f.relative_to(root)}:{f.stat().st_mtime_ns}\n".encode())
    return h.hexdigest()


def fingerprint(spec: PageSpec, cat: Catalog, problems: list[Problem], base: str) -> str:
    h = hashlib.sha1(base.encode())
    h.update(f"{spec.url}|{spec.title}|{spec.template}|{spec.description}|{spec.key}\n".encode())
    entries = cat.entries() if spec.deps is None else spec.deps
    for e in entries:
        h.update(f"{e.rel}:{e.mtime_ns}:{e.record.draft}\n".encode())
    rels = None if spec.deps is None else {e.rel for e in entries}
    for p in problems:
        if rels is None or p.path in rels:
            h.update(str(p).encode())
    return h.hexdigest()
