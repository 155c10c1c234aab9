"""T002 in hi-res files: the band past a 48 kHz file's Nyquist frequency holds nothing in a copy
brought up from 48 kHz or under, and must not stand in for the stop band a candidate rate's wall
is judged by (resampler._candidate, HIRES_TOP)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import ffmpeg_filters

from audiolint import api

DATA = Path(__file__).parents[1] / "data"


def _loudnorm(tmp_path, name: str) -> Path:
    """tests/data's ``name`` through FFmpeg's loudnorm at its defaults (PyAV's filter graph):
    192 kHz, 16-bit, as the ffmpeg command writes it."""
    x, sr = sf.read(DATA / f"{name}.flac", dtype="float32")
    y = ffmpeg_filters(x, sr, ("loudnorm", None))
    path = tmp_path / f"{name}_loudnorm.wav"
    sf.write(path, y, 192000, subtype="PCM_16")
    return path


def test_a_singers_spectral_dip_is_no_wall_in_a_192_khz_copy(tmp_path):
    """UTAU-Yuki's vowel string (tests/data/utau_yuki_eeieu.txt) dips 25 dB at 5.8 kHz and is
    back 18 dB higher by 7 kHz. Its loudnorm copy at 192 kHz read "half-way down at 5.3 kHz and
    25 dB down at 5.51 kHz ... upsampled from 11.025 kHz" at 196584d (review 54b): the stop band
    from 6.9 to 95 kHz, mostly empty past 22 kHz, hid the content at 7-12 kHz from its median
    and its top tenth. The 44.1 kHz original itself reads no wall there."""
    report = api.inspect(_loudnorm(tmp_path, "utau_yuki_eeieu"))
    fid = report.fidelity
    assert fid.get("upsampled_from") != 11025, fid
    assert not [f for f in report.findings if f.rule == "T002" and "11.025 kHz" in f.message]
    original = api.inspect(DATA / "utau_yuki_eeieu.flac").fidelity
    assert original.get("upsampled_from") is None, original


def test_a_192_khz_copy_of_low_rate_audio_still_names_its_band(tmp_path):
    """The control: the same vowel string brought to 11.025 kHz (its band under the dip) and
    then through loudnorm to 192 kHz. Nothing stands past the resampler's skirt (6.3 kHz), and
    the band is still named (T005; T002 reads swresample's skirt past 5.51 kHz as no wall of
    11.025 kHz's, as it did before)."""
    from scipy import signal

    x, sr = sf.read(DATA / "utau_yuki_eeieu.flac", dtype="float64")
    low = signal.resample_poly(x, 1, 4)  # 44.1 -> 11.025 kHz
    y = ffmpeg_filters(low.astype(np.float32), 11025, ("loudnorm", None))
    path = tmp_path / "low_loudnorm.wav"
    sf.write(path, y, 192000, subtype="PCM_16")
    report = api.inspect(path)
    assert report.fidelity["cutoff_hz"] < 7000, report.fidelity
    assert {f.rule for f in report.findings} & {"T002", "T005"}, report.findings
