"""The version of the code a build runs with, and the compiled templates kept per version.

Anything that could change every page (the code, the templates, mkdocs.yml, an installed
package, a setting read from the environment) makes another version: caches and the build
memory of one version are never used by another."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from storykit.pages import deps
from storykit.records.settings import CACHE

# What the code and the theme are: any change to them may change any page.
CODE_PATHS = ("mkdocs.yml", "overrides", "hooks")
PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "pagefind", "jinja2", "markdown")
# Settings read from the environment that change the output.
ENVIRONMENT = ("STORYKIT_SHARD_AT", "STORYKIT_SHELLS", "STORYKIT_SEARCH_PART")


@lru_cache(maxsize=4)
def code_version(root: Path) -> str:
    """The code, templates, settings and packages a build runs with. Once per process:
    `make build` asks before the build starts and again as it starts."""
    h = hashlib.sha1(deps.tree_stamp(root, CODE_PATHS).encode())
    h.update(sys.version.encode())
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{name}={metadata.version(name)}".encode())
    for name in ENVIRONMENT:
        h.update(f"{name}={os.environ.get(name, '')}".encode())
    return h.hexdigest()


def compiled_cache(root: Path, name: str) -> FileSystemBytecodeCache:
    """Compiled templates kept between runs (.cache/jinja/). Jinja checks them against their
    source, not against the filters they were compiled with, so the cache is kept per
    version of the code and packages (a new version starts a new one)."""
    base = root / CACHE / "jinja"
    version = code_version(root)[:16]
    if base.is_dir():
        for old in base.iterdir():
            if old.name != version:
                shutil.rmtree(old, ignore_errors=True)
    folder = base / version / name
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
