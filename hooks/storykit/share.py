"""Sharing a page from a phone: a QR code of its address, drawn at build time as inline SVG."""

from __future__ import annotations

import segno
from markupsafe import Markup

from .html import esc


def qr_svg(url: str) -> Markup:
    """The page's address as a QR code WeChat can scan; no script, no request elsewhere."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, svgclass="sk-qr__code"
    )
    label = str(Markup(' role="img" aria-label="本页网址的二维码：{}"').format(url))
    return Markup(svg.replace("<svg", "<svg" + label, 1))


def share_box(url: str) -> Markup:
    return Markup(
        '<aside class="sk-qr" aria-label="分享本页">{}<p class="sk-qr__label">微信扫一扫 分享</p>'
        '<p class="sk-qr__url">{}</p></aside>'
    ).format(qr_svg(url), esc(url))
