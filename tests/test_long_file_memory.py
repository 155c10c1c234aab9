"""A long file's results, worked out in less memory, are the values they were (issue 4: a 2-hour
file's analysis under 300 MB; benchmarks/memory.py): the reverb analyser's free decays read in
chunks of offsets, its levels converted in place, and the harmony analyser's frame table joined
once, give exactly what the whole arrays gave."""

import numpy as np
import pytest

from audiolint.analysis import reverb, reverb_decay
from audiolint.analysis.harmony import Harmony
from tests.realaudio import PROMPTS, needs_alsa, prompt


def _speech(seconds: float = 60.0) -> tuple[np.ndarray, int]:
    """ALSA's prompts one after another, in a small room's echo, for ``seconds``."""
    parts = [prompt(name) for name in PROMPTS]
    sr = parts[0][1]
    x = np.concatenate([p[0] for p in parts])
    x = np.tile(x, int(np.ceil(seconds * sr / len(x))))[: int(seconds * sr)]
    t = np.arange(int(0.3 * sr)) / sr
    room = np.random.default_rng(3).standard_normal(len(t)) * np.exp(-t / 0.08) * 0.05
    room[0] = 1.0
    return np.convolve(x, room)[: len(x)].astype(np.float32), sr


@needs_alsa
def test_free_decays_in_chunks_are_the_whole_arrays_decays(monkeypatch):
    x, sr = _speech()
    r = reverb.Reverb(sr, 1)
    for i in range(0, len(x), 65536):
        r.update(x[i : i + 65536, None])
    level = 10.0 * np.log10(np.maximum(np.concatenate(r.power), 1e-13))
    whole = reverb.free_decays(level, r.frame_s, float(np.percentile(level, 10)))
    assert len(whole[2]) > 50  # enough offsets to cut into several chunks
    monkeypatch.setattr(reverb_decay, "CHUNK", 7)
    chunked = reverb.free_decays(level, r.frame_s, float(np.percentile(level, 10)))
    for a, b in zip(whole, chunked, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@needs_alsa
@pytest.mark.parametrize("analyser", [reverb.Reverb, Harmony])
def test_results_read_twice_are_the_same(analyser):
    """result() joins the frames once and keeps the join: a second reading gives the first's
    values, and so does an analyser fed the same blocks whose frames were never joined."""
    x, sr = _speech(20.0)
    a, b = analyser(sr, 1), analyser(sr, 1)
    for i in range(0, len(x), 65536):
        a.update(x[i : i + 65536, None])
        b.update(x[i : i + 65536, None])
    first = a.result()
    assert first == a.result() == b.result()
    assert any(v is not None for k, v in first.items() if k != "hum_hz")
