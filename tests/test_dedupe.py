"""Duplicate matching on fingerprints (analysis/dedupe.py): many copies, noise and offsets."""

import numpy as np

from audiolint.analysis import dedupe, fingerprint

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


def _best_offsets_before(i, j, off, files):
    """How dedupe._candidates counted votes before the packed count (commit b004053): unique
    rows, then a loop keeping the first offset of the top count. The reference to agree with."""
    votes, counts = np.unique(np.stack([i, j, off], axis=1), axis=0, return_counts=True)
    best = {}
    for (a, b, o), n in zip(votes.tolist(), counts.tolist(), strict=True):
        if n >= dedupe.MIN_VOTES and n > best.get((a, b), (0, 0))[0]:
            best[(a, b)] = (n, o)
    return {pair: o for pair, (_, o) in best.items()}


def _fingerprint(audio, rate=8000):
    fp = fingerprint.factory(rate, 1)
    fp.update(audio)
    return fp.result()


def test_same_matches_as_before_on_a_mixed_set(gen, monkeypatch):
    clips = [gen.speechlike(8000, 3.0, seed=s) for s in range(6)]
    music = gen.musiclike(8000, 3.0, seed=1)
    longer = np.concatenate([gen.speechlike(8000, 4.0, seed=9), clips[2], clips[3][:8000]])
    audio = [clips[0]] * 70 + [clips[1], clips[1] * 0.5, clips[1] * 0.25]  # copies, levels
    audio += [clips[2], longer, clips[3], clips[4], clips[5], music, music * 0.7]
    prints = [_fingerprint(a) for a in audio]
    prints[5] = None  # not analysed
    now = dedupe.find(prints)
    monkeypatch.setattr(dedupe, "_best_offsets", _best_offsets_before)
    assert now == dedupe.find(prints)
    pairs = {(m.a, m.b, m.inside) for m in now}
    assert {(0, j, False) for j in range(1, 70) if j != 5} <= pairs
    assert (73, 74, True) in pairs  # the clip inside the longer file
    assert all(m.a >= 70 or m.b < 70 for m in now)  # the copies match nothing else
