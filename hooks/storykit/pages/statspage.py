"""The statistics page and the totals a region's or an organisation's page shows, as data,
from the totals `Queries.statistics()` adds up (totals.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storykit.pages import totals as stats
from storykit.pages.format import format_number
from storykit.pages.pagedata import (
    Chart,
    Link,
    LocalTotal,
    MetricBlock,
    RegionTotal,
    StatisticsPage,
    StatRow,
)
from storykit.pages.parts import link_to
from storykit.pages.queries import Queries
from storykit.pages.urls import CSV_URL, STATISTICS_URL, region_url
from storykit.records.catalog import RecordView
from storykit.records.models import ORG_TYPES


def _sources(site: Queries, keys: Iterable[tuple[str, str]]) -> tuple[Link, ...]:
    found = (site.record(*key) for key in keys)
    return tuple(link_to(v) for v in found if v)


def _row(site: Queries, label: str, link: str | None, total: stats.Total, top: float) -> StatRow:
    share = round(100 * total.value / top, 1) if top > 0 else 0.0
    value = format_number(float(stats.number(total.value)))
    return StatRow(
        label, link, total.year, value, share, total.basis, _sources(site, total.records)
    )


def _chart(site: Queries, title: str, head: str, unit: str, items: list) -> Chart:
    """items: (label, link, Total); bars scaled to the largest."""
    top = max((t.value for _, _, t in items), default=0)
    rows = tuple(_row(site, label, link, t, top) for label, link, t in items)
    if rows:
        big = max(rows, key=lambda r: r.share)
        summary = f"{title}：共 {len(rows)} 项，最大的是{big.label}，{big.value} {unit}。"
    else:
        summary = f"{title}：暂无数据。"
    return Chart(title, head, summary, unit, rows)


def _metric_anchor(site: Queries, name: str) -> str:
    names = [m.name for m in site.statistics().metrics]
    return f"metric-{names.index(name) + 1}"


def statistics_page(site: Queries) -> StatisticsPage:
    st = site.statistics()
    blocks = []
    unlisted = []
    for metric in st.metrics:
        name, unit = metric.name, metric.unit
        if not st.years(name):
            unlisted.append(name)
            continue

        def tree(parent: str | None, name: str = name) -> tuple[RegionTotal, ...]:
            out = []
            for r in site.region_children(parent):
                if r.code not in st.used_regions:
                    continue
                total = st.latest(name, r.code)
                if total:
                    row = _row(site, r.name, region_url(r.code), total, 0)
                    out.append(RegionTotal(r.name, region_url(r.code), row, tree(r.code)))
            return tuple(out)

        provinces = [
            (r.name, region_url(r.code), t)
            for r in site.region_children(None)
            if r.code in st.used_regions
            for t in [st.latest(name, r.code)]
            if t
        ]
        years = [
            (f"{y}年", None, t) for y in st.years(name) for t in [st.total(name, None, y)] if t
        ]
        types = [(kind, None, t) for kind in ORG_TYPES for t in [st.latest(name, None, kind)] if t]
        blocks.append(
            MetricBlock(
                anchor=_metric_anchor(site, name),
                name=name,
                unit=unit,
                description=metric.description or "",
                provinces=_chart(site, f"{name}：各省最新合计", "省份", unit, provinces),
                tree=tree(None),
                years=_chart(site, f"{name}：全国逐年合计", "年份", unit, years),
                types=_chart(site, f"{name}：按组织类型的最新合计", "组织类型", unit, types),
            )
        )
    return StatisticsPage(
        STATISTICS_URL, "统计", stats.RULE, stats.YEAR_RULE, CSV_URL, tuple(blocks), tuple(unlisted)
    )


def _local(site: Queries, metric: Any, total: stats.Total | None) -> LocalTotal | None:
    if total is None:
        return None
    return LocalTotal(
        metric.name,
        metric.unit,
        total.year,
        format_number(float(stats.number(total.value))),
        total.basis,
        _sources(site, total.records),
        f"{STATISTICS_URL}#{_metric_anchor(site, metric.name)}",
    )


def region_totals(site: Queries, code: str) -> tuple[LocalTotal, ...]:
    st = site.statistics()
    found = (_local(site, m, st.latest(m.name, code)) for m in st.metrics)
    return tuple(t for t in found if t)


def org_totals(site: Queries, view: RecordView) -> tuple[LocalTotal, ...]:
    """The totals of an organisation's own figures (a kind whose layout has `totals`)."""
    st = site.statistics()
    found = (_local(site, m, st.org_latest(m.name, view.id)) for m in st.metrics)
    return tuple(t for t in found if t)
