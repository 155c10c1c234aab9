"""The streaming spectrum's per-frame rows, thinned as a long file streams past
(audiolint.analysis.spectrum.SpectrumAccumulator): every other kept row is dropped whenever
more than MAX_ROWS are kept, so the rows left are the frames whose index is a multiple of the
final stride, whatever the block sizes; checked on real speech (ALSA's prompts, stereo)."""

import numpy as np
from realaudio import PROMPTS, needs_alsa, prompt

from audiolint.analysis import spectrum
from audiolint.analysis.spectrum import SpectrumAccumulator


def speech(frames: int, n: int) -> np.ndarray:
    """ALSA's prompts one after the other, ``frames`` frames of ``n`` samples and a part
    frame, as stereo (right: 0.7 x left; no delay between them, which would cancel a band in
    the channel mean and let the short rows read one channel in some blocks: excerpt.content
    decides per block)."""
    x = np.concatenate([prompt(name)[0] for name in PROMPTS])
    x = np.tile(x, frames * n // len(x) + 1)[: frames * n + n // 3]
    return np.stack([x, 0.7 * x], axis=1).astype(np.float32)


def band_rows(x: np.ndarray, acc: SpectrumAccumulator) -> np.ndarray:
    """Each whole frame's band powers, worked out here frame by frame: both channels' power
    spectra (Hann window, in double) added, summed over the accumulator's band edges."""
    n = acc.n
    rows = []
    for start in range(0, len(x) - n + 1, n):
        wide = x[start : start + n].T.astype(np.float64) * acc.window64
        spec = np.fft.rfft(wide, axis=1)
        power = spec.real**2 + spec.imag**2
        rows.append(np.add.reduceat(power[0] + power[1], acc.edges[:-1]).astype(np.float32))
    return np.array(rows)


@needs_alsa
def test_thinned_rows_are_every_strideth_frame_whatever_the_blocks(monkeypatch):
    monkeypatch.setattr(spectrum, "MAX_ROWS", 40)
    acc = SpectrumAccumulator(48000, 2)
    x = speech(300, acc.n)
    want = band_rows(x, acc)
    got = []
    for block in (4096, 65536, 5000):  # frames straddle blocks; several blocks per thinning
        acc = SpectrumAccumulator(48000, 2)
        for start in range(0, len(x), block):
            acc.update(x[start : start + block])
        bands, (short, _) = acc.band_matrix(), acc.short_matrix()
        # 300 frames kept down to 40 or fewer: a stride of 8 keeps frames 0, 8, ..., 296
        assert acc.stride == 8 and acc.frames == 300
        assert len(bands) == len(short) == 38
        assert np.allclose(bands, want[:: acc.stride], rtol=1e-6, atol=0)
        got.append((bands, short))
    # the same rows, bit for bit, whatever the block size
    for bands, short in got[1:]:
        assert np.array_equal(bands, got[0][0]) and np.array_equal(short, got[0][1])
