"""报送与转载: `storykit import URL` gathers records from another storykit site's open data.

Each record the other site publishes becomes a draft in stories/<folder>/, with its pictures
downloaded into stories/media/imported/ (named by their content), its references to other
records mapped to this project's ids, a source naming the original page and an `origin:`
block (models.Origin) saying where it came from, with a digest of the fields as imported.

Importing again from the same site never duplicates a record: the records are matched by
`origin.site` + `origin.id`. A record whose fields still have the digest it was imported with
is updated; one edited here is reported and left alone; one the other site no longer has is
reported, never deleted. A record the other site itself gathered keeps its first origin.

Untrusted input: the data is read within size limits and timeouts (remote.py); every record
is validated by its model exactly as a local file is (load.validate, then read back from the
YAML written); resident ID and mobile numbers are removed (write.scrub); a plain-text field
holding an HTML tag, or a Markdown field holding a script, a frame, a form, an event handler
or a javascript: link, refuses the import (Markdown's other markup is sanitised on the pages,
as for a local record); every picture is decoded and checked like a local one. Everything is
written into a staging folder first and moved into stories/ only when all of it succeeded:
on any error the project is left as it was.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from storykit.importing import remote
from storykit.importing.remote import DataError, Incoming, Place
from storykit.importing.untrusted import TAG, Lookup, map_refs, markup_problems, scrubbed
from storykit.importing.write import dump
from storykit.records import markers, privacy, yamlfile
from storykit.records.load import Entry, Loader, read_record, validate
from storykit.records.models import KINDS, Image, Record
from storykit.records.problems import errors, show
from storykit.records.settings import MEDIA, STORIES
from storykit.records.types import PartialDate

PICTURE_DIR = "imported"  # under stories/media/
LEFT_OUT = {"origin", "reviews", "draft", "featured"}  # not part of an import's digest
LOCAL_ONLY = {"draft", "featured", "reviews"}  # this site's own decisions, never taken over
EXTENSIONS = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}


class ImportRefused(Exception):
    """The data holds records that cannot be imported; nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# -- filters -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    org: str | None = None  # the other site's org id
    region: str | None = None  # a GB/T 2260 code prefix: 21, 2109 or 210922
    since: str | None = None  # a (partial) date
    kind: str | None = None


def region_prefix(text: str) -> str:
    """`210000` → `21`, `210900` → `2109`; a region's name is looked up. ValueError (Chinese)."""
    from storykit.records.regions import RegionError, Regions

    raw = text.strip()
    if not raw.isdigit():
        try:
            raw = Regions.load().resolve(raw).code
        except RegionError as err:
            raise ValueError(str(err)) from None
    if len(raw) not in (2, 4, 6):
        raise ValueError(f"--region {text}：应为 2、4 或 6 位行政区划代码，例如 21、2109 或 210922")
    while len(raw) > 2 and raw.endswith("00"):
        raw = raw[:-2]
    return raw


def since_date(text: str) -> str:
    try:
        return TypeAdapter(PartialDate).validate_python(text)
    except ValidationError:
        raise ValueError(
            f'--since {text}：应为日期，写成 "2024-05-20"、"2024-05" 或 "2024"'
        ) from None


def _latest(date: str) -> str:
    """The last day a partial date may mean: 2023 → 2023-12-31 (kept when --since is 2023-06)."""
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


def _org_of(inc: Incoming) -> set[str]:
    found = {inc.record.get("org")}
    by = inc.record.get("by")
    for item in by if isinstance(by, list) else [by]:
        found.add(item.get("org") if isinstance(item, dict) else item)
    return {x for x in found if isinstance(x, str)}


def wanted(inc: Incoming, f: Filters) -> bool:
    if f.kind and inc.kind != f.kind:
        return False
    if f.org and not ((inc.kind == "org" and inc.id == f.org) or f.org in _org_of(inc)):
        return False
    if f.region and not (inc.region_code or "").startswith(f.region):
        return False
    return not (f.since and not (inc.date and _latest(inc.date) >= f.since))


# -- the result ----------------------------------------------------------------------------
@dataclass
class Edited:
    rel: str
    origin_id: str
    diffs: list[tuple[str, str, str]]  # (field, here, there)


@dataclass
class Outcome:
    site: str
    site_name: str
    added: list[str] = field(default_factory=list)  # rel paths
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    edited: list[Edited] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rel, origin id)
    present: list[str] = field(default_factory=list)  # same record already here, not imported
    notes: list[str] = field(default_factory=list)


# -- digests and diffs ---------------------------------------------------------------------
def fields_of(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json", by_alias=True, exclude=LEFT_OUT)


def fields_digest(record: Record) -> str:
    """The fields as the model reads them (origin, sign-offs, draft and featured left out)."""
    text = json.dumps(fields_of(record), ensure_ascii=False, sort_keys=True)
    # base32 (letters and 2-7): never read as a phone or ID number by the privacy check
    return base64.b32encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()[:12].lower()


def differences(here: Record, there: Record) -> list[tuple[str, str, str]]:
    a, b = fields_of(here), fields_of(there)
    model = type(here)
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in LEFT_OUT or a.get(key) == b.get(key):
            continue
        label = f"{key}（{info.title}）" if info.title else key
        out.append((label, _shown(a.get(key)), _shown(b.get(key))))
    return out


def _shown(value: Any) -> str:
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
        return show(text, 80) if value else "空"
    return show(value, 80)


# -- the import ----------------------------------------------------------------------------
@dataclass
class _Local:
    entries: list[Entry]
    by_origin: dict[tuple[str, str], Entry]
    broken: dict[tuple[str, str], str]  # origin → a file with it that does not load
    by_key: dict[tuple[str, str], Entry]
    themes: set[str]
    taken: dict[str, set[str]]  # kind → ids whose file exists (loaded or not)
    regions: Any


def _origin_in(path: Path) -> tuple[str, str] | None:
    """The origin (site, id) written in a record file that does not pass its checks."""
    try:
        data = yaml.safe_load(path.read_text("utf-8-sig"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    origin = data.get("origin") if isinstance(data, dict) else None
    if isinstance(origin, dict) and isinstance(origin.get("site"), str):
        return (origin["site"], str(origin.get("id")))
    return None


def _local(root: Path) -> _Local:
    from storykit.records.regions import Regions

    loaded = Loader(root).load()
    by_origin: dict[tuple[str, str], Entry] = {}
    for entry in loaded.entries:
        o = entry.record.origin
        if o is not None:
            by_origin.setdefault((o.site, o.id), entry)
    taken = {}
    broken: dict[tuple[str, str], str] = {}
    loaded_rels = {e.rel for e in loaded.entries}
    for kind, model in KINDS.items():
        folder = root / STORIES / model.folder
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        taken[kind] = {p.stem.lower() for p in files}
        for path in files:  # a file that does not load may still be an imported record
            rel = f"{STORIES}/{model.folder}/{path.name}"
            if path.suffix == ".yml" and rel not in loaded_rels:
                found = _origin_in(path)
                if found:
                    broken.setdefault(found, rel)
    return _Local(
        loaded.entries,
        by_origin,
        broken,
        {e.key: e for e in loaded.entries},
        {t.name for t in loaded.themes},
        taken,
        Regions.load(),
    )


def site_of(manifest: remote.Manifest, place: Place) -> str:
    """Who the other site is: its address; a copy of data without one goes by where it is."""
    if manifest.site_url:
        return manifest.site_url
    return place.root if place.remote else Path(place.root).as_uri() + "/"


def _absolute(url: str, root: str) -> str | None:
    if remote.HTTP.match(url):
        return url
    if remote.HTTP.match(root) and not url.startswith(("/", "\\")) and ":" not in url:
        return root + url
    return None


class _Pictures:
    """Each picture fetched once, checked like a local one, kept in the staging folder."""

    def __init__(self, place: Place, site_url: str | None, staging: Path):
        self.place, self.site_url, self.staging = place, site_url, staging
        self.folder = staging / MEDIA / PICTURE_DIR
        self.done: dict[str, str] = {}  # url → file name

    def candidates(self, src: str) -> list[str]:
        """Where a picture is: under the address the data was read from first (a site read
        at another address than its site_url, or a built site/ folder), then as given."""
        root = self.place.root
        if self.site_url and src.startswith(self.site_url):
            rel = src[len(self.site_url) :]
        elif remote.HTTP.match(src):
            raise DataError(f"图片 {src} 不在原网站上（应在 {self.site_url or root} 下）；没有导入")
        else:
            rel = src
        if rel.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", rel) or not rel:
            raise DataError(f"图片地址 {src} 不合规定；没有导入")
        here = root + rel if self.place.remote else str(Path(root) / rel)
        out = [here]
        if not self.place.remote and not Path(here).is_file() and self.site_url:
            out = [self.site_url + rel]
        elif self.site_url and self.place.remote and self.site_url + rel != here:
            out.append(self.site_url + rel)
        return out

    def get(self, src: str) -> str:
        """The file name in stories/media/imported/ of the picture at `src`."""
        from storykit.records.images import inspect, open_image

        if src in self.done:
            return self.done[src]
        data = None
        tried = self.candidates(src)
        for i, where in enumerate(tried):
            try:
                data = self.place.read(where, remote.MAX_PICTURE, "图片")
                break
            except DataError:
                if i == len(tried) - 1:
                    raise
        assert data is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(data).hexdigest()[:16]
        probe = self.folder / f".{name}.check"
        probe.write_bytes(data)
        problem = inspect(probe)
        if problem:
            probe.unlink()
            raise DataError(f"{src}: {problem.replace(probe.name, '这个文件')}")
        with open_image(probe) as im:
            ext = EXTENSIONS.get(im.format or "")
        if ext is None:
            raise DataError(f"{src}: 不是 JPG、PNG、WebP 或 GIF 图片；没有导入")
        final = f"{name}{ext}"
        os.replace(probe, self.folder / final)
        self.done[src] = final
        return final


def import_site(root: Path, place: Place, filters: Filters = Filters()) -> Outcome:
    """Gather the records of the site at `place` into the project at `root`. Raises
    DataError (the data cannot be read) or ImportRefused (records that cannot be imported);
    either way nothing in the project has changed."""
    root = Path(root).resolve()
    manifest = remote.read_manifest(place)
    incoming: dict[tuple[str, str], Incoming] = {}
    for kind in KINDS:  # every kind: references are resolved against all of them
        if kind in manifest.files:
            for inc in remote.read_kind(place, kind, manifest.files[kind]):
                incoming[(kind, inc.id)] = inc
    site = site_of(manifest, place)
    outcome = Outcome(site, manifest.site_name or site)
    if manifest.unknown:
        outcome.notes.append(
            f"原网站有本程序不认识的记录类型：{'、'.join(manifest.unknown)}，已略过"
        )
    local = _local(root)
    staging = Path(tempfile.mkdtemp(prefix=".storykit-import-", dir=root))
    try:
        writes = _plan(root, place, manifest, site, incoming, filters, local, staging, outcome)
        _commit(root, staging, writes)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return outcome


def _origin_key(inc: Incoming, site: str) -> tuple[str, str]:
    o = inc.origin
    if o and isinstance(o.get("site"), str) and isinstance(o.get("id"), str):
        return (o["site"], o["id"])
    return (site, f"{inc.kind}:{inc.id}")


def _title(inc: Incoming) -> str:
    value = inc.record.get(KINDS[inc.kind].title_field)
    return value.strip() if isinstance(value, str) else ""


def _plan(
    root: Path,
    place: Place,
    manifest: remote.Manifest,
    site: str,
    incoming: dict[tuple[str, str], Incoming],
    filters: Filters,
    local: _Local,
    staging: Path,
    outcome: Outcome,
) -> list[tuple[Path, Path]]:
    """Every record's file (and its pictures) written into `staging`; returns the moves
    (staged file → its place in the project). Raises ImportRefused with every problem."""
    chosen = {key for key, inc in incoming.items() if wanted(inc, filters)}
    # which local id each of the other site's records has, or will have
    ids: dict[tuple[str, str], str] = {}
    existing: dict[tuple[str, str], Entry] = {}
    present: set[tuple[str, str]] = set()
    for key in sorted(incoming, key=lambda k: (list(KINDS).index(k[0]), k[1])):
        inc = incoming[key]
        found = local.by_origin.get(_origin_key(inc, site))
        if _origin_key(inc, site) in local.broken:
            ids[key] = Path(local.broken[_origin_key(inc, site)]).stem
            if key in chosen:
                chosen.discard(key)
                outcome.notes.append(
                    f"{local.broken[_origin_key(inc, site)]}: 本地文件有问题（运行 make check 查看），"
                    "没有按原网站更新；改正后再转载一次"
                )
            continue
        if found is not None and found.kind == inc.kind:
            ids[key], existing[key] = found.id, found
            continue
        same = local.by_key.get(key)
        if (
            same is not None
            and same.record.origin is None
            and same.title == (_title(inc) or inc.id)
        ):
            ids[key] = inc.id  # the same record, written here already (a shared organisation)
            present.add(key)
            continue
        if key not in chosen:
            continue
        taken = local.taken[inc.kind]
        rid, n = inc.id, 1
        while rid in taken:
            n += 1
            rid = f"{inc.id}-{n}"
        taken.add(rid)
        ids[key] = rid

    def lookup(kind: str, rid: str) -> tuple[str | None, str]:
        inc = incoming.get((kind, rid))
        title = _title(inc) if inc else ""
        return ids.get((kind, rid)), title

    pictures = _Pictures(place, manifest.site_url, staging)
    problems: list[str] = []
    writes: dict[Path, Path] = {}  # target → staged file
    for key in sorted(chosen, key=lambda k: (list(KINDS).index(k[0]), k[1])):
        inc = incoming[key]
        model = KINDS[inc.kind]
        rel = f"{STORIES}/{model.folder}/{ids[key]}.yml"
        if key in present:
            outcome.present.append(rel)
            continue
        try:
            made = _make(
                inc,
                model,
                rel,
                site,
                manifest,
                place,
                local,
                lookup,
                pictures,
                staging,
                existing.get(key),
            )
        except DataError as err:
            problems.append(f"{inc.label}: {err}")
            continue
        if isinstance(made, list):
            problems += made
            continue
        text, record, notes = made
        outcome.notes += [f"{rel}: {n}" for n in notes]
        before = existing.get(key)
        if before is None:
            outcome.added.append(rel)
        else:
            old = before.record
            assert old.origin is not None
            if fields_digest(old) != old.origin.digest:
                outcome.edited.append(Edited(before.rel, old.origin.id, differences(old, record)))
                continue
            same_origin = old.origin.model_dump(exclude={"digest"}) == record.origin.model_dump(  # type: ignore[union-attr]
                exclude={"digest"}
            )
            if fields_digest(record) == old.origin.digest and same_origin:
                outcome.unchanged += 1
                continue
            outcome.updated.append(before.rel)
            rel = before.rel
        staged = staging / rel
        staged.write_text(text, "utf-8")
        writes[root / rel] = staged
        for image in _images(record):
            name = Path(image.src).name
            writes[root / MEDIA / PICTURE_DIR / name] = pictures.folder / name
    if problems:
        raise ImportRefused(problems)
    # the other site no longer has it: said, never deleted
    offered = {_origin_key(inc, site) for inc in incoming.values()}
    listed = set(manifest.files)
    for (osite, oid), entry in sorted(local.by_origin.items(), key=lambda x: x[1].rel):
        if osite == site and oid.partition(":")[0] in listed and (osite, oid) not in offered:
            outcome.removed.append((entry.rel, oid))
    return [(staged, target) for target, staged in writes.items()]


def _images(record: Record) -> list[Image]:
    out = []
    for _, name, _ in markers.marked(type(record), markers.Picture):
        value = getattr(record, name)
        out += value if isinstance(value, list) else [value] if value is not None else []
    return out


def _make(
    inc: Incoming,
    model: type[Record],
    rel: str,
    site: str,
    manifest: remote.Manifest,
    place: Place,
    local: _Local,
    lookup: Lookup,
    pictures: _Pictures,
    staging: Path,
    before: Entry | None,
) -> tuple[str, Record, list[str]] | list[str]:
    """The YAML of one record and the record read back from it, with notes; or its problems."""
    where = inc.label
    raw = {k: v for k, v in inc.record.items() if k not in LEFT_OUT}
    # 1. the fields as the model reads them (a draft: a field the other site left empty is fine)
    checked = validate(model, yamlfile.YamlDoc({**raw, "draft": True}), rel, inc.id)
    if not isinstance(checked, Entry):
        return [f"{where}: {p.field}: {p.message}" for p in errors(checked)]
    data = checked.record.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude=LEFT_OUT
    )
    data = {k: v for k, v in data.items() if v is not None and v != []}
    # 2. no markup where there must be none
    marked = markup_problems(model, data)
    if marked:
        return [f"{where}: {f}: {m}" for f, m in marked]
    if isinstance(data.get("region"), str):
        try:
            local.regions.resolve(data["region"])
        except ValueError as err:
            return [f"{where}: region: {err}"]
    notes: list[str] = []
    # 3. references, themes, numbers that must not be published
    notes += map_refs(model, data, lookup)
    if data.get("themes"):
        unknown = [t for t in data["themes"] if t not in local.themes]
        if unknown:
            data["themes"] = [t for t in data["themes"] if t in local.themes] or None
            notes.append(
                f"themes: 主题 {'、'.join(unknown)} 不在本站 stories/themes.yml 中，已删去"
            )
    data, hidden = scrubbed(model, data)
    if hidden:
        notes.append(f"删去了 {hidden} 处身份证号或手机号码")
    # 4. pictures, downloaded and checked
    up = os.path.relpath(staging / MEDIA / PICTURE_DIR, (staging / rel).parent).replace(os.sep, "/")
    for key, _, _ in markers.marked(model, markers.Picture):
        value = data.get(key)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        for item in items:
            if isinstance(item.get("src"), str):
                item["src"] = f"{up}/{pictures.get(item['src'])}"
    # 5. where it came from: a source naming the original page, and the origin block
    url = _absolute(inc.url, place.root)
    org = manifest.org_name
    if inc.origin:  # gathered by that site from another: credit stays with the first source
        first = inc.origin
        origin = {k: first.get(k) for k in ("site", "site_name", "org", "url", "id")}
        url, org = first.get("url") if isinstance(first.get("url"), str) else None, first.get("org")
    else:
        origin = {
            "site": site,
            "site_name": manifest.site_name or None,
            "org": org,
            "url": url,
            "id": f"{inc.kind}:{inc.id}",
        }
    origin = {k: v for k, v in origin.items() if v}
    for k, v in origin.items():
        if isinstance(v, str) and TAG.search(v):
            return [f"{where}: origin.{k}: 含有网页标记 {show(TAG.search(v).group(0))}；没有导入"]  # type: ignore[union-attr]
    if "sources" in model.model_fields and url:
        sources = data.get("sources") or []
        if not any(isinstance(s, dict) and s.get("url") == url for s in sources):
            entry = {
                "title": _title(inc) or inc.id,
                "publisher": org or manifest.site_name or None,
                "url": url,
            }
            sources.append({k: v for k, v in entry.items() if v})
        data["sources"] = sources
    # 6. this site's own decisions stay: draft, featured, sign-offs
    own: dict[str, Any] = {"draft": True}
    if before is not None:
        kept = before.record.model_dump(mode="json", by_alias=True, include=LOCAL_ONLY)
        own = {k: v for k, v in kept.items() if v or k == "draft"}
    origin["digest"] = "0"
    text, record = _written(model, data, own, origin, staging / rel, rel)
    if isinstance(record, list):
        return [f"{where}: {p}" for p in record]
    origin["digest"] = fields_digest(record)
    text, record = _written(model, data, own, origin, staging / rel, rel)
    if isinstance(record, list):
        return [f"{where}: {p}" for p in record]
    return text, record, notes


def _written(
    model: type[Record],
    data: dict[str, Any],
    own: dict[str, Any],
    origin: dict[str, Any],
    path: Path,
    rel: str,
) -> tuple[str, Record | list[str]]:
    """The file's text in the model's field order, written and read back as any record is."""
    full = {**data, **own, "origin": origin}
    # the title first, the fields in the model's order, then what commands write
    keys = [info.alias or name for name, info in model.model_fields.items()]
    last = ["draft", "featured", "origin", "reviews"]
    keys = [model.title_field] + [k for k in keys if k not in last and k != model.title_field]
    ordered = {k: full[k] for k in keys + last if full.get(k) is not None}
    comments = [
        f"转载自 {origin.get('site_name') or origin['site']}（{origin['site']}），由 storykit import 写入",
        "请核对：转载的内容，发布前请与原单位确认",
    ]
    text = dump(ordered, comments)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    entry = read_record(path, rel, model.kind)
    if not isinstance(entry, Entry):
        return text, [f"{p.field}: {p.message}" for p in errors(entry)]
    found = errors(privacy.check(entry))
    if found:
        return text, [f"{p.field}: {p.message}" for p in found]
    return text, entry.record


def _commit(root: Path, staging: Path, writes: list[tuple[Path, Path]]) -> None:
    """Move the staged files into the project; if one move fails, undo those before it."""
    done: list[tuple[Path, bytes | None]] = []
    made: list[Path] = []
    try:
        for staged, target in writes:
            if target.exists() and target.parent.name == PICTURE_DIR:
                continue  # the same picture (named by its content) is here already
            folder = target.parent
            missing = []
            while not folder.exists():
                missing.append(folder)
                folder = folder.parent
            target.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing)
            done.append((target, target.read_bytes() if target.exists() else None))
            os.replace(staged, target)
    except OSError as err:
        for target, before in reversed(done):
            if before is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(before)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise DataError(
            f"写入 {target} 失败（{err.strerror or err}），已恢复原样；没有导入"
        ) from None
