"""frames.finite, frames.mono and frames.channel_rows: worked out once per block for all the
analysers that ask."""

from __future__ import annotations

import threading

import numpy as np

from audiolint.analysis import frames
from audiolint.analysis.levels import Levels
from audiolint.analysis.loudness import Loudness
from audiolint.analysis.voice import Voice


def _block(seed: int, bad: bool = False) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((4096, 2)).astype(np.float32) * 0.1
    if bad:
        x[10, 0], x[20, 1], x[30, 0] = np.nan, np.inf, -np.inf
    return x


def test_a_damaged_block_is_cleaned_once_and_left_as_it_was():
    x = _block(1, bad=True)
    first = frames.finite(x)
    assert frames.finite(x) is first  # the second analyser gets the same cleaned copy
    assert first[10, 0] == 0.0 and first[20, 1] == 1.0 and first[30, 0] == -1.0
    assert not first.flags.writeable  # shared: nobody may change it under the others
    assert np.isnan(x[10, 0])  # the caller's block is not touched
    assert frames.finite(_block(2)) is not first


def test_the_mix_is_shared_and_never_another_blocks():
    x, y = _block(3), _block(4)
    mix = frames.mono(x)
    assert frames.mono(x) is mix and not mix.flags.writeable
    other = frames.mono(y)
    assert np.array_equal(other, (y @ np.full(2, 0.5, np.float32)))
    assert frames.mono(x) is not mix  # asked again after another block: computed again
    assert np.array_equal(frames.mono(x), mix)


def test_analysers_count_and_clean_as_before_when_they_share():
    x = _block(5, bad=True)
    levels, voice = Levels(8000, 2), Voice(8000, 2)
    levels.update(x)
    voice.update(x)  # the cleaned copy and its mix come from what levels asked for
    alone = Voice(8000, 2)
    frames._FINITE.last = frames._MONO.last = (None, None)
    alone.update(x)
    assert levels.result()["nonfinite_samples"] == 3
    assert voice.result() == alone.result()


def test_threads_with_different_blocks_get_their_own_answers():
    blocks = [_block(10 + i, bad=i % 2 == 0) for i in range(8)]
    expected = [np.nan_to_num(b, nan=0.0, posinf=1.0, neginf=-1.0) for b in blocks]
    mixes = [e @ np.full(2, 0.5, np.float32) for e in expected]
    wrong = []

    def work(offset: int) -> None:
        for _ in range(200):
            for i in range(offset, len(blocks), 2):
                if not np.array_equal(frames.finite(blocks[i]), expected[i]):
                    wrong.append(i)
                if not np.array_equal(frames.mono(frames.finite(blocks[i])), mixes[i]):
                    wrong.append(i)

    threads = [threading.Thread(target=work, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


def test_levels_and_loudness_share_one_float64_copy_and_measure_as_alone():
    # a stereo speech-like block stream: the levels read the shared rows, the loudness meter
    # adds its tiny signal into a new array, so neither changes what the other reads
    rng = np.random.default_rng(7)
    blocks = [rng.standard_normal((48000, 2)).astype(np.float32) * 0.1 for _ in range(3)]
    rows = frames.channel_rows(blocks[0])
    assert frames.channel_rows(blocks[0]) is rows and not rows.flags.writeable
    assert rows.dtype == np.float64 and rows.flags.c_contiguous
    assert np.array_equal(rows, blocks[0].T)
    shared = Levels(48000, 2), Loudness(48000, 2)
    for b in blocks:
        for a in shared:
            a.update(b)
    alone = []
    for make in (Levels, Loudness):
        meter = make(48000, 2)
        for b in blocks:
            frames._ROWS.last = (None, None)  # nothing kept from another meter
            meter.update(b)
        alone.append(meter.result())
    assert [a.result() for a in shared] == alone
    assert np.array_equal(frames.channel_rows(blocks[2]), blocks[2].T)  # not filtered in place
