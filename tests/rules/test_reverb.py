"""S008 reverb: real speech convolved with a decaying room response is flagged, with clarity
and decay time ordered by how long the room rings; the same speech dry is not, nor is any single
dry ALSA prompt (a soft syllable after a word's peak is not an echo). Only a voice is judged:
drums and a struck bell, whose sounds ring and decay like a room, get no finding."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import (
    ALSA,
    PROMPTS,
    csound_example,
    espeak,
    needs_alsa,
    needs_csound_doc,
    needs_espeak,
    prompt,
)
from scipy.signal import fftconvolve

from audiolint.analysis.reverb import Reverb, clipped, noise_floor
from audiolint.analysis.voice import Voice
from audiolint.rules.reverb import DEFAULT


def room(sr: int, rt60: float, seed: int = 0) -> np.ndarray:
    """A synthetic room impulse response: white noise under an exponential decay reaching
    -60 dB after ``rt60`` seconds."""
    t = np.arange(int(1.5 * rt60 * sr)) / sr
    return np.random.default_rng(seed).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)


def speech() -> tuple[np.ndarray, int]:
    """The eight ALSA prompts with half a second between them."""
    parts = []
    for name in PROMPTS:
        x, sr = prompt(name)
        parts += [x, np.zeros(sr // 2, np.float32)]
    return np.concatenate(parts), sr


def write(path, x, sr):
    sf.write(path, (0.5 * x / np.abs(x).max()).astype(np.float32), sr, subtype="PCM_16")
    return path


def measure(x: np.ndarray, sr: int, whole_mix: bool = False) -> dict:
    """The reverb analyser's reading of ``x`` (peak -6 dBFS); ``whole_mix``: its reading over
    the whole mix alone, as it read every file before the speech band (BAND_HZ), guards and all."""
    a = Reverb(sr, 1)
    x = (0.5 * x / np.abs(x).max()).astype(np.float32)[:, None]
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
    if whole_mix:
        power = np.concatenate(a.whole).astype(np.float64)
        return a.measure(power, clipped(power))
    return a.result()


@needs_alsa
def test_reverberant_speech_is_flagged_and_dry_speech_is_not(tmp_path, run_rule):
    x, sr = speech()
    write(tmp_path / "dry.wav", x, sr)
    assert run_rule(tmp_path / "dry.wav", "S008") == []
    wet = write(tmp_path / "hall.wav", fftconvolve(x, room(sr, 1.0)), sr)
    [f] = run_rule(wet, "S008")
    assert f.severity == "warning" and f.term == "Reverb" and "reverberant" in f.message
    assert f.data["c50_db"] < 8.0 and f.data["reverb_offsets"] >= 5
    # the decays are named as measured (an instrument S007 misses has no word endings)
    assert f"the fastest quarter of {f.data['reverb_offsets']} free decays)" in f.message
    assert 0.5 < f.data["rt60_s"] < 1.5


@needs_alsa
def test_clarity_falls_and_decay_time_grows_with_the_room():
    x, sr = speech()
    dry = measure(x, sr)
    rooms = [measure(fftconvolve(x, room(sr, rt60)), sr) for rt60 in (0.3, 0.6, 1.0)]
    c50 = [dry["c50_db"]] + [r["c50_db"] for r in rooms]
    assert c50 == sorted(c50, reverse=True) and c50[0] - c50[-1] > 20
    rt60 = [r["rt60_s"] for r in rooms]
    # 0.53, 0.67, 0.77 s: the 0.3 s room reads long (0.50 s before word endings that drop
    # dry after a held syllable were read from where they drop)
    assert rt60 == sorted(rt60) and rt60[-1] / rt60[0] > 1.35


@needs_alsa
@pytest.mark.parametrize("name", PROMPTS)
def test_each_dry_prompt_is_not_reverberant(name, run_rule):
    # Rear_Center, Rear_Left and Side_Right once read C50 -5 to 1 dB: after the peak of "Rear"
    # or "Side" the voice stays a few dB down for 200 ms, which the median of the falls took
    # for a slow decay; their last words fall 60 dB in under 200 ms
    assert run_rule(ALSA / f"{name}.wav", "S008") == []


@needs_alsa
@pytest.mark.parametrize("name", ["Rear_Center", "Rear_Left", "Side_Right"])
def test_a_single_prompt_in_a_room_is_flagged(name):
    # the same prompts in a 1 s room (true C50 0 dB: half the energy after 50 ms) still read
    # reverberant from their few word endings, and far from their dry reading
    x, sr = prompt(name)
    dry, wet = measure(x, sr), measure(fftconvolve(x, room(sr, 1.0)), sr)
    assert dry["c50_db"] is None or dry["c50_db"] >= 15
    assert wet["c50_db"] is not None and wet["c50_db"] < DEFAULT["max_c50_db"]


@needs_espeak
def test_synthesised_speech_is_dry(tmp_path, run_rule):
    text = "A dry voice stops at the end of each word, and the room adds nothing after it."
    espeak(tmp_path / "s.wav", text)
    assert run_rule(tmp_path / "s.wav", "S008") == []


@pytest.mark.parametrize("seconds", [0.0, 0.5])
def test_too_little_sound_cannot_tell(seconds):
    sr = 16000
    r = measure(np.random.default_rng(1).standard_normal(int(seconds * sr) + 10), sr)
    assert r["c50_db"] is None and r["rt60_s"] is None


def cut_in_pauses(x: np.ndarray, sr: int, pause: str, seed: int = 1) -> np.ndarray:
    """``x`` with 0.8 s pauses cut in at a third and two thirds: digital silence, or pink noise
    at -70 dBFS (as an editor that gates pauses, or lays room tone in them, leaves them)."""
    rng = np.random.default_rng(seed)
    n = int(0.8 * sr)
    p = np.zeros(n)
    if pause == "pink":
        spec = np.fft.rfft(rng.standard_normal(n))
        f = np.arange(len(spec), dtype=float)
        f[0] = np.inf
        p = np.fft.irfft(spec / np.sqrt(f), n)
        p *= 10 ** (-70 / 20) / np.sqrt(np.mean(p**2))
    a, b = len(x) // 3, 2 * len(x) // 3
    return np.concatenate([x[:a], p, x[a:b], p, x[b:]])


@needs_alsa
@pytest.mark.parametrize("pause", ["silence", "pink"])
def test_a_noisy_recording_with_pauses_cut_in_is_not_reverberant(tmp_path, run_rule, pause):
    """The prompts back to back over their own noise at -32 dBFS, pauses cut in: the words'
    falls stop at that noise within 150 ms; measured against the pauses' floor, far lower, they
    read as a slow decay (C50 4.5 dB, RT60 0.83 s before cut-in pauses were left out of the
    floor). No word ends 25 dB over the recording's own noise: no estimate."""
    x = np.concatenate([prompt(name)[0] / np.abs(prompt(name)[0]).max() for name in PROMPTS])
    sr = prompt(PROMPTS[0])[1]
    x = 0.5 * x + np.random.default_rng(2).standard_normal(len(x)) * 10 ** (-32 / 20)
    y = cut_in_pauses(x, sr, pause)
    assert measure(y, sr)["c50_db"] is None
    path = tmp_path / "cut.wav"
    sf.write(path, y.astype(np.float32), sr, subtype="PCM_16")
    assert run_rule(path, "S008") == []


@needs_alsa
def test_a_room_with_pauses_cut_in_is_still_reverberant():
    x, sr = speech()
    wet = fftconvolve(x, room(sr, 1.0))
    wet = 0.5 * wet / np.abs(wet).max()
    r = measure(cut_in_pauses(wet, sr, "silence"), sr)
    assert r["c50_db"] is not None and r["c50_db"] < DEFAULT["max_c50_db"]


def test_the_floor_is_the_recording_s_not_a_cut_in_pause_s():
    """Noise at -40 dB with a second of -90 dB cut into it: the floor is the noise's, within
    3 dB; the same second faded in over 200 ms (as a room's tail would) is a floor of its own."""
    frame_s = 0.004
    level = np.random.default_rng(3).normal(-40.0, 2.0, 2000)
    cut = level.copy()
    cut[800:1050] = -90.0
    assert abs(noise_floor(cut, frame_s) + 40.0) < 5.0
    faded = cut.copy()
    faded[750:800] = np.linspace(-40.0, -90.0, 50)
    assert noise_floor(faded, frame_s) < -80.0


@needs_csound_doc
def test_drums_are_not_judged(tmp_path, run_rule):
    """csound's jungle drum loop: its hits decay like word endings in a room (C50 about 0 dB
    before falls that drop dry after 100 ms were read from the drop; now no estimate), and
    under 10 % of it has a pitch: no voice, so no reverb finding either way."""
    path = csound_example("MSjungleMid.wav", tmp_path)
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    voice = Voice(sr, 1)
    voice.update(x.mean(axis=1, keepdims=True))
    assert voice.result()["voiced_ratio"] < DEFAULT["min_voiced_ratio"]
    assert run_rule(path, "S008") == []


def test_a_struck_bell_is_not_a_room(tmp_path, gen, run_rule):
    """A bell whose ring dies within a second decays as a room's echo does (C50 about 0 dB) and
    is pitched all through, but its sound is made only at each strike: under 10 % of its pitched
    40 ms steps hold or raise the level, where a voice, even in a hall, makes a quarter."""
    x = gen.bell(44100, [440, 392, 349, 330, 294, 262], tau=0.15)
    assert measure(x[:, 0], 44100)["c50_db"] < DEFAULT["max_c50_db"]
    voice = Voice(44100, 1)
    voice.update(x)
    assert voice.result()["voiced_ratio"] > 0.9 and voice.result()["sustained_ratio"] < 0.1
    path = gen.write_wav(tmp_path / "bell.wav", x, 44100)
    assert run_rule(path, "S008") == []


def noise_in_pauses(x: np.ndarray, sr: int, dbfs: float, seed: int = 0) -> np.ndarray:
    """``x`` with pauses of 0.8 and 0.6 s cut in at its quietest 20 ms near a third and two
    thirds, filled with white noise at ``dbfs`` (RMS), as benchmarks/realcorpus.py's 'pauses'
    class makes them, the noise only in the pauses."""
    n = int(0.02 * sr)
    frames = np.abs(x[: len(x) // n * n]).reshape(-1, n).mean(axis=1)
    rng, parts, prev = np.random.default_rng(seed), [], 0
    for frac, gap in ((1 / 3, 0.8), (2 / 3, 0.6)):
        c = int(len(frames) * frac)
        lo, hi = c - len(frames) // 8, c + len(frames) // 8
        cut = (lo + int(np.argmin(frames[lo:hi]))) * n
        parts += [x[prev:cut], rng.standard_normal(int(gap * sr)) * 10 ** (dbfs / 20)]
        prev = cut
    return np.concatenate([*parts, x[prev:]]).astype(np.float32)


@needs_alsa
def test_white_noise_in_the_pauses_is_not_a_room(tmp_path, run_rule):
    """Rear_Center peaking at -12 dBFS, white noise at -32 dBFS in its pauses: the words fall
    onto the noise within 150 ms and stay there, and the loud syllables held before a dry stop
    looked like slow decays: C50 5.6 dB over 14 endings before steady levels and dry stops were
    told apart (3949f32). The same prompt in a 1 s room is still reverberant."""
    x, sr = prompt("Rear_Center")
    dry = x / np.abs(x).max() * 10 ** (-12 / 20)
    wet = fftconvolve(dry, room(sr, 1.0))
    wet *= 10 ** (-12 / 20) / np.abs(wet).max()
    for name, y in (("dry", dry), ("wet", wet)):
        sf.write(tmp_path / f"{name}.wav", noise_in_pauses(y, sr, -32.0), sr, subtype="FLOAT")
    assert run_rule(tmp_path / "dry.wav", "S008") == []
    [f] = run_rule(tmp_path / "wet.wav", "S008")
    assert f.data["c50_db"] < DEFAULT["max_c50_db"]
