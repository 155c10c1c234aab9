"""The excerpt keeps each channel's samples at its loud spans, and a grid search that finds
nothing in the mix reads a channel whose floor is far under the other's
(:func:`audiolint.analysis.excerpt.searched`).

Review 2's case: an MP3 decode (L = y) with noise 30 dB down added to its other channel
(R = y + n) read "genuine": the mix y + n/2 holds the noise 36 dB down, which fills the zeros
LAME left in y (MP3 grid z 1.0 in the mix; 41.4 in L alone).
"""

from __future__ import annotations

import numpy as np
from realaudio import needs_alsa, prompt

from audiolint.analysis import mp3grid
from audiolint.analysis.excerpt import Excerpt, searched
from rules.test_fidelity_median_real import encode


def _fed(stereo: np.ndarray, block: int) -> Excerpt:
    excerpt = Excerpt()
    for i in range(0, len(stereo), block):
        excerpt.update(np.ascontiguousarray(stereo[i : i + block], dtype=np.float32))
    return excerpt


@needs_alsa
def test_the_channels_are_kept_at_the_mixs_spans():
    """Two prompts as L and R, fed in blocks of 65,536 and of 1,000 frames (spans carried over
    block ends): the mix's spans are as before, each channel's are its samples there."""
    a, _ = prompt("Front_Left")
    b, _ = prompt("Front_Right")
    n = min(len(a), len(b))
    both = np.stack([a[:n], b[:n]], axis=1).astype(np.float32)
    mix = both.mean(axis=1, dtype=np.float32)
    for block in (65536, 1000):
        excerpt = _fed(both, block)
        spans, channels = excerpt.spans(), excerpt.channel_spans()
        assert len(spans) == 8 and len(channels) == 2
        for pos, x in spans:
            assert np.allclose(x, mix[pos : pos + len(x)], atol=1e-6)
        for k in range(2):
            assert [p for p, _ in channels[k]] == [p for p, _ in spans]
            for pos, x in channels[k]:
                assert np.array_equal(x, both[pos : pos + len(x), k])
    assert _fed(a[:, None], 65536).channel_spans() == []
    # two recordings: alike floors, but different sounds (correlating under excerpt.UNLIKE):
    # the mix fills each one's zeros, so a channel is searched alone
    assert _fed(both, 65536).quieter() is not None
    silent = np.zeros_like(a[:n])  # a voice recorded into one input: nothing to search alone
    for pair in ((a[:n], silent), (silent, a[:n]), (a[:n], 0.1 * a[:n])):
        assert _fed(np.stack(pair, axis=1), 65536).quieter() is None


@needs_alsa
def test_a_noisy_channel_does_not_hide_the_other_ones_grid():
    """PyAV's LAME at 192 kbps, ALSA's Front_Center: L = the decode, R = the decode + noise
    30 dB under its level. The mix holds no MP3 grid; the search reads L's."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, 192, "libmp3lame", "mp3")
    noise = np.random.default_rng(1).normal(0, np.std(y) * 10 ** (-30 / 20), len(y))
    excerpt = _fed(np.stack([y, y + noise], axis=1), 65536)
    assert not mp3grid.measure(excerpt.spans(), sr, 16)["found"]
    assert [p for p, _ in excerpt.quieter()] == [p for p, _ in excerpt.channel_spans()[0]]
    assert searched(mp3grid.measure, excerpt, sr, 16)["found"]
    clean = _fed(np.stack([y, y], axis=1), 65536)  # found in the mix: the same record
    assert searched(mp3grid.measure, clean, sr, 16) == mp3grid.measure(clean.spans(), sr, 16)
    assert clean.quieter() is None  # dual mono: the channels are the mix


@needs_alsa
def test_a_genuine_recording_with_a_noisy_channel_finds_no_grid():
    """ALSA's Front_Center as recorded (never encoded) with noise 30 dB down in R: L is searched
    alone (R's floor is far above it) and holds no grid either."""
    x, sr = prompt("Front_Center")
    noise = np.random.default_rng(1).normal(0, np.std(x) * 10 ** (-30 / 20), len(x))
    excerpt = _fed(np.stack([x, x + noise], axis=1), 65536)
    assert excerpt.quieter() is not None
    assert not searched(mp3grid.measure, excerpt, sr, 16)["found"]
