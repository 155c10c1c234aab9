"""S001 on a wave clipped at full scale and then turned down: its flat tops sit at its own peak.

espeak-ng's sentence driven 6 dB into full scale and cut there, then lowered by 3 dB (or to
-1 dBFS with TPDF dither, as sox's ``norm -1`` does) has no sample at full scale, and S001 found
nothing; its 249 flat tops are still there, at -3 dBFS. Real recordings that were never clipped
keep S001 silent however they are lowered: ALSA's recorded prompts at -1 and -20 dBFS, and
requantised to 8 bits at their peak (a slow crest then holds one value for a few samples).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import (
    csound_example,
    espeak,
    needs_alsa,
    needs_csound_doc,
    needs_espeak,
    prompt,
    prompts,
)

from audiolint.analysis.peaktops import PeakTops

DATA = Path(__file__).resolve().parent.parent / "data"

TEXT = "The quick brown fox jumps over the lazy dog, and then it runs far away into the woods."
TOP = 32767 / 32768


def _clipped(tmp_path) -> tuple[np.ndarray, int]:
    x, sr = espeak(tmp_path / "s.wav", TEXT)
    return np.clip(x / np.abs(x).max() * 10 ** (6 / 20), -TOP, TOP), sr


def _dithered(x: np.ndarray, peak_db: float) -> np.ndarray:
    """``x`` scaled to peak at ``peak_db`` and rounded to 16 bits with TPDF dither."""
    rng = np.random.default_rng(1)
    y = x / np.abs(x).max() * 10 ** (peak_db / 20) * 32768
    y += rng.random(len(y)) - rng.random(len(y))
    return np.round(y) / 32768


@needs_espeak
def test_clipped_then_turned_down_is_still_clipped(tmp_path, run_rule):
    x, sr = _clipped(tmp_path)
    sf.write(tmp_path / "down3.wav", x * 10 ** (-3 / 20), sr, subtype="PCM_16")
    sf.write(tmp_path / "norm1.wav", _dithered(x, -1.0), sr, subtype="PCM_16")
    [down] = run_rule(tmp_path / "down3.wav", "S001")
    [norm] = run_rule(tmp_path / "norm1.wav", "S001")
    assert down.severity == norm.severity == "error"
    assert down.data["peak_flat_runs"] >= 200 and norm.data["peak_flat_runs"] >= 200
    assert "runs at the file's own peak, -3.0 dBFS, inside flat tops" in down.message
    assert "own peak, -1.0 dBFS" in norm.message


@needs_alsa
def test_real_speech_never_clipped_is_left_alone_however_lowered(tmp_path, run_rule):
    x, sr = prompts(0.5)
    x = x / np.abs(x).max()
    sf.write(tmp_path / "norm1.wav", _dithered(x, -1.0), sr, subtype="PCM_16")
    sf.write(tmp_path / "quiet20.wav", x * 0.1, sr, subtype="PCM_16")
    sf.write(tmp_path / "eight.wav", np.round(x * 127) / 128, sr, subtype="PCM_U8")
    assert run_rule(tmp_path, "S001") == []


@needs_espeak
def test_the_count_does_not_depend_on_the_block_size(tmp_path):
    x, _sr = _clipped(tmp_path)
    y = np.stack([x, -x], 1).astype(np.float32) * np.float32(0.5)
    counts = set()
    for block in (1000, 4096, 65536):
        meter = PeakTops(2)
        for i in range(0, len(y), block):
            meter.update(y[i : i + block])
        counts.add(tuple(meter.result().values()))
    assert len(counts) == 1 and next(iter(counts))[0] >= 400  # both channels' tops


def test_a_filtered_square_wave_creeps_up_to_its_flat_top(tmp_path, run_rule):
    """torus-trooper's extend.wav (Debian's game data, not installed in CI) is a square wave
    through a smooth low-pass at -3.6 dBFS: flat at its peak for 14 tops, but each reached by
    steps of 4, 2, 1 (a clipped wave arrives at speed). The same shape, drawn."""
    from scipy.signal import lfilter

    sr = 44100
    square = np.sign(np.sin(2 * np.pi * 220 * np.arange(sr) / sr))
    pole = np.exp(-2 * np.pi * 2000 / sr)
    wave = lfilter([1 - pole], [1, -pole], square) * 0.66
    sf.write(tmp_path / "synth.wav", wave, sr, subtype="PCM_16")
    assert run_rule(tmp_path / "synth.wav", "S001") == []
    cut = np.clip(np.sin(2 * np.pi * 220 * np.arange(sr) / sr) * 1.3, -1, 1) * 0.66
    sf.write(tmp_path / "cut.wav", cut, sr, subtype="PCM_16")  # a sine cut, same level
    [found] = run_rule(tmp_path / "cut.wav", "S001")
    assert found.data["peak_flat_runs"] >= 400


@needs_alsa
@needs_csound_doc
@pytest.mark.parametrize(("name", "db"), [("Rear_Left", -66), ("Side_Right", -66), ("drums", -54)])
def test_a_quiet_recording_normalised_up_has_no_flat_tops(tmp_path, run_rule, name, db):
    """Review 40 (a drum hit made 16-bit at -54 dBFS, then normalised up: 96 levels, 499 LSB
    apart) and review 39 (a -90 dBFS fixture normalised: 3 values) read "N samples in M runs at
    the file's own peak ... inside flat tops": a crest rounded to so coarse a grid holds one value
    for a few samples. ALSA's prompts and csound's drum loop, rounded to 16 bits at -54 or -66
    dBFS and brought back to -0.1 dBFS, read so too (warnings and errors); now nothing."""
    if name == "drums":
        x, sr = sf.read(csound_example("drumsMlp.wav", tmp_path), always_2d=True)
        x = x.mean(axis=1)
    else:
        x, sr = prompt(name)
    steps = np.round(x / np.abs(x).max() * 10 ** (db / 20) * 32767)
    up = steps / np.abs(steps).max() * (32767 / 32768) * 10 ** (-0.1 / 20)
    sf.write(tmp_path / "up.wav", up, sr, subtype="PCM_16")
    assert run_rule(tmp_path / "up.wav", "S001") == []


@pytest.mark.parametrize("gain_db", [-1.0, -3.4])
def test_an_8_bit_voice_turned_up_into_16_bits_has_no_flat_tops(tmp_path, run_rule, gain_db):
    """Review 58b: an 8-bit stereo MegaGlest line, its channels averaged and brought to -1 dBFS
    (loudness-normalised and peak-limited by gain) or to -3.4 dBFS, then written as 16 bits, read
    "15 samples in 3 runs at the file's own peak ... inside flat tops as clipping leaves them"; the
    8-bit file itself reads nothing. Its values near the top are 73 steps of the 8-bit grid's
    half-steps (121-161 16-bit steps apart), more than MIN_LEVELS: a crest rounded to that grid
    holds one value for a few samples. tests/data/megaglest_warrior_ack5.flac (CC BY-SA 3.0)."""
    x, sr = sf.read(DATA / "megaglest_warrior_ack5.flac", always_2d=True)
    assert run_rule(DATA / "megaglest_warrior_ack5.flac", "S001") == []
    mono = x.mean(axis=1)
    sf.write(tmp_path / "up.wav", mono / np.abs(mono).max() * 10 ** (gain_db / 20), sr, "PCM_16")
    assert run_rule(tmp_path / "up.wav", "S001") == []
