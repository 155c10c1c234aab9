"""S005 names a mains hum it finds in the floor (session 29's audit: auditok's Arabic counting
over a strong 50 Hz hum read "background noise at -47.3 dBFS ...: denoise or re-record", and a
broadband denoiser is the wrong tool for a hum). The harmony analyser's hum finder
(audiolint.analysis.hum) reads the hum's lines held through the file; the message names the hum
and a notch at the mains frequency. ALSA's recorded prompts with pauses, under a generated 50 or
60 Hz hum with two partials, or under hiss at the same level (no hum named)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompts

import audiolint


def _floor(kind: str, n: int, sr: int) -> np.ndarray:
    """``n`` samples at an RMS of 1: a hum at 50 or 60 Hz with partials at 2x and 3x, or hiss."""
    if kind == "hiss":
        x = np.random.default_rng(3).normal(0.0, 1.0, n)
    else:
        f = 50.0 if kind == "hum50" else 60.0
        t = np.arange(n) / sr
        x = sum(a * np.sin(2 * np.pi * k * f * t + k) for k, a in ((1, 1.0), (2, 0.5), (3, 0.3)))
    return x / np.sqrt(np.mean(x**2))


def _s005(tmp_path, kind: str):
    x, sr = prompts(0.4)
    x = 0.5 * x / np.abs(x).max() + 10 ** (-42 / 20) * _floor(kind, len(x), sr)
    path = tmp_path / f"{kind}.wav"
    sf.write(path, x.astype(np.float32), sr, subtype="PCM_16")
    report = audiolint.check(path, select=["S005"], cache_dir=None, read_config=False)
    return [f for f in report.files[0].findings if f.rule == "S005"]


@needs_alsa
@pytest.mark.parametrize("kind,mains", [("hum50", 50), ("hum60", 60)])
def test_a_mains_hum_in_the_floor_is_named(tmp_path, kind, mains):
    [f] = _s005(tmp_path, kind)
    assert abs(f.data["hum_hz"] - mains) < 0.5 and f.data["noise_floor_dbfs"] > -50
    assert f"with a {mains} Hz mains hum's lines held through it" in f.message
    assert f"filter out the hum (a notch at {mains} Hz and its multiples)" in f.message


@needs_alsa
def test_hiss_at_the_same_level_names_no_hum(tmp_path):
    [f] = _s005(tmp_path, "hiss")
    assert f.data["hum_hz"] is None and f.data["noise_floor_dbfs"] > -50
    assert "hum" not in f.message and f.message.endswith("denoise or re-record")
