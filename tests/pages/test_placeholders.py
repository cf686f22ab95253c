"""Placeholders stand in for missing pictures on every card: their text must stay legible."""

from __future__ import annotations

import pytest

from storykit.pages import placeholders


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("colour", placeholders.PALETTE)
def test_white_labels_reach_7_to_1_on_every_placeholder_colour(colour: str):
    # 长辈模式 asks 7:1 of all text; the palette meets it without a darkening filter
    assert contrast(colour, "#ffffff") >= 7


def test_a_record_keeps_its_colour_everywhere():
    assert placeholders.colour_for("cases/a") == placeholders.colour_for("cases/a")
    assert len({placeholders.colour_for(f"people/{i}") for i in range(40)}) > 4
