"""The core's layout: stages that depend one way, downward, no import cycle (imports inside
functions and for type checking included), and no import of mkdocs anywhere in it."""

from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import ROOT

CORE = ROOT / "hooks" / "storykit"
# Lowest first: a module may import its own stage and those before it, never a later one.
STAGES = ("records", "media", "pages", "render", "build", "publish", "editors", "importing", "cli")
ENGINES = ("mkdocs", "properdocs", "material")


def module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(CORE.rglob("*.py"))}


def imports(path: Path, name: str | None = None) -> set[str]:
    """Every module this file imports, wherever the import statement stands."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                # `from storykit.pages import deps` depends on the module storykit.pages.deps
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return found


def graph() -> dict[str, set[str]]:
    return {
        name: {m for m in imports(path) if m in MODULES} - {name} for name, path in MODULES.items()
    }


def stage(name: str) -> int | None:
    parts = name.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_every_module_belongs_to_a_stage():
    loose = [n for n in MODULES if n != "storykit" and stage(n) is None]
    assert loose == [], f"modules outside the stages {STAGES}: {loose}"


def test_stages_depend_downward_only():
    upward = [
        f"{a} ({STAGES[stage(a)]}) imports {b} ({STAGES[stage(b)]})"
        for a, targets in graph().items()
        for b in targets
        if stage(a) is not None and stage(b) is not None and stage(b) > stage(a)
    ]
    assert upward == []


def test_no_import_cycle():
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in g:
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_core_never_imports_an_engine():
    found = [
        f"{name} imports {m}"
        for name, path in MODULES.items()
        for m in imports(path)
        if m.split(".")[0] in ENGINES
    ]
    assert found == []


CHECK = """
import importlib, sys
importlib.import_module(sys.argv[1])
engines = sorted(m for m in sys.modules if m.split(".")[0] in {engines!r})
if engines:
    sys.exit("loaded " + ", ".join(engines))
"""


def test_each_module_imports_alone_in_a_fresh_interpreter():
    """No module works only because another was imported first, and none pulls in an engine."""
    code = CHECK.format(engines=set(ENGINES))

    def run(name: str) -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", code, name], capture_output=True, text=True, cwd=ROOT
        )
        return name, done.stderr.strip().splitlines()[-1] if done.returncode else ""

    with ThreadPoolExecutor(4) as pool:
        failed = {name: why for name, why in pool.map(run, MODULES) if why}
    assert failed == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_checker_sees_an_engine_import_inside_a_function(tmp_path, engine):
    """The static check reads imports at any depth, as the layout rule requires."""
    sample = tmp_path / "sample.py"
    sample.write_text(f"def f():\n    from {engine}.x import y\n", "utf-8")
    assert f"{engine}.x" in imports(sample, "storykit.records.sample")


def test_the_checker_resolves_relative_imports_to_their_module(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from . import catalog\nfrom ..pages.deps import query\n", "utf-8")
    found = imports(sample, "storykit.records.sample")
    assert {"storykit.records.catalog", "storykit.pages.deps"} <= found
