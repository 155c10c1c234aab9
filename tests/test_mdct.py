"""The MDCT the codec-grid search runs (audiolint.analysis.mdct): the textbook definition, on
frames read every way the search reads them."""

import numpy as np
import pytest

from audiolint.analysis.mdct import fold, mdct, window


def direct(frames: np.ndarray, win: np.ndarray) -> np.ndarray:
    """Orthonormal MDCT by its definition: X[k] = sqrt(2/n) sum_t w[t] x[t]
    cos(pi/n (t + 1/2 + n/2)(k + 1/2))."""
    n = frames.shape[-1] // 2
    t, k = np.arange(2 * n)[:, None], np.arange(n)[None, :]
    basis = np.sqrt(2 / n) * np.cos(np.pi / n * (t + 0.5 + n / 2) * (k + 0.5))
    return (frames.astype(np.float64) * win) @ basis


@pytest.mark.parametrize(("kind", "n"), [("sine", 64), ("kbd", 128), ("vorbis", 32), ("celt", 240)])
def test_mdct_matches_its_definition_on_sliding_and_copied_frames(kind, n):
    x = np.cos(np.arange(6 * n) ** 1.3).astype(np.float32)
    win = window(kind, n)
    sliding = np.lib.stride_tricks.sliding_window_view(x, 2 * n)[: 3 * n]  # rows 1 sample apart
    for frames in (sliding, sliding[::7], np.ascontiguousarray(sliding[::5]), sliding[4]):
        want = direct(frames, win)
        assert np.allclose(mdct(frames, win), want, atol=1e-9 * np.abs(want).max())


def test_the_sliding_window_fold_gives_the_general_folds_values_bit_for_bit():
    # frames one sample apart are folded from a reversed copy of their samples; a copy of the
    # same frames takes the general path: the two must agree to the last bit (signed zeros too)
    x = np.cos(np.arange(3000) ** 1.1).astype(np.float32)
    x[::5] = -0.0
    for kind, n in (("celt", 480), ("kbd", 1024), ("sine", 288)):
        win = window(kind, n).astype(np.float32)
        sliding = np.lib.stride_tricks.sliding_window_view(x, 2 * n)[:300]
        assert fold(sliding, win).tobytes() == fold(sliding.copy(), win).tobytes()


def test_a_reused_buffer_gives_the_same_coefficients_bit_for_bit():
    # the search folds chunk after chunk into one buffer: a leftover chunk, a larger buffer and
    # whatever the last chunk left in it change nothing
    x = np.cos(np.arange(5000) ** 1.2).astype(np.float32)
    x[::7] = -0.0
    win = window("kbd", 1024).astype(np.float32)
    sliding = np.lib.stride_tricks.sliding_window_view(x, 2048)
    buf = np.full((2, 200, 1024), np.nan, np.float32)
    for frames in (sliding[:200], sliding[:37], sliding[3::9][:150], sliding[:200].copy()):
        assert mdct(frames, win, buf).tobytes() == mdct(frames, win).tobytes()


def test_no_frames_fold_to_no_coefficients():
    # a sliding view with no rows took the fast path and read its last row (IndexError)
    win = window("sine", 32)
    none = np.lib.stride_tricks.sliding_window_view(np.zeros(100, np.float32), 64)[:0]
    assert mdct(none, win).shape == (0, 32)
