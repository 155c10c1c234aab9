"""T002 at 22.05 kHz: a wall narrower than a codec's, half-way under 0.95 N, is a codec's.

AC-3 at 192 kbps, E-AC-3 at 256 kbps and WMA2 at 192 kbps cut a 48 kHz file at 20.65-20.72 kHz
within 94-164 Hz: half-way at 0.941 of 22.05 kHz, just past the 0.94 N under which only a wide
filter's wall had been left to the codec's judgement. E-AC-3 256k of freedesktop's alarm clock
(a genuine 48 kHz sound) read "upsampled from 44.1 kHz" (benchmarks/other_codecs.py, tune; review
1 of session 15). Steep resamplers' walls that narrow stand half-way at 0.964 N and up (resampler
sweep --old 44100, tune: SoX -v -s, soxr VHQ). The records below are those measured on those
files (the decodes need FFmpeg, which tests may not; no CC0 48 kHz source reproduced it).
"""

from __future__ import annotations

import pytest

from audiolint.analysis import upsampled

# fd_alarm-clock-elapsed through E-AC-3 256k, decoded at 48 kHz: the wall and its edge
EAC3 = ({"rate": 44100, "position": 0.941}, {"found": True, "width_hz": 164,
        "cutoff_hz": 20648, "corner_hz": 20438})  # fmt: skip
# csound's MathewsN brought from 44.1 to 48 kHz by SoX rate -v -s; cs_oboe by soxr VHQ
SOX_VS = ({"rate": 44100, "position": 0.968}, {"found": True, "width_hz": 164,
          "cutoff_hz": 21375, "corner_hz": 19875})  # fmt: skip
SOXR_VHQ = ({"rate": 44100, "position": 0.966}, {"found": True, "width_hz": 234,
            "cutoff_hz": 21281, "corner_hz": 21000})  # fmt: skip


def test_a_narrow_wall_half_way_at_0_941_n_is_left_to_the_codec():
    assert upsampled.at_codec_wall(*EAC3)


@pytest.mark.parametrize("record", [SOX_VS, SOXR_VHQ], ids=["sox-v-s", "soxr-VHQ"])
def test_a_steep_resamplers_narrow_wall_stays_a_resamplers(record):
    assert not upsampled.at_codec_wall(*record)


def test_narrow_under_lies_between_codecs_and_steep_resamplers():
    assert EAC3[0]["position"] < upsampled.NARROW_UNDER < SOXR_VHQ[0]["position"]
