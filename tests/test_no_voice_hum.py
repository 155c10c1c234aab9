"""S007 on speech under a mains hum as loud as the voice (issue 17, session 16 HB).

A 60 Hz hum (harmonics 1-11 at 1/k) as loud as a speaker is pitched in every 40 ms frame, and
its pitch is the one the tracker reads: steady, at the bottom of the range. S007 called such
speech "one steady pitch ... not a voice", "steady held notes" or "pitched below a voice's
range" (KLettres' Danish syllables under a 60 Hz hum, 4 of 1836; benchmarks/phone_memos.py's
memos under a hum). The words over the hum still move the loud frames' spectral shape, which a
hum alone does not: no_voice_signs.hummed spares those files (Front_Center and Rear_Right: by
min_hum_move_db, their loud shape moving 3-4 dB 80 ms apart but no more 240 ms apart).
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.config import Config
from audiolint.rules import no_voice
from audiolint.rules import no_voice_signs as signs


def hum(n: int, sr: int, hz: float) -> np.ndarray:
    """A mains hum of unit RMS: harmonics 1-11 at 1/k, fixed random phases."""
    t = np.arange(n) / sr
    phases = np.random.default_rng(7).uniform(0, 2 * np.pi, 11)
    y = sum(np.sin(2 * np.pi * hz * k * t + phases[k - 1]) / k for k in range(1, 12))
    return y / np.sqrt(np.mean(y**2))


def loud_rms(x: np.ndarray, sr: int) -> float:
    """RMS over the 20 ms frames within 20 dB of the loudest: the speech, not its pauses."""
    n = int(0.02 * sr)
    e = np.mean(x[: len(x) // n * n].reshape(-1, n) ** 2, axis=1)
    return float(np.sqrt(np.mean(e[e >= e.max() / 100])))


def checked(path) -> tuple[dict, list]:
    """The signal record and S007's findings for ``path``."""
    report = api.check([path], Config(select=("S007",)))
    return report.files[0].signal, [f for f in report.all_findings() if f.rule == "S007"]


@needs_alsa
@pytest.mark.parametrize(
    ("name", "under_db"),
    [
        ("Side_Left", 0.0),
        ("Front_Left", 0.0),
        ("Rear_Center", 5.0),
        ("Front_Center", 0.0),
        ("Rear_Right", 0.0),
    ],  # fmt: skip
)
def test_speech_under_a_loud_mains_hum_is_a_voice(tmp_path, monkeypatch, name, under_db):
    """An ALSA prompt with a 60 Hz hum as loud as it (or 5 dB under): the hum's pitch is read,
    the words move the loud shape; no S007. Without the exemption S007 fires (as it did)."""
    x, sr = prompt(name)
    y = x + hum(len(x), sr, 60.0) * loud_rms(x, sr) * 10 ** (-under_db / 20)
    path = tmp_path / f"{name}_hum.wav"
    sf.write(path, (0.9 * y / np.abs(y).max()).astype(np.float32), sr)
    s, found = checked(path)
    assert s["low_pitch_ratio"] >= no_voice.DEFAULT["min_low_share"], s
    assert signs.hummed(s, no_voice.DEFAULT), s
    assert found == [], found
    monkeypatch.setattr(signs, "hummed", lambda s, options: False)
    assert no_voice.no_voice(s, no_voice.DEFAULT) is not None


def test_a_mains_hum_alone_is_still_no_voice(tmp_path):
    """The same 60 Hz hum alone, 3 s, under faint noise: nothing moves its shape; still "one
    steady pitch"."""
    sr = 48000
    y = hum(3 * sr, sr, 60.0) + 1e-3 * np.random.default_rng(0).standard_normal(3 * sr)
    path = tmp_path / "hum.wav"
    sf.write(path, (0.5 * y / np.abs(y).max()).astype(np.float32), sr)
    s, found = checked(path)
    assert not signs.hummed(s, no_voice.DEFAULT), s
    assert len(found) == 1 and "one steady pitch" in found[0].message, (s, found)


def test_a_50_hz_hum_alone_is_named_not_called_unpitched_noise(tmp_path):
    """A 50 Hz hum lies under the pitch search (60 Hz up): no frame reads pitched, and S007 said
    "only 0% ... has a pitch, as noise, percussion, effects and whispers have none" (review 42:
    a 50 + 150 Hz hum). A hum is periodic; the message says its pitch lies under a voice's range
    and names the hum, as the harmony analyser finds it."""
    sr = 48000
    y = hum(3 * sr, sr, 50.0) + 1e-3 * np.random.default_rng(0).standard_normal(3 * sr)
    path = tmp_path / "hum50.wav"
    sf.write(path, (0.5 * y / np.abs(y).max()).astype(np.float32), sr)
    s, [f] = checked(path)
    assert s["voiced_ratio"] == 0.0 and round(s["hum_hz"]) == 50, s
    assert "has a pitch in a voice's range (a 50 Hz mains hum's lines hold" in f.message
    assert "whispers" not in f.message
