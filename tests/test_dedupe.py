"""Duplicate matching on fingerprints (analysis/dedupe.py): many copies, noise and offsets."""

import numpy as np

from audiolint.analysis import dedupe

LEVELS = np.full(200, -20, np.int8)


def _print(words, levels=LEVELS):
    return {"words": words.astype(np.uint32), "levels": levels, "hop_s": 0.02}


def _random(rng, n=200):
    return rng.integers(1, 2**32 - 1, n, dtype=np.uint64).astype(np.uint32)


def test_many_copies_of_one_clip_each_name_the_first():
    rng = np.random.default_rng(1)
    clip = _random(rng)
    prints = [_print(_random(rng)) for _ in range(30)]
    prints += [_print(clip) for _ in range(100)]  # more copies than MAX_BUCKET
    found = dedupe.find(prints)
    firsts = {m.b: m.a for m in found if m.a == 30}
    assert set(firsts) == set(range(31, 130))
    assert all(m.a >= 30 and m.b >= 30 for m in found)  # the 30 distinct prints match nothing


def test_noisy_shifted_copy_matches_and_random_prints_do_not():
    rng = np.random.default_rng(2)
    a = _random(rng)
    flips = (rng.random((200, 32)) < 0.08) @ (1 << np.arange(32, dtype=np.uint64))
    b = np.r_[_random(rng, 5), (a ^ flips.astype(np.uint32))[:-5]]  # 5 steps later, 8% errors
    [m] = dedupe.find([_print(a), _print(_random(rng)), _print(b)])
    assert (m.a, m.b, m.inside) == (0, 2, False) and 0.05 < m.bit_error < 0.12
    assert m.offset_s == -0.1


def test_quiet_frames_and_short_prints_are_ignored():
    rng = np.random.default_rng(3)
    words = _random(rng)
    silent = np.full(200, -127, np.int8)
    assert dedupe.find([_print(words, silent), _print(words, silent)]) == []
    short = np.full(200, -127, np.int8)
    short[:20] = -20  # 0.4 s of sound: under MIN_ACTIVE
    assert dedupe.find([_print(words, short), _print(words, short)]) == []
    [m] = dedupe.find([None, _print(words), None, _print(words)])  # None: not analysed
    assert (m.a, m.b, m.bit_error) == (1, 3, 0.0)
