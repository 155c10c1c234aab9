"""frames.heard: the mix, or where a stereo pair is in antiphase the channel that carries the
signal (excerpt.content), worked out once per block for every analyser that asks (review 1 N7:
voice, harmony, the fingerprint and the grid excerpt each asked it of every block)."""

import numpy as np
from realaudio import needs_alsa, prompt

from audiolint.analysis.excerpt import content
from audiolint.analysis.frames import heard, mono
from audiolint.analysis.mixdown import heard_channels


def channels(*scales: float) -> np.ndarray:
    """ALSA's Front_Center as a (frames, channels) block, each channel scaled."""
    x, _ = prompt("Front_Center")
    return np.stack([scale * x for scale in scales], axis=1).astype(np.float32)


@needs_alsa
def test_heard_is_the_mix_or_the_channel_that_carries_the_signal():
    same, flipped, silent_first = channels(1, 1), channels(1, -1), channels(0, 1, -1)
    assert heard(same) is mono(same)  # the very mix object: analysers compare by identity
    assert np.array_equal(heard(flipped), flipped[:, 0])  # L = x, R = -x: the mean is silence
    assert np.array_equal(heard(silent_first), silent_first[:, 1])  # (0, x, -x): a loud one
    for block in (same, flipped, silent_first):
        want = content(block, mono(block))
        assert np.array_equal(heard(block), want)


@needs_alsa
def test_heard_is_worked_out_once_per_block_and_never_another_blocks():
    first, second = channels(1, -1), channels(0.5, 0.5)
    kept = heard(first)
    assert heard(first) is kept  # asked again: the same answer, not worked out again
    other = heard(second)
    assert other is mono(second) and not np.array_equal(other, kept)
    assert np.array_equal(heard(first), first[:, 0])  # back to the first: its own answer again


@needs_alsa
def test_harmony_reads_the_block_as_it_is_when_monos_slot_was_refilled_meanwhile():
    # review 1 N14: with the API analysing in threads, another thread's block may take mono's
    # one slot between two asks; a block whose mix was kept with its answer is still read as it
    # is, not as its mix copied into every channel
    block, other = channels(1, 1), channels(0.5, -0.25)
    heard(block)
    mono(other)  # mono's slot now holds another block's mix
    assert heard_channels(block) is block
    flipped = channels(1, -1)
    mono(other)
    assert np.array_equal(heard_channels(flipped), np.repeat(flipped[:, :1], 2, axis=1))
