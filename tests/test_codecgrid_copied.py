"""The codec-grid search's CELT frames folded as copies (codecgrid._copied): CELT's window is 1
over its middle and 0 at its ends, so its fold there is the samples read backwards; the search
must count exactly what the general MDCT path counts, on real speech (ALSA's recorded prompt,
48 kHz, pre-emphasised as the search reads it); and the memo measure's 16-bit retry reads keeps
each family's curves apart."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint.analysis import codecgrid as cg
from audiolint.analysis.mdct import fold, mdct, window
from audiolint.analysis.zerocount import zero_counts_each

PROMPT = Path("/usr/share/sounds/alsa/Front_Center.wav")
pytestmark = pytest.mark.skipif(not PROMPT.exists(), reason="ALSA's prompts not installed")


def loudest_span(prepared: bool, n: int) -> np.ndarray:
    """The loudest 4096-sample span of the prompt (float32), pre-emphasised as CELT's search."""
    x, _ = sf.read(PROMPT, dtype="float32")
    pos = int(np.argmax([np.square(x[i : i + 4096]).sum() for i in range(0, len(x) - 4096, 512)]))
    span = x[pos * 512 : pos * 512 + 4096].copy()
    family = next(f for f in cg.FAMILIES if f.n == n)
    return cg._prepared(span, family, np.float32) if prepared else span


def general(x: np.ndarray, count: int, n: int, win: np.ndarray, noises) -> list:
    """The counts by the general MDCT path, every frame at once."""
    frames = np.lib.stride_tricks.sliding_window_view(x, 2 * n)[:count].copy()
    return zero_counts_each(mdct(frames, win), noises)


@pytest.mark.parametrize("n", [960, 480, 240])
def test_celt_frames_folded_as_copies_count_what_the_mdct_counts(n):
    x = loudest_span(True, n)
    win = window("celt", n).astype(np.float32)
    count = cg.gc.reps(n) * n
    assert cg._copied(x, count, n, win) is not None  # the copy path is the one under test
    noises = (cg._noise(16), cg._noise(24))
    got, want = cg._counts(x, count, n, win, noises), general(x, count, n, win, noises)
    for (small, loud), (small_w, loud_w) in zip(got, want, strict=True):
        assert np.array_equal(small, small_w) and np.array_equal(loud, loud_w)
    assert got[0][0].sum() != got[1][0].sum()  # the two noises count differently
    # the fold's values themselves, but for a zero's sign (array_equal: -0.0 == 0.0)
    rows, left, right = cg._copied(x, count, n, win)
    e = left.shape[1]
    u = np.concatenate([left, rows[:, e:-e], right], axis=1)
    frames = np.lib.stride_tricks.sliding_window_view(x, 2 * n)[:count]
    assert np.array_equal(u, fold(frames, win))


def test_the_memo_keeps_each_familys_curves_apart():
    # measure's memo holds the searched spans' curves per family and noise: a family with the
    # same frame size but another pre-emphasis must not read the first one's curves (review 1,
    # N3: keyed by n alone, the second search below returned the first's records)
    x, _ = sf.read(PROMPT, dtype="float32")
    excerpt = cg.Excerpt()
    excerpt.update(x[:, None])
    spans = excerpt.spans()
    celt = next(f for f in cg.FAMILIES if f.n == 960)
    plain = cg.Family(960, celt.grids, celt.rates)  # no pre-emphasis
    fine, coarse = cg._noise(24), cg._noise(16)
    memo = {"noises": (fine, coarse)}
    cg.search(spans, celt, fine, memo=memo)
    with_memo = cg.search(spans, plain, fine, memo=memo)
    assert with_memo == cg.search(spans, plain, fine)
    assert with_memo != cg.search(spans, celt, fine)  # the two families' records differ
