"""S007 on sound pitched below a voice's range (low_pitch_ratio): a recorded piano's low notes
are flagged; espeak-ng's deepest voices, dry and under noise, and ALSA's recorded prompts over a
60 Hz mains hum 20 dB under them are not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, needs_espeak, prompts

from audiolint.analysis.voice import Voice
from audiolint.rules import no_voice

PIANO = Path(__file__).resolve().parents[1] / "data" / "ambi_piano.flac"  # CC0, see its .txt
LEAST = no_voice.DEFAULT["min_low_share"]


def measured(x: np.ndarray, sr: int) -> dict:
    """The voice analyser's record for mono ``x``."""
    voice = Voice(sr, 1)
    voice.update(x.astype(np.float32)[:, None])
    return voice.result()


def test_a_piano_playing_low_notes_is_pitched_below_a_voice(run_rule):
    """Sonic Pi's ambi_piano: two thirds of its loud pitched frames at the bottom of the range
    searched (its notes' period at the longest lag read, or longer). No other test flags it: its
    pitch moves from step to step (pitch_steady 0.17) and its shape 1.2 dB (not at 7bd3377)."""
    x, sr = sf.read(PIANO, dtype="float32")
    r = measured(x, sr)
    assert r["low_pitch_ratio"] >= LEAST and r["pitch_hz"] < 62.0, r
    [f] = run_rule(PIANO, "S007")
    assert f.message.startswith("pitched below a voice's range: ")
    assert f.data["low_pitch_ratio"] == r["low_pitch_ratio"]


@needs_espeak
def test_the_deepest_espeak_voices_are_not_pitched_below_a_voice(tmp_path, run_rule):
    """espeak-ng at its lowest pitch (-p 0: medians 66-76 Hz), dry and under white noise 30 dB
    down: a fifth of its loud pitched frames at most read under 62 Hz (0.19 on the tune half of
    benchmarks/no_voice.py's deep voices, its en-us+m1), and S007 stays silent."""
    text = "Every file in a voice dataset should hold the voice itself, and nothing else at all."
    rng = np.random.default_rng(0)
    for voice in ("en", "en-us+m1"):
        cmd = ["espeak-ng", "-v", voice, "-p", "0", "-w", "deep.wav", text]
        subprocess.run(cmd, check=True, cwd=tmp_path)  # a relative name (see realaudio.espeak)
        x, sr = sf.read(tmp_path / "deep.wav", dtype="float32")
        x = 0.5 * x / np.abs(x).max()
        noisy = x + rng.standard_normal(len(x)).astype(np.float32) * 0.03 * np.std(x)
        for name, y in (("dry", x), ("noisy", noisy)):
            r = measured(y, sr)
            assert r["pitch_hz"] < 80.0 and r["low_pitch_ratio"] < 0.5 * LEAST, (voice, name, r)
            path = tmp_path / f"{voice}-{name}.wav"
            sf.write(path, y, sr)
            assert run_rule(path, "S007") == [], (voice, name)


@needs_alsa
def test_speech_over_a_mains_hum_is_not_pitched_below_a_voice(tmp_path, run_rule):
    """ALSA's prompts over a 60 Hz hum (and its second harmonic) 20 dB under the speech's RMS:
    the hum is pitched through every pause, but under the loud frames it is read over."""
    x, sr = prompts(0.5)
    t = np.arange(len(x)) / sr
    hum = np.sin(2 * np.pi * 60 * t) + 0.3 * np.sin(2 * np.pi * 120 * t)
    speech = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2))
    y = (x + hum / np.sqrt(np.mean(hum**2)) * speech * 0.1).astype(np.float32)
    r = measured(y, sr)
    assert r["voiced_ratio"] > 0.9 and r["low_pitch_ratio"] < 0.1, r  # the pauses: the hum's
    path = tmp_path / "hum.wav"
    sf.write(path, y, sr)
    assert run_rule(path, "S007") == []
