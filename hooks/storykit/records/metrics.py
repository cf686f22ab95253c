"""Key figures against the vocabulary of metrics (stories/metrics.yml): which metric a figure's
label means, how its unit converts, and the reminders when a label or unit is off."""

from __future__ import annotations

import re

from storykit.records.load import Entry
from storykit.records.models import Figure, Metric
from storykit.records.problems import Problem, warn
from storykit.records.settings import METRICS

_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]")

# When a label that is no metric's name or alias is suggested one: only when it says the
# same count in other words. Words in front that take in the whole (全县, 各级, 现有) and a
# counting word after (人数, 总数) are dropped; what is left must be exactly the metric's name
# or an alias, its head noun, and the unit must be the metric's or one it converts. Any other
# word in front narrows the count (企业关工组织, 基层关工委组织: a part; 新入列五老: a year's
# intake; 市县老促会会员: other bodies' members), and another head noun is another thing
# (党员 is not 会员; an audience in 人 is not sessions in 场). Such figures are the record's
# own: shown, not added up, and no reminder, like 试种面积.
_WHOLE = re.compile(r"^(?:全[国省区市州盟县旗乡镇村]?|各级|现有|共有)+")
_COUNTING = re.compile(r"(?:总人数|人数|总数|数量|个数|总量|总额|合计|总计|数)$")


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


def suggestion(fig: Figure, words: dict[str, Metric]) -> Metric | None:
    """The metric a label that is none of the vocabulary's words says in other words, by the
    rule above; None for a figure of the record's own."""
    core = _WHOLE.sub("", normal(fig.label))
    for head in (core, _COUNTING.sub("", core)):
        metric = words.get(head)
        if metric is not None and factor(metric, fig.unit) is not None:
            return metric
    return None


# -- checks ---------------------------------------------------------------------------------
def check(entry: Entry, words: dict[str, Metric]) -> list[Problem]:
    """A figure's label and unit against the vocabulary, at the figure's line.

    An org's figure without `year` is its current figure as the source gives it: shown, not
    added up (a total belongs to a year), and no reminder, since sources often state an
    organisation's size without a date and a year must never be guessed."""
    out: list[Problem] = []
    figures = getattr(entry.record, "figures", None) or []
    for i, fig in enumerate(figures):
        where = f"figures[{i}]"
        metric = words.get(normal(fig.label))
        if metric is None:
            guess = suggestion(fig, words)
            if guess is not None:
                message = (
                    f"“{fig.label}”不是 {METRICS} 中的指标，照常显示但不计入统计；"
                    f"如果意思相同，请写 {guess.name}"
                )
                out.append(warn(entry.rel, entry.line(("figures", i, "label")), where, message))
            continue
        if fig.unit is not None and factor(metric, fig.unit) is None:
            out.append(_unit_problem(entry, i, fig.unit, metric))
        elif fig.unit is None:
            message = f"没有写单位，按指标 {metric.name} 的单位 {metric.unit} 计入统计"
            out.append(warn(entry.rel, entry.line(("figures", i)), where, message))
    return out


def _unit_problem(entry: Entry, i: int, unit: str, metric: Metric) -> Problem:
    """A unit the metric neither has nor converts: an error at the unit's line."""
    scale = "（换算后）" if unit.endswith(metric.unit) or metric.unit.endswith(unit) else ""
    message = (
        f"单位 {unit} 与指标 {metric.name} 的单位 {metric.unit} 不符；请把数值"
        f"{scale}改写为以 {metric.unit} 计，或在 {METRICS} 中为 {unit} 写明换算倍数"
    )
    return Problem(entry.rel, entry.line(("figures", i, "unit")), f"figures[{i}].unit", message)
