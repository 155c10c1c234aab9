"""The fidelity analysis of a stream does not depend on how the decoder cut it into blocks: the
same stereo speech (ALSA's prompts; the right channel 0.7 x the left, 3 samples late, so the
channel mean cancels a band near 8 kHz in sibilants) fed in blocks of several sizes gives the
same short-window rows (audiolint.analysis.spectrum) and the same fidelity record. The short
rows read the channel mean, or the first loud channel where the mean cancels, decided for each
fixed group of spectrum.GROUP frames from the file's start; decided per block (as it was), a
frame's choice followed whichever neighbours the decoder's block held."""

import json

import numpy as np
from realaudio import PROMPTS, needs_alsa, prompt

from audiolint.analysis.fidelity import FidelityAnalyser
from audiolint.analysis.spectrum import SpectrumAccumulator
from audiolint.models import Properties

BLOCKS = (65536, 4096, 5000)


def stereo() -> np.ndarray:
    """ALSA's prompts one after the other; right = 0.7 x left, 3 samples late."""
    x = np.concatenate([prompt(name)[0] for name in PROMPTS])
    return np.stack([x, 0.7 * np.roll(x, 3)], axis=1).astype(np.float32)


def fed(make, x: np.ndarray, block: int):
    """An analyser from ``make`` fed ``x`` in blocks of ``block`` frames."""
    analyser = make()
    for start in range(0, len(x), block):
        analyser.update(x[start : start + block])
    return analyser


def props() -> Properties:
    """A 16-bit stereo 48 kHz WAV's properties, as the probe reports them."""
    return Properties(
        container="wav",
        codec="pcm_s16le",
        lossless=True,
        sample_rate=48000,
        bit_depth=16,
        channels=2,
        sample_format="int",
    )


@needs_alsa
def test_short_rows_are_the_same_whatever_the_blocks():
    x = stereo()
    rows = []
    for block in BLOCKS:
        acc = fed(lambda: SpectrumAccumulator(48000, 2), x, block)
        acc.finish()
        rows.append(acc.short_matrix()[0])
    assert all(np.array_equal(rows[0], r) for r in rows[1:])


@needs_alsa
def test_the_fidelity_record_is_the_same_whatever_the_blocks():
    x = stereo()
    records = []
    for block in BLOCKS:
        out = fed(lambda: FidelityAnalyser(48000, 2, props()), x, block).result()
        records.append(json.dumps({k: v for k, v in out.items() if k[0] != "_"}, sort_keys=True))
    assert records[0] == records[1] == records[2]
