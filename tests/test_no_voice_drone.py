"""S007 on speech over a steady drone: the drone's one pitch is read, but the words are there.

ALSA's eight recorded prompts, one after the other, over an organ-like drone (11 harmonics at
1/k) 10 dB under the speech's loud frames: the pitch tracker reads the drone's pitch, held still
in three steps of four, so S007 called it "steady held notes" or "one steady pitch". The words
still move the loud frames' shape, and the harmony analyser hears the voice as a second pitch over
the drone. The drone alone (no words, no second pitch) is still flagged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompts

from audiolint import api


def s007(path):
    """(S007 fired, the signal record) for one file."""
    rec = api.check(path, select="S007", read_config=False).to_dict()["files"][0]
    return any(f["rule"] == "S007" for f in rec["findings"]), rec["signal"]


def drone(n: int, sr: int, f0: float, rms: float) -> np.ndarray:
    t = np.arange(n) / sr
    d = sum(np.sin(2 * np.pi * f0 * k * t + 0.7 * k) / k for k in range(1, 12))
    return d * rms / np.sqrt(np.mean(d**2))


@needs_alsa
@pytest.mark.parametrize("f0", [98.0, 110.0, 146.8])
def test_speech_over_a_drone_is_a_voice(tmp_path, f0):
    x, sr = prompts(0.3)
    loud = np.abs(x) > 0.05 * np.abs(x).max()
    rms = float(np.sqrt(np.mean(x[loud] ** 2)))
    under = drone(len(x), sr, f0, rms * 10 ** (-10 / 20))
    y = x + under
    words = tmp_path / "words.wav"
    sf.write(str(words), (y * 0.7 / np.abs(y).max()).astype(np.float32), sr, subtype="PCM_16")
    fired, s = s007(words)
    assert s["pitch_hz"] == pytest.approx(f0, rel=0.02)  # the drone's pitch is the one read
    assert s["one_pitch_share"] >= 0.9
    assert not fired
    alone = tmp_path / "drone.wav"
    sf.write(str(alone), (under * 0.7 / np.abs(under).max()).astype(np.float32), sr,
             subtype="PCM_16")  # fmt: skip
    fired, s = s007(alone)
    assert fired and s["second_voice_ratio"] == 0.0


def test_a_mains_hum_alone_is_no_voice(tmp_path):
    """A steady 60 Hz hum's harmonics beat with the 40 ms frames and, with some phases, move the
    shape as words do, so it passed for words over a hum; it is pitched in every frame, as words
    never leave a hum (the phases of benchmarks/no_voice_drones.py's cs_mathewsn hum; with
    alsa_side's or pd_voice's the shape moves 7 dB, past min_articulated_db: still missed)."""
    sr = 48000
    t = np.arange(int(2.72 * sr)) / sr
    rng = np.random.default_rng(1180)
    rng.uniform(0.0, 2.0 * np.pi, 11)  # the benchmark's 50 Hz hum's
    phase = rng.uniform(0.0, 2.0 * np.pi, 11)
    hum = sum(np.sin(2 * np.pi * 60.0 * k * t + phase[k - 1]) / k for k in range(1, 12))
    path = tmp_path / "hum.wav"
    sf.write(str(path), (hum * 0.7 / np.abs(hum).max()).astype(np.float32), sr, subtype="PCM_16")
    fired, s = s007(path)
    assert s["voiced_ratio"] == 1.0 and s["low_pitch_ratio"] == 1.0
    assert fired


# Sonic Pi's samples (Debian sonic-pi-samples), installed or in benchmarks/realcorpus.py's cache
SAMPLES = "usr/share/sonic-pi/samples"
SONIC_PI = [
    Path("/", SAMPLES),
    Path("/tmp/audiolint-realcorpus/_cache/apt/sonic-pi-samples", SAMPLES),
]
SLIDE = next(
    (d / "guit_e_slide.flac" for d in SONIC_PI if (d / "guit_e_slide.flac").exists()), None
)


@pytest.mark.skipif(SLIDE is None, reason="Sonic Pi's samples are missing (sonic-pi-samples)")
@pytest.mark.parametrize("f0", [73.4, 110.0, 220.0])
def test_a_played_line_over_a_drone_is_no_voice(tmp_path, f0):
    """A slide guitar over a drone 10 dB under it: the drone's pitch is the one read, held still,
    the slide moves the loud frames' shape as words would and sounds as a second pitch, so it
    passed for speech over a drone (review 1, 18:18). But it holds its level from one pitched
    frame to the next (sustained_ratio about 0.9), where words fall back into the drone."""
    x, sr = sf.read(str(SLIDE), always_2d=True)
    x = x.mean(axis=1)
    loud = np.abs(x) > 0.05 * np.abs(x).max()
    rms = float(np.sqrt(np.mean(x[loud] ** 2)))
    y = x + drone(len(x), sr, f0, rms * 10 ** (-10 / 20))
    path = tmp_path / "slide.wav"
    sf.write(str(path), (y * 0.7 / np.abs(y).max()).astype(np.float32), sr, subtype="PCM_16")
    fired, s = s007(path)
    assert s["one_pitch_share"] >= 0.9 and s["sustained_ratio"] > 0.87
    assert fired
