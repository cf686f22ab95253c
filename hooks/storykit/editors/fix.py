"""`storykit fix`: the full-width punctuation of Chinese input methods repaired in the files
themselves (records/fullwidth.py finds it), each file written whole or not at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from storykit.records.fullwidth import fix
from storykit.records.problems import FILE, Problem
from storykit.records.settings import STORIES
from storykit.records.yamlfile import MAX_BYTES, YamlError, decode

SKIP_DIRS = {"node_modules", "site", "media"}  # never records: installed tools, output, pictures


def targets(path: Path) -> list[tuple[Path, str]]:
    """The YAML files `storykit fix` looks at for `path`, each with the name to show: a
    project folder means its stories/ and mkdocs.yml; another folder, its .yml files."""

    if path.is_file():
        return [(path, path.as_posix())]
    project = (path / STORIES).is_dir()
    top = path / STORIES if project else path
    found: list[tuple[Path, str]] = []
    if project and (path / "mkdocs.yml").is_file():  # first, as check lists it
        found.append((path / "mkdocs.yml", "mkdocs.yml"))
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith((".yml", ".yaml")) and not name.startswith("."):
                file = Path(dirpath) / name
                shown = file.relative_to(path) if project else file
                found.append((file, shown.as_posix()))
    return found


def fix_file(path: Path, shown: str) -> tuple[list[tuple[int, str]], Problem | None]:
    """Repair one file in place; its changes, or the problem that kept it from being read or
    written. A file that needs no change is not written (its time stays as it was)."""

    try:
        raw = path.read_bytes()
    except OSError as err:
        return [], Problem(shown, 1, FILE, f"无法读取文件：{err.strerror}；未改动")
    if len(raw) > MAX_BYTES:
        return [], Problem(shown, 1, FILE, "文件过大（超过 1 MB），不像一条记录；未改动")
    try:
        text = raw.decode("utf-8")  # a BOM stays in the text and is written back as it was
    except UnicodeDecodeError:
        try:
            decode(raw, shown)
        except YamlError as err:
            return [], err.problems[0]
        raise
    fixed, changes = fix(text)
    if not changes:
        return [], None
    tmp = path.with_name(f".{path.name}.storykit-fix")
    try:  # written beside and renamed over, so an interruption never leaves half a file
        tmp.write_bytes(fixed.encode("utf-8"))
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        return [], Problem(shown, 1, FILE, f"无法写入文件：{err.strerror}；未改动")
    return changes, None
