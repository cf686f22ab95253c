"""The catalog: every record checked against the others — references, themes, regions,
privacy — with backlinks and taxonomies computed once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from pydantic import BaseModel

from storykit.records import markers, metrics
from storykit.records import review as review_
from storykit.records.load import STORIES, Entry, Loaded, Loader
from storykit.records.messages import closest
from storykit.records.models import KINDS, Image, Metric, Record, Theme
from storykit.records.problems import FILE, Problem, field_path
from storykit.records.regions import Region, RegionError, Regions
from storykit.records.settings import METRICS, THEMES

Key = tuple[str, str]  # (record kind, id)
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Reference:
    """A reference from one record's field to another record."""

    source: Key
    loc: Loc
    target: Key

    @property
    def field(self) -> str:
        return str(self.loc[0])


@cache
def _ref_plan(model: type[BaseModel]) -> tuple[tuple[str, str, markers.Ref | None], ...]:
    """(attribute, key, Ref marker or None) of each field: looked up once per model, not
    once per record (ten thousand records ask the same few models)."""
    return tuple(
        (name, info.alias or name, markers.marker(info, markers.Ref))
        for name, info in model.model_fields.items()
    )


_PLAIN = (str, int, float, bool, type(None))  # values that hold no reference unless marked


def iter_refs(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[Loc, str, str]]:
    """Every (loc, target kind, id) held by fields marked with Ref, nested models included."""
    for name, key, ref in _ref_plan(type(model)):
        value = getattr(model, name)
        if ref is None and isinstance(value, _PLAIN):
            continue
        if ref and isinstance(value, str):
            yield (*loc, key), ref.target, value
        elif ref and isinstance(value, list):
            for i, item in enumerate(value):
                yield (*loc, key, i), ref.target, item
        elif isinstance(value, BaseModel):
            yield from iter_refs(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_refs(item, (*loc, key, i))


def iter_images(record: Record) -> Iterator[tuple[Loc, Image]]:
    """Every picture a record names, from the fields marked Picture."""
    for key, name, _ in markers.marked(type(record), markers.Picture):
        value = getattr(record, name)
        if isinstance(value, list):
            for i, image in enumerate(value):
                yield (key, i), image
        elif value is not None:
            yield (key,), value


def main_image(record: Record) -> tuple[Loc, Image] | None:
    """The picture that stands for a record on cards and in link previews: the first set
    field by its Picture rank (images, then a portrait unless withheld, then a cover)."""
    fields = sorted(markers.marked(type(record), markers.Picture), key=lambda m: m[2].main)
    for key, name, pic in fields:
        if pic.hidden_when and getattr(record, pic.hidden_when):
            continue
        value = getattr(record, name)
        if isinstance(value, list) and value:
            return (key, 0), value[0]
        if value is not None and not isinstance(value, list):
            return (key,), value
    return None


def sort_date(record: Record) -> str:
    """The date a record sorts by: the first set field by SortDate rank, as text."""
    for _, name, _ in sorted(
        markers.marked(type(record), markers.SortDate), key=lambda m: m[2].rank
    ):
        value = getattr(record, name)
        if value:
            return str(value)
    return ""


@dataclass(frozen=True, eq=False)
class RecordView:
    """One record resolved once against the others: what every page reads about it.
    The loader's Entry is never modified; everything derived lives here."""

    entry: Entry
    region: str | None  # GB/T 2260 code
    region_chain: tuple[Region, ...]  # province first
    refs: tuple[Reference, ...]  # outgoing references whose target exists
    referrers: tuple[Key, ...]  # visible records that refer to this one, without repeats
    pictures: tuple[tuple[Loc, Path], ...]  # image fields whose file was found
    main: tuple[Loc, Image] | None
    date: str  # the sort date, "" when the record has none
    review: review_.State | None = None  # with review levels set: where its sign-offs stand

    kind = property(lambda self: self.entry.kind)
    id = property(lambda self: self.entry.id)
    rel = property(lambda self: self.entry.rel)
    record = property(lambda self: self.entry.record)
    title = property(lambda self: self.entry.title)
    key = property(lambda self: self.entry.key)
    mtime_ns = property(lambda self: self.entry.mtime_ns)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date, self.title)

    def dep_digest(self) -> str:
        """What a page that shows this record depends on: its file, as last read."""
        return self._digest

    @cached_property
    def _digest(self) -> str:  # once per view: a record is in many lists' answers
        return f"{self.rel}:{self.mtime_ns}:{self.record.draft}"

    def picture_file(self, loc: Loc) -> Path | None:
        return next((path for where, path in self.pictures if where == loc), None)


@dataclass
class Catalog:
    root: Path
    regions: Regions
    themes: list[Theme]
    drafts: bool  # whether drafts are visible (preview) or left out (build)
    levels: tuple[str, ...] = ()  # review levels (先审后发); none: nothing awaits review
    all: dict[Key, RecordView] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    by_kind: dict[str, list[RecordView]] = field(default_factory=dict)
    by_region: dict[str, list[RecordView]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[RecordView]] = field(default_factory=lambda: defaultdict(list))
    by_year: dict[int, list[RecordView]] = field(default_factory=lambda: defaultdict(list))
    metrics: list[Metric] = field(default_factory=list)  # stories/metrics.yml

    # -- lookups used by pages ----------------------------------------------------------------
    def visible(self, view: RecordView | None) -> bool:
        return view is not None and (self.drafts or self.published(view))

    def published(self, view: RecordView) -> bool:
        """Whether the published build holds this record: not a draft, and signed off at
        every review level for its current content when levels are set."""
        return _published(view.record, view.review)

    def withheld(self) -> list[RecordView]:
        """Records complete and not drafts that the published build leaves out because their
        current content has not passed every review level."""
        return [
            v
            for v in self.all.values()
            if not v.record.draft and v.review is not None and not v.review.passed
        ]

    def get(self, kind: str, rid: str) -> RecordView | None:
        view = self.all.get((kind, rid))
        return view if self.visible(view) else None

    def entries(self, kind: str | None = None) -> list[RecordView]:
        if kind:
            return self.by_kind.get(kind, [])
        return [e for k in KINDS for e in self.by_kind.get(k, [])]

    def referrers(self, view: RecordView, kind: str | None = None) -> list[RecordView]:
        """Visible records that refer to `view`, optionally of one kind."""
        found = (self.all[key] for key in view.referrers)
        return [v for v in found if kind is None or v.kind == kind]

    def region_count(self, code: str) -> int:
        """Records in a region and all regions below it."""
        return len(self.by_region.get(code, []))

    def theme(self, name: str) -> Theme | None:
        return next((t for t in self.themes if t.name == name), None)


def build(
    root: Path | str,
    drafts: bool = False,
    loader: Loader | None = None,
    levels: Sequence[str] = (),
) -> Catalog:
    """Load, validate and cross-check a project. Problems are collected, never raised.
    With review `levels`, a record is published only once signed at each for its content."""
    loader = loader or Loader(root)
    return from_loaded(loader.root, loader.load(), drafts, levels)


def _published(record: Record, state: review_.State | None) -> bool:
    return not record.draft and (state is None or state.passed)


def from_loaded(
    root: Path, loaded: Loaded, drafts: bool = False, levels: Sequence[str] = ()
) -> Catalog:
    cat = Catalog(
        Path(root), Regions.load(), loaded.themes, drafts, tuple(levels), metrics=loaded.metrics
    )
    # figures are checked against a vocabulary that loaded; a broken one is said first, alone
    metric_words = (
        metrics.vocabulary(loaded.metrics)
        if not any(p.path == METRICS and not p.warning for p in loaded.problems)
        else {}
    )
    entries = {e.key: e for e in loaded.entries}
    theme_names = {t.name for t in loaded.themes}
    theme_slugs = {t.slug: t.name for t in loaded.themes}
    regions: dict[Key, str | None] = {}
    refs: dict[Key, list[Reference]] = {}
    pictures: dict[Key, list[tuple[Loc, Path]]] = {}
    # Problems that follow from another are said once, at their cause, with a count.
    unusable = {p.path for p in loaded.problems if not p.warning}  # files that did not load
    follow: dict[str, int] = defaultdict(int)  # cause's path → problems it would have caused
    vocabulary = _vocabulary_state(root, loaded)
    for entry in loaded.entries:
        code, problems = _check_region(cat.regions, entry)
        regions[entry.key] = code
        cat.problems.extend(problems)
        problems = _check_themes(entry, theme_names, theme_slugs)
        if vocabulary and problems:
            follow[THEMES] += len(problems)
        else:
            cat.problems.extend(problems)
        refs[entry.key], problems = _check_refs(entries, entry, unusable, follow)
        cat.problems.extend(problems)
        pictures[entry.key], problems = _check_images(cat.root, entry)
        cat.problems.extend(problems)
        cat.problems.extend(_privacy(entry))
        cat.problems.extend(entry.reminders)  # what a draft still lacks
        if metric_words:
            cat.problems.extend(metrics.check(entry, metric_words))
    cat.problems.extend(_check_parent_cycles(entries))
    cat.problems.extend(_with_consequences(loaded.problems, follow, vocabulary))
    states = (
        {
            key: review_.state(
                levels, e.record, review_.digest(e.record, (p for _, p in pictures[key]))
            )
            for key, e in entries.items()
        }
        if levels
        else {}
    )
    shown = {key for key, e in entries.items() if drafts or _published(e.record, states.get(key))}
    referrers: dict[Key, dict[Key, None]] = defaultdict(dict)
    for key, out in refs.items():
        if key in shown:  # backlinks only from records a reader can see
            for ref in out:
                referrers[ref.target][key] = None
    for key, entry in entries.items():
        code = regions[key]
        cat.all[key] = RecordView(
            entry=entry,
            region=code,
            region_chain=tuple(cat.regions.chain(code)) if code else (),
            refs=tuple(refs[key]),
            referrers=tuple(referrers.get(key, ())),
            pictures=tuple(pictures[key]),
            main=main_image(entry.record),
            date=sort_date(entry.record),
            review=states.get(key),
        )
    _index(cat)
    return cat


# -- checks -------------------------------------------------------------------------------


def _privacy(entry: Entry) -> list[Problem]:
    """Privacy findings depend on the file alone: the loader made them when it read it."""
    return entry.findings


def _check_region(regions: Regions, entry: Entry) -> tuple[str | None, list[Problem]]:
    text = entry.record.region
    if text is None:
        return None, []
    try:
        return regions.resolve(text).code, []
    except RegionError as err:
        return None, [Problem(entry.rel, entry.line(("region",)), "region", str(err))]


def _vocabulary_state(root: Path, loaded: Loaded) -> str:
    """Why record themes cannot be checked now ("" when they can): the vocabulary is broken
    or missing, and each record's theme would only repeat that."""
    if any(p.path == THEMES and not p.warning for p in loaded.problems):
        return "broken"
    if not loaded.themes and not (Path(root) / THEMES).exists():
        return "missing"
    return ""


def _with_consequences(
    problems: list[Problem], follow: dict[str, int], vocabulary: str
) -> list[Problem]:
    """The loader's problems, the first of each cause's file saying how much it affects."""
    out = list(problems)
    for path, n in follow.items():
        if path == THEMES and vocabulary == "missing":
            out.append(
                Problem(
                    THEMES,
                    1,
                    FILE,
                    f"找不到主题词表，但记录中有 {n} 处写了主题；请新建 {THEMES}，"
                    "每个主题写 name 和 slug（见编辑指南）",
                )
            )
            continue
        i = next((i for i, p in enumerate(out) if p.path == path and not p.warning), None)
        if i is None:
            continue
        first = out[i]
        what = "主题" if path == THEMES else "引用"
        out[i] = Problem(
            first.path,
            first.line,
            first.field,
            f"{first.message}（此文件有错误，记录中有 {n} 处{what}因此暂时无法核对；请先改正它）",
        )
    return out


def _check_themes(entry: Entry, names: set[str], slugs: dict[str, str]) -> list[Problem]:
    out = []
    for i, name in enumerate(entry.record.themes):
        if name in names:
            continue
        guess = slugs.get(name) or closest(name, names, 0.3)
        listed = f"（可用主题：{'、'.join(sorted(names))}）" if names else ""
        hint = f"；是否想写 {guess}？" if guess else listed
        out.append(
            Problem(
                entry.rel,
                entry.line(("themes", i)),
                f"themes[{i}]",
                f"主题 {name} 不在 stories/themes.yml 中{hint}",
            )
        )
    return out


def _check_refs(
    entries: dict[Key, Entry], entry: Entry, unusable: set[str], follow: dict[str, int]
) -> tuple[list[Reference], list[Problem]]:
    """References to records that exist; a reference to a file that failed to load is
    counted against that file (`follow`) rather than reported here."""
    found: list[Reference] = []
    out = []
    for loc, kind, rid in iter_refs(entry.record):
        target = entries.get((kind, rid))
        if target is not None and target.key != entry.key:
            found.append(Reference(entry.key, loc, target.key))
            continue
        where = (entry.rel, entry.line(loc), field_path(loc))  # a problem: its line
        model = KINDS[kind]
        if target is None:
            expected = f"{STORIES}/{model.folder}/{rid}.yml"
            if expected in unusable:
                follow[expected] += 1
                continue
            ids = [k[1] for k in entries if k[0] == kind]
            guess = closest(rid, ids, 0.6)
            hint = f"；是否想写 {guess}？" if guess else ""
            other = next((k for k, i in entries if i == rid), None)
            if other:  # the id exists, but as another kind of record
                hint = f"；{rid} 是{KINDS[other].label}，这里需要{model.label}"
            out.append(Problem(*where, f"找不到{model.label} {rid}（应有文件 {expected}）{hint}"))
        else:
            out.append(Problem(*where, "不能引用自己"))
    return found, out


def _check_parent_cycles(entries: dict[Key, Entry]) -> list[Problem]:
    """A `parent` chain (orgs, sites) that comes back to where it started."""
    out = []
    for entry in entries.values():
        model = type(entry.record)
        parent = getattr(entry.record, "parent", None)
        if not model.children_label or parent == entry.id:
            continue  # a self-reference is reported by _check_refs
        chain = [entry.id]
        while parent and (entry.kind, parent) in entries and parent not in chain:
            chain.append(parent)
            parent = entries[(entry.kind, parent)].record.parent
        if parent == entry.id:
            loop = " → ".join([*chain, entry.id])
            what = model.model_fields["parent"].title
            message = f"{what}形成了循环：{loop}；请检查这些{model.label}的 parent"
            out.append(Problem(entry.rel, entry.line(("parent",)), "parent", message))
    return out


def _check_images(root: Path, entry: Entry) -> tuple[list[tuple[Loc, Path]], list[Problem]]:
    """Each picture is located once, here; pages read the file found."""
    from storykit.records.images import (  # Pillow: keep it off the import path of models
        inspect,
        locate,
    )

    files: list[tuple[Loc, Path]] = []
    out = []
    for loc, image in iter_images(entry.record):
        found = locate(root, entry.rel, image.src)
        message = found if isinstance(found, str) else inspect(found)
        if message:
            where = (*loc, "src")
            out.append(Problem(entry.rel, entry.line(where), field_path(where), message))
        else:
            files.append((loc, found))
    return files, out


# -- taxonomies ---------------------------------------------------------------------------


def _index(cat: Catalog) -> None:
    visible = [v for v in cat.all.values() if cat.visible(v)]
    ordered = sorted(visible, key=lambda v: v.sort_key, reverse=True)  # newest first
    cat.by_kind = {kind: [] for kind in KINDS}
    for view in ordered:
        cat.by_kind[view.entry.kind].append(view)
        for region in view.region_chain:
            cat.by_region[region.code].append(view)
        for name in view.record.themes:
            cat.by_theme[name].append(view)
        if view.year:
            cat.by_year[view.year].append(view)
