"""HTML fragments for pages: fact boxes, key figures, sections, cards, related records.

Every string from a record passes through `esc` or `md`; labels come from the models."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from .catalog import Catalog, iter_refs
from .html import esc, ext_link, link, md, rel
from .load import Entry
from .models import KINDS, Honor, Period, Record, Visiting
from .pictures import Pictures
from .types import Ref
from .urls import entry_url, region_url, theme_url

# Which typed fields each kind shows in its fact box, in order.
FACTS: dict[str, tuple[str, ...]] = {
    "case": ("org", "brand", "period", "region", "themes"),
    "person": ("category", "role", "org", "born", "region", "honors", "themes"),
    "site": ("kind", "eras", "address", "protection", "designations", "status", "region", "visiting", "themes"),
    "publication": (
        "kind", "authors", "editors", "publisher", "year", "series", "isbn", "issn",
        "volumes", "issues", "copies", "pages", "org", "region", "themes",
    ),
    "shelf": ("region", "themes"),
    "org": ("type", "short", "level", "parent", "founded", "region", "website", "themes"),
}  # fmt: skip
UNITS = {
    "volumes": "册",
    "issues": "期",
    "copies": "册",
    "pages": "页",
    "born": "年",
    "founded": "年",
}


def fields_by_key(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): (name, info) for name, info in model.model_fields.items()}


def label_of(model: type[BaseModel], key: str) -> str:
    name, info = fields_by_key(model)[key]
    return info.title or key


def format_date(value: str | None) -> str:
    if not value:
        return ""
    parts = value.split("-")
    units = ("年", "月", "日")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, units, strict=False))


def format_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else str(value)


def approx_number(value: float | int, approx: str | None) -> str:
    """3000 with 多 → "3000多"; with 约 → "约3000"."""
    text = format_number(value)
    if not approx:
        return text
    return text + approx if approx in ("多", "余") else approx + text


class View:
    """Renders fragments for one page at `url` (links are made relative to it)."""

    def __init__(self, cat: Catalog, url: str, pics: Pictures | None = None):
        self.cat = cat
        self.url = url
        self.pics = pics or Pictures(cat.root, None)

    # -- small pieces ----------------------------------------------------------------------
    def to(self, entry: Entry, text: object | None = None, cls: str = "") -> Markup:
        return link(self.url, entry_url(entry), text if text is not None else entry.title, cls)

    def ref(self, kind: str, rid: str) -> Markup | None:
        target = self.cat.get(kind, rid)
        return self.to(target) if target else None

    def region(self, entry: Entry) -> Markup:
        if not entry.region:
            return Markup("")
        chain = self.cat.regions.chain(entry.region)
        return Markup(" / ").join(link(self.url, region_url(r.code), r.name) for r in chain)

    def region_text(self, entry: Entry) -> str:
        return self.cat.regions.path(entry.region) if entry.region else ""

    def themes(self, names: Iterable[str]) -> Markup:
        items = []
        for name in names:
            theme = self.cat.theme(name)
            if theme:
                items.append(link(self.url, theme_url(theme.slug), name, "sk-tag"))
        return Markup(" ").join(items)

    # -- fact box --------------------------------------------------------------------------
    def fact_value(self, entry: Entry, key: str) -> Markup | None:
        record = entry.record
        fields = fields_by_key(type(record))
        name, info = fields[key]
        value = getattr(record, name)
        if value in (None, [], ""):
            return None
        ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
        if key == "region":
            return self.region(entry)
        if key == "themes":
            return self.themes(value)
        if ref:
            ids = value if isinstance(value, list) else [value]
            links = [x for x in (self.ref(ref.kind, i) for i in ids) if x]
            return Markup("、").join(links) if links else None
        if isinstance(value, Period):
            start, end = value.from_, value.to
            return esc(f"{start or ''}—{end or ''}年" if end != start else f"{start}年")
        if isinstance(value, Visiting):
            parts = [
                f"{label_of(Visiting, k)}：{getattr(value, k)}"
                for k in ("hours", "booking", "phone")
                if getattr(value, k)
            ]
            return Markup("<br>").join(esc(p) for p in parts)
        if key == "honors":
            return Markup("").join(
                Markup("<span class='sk-honor'>{}</span>").format(self.honor(h)) for h in value
            )
        if key == "website":
            return ext_link(value, value)
        if isinstance(value, list):
            return esc("、".join(map(str, value)))
        if isinstance(value, bool):
            return esc("是" if value else "否")
        return esc(
            f"{format_number(value) if isinstance(value, int) and key not in ('born', 'founded', 'year') else value}{UNITS.get(key, '')}"
        )

    @staticmethod
    def honor(h: Honor) -> str:
        extra = "，".join(str(x) for x in (h.year and f"{h.year}年", h.by) if x)
        return f"{h.title}（{extra}）" if extra else h.title

    def facts(self, entry: Entry) -> Markup:
        rows = []
        model = type(entry.record)
        for key in FACTS[entry.kind]:
            value = self.fact_value(entry, key)
            if value:
                rows.append(
                    Markup("<dt data-pagefind-ignore>{}</dt><dd>{}</dd>").format(
                        label_of(model, key), value
                    )
                )
        if entry.record.date and entry.kind != "case":
            rows.append(
                Markup("<dt data-pagefind-ignore>日期</dt><dd>{}</dd>").format(
                    format_date(entry.record.date)
                )
            )
        if not rows:
            return Markup("")
        return Markup('<dl class="sk-facts">{}</dl>').format(Markup("").join(rows))

    # -- key figures and sections ----------------------------------------------------------
    def figures(self, record: Record) -> Markup:
        figures = getattr(record, "figures", [])
        if not figures:
            return Markup("")
        items = []
        for fig in figures:
            items.append(
                Markup(
                    '<li class="sk-figure"><span class="sk-figure__value">{}</span>'
                    '<span class="sk-figure__unit">{}</span>'
                    '<span class="sk-figure__label">{}</span>{}</li>'
                ).format(
                    approx_number(fig.value, fig.approx),
                    fig.unit or "",
                    fig.label,
                    Markup('<span class="sk-figure__note">{}</span>').format(
                        "，".join(x for x in (fig.year and f"{fig.year}年", fig.note) if x)
                    )
                    if fig.year or fig.note
                    else "",
                )
            )
        return Markup(
            '<section class="sk-block"><h2>关键数字</h2><ul class="sk-figures">{}</ul></section>'
        ).format(Markup("").join(items))

    def sections(self, record: Record, key: str) -> Markup:
        items = getattr(record, key, [])
        if not items:
            return Markup("")
        title = label_of(type(record), key)
        parts = [
            Markup('<section class="sk-section"><h3>{}</h3>{}</section>').format(
                s.title, md(s.body)
            )
            for s in items
        ]
        return Markup('<section class="sk-block sk-{}"><h2>{}</h2>{}</section>').format(
            key, title, Markup("").join(parts)
        )

    def sources(self, entry: Entry) -> Markup:
        record: Any = entry.record
        rows = []
        for source in getattr(record, "sources", []):
            extra = "，".join(x for x in (source.publisher, format_date(source.date)) if x)
            text = ext_link(source.url, source.title)
            rows.append(Markup("<li>{}{}</li>").format(text, f"（{extra}）" if extra else ""))
        for item in getattr(record, "links", []):
            rows.append(Markup("<li>{}</li>").format(ext_link(item.url, item.title)))
        meta = []
        for key, label in (("author", "作者"), ("editor", "责任编辑")):
            if getattr(record, key, None):
                meta.append(
                    Markup("<dt data-pagefind-ignore>{}</dt><dd>{}</dd>").format(
                        label, getattr(record, key)
                    )
                )
        if entry.kind == "case" and record.date:
            meta.append(
                Markup("<dt data-pagefind-ignore>发布时间</dt><dd>{}</dd>").format(
                    format_date(record.date)
                )
            )
        if not rows and not meta:
            return Markup("")
        listing = (
            Markup("<h2>来源与链接</h2><ul>{}</ul>").format(Markup("").join(rows)) if rows else ""
        )
        dl = Markup('<dl class="sk-meta">{}</dl>').format(Markup("").join(meta)) if meta else ""
        return Markup('<footer class="sk-block sk-sources">{}{}</footer>').format(listing, dl)

    # -- related records, both directions --------------------------------------------------
    def related(self, entry: Entry) -> Markup:
        groups: dict[str, dict[tuple[str, str], Entry]] = {}
        shown_in_facts = set(FACTS[entry.kind])
        for loc, kind, rid in iter_refs(entry.record):
            if loc[0] in shown_in_facts or entry.kind == "shelf":
                continue
            target = self.cat.get(kind, rid)
            if target:
                groups.setdefault(kind, {})[target.key] = target
        for source in self.cat.referrers(entry):
            group = "child" if entry.kind == "org" and source.kind == "org" else source.kind
            groups.setdefault(group, {})[source.key] = source
        blocks = []
        for group in ("child", *KINDS):
            members = groups.get(group)
            if not members:
                continue
            title = "下级组织" if group == "child" else f"相关{KINDS[group].label}"
            cards = self.cards(members.values(), compact=True)
            blocks.append(
                Markup(
                    '<section class="sk-related" data-pagefind-ignore="all"><h2>{}</h2>{}</section>'
                ).format(title, cards)
            )
        return Markup("").join(blocks)

    # -- cards -----------------------------------------------------------------------------
    def card(self, entry: Entry, compact: bool = False, level: int = 3) -> Markup:
        """A card; `level` keeps headings in order (h2 right under a page's h1)."""
        record = entry.record
        meta = " · ".join(x for x in (self.region_text(entry), format_date(record.date)) if x)
        summary = (
            Markup('<p class="sk-card__summary">{}</p>').format(record.summary)
            if record.summary and not compact
            else ""
        )
        draft = Markup('<span class="sk-badge">草稿</span>') if record.draft else ""
        return Markup(
            '<li class="sk-card sk-card--{kind}"><a href="{href}">{ph}'
            '<div class="sk-card__body"><span class="sk-card__kind">{label}</span>{draft}'
            '<h{level} class="sk-card__title">{title}</h{level}>{summary}'
            '<p class="sk-card__meta">{meta}</p></div></a></li>'
        ).format(
            kind=entry.kind,
            level=level,
            href=rel(self.url, entry_url(entry)),
            ph=self.pics.thumb(self.url, entry),
            label=KINDS[entry.kind].label,
            draft=draft,
            title=entry.title,
            summary=summary,
            meta=meta,
        )

    def cards(self, entries: Iterable[Entry], compact: bool = False, level: int = 3) -> Markup:
        cls = "sk-cards sk-cards--compact" if compact else "sk-cards"
        return Markup('<ul class="{}">{}</ul>').format(
            cls, Markup("").join(self.card(e, compact, level) for e in entries)
        )
