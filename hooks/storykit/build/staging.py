"""A build writes into a staging folder beside the site and puts it in place only when
everything succeeded, so a failed build never leaves a half-written site.

A build from scratch is swapped in whole. A build that started from the last one (the
build's memory) writes only what changed: its staging folder is patched into the site, file by
file (each replaced in one step, as a reader never sees half a file), folders it rewrote
whole replaced whole, and what the site no longer has removed. Unchanged folders are never
touched, so a one-record change costs the few files it changed, not the site's thousands."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Collection, Iterable
from pathlib import Path


class Staging:
    def __init__(self, site_dir: str) -> None:
        self.site_dir = site_dir  # the published site, as the engine names it
        self.folder = site_dir.rstrip("/\\") + ".building"

    def start(self) -> str:
        """An empty staging folder's path: the build writes there (what an earlier failed
        build left is removed first)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        return self.folder

    def files(self) -> list[str]:
        """Every file the build wrote, relative to the staging folder."""
        return walk(Path(self.folder))

    def swap_in(self) -> str:
        """The built site in the site's place; returns where the replaced site went for now
        (remove_later removes it)."""
        old = self.site_dir + ".old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(self.site_dir):
            os.replace(self.site_dir, old)
        os.replace(self.folder, self.site_dir)
        return old

    def patch_in(self, whole: Collection[str], stale: Iterable[str]) -> None:
        """What the build wrote into the site in place: the folders in `whole` (written
        whole, as a search index part) replace theirs, every other file replaces its own;
        then the `stale` files (site-relative), which the site no longer has, are removed
        with the folders they leave empty."""
        site, staged = Path(self.site_dir), Path(self.folder)
        replaced = Path(self.site_dir + ".old")  # beside the site: never published
        shutil.rmtree(replaced, ignore_errors=True)
        for name in sorted(whole):
            new = staged / name
            if not new.is_dir():
                continue
            if (site / name).exists():
                (replaced / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(site / name, replaced / name)
            os.replace(new, site / name)
        for rel in walk(staged):
            target = site / rel
            try:
                os.replace(staged / rel, target)
            except FileNotFoundError:  # a folder the site does not have yet
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged / rel, target)
            except IsADirectoryError:  # a folder stood where a file now does
                shutil.rmtree(target)
                os.replace(staged / rel, target)
            except NotADirectoryError:  # a file stood where a folder now does
                _make_folder(target.parent, site)
                os.replace(staged / rel, target)
        emptied = set()
        for rel in stale:
            try:
                (site / rel).unlink()
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                continue  # gone, or a file or folder of this build stands in its way
            emptied.add((site / rel).parent)
        for folder in sorted(emptied, key=lambda p: -len(p.parts)):
            _remove_empty(folder, site)
        shutil.rmtree(staged, ignore_errors=True)
        remove_later(str(replaced))

    def abandon(self) -> None:
        """A failed build: what it wrote goes, the site stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)


def walk(folder: Path) -> list[str]:
    """Every file under `folder`, relative to it, with `/` between names."""
    out = []
    for here, _, names in os.walk(folder):
        rel = os.path.relpath(here, folder).replace(os.sep, "/")
        out += [n if rel == "." else f"{rel}/{n}" for n in names]
    return out


def _make_folder(folder: Path, top: Path) -> None:
    """`folder` under `top`, removing any file that stands where it or a parent should be."""
    for parent in reversed((folder, *folder.parents)):
        if top not in parent.parents:
            continue
        if parent.is_file():
            parent.unlink()
        parent.mkdir(exist_ok=True)


def _remove_empty(folder: Path, top: Path) -> None:
    """`folder` and its parents up to `top` (not included), while they are empty."""
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty, or already gone
            return
        folder = folder.parent


def remove_later(path: str) -> None:
    """The replaced site, removed after the build has returned (thousands of folders take a
    while); the next build removes any of it still there before it starts."""
    if os.name == "posix" and os.path.exists(path):
        gone = path + f".{os.getpid()}"
        os.replace(path, gone)
        subprocess.Popen(["rm", "-rf", gone], start_new_session=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
