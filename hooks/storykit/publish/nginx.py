"""`storykit nginx`: an nginx configuration for a built site, from the rules in headers.py.

The template (`nginx.conf`, overridable under `overrides/storykit/` like every core template)
is plain text, so it is rendered without HTML escaping; what reaches it from the command line
is checked here instead, since a stray quote, semicolon or `$` would change what nginx reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from storykit.publish.headers import (
    CHARSET,
    DEFAULT_LIFETIME,
    DEFAULT_TYPE,
    RULES,
    TYPES,
    Lifetime,
    MediaType,
    security_headers,
)
from storykit.render.templates import OVERRIDES, PACKAGED

TEMPLATE = "nginx.conf"
# nginx lists text/html among the types it compresses and adds a charset to already, and
# warns when a configuration names it again.
_IMPLIED = "text/html"
_LISTEN = re.compile(r"^(?:(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):)?[0-9]{1,5}$")
_NAME = re.compile(r"^[A-Za-z0-9.*_-]+$")
_UNSAFE_IN_PATH = re.compile(r'["\\$\r\n]')  # inside "…" nginx reads all else as written


@dataclass(frozen=True)
class NginxSite:
    root: str  # the built site's folder on the server
    listen: str = "80"
    server_names: tuple[str, ...] = ("_",)
    map_tiles: bool = False  # the site shows 天地图's map
    standalone: bool = False  # a whole file for `nginx -c`, not a server block to include
    prefix: str = ""  # standalone: the folder of pid, logs and temporary files


def problems(site: NginxSite) -> list[str]:
    """What nginx would misread in the options, in Chinese; empty when all is well."""
    found = []
    if not site.root.startswith("/"):
        found.append(f"--root 应为服务器上网站文件夹的绝对路径（以 / 开头），实际为“{site.root}”")
    for option, path in (("--root", site.root), ("--prefix", site.prefix)):
        if _UNSAFE_IN_PATH.search(path):
            found.append(f"{option} 的路径里不能有引号、反斜杠、$ 或换行：“{path}”")
    if not _LISTEN.match(site.listen):
        found.append(
            f"--listen 应为端口，或 地址:端口，例如 80、8080、127.0.0.1:8080，实际为“{site.listen}”"
        )
    elif not 0 < int(site.listen.rsplit(":", 1)[-1]) < 65536:
        found.append(f"--listen 的端口应在 1–65535 之间，实际为“{site.listen}”")
    for name in site.server_names:
        if not _NAME.match(name):
            found.append(f"--server-name 应为域名，例如 www.example.org，实际为“{name}”")
    if site.standalone and not site.prefix.startswith("/"):
        found.append(f"--prefix 应为绝对路径（以 / 开头），实际为“{site.prefix}”")
    return found


@dataclass(frozen=True)
class Location:
    """One rule as nginx writes it: a regex location, or `/` for the default lifetime."""

    pattern: str | None
    lifetime: Lifetime
    why: str


def locations() -> tuple[Location, ...]:
    for rule in RULES:  # written inside "…" in the template, which nginx would end early
        assert '"' not in rule.pattern and "\\\\" not in rule.pattern, rule.pattern
    found = [Location(r.pattern, r.lifetime, r.why) for r in RULES]
    return (*found, Location(None, DEFAULT_LIFETIME, "everything else"))


def _environment(project: Path | None) -> Environment:
    overrides = [FileSystemLoader(str(project / OVERRIDES))] if project else []
    return Environment(
        loader=ChoiceLoader([*overrides, FileSystemLoader(str(PACKAGED))]),
        autoescape=False,  # nginx syntax, not HTML: the values are checked by problems()
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _by_mime(types: tuple[MediaType, ...]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for t in types:
        grouped.setdefault(t.mime, []).append(t.extension)
    return grouped


def render(site: NginxSite, project: Path | None = None) -> str:
    """The configuration text; call `problems(site)` first."""
    text_types = sorted({t.mime for t in TYPES if t.text} - {_IMPLIED})
    return (
        _environment(project)
        .get_template(TEMPLATE)
        .render(
            site=site,
            locations=locations(),
            types=_by_mime(TYPES),
            default_type=DEFAULT_TYPE,
            charset=CHARSET,
            text_types=text_types,
            headers=security_headers(site.map_tiles),
        )
    )
