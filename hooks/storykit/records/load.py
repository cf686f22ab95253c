"""Find the record files under `stories/`, read them and validate each against its model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from storykit.records import drafts, privacy, yamlfile
from storykit.records.messages import message
from storykit.records.models import FOLDERS, Metric, Record, Theme
from storykit.records.problems import FILE, Problem, field_path, show
from storykit.records.settings import MEDIA, METRICS, STORIES, THEMES
from storykit.records.types import SLUG_RE

IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", "README.md"}


@dataclass(eq=False)
class Entry:
    """A record as read from one file: its model plus where it came from."""

    kind: str
    id: str
    rel: str  # path relative to the project root, e.g. stories/cases/x.yml
    record: Record
    doc: yamlfile.YamlDoc
    mtime_ns: int = 0
    region: str | None = None  # resolved GB/T 2260 code, set by the catalog
    # the privacy check's findings, which depend on the file alone: made when it is read
    # and kept with it, so a later run (the preview's next rebuild, the next `make build`)
    # does not redo them
    findings: list[Problem] = field(default_factory=list)
    # what a draft still lacks (drafts.py): reminders, made when the file is read
    reminders: list[Problem] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    @property
    def title(self) -> str:
        """The record's title; a draft that has none yet goes by its id."""
        return self.record.display_title or self.id

    @property
    def checks(self) -> tuple[str, ...]:
        """What an import asked to check (`# 请核对：…` at the head of the file)."""
        return drafts.checks(self.doc)

    def line(self, loc: tuple[str | int, ...]) -> int:
        return self.doc.line_of(loc)


@dataclass
class Loaded:
    entries: list[Entry] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    theme_lines: dict[str, int] = field(default_factory=dict)
    metrics: list[Metric] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def rel_path(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


class Loader:
    """Reads a project tree. Keeps parsed entries keyed by file and mtime so that a preview
    rebuild re-reads only the files that changed."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        self._cache: dict[str, tuple[int, int, Entry | list[Problem]]] = {}

    @property
    def parsed(self) -> dict[str, tuple[int, int, Entry | list[Problem]]]:
        """What was read, by file: kept by the build's memory for the next `make build`."""
        return self._cache

    def recall(self, parsed: dict[str, tuple[int, int, Entry | list[Problem]]]) -> None:
        """Take files read by an earlier run; each is read again if it changed since."""
        self._cache = dict(parsed)

    def load(self) -> Loaded:
        out = Loaded()
        stories = self.root / STORIES
        if not stories.is_dir():
            out.problems.append(
                Problem(STORIES, 1, FILE, "找不到 stories 文件夹；请在项目根目录运行")
            )
            return out
        self._load_themes(self.root / THEMES, out)
        self._load_metrics(self.root / METRICS, out)
        seen: set[str] = set()
        skip = len(str(self.root)) + 1
        # paths as text, sorted as pathlib sorts them: ten thousand Path objects cost more
        # than reading the records they name from the cache
        for name in sorted(_walk(stories), key=lambda n: n.split(os.sep)):
            rel = name[skip:].replace(os.sep, "/")
            if not _well_placed(rel) and (problem := _misplaced(stories, Path(name), rel)):
                out.problems.append(problem)
                continue
            seen.add(rel)
            result = self._read(name, rel)
            if isinstance(result, Entry):
                out.entries.append(result)
            else:
                out.problems.extend(result)
        for stale in set(self._cache) - seen:
            del self._cache[stale]
        return out

    def _read(self, name: str, rel: str) -> Entry | list[Problem]:
        path = Path(name)
        try:
            st = os.stat(name)
        except OSError:
            return [Problem(rel, 1, FILE, "无法读取文件")]
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._cache.get(rel)
        if cached and cached[:2] == stamp:
            return cached[2]
        result = read_record(path, rel, FOLDERS[path.parent.name].kind)
        if isinstance(result, Entry):
            result.mtime_ns = st.st_mtime_ns
            result.findings = privacy.check(result)
        self._cache[rel] = (*stamp, result)
        return result

    def _vocabulary(
        self, path: Path, what: str, out: Loaded
    ) -> tuple[str, yamlfile.YamlDoc] | None:
        """A vocabulary file (themes, metrics) read as a list: (rel, doc), or None when it is
        absent or unreadable (its problems are in `out`)."""
        rel = rel_path(self.root, path)
        if not path.exists():
            return None
        try:
            doc = yamlfile.read(str(path), rel)
        except yamlfile.YamlError as err:
            out.problems.extend(err.problems)
            return None
        if not isinstance(doc.data, list):
            message = f"{what}应为列表（每项以“- name:”开头）；实际为 {show(doc.data)}"
            out.problems.append(Problem(rel, 1, FILE, message))
            return None
        return rel, doc

    def _load_themes(self, path: Path, out: Loaded) -> None:
        found = self._vocabulary(path, "主题词表", out)
        if found is None:
            return
        rel, doc = found
        slugs: dict[str, int] = {}
        for i, item in enumerate(doc.data):
            try:
                theme = Theme.model_validate(item)
            except ValidationError as err:
                out.problems.extend(_problems(Theme, err, doc, rel, (i,)))
                continue
            line = doc.line_of((i,))
            if theme.name in out.theme_lines or theme.slug in slugs:
                out.problems.append(
                    Problem(rel, line, f"[{i}]", f"主题 {theme.name} 重复；请删去其中一个")
                )
                continue
            out.theme_lines[theme.name] = line
            slugs[theme.slug] = line
            out.themes.append(theme)

    def _load_metrics(self, path: Path, out: Loaded) -> None:
        """The vocabulary of key figures; checked like the themes, a name or alias once."""
        found = self._vocabulary(path, "指标词表", out)
        if found is None:
            return
        rel, doc = found
        seen: dict[str, str] = {}  # a name or alias → the metric that has it
        for i, item in enumerate(doc.data):
            try:
                metric = Metric.model_validate(item)
            except ValidationError as err:
                out.problems.extend(_problems(Metric, err, doc, rel, (i,)))
                continue
            clash = next((w for w in (metric.name, *metric.aliases) if w in seen), None)
            if clash:
                where = "名称" if clash == metric.name else "别名"
                message = f"{where} {clash} 已属于指标 {seen[clash]}；同一名称只能属于一个指标"
                out.problems.append(Problem(rel, doc.line_of((i,)), f"[{i}]", message))
                continue
            bad = [u for u, f in metric.units.items() if not f > 0]
            if bad:
                line = doc.line_of((i, "units", bad[0]))
                message = f"单位 {bad[0]} 的换算倍数应为大于 0 的数，例如 {{元: 0.0001}}"
                out.problems.append(Problem(rel, line, f"[{i}].units.{bad[0]}", message))
                continue
            for word in (metric.name, *metric.aliases):
                seen[word] = metric.name
            out.metrics.append(metric)


def _record_like(name: str) -> bool:
    """A YAML file, or one Notepad saved with .txt added (x.yml.txt); nothing else is a record."""
    return name.lower().endswith((".yml", ".yaml", ".yml.txt", ".yaml.txt"))


def _walk(stories: Path) -> Iterator[str]:
    """The files to read as records, and the record-like files that sit where none are read
    (each gets a message). Pictures, Word files, PDFs and anything else that is not YAML are
    never records, wherever they sit: beside a record, in a folder of their own, in media/."""
    media = str(stories.parent / MEDIA)
    skipped = {str(stories.parent / THEMES), str(stories.parent / METRICS)}
    top = str(stories)
    for dirpath, dirnames, filenames in os.walk(stories):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if dirpath == media or dirpath.startswith(media + os.sep):  # pictures, not records
            dirnames[:] = []
            continue
        parent, folder = os.path.split(dirpath)
        in_kind = parent == top and folder in FOLDERS
        for name in filenames:
            if name in IGNORED or name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            if path in skipped:
                continue
            # a .txt right beside the records may be one saved by Notepad: it is named
            if _record_like(name) or (in_kind and name.lower().endswith(".txt")):
                yield path


def _well_placed(rel: str) -> bool:
    """The usual case, told quickly: stories/<kind folder>/<id>.yml."""
    parts = rel.split("/")
    return (
        len(parts) == 3
        and parts[0] == STORIES
        and parts[1] in FOLDERS
        and parts[2].endswith(".yml")
        and SLUG_RE.match(parts[2][:-4]) is not None
    )


def _misplaced(stories: Path, path: Path, rel: str) -> Problem | None:
    """Record-like files that would otherwise be silently skipped are reported."""
    folder = path.parent
    name = path.name
    lower = name.lower()
    if folder == stories:
        return Problem(
            rel, 1, FILE, f"记录文件应放在子文件夹里：{'、'.join(f + '/' for f in FOLDERS)}"
        )
    top = path.relative_to(stories).parts[0]
    if top not in FOLDERS:
        return Problem(
            rel,
            1,
            FILE,
            f"文件夹 {top} 不是记录类型；记录应放在 {'、'.join(FOLDERS)} 之一（图片可放在记录旁边或 media/）",
        )
    if folder != stories / top:
        inner = folder.relative_to(stories).as_posix()
        return Problem(
            rel,
            1,
            FILE,
            f"记录文件要直接放在 {top}/ 里，放在子文件夹 {inner}/ 里不会被读取；"
            f"请把它移到 {top}/（子文件夹只放图片等文件）",
        )
    if lower.endswith((".yml.txt", ".yaml.txt")):
        stem = name[: lower.rindex(".y")]
        return Problem(
            rel,
            1,
            FILE,
            f"扩展名应为 .yml，这个文件名后面多了 .txt（记事本保存时常会加上，Windows 又把它藏起来）；"
            f"请把文件改名为 {stem}.yml",
        )
    if lower.endswith(".yaml") or (lower.endswith(".yml") and not name.endswith(".yml")):
        return Problem(rel, 1, FILE, f"扩展名应为 .yml；请把文件改名为 {path.stem}.yml")
    if not lower.endswith(".yml"):
        return Problem(rel, 1, FILE, f"记录文件的扩展名应为 .yml；这个文件（{name}）不会被读取")
    if not SLUG_RE.match(path.stem):
        return Problem(
            rel,
            1,
            FILE,
            f"文件名 {name} 不能作为编号；只能用小写英文字母、数字和连字符，例如 lin-shuyan.yml",
        )
    return None


def read_record(path: Path, rel: str, kind: str) -> Entry | list[Problem]:
    model = next(m for m in FOLDERS.values() if m.kind == kind)
    try:
        doc = yamlfile.read(str(path), rel)
    except yamlfile.YamlError as err:
        return err.problems
    return validate(model, doc, rel, path.stem)


def validate(
    model: type[Record], doc: yamlfile.YamlDoc, rel: str, rid: str
) -> Entry | list[Problem]:
    if not isinstance(doc.data, dict):
        return [
            Problem(
                rel,
                doc.lines.get((), 1),
                FILE,
                f"文件应为一组字段（每行“字段名: 值”）；实际为 {show(doc.data)}",
            )
        ]
    # a draft may lack required fields: each is a reminder, the fields it has are checked
    lacking = drafts.missing(model, doc.data)
    reminders = drafts.reminders(model, lacking, doc, rel)
    checked, data = model, doc.data
    if lacking:
        checked, data = drafts.lenient(model), drafts.without(doc.data, lacking)
    try:
        record = checked.model_validate(data)
    except ValidationError as err:
        problems = _problems(model, err, doc, rel, ())
        other = _belongs_to(model, doc.data, err)
        if other is None:
            return problems + reminders
        # one cause, one message: the file is in the wrong folder, not full of mistakes
        return [
            Problem(
                rel,
                doc.lines.get((), 1),
                FILE,
                f"这是一条{other.label}记录，却放在了 {model.folder}/ 里；请把文件移到 "
                f"{STORIES}/{other.folder}/（按{model.label}检查会有 {len(problems)} 个问题）",
            )
        ]
    if lacking:
        record = drafts.as_kind(model, record)
    return Entry(model.kind, rid, rel, record, doc, reminders=reminders)


def _belongs_to(
    model: type[Record], data: dict[str, Any], err: ValidationError
) -> type[Record] | None:
    """The kind a record that fails its folder's model was written as, if that is clear:
    another kind's model accepts it whole, or knows every key the folder's model does not."""
    unknown = {str(e["loc"][0]) for e in err.errors() if e["type"] == "extra_forbidden"}
    if not unknown:
        return None  # the keys fit this folder: ordinary mistakes
    near: list[tuple[int, type[Record]]] = []
    for other in FOLDERS.values():
        if other is model:
            continue
        try:
            other.model_validate(data)
        except ValidationError as other_err:
            kinds = [e["type"] for e in other_err.errors()]
            if "extra_forbidden" not in kinds and len(kinds) < err.error_count():
                near.append((len(kinds), other))
            continue
        return other
    return min(near, key=lambda n: n[0])[1] if near else None


def _problems(
    model: type[Any], err: ValidationError, doc: yamlfile.YamlDoc, rel: str, prefix: tuple
) -> list[Problem]:
    out: list[Problem] = []
    errors = err.errors(include_url=False)
    for e in errors:
        loc = _as_written(doc.data, _clean_loc(e["loc"]))
        out.append(
            Problem(
                rel,
                doc.line_of((*prefix, *loc)),
                field_path((*prefix, *loc)) if (prefix or loc) else FILE,
                message(model, {**e, "loc": loc}),
            )
        )
    return out


def _as_written(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A single value where a list may be written (`category: 老战士`) is read as a list of
    one; its problem is said at the value as written, `category`, not `category[0]`."""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            return loc
        if not isinstance(data, dict) or part not in data:
            return loc
        data = data[part]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        if nxt == 0 and isinstance(data, str | int) and not isinstance(data, bool):
            return (*loc[: i + 1], *loc[i + 2 :])
    return loc


def _clean_loc(loc: tuple) -> tuple[str | int, ...]:
    """Drop pydantic's internal union/validator tags such as 'function-before[...]'."""
    return tuple(
        p for p in loc if isinstance(p, int) or ("[" not in p and p not in ("str", "int", "float"))
    )
