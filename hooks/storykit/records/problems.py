"""Problems found in volunteers' files, reported as `path:line: field: message` in Chinese."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Field names used when a problem concerns the whole file rather than one field.
FILE = "文件"
SYNTAX = "YAML"
ENCODING = "编码"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int
    field: str
    message: str
    warning: bool = False  # published anyway; said so the volunteer can decide

    def __str__(self) -> str:
        note = "提醒：" if self.warning else ""
        return f"{self.path}:{self.line}: {self.field}: {note}{self.message}"


def warn(path: str, line: int, field: str, message: str) -> Problem:
    """A problem that does not stop the build: the content is published as the message says."""
    return Problem(path, line, field, message, warning=True)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a build (warnings left out)."""
    return [p for p in problems if not p.warning]


def field_path(loc: Sequence[str | int]) -> str:
    """`("honors", 1, "year")` → `honors[1].year`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or FILE


def show(value: object, limit: int = 40) -> str:
    """A found value as a volunteer would recognise it, quoted and shortened."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "一组字段（键: 值）"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))


MAX_PER_FILE = 50  # a 10,000-item list of mistakes helps nobody when printed in full
REMINDERS = "提醒（不影响发布）："  # the heading the reminders stand under, after every problem


def for_display(problems: Iterable[Problem]) -> list[Problem]:
    """Every problem, then every reminder, each sorted, with at most MAX_PER_FILE of either
    per file and a line saying how many more there are."""
    found = sort_problems(problems)
    stopping = [p for p in found if not p.warning]
    notes = [p for p in found if p.warning]
    return _capped(stopping, warning=False) + _capped(notes, warning=True)


def _capped(problems: list[Problem], warning: bool) -> list[Problem]:
    said = "条提醒未列出" if warning else "个问题未列出；请先改正上面的问题"
    out: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        n = counts[problem.path] = counts.get(problem.path, 0) + 1
        if n <= MAX_PER_FILE:
            out.append(problem)
    for path, n in counts.items():
        if n > MAX_PER_FILE:
            more = f"另有 {n - MAX_PER_FILE} {said}"
            out.append(Problem(path, 1, FILE, more, warning=warning))
    return out


def report(problems: Iterable[Problem]) -> str:
    """The lines a terminal shows: the problems, then the reminders under their heading."""
    shown = for_display(problems)
    lines = [str(p) for p in shown if not p.warning]
    notes = [str(p) for p in shown if p.warning]
    return "\n".join(lines + ([REMINDERS, *notes] if notes else []))
