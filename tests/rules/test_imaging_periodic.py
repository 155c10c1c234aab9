"""T002's images test on periodic sounds: a buzz's frame-to-frame fine structure is a comb
(neighbouring partials advance in phase alike from frame to frame) that mirrors about many
points, not about an old rate's Nyquist frequency alone, so the correlation at a standard rate
must stand clear of the one read about control points just off it.

Regression: band-limited sawtooths at 98-233 Hz read as imaged (``upsampled from 11.025 kHz
to 44.1 kHz`` for a 147 Hz buzz, correlation 0.99) in 16 of 24 rate and pitch pairs.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import PROMPTS, csound_example, needs_alsa, needs_csound_doc, prompt

import audiolint
from audiolint.analysis import codecgrid, imaging


def images_of(x: np.ndarray, sr: int) -> dict | None:
    """The imaging measurement on the spans the fidelity analyser keeps (16-bit samples)."""
    excerpt = codecgrid.Excerpt()
    excerpt.update(x.astype(np.float32)[:, None])
    return imaging.measure(imaging.frames_db(excerpt.spans(), sr, 16), sr)


def buzz(sr: int, f0: float, noise: float = 0.0, seconds: float = 4.0) -> np.ndarray:
    """A band-limited sawtooth at ``f0`` (every partial under the Nyquist frequency), peak 0.5,
    rounded to 16 bits, plus white noise of RMS ``noise`` (before rounding)."""
    t = np.arange(int(seconds * sr)) / sr
    x = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, int(sr / 2 / f0) + 1))
    x = 0.5 * x / np.abs(x).max() + np.random.default_rng(1).normal(0, noise, len(t))
    return np.round(x * 32767) / 32767


# (rate, pitch) pairs that each read as imaged before the control points (0.65-0.99)
BUZZES = [(16000, 110.0), (16000, 233.1), (22050, 147.0), (22050, 131.0), (44100, 147.0),
          (44100, 110.0), (44100, 98.0), (48000, 233.1)]  # fmt: skip


@pytest.mark.parametrize("noise", [0.0, 1e-4])
@pytest.mark.parametrize(("sr", "f0"), BUZZES)
def test_a_buzz_has_no_images(sr, f0, noise):
    assert images_of(buzz(sr, f0, noise), sr) is None


@pytest.mark.parametrize(("sr", "f0"), [(22050, 147.0), (44100, 233.1)])
def test_a_naive_sawtooth_has_no_images(sr, f0):
    """Its partials alias back under the Nyquist frequency, a comb all the same."""
    t = np.arange(4 * sr) / sr
    assert images_of(0.5 * (2 * ((f0 * t) % 1.0) - 1), sr) is None


def test_a_buzz_gets_no_t002_end_to_end(tmp_path, run_rule):
    sf.write(tmp_path / "buzz.wav", buzz(44100, 147.0), 44100, subtype="PCM_16")
    assert run_rule(tmp_path / "buzz.wav", "T002") == []


@needs_csound_doc
def test_a_synthesised_tune_gets_no_t002(tmp_path, run_rule):
    """csound's mary.wav (a synthesised tune, 44.1 kHz) read 'from 22.05 kHz' at 0.71."""
    assert run_rule(csound_example("mary.wav", tmp_path), "T002") == []


@needs_alsa
def test_images_of_speech_stand_clear_of_the_controls(tmp_path):
    """Linearly interpolated ALSA prompts: the images stand over the controls, and the finding's
    data and the fidelity evidence say by how much."""
    x = np.concatenate([prompt(name)[0] for name in PROMPTS[:3]])
    low = soxr.resample(x, 48000, 11025)
    t = np.arange(int(len(low) * 48000 / 11025)) * (11025 / 48000)
    sf.write(tmp_path / "up.wav", np.interp(t, np.arange(len(low)), low), 48000, "PCM_16")
    report = audiolint.inspect(tmp_path / "up.wav", select=("T002",), cache_dir=None)
    [f] = report.findings
    control = f.data["image_control_corr"]
    assert f.data["upsampled_from"] == 11025
    assert f.data["image_corr"] - control >= imaging.CONTROL_MARGIN
    assert control == report.fidelity["image_control_corr"] < 0.5
    assert any(f"correlation is {control:.2f} at most" in e for e in report.fidelity["evidence"])
