"""S008 on a clipped voice: where a word's loudest 12 ms are over a full-scale sine's mean square
(-3 dBFS), the word was clipped, its fall starts lower than the word was and looks shallower (a
room) by what the clipping took off; such offsets are not read. espeak-ng's German voice in a
mild room (true C50 about 9.5 dB) reads C50 10 dB; the same file 12 dB too loud and hard-clipped
read 6.6 dB from its clipped tops: a "reverberant" finding the unclipped file does not get."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import espeak, needs_espeak
from rules.test_reverb import room
from scipy.signal import fftconvolve

from audiolint.analysis.reverb import CLIPPED_DB, Reverb
from audiolint.rules.reverb import DEFAULT

TEXT = "A dry voice stops at the end of each word, and the room adds nothing after it."


def measure(x: np.ndarray, sr: int) -> dict:
    """The reverb analyser on ``x`` as it is (no rescaling), fed in blocks."""
    a = Reverb(sr, 1)
    x = x.astype(np.float32)[:, None]
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
    return a.result()


@needs_espeak
def test_a_clipped_voice_s_tops_are_not_read_as_a_room(tmp_path, run_rule):
    x, sr = espeak(tmp_path / "s.wav", TEXT, "de")
    wet = fftconvolve(x, room(sr, 0.3))[: len(x) + int(0.3 * sr)]
    wet /= np.abs(wet).max()
    clipped = np.clip(wet * 10 ** (12 / 20), -1.0, 1.0)
    plain, hard = measure(0.5 * wet, sr), measure(clipped, sr)
    assert plain["c50_db"] is not None and plain["c50_db"] >= DEFAULT["max_c50_db"]
    # the clipped tops are left out: no clarity under the unclipped file's read
    assert hard["c50_db"] is None or hard["c50_db"] >= plain["c50_db"] - 1.0
    for name, y in (("plain.wav", 0.5 * wet), ("clipped.wav", clipped)):
        sf.write(tmp_path / name, y.astype(np.float32), sr, subtype="PCM_16")
        assert run_rule(tmp_path / name, "S008") == []


def test_the_clipping_level_is_a_full_scale_sine_s_mean_square():
    t = np.arange(4800) / 48000
    sine = np.sin(2 * np.pi * 440 * t)
    assert abs(10 * np.log10(np.mean(sine**2)) - CLIPPED_DB) < 0.05
