"""Read one YAML file into plain data, keeping the line of every key and list item.

PyYAML silently keeps the last of two equal keys and loses line numbers once it has built
Python objects, so we compose the node tree and build the data ourselves.

Full-width punctuation typed with a Chinese input method (`name：张三`) is found before YAML
sees it (see fullwidth.py): YAML's own message would point at the wrong line or not come at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from storykit.records import fullwidth
from storykit.records.problems import ENCODING, FILE, SYNTAX, Problem

try:  # libyaml is ten times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000  # a record is a page of text; anything larger is a mistake
MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")
MAX_DEPTH = 100  # no record nests this deep; libyaml's composer overflows the C stack far deeper
TOO_DEEP = (
    f"嵌套层数过多（超过 {MAX_DEPTH} 层）；请检查方括号“[ ]”、花括号“{{ }}”是否成对，"
    "以及缩进是否一层比一层多"
)
# What can open a nesting level: a flow bracket, a complex key, a list dash, or a key whose
# value starts on the next line. Fewer of these than MAX_DEPTH and the text cannot be too deep.
_OPENERS = re.compile(
    r"[\[{?]|-(?=[ \t\r\n]|$)"
    r"|:[ \t]*(?:[&!][^ \t\r\n]*[ \t]+)*(?:[&!][^ \t\r\n]*)?(?:[ \t]+#[^\r\n]*)?[ \t]*\r?$",
    re.M,
)

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """Plain data plus the 1-based line of every key path (`("honors", 1, "year")`)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    tags: dict[Loc, str] = field(default_factory=dict)  # values with a tag we do not construct
    head: tuple[str, ...] = ()  # the comment lines above the first field, without their `#`

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known prefix of `loc` (a missing key → its parent's line)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class YamlError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def decode(raw: bytes, rel: str) -> str:
    """UTF-8 with or without a BOM; anything else is an error naming the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlError(
            [
                Problem(
                    rel,
                    line,
                    ENCODING,
                    "文件不是 UTF-8 编码（第 "
                    f"{err.start + 1} 个字节无法识别）；请在编辑器中选择“另存为 UTF-8”",
                )
            ]
        ) from None


def read(path: str, rel: str) -> YamlDoc:
    """Load a file from disk; every failure becomes a YamlError with problems."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise YamlError([Problem(rel, 1, FILE, f"无法读取文件：{err.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise YamlError(
            [
                Problem(
                    rel,
                    1,
                    FILE,
                    "文件过大（超过 1 MB）；一条记录应是一页文字，请拆分或删去多余内容",
                )
            ]
        )
    return parse(decode(raw, rel), rel)


def parse(text: str, rel: str) -> YamlDoc:
    """Plain data with lines, or a YamlError listing every problem; nothing else is raised."""
    if fullwidth.suspect(text):
        found, fixed = fullwidth.check(text, rel)
        if found:
            # The root cause first; then whatever else is wrong once it is repaired (the
            # repair keeps every line where it is, so those lines are right too).
            raise YamlError(found + _problems_of(fixed, rel))
    return _parse(text, rel)


def _problems_of(text: str, rel: str) -> list[Problem]:
    try:
        _parse(text, rel)
    except YamlError as err:
        return err.problems
    return []


def _parse(text: str, rel: str) -> YamlDoc:
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise YamlError(
            [Problem(rel, 1, FILE, "文件是空的；请按编辑指南填写字段，例如 title: 标题")]
        )
    deep = _too_deep(text, rel)
    if deep:
        raise YamlError([deep])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        raise YamlError([_syntax_problem(err, text, rel)]) from None
    except yaml.YAMLError as err:  # e.g. more than one document
        raise YamlError([Problem(rel, 1, SYNTAX, f"YAML 格式错误：{err}")]) from None
    except RecursionError:  # the pure-Python composer, should _too_deep ever miss a case
        raise YamlError([Problem(rel, 1, SYNTAX, TOO_DEEP)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlError(
            [Problem(rel, 1, FILE, "文件是空的；请按编辑指南填写字段，例如 title: 标题")]
        )
    builder = _Builder(rel)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise YamlError([Problem(rel, 1, SYNTAX, TOO_DEEP)]) from None
    if builder.problems:
        raise YamlError(builder.problems)
    return YamlDoc(data, builder.lines, builder.tags, _head(text))


def _head(text: str) -> tuple[str, ...]:
    """The comments at the top of a file (an import's notes on what to check)."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        out.append(stripped.lstrip("#").strip())
    return tuple(out)


def _too_deep(text: str, rel: str) -> Problem | None:
    """A problem at the line where nesting passes MAX_DEPTH, found from the event stream
    (which libyaml produces without recursion) before anything composes it recursively."""
    if len(_OPENERS.findall(text)) < MAX_DEPTH:  # the common case: no second pass
        return None
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(rel, event.start_mark.line + 1, SYNTAX, TOO_DEEP)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:  # reported with its line by the composer
        return None
    finally:
        loader.dispose()
    return None


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, rel: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in src or (err.problem and "tab" in err.problem):
        msg = "缩进里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成两个空格"
    elif err.problem and "mapping values are not allowed" in err.problem:
        msg = '这一行的冒号位置不对；若值里含有“: ”，请给整个值加上引号，例如 title: "一：二"'
    elif err.problem and ("could not find expected ':'" in err.problem):
        msg = "缺少冒号；每个字段应写成“字段名: 值”（冒号后有一个空格）"
    elif err.problem and "found another document" in err.problem:
        msg = "一个文件只能写一条记录；这一行的 --- 开始了第二份内容，请删去它，或拆成两个文件"
    elif err.problem and "did not find expected key" in err.problem:
        msg = "这里应是“字段名: 值”；可能是上面某行的引号没有闭合，或这一行的缩进和上一行不齐"
    elif err.problem and "end of stream" in err.problem:
        msg = "文件在引号或括号闭合之前就结束了；请检查上面各行的引号是否成对"
    elif err.problem and "expected <block end>" in err.problem:
        msg = "缩进不齐；同一层的字段应对齐，列表项以“- ”开头并比上级字段多缩进两个空格"
    elif err.problem and "found character" in err.problem:
        msg = f"出现了 YAML 不允许的字符（{err.problem}）；请给这个值加上引号"
    else:
        what = err.problem or err.context or "无法解析"
        msg = f"YAML 格式错误：{what}；请检查这一行及上一行的缩进、冒号和引号"
    return Problem(rel, line, SYNTAX, msg)


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording lines and duplicates."""

    def __init__(self, rel: str):
        self.rel = rel
        self.lines: dict[Loc, int] = {}
        self.tags: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.active: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:  # reached through aliases (&a [*b]), which the text does not show
            if not any(p.message == TOO_DEEP for p in self.problems):
                self.problems.append(Problem(self.rel, node.start_mark.line + 1, SYNTAX, TOO_DEEP))
            return None
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self.problems.append(
                    Problem(
                        self.rel,
                        node.start_mark.line + 1,
                        FILE,
                        "文件内容过多（引用展开后超过 20 万项）",
                    )
                )
            return None
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in self.constructor.yaml_constructors:
            self.tags[loc] = node.tag  # e.g. mkdocs.yml's !ENV, for the reader to resolve
        if id(node) in self.active:  # an alias that contains itself
            self.problems.append(
                Problem(self.rel, node.start_mark.line + 1, SYNTAX, "锚点（&）引用了自身，无法展开")
            )
            return None
        if isinstance(node, yaml.MappingNode):
            self.active.add(id(node))
            try:
                return self._mapping(node, loc, depth)
            finally:
                self.active.discard(id(node))
        if isinstance(node, yaml.SequenceNode):
            self.active.add(id(node))
            try:
                return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
            finally:
                self.active.discard(id(node))
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag not in self.constructor.yaml_constructors:
            # mkdocs.yml uses tags such as !ENV and !!python/name:…; keep their text, run nothing
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            self.problems.append(
                Problem(self.rel, node.start_mark.line + 1, SYNTAX, f"无法识别的值：{err}")
            )
            return None
        except ValueError:  # e.g. a date like 2023-13-45
            self.problems.append(
                Problem(
                    self.rel,
                    node.start_mark.line + 1,
                    SYNTAX,
                    f'无法识别的值 "{node.value}"；日期请写成 "2023-05-01" 并加引号',
                )
            )
            return None

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        try:
            self.constructor.flatten_mapping(node)  # resolves `<<: *anchor` merges
        except yaml.YAMLError as err:
            self.problems.append(Problem(self.rel, node.start_mark.line + 1, SYNTAX, str(err)))
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self.rel, line, SYNTAX, "字段名应是一个词，不能是列表或映射")
                )
                continue
            key = self._scalar(key_node)
            key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            if key in seen:
                where = ".".join(str(p) for p in (*loc, key))
                self.problems.append(
                    Problem(
                        self.rel,
                        line,
                        where,
                        f"字段重复：第 {seen[key]} 行已经写过 {key}；请删去其中一个",
                    )
                )
                continue
            seen[key] = line
            self.lines[(*loc, key)] = line
            out[key] = self.build(value_node, (*loc, key), depth + 1)
        return out
