"""S007 on voices in a room (issue 17): a whisper and a deep voice in a long room are voices.

The room's echo fills the gaps between a voice's pitched frames with unpitched sound and smooths
the moves of its spectrum's shape: espeak-ng's whisper in a room of RT60 1.2 s has no pitch and a
shape moving about 2.6 dB (noise reads 1.7), and its deepest voice (-p 0, a median pitch near
65 Hz) in rooms of 0.6-1.2 s is pitched only in lone 40 ms frames, the level rising into them as
into a drum's ring. Before the room was read (the reverb analyser's rt60_s), S007 flagged both:
as unpitched, and as pitched blips (benchmarks/no_voice.py, tune half: 4 of 12 whispers in rooms,
2 of 20 deep voices). The rooms are a direct sound over exponentially decaying noise, as
benchmarks/no_voice.py builds them. Noise in a room (review 1, S4) is told from a whisper in one
by its shape alone: the echo smooths a whisper's shape towards noise's, but in rooms of RT60 up to
2.5 s not under 1.92 dB (benchmarks/no_voice_rooms.py), while noise in bursts moves its shape about
1.8 dB whatever the room; the exemption holds from min_room_shape_db, 1.85 dB, and only where
the shape moves min_room_slow_db (2.1 dB) or more between frames 240 ms apart (shape_slow_db).
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
import soundfile as sf
from realaudio import ALSA, espeak, needs_alsa, needs_espeak

from audiolint.analysis.reverb import Reverb
from audiolint.analysis.voice import Voice

NOISE = ALSA / "Noise.wav"  # a recording of noise that alsa-utils ships beside its prompts

TEXT = "The quick brown fox jumps over the lazy dog, then rests under the old tree for a while."
TEXTS = {
    "en": TEXT,
    "pt": "A rápida raposa marrom salta sobre o cão preguiçoso e depois descansa sob a árvore.",
}


def reverbed(x: np.ndarray, sr: int, rt60: float, seed: int, direct: float = 30.0) -> np.ndarray:
    """``x`` in a room of ``rt60`` s (a direct sound ``direct`` over decaying noise), float64,
    unscaled."""
    t = np.arange(int(1.5 * rt60 * sr)) / sr
    room = np.random.default_rng(seed).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    room[0] = direct  # the direct sound
    n = len(x) + len(room) - 1
    size = 1 << (n - 1).bit_length()
    return np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(room, size), size)[:n]


def peak(y: np.ndarray) -> np.ndarray:
    """``y`` as float32 at a peak of 0.5."""
    return (0.5 * y / np.abs(y).max()).astype(np.float32)


def in_room(x: np.ndarray, sr: int, rt60: float, seed: int, direct: float = 30.0) -> np.ndarray:
    """``x`` in a room of ``rt60`` s (a direct sound ``direct`` over decaying noise), peak 0.5."""
    return peak(reverbed(x, sr, rt60, seed, direct))


def measured(y: np.ndarray, sr: int) -> dict:
    """The voice and reverb analysers' record for mono ``y``."""
    out: dict = {}
    for analyser in (Voice(sr, 1), Reverb(sr, 1)):
        analyser.update(y[:, None])
        out.update(analyser.result())
    return out


def noise_bursts(seed: int) -> tuple[np.ndarray, int]:
    """ALSA's Noise.wav cut into twelve bursts of 0.2-0.7 s with 0.3-0.8 s of silence after each
    (the cuts drawn with ``seed``)."""
    x, sr = sf.read(NOISE, dtype="float32")
    rng = np.random.default_rng(seed)
    parts = []
    for _ in range(12):
        length = int(rng.uniform(0.2, 0.7) * sr)
        at = rng.integers(0, len(x) - length)
        parts += [x[at : at + length], np.zeros(int(rng.uniform(0.3, 0.8) * sr), np.float32)]
    return np.concatenate(parts), sr


def flagged(path, y: np.ndarray, sr: int, run_rule) -> list:
    """S007's findings on ``y`` written to ``path``."""
    sf.write(path, y, sr)
    return run_rule(path, "S007")


@needs_espeak
@pytest.mark.parametrize(
    ("voice", "rt60", "direct", "seeds"),
    [
        ("en+whisper", 1.2, 30.0, (0, 1)),
        # review 2: the decay reads 0.9-1 s and the shape moves 2.1-2.3 dB, as noise's does in
        # a room; 2773352's shape margin and 1 s room length flagged it as unpitched
        ("en+whisperf", 1.5, 8.0, (2, 3)),
        # the lowest shape of benchmarks/no_voice_rooms.py's tune whispers: 1.95-1.96 dB in a
        # 2.5 s room (review 2's line near 2 dB flagged it), over min_room_shape_db's 1.85
        ("pt+whisperf", 2.5, 8.0, (2,)),
    ],
)
def test_a_whisper_in_a_long_room_is_a_voice(tmp_path, run_rule, voice, rt60, direct, seeds):
    """No pitch and a shape the room smooths under the unpitched test's 3.2 dB, but a room's
    decay read after its words and a shape still moving more than noise's: not flagged."""
    x, sr = espeak(tmp_path / "w.wav", TEXTS[voice.split("+")[0]], voice)
    for seed in seeds:
        y = in_room(x, sr, rt60, seed, direct)
        r = measured(y, sr)
        assert r["voiced_ratio"] < 0.05 and r["shape_move_db"] < 3.2, r  # the unpitched test's
        assert r["rt60_s"] is not None, r
        path = tmp_path / f"whisper-{seed}.wav"
        sf.write(path, y, sr)
        assert run_rule(path, "S007") == [], (seed, r)


@needs_espeak
def test_a_deep_voice_in_a_room_is_not_drum_blips(tmp_path, run_rule):
    """espeak-ng's en-us+m1 at -p 0 in rooms of 0.6 and 1.2 s: at least one case pitched in
    lone frames over the blips test's thresholds (half of them, the level rising 3 dB), none
    flagged."""
    cmd = ["espeak-ng", "-v", "en-us+m1", "-p", "0", "-w", "d.wav", TEXT]
    subprocess.run(cmd, check=True, cwd=tmp_path)  # a relative name (see realaudio.espeak)
    x, sr = sf.read(tmp_path / "d.wav", dtype="float32")
    blips = 0
    for rt60 in (0.6, 1.2):
        for seed in (0, 1):
            y = in_room(x, sr, rt60, seed)
            r = measured(y, sr)
            iso, rise = r["voiced_isolated"], r["blip_rise_db"]
            blips += iso is not None and iso >= 0.5 and rise is not None and rise >= 3.0
            path = tmp_path / f"deep-{rt60}-{seed}.wav"
            sf.write(path, y, sr)
            assert run_rule(path, "S007") == [], (rt60, seed, r)
    assert blips >= 1


@needs_alsa
def test_noise_bursts_in_a_room_are_not_a_voice(tmp_path, run_rule):
    """ALSA's Noise.wav cut into twelve bursts of 0.2-0.7 s, in rooms of RT60 0.6-2 s: the room
    is read, the sound is pitched in lone frames at most, and its shape moves under 1.85 dB (a
    whisper in such a room keeps 1.92 or more): flagged as unpitched. Before min_room_shape_db
    any room read exempted it (af5c41e, review 1 S4)."""
    bursts, sr = noise_bursts(0)
    for rt60 in (0.6, 1.0, 2.0):
        y = in_room(bursts, sr, rt60, 1)
        r = measured(y, sr)
        assert r["rt60_s"] is not None and r["shape_move_db"] < 1.85, (rt60, r)
        found = flagged(tmp_path / f"noise-{rt60}.wav", y, sr, run_rule)
        assert len(found) == 1 and "no voiced sound found" in found[0].message, (rt60, found)


@needs_alsa
def test_noise_bursts_whose_shape_moves_like_a_whisper_are_caught_240_ms_apart(tmp_path, run_rule):
    """The same noise in other bursts, in rooms of RT60 1.5 and 2 s: its shape moves 1.85 dB or
    more 80 ms apart, as a whisper's does in such a room (min_room_shape_db exempts it), but under
    min_room_slow_db's 2.1 dB 240 ms apart, where a whisper's syllables still move it: flagged as
    unpitched. Missed before shape_slow_db (84f7634's line alone). Rooms of 2 and 2.5 s before
    session 57: the pitch search's 48 Hz high-pass leaves the shape's bands less of the noise's
    low end, and at 2.5 s its move fell to 1.84 dB."""
    bursts, sr = noise_bursts(2)
    for rt60 in (1.5, 2.0):
        y = in_room(bursts, sr, rt60, 1, 8.0)
        r = measured(y, sr)
        assert r["rt60_s"] is not None and r["shape_move_db"] >= 1.85, (rt60, r)
        assert r["shape_slow_db"] < 2.1, (rt60, r)
        found = flagged(tmp_path / f"noise-{rt60}.wav", y, sr, run_rule)
        assert len(found) == 1 and "no voiced sound found" in found[0].message, (rt60, found)
