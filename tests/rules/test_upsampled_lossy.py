"""T002 beside a lossy-origin verdict: a decode brought down to a lower rate and up again.

Regression (issue 11): the codec's grid survives such a round trip (the band under the old
Nyquist frequency comes back sample for sample), so the verdict was lossy-origin and T002 could
not fire although a resampler's edge or an interpolator's images showed the upsampling. Real
speech (ALSA's prompts) through LAME and FFmpeg's AAC (PyAV), then python-soxr or linear
interpolation. FFmpeg's AAC at low bitrates puts its own low-pass where a resampler's filter
stands; that edge beside AAC's grid is no round trip, and T002 stays silent.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa

import audiolint
from rules.test_fidelity_median_real import encode
from rules.test_upsampled_images import linear, speech


def inspect(tmp_path, name: str, y: np.ndarray, rate: int):
    """The file report of ``y`` written as 16-bit WAV."""
    path = tmp_path / f"{name}.wav"
    sf.write(path, np.clip(y, -1, 1), rate, subtype="PCM_16")
    return audiolint.inspect(path, read_config=False)


def rules_of(report) -> set[str]:
    return {f.rule for f in report.findings}


def needs(codec: str) -> None:
    av = pytest.importorskip("av")
    if codec not in av.codecs_available:
        pytest.skip(f"PyAV has no {codec}")


@needs_alsa
def test_an_mp3_decode_resampled_down_and_up_is_lossy_origin_with_the_edge_in_evidence(tmp_path):
    """LAME 128 kbps, then soxr to 22.05 kHz and back to 48 kHz: MP3's grid and a resampler's
    edge at 11.025 kHz. LAME's own low-pass stands there too when it keeps the source's rate
    (48-64 kbps through FFmpeg: tests/rules/test_upsampled_codec_walls.py), so the edge alone
    cannot tell a round trip: lossy-origin, the edge in the evidence, no T002. The decode
    alone: T001 only."""
    needs("libmp3lame")
    x, sr = speech()
    decoded = encode(x, sr, 128, "libmp3lame", "mp3")
    alone = rules_of(inspect(tmp_path, "mp3", decoded, sr))
    assert "T001" in alone and "T002" not in alone
    trip = soxr.resample(soxr.resample(decoded, sr, 22050), 22050, sr)
    report = inspect(tmp_path, "trip", trip, sr)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["mp3_grid"]["found"]
    assert fid.get("upsampled_from") is None
    assert "T001" in rules_of(report) and "T002" not in rules_of(report)
    assert "11.03 kHz, the Nyquist frequency of 22.05 kHz audio" in fid["evidence"][-1]
    assert "a codec's low-pass can stand there as well" in fid["evidence"][-1]


@needs_alsa
def test_an_aac_decode_interpolated_up_again_is_lossy_and_upsampled(tmp_path):
    """FFmpeg's AAC at 128 kbps, soxr down to 24 kHz, linear interpolation back to 48 kHz: the
    grid survives and decides lossy-origin; the images are reported beside it."""
    needs("aac")
    x, sr = speech()
    decoded = encode(x, sr, 128, "aac", "adts")
    report = inspect(tmp_path, "trip", linear(soxr.resample(decoded, sr, 24000), 24000, sr), sr)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["codec_grid"]["decided"]
    assert fid["upsampled_from"] == 24000 and fid["image_corr"] >= 0.65
    assert {"T001", "T002"} <= rules_of(report)
    [t002] = [f for f in report.findings if f.rule == "T002"]
    assert "mirrors the band under it" in t002.message


@needs_alsa
def test_aacs_own_low_pass_where_a_resamplers_stands_is_not_called_upsampled(tmp_path):
    """FFmpeg's AAC at 48 kbps in stereo on a 44.1 kHz file cuts at 7.6 kHz, half-way down at
    0.95 of 16 kHz's Nyquist frequency as a resampler's filter would be; its grid is found.
    No round trip shows: lossy-origin, no T002."""
    needs("aac")
    x, sr = speech()
    y = soxr.resample(x, sr, 44100)
    report = inspect(tmp_path, "aac48", encode(y, 44100, 48, "aac", "adts", channels=2), 44100)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["codec_grid"]["found"]
    assert 0.94 <= fid["resampler_position"] <= 0.985  # the edge a resampler's would be
    assert fid.get("upsampled_from") is None
    assert "T002" not in rules_of(report)
