"""简/繁: the site's own small OpenCC dictionary, for the reader who chooses 繁體.

The pages are written once, in simplified characters. A reader who chooses 繁體 gets them
converted in the browser (assets/hanzi.js) with OpenCC's own phrase-level tables, cut down to
the entries that occur somewhere in this site's pages and scripts. Conversion there is
forward maximum matching, as OpenCC's `s2t` does, so any text of the site comes out exactly as
OpenCC would convert it, from a file of a few dozen kilobytes instead of OpenCC's megabyte.

The same file holds the traditional → simplified entries the site needs, so that a search
typed in traditional characters finds the simplified record, and so that a name typed in
traditional characters can be told apart and left as typed.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storykit.build.staging import walk

OUTPUT = "assets/hanzi.json"

# OpenCC's configurations s2t.json and t2s.json, as lists of tables: earlier tables win where
# two have the same entry (OpenCC's "short_circuit" groups), the longest match wins overall.
S2T = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases", "STCharacters")
T2S = ("TSPhrases", "TSCharactersExt", "TSCharacters")
NORMALISE = "CJK_Compatibility_Ideographs"  # both configurations' first step
# extra.traditional: OpenCC's standard forms (爲, 啓), or Taiwan's or Hong Kong's (為, 啟): a
# second step over each piece the first one converted, as OpenCC's s2tw and s2hk do
VARIANTS = {
    "标准": (),
    "台湾": ("TWVariantsPhrases", "TWVariants"),
    "香港": ("HKVariantsPhrases", "HKVariants"),
}
OPENCC_CONFIG = {"标准": "s2t", "台湾": "s2tw", "香港": "s2hk"}  # the same, as OpenCC names it

# Folders of the built site whose files carry no text a reader sees converted.
_SKIPPED_PREFIXES = (
    "pagefind",
    "assets/vendor/",
    "assets/images/",
    "assets/stylesheets/",
    "media/",
)


class MissingTables(RuntimeError):
    """OpenCC's tables could not be read (the opencc package is missing or broken)."""


@cache
def _opencc_dir() -> Path:
    try:
        import opencc
    except ImportError as err:  # pragma: no cover - a dependency of the project
        raise MissingTables("没有安装 opencc") from err
    return Path(opencc.__file__).parent / "clib"


@cache
def table(name: str) -> dict[str, str]:
    """One of OpenCC's tables as {entry: first candidate}, read from the opencc package's own
    binary tables with its own `opencc_dict` tool."""
    base = _opencc_dir()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        done = subprocess.run(
            [
                str(base / "bin" / "opencc_dict"),
                *("-i", str(base / "share" / "opencc" / f"{name}.ocd2")),
                *("-o", str(out), "-f", "ocd2", "-t", "text"),
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not out.is_file():
            raise MissingTables(f"读不出 OpenCC 词表 {name}：{done.stderr.strip()[:200]}")
        entries: dict[str, str] = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            if key and values:
                entries[key] = values.split(" ")[0]
        return entries


@dataclass(frozen=True)
class Conversion:
    """One direction: the merged tables, and what forward maximum matching needs."""

    entries: dict[str, str]
    prefixes: frozenset[str]  # every beginning of an entry, to stop a match early
    longest: int

    @classmethod
    def of(cls, names: Iterable[str]) -> Conversion:
        entries: dict[str, str] = {}
        for name in reversed(tuple(names)):  # earlier tables win
            entries.update(table(name))
        return cls.from_entries(entries)

    @classmethod
    def from_entries(cls, entries: dict[str, str]) -> Conversion:
        prefixes = {key[:n] for key in entries for n in range(1, len(key) + 1)}
        return cls(entries, frozenset(prefixes), max(map(len, entries), default=1))

    def convert(self, text: str) -> str:
        """OpenCC's result for `text` (without the normalising step): at each place the
        longest entry that starts there, its first candidate; otherwise the character."""
        return "".join(self.pieces(text))

    def pieces(self, text: str) -> list[str]:
        """The converted pieces, one per match: a second step converts each on its own."""
        out, i = [], 0
        while i < len(text):
            step = 1
            value = text[i]
            for n in range(1, self.longest + 1):
                piece = text[i : i + n]
                if len(piece) < n or piece not in self.prefixes:
                    break
                if piece in self.entries:
                    step, value = n, self.entries[piece]
            out.append(value)
            i += step
        return out


@cache
def s2t() -> Conversion:
    return Conversion.of(S2T)


@cache
def t2s() -> Conversion:
    return Conversion.of(T2S)


@cache
def normalising() -> Conversion:
    return Conversion.of((NORMALISE,))


@cache
def variants(style: str) -> Conversion:
    return Conversion.of(VARIANTS[style])


def traditional(text: str, d: Dictionary | None = None, style: str = "标准") -> str:
    """`text` in traditional characters, as the browser converts it: with the full tables,
    or with a site's dictionary `d` (which carries its own style)."""
    if d is None:
        first, normal, second = s2t(), normalising(), variants(style)
    else:
        first, normal = Conversion.from_entries(d.s2t), Conversion.from_entries(d.normalise)
        second = Conversion.from_entries(d.variants)
    pieces = first.pieces(normal.convert(text))
    return "".join(second.convert(p) for p in pieces) if second.entries else "".join(pieces)


# A run of characters that can be part of an entry: CJK ideographs (with extensions and
# compatibility forms) and the few other characters OpenCC's entries use (SQL注入, PN结).
_RUN = re.compile(
    "[A-Z\\-\u3006\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f\u00b7\u2027\u30fb\u00b0\u2103%‰]+"
)


def runs(text: str) -> Iterator[str]:
    """The runs of Chinese characters in a page or script (markup and Latin text hold none
    of OpenCC's entries, so they are skipped; nothing is lost at the edges of a run)."""
    return iter(_RUN.findall(text))


@dataclass(frozen=True)
class Dictionary:
    """What the browser needs, cut to this site: s2t and t2s entries and the normalising one."""

    s2t: dict[str, str]
    t2s: dict[str, str]
    normalise: dict[str, str]
    variants: dict[str, str]  # the regional forms' second step, whole (a few hundred entries)

    def to_json(self) -> str:
        data = {"s2t": self.s2t, "t2s": self.t2s, "n": self.normalise, "v": self.variants}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# CJK compatibility ideographs: the only characters the normalising step changes
_COMPAT = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]")
# every two neighbouring characters within a run (the runs are joined by line breaks)
_PAIRS = re.compile("(?=([^\n]{2}))")


def features(text: str) -> set[str]:
    """The characters of a page or script's Chinese runs, and each two that stand side by
    side (what Collector counts)."""
    joined = "\n".join(set(runs(text)))
    if _COMPAT.search(joined):  # the browser converts the normalised text
        joined += "\n" + normalising().convert(joined)
    found = set(joined)
    found.discard("\n")
    found.update(_PAIRS.findall(joined))
    return found


class Collector:
    """Gathers what a site's text holds: its characters and the pairs of characters that stand
    next to each other. An entry is kept when all its characters are there and, for a longer
    one, each of its pairs: a superset of the entries that occur, so the cut converts the
    site's text exactly as the whole tables do, found at the speed of building two sets.

    Each character and pair is counted by the files that hold it, so a later build reads
    only the files that changed: it takes away what their last version held and adds what
    the new one holds (`make build` keeps the collector in its memory). The preview, which
    writes its files in place, only adds: a few entries too many until the next build."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()  # character or pair → files holding it
        self.files: dict[str, tuple[int, int]] = {}  # counted file → its (size, mtime) then
        self.made: dict[str, Dictionary] = {}  # style → the dictionary of the counts as they are

    def add(self, text: str) -> None:
        found = features(text)
        if not found <= self.counts.keys():
            self.made = {}  # a character or pair the site did not have
        self.counts.update(found)

    def remove(self, text: str) -> None:
        counts = self.counts
        for key in features(text):
            left = counts[key] - 1
            if left > 0:
                counts[key] = left
            else:
                del counts[key]
                self.made = {}

    def update(
        self,
        site_dir: Path,
        paths: Iterable[str],
        previous: Path | None = None,
        kept: Collection[str] = (),
    ) -> int:
        """Count the site's pages and scripts among `paths` (site-relative) as they are now:
        those counted before and in `kept` (taken whole from the last build) or unchanged
        since are not read. `previous` is the last build's site, where a changed file's last
        version is read to take it away. Returns how many files were read."""
        wanted = {p for p in paths if _counted(p)}
        read = 0
        for path in wanted:  # in any order: counts add up the same
            if path in kept and path in self.files:
                continue
            # a page kept in place by a build that patches the last site is only there
            places = (site_dir, previous) if previous and path in kept else (site_dir,)
            try:
                file, st = next((f, f.stat()) for f in (p / path for p in places) if f.exists())
            except StopIteration:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            if self.files.get(path) == stamp:
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            read += 1
            old = _text(previous / path) if previous and path in self.files else None
            if old != text:
                if old is not None:
                    self.remove(old)
                self.add(text)
            self.files[path] = stamp
        for path in set(self.files) - wanted:  # a page or script no longer there
            old = _text(previous / path) if previous else None
            if old is not None:
                self.remove(old)
            del self.files[path]
        return read

    def _holds(self, key: str) -> bool:
        counts = self.counts
        if len(key) == 1:
            return key in counts
        return all(key[i : i + 2] in counts for i in range(len(key) - 1))

    def dictionary(self, style: str = "标准") -> Dictionary:
        """The entries the site's text can use (made again only when a character or pair
        came or went)."""
        made = self.made.get(style)
        if made is None:
            made = self.made[style] = self._dictionary(style)
        return made

    def _dictionary(self, style: str) -> Dictionary:
        forward = {k: v for k, v in s2t().entries.items() if self._holds(k)}
        # a traditional query maps to the characters the site has: every t2s entry found on
        # the site (a name typed in traditional), or whose simplified side is the site's
        counts = self.counts
        back = {
            k: v
            for k, v in t2s().entries.items()
            if self._holds(k) or (v and all(c in counts for c in v))
        }
        normalise = {c: v for c, v in normalising().entries.items() if c in counts}
        return Dictionary(forward, back, normalise, dict(variants(style).entries))


def _counted(path: str) -> bool:
    """Whether a built file carries text a reader sees converted: the pages and our own
    scripts (their labels show on the page), not the search index or vendored code."""
    return path.endswith((".html", ".js")) and not (
        path.endswith(".min.js") or path.startswith(_SKIPPED_PREFIXES)
    )


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


@dataclass(frozen=True)
class Written:
    entries: int
    size: int
    seconds: float
    read: int = 0  # files read this time (the others were counted before)


def write(
    site_dir: Path,
    collector: Collector | None = None,
    style: str = "标准",
    paths: Iterable[str] | None = None,
    previous: Path | None = None,
    kept: Collection[str] = (),
) -> Written:
    """assets/hanzi.json for the built site in `site_dir`, in `style` (extra.traditional).
    `paths`: the site's files, when the build knows them (else the folder is walked);
    `previous` and `kept`: as Collector.update takes them."""
    start = time.perf_counter()
    collector = collector or Collector()
    files = walk(site_dir) if paths is None else paths
    read = collector.update(site_dir, files, previous, kept)
    found = collector.dictionary(style)
    data = found.to_json().encode("utf-8")
    target = site_dir / OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    entries = len(found.s2t) + len(found.t2s) + len(found.normalise)
    return Written(entries, len(data), time.perf_counter() - start, read)
