"""Reading another storykit site's open data (/data/, pages/opendata.py writes it) for
`storykit import URL`: over HTTP(S) with the standard library, or from a folder that holds a
copy of it. Everything read is untrusted: every file has a size limit, every connection a
timeout and a deadline, and every answer that is not what a storykit site serves is a
`DataError` with a Chinese message, never a traceback."""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from storykit.pages.opendata import DATA_URL, FORMAT, MANIFEST, VERSION
from storykit.records.models import KINDS
from storykit.records.types import SLUG_RE

# -- limits: a storykit site's data is far below them; beyond them it is a mistake or an attack
MAX_MANIFEST = 1_000_000  # bytes: the manifest lists a handful of kinds
MAX_KIND_FILE = 50_000_000  # bytes of one kind's JSON (about 20,000 long records)
MAX_RECORDS = 20_000  # records in one kind's file
MAX_PICTURE = 20_000_000  # bytes of one picture (the published JPEGs are well under 1 MB)
MAX_TEXT = 200  # characters of the manifest's site name and organisation name
TIMEOUT = 20  # seconds a server may stay silent (connecting, or between two parts of a file)
DEADLINE = 180  # seconds one file may take in all, however slowly it trickles in
CHUNK = 64 * 1024
AGENT = "storykit-import/1 (+https://github.com/)"
HTTP = re.compile(r"^https?://", re.I)
FILE_NAME = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$")


class DataError(Exception):
    """Data that cannot be imported; the message says why, in Chinese."""


def size(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB" if n >= 1_000_000 else f"{n // 1000} KB"


class _OnlyHttp(urllib.request.HTTPRedirectHandler):
    """Redirects followed only to http(s): never to ftp: or a file."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not HTTP.match(newurl):
            raise DataError(f"{req.full_url}: 服务器把请求转到了 {newurl}，这不是网址；没有导入")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_OnlyHttp)


def fetch_url(url: str, limit: int, what: str) -> bytes:
    """The body at `url`, at most `limit` bytes, within TIMEOUT and DEADLINE."""
    if not HTTP.match(url):
        raise DataError(f"{url}: {what}的地址不是 http:// 或 https:// 网址；没有导入")
    request = urllib.request.Request(
        url, headers={"User-Agent": AGENT, "Accept-Encoding": "identity"}
    )
    start = time.monotonic()
    slow = f"{url}: 服务器太慢（{what}在 {TIMEOUT} 秒内没有回应，或 {DEADLINE} 秒内没有传完）；请稍后再试"
    cut = f"{url}: 连接中途断开，{what}没有下载完整；请稍后再试"
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise DataError(
                    f"{url}: {what}有 {size(int(length))}，超过上限 {size(limit)}；没有导入"
                )
            parts: list[bytes] = []
            got = 0
            while True:
                if time.monotonic() - start > DEADLINE:
                    raise DataError(slow)
                part = response.read(CHUNK)
                if not part:
                    break
                got += len(part)
                if got > limit:
                    raise DataError(f"{url}: {what}超过上限 {size(limit)}；没有导入")
                parts.append(part)
            if length and length.isdigit() and got < int(length):
                raise DataError(cut)
            return b"".join(parts)
    except DataError:
        raise
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise DataError(
                f"{url}: 找不到{what}（404）；请核对网址，并确认对方网站已开放数据（有“数据开放”页面）"
            ) from None
        raise DataError(
            f"{url}: 服务器回答错误（{err.code}），没有得到{what}；请稍后再试"
        ) from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise DataError(slow) from None
        if isinstance(err.reason, http.client.HTTPException | ConnectionError):
            raise DataError(cut) from None
        raise DataError(f"{url}: 无法连接服务器（{err.reason}）；请核对网址和网络") from None
    except TimeoutError:
        raise DataError(slow) from None
    except (http.client.HTTPException, ConnectionError, OSError) as err:
        if isinstance(err, http.client.HTTPException | ConnectionError):
            raise DataError(cut) from None
        raise DataError(f"{url}: 读取{what}失败（{err}）；请稍后再试") from None


def read_file(path: Path, limit: int, what: str) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise DataError(
                f"{path}: {what}有 {size(path.stat().st_size)}，超过上限 {size(limit)}；没有导入"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: 找不到{what}") from None
    except OSError as err:
        raise DataError(f"{path}: 无法读取{what}（{err.strerror}）") from None


@dataclass(frozen=True)
class Place:
    """Where the data is: its manifest, and the root of the site it belongs to (an URL ending
    in / or a folder), against which pictures given relative to the site are found."""

    manifest: str
    root: str
    remote: bool

    def resolve(self, ref: str) -> str:
        """A file named in the manifest (relative to it)."""
        if not FILE_NAME.match(ref) or ".." in ref.split("/"):
            raise DataError(f"{self.manifest}: 数据清单里的文件名 {ref!r} 不合规定；没有导入")
        if self.remote:
            return urljoin(self.manifest, ref)
        return str(Path(self.manifest).parent / ref)

    def read(self, where: str, limit: int, what: str) -> bytes:
        if self.remote or HTTP.match(where):
            return fetch_url(where, limit, what)
        return read_file(Path(where), limit, what)


def place_of(arg: str) -> Place | None:
    """The data `arg` names: a site's address, its /data/, its manifest.json, or a folder
    holding manifest.json. None when it names none of these (an article to import)."""
    if HTTP.match(arg):
        parts = urlsplit(arg)
        if not parts.hostname:
            return None
        path = parts.path or "/"
        base = f"{parts.scheme}://{parts.netloc}"
        if path.endswith(".json"):
            manifest = base + path
        elif path.rstrip("/").endswith("/" + DATA_URL.rstrip("/")):
            manifest = base + path.rstrip("/") + "/" + MANIFEST
        else:
            manifest = base + path.rstrip("/") + "/" + DATA_URL + MANIFEST
        return Place(manifest, urljoin(manifest, "../"), True)
    folder = Path(arg)
    if folder.is_dir() and (folder / MANIFEST).is_file():
        return Place(str((folder / MANIFEST).resolve()), str(folder.resolve().parent), False)
    return None


def parse_json(data: bytes, where: str, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataError(
            f"{where}: {what}不是 UTF-8 编码的文字；这不是 storykit 网站的数据"
        ) from None
    except (ValueError, RecursionError):
        head = data[:200].decode("utf-8", "replace").lstrip().lower()
        seen = "，收到的是网页" if head.startswith(("<!doctype", "<html", "<")) else ""
        raise DataError(
            f"{where}: {what}不是 JSON{seen}；请核对网址（应为对方网站的首页、/data/ 或 "
            "/data/manifest.json）"
        ) from None


def _text(value: Any, where: str, name: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise DataError(f"{where}: {name} 应为不超过 {MAX_TEXT} 字的文字；没有导入")
    if "<" in value or ">" in value:
        raise DataError(f"{where}: {name} 含有网页标记（< 或 >）；没有导入")
    return value.strip()


def _format(data: Any, where: str, what: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError(
            f"{where}: 这不是 storykit 网站的{what}（format 应为 {FORMAT}）；请核对网址"
        )
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise DataError(
            f"{where}: {what}的格式版本是 {version!r}，本程序只认识版本 {VERSION}；"
            "请把 storykit 升级到与对方网站相同的版本"
        )
    return data


@dataclass(frozen=True)
class Manifest:
    site_name: str
    site_url: str | None
    org_id: str | None
    org_name: str | None
    files: dict[str, str]  # kind → where its JSON is
    unknown: tuple[str, ...] = ()  # kinds this storykit does not know


def read_manifest(place: Place) -> Manifest:
    where = place.manifest
    data = _format(
        parse_json(place.read(where, MAX_MANIFEST, "数据清单"), where, "数据清单"),
        where,
        "数据清单",
    )
    site_name = _text(data.get("site_name"), where, "site_name") or ""
    site_url = data.get("site_url")
    if site_url is not None and (not isinstance(site_url, str) or not HTTP.match(site_url)):
        raise DataError(f"{where}: site_url 应为 http:// 或 https:// 开头的网址；没有导入")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    org = data.get("org")
    org_id = org_name = None
    if org is not None:
        if not isinstance(org, dict):
            raise DataError(f"{where}: org 应为 {{id, name}}；没有导入")
        org_id = _text(org.get("id"), where, "org.id")
        org_name = _text(org.get("name"), where, "org.name")
    kinds = data.get("kinds")
    if not isinstance(kinds, list):
        raise DataError(f"{where}: 数据清单里没有 kinds 列表；没有导入")
    files: dict[str, str] = {}
    unknown: list[str] = []
    for item in kinds:
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            raise DataError(f"{where}: kinds 的每一项应写明 kind 和 json；没有导入")
        kind = item["kind"]
        if kind not in KINDS:
            unknown.append(kind[:40])
            continue
        if not isinstance(item.get("json"), str):
            raise DataError(f"{where}: 类型 {kind} 没有写明 json 文件；没有导入")
        files[kind] = place.resolve(item["json"])
    return Manifest(site_name, site_url, org_id, org_name, files, tuple(unknown))


@dataclass
class Incoming:
    """One record as the other site publishes it."""

    kind: str
    id: str
    url: str  # as given: absolute, or relative to the site's root
    region_code: str | None
    date: str
    record: dict[str, Any]
    where: str  # the kind's file, for messages
    origin: dict[str, Any] | None = field(default=None)  # the record's own origin, if relayed

    @property
    def label(self) -> str:
        return f"{self.where}: {self.kind}:{self.id}"


def read_kind(place: Place, kind: str, where: str) -> list[Incoming]:
    what = f"{KINDS[kind].label}数据"
    data = _format(parse_json(place.read(where, MAX_KIND_FILE, what), where, what), where, what)
    if data.get("kind") != kind:
        raise DataError(
            f"{where}: 这个文件是 {str(data.get('kind'))[:40]} 的数据，清单说是 {kind}；没有导入"
        )
    records = data.get("records")
    if not isinstance(records, list):
        raise DataError(f"{where}: 没有 records 列表；没有导入")
    if len(records) > MAX_RECORDS:
        raise DataError(f"{where}: 有 {len(records)} 条记录，超过上限 {MAX_RECORDS} 条；没有导入")
    out: list[Incoming] = []
    seen: set[str] = set()
    for i, item in enumerate(records):
        at = f"{where}: records[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("record"), dict):
            raise DataError(f"{at}: 每条应有 id、url 和 record；没有导入")
        rid = item.get("id")
        if not isinstance(rid, str) or not SLUG_RE.match(rid) or len(rid) > 120:
            raise DataError(f"{at}: id 应为记录编号（小写英文字母、数字和连字符）；没有导入")
        if rid in seen:
            raise DataError(f"{at}: 编号 {rid} 出现了两次；没有导入")
        seen.add(rid)
        url = item.get("url")
        if not isinstance(url, str) or len(url) > 2000 or re.search(r"[\s<>\"']", url):
            raise DataError(f"{at}: url 应为网址；没有导入")
        code = item.get("region_code")
        if code is not None and (not isinstance(code, str) or not re.fullmatch(r"\d{6}", code)):
            raise DataError(f"{at}: region_code 应为 6 位行政区划代码；没有导入")
        date = item.get("date") or ""
        if not isinstance(date, str) or len(date) > 20:
            raise DataError(f"{at}: date 应为日期文字；没有导入")
        record = dict(item["record"])
        origin = record.pop("origin", None)
        if origin is not None and not isinstance(origin, dict):
            raise DataError(f"{at}: record.origin 应为一组字段；没有导入")
        out.append(Incoming(kind, rid, url, code, date, record, where, origin))
    return out
