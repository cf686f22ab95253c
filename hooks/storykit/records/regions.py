"""GB/T 2260 regions: provinces, prefectures and counties, and the ways a volunteer may name one.

A record's `region` is a code (`210922`), a name path (`辽宁省/阜新市/彰武县`), or an
unambiguous short form (`阜新市彰武县`, `彰武县`). The bundled table comes from
`tools/build_regions.py`; its header says where it was derived from.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Common suffixes a volunteer may drop: "彰武" for 彰武县, "阜新" for 阜新市.
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
)
_SEPARATORS = re.compile(r"\s*[/／、,，>＞\s]\s*")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: int  # 1 province, 2 prefecture, 3 county
    parent: str | None


class RegionError(ValueError):
    """A region that cannot be resolved; `.suggestion` holds the likely intended path, if any."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class Regions:
    def __init__(self, rows: list[tuple[str, str, str]], source: str = "") -> None:
        self.source = source
        self._by_code: dict[str, Region] = {}
        self._children: dict[str | None, list[Region]] = {}
        parents = {code: parent or None for code, _, parent in rows}
        for code, name, parent in rows:
            level, up = 1, parents[code]
            while up:
                level, up = level + 1, parents[up]
            region = Region(code, name, level, parent or None)
            self._by_code[code] = region
            self._children.setdefault(region.parent, []).append(region)
        self._paths = {code: self._join(code) for code in self._by_code}
        self._by_path = {path: code for code, path in self._paths.items()}
        # Every suffix of a chain, spelled fully or with short names, points at the region it ends in.
        self._keys: dict[str, set[str]] = {}
        for code in self._by_code:
            names = [r.name for r in self.chain(code)]
            for start in range(len(names)):
                tail = names[start:]
                for key in {"".join(tail), "".join(_short(n) for n in tail[:-1]) + tail[-1]}:
                    self._keys.setdefault(key, set()).add(code)
                self._keys.setdefault("".join(tail[:-1]) + _short(tail[-1]), set()).add(code)

    @classmethod
    @cache
    def load(cls) -> Regions:
        text = resources.files("storykit").joinpath("data/regions.tsv").read_text(encoding="utf-8")
        rows, source = [], []
        for line in text.splitlines():
            if line.startswith("#"):
                source.append(line[1:].strip())
            elif line.strip():
                code, name, parent = (line.split("\t") + ["", ""])[:3]
                rows.append((code, name, parent))
        return cls(rows, "\n".join(source))

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Region:
        return self._by_code[code]

    def chain(self, code: str) -> list[Region]:
        """The region and its ancestors, province first."""
        out = []
        region: Region | None = self._by_code[code]
        while region:
            out.append(region)
            region = self._by_code.get(region.parent) if region.parent else None
        return out[::-1]

    def _join(self, code: str) -> str:
        return "/".join(r.name for r in self.chain(code))

    def path(self, code: str) -> str:
        return self._paths[code]

    def children(self, code: str | None) -> list[Region]:
        return list(self._children.get(code, []))

    def resolve(self, text: str | int) -> Region:
        """The one region `text` names, or a RegionError in Chinese saying why not."""
        raw = str(text).strip()
        if not raw:
            raise RegionError('地区不能为空；请写地区名称，例如 "辽宁省/阜新市/彰武县"，或六位代码')
        if raw.isdigit():
            if raw in self._by_code:
                return self._by_code[raw]
            hint = " (GB/T 2260 六位数字)" if len(raw) != 6 else ""
            raise RegionError(f'未找到地区代码 "{raw}"{hint}；请检查代码，或改写为地区名称')
        parts = [p for p in _SEPARATORS.split(raw) if p]
        joined = "/".join(parts)
        if joined in self._by_path:
            return self._by_code[self._by_path[joined]]
        codes = self._keys.get("".join(parts), set())
        if len(codes) == 1:
            return self._by_code[next(iter(codes))]
        if codes:
            options = "、".join(f'"{self.path(c)}"' for c in sorted(codes)[:6])
            raise RegionError(f'地区 "{raw}" 有多处同名：{options}；请写出上级地区')
        suggestion = self._suggest(joined)
        message = f'未找到地区 "{raw}"'
        if suggestion:
            message += f'，是否想写 "{suggestion}"？'
        else:
            message += '；请写完整的地区名称，例如 "辽宁省/阜新市/彰武县"'
        raise RegionError(message, suggestion)

    def _suggest(self, joined: str) -> str | None:
        # Compare with paths of the same depth first, so "辽宁省/阜新市/彰五县" finds 彰武县.
        depth = joined.count("/") + 1
        same = [p for p in self._by_path if p.count("/") + 1 == depth]
        hits = difflib.get_close_matches(joined, same, n=1, cutoff=0.75)
        if hits:
            return hits[0]
        names = {r.name: c for c, r in self._by_code.items()}
        tail = joined.rsplit("/", 1)[-1]
        # "沿河县" for 沿河土家族自治县: the stem names exactly one region.
        stem = _short(tail)
        starts = [c for n, c in names.items() if len(stem) >= 2 and n.startswith(stem)]
        if len(starts) == 1:
            return self.path(starts[0])
        hits = difflib.get_close_matches(tail, list(names), n=1, cutoff=0.6)
        return self.path(names[hits[0]]) if hits else None
