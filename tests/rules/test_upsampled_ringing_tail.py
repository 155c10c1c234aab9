"""T002 on a cymbal's ring: a recording's own roll-off is no wide resampler's wall.

Review 58a: a crash-ride cymbal from Debian's hydrogen-drumkits (ForzeeStereo, 48 kHz), its
first 50 ms trimmed, read "the level is half-way down at 13.9 kHz and 38 dB down at 16 kHz ...
upsampled from 32 kHz" (the untrimmed hit read nothing). Its long ring loses its treble first, so
the mean spectrum falls like a low-quality resampler's wide filter (walls.wide: half-way at
0.86-0.94 N, read from its own pass band), but in the loud frames the band just past 16 kHz rises
41 dB over its floor, as loud as the band under it: content a resampler's filter would have
taken out. That test (walls.rises_past) was asked only of shallow walls; a wide wall now answers
it too. tests/data/hydrogen_forzee_crash_tail.flac (GPL-2).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile as sf
import soxr

DATA = Path(__file__).resolve().parent.parent / "data"
TAIL = DATA / "hydrogen_forzee_crash_tail.flac"
# GPL-2: in the repository, not in the MIT sdist (pyproject's sdist exclude)
pytestmark = pytest.mark.skipif(not TAIL.exists(), reason="GPL clip: not in the sdist")


def test_a_cymbals_ring_is_not_called_upsampled(run_rule):
    assert run_rule(TAIL, "T002") == []


def test_the_same_ring_brought_up_from_32_khz_still_is(tmp_path, run_rule):
    x, sr = sf.read(TAIL)
    up = soxr.resample(soxr.resample(x, sr, 32000, "HQ"), 32000, sr, "HQ")
    sf.write(tmp_path / "up.flac", up, sr, subtype="PCM_16")
    [found] = run_rule(tmp_path / "up.flac", "T002")
    assert found.data["upsampled_from"] == 32000
