"""How dates and numbers read on a page."""

from __future__ import annotations


def format_date(value: str | None) -> str:
    """2024-05-20 → 2024年5月20日; partial dates keep their parts."""
    if not value:
        return ""
    parts = value.split("-")
    return "".join(f"{int(p)}{u}" for p, u in zip(parts, ("年", "月", "日"), strict=False))


def format_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else str(value)


def approx_number(value: float | int, approx: str | None) -> str:
    """3000 with 多 → "3000多"; with 约 → "约3000"."""
    text = format_number(value)
    if not approx:
        return text
    return text + approx if approx in ("多", "余") else approx + text
