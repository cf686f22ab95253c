"""The site footer from mkdocs.yml `extra`: who runs the site, how to reach them, and the
filing numbers every public site in mainland China must show. Each line only when set."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from .html import esc

ICP_URL = "https://beian.miit.gov.cn/"
PSB_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={}"


def footer_html(extra: dict[str, Any]) -> Markup:
    lines = []
    if extra.get("sponsor"):
        lines.append(Markup("<span>主办单位：{}</span>").format(esc(extra["sponsor"])))
    if extra.get("contact"):
        lines.append(Markup("<span>联系方式：{}</span>").format(esc(extra["contact"])))
    if extra.get("icp"):
        lines.append(
            Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(
                ICP_URL, esc(extra["icp"])
            )
        )
    if extra.get("psb"):
        code = "".join(re.findall(r"\d", str(extra["psb"])))
        lines.append(
            Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(
                PSB_URL.format(code), esc(extra["psb"])
            )
        )
    if not lines:
        return Markup("")
    return Markup('<div class="sk-footer">{}</div>').format(Markup("").join(lines))


def footer_warnings(site_url: str | None, extra: dict[str, Any]) -> list[str]:
    """A published site (site_url set) without an ICP filing number is not allowed online."""
    if site_url and not extra.get("icp"):
        return [
            "已设置 site_url，但 mkdocs.yml 的 extra.icp（ICP 备案号）为空；在中国大陆公开的网站须在页脚显示备案号"
        ]
    return []
