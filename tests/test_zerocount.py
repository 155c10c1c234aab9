"""The zero counts of the codec-grid searches (audiolint.analysis.zerocount) on real speech: by
their definition, and at several rounding noises from one squaring (a 24-bit file's search and
its 16-bit retry read the same MDCT coefficients)."""

import numpy as np
from realaudio import needs_alsa, prompt

from audiolint.analysis.mdct import mdct, window
from audiolint.analysis.zerocount import ACTIVE, BAND, ZERO, zero_counts, zero_counts_each

NOISES = tuple(2.0 ** -(bits - 1) / np.sqrt(12) for bits in (24, 16))  # as codecgrid.search_at


def coefficients(n: int = 1024) -> np.ndarray:
    """The MDCT (AAC's window) of ALSA's Front_Center at every offset of one hop of its loudest
    second, as the grid search reads them: frames one sample apart."""
    x, sr = prompt("Front_Center")
    energy = np.convolve(x.astype(np.float64) ** 2, np.ones(sr), mode="valid")
    start = int(np.argmax(energy))
    frames = np.lib.stride_tricks.sliding_window_view(x[start : start + sr], 2 * n)[:n]
    return mdct(frames, window("kbd", n).astype(np.float32))


def by_definition(coefs: np.ndarray, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Per frame, written out plainly: the coefficients whose square is under (ZERO x noise)^2
    among those of loud bands (BAND squares summing over BAND x (ACTIVE x noise)^2), and how
    many coefficients the loud bands hold."""
    squares = coefs.astype(np.float64) ** 2
    bands = squares.reshape(len(coefs), -1, BAND)
    loud = bands.sum(axis=2) > BAND * (ACTIVE * noise) ** 2
    small = (bands < (ZERO * noise) ** 2).sum(axis=2)
    return (small * loud).sum(axis=1), loud.sum(axis=1) * BAND


@needs_alsa
def test_each_noise_counted_from_one_squaring_gives_a_call_per_noise_bit_for_bit():
    coefs = coefficients()
    alone = [zero_counts(coefs.copy(), noise) for noise in NOISES]
    each = zero_counts_each(coefs.copy(), NOISES)
    assert len(each) == len(NOISES)
    for (small, loud), (small_1, loud_1) in zip(each, alone, strict=True):
        assert small.dtype == small_1.dtype and loud.dtype == loud_1.dtype
        assert np.array_equal(small, small_1) and np.array_equal(loud, loud_1)
    # the two noises count differently here, so a noise dropped or squared twice would show
    assert not np.array_equal(each[0][0], each[1][0])
    assert not np.array_equal(each[0][1], each[1][1])


@needs_alsa
def test_zero_counts_are_their_definition_on_real_speech():
    coefs = coefficients()
    for noise in NOISES:
        small, loud = zero_counts(coefs.copy(), noise)
        want_small, want_loud = by_definition(coefs, noise)
        assert loud.sum() > 0 and small.sum() > 0  # speech leaves loud bands and zeros in them
        # the search squares in single precision: a square within rounding of a limit may
        # land on either side of it (none does in this speech: every count agrees)
        assert np.array_equal(small, want_small)
        assert np.array_equal(loud, want_loud)
