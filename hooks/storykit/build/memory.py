"""What one `make build` leaves for the next, so that the next redoes only what changed.

It keeps the records as loaded, what each generated page read when it was rendered (its
fingerprint), a digest of each page's HTML, the search index parts with the pages they were
made from, and which site folder all this describes. The next build reuses a page only when
everything it read is unchanged, and a search part only when all its pages are; so it writes
exactly what a clean build would. Anything that could change every page (the code, the
templates, mkdocs.yml, an installed package) makes a memory from another version, which is
forgotten. The memory lives in .cache/build/, never in the published site."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from storykit.build import hanzi
from storykit.pages import deps
from storykit.records.load import Entry
from storykit.records.settings import CACHE
from storykit.records.yamlfile import YamlDoc
from storykit.render.cache import CODE_PATHS, code_version

FOLDER = f"{CACHE}/build"
FILE = "memory.pickle"
LINES = "lines.pickle"  # each remembered record's line map, read when a problem needs one
STAMP = "stamp.json"
# Everything a build reads: when none of it changed, the site already is what a build makes.
INPUT_PATHS = (*CODE_PATHS, "docs", "stories")


@dataclass
class Memory:
    version: str  # code_version() of the build that left it
    inputs: str  # input_stamp() when that build started
    records: dict = field(default_factory=dict)  # the loader's parsed files
    # each file's parse as the memory file holds it, pickled on its own: a build that read a
    # few files again pickles those few (save), not the ten thousand it took from here
    packed: dict = field(default_factory=dict)  # rel → (mtime, size, pickled)
    rendered: dict = field(default_factory=dict)  # url → generate.Rendered
    pages: dict[str, str] = field(default_factory=dict)  # built path → search.index_digest
    search: dict[str, str] = field(default_factory=dict)  # index part → digest of its pages
    hanzi: hanzi.Collector | None = None  # the site's text counted for 繁體
    manifest: set[str] = field(default_factory=set)  # every file of the site it describes
    open_data: dict = field(default_factory=dict)  # kind → (generate.Rendered, digest) of its data


@lru_cache(maxsize=4)
def input_stamp(root: Path) -> str:
    """Every file a build reads, by modification time, with the code's version. Once per
    process, like code_version: a later change is seen by the next build."""
    return code_version(root) + deps.tree_stamp(root, INPUT_PATHS[len(CODE_PATHS) :])


def folder_id(path: Path) -> tuple[int, int] | None:
    """A folder's identity: a site swapped in by a later build, or made again, is another."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _stamp(root: Path) -> dict | None:
    try:
        return json.loads((root / FOLDER / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _describes(stamp: dict | None, root: Path, site_dir: Path) -> bool:
    """Whether a memory is of this code and describes `site_dir` as it is now (not removed
    or replaced since)."""
    site = folder_id(site_dir)
    return (
        isinstance(stamp, dict)
        and stamp.get("version") == code_version(root)
        and site is not None
        and stamp.get("site") == list(site)
    )


def load(root: Path, site_dir: Path) -> Memory | None:
    """The last build's memory, if it is of this code and describes `site_dir` as it is."""
    if not _describes(_stamp(root), root, site_dir):
        return None
    try:
        with (root / FOLDER / FILE).open("rb") as f:
            memory = pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return None  # from code that has since changed shape
    if not isinstance(memory, Memory):
        return None
    LineMap.store = root / FOLDER / LINES
    try:
        memory.records = _unpack(memory.packed)
    except (pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return memory


class LineMap:
    """What a remembered record keeps of its file's parse instead of the whole YamlDoc: the
    line of each field is read from the memory's lines file (LINES) only when a problem needs
    it, so the memory a build loads is the records alone, and the line maps stay apart."""

    __slots__ = ("rel", "_doc")
    store: ClassVar[Path | None] = None  # this project's lines file, set by load()
    data = None  # the plain data is never remembered: only a fresh read's privacy check uses it

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self._doc: YamlDoc | None = None

    def __getstate__(self) -> str:
        return self.rel

    def __setstate__(self, rel: str) -> None:
        self.rel, self._doc = rel, None

    def _load(self) -> YamlDoc:
        if self._doc is None:
            packed = _read_lines(LineMap.store).get(self.rel)
            self._doc = pickle.loads(packed[2]) if packed else YamlDoc(None)
        return self._doc

    def line_of(self, loc: tuple) -> int:
        return self._load().line_of(loc)

    @property
    def lines(self) -> dict:
        return self._load().lines

    @property
    def tags(self) -> dict:
        return self._load().tags

    @property
    def head(self) -> tuple[str, ...]:
        return self._load().head


def _read_lines(path: Path | None) -> dict:
    """The lines file: rel → (mtime, size, the pickled YamlDoc without its data)."""
    if path is None:
        return {}
    try:
        with path.open("rb") as f:
            found = pickle.load(f)
    except (OSError, pickle.PickleError, EOFError):
        return {}
    return found if isinstance(found, dict) else {}


def _pack(records: dict, before: dict, lines_before: dict) -> tuple[dict, dict]:
    """The loader's files, each pickled (the record with a LineMap) and its line map pickled
    apart: taken as they were where the file did not change."""
    out, lines = {}, {}
    for rel, (mtime, size, found) in records.items():
        old = before.get(rel)
        if (
            old is not None
            and old[:2] == (mtime, size)
            and (not isinstance(found, Entry) or rel in lines_before)
        ):
            out[rel] = old
            if rel in lines_before:
                lines[rel] = lines_before[rel]
            continue
        if isinstance(found, Entry):
            doc = found.doc if isinstance(found.doc, YamlDoc) else found.doc._load()
            lines[rel] = (mtime, size, _dump(dataclasses.replace(doc, data=None)))
            found = dataclasses.replace(found, doc=LineMap(rel))
        out[rel] = (mtime, size, _dump(found))
    return out, lines


def _dump(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packed: dict) -> dict:
    return {rel: (mtime, size, pickle.loads(data)) for rel, (mtime, size, data) in packed.items()}


def _write(path: Path, value: object) -> None:
    """`value` pickled to a new file renamed over `path`: never half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def save(root: Path, memory: Memory, site_dir: Path, before: Memory | None = None) -> None:
    """The memory, its line maps, then its stamp (a small file that says what they
    describe). `before`: the memory this build started from, whose pickled files are reused."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    lines_before = _read_lines(folder / LINES) if before else {}
    packed, lines = _pack(memory.records, before.packed if before else {}, lines_before)
    _write(folder / LINES, lines)
    _write(folder / FILE, dataclasses.replace(memory, records={}, packed=packed))
    stamp = {"version": memory.version, "inputs": memory.inputs, "site": folder_id(site_dir)}
    (folder / (STAMP + ".tmp")).write_text(json.dumps(stamp), "utf-8")
    os.replace(folder / (STAMP + ".tmp"), folder / STAMP)


def forget(root: Path) -> None:
    """Said before a build changes the site: until it succeeds no memory describes it."""
    (root / FOLDER / STAMP).unlink(missing_ok=True)


def up_to_date(root: Path, site_dir: Path) -> bool:
    """Whether the site folder is what a build would make now: nothing it was made from has
    changed since (`make build` then has nothing to do). Reads the stamp only."""
    stamp = _stamp(root)
    return _describes(stamp, root, site_dir) and stamp.get("inputs") == input_stamp(root)


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
