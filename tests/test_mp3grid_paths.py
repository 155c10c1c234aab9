"""mp3grid's two layouts of the same arithmetic give the same values: the search's
(granule, coefficient, phase, band) butterflies run on rows of all phases' bands, the check's
(granule, coefficient, band) ones band by band."""

import numpy as np

from audiolint.analysis.mp3bank import _butterflies, subbands


def test_butterflies_on_all_phases_at_once_equal_them_phase_by_phase():
    coefs = np.cos(np.arange(5 * 18 * 32 * 32) ** 1.2).astype(np.float32).reshape(5, 18, 32, 32)
    each = [_butterflies(np.ascontiguousarray(coefs[:, :, p])) for p in range(32)]
    together = _butterflies(coefs.copy())
    for p in range(32):
        assert together[:, :, p].tobytes() == each[p].tobytes()
    assert not np.array_equal(together, coefs)  # the butterflies did rotate something


def test_subbands_at_every_position_equal_those_read_a_band_hop_apart():
    """The same windows read at every position and a band hop apart: the same values, up to
    the float32 rounding of their 64-term cosine products, which BLAS orders by the number of
    rows (numpy 2.4.6's OpenBLAS: 1 ulp apart in a third of them, session 48); a window read
    off its place would differ by the signal itself."""
    x = np.cos(np.arange(4096) ** 1.1).astype(np.float32)
    every = subbands(x, 0, 1696, 1)
    for phase in (0, 7, 31):
        hop = subbands(x, phase, 40, 32)
        want = every[phase : phase + 32 * 40 : 32]
        np.testing.assert_allclose(hop, want, rtol=0, atol=1e-6 * np.abs(want).max())
        assert np.abs(hop - every[phase + 1 : phase + 1 + 32 * 40 : 32]).max() > 0.1


def _reference(coefs: np.ndarray) -> np.ndarray:
    """The encoder's alias reduction written out plainly, each pair from the original values:
    band b's coefficient 17 - i and band b + 1's coefficient i, rotated by (cs[i], ca[i])."""
    from audiolint.analysis.mp3bank import ALIAS

    norm = np.sqrt(1 + ALIAS**2)
    cs, ca = (1 / norm).astype(coefs.dtype), (ALIAS / norm).astype(coefs.dtype)
    out = coefs.copy()
    for i in range(8):
        lo, hi = coefs[:, 17 - i, ..., :-1], coefs[:, i, ..., 1:]
        out[:, 17 - i, ..., :-1] = lo * cs[i] + hi * ca[i]
        out[:, i, ..., 1:] = hi * cs[i] - lo * ca[i]
    return out


def test_butterflies_equal_the_plain_rotation_in_both_layouts():
    """Pins the values, not only the two layouts' agreement: a loop that rotates a pair with a
    half-updated value, or skips a pair, differs from the plain expression (review 2)."""
    search = np.cos(np.arange(3 * 18 * 7 * 32) ** 1.3).astype(np.float32).reshape(3, 18, 7, 32)
    check = np.ascontiguousarray(search[:, :, 2])
    for coefs in (search, check, search.astype(np.float64)):
        assert _butterflies(coefs.copy()).tobytes() == _reference(coefs).tobytes()
