"""MP3's granules (mp3bank.granules) from one matmul over the granules' subband rows
(mp3bank._blocks: a view where the starts are evenly spaced, a copy elsewhere): the same
coefficients, bit for bit, as a matmul per granule, on real speech (ALSA's recorded prompt at
the offsets the MP3 grid search reads: every one in a span, every 18th, scattered ones)."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint.analysis import mp3bank

PROMPT = Path("/usr/share/sounds/alsa/Front_Center.wav")
pytestmark = pytest.mark.skipif(not PROMPT.exists(), reason="ALSA's prompts not installed")


def subband_rows() -> np.ndarray:
    """Polyphase subband samples of the prompt's loudest 8192 samples, (rows, 32), float32."""
    x, _ = sf.read(PROMPT, dtype="float32")
    energy = [np.square(x[i : i + 8192]).sum() for i in range(0, len(x) - 8192, 1024)]
    pos = 1024 * int(np.argmax(energy))
    return mp3bank.subbands(x[pos : pos + 8192].copy(), 0, 240)


def per_granule(sub: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """granules as it was computed before: a matmul per granule, then the sign flips and
    butterflies."""
    _, _, basis = mp3bank._tables(sub.dtype.type)
    sub[1::2, ..., 1::2] *= -1
    rows = sub.reshape(len(sub), -1)
    coefs = np.empty((len(starts), 18, rows.shape[1]), sub.dtype)
    for i, s in enumerate(starts):
        np.matmul(basis.T, rows[s : s + 36], out=coefs[i])
    coefs = coefs.reshape((len(starts), 18) + sub.shape[1:])
    coefs[starts % 2 == 1, ..., 1::2] *= -1
    return mp3bank._butterflies(coefs)


@pytest.mark.parametrize(
    "starts", [np.arange(18), np.arange(11) * 18, np.array([5, 190, 3, 77, 77, 120]), np.arange(0)]
)
def test_granules_from_one_matmul_are_the_per_granule_ones(starts):
    sub = subband_rows()
    assert np.abs(sub).max() > 0.01  # speech, not silence
    got = mp3bank.granules(sub.copy(), starts)
    assert np.array_equal(got, per_granule(sub.copy(), starts))


def test_a_granule_past_the_end_is_an_error_as_before():
    with pytest.raises(ValueError):
        mp3bank.granules(subband_rows(), np.array([230]))


def test_the_every_offset_search_granules_are_the_per_granule_ones():
    # mp3grid._curve: subbands at every sample, as (time, phase, band), 18 granules in a row
    x, _ = sf.read(PROMPT, dtype="float32")
    pos = len(x) // 3
    sub = mp3bank.subbands(x[pos : pos + 4096].copy(), 0, 576 + 36 * 32 - 32, 1)
    sub = sub.reshape(-1, 32, 32)
    got = mp3bank.granules(sub.copy(), np.arange(18))
    assert np.array_equal(got, per_granule(sub.copy(), np.arange(18)))
