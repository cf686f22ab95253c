"""Open data (数据开放, 信息报送): every published record as data under /data/, for people who
open it in Excel or WPS and for another storykit site that gathers it (`storykit import URL`).

Everything here is read from the models: the fields a record file has, their Chinese labels
for the CSV headers, the pictures the kind's layout declares. Left out: drafts and records not
yet signed off (the catalog's `published`), the records of minors, the fields a command writes
for this site alone (sign-offs: markers.Written without `shared`), the `draft` flag and the
privacy notes (markers.Unexpressed "privacy"), and pictures withheld from the pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from storykit.media.variants import URL_DIR
from storykit.pages import deps, pictures
from storykit.pages.layout import record_layout
from storykit.pages.pagedata import DataKind, DataPage
from storykit.pages.queries import Queries
from storykit.pages.urls import entry_url
from storykit.records import markers
from storykit.records.catalog import RecordView
from storykit.records.jsonschema import kind_schema, schema_json
from storykit.records.models import KINDS, Person

DATA_URL = "data/"
FORMAT = "storykit-data"
VERSION = 1
MANIFEST = "manifest.json"
CHINA = dt.timezone(dt.timedelta(hours=8))


def kind_file(kind: str, ext: str) -> str:
    return f"{KINDS[kind].folder}.{ext}"


def schema_file(kind: str) -> str:
    return f"schema/{kind}.schema.json"


def _left_out(name: str, info: FieldInfo) -> bool:
    """A field that is not open data: `draft`, sign-offs, privacy notes."""
    if name == "draft":
        return True
    written = markers.marker(info, markers.Written)
    if written is not None and not written.shared:
        return True
    rule = markers.marker(info, markers.Unexpressed)
    return rule is not None and rule.code == "privacy"


def open_fields(kind: str) -> list[tuple[str, str, str]]:
    """(attribute, key in the data, Chinese label) of a kind's open fields, in model order."""
    model = KINDS[kind]
    return [
        (name, info.alias or name, info.title or name)
        for name, info in model.model_fields.items()
        if not _left_out(name, info)
    ]


def is_open(view: RecordView) -> bool:
    record = view.record
    return not record.draft and not (isinstance(record, Person) and record.minor)


def open_records(site: Queries, kind: str) -> list[RecordView]:
    return [v for v in site.published_records(kind) if is_open(v)]


def _address(base: str, path: str) -> str:
    """Absolute with site_url, else relative to the site's root."""
    return base + path


def record_data(site: Queries, view: RecordView, base: str) -> dict[str, Any]:
    """A record's fields as its file would hold them, pictures as the published JPEG's URL."""
    keep = {name for name, _, _ in open_fields(view.kind)}
    data = view.record.model_dump(mode="json", by_alias=True, exclude_defaults=True, include=keep)
    for field in record_layout(view.record).pictures:
        if field.key not in data:
            continue
        if field.mark.hidden_when and getattr(view.record, field.mark.hidden_when):
            del data[field.key]  # withheld on the pages: withheld here
            continue
        value = getattr(view.record, field.name)
        items = list(enumerate(value)) if field.many else [(None, value)]
        shown = []
        for i, image in items:
            loc = (field.key,) if i is None else (field.key, i)
            found = pictures.variants_of(view, loc, image, site.image_set)
            if found is None:
                continue  # no such file: the pages show none either
            item = data[field.key] if i is None else data[field.key][i]
            shown.append({**item, "src": _address(base, f"{URL_DIR}/{found.fallback.name}")})
        if field.many:
            data[field.key] = shown
        elif shown:
            data[field.key] = shown[0]
        else:
            del data[field.key]
    return data


def kind_data(site: Queries, kind: str, base: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "records": [
            {
                "id": view.id,
                "url": _address(base, entry_url(view)),
                "region_code": view.region,
                "date": view.date,
                "record": record_data(site, view, base),
            }
            for view in open_records(site, kind)
        ],
    }


def kind_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _cell(value: Any) -> str:
    """A value as Excel shows it: lists of words joined by 、, anything nested as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "、".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def kind_csv(data: dict[str, Any]) -> str:
    """`kind_data` as a table: UTF-8 with a BOM, so that Excel and WPS read the Chinese; the
    models' labels as headers."""
    fields = open_fields(data["kind"])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["编号", "网址", *(label for _, _, label in fields)])
    for entry in data["records"]:
        record = entry["record"]
        row = [entry["id"], entry["url"], *(_cell(record.get(key)) for _, key, _ in fields)]
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()


@dataclass(frozen=True)
class KindOffer:
    kind: str
    label: str
    count: int
    json: str  # file names, relative to /data/
    csv: str
    schema: str


def offers(site: Queries) -> tuple[KindOffer, ...]:
    """Every kind, with its count: an empty kind has empty files, so a reader can rely on them."""
    return tuple(
        KindOffer(
            kind,
            model.label,
            len(open_records(site, kind)),
            kind_file(kind, "json"),
            kind_file(kind, "csv"),
            schema_file(kind),
        )
        for kind, model in KINDS.items()
    )


def site_org(site: Queries) -> dict[str, str] | None:
    """The organisation the site belongs to (extra.data.org), when it has a published record."""
    rid = site.settings.data.org
    view = site.record("org", rid) if rid else None
    return {"id": view.id, "name": view.title} if view else None


class OpenData:
    """One build's open data: each kind's JSON made once, and the time the data last changed
    (the previous build's, when every file is the same: a rebuild of the same records says
    the same, and a gathering site sees nothing new).

    `kept`: the kinds whose data the last build made from what is all unchanged (the build
    checked what it read), with their digests: their files stay as they are, not made again.
    What each kind made now read is in `reads`, for the next build to check."""

    def __init__(
        self,
        site: Queries,
        site_name: str,
        base: str,
        previous: Path | None,
        kept: dict[str, str] | None = None,
    ) -> None:
        self.site, self.site_name, self.base, self.previous = site, site_name, base, previous
        self.kept = kept or {}
        self.reads: dict[str, tuple[deps.Dep, ...]] = {}
        self._data: dict[str, dict[str, Any]] = {}
        self._json: dict[str, str] = {}

    def data(self, kind: str) -> dict[str, Any]:
        """A kind's records as data, made once for its JSON, its CSV and its digest."""
        if kind not in self._data:
            with deps.recording() as reads:
                self._data[kind] = kind_data(self.site, kind, self.base)
            self.reads[kind] = deps.ordered(reads)
        return self._data[kind]

    def kind_json(self, kind: str) -> str:
        if kind not in self._json:
            self._json[kind] = kind_json(self.data(kind))
        return self._json[kind]

    @cached_property
    def digests(self) -> dict[str, str]:
        return {
            k: self.kept.get(k) or hashlib.sha256(self.kind_json(k).encode()).hexdigest()[:16]
            for k in KINDS
        }

    @cached_property
    def updated(self) -> str:
        try:
            before = json.loads(self.previous.read_text("utf-8")) if self.previous else {}
            same = {k["kind"]: k.get("digest") for k in before.get("kinds", [])} == self.digests
            if same and isinstance(before.get("updated"), str):
                return before["updated"]
        except (OSError, ValueError, AttributeError, TypeError):
            pass  # no previous data, or not ours: now
        return dt.datetime.now(CHINA).replace(microsecond=0).isoformat()

    def manifest(self) -> str:
        site = self.site
        data = {
            "format": FORMAT,
            "version": VERSION,
            "site_name": self.site_name,
            "site_url": self.base or None,
            "org": site_org(site),
            "licence": site.settings.data.licence,
            "updated": self.updated,
            "kinds": [
                {
                    "kind": o.kind,
                    "label": o.label,
                    "count": o.count,
                    "json": o.json,
                    "csv": o.csv,
                    "schema": o.schema,
                    "digest": self.digests[o.kind],  # changes when the kind's data does
                }
                for o in offers(site)
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def kept_files(self) -> list[str]:
        """The built paths of the kept kinds' files."""
        return [DATA_URL + kind_file(k, ext) for k in self.kept for ext in ("json", "csv")]

    def files(self) -> dict[str, Callable[[], str]]:
        """The data files to write by built path, each made when asked for."""
        out: dict[str, Callable[[], str]] = {DATA_URL + MANIFEST: self.manifest}
        for kind in KINDS:
            if kind not in self.kept:
                out[DATA_URL + kind_file(kind, "json")] = lambda k=kind: self.kind_json(k)
                out[DATA_URL + kind_file(kind, "csv")] = lambda k=kind: kind_csv(self.data(k))
            out[DATA_URL + schema_file(kind)] = lambda k=kind: schema_json(kind_schema(k))
        return out


def data_page(site: Queries) -> DataPage:
    org = site_org(site)
    kinds = tuple(
        DataKind(
            o.label,
            o.count,
            DATA_URL + o.json,
            DATA_URL + o.csv,
            DATA_URL + o.schema,
        )
        for o in offers(site)
    )
    return DataPage(
        DATA_URL,
        "数据开放",
        site.settings.data.licence or "",
        org["name"] if org else "",
        site.open_data.updated[:16].replace("T", " ") if site.open_data else "",
        DATA_URL + MANIFEST,
        kinds,
    )
