"""The site footer from the settings: who runs the site, how to reach them, and the filing
numbers every public site in mainland China must show. Each line only when set."""

from __future__ import annotations

import re

from markupsafe import Markup

from storykit.pages.pagedata import Link
from storykit.records.settings import Settings
from storykit.render.templates import Templates

ICP_URL = "https://beian.miit.gov.cn/"
PSB_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={}"


def footer_lines(settings: Settings) -> list[str | Link]:
    """Text lines and links to the filing sites, for partials/footer.html."""
    lines: list[str | Link] = []
    if settings.sponsor:
        lines.append(f"主办单位：{settings.sponsor}")
    if settings.contact:
        lines.append(f"联系方式：{settings.contact}")
    if settings.icp:
        lines.append(Link(ICP_URL, settings.icp, external=True))
    if settings.psb:
        code = "".join(re.findall(r"\d", settings.psb))
        lines.append(Link(PSB_URL.format(code), settings.psb, external=True))
    return lines


def footer_html(templates: Templates, settings: Settings) -> Markup:
    return templates.render_template("partials/footer.html", "", lines=footer_lines(settings))
