"""What runs the engine (hooks/run.py) asks and tells before the engine starts: whether the
site already is what a build would write, and what the engine refused in mkdocs.yml. Kept
apart from the session so that a build with nothing to do starts quickly."""

from __future__ import annotations

from pathlib import Path

from storykit.build import memory
from storykit.records.problems import Problem

# What the engine itself refused in mkdocs.yml when it last read it: set by whatever runs the
# engine (hooks/run.py), read by the next build, which shows them with the settings' problems.
_engine_problems: list[Problem] = []


def engine_refused(problems: list[Problem]) -> None:
    """The engine's objections to mkdocs.yml as it read it last; [] once it accepted it."""
    _engine_problems[:] = problems


def engine_problems() -> list[Problem]:
    return list(_engine_problems)


def up_to_date(root: Path, site_dir: Path) -> bool:
    """Whether the site folder already is what a build would write now: nothing it was made
    from changed since the last build (memory.py), so the engine need not even start."""
    return memory.up_to_date(root, site_dir)
