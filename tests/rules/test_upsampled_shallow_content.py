"""T002 on a shallow fall with content past it: a recording's own gentle top, not a resampler.

Regression (session 37, a fresh-material review): OpenArena's announcer lines (44.1 kHz, GPL,
not committed) fall 20-24 dB half-way at 0.97 of 16 kHz and their "s" sounds stand 9-18 dB over
the quiet frames at 16-17 kHz, yet read "upsampled from 32 kHz ... nothing above 16 kHz is left".
A resampler's filter empties the band past the old Nyquist frequency in every frame; a shallow
fall (under 30 dB: quiet treble) now counts only where that band stays at its floor in the
frames loud under it, or mirrors the band under it (a gentle filter's images). Here real speech
(ALSA's prompts) is given the same kind of top: its band over 15.5 kHz turned 15-20 dB down.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import PROMPTS, needs_alsa, prompt
from scipy import signal

from audiolint.analysis import walls


def shelved(att_db: float) -> np.ndarray:
    """Four ALSA prompts at 44.1 kHz, their band over 15.5 kHz turned ``att_db`` down."""
    parts = [prompt(name) for name in PROMPTS[:4]]
    x = soxr.resample(np.concatenate([p for p, _ in parts]), parts[0][1], 44100)
    low = signal.butter(12, 15500, fs=44100, output="sos")
    high = signal.butter(12, 15500, "high", fs=44100, output="sos")
    return signal.sosfiltfilt(low, x) + 10 ** (-att_db / 20) * signal.sosfiltfilt(high, x)


@needs_alsa
@pytest.mark.parametrize("att_db", [15.0, 20.0])
def test_speech_with_a_shelved_top_is_not_called_upsampled(tmp_path, run_rule, att_db):
    sf.write(tmp_path / "s.wav", np.clip(shelved(att_db), -1, 1), 44100, subtype="PCM_16")
    assert run_rule(tmp_path / "s.wav", "T002") == []


@needs_alsa
def test_the_same_speech_brought_down_to_32k_and_back_is(tmp_path, run_rule):
    """Its top emptied by a resampler instead: the band past 16 kHz holds nothing."""
    x = soxr.resample(soxr.resample(shelved(20.0), 44100, 32000), 32000, 44100)
    sf.write(tmp_path / "u.wav", np.clip(x, -1, 1), 44100, subtype="PCM_16")
    [f] = run_rule(tmp_path / "u.wav", "T002")
    assert f.data["upsampled_from"] == 32000


@needs_alsa
def test_a_wall_further_up_is_still_found(tmp_path, run_rule):
    """A shallow fall ruled out leaves the rates above it to search (session 38): the same
    speech, dithered to 16 bits at 44.1 kHz and brought to 48 kHz, keeps the 44.1 kHz
    resampler's wall over its dither, above the shelf's fall at 32 kHz's N."""
    rng = np.random.default_rng(1)
    dither = rng.random((2, *shelved(15.0).shape))
    x = np.round(shelved(15.0) * 32767 + dither[0] - dither[1]) / 32767
    sf.write(tmp_path / "u.wav", soxr.resample(x, 44100, 48000, "VHQ"), 48000, subtype="PCM_24")
    [f] = run_rule(tmp_path / "u.wav", "T002")
    assert f.data["upsampled_from"] == 44100


def test_rises_past_asks_a_shallow_fall_without_images_only():
    wall = {"rate": 32000, "drop_db": 22.0, "rise_db": 14.0, "over_db": 7.0}
    assert walls.rises_past(wall)
    assert not walls.rises_past({**wall, "rise_db": walls.SHALLOW_RISE_DB})
    assert not walls.rises_past({**wall, "rise_db": None})  # too few loud frames to tell
    # risen over a digital silence's floor, but level with the band far above in loud frames
    assert not walls.rises_past({**wall, "rise_db": 72.0, "over_db": 1.9})
    assert not walls.rises_past({**wall, "over_db": None})
    assert not walls.rises_past({**wall, "images": True})
    assert not walls.rises_past({**wall, "drop_db": walls.MIN_DROP_DB})  # deep: as before


def test_faint_images_keep_a_shallow_wall(monkeypatch):
    """The band just past N read against its mirror: a gentle filter's faint images (FFmpeg's
    kaiser_beta=4 from 32 kHz: 0.37-0.45) keep the wall, a recording's own content (about 0)
    does not; too few cells say nothing."""
    from audiolint.analysis import imaging

    def reads(corr, cells):
        def compare(frames, sample_rate, rate, folded=False, upto=None, since=1.02):
            assert upto == imaging.NEAR
            return {"rate": rate, "corr": corr, "image_db": -20.0, "cells": cells}

        monkeypatch.setattr(imaging, "compare", compare)

    reads(0.37, 500)
    assert imaging.faint(object(), 48000, 32000)
    reads(0.07, 500)
    assert not imaging.faint(object(), 48000, 32000)
    reads(0.9, imaging.MIN_CELLS - 1)
    assert not imaging.faint(object(), 48000, 32000)
    assert not imaging.faint(None, 48000, 32000)
