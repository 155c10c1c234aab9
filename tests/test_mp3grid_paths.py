"""mp3grid's two layouts of the same arithmetic give the same values bit for bit: the search's
(granule, coefficient, phase, band) butterflies run on rows of all phases' bands, the check's
(granule, coefficient, band) ones band by band."""

import numpy as np

from audiolint.analysis.mp3grid import _butterflies, subbands


def test_butterflies_on_all_phases_at_once_equal_them_phase_by_phase():
    coefs = np.cos(np.arange(5 * 18 * 32 * 32) ** 1.2).astype(np.float32).reshape(5, 18, 32, 32)
    each = [_butterflies(np.ascontiguousarray(coefs[:, :, p])) for p in range(32)]
    together = _butterflies(coefs.copy())
    for p in range(32):
        assert together[:, :, p].tobytes() == each[p].tobytes()
    assert not np.array_equal(together, coefs)  # the butterflies did rotate something


def test_subbands_at_every_position_equal_those_read_a_band_hop_apart():
    x = np.cos(np.arange(4096) ** 1.1).astype(np.float32)
    every = subbands(x, 0, 1696, 1)
    for phase in (0, 7, 31):
        hop = subbands(x, phase, 40, 32)
        assert hop.tobytes() == every[phase : phase + 32 * 40 : 32].tobytes()
