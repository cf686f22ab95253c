"""Key figures added up by region, year and organisation, as plain data.

A figure counts when its label is a metric of `stories/metrics.yml` (by name or alias) and it
has a year: its own `year`, or else the year of its record's date (a case's 发布日期); an
organisation's figure without `year` is left out (its year is unknown). Each figure is reported by
an organisation: an org record's by itself, a case's by the case's `org`. One organisation
has one value per metric and year: its own record's, else the newest case's.

No double counting: a region's value for a year is what organisations of that region's own
level report (本级填报); when none does, it is the sum of its child regions and of the
lower-level organisations placed directly in it (下级汇总). Years are never added together."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from storykit.pages.layout import layout_of
from storykit.records import markers
from storykit.records.catalog import Catalog, RecordView
from storykit.records.metrics import factor, normal, vocabulary
from storykit.records.models import KINDS, Metric

Key = tuple[str, str]
OWN = "本级填报"
SUMMED = "下级汇总"
RULE = (
    "同一年份，地区的数字取本级组织填报的数字；本级没有填报时，由下级地区和下级组织的数字相加"
    "（标为“下级汇总”），不同年份的数字从不相加。"
)
YEAR_RULE = "数字未写年份时，经验做法取其发布日期的年份；组织记录未写年份的数字不计入统计。"
LEVELS = {"全国": 0, "省": 1, "市": 2, "县": 3}  # org level → region depth it reports for
CSV_COLUMNS = ("指标", "单位", "年份", "地区代码", "地区", "合计", "来源记录数", "口径")


# -- data -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    """One counted figure: the organisation that reports it and the record it is written in."""

    metric: str
    year: int
    value: float
    org: Key  # the reporting organisation
    record: Key  # the record the figure is written in


@dataclass(frozen=True)
class Total:
    metric: str
    year: int
    value: float
    basis: str  # OWN or SUMMED
    records: tuple[Key, ...]  # where the numbers come from, without repeats


@dataclass(frozen=True)
class Place:
    """Where an organisation's figures count: its region at its own level (own=True), or
    below the deepest region it names (own=False: a township, school or company)."""

    region: str | None  # None: the whole country
    own: bool


class Statistics:
    def __init__(self, cat: Catalog):
        self._cat = cat  # the statistics' own: pages read the totals, never the catalog
        self.metrics = list(cat.metrics)
        words = vocabulary(self.metrics)
        self.orgs: dict[str, RecordView] = {v.id: v for v in cat.entries("org")}
        self.places = {rid: _place(v) for rid, v in self.orgs.items()}
        chosen: dict[tuple[str, int, str], tuple[tuple, Report]] = {}
        for view, name, counted in _counted(cat):
            org = getattr(view.record, counted.by) if counted.by else view.id
            if org not in self.orgs:
                continue
            for fig in getattr(view.record, name):
                metric = words.get(normal(fig.label))
                year = fig.year or (view.year if counted.dated else None)
                scale = factor(metric, fig.unit) if metric else None
                if metric is None or year is None or scale is None:
                    continue
                report = Report(metric.name, year, fig.value * scale, ("org", org), view.key)
                rank = (not counted.by, view.sort_key)  # the org's own record wins
                slot = (metric.name, year, org)
                if slot not in chosen or rank > chosen[slot][0]:
                    chosen[slot] = (rank, report)
        self.reports = sorted((r for _, r in chosen.values()), key=repr)
        self.by_metric: dict[str, list[Report]] = {}
        for r in self.reports:
            self.by_metric.setdefault(r.metric, []).append(r)
        self.used_regions: set[str] = set()
        for r in self.reports:
            code = self.places[r.org[1]].region
            if code:
                self.used_regions.update(x.code for x in cat.regions.chain(code))

    def dep_digest(self) -> str:
        """Pages show the totals and the titles of their records; an org's level, region,
        type or parent moves its figures: the files of all of these are the answer."""
        words = [m.model_dump_json() for m in self.metrics]
        files = sorted({self._cat.all[r.record].dep_digest() for r in self.reports})
        orgs = sorted(v.dep_digest() for v in self.orgs.values())
        return repr((words, self.reports, files, orgs))

    def metric(self, name: str) -> Metric | None:
        return next((m for m in self.metrics if m.name == name), None)

    def years(self, metric: str) -> list[int]:
        return sorted({r.year for r in self.by_metric.get(metric, [])})

    def total(
        self, metric: str, region: str | None, year: int, org_type: str | None = None
    ) -> Total | None:
        """A region's (None: the country's) value for one year, by the rule above."""
        reports = [
            r
            for r in self.by_metric.get(metric, [])
            if r.year == year and (org_type is None or self._type(r) == org_type)
        ]
        return self._total(metric, region, year, reports)

    def _type(self, r: Report) -> str:
        return self.orgs[r.org[1]].record.org_type

    def _total(self, metric: str, region: str | None, year: int, reports: list[Report]):
        here = [r for r in reports if self.places[r.org[1]].region == region]
        own = [r for r in here if self.places[r.org[1]].own]
        if own:
            return _sum(metric, year, own, OWN)
        parts = [r for r in here if not self.places[r.org[1]].own]
        totals: list[Total] = []
        for child in self._cat.regions.children(region):
            if child.code in self.used_regions:
                found = self._total(metric, child.code, year, reports)
                if found:
                    totals.append(found)
        if not parts and not totals:
            return None
        value = sum(r.value for r in parts) + sum(t.value for t in totals)
        records = [r.record for r in parts] + [k for t in totals for k in t.records]
        return Total(metric, year, value, SUMMED, tuple(dict.fromkeys(records)))

    def latest(self, metric: str, region: str | None, org_type: str | None = None):
        """The newest year's total of a region (None when it has none)."""
        for year in reversed(self.years(metric)):
            found = self.total(metric, region, year, org_type)
            if found:
                return found
        return None

    def org_total(self, metric: str, org: str, year: int) -> Total | None:
        """An organisation's value for a year: its own report, else its child orgs' summed."""
        own = [r for r in self.by_metric.get(metric, []) if r.year == year and r.org[1] == org]
        if own:
            return _sum(metric, year, own, OWN)
        totals = [
            t
            for child in self.orgs.values()
            if child.record.parent == org and child.id != org
            for t in [self.org_total(metric, child.id, year)]
            if t
        ]
        if not totals:
            return None
        records = tuple(dict.fromkeys(k for t in totals for k in t.records))
        return Total(metric, year, sum(t.value for t in totals), SUMMED, records)

    def org_latest(self, metric: str, org: str) -> Total | None:
        for year in reversed(self.years(metric)):
            found = self.org_total(metric, org, year)
            if found:
                return found
        return None

    def rows(self) -> list[tuple]:
        """Every total of every metric, region and year: the CSV's rows."""
        out = []
        for metric in self.metrics:
            for year in self.years(metric.name):
                for code in [None, *sorted(self.used_regions)]:
                    t = self.total(metric.name, code, year)
                    if t is None:
                        continue
                    name = self._cat.regions.path(code) if code else "全国"
                    out.append(
                        (metric.name, metric.unit, year, code or "", name)
                        + (number(t.value), len(t.records), t.basis)
                    )
        return out

    def csv(self) -> str:
        """UTF-8 text with a BOM, so that Excel on Windows reads the Chinese."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(self.rows())
        return "\ufeff" + buf.getvalue()


def number(value: float) -> str:
    """A total as text without float noise: 12.2 + 8.6 → 20.8, 2113.0 → 2113."""
    rounded = round(value, 4)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


def _sum(metric: str, year: int, reports: list[Report], basis: str) -> Total:
    records = tuple(dict.fromkeys(r.record for r in reports))
    return Total(metric, year, sum(r.value for r in reports), basis, records)


def _counted(cat: Catalog) -> Iterator[tuple[RecordView, str, markers.Counted]]:
    """(record, field, how it counts) of every field of key figures that is added up."""
    for kind in KINDS:
        for field in layout_of(kind).figures:
            if field.counted:
                for view in cat.entries(kind):
                    yield view, field.name, field.counted


def _place(view: RecordView) -> Place:
    depth = LEVELS.get(view.record.level)
    chain = view.region_chain
    if depth == 0:
        return Place(None, True)
    if depth is not None and len(chain) >= depth:
        return Place(chain[depth - 1].code, True)
    return Place(chain[-1].code if chain else None, False)
