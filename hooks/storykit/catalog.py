"""The catalog: every record checked against the others — references, themes, regions,
privacy — with backlinks and taxonomies computed once."""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import privacy
from .load import STORIES, Entry, Loaded, Loader
from .messages import closest
from .models import KINDS, Image, Org, Record, Theme
from .problems import Problem, field_path
from .regions import RegionError, Regions
from .types import Ref


@dataclass(frozen=True)
class Link:
    """A reference from one record's field to another record."""

    source: Entry
    loc: tuple[str | int, ...]
    kind: str
    id: str

    @property
    def field(self) -> str:
        return str(self.loc[0])


def iter_refs(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Every (loc, kind, id) held by fields marked with Ref, nested models included."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
        if ref and isinstance(value, str):
            yield (*loc, key), ref.kind, value
        elif ref and isinstance(value, list):
            for i, item in enumerate(value):
                yield (*loc, key, i), ref.kind, item
        elif isinstance(value, BaseModel):
            yield from iter_refs(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_refs(item, (*loc, key, i))


def iter_images(record: Record) -> Iterator[tuple[tuple, Image]]:
    for i, image in enumerate(record.images):
        yield ("images", i), image
    for name in ("portrait", "cover"):
        image = getattr(record, name, None)
        if image is not None:
            yield (name,), image


@dataclass
class Catalog:
    root: Path
    regions: Regions
    themes: list[Theme]
    drafts: bool  # whether drafts are visible (preview) or left out (build)
    all: dict[tuple[str, str], Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    backlinks: dict[tuple[str, str], list[Link]] = field(default_factory=lambda: defaultdict(list))
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    by_region: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    by_org: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    by_year: dict[int, list[Entry]] = field(default_factory=lambda: defaultdict(list))

    # -- lookups used by pages and templates -------------------------------------------------
    def visible(self, entry: Entry | None) -> bool:
        return entry is not None and (self.drafts or not entry.record.draft)

    def get(self, kind: str, rid: str) -> Entry | None:
        entry = self.all.get((kind, rid))
        return entry if self.visible(entry) else None

    def entries(self, kind: str | None = None) -> list[Entry]:
        if kind:
            return self.by_kind.get(kind, [])
        return [e for k in KINDS for e in self.by_kind.get(k, [])]

    def referrers(self, entry: Entry, kind: str | None = None) -> list[Entry]:
        """Visible records that refer to `entry`, optionally of one kind, without repeats."""
        seen: dict[tuple[str, str], Entry] = {}
        for link in self.backlinks.get(entry.key, []):
            if kind is None or link.source.kind == kind:
                seen.setdefault(link.source.key, link.source)
        return list(seen.values())

    def region_count(self, code: str) -> int:
        """Records in a region and all regions below it."""
        return len(self.by_region.get(code, []))

    def theme(self, name: str) -> Theme | None:
        return next((t for t in self.themes if t.name == name), None)


def build(root: Path | str, drafts: bool = False, loader: Loader | None = None) -> Catalog:
    """Load, validate and cross-check a project. Problems are collected, never raised."""
    loader = loader or Loader(root)
    return from_loaded(loader.root, loader.load(), drafts)


def from_loaded(root: Path, loaded: Loaded, drafts: bool = False) -> Catalog:
    cat = Catalog(Path(root), Regions.load(), loaded.themes, drafts)
    cat.problems.extend(loaded.problems)
    cat.all = {e.key: e for e in loaded.entries}
    theme_names = {t.name for t in loaded.themes}
    theme_slugs = {t.slug: t.name for t in loaded.themes}
    for entry in loaded.entries:
        cat.problems.extend(_check_region(cat.regions, entry))
        cat.problems.extend(_check_themes(entry, theme_names, theme_slugs))
        cat.problems.extend(_check_refs(cat, entry))
        cat.problems.extend(_check_images(cat.root, entry))
        cat.problems.extend(_privacy(entry))
    cat.problems.extend(_check_parent_cycles(cat))
    _index(cat)
    return cat


# -- checks -------------------------------------------------------------------------------


_PRIVACY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _privacy(entry: Entry) -> list[Problem]:
    """Privacy findings depend on the file alone; the loader reuses unchanged entries."""
    if entry not in _PRIVACY:
        _PRIVACY[entry] = privacy.check(entry)
    return _PRIVACY[entry]


def _check_region(regions: Regions, entry: Entry) -> list[Problem]:
    text = entry.record.region
    if text is None:
        return []
    try:
        entry.region = regions.resolve(text).code
    except RegionError as err:
        return [Problem(entry.rel, entry.line(("region",)), "region", str(err))]
    return []


def _check_themes(entry: Entry, names: set[str], slugs: dict[str, str]) -> list[Problem]:
    out = []
    for i, name in enumerate(entry.record.themes):
        if name in names:
            continue
        guess = slugs.get(name) or closest(name, names, 0.3)
        hint = f"；是否想写 {guess}？" if guess else f"（可用主题：{'、'.join(sorted(names))}）"
        out.append(
            Problem(
                entry.rel,
                entry.line(("themes", i)),
                f"themes[{i}]",
                f"主题 {name} 不在 stories/themes.yml 中{hint}",
            )
        )
    return out


def _check_refs(cat: Catalog, entry: Entry) -> list[Problem]:
    out = []
    for loc, kind, rid in iter_refs(entry.record):
        target = cat.all.get((kind, rid))
        where = (entry.rel, entry.line(loc), field_path(loc))
        model = KINDS[kind]
        if target is None:
            expected = f"{STORIES}/{model.folder}/{rid}.yml"
            ids = [k[1] for k in cat.all if k[0] == kind]
            guess = closest(rid, ids, 0.6)
            hint = f"；是否想写 {guess}？" if guess else ""
            other = next((k for k, i in cat.all if i == rid), None)
            if other:  # the id exists, but as another kind of record
                hint = f"；{rid} 是{KINDS[other].label}，这里需要{model.label}"
            out.append(Problem(*where, f"找不到{model.label} {rid}（应有文件 {expected}）{hint}"))
        elif target.key == entry.key:
            out.append(Problem(*where, "不能引用自己"))
        else:
            cat.backlinks[target.key].append(Link(entry, loc, kind, rid))
    return out


def _check_parent_cycles(cat: Catalog) -> list[Problem]:
    out = []
    for entry in cat.all.values():
        if not isinstance(entry.record, Org) or entry.record.parent == entry.id:
            continue  # a self-reference is reported by _check_refs
        chain = [entry.id]
        parent = entry.record.parent
        while parent and ("org", parent) in cat.all and parent not in chain:
            chain.append(parent)
            parent = cat.all[("org", parent)].record.parent
        if parent == entry.id:
            loop = " → ".join([*chain, entry.id])
            message = f"上级组织形成了循环：{loop}；请检查这些组织的 parent"
            out.append(Problem(entry.rel, entry.line(("parent",)), "parent", message))
    return out


def _check_images(root: Path, entry: Entry) -> list[Problem]:
    from .images import inspect, locate  # Pillow: keep it off the import path of models

    out = []
    for loc, image in iter_images(entry.record):
        found = locate(root, entry.rel, image.src)
        message = found if isinstance(found, str) else inspect(found)
        if message:
            where = (*loc, "src")
            out.append(Problem(entry.rel, entry.line(where), field_path(where), message))
    return out


# -- taxonomies ---------------------------------------------------------------------------


def sort_key(entry: Entry) -> tuple[str, str]:
    """Newest first: a record's date, or a publication's year, or its founding year."""
    record: Any = entry.record
    date = record.date or str(
        getattr(record, "year", None) or getattr(record, "founded", None) or ""
    )
    return (date, entry.title)


def year_of(entry: Entry) -> int | None:
    key = sort_key(entry)[0]
    return int(key[:4]) if key else None


def _index(cat: Catalog) -> None:
    visible = [e for e in cat.all.values() if cat.visible(e)]
    # backlinks only from records a reader can see
    for key, links in list(cat.backlinks.items()):
        cat.backlinks[key] = [link for link in links if cat.visible(link.source)]
    ordered = sorted(visible, key=sort_key, reverse=True)
    cat.by_kind = {kind: [e for e in ordered if e.kind == kind] for kind in KINDS}
    for entry in ordered:
        if entry.region:
            for region in cat.regions.chain(entry.region):
                cat.by_region[region.code].append(entry)
        for name in entry.record.themes:
            cat.by_theme[name].append(entry)
        org = getattr(entry.record, "org", None)
        if org:
            cat.by_org[org].append(entry)
        year = year_of(entry)
        if year:
            cat.by_year[year].append(entry)
