"""Channels in antiphase (L = x, R = -x) keep the empty cells ("holes") their in-phase file has.

Regression: the short-window matrix that :func:`audiolint.analysis.edge.holes` reads was taken
from each frame's channel mean, which cancels to silence when one channel's polarity is flipped,
so an antiphase copy of an MP3 decode had no holes (0.0 against the in-phase file's 0.0015 for
ALSA's Front_Center through PyAV's LAME at 96 kbps). The matrix now reads the first channel where
the mean cancels the channels, as the codec-grid excerpt does (03bfa4c).
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.analysis.spectrum import SpectrumAccumulator
from rules.test_fidelity_median_real import encode


def _short(block: np.ndarray, sr: int) -> np.ndarray:
    spec = SpectrumAccumulator(sr, block.shape[1])
    spec.update(np.ascontiguousarray(block, dtype=np.float32))
    spec.finish()
    return spec.short_matrix()[0]


@needs_alsa
def test_an_antiphase_mp3_decode_keeps_its_holes(tmp_path):
    """PyAV's LAME at 96 kbps, ALSA's Front_Center: the antiphase copy's short-window matrix is
    the in-phase decode's, which is not silent (the cancelled mean gave an all-zero matrix), so
    its ``holes`` are the in-phase file's. How many cells a LAME build leaves empty (0.0015 with
    PyAV's bundled one) is not asserted: another build may leave none."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, 96, "libmp3lame", "mp3")
    holes, short = {}, {}
    for name, sign in (("inphase", 1.0), ("antiphase", -1.0)):
        path = tmp_path / f"{name}.wav"
        sf.write(path, np.stack([y, sign * y], axis=1), sr, subtype="PCM_16")
        short[name] = _short(sf.read(path, dtype="float32")[0], sr)
        holes[name] = api.inspect(path, read_config=False).fidelity["holes"]
    assert short["inphase"].any()
    assert np.array_equal(short["antiphase"], short["inphase"])
    assert holes["antiphase"] == holes["inphase"]


@needs_alsa
def test_the_short_matrix_reads_the_mean_unless_it_cancels():
    """L = x, R = -x gives the matrix of L = R = x (the first channel is the in-phase mean);
    channels merely different (two prompts) keep their mean, not their first channel."""
    a, sr = prompt("Front_Left")
    b, _ = prompt("Front_Right")
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    same = _short(np.stack([a, a], axis=1), sr)
    assert same.any()
    assert np.array_equal(_short(np.stack([a, -a], axis=1), sr), same)
    both = _short(np.stack([a, b], axis=1), sr)
    assert np.array_equal(both, _short(((a + b) / 2)[:, None], sr))
    assert not np.array_equal(both, same)
