"""S007 on whispers where the pauses are filled (issue 17): a long hall's echo, a noise floor.

A whisper has no pitch, so only the moves of its spectrum's shape tell it from noise. In a hall
of RT60 4 s the echo fills every pause and the reverb analyser reads no decay (no room exempts
it); under pink noise 15 dB down the noise fills them and hides the decays. Either way most of
the sounding frames are echo or noise, and the shape's median move over them is noise's: S007
flagged both as unpitched ("no voiced sound found"; benchmarks/no_voice_rooms.py --halls, and review
notes R1 N3 and R2 S2 of session 14). Over the loud frames alone (within 10 dB of the loud
level) the whisper's syllables still move the shape (slow_loud_db, 240 ms apart), and more than
within one syllable (shape_loud_db, 80 ms apart); noise's loudest frames move it as its quiet
ones do, and clicks change it at once, as much 80 ms after as 240 ms.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import ALSA, espeak, needs_alsa, needs_espeak
from rules.test_no_voice_room import measured, peak
from rules.test_no_voice_room import reverbed as in_room

from audiolint.rules import no_voice
from audiolint.rules import no_voice_signs as signs

TEXT = "The quick brown fox jumps over the lazy dog, then rests under the old tree for a while."
SR = 22050


def pink(n: int, seed: int) -> np.ndarray:
    """``n`` samples of pink noise, unit RMS."""
    spec = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    f = np.arange(len(spec), dtype=float)
    f[0] = np.inf
    y = np.fft.irfft(spec / np.sqrt(f), n)
    return y / np.std(y)


def under_noise(y: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    """``y`` with pink noise ``snr_db`` under the level of its samples over 1 % of its peak."""
    level = np.std(y[np.abs(y) > 0.01 * np.abs(y).max()])
    return y + pink(len(y), seed) * level * 10.0 ** (-snr_db / 20.0)


def s007(tmp_path, name: str, y: np.ndarray, sr: int, run_rule) -> list:
    """S007's findings on ``y`` written to ``tmp_path / name``."""
    path = tmp_path / name
    sf.write(path, y, sr)
    return run_rule(path, "S007")


def unpitched(r: dict) -> bool:
    """The unpitched test's own reading (under 5 % pitched, a shape under 3.2 dB), with no room
    read that exempts it (no_voice_signs.roomed)."""
    quiet = r["voiced_ratio"] < 0.05 and r["shape_move_db"] < 3.2
    return quiet and not signs.roomed(r, no_voice.DEFAULT)


@needs_espeak
@pytest.mark.parametrize("seed", [0, 2])
def test_a_whisper_in_a_4_s_hall_is_a_voice(tmp_path, run_rule, seed):
    """espeak-ng's whisper in a hall of RT60 4 s: no room's decay read, the unpitched test's
    reading, but the loud frames' shape moves 2.42-2.47 dB 240 ms apart (2.05-2.07 80 ms apart;
    noise in the same hall under 2): not flagged. Flagged as unpitched before slow_loud_db. (Seed
    1's hall reads a room, C50 about -7 dB, which exempts it already: not this test's case.)"""
    x, sr = espeak(tmp_path / "w.wav", TEXT, "en+whisper")
    y = peak(in_room(x.astype(np.float64), sr, 4.0, seed, 30.0))
    r = measured(y, sr)
    assert unpitched(r), r
    assert r["slow_loud_db"] - r["shape_loud_db"] >= 0.1, r
    assert s007(tmp_path, f"hall-{seed}.wav", y, sr, run_rule) == [], r


@needs_espeak
@pytest.mark.parametrize("seed", [0, 1])
def test_a_whisper_under_noise_in_a_room_is_a_voice(tmp_path, run_rule, seed):
    """espeak-ng's whisper in a room of RT60 1.5 s under pink noise 15 dB down: the noise hides
    the decays (no room read) and fills the pauses, so over all the sounding frames the shape
    moves about 2.1 dB (80 ms) and 2.8-3 dB (240 ms); the loud frames' 3.2-3.4 dB 240 ms apart:
    not flagged. Flagged as unpitched before slow_loud_db."""
    x, sr = espeak(tmp_path / "w.wav", TEXT, "en+whisper")
    y = peak(under_noise(in_room(x.astype(np.float64), sr, 1.5, seed, 8.0), 15.0, seed + 10))
    r = measured(y, sr)
    assert unpitched(r), r
    assert s007(tmp_path, f"noisy-{seed}.wav", y, sr, run_rule) == [], r


@needs_alsa
def test_noise_in_a_4_s_hall_is_still_no_voice(tmp_path, run_rule):
    """Pink noise and ALSA's Noise.wav (a recording of noise) in bursts, in a hall of RT60 4 s:
    their loud frames' shape moves under 2 dB 240 ms apart (min_loud_slow_db 2.2; a whisper
    there: 2.3 and more): still flagged as unpitched."""
    noise, sr = sf.read(ALSA / "Noise.wav", dtype="float64")
    rng = np.random.default_rng(0)
    parts = []
    for _ in range(12):  # bursts of 0.2-0.7 s, 0.3-0.8 s of silence after each
        length = int(rng.uniform(0.2, 0.7) * sr)
        at = rng.integers(0, len(noise) - length)
        parts += [noise[at : at + length], np.zeros(int(rng.uniform(0.3, 0.8) * sr))]
    for name, x, rate in (("pink", pink(8 * SR, 3), SR), ("bursts", np.concatenate(parts), sr)):
        y = peak(in_room(x, rate, 4.0, 1, 8.0))
        r = measured(y, rate)
        assert r["slow_loud_db"] < 2.1, (name, r)
        found = s007(tmp_path, f"{name}.wav", y, rate, run_rule)
        assert len(found) == 1 and "no voiced sound found" in found[0].message, (name, found)


def test_clicks_over_hiss_are_mostly_still_no_voice(tmp_path, run_rule):
    """600 decaying noise clicks over hiss in 8 s (rain-like, benchmarks/no_voice_music.py's),
    on 12 seeds: the loud frames' shape moves 2.8-3 dB 240 ms apart, as a whisper's, and about
    as much 80 ms apart (each click changes it at once; a whisper's syllables move it more than
    within one). The rise 80 -> 240 ms spreads -0.28..+0.26 dB from seed to seed around the
    0.1 dB line (min_loud_rise_db), so the exemption takes some seeds: 8 of 12 are flagged at
    2cd9054 (review 1 found the seeds first chosen sat on the flagged side). A wider exemption
    loses more of them."""
    flagged = []
    for seed in range(12):
        rng = np.random.default_rng(seed)
        rain = rng.standard_normal(8 * SR) * 0.02
        for at in rng.integers(0, len(rain) - 200, 600):
            click = rng.standard_normal(100) * np.exp(-np.arange(100) / 20)
            rain[at : at + 100] += click * rng.random()
        found = s007(tmp_path, f"rain-{seed}.wav", peak(rain), SR, run_rule)
        # or, where the loud frames' shape spares them, their flutter (session 18's test)
        said = ("no voiced sound found", "the level flutters faster than syllables")
        assert all(f.message.startswith(said) for f in found), found
        flagged.append(bool(found))
    assert sum(flagged) >= 7, flagged
