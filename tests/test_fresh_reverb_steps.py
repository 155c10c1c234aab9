"""S008's clarity read on a dry voice that steps down: a loud vowel, then at once a softer sound
that swells again without ever getting as loud (a shout, then its softer tail).

Found on hedgewars-data's voice packs (benchmarks/fresh_genuine2.py, tune half): two shouted
exclamations were called reverberant (C50 0.7 and 5.1 dB, "echoes over 2 s"), yet each word
ending fell 27-30 dB within 60 ms. Their "free decays" (no louder frame in the 400 ms after)
fall 11-20 dB within 40 ms, and then the lowest level so far holds still from 100 to 200 ms
after the offset: a softer sound has started, and the read at 200 ms sits on it. A room's echo
keeps sinking (2 dB in those 100 ms even at RT60 3 s), so such falls only lower the clarity:
it is read again without them (Pirate_Firstblood: no clarity now; Default_uk_Boring, whose
remaining falls still read 5.9 dB, keeps its finding).

The voice here is a real one: the loudest 40 ms of an ALSA prompt, held by overlap-adding it, in
steps that each drop 12-14 dB and swell 9-10 dB back over 200 ms; then a fade into a pause.
"""

from __future__ import annotations

import numpy as np
import pytest
from realaudio import needs_alsa, prompt, tight
from rules.test_reverb import measure, room
from scipy.signal import fftconvolve

from audiolint.rules.reverb import DEFAULT


def held(x: np.ndarray, sr: int, secs: float) -> np.ndarray:
    """The loudest 40 ms of ``x``, Hann-windowed and overlap-added every 20 ms for ``secs``."""
    n = int(0.04 * sr)
    at = int(np.argmax(np.convolve(x**2, np.ones(n), "valid")))
    grain = x[at : at + n] * np.hanning(n)
    out = np.zeros(int(secs * sr) + n)
    for i in range(0, len(out) - n, n // 2):
        out[i : i + n] += grain
    out = out[: int(secs * sr)]
    return out / np.abs(out).max()


def steps(name: str, count: int, drop_db: float, rise_db: float) -> tuple[np.ndarray, int]:
    """Three times: a held vowel of prompt ``name`` in ``count`` 200 ms steps (the first loud,
    each next starting ``drop_db`` under the last one's end and rising ``rise_db``), then a 60 dB
    fade and 0.4 s of pause; a -65 dBFS noise floor under all."""
    x, sr = prompt(name)
    seg = int(0.2 * sr)
    h = held(tight(x), sr, count * 0.2 + 0.1)
    gain = np.zeros(len(h))
    top = 0.0
    for k in range(1, count):
        gain[k * seg : (k + 1) * seg] = np.linspace(top - drop_db, top - drop_db + rise_db, seg)
        top = gain[(k + 1) * seg - 1]
    gain[count * seg :] = top + np.linspace(0.0, -60.0, len(h) - count * seg)
    unit = np.concatenate([h * 10 ** (gain / 20), np.zeros(int(0.4 * sr))])
    y = np.tile(unit, 3)
    return y + 10 ** (-65 / 20) * np.random.default_rng(0).standard_normal(len(y)), sr


# the cases the analyser read as a room (C50 0.2-6.3 dB) while it read falls that stop sinking
CASES = [("Front_Center", 6, 12, 9), ("Rear_Right", 5, 14, 10), ("Rear_Right", 6, 12, 9),
         ("Side_Left", 5, 14, 10), ("Side_Left", 6, 12, 9)]  # fmt: skip


@needs_alsa
@pytest.mark.parametrize(("name", "count", "drop", "rise"), CASES)
def test_a_dry_voice_stepping_down_is_not_a_room(name, count, drop, rise):
    x, sr = steps(name, count, drop, rise)
    got = measure(x, sr)
    assert got["c50_db"] is None or got["c50_db"] >= DEFAULT["max_c50_db"]


@needs_alsa
@pytest.mark.parametrize(("name", "count", "drop", "rise"), CASES[::2])
def test_the_same_voice_in_a_room_still_reads_as_one(name, count, drop, rise):
    x, sr = steps(name, count, drop, rise)
    got = measure(fftconvolve(x, room(sr, 1.0)), sr)
    assert got["c50_db"] is not None and got["c50_db"] < DEFAULT["max_c50_db"]
