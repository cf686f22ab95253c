"""Sharing a page from a phone: a QR code of its address, drawn at build time as inline SVG."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Share:
    url: str
    qr: Markup


def qr_svg(url: str) -> Markup:
    """The page's address as a QR code WeChat can scan; no script, no request elsewhere.
    segno draws the SVG; the label is escaped here, the one place markup is made in Python."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, svgclass="sk-qr__code"
    )
    label = f' role="img" aria-label="本页网址的二维码：{escape(url)}"'
    return Markup(svg.replace("<svg", "<svg" + label, 1))


def share(url: str) -> Share:
    return Share(url, qr_svg(url))
