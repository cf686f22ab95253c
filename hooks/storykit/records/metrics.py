"""Key figures against the vocabulary of metrics (stories/metrics.yml): which metric a figure's
label means, how its unit converts, and the reminders when a label, unit or year is off."""

from __future__ import annotations

import re

from storykit.records.load import Entry
from storykit.records.messages import closest
from storykit.records.models import Metric
from storykit.records.problems import Problem, warn
from storykit.records.settings import METRICS

_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]")


def normal(label: str) -> str:
    """“五老”人数 and 五老人数 are one word."""
    return _QUOTES.sub("", label)


def vocabulary(metrics: list[Metric]) -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    for metric in metrics:
        for word in (metric.name, *metric.aliases):
            out.setdefault(normal(word), metric)
    return out


def factor(metric: Metric, unit: str | None) -> float | None:
    """How many of the metric's unit one of `unit` is; None when they contradict."""
    if unit is None or unit == metric.unit:
        return 1.0
    return metric.units.get(unit)


# -- checks ---------------------------------------------------------------------------------
def check(entry: Entry, words: dict[str, Metric]) -> list[Problem]:
    """A figure's label, unit and year against the vocabulary, at the figure's line."""
    out: list[Problem] = []
    figures = getattr(entry.record, "figures", None) or []
    names = sorted({m.name for m in words.values()})
    for i, fig in enumerate(figures):
        where = f"figures[{i}]"
        metric = words.get(normal(fig.label))
        if metric is None:
            # Most figures are a record's own (试种面积): shown, not added up, and not worth a
            # reminder. Only a label close to a metric may be that metric written another way.
            guess = closest(normal(fig.label), words, 0.4)
            if guess and names:
                message = (
                    f"“{fig.label}”不是 {METRICS} 中的指标，照常显示但不计入统计；"
                    f"如果意思相同，请写 {words[guess].name}"
                )
                out.append(warn(entry.rel, entry.line(("figures", i, "label")), where, message))
            continue
        if fig.unit is not None and factor(metric, fig.unit) is None:
            line = entry.line(("figures", i, "unit"))
            scale = ""
            if fig.unit.endswith(metric.unit) or metric.unit.endswith(fig.unit):
                scale = "（换算后）"
            message = (
                f"单位 {fig.unit} 与指标 {metric.name} 的单位 {metric.unit} 不符；请把数值"
                f"{scale}改写为以 {metric.unit} 计，或在 {METRICS} 中为 {fig.unit} 写明换算倍数"
            )
            out.append(Problem(entry.rel, line, f"{where}.unit", message))
            continue
        if fig.unit is None:
            message = f"没有写单位，按指标 {metric.name} 的单位 {metric.unit} 计入统计"
            out.append(warn(entry.rel, entry.line(("figures", i)), where, message))
        if fig.year is None and entry.kind == "org":
            message = f"没有写年份（year），这个数字不计入 {metric.name} 的统计；请写上它对应的年份"
            out.append(warn(entry.rel, entry.line(("figures", i)), where, message))
    return out
