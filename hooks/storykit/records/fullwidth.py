"""Full-width punctuation typed by a Chinese input method where YAML needs ASCII.

With a Chinese IME switched on, `name: 张三` easily becomes `name：张三`, indentation becomes
full-width spaces (U+3000), a flow list `[a, b]` gets a full-width comma and a value gets
Chinese quotes. YAML then reports something confusing a line or two later, or reads the file
"correctly" into the wrong data (one theme instead of two, a name with quotes around it).

This module reads the raw text line by line with just enough YAML context (comments, block
scalars, quoted and multi-line plain scalars, flow collections, indentation levels) to tell a
structural use of such a character from ordinary Chinese text inside a value, which is never
touched. `scan` finds the structural uses, `fix` rewrites exactly those and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storykit.records.problems import SYNTAX, Problem, field_path

COLON = "："
SPACE = "\u3000"
COMMA = "，"
ENUM = "、"
QUOTES = {"“": "”", "‘": "’"}
BOM = "\ufeff"

_BREAK = re.compile("(\r\n|[\r\n\x85\u2028\u2029])")  # YAML's line breaks, as PyYAML counts them
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # a key as the models and mkdocs.yml spell them
# A short Chinese key such as 标题 (reported later as an unknown field, with a suggestion).
_WORDY = re.compile(r"[^\s\u3000，。、；：！？“”‘’（）()\[\]{},:#\"'|>&*!%@`]{1,12}")
_PATHLIKE = re.compile(r"[\w./-]+\.(?:md|html?)|https?://\S+")  # mkdocs.yml nav entries
_SEP = re.compile(r":(?=[ \t\u3000]|$)|：|(?<=[ \t])#")
_BLOCK = re.compile(r"[|>]([1-9]?)[+-]?([1-9]?)[ \t]*(?:#.*)?$")
_PROPS = re.compile(r"(?:[&!][^ \t\u3000]*[ \t]+)+")  # anchors and tags before a value
_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t]|$)")  # document start and end
_QUOTED_KEY = re.compile(r"[ \t\u3000]*(:(?=[ \t\u3000]|$)|：)")
_DASH = re.compile(r"-(?=[ \t\u3000]|$)")
_KEY_AHEAD = re.compile(r"[ \u3000]*[A-Za-z_][A-Za-z0-9_.-]*[ \u3000]*[:：]")
# Lines that are surely keys (or list items) even when they look like continued text.
_KEYISH = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*[ \t\u3000]*[:：](?:[ \t\u3000]|$)")
_KEYISH_OR_DASH = re.compile(_KEYISH.pattern + r"|-(?:[ \t\u3000]|$)")
SHOWN = 80  # longest corrected line quoted in a message
LONGEST = 500  # a key or a quoted list item is shorter; bounds the work on a pathological line


# Where a structural mistake can be, each looked for only when its character is in the text.
# Every pattern scans forward without nested repetition, so a 1 MB file costs one pass.
_KEY = r"""(?:[A-Za-z_][\w.-]*|[^\s:#：，。、；！？“”‘’\[\]{}]{1,12}|"[^"\n]*"|'[^'\n]*')"""
_P_COLON = re.compile(
    rf"^[ \t\u3000]*(?:-[ \t\u3000]+)*{_KEY}[ \t\u3000]*："  # a key line
    r"|[{,，][ \u3000]*[A-Za-z_][\w.-]*[ \u3000]*：",  # a key in {…}
    re.M,
)
_P_SPACE = re.compile(r"^ *\u3000|[:-]\u3000|\u3000[ \t]*:(?:[ \t\u3000]|$)", re.M)
_P_QUOTE = re.compile(r"(?:^|[:\-\[{,])[ \t]*(?:[&!]\S*[ \t]+)*[“‘]", re.M)
# A Chinese comma in a list: the nearest bracket before it on its line is not "{" (in {…} a
# comma is a separator only before a key), or a bracket follows it. Lists over several lines
# are caught by _open_flow.
_P_FLOW = re.compile(
    r"[\[\]}][^\[\]{}\n，、]*[，、]"
    r"|[，、][^\[\]{}\n，、]*[\[\]{]"
    r"|，[ \u3000]*[A-Za-z_][\w.-]*[ \u3000]*[:：]"
)


_BRACKET = re.compile(r"[\[\]{}]")


def suspect(text: str) -> bool:
    """Cheap test run before any line scanning: can `text` hold a structural full-width mistake?
    Never false when `scan` would find something."""
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = _BREAK.sub("\n", text)  # the patterns know only \n as the end of a line
    return bool(
        (COLON in text and _P_COLON.search(text))
        or (SPACE in text and _P_SPACE.search(text))
        or (("“" in text or "‘" in text) and _P_QUOTE.search(text))
        or (
            (COMMA in text or ENUM in text)
            and ("[" in text or "{" in text)
            and (_P_FLOW.search(text) or _open_flow(text))
        )
    )


def _open_flow(text: str) -> bool:
    """Can a list go on to the next line: does some line end inside brackets, or hold a quote
    that might hide a closing bracket?"""
    for line in text.split("\n"):
        if "[" not in line and "{" not in line:
            continue
        if '"' in line or "'" in line:
            return True
        depth = 0
        for m in _BRACKET.finditer(line):
            depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        if depth:
            return True
    return False


@dataclass
class Finding:
    """One line with one or more full-width mistakes, and the line as it should read."""

    line: int  # 1-based
    field: str
    what: list[str]  # each mistake, as told to the volunteer
    done: list[str]  # each repair, as `storykit fix` reports it
    new: str

    @property
    def shown(self) -> str:
        text = self.new if len(self.new) <= SHOWN else self.new[: SHOWN - 1] + "…"
        return f"：{text}" if text.strip() else "空行"

    @property
    def message(self) -> str:
        return f"第 {self.line} 行{'；'.join(self.what)}；改正后为{self.shown}"

    @property
    def change(self) -> str:
        return f"{'；'.join(self.done)}；现为{self.shown}"


def scan(text: str) -> list[Finding]:
    """Every line that uses a full-width character where YAML syntax needs an ASCII one."""
    return _Scanner().run(text)[0]


def check(text: str, rel: str) -> tuple[list[Problem], str]:
    """The problems in `text` (a file at `rel`), and the text with them repaired."""
    findings, fixed = _Scanner().run(text)
    return [Problem(rel, f.line, f.field, f.message) for f in findings], fixed


def fix(text: str) -> tuple[str, list[tuple[int, str]]]:
    """`text` with the mechanical mistakes repaired, and (line, description) of each repair.
    Every other character (comments, other lines, line breaks, a BOM) is kept as it was."""
    findings, fixed = _Scanner().run(text)
    return fixed, [(f.line, f.change) for f in findings]


# -- wording ---------------------------------------------------------------------------------
W_COLON = ("用了全角冒号“：”，应为半角冒号加空格“: ”", "全角冒号“：”改为半角冒号加空格“: ”")
W_COLON_SPACE = ("冒号后用了全角空格“　”，应为半角空格", "冒号后的全角空格“　”改为半角空格")
W_KEY_SPACE = ("字段名和冒号之间有全角空格“　”，应删去", "删去字段名后的全角空格“　”")
W_DASH_SPACE = ("短横“-”后用了全角空格“　”，应为半角空格", "短横“-”后的全角空格改为半角空格")
W_BLANK = ("只有全角空格“　”，YAML 不把它当作空白；应删去", "删去只含全角空格“　”的空白")
W_COMMA = (
    "列表里用了全角逗号“，”分隔各项，列表项之间应为半角逗号“,”"
    "（若逗号是内容的一部分，请给这一项加上半角引号）",
    "列表中的全角逗号“，”改为半角逗号“,”",
)
W_ENUM = (
    "列表里用了顿号“、”分隔各项，列表项之间应为半角逗号“,”"
    "（若顿号是内容的一部分，请给这一项加上半角引号）",
    "列表中的顿号“、”改为半角逗号“,”",
)
W_QUOTES = (
    '用了中文引号“…”把值括起来，应为半角引号 "…"，或不加引号',
    "中文引号改为半角引号",
)


def _w_indent(col: int) -> tuple[str, str]:
    return (
        f"缩进用了全角空格“　”，应为 {col} 个半角空格",
        f"行首的全角空格“　”改为 {col} 个半角空格",
    )


def _w_block(col: int) -> tuple[str, str]:
    return (
        f"是上面“|”或“>”下的正文，但行首只有全角空格“　”；前面还应有 {col} 个半角空格缩进"
        "（全角空格可留作段首空格）",
        f"正文行首补上 {col} 个半角空格缩进",
    )


# -- the scanner -----------------------------------------------------------------------------
@dataclass
class _Level:
    """An open block collection: a mapping (its current key) or a sequence (its item index)."""

    col: int
    kind: str  # "map" or "seq"
    key: str | int | None


@dataclass
class _Flow:
    """State inside a `[...]` or `{...}` that may run over several lines."""

    stack: list[str]
    quote: str | None = None  # inside an ASCII-quoted item
    start: bool = True  # at the start of an item or a value
    item: int = -1  # where the current item began on this line (-1: on an earlier line)


class _Edits:
    """Replacements on one line (in its own coordinates, added left to right), with what each
    one repairs."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []
        self.what: list[str] = []
        self.done: list[str] = []
        self.shift = 0  # how much longer the line has become so far

    def add(self, start: int, end: int, text: str, wording: tuple[str, str]) -> None:
        self.items.append((start, end, text))
        self.shift += len(text) - (end - start)
        if wording[0] not in self.what:
            self.what.append(wording[0])
            self.done.append(wording[1])

    def apply(self, line: str) -> str:
        out, at = [], 0
        for start, end, text in sorted(self.items):
            out += [line[at:start], text]
            at = end
        out.append(line[at:])
        return "".join(out)


def _skip(s: str, i: int, chars: str = " \t\u3000") -> int:
    while i < len(s) and s[i] in chars:
        i += 1
    return i


def _blank_after(s: str, i: int) -> int:
    """After a dash or colon: a full-width space right there is the typing mistake (skip it
    with the spaces around it); after an ASCII space, one is part of the value, as YAML reads it."""
    return _skip(s, i) if s.startswith(SPACE, i) else _skip(s, i, " \t")


def _close_quote(s: str, i: int, q: str) -> int:
    """Index just after the quote `q` closing a scalar whose text starts at `i`, or -1."""
    while True:
        j = s.find(q, i)
        if j < 0:
            return -1
        if q == "'":
            if s.startswith("''", j):  # '' is an escaped quote
                i = j + 2
                continue
            return j + 1
        back = j
        while back > i and s[back - 1] == "\\":
            back -= 1
        if (j - back) % 2 == 0:
            return j + 1
        i = j + 1


def _ascii_quoted(inner: str) -> str:
    if '"' not in inner and "\\" not in inner:
        return f'"{inner}"'
    if "'" not in inner:
        return f"'{inner}'"
    return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _chinese_quoted(s: str, v: int, end: int) -> int:
    """End of a value `s[v:end]` wholly wrapped in Chinese quotes (“张三”), else -1."""
    opening = s[v]
    closing = QUOTES[opening]
    text = s[v:end].rstrip(" \t")
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != closing or opening in inner or closing in inner:
        return -1  # “五老”宣讲团 is ordinary text
    return v + len(text)


class _Scanner:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.stack: list[_Level] = []
        self.opener: tuple[int, bool] | None = None  # column of a `key:`/`-` with nothing after
        self.block: tuple[int, int | None] | None = None  # | or >: parent column, content column
        self.plain: int | None = None  # a plain value continues on lines indented beyond this
        self.quote: str | None = None  # a quoted value continues on the next line
        self.flow: _Flow | None = None
        self.flow_field = SYNTAX
        # A line that ends a block or plain value must stay at most this far indented once
        # repaired, or it would become part of that value.
        self.limit: int | None = None

    # -- driver ----------------------------------------------------------------------------
    def run(self, text: str) -> tuple[list[Finding], str]:
        bom = BOM if text.startswith(BOM) else ""
        parts = _BREAK.split(text[len(bom) :])
        findings: list[Finding] = []
        out = [bom]
        for n, k in enumerate(range(0, len(parts), 2), start=1):
            line = parts[k]
            edits = _Edits()
            where = self.line(line, edits)
            new = edits.apply(line) if edits.items else line
            if new != line:
                findings.append(Finding(n, where, edits.what, edits.done, new))
            out.append(new)
            if k + 1 < len(parts):
                out.append(parts[k + 1])
        return findings, "".join(out)

    def field(self) -> str:
        loc = [lv.key for lv in self.stack if lv.key is not None]
        return field_path(loc) if loc else SYNTAX

    def line(self, s: str, ed: _Edits) -> str:
        """Scan one line; return the field it belongs to."""
        if self.quote:
            end = _close_quote(s, 0, self.quote)
            if end >= 0:
                self.quote = None
            return self.field()
        if self.flow:
            self._flow_line(s, ed)
            return self.flow_field
        if self.block and self._in_block(s, ed):
            return self.field()
        if self.plain is not None and self._in_plain(s, ed):
            return self.field()
        return self._structural(s, ed)

    # -- text that continues from an earlier line --------------------------------------------
    def _in_block(self, s: str, ed: _Edits) -> bool:
        """Is this line part of the block scalar (| or >) above? Repairs a paragraph indented
        with full-width spaces only, which YAML would take as the end of the text."""
        assert self.block is not None
        parent, content = self.block
        a = _skip(s, 0, " ")
        if a == len(s):
            return True
        if a >= (content if content is not None else parent + 1):
            if content is None:
                self.block = (parent, a)
            return True
        tail = s[a:].lstrip(" \u3000")
        if s[a] == SPACE and not tail:
            ed.add(0, len(s), "", W_BLANK)
            return True
        if s[a] == SPACE and not _KEYISH.match(tail):
            col = content if content is not None else parent + 2
            ed.add(0, a, " " * col, _w_block(col))
            self.block = (parent, col)
            return True
        self.block = None
        self.limit = parent
        return False

    def _in_plain(self, s: str, ed: _Edits) -> bool:
        """Is this line the continuation of a plain value started above?"""
        assert self.plain is not None
        owner = self.plain
        a = _skip(s, 0, " ")
        if a == len(s) or a > owner:
            return True
        tail = s[a:].lstrip(" \u3000")
        if s[a] == SPACE and not tail:
            ed.add(0, len(s), "", W_BLANK)
            return True
        if s[a] == SPACE and not _KEYISH_OR_DASH.match(tail) and not tail.startswith("#"):
            col = owner + 2
            ed.add(0, len(s) - len(tail), " " * col, _w_indent(col))
            return True
        self.plain = None
        self.limit = owner
        return False

    def _flow_line(self, s: str, ed: _Edits) -> None:
        """A line inside a `[...]` or `{...}` begun above (where indentation means nothing)."""
        i = _skip(s, 0, " \u3000")
        if SPACE in s[:i]:
            ws = s[:i]
            ed.add(0, i, " " * (len(ws) + ws.count(SPACE)), _w_indent(len(ws) + ws.count(SPACE)))
        if self._scan_flow(s, i, ed) is not None:
            self.flow = None

    # -- lines that carry structure ----------------------------------------------------------
    def _structural(self, s: str, ed: _Edits) -> str:
        """A line outside any multi-line value; the field it belongs to."""
        i = _skip(s, 0, " \u3000")
        ws, rest = s[:i], s[i:]
        fw = ws.count(SPACE)
        if not rest:
            if fw:
                ed.add(0, i, "", W_BLANK)
            return SYNTAX
        if rest.startswith("#"):
            if fw:
                ed.add(0, i, " " * len(ws), _w_indent(len(ws)))
            return SYNTAX
        if i == 0 and (_MARKER.match(rest) or rest.startswith("%")):
            self.reset()  # a new document: start afresh
            return SYNTAX
        dash = bool(_DASH.match(rest))
        if fw:
            col = self._choose(len(ws) - fw, fw, dash, self.limit)
            ed.add(0, i, " " * col, _w_indent(col))
        else:
            col = i
        self.opener = self.limit = None
        self._content(s, i, col, ed)
        return self.field()

    def _choose(self, ascii_n: int, fw: int, dash: bool, limit: int | None) -> int:
        """The indentation meant: the keys typed, the width seen, or the ASCII part alone,
        whichever fits the levels above (`　　year:` under `  - title:` is 4 spaces)."""
        candidates = list(dict.fromkeys((ascii_n + fw, ascii_n + 2 * fw, ascii_n)))
        if limit is not None:
            candidates = [c for c in candidates if c <= limit] or [limit]
        for col in candidates:
            if self._fits(col, dash):
                return col
        return candidates[0]

    def _fits(self, col: int, dash: bool) -> bool:
        """Could a line (a list item if `dash`) start at `col` after the lines above?"""
        if self.opener is not None:
            o, o_dash = self.opener
            if col > o or (dash and col == o and not o_dash):
                return True
        if not self.stack:
            return col == 0
        return any(lv.col == col and (lv.kind == "map" or dash) for lv in self.stack)

    def _enter(self, col: int, kind: str, key: str | None = None) -> None:
        """A key or list item at `col`: close the levels it ends, open or advance its own."""
        st = self.stack
        while st and (
            st[-1].col > col or (kind == "map" and st[-1].col == col and st[-1].kind == "seq")
        ):
            st.pop()
        top = st[-1] if st else None
        if top and top.col == col and top.kind == kind:
            if kind == "seq":
                top.key = top.key + 1 if isinstance(top.key, int) else 0
            else:
                top.key = key
        else:
            st.append(_Level(col, kind, 0 if kind == "seq" else key))

    def _content(self, s: str, p: int, col: int, ed: _Edits) -> None:
        """The line from position `p` (at column `col` once repaired): list dashes, a key, a value."""
        owner = col
        in_item = False
        while _DASH.match(s, p):
            self._enter(col, "seq")
            owner = col
            q = _blank_after(s, p + 1)
            if s.startswith(SPACE, p + 1):
                ed.add(p + 1, q, " " if q < len(s) else "", W_DASH_SPACE)
            if q == len(s) or s[q] == "#":
                self.opener = (col, True)
                return
            col = q + ed.shift
            p = q
            in_item = True
        key, v = self._key(s, p, in_item, ed)
        if key is None:
            if not in_item:
                self._enter(col, "map", None)
            self._value(s, p, owner, ed)
            return
        self._enter(col, "map", key)
        self._value(s, v, col, ed)

    def _key(self, s: str, p: int, in_item: bool, ed: _Edits) -> tuple[str | None, int]:
        """The key at `p` and where its value starts; (None, p) when the line has no key."""
        if s[p] in "\"'":
            end = _close_quote(s, p + 1, s[p])
            m = _QUOTED_KEY.match(s, end) if end > 0 else None
            if not m:
                return None, p
            return s[p + 1 : end - 1], self._separator(s, end, m.start(1), ed)
        if s[p] in "[{|>&!*“‘%@`#":
            return None, p
        m = _SEP.search(s, p)
        if not m or m.group() == "#":
            return None, p
        key = s[p : m.start()].rstrip(" \t\u3000")
        after = _blank_after(s, m.end()) if m.group() == ":" else _skip(s, m.end())
        # YAML sees no key before "：" or before ":" and a full-width space: is one meant?
        if (m.group() == COLON or s.startswith(SPACE, m.end())) and not self._meant(
            s, key, after, in_item
        ):
            return None, p
        return key, self._separator(s, p + len(key), m.start(), ed)

    @staticmethod
    def _meant(s: str, key: str, after: int, in_item: bool) -> bool:
        """Is `key` followed by a full-width separator a key, not text in a list item?"""
        if _IDENT.fullmatch(key):
            return True
        if not key or not _WORDY.fullmatch(key):
            return False
        value = s[after:].split(" #")[0].strip()
        return not in_item or after == len(s) or s[after] == "#" or bool(_PATHLIKE.fullmatch(value))

    def _separator(self, s: str, key_end: int, colon: int, ed: _Edits) -> int:
        """Repair the space before and after the key's colon; where the value starts."""
        after = _blank_after(s, colon + 1) if s[colon] == ":" else _skip(s, colon + 1)
        if s[colon] == COLON:
            text = ":" if after == len(s) else ": "
            if (
                after < len(s)
                and s[after] == "#"
                and after > colon + 1
                and SPACE not in s[colon + 1 : after]
            ):
                text = ":" + s[colon + 1 : after]  # keep the spaces before a comment
            ed.add(key_end, after, text, W_COLON)
            return after
        if SPACE in s[key_end:colon]:
            ed.add(key_end, colon, "", W_KEY_SPACE)
        if s.startswith(SPACE, colon + 1):
            ed.add(colon + 1, after, " " if after < len(s) else "", W_COLON_SPACE)
        return after

    def _value(self, s: str, v: int, owner: int, ed: _Edits) -> None:
        """The value at `v` of a key or list item at column `owner`."""
        m = _PROPS.match(s, v)
        if m:
            v = m.end()
        if v >= len(s) or s[v] == "#" or (m and s[v:].strip() == ""):
            self.opener = (owner, False)
            return
        ch = s[v]
        block = _BLOCK.match(s, v)
        if block:
            digit = block.group(1) or block.group(2)
            self.block = (owner, owner + int(digit) if digit else None)
        elif ch in "\"'":
            if _close_quote(s, v + 1, ch) < 0:
                self.quote = ch
        elif ch in "[{":
            self.flow = _Flow([])
            self.flow_field = self.field()
            if self._scan_flow(s, v, ed) is not None:
                self.flow = None
        else:
            if ch in QUOTES:
                comment = re.search(r"[ \t]#", s[v:])
                end = _chinese_quoted(s, v, v + comment.start() if comment else len(s))
                if end > 0:  # read on as the quoted value it becomes once repaired
                    ed.add(v, end, _ascii_quoted(s[v + 1 : end - 1]), W_QUOTES)
                    return
            self.plain = owner

    def _scan_flow(self, s: str, i: int, ed: _Edits) -> int | None:
        """Walk a flow collection from `i`; the index after its closing bracket, or None
        when it goes on to the next line."""
        f = self.flow
        assert f is not None
        f.item = i if f.start else -1
        n = len(s)
        while i < n:
            c = s[i]
            if f.quote:
                end = _close_quote(s, i, f.quote)
                if end < 0:
                    return None
                f.quote, f.start, i = None, False, end
                continue
            if c in " \t":
                i += 1
                continue
            if c == "#" and (i == 0 or s[i - 1] in " \t"):
                return None
            if f.start and c in "\"'":
                f.quote, f.start, i = c, False, i + 1
                continue
            if f.start and c in QUOTES:
                i = self._flow_quoted(s, i, ed)
                f.start = False
                continue
            if c in "[{":
                f.stack.append(c)
                f.start, f.item, i = True, i + 1, i + 1
                continue
            if c in "]}":
                if f.stack:
                    f.stack.pop()
                f.start, i = False, i + 1
                if not f.stack:
                    return i
                continue
            if c == ",":
                f.start, f.item, i = True, i + 1, i + 1
                continue
            top = f.stack[-1] if f.stack else "["
            if (c in (COMMA, ENUM) and top == "[") or (
                c == COMMA and top == "{" and _KEY_AHEAD.match(s, i + 1)
            ):
                k = _skip(s, i + 1, " \u3000")
                ed.add(i, k, ", ", W_COMMA if c == COMMA else W_ENUM)
                f.start, f.item, i = True, k, k
                continue
            if (
                top == "{"
                and (c == COLON or (c == ":" and s.startswith(SPACE, i + 1)))
                and f.item >= 0
                and i - f.item <= LONGEST
            ):
                key = s[f.item : i].strip(" \u3000")
                k = _skip(s, i + 1, " \u3000")
                if _IDENT.fullmatch(key):
                    start = f.item + len(s[f.item : i].rstrip(" \u3000"))
                    ed.add(start, k, ": ", W_COLON if c == COLON else W_COLON_SPACE)
                    f.start, f.item, i = True, -1, k
                    continue
            if c == ":" and (i + 1 == n or s[i + 1] in " \t,]}"):
                f.start, f.item, i = True, -1, i + 1
                continue
            f.start, i = False, i + 1
        return None

    def _flow_quoted(self, s: str, i: int, ed: _Edits) -> int:
        """A flow item starting with a Chinese quote: repaired when the quotes wrap it whole."""
        close = s.find(QUOTES[s[i]], i + 1, i + LONGEST)
        if close < 0:
            return i + 1
        k = _skip(s, close + 1, " \u3000")
        inner = s[i + 1 : close]
        if (k == len(s) or s[k] in ",，、]}#") and s[i] not in inner:
            ed.add(i, close + 1, _ascii_quoted(inner), W_QUOTES)
        return close + 1
