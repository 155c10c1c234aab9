"""The codec-grid search's short CELT frames (10 and 5 ms) count their further frames only at
the TOP offsets where the first frame's share is highest (b933647, issue 11's speed): there the
share must be what counting every frame gives, and elsewhere the first frame's own; 20 ms,
AAC and Vorbis (one frame an offset) are counted as before. Real speech: ALSA's recorded
prompt, 48 kHz, its loudest span pre-emphasised as the search reads it."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint.analysis import codecgrid as cg
from audiolint.analysis.mdct import window

PROMPT = Path("/usr/share/sounds/alsa/Front_Center.wav")
pytestmark = pytest.mark.skipif(not PROMPT.exists(), reason="ALSA's prompts not installed")


def span() -> tuple[int, np.ndarray]:
    """The prompt's loudest 4096-sample span and its position."""
    x, _ = sf.read(PROMPT, dtype="float32")
    pos = 512 * int(
        np.argmax([np.square(x[i : i + 4096]).sum() for i in range(0, len(x) - 4096, 512)])
    )
    return pos, x[pos : pos + 4096].copy()


def shares(counts, n: int, reps: int) -> np.ndarray:
    """Per offset 0 .. n - 1 (in the span), the share of zeros over the first ``reps`` frames."""
    small, loud = (c[: reps * n].reshape(reps, n).sum(axis=0) for c in counts)
    return np.where(loud > 0, small / np.maximum(loud, 1), 0.0)


@pytest.mark.parametrize("n", [1024, 960, 480, 240])
def test_top_offsets_read_every_frame_and_the_rest_the_first(n):
    pos, x = span()
    family = next(f for f in cg.FAMILIES if f.n == n)
    win = window(family.grids[0].window, n).astype(np.float32)
    noises = (cg._noise(16), cg._noise(24))
    reps = cg.gc.reps(n)
    prepared = cg._prepared(x, family, np.float32)
    full = cg._counts(prepared, reps * n, n, win, noises)  # every frame at every offset
    got = cg._curves(pos, x, family, win, noises, np.float32)
    first = [shares(c, n, 1) for c in full]
    every = [shares(c, n, reps) for c in full]
    top = set()
    for f in first:  # the offsets whose further frames are counted (union over the noises)
        top |= set(np.argsort(f, kind="stable")[::-1][: cg.TOP].tolist()) if reps > 1 else set()
    top = np.array(sorted(top), dtype=int)
    rest = np.setdiff1d(np.arange(n), top)
    for curve, one, all_frames in zip(got, first, every, strict=True):
        local = np.roll(curve, -(pos % n))  # back to offsets in the span
        assert np.array_equal(local[top], all_frames[top])
        assert np.array_equal(local[rest], one[rest] if reps > 1 else all_frames[rest])
    if reps > 1:  # a real saving: most offsets read one frame, and the two differ somewhere
        assert len(rest) > len(top) and not np.array_equal(first[0], every[0])
