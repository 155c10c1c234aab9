"""The wording helpers that messages share (audiolint.text): a Nyquist frequency to two
decimals at most, and an upsampler's image level in words whichever its sign."""

from __future__ import annotations

import pytest

from audiolint.text import image_level, nyquist_khz


@pytest.mark.parametrize(
    ("hz", "text"),
    [(5512.5, "5.51 kHz"), (11025.0, "11.03 kHz"), (8000.0, "8 kHz"), (22050.0, "22.05 kHz")],
)
def test_nyquist_khz_keeps_two_decimals_at_most(hz, text):
    assert nyquist_khz(hz) == text


@pytest.mark.parametrize(
    ("db", "text"),
    [(-18.4, "18 dB under their source"), (2.2, "2 dB over their source"),
     (0.2, "as loud as their source"), (-0.3, "as loud as their source")],
)  # fmt: skip
def test_image_level_reads_right_for_either_sign(db, text):
    assert image_level(db) == text
