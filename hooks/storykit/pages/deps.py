"""Dependencies recorded while rendering, as in Lektor's build.

While a page is built and rendered, every query it makes of the site (a record, a list of
records, the theme vocabulary, a template, the settings, a picture file) is noted. The
page's fingerprint is then the answers to those same queries: on the next preview rebuild
a page is rendered again exactly when one of the answers changed. Nothing is declared by
hand, so nothing can drift."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from pathlib import Path
from typing import Any

Dep = tuple  # (query name, *arguments)

_reads: ContextVar[set[Dep] | None] = ContextVar("storykit_reads", default=None)


def read(dep: Dep) -> None:
    """Note that the page being rendered read `dep`."""
    reads = _reads.get()
    if reads is not None:
        reads.add(dep)


@contextmanager
def recording() -> Iterator[set[Dep]]:
    """Collect what is read inside the block."""
    reads: set[Dep] = set()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def query(method: Callable) -> Callable:
    """A method whose calls are dependencies: `self.answer(dep)` re-asks it later."""

    @wraps(method)
    def recorded(self, *args):
        read((method.__name__, *args))
        return method(self, *args)

    recorded.is_query = True  # type: ignore[attr-defined]
    return recorded


def digest(value: Any) -> str:
    """A stable text for a query's answer; objects may say how (`dep_digest`)."""
    own = getattr(value, "dep_digest", None)
    if own is not None:
        return own()
    if isinstance(value, list | tuple):
        return "[" + ",".join(map(digest, value)) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}={digest(v)}" for k, v in value.items()) + "}"
    if hasattr(value, "model_dump_json"):
        return value.model_dump_json()
    return repr(value)


def file_stamp(path: Path | None) -> str:
    """A file's identity for fingerprints: its size and modification time."""
    if path is None:
        return "-"
    try:
        st = path.stat()
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def ordered(deps: Iterable[Dep]) -> tuple[Dep, ...]:
    """Dependencies in the fixed order fingerprints take them in (sorted once, when a page is
    rendered, not at every later check)."""
    return tuple(sorted(deps, key=repr))


def fingerprint(deps: tuple[Dep, ...], line: Callable[[Dep], str], salt: str) -> str:
    """The answers to `deps` (in `ordered` order) now, as one digest; `line(dep)` is the
    dependency and its answer as one line of text."""
    h = hashlib.sha1(salt.encode())
    h.update("".join(map(line, deps)).encode())
    return h.hexdigest()


def tree_stamp(root: Path, paths: Iterable[str], skip: Iterable[str] = ()) -> str:
    """What may change any page and is not a query: the code, mkdocs.yml, Material's
    templates. `skip` leaves out folders whose files are recorded one by one. Walked with
    os.scandir and plain strings: stories/ may hold a hundred thousand files."""
    skipped = {os.path.join(root, s) for s in skip}
    start = len(str(root)) + 1
    h = hashlib.sha1()
    for name in paths:
        base = os.path.join(root, name)
        if os.path.isfile(base):
            h.update(f"{name}:{os.stat(base).st_mtime_ns}\n".encode())
            continue
        lines = []
        for path, mtime in _files(base, skipped):
            lines.append(f"{path[start:].replace(os.sep, '/')}:{mtime}\n")
        h.update("".join(sorted(lines)).encode())
    return h.hexdigest()


def _files(folder: str, skipped: set[str]) -> Iterator[tuple[str, int]]:
    """(path, modification time) of every file under `folder`, outside `skipped` folders and
    __pycache__."""
    try:
        found = list(os.scandir(folder))
    except OSError:
        return
    for item in found:
        if item.is_dir(follow_symlinks=False):
            if item.name != "__pycache__" and item.path not in skipped:
                yield from _files(item.path, skipped)
        elif item.is_file():
            yield item.path, item.stat().st_mtime_ns
