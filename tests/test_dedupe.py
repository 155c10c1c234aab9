"""Duplicate matching on fingerprints (analysis/dedupe.py): many copies, noise and offsets."""

import weakref

import numpy as np
import soxr
from realaudio import PROMPTS, needs_alsa, prompt

from audiolint import spill
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


def test_quiet_frames_are_ignored_and_short_prints_match_only_exactly():
    rng = np.random.default_rng(3)
    words = _random(rng)
    silent = np.full(200, -127, np.int8)
    assert dedupe.find([_print(words, silent), _print(words, silent)]) == []
    short = np.full(200, -127, np.int8)
    short[:20] = -20  # 0.4 s of sound: under MIN_ACTIVE
    louder = short.copy()
    louder[:20] = -14  # the same words 6 dB up: not the same samples
    assert dedupe.find([_print(words, short), _print(words, louder)]) == []
    # word for word and level for level (a long file's exact copy, no digest): bit error 0
    [m] = dedupe.find([_print(words, short), _print(words, louder), _print(words, short)])
    assert (m.a, m.b, m.bit_error) == (0, 2, 0.0)
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
    assert now == _in_small_blocks(monkeypatch, prints)
    monkeypatch.setattr(dedupe, "_best_offsets", _best_offsets_before)
    assert now == dedupe.find(prints)
    pairs = {(m.a, m.b, m.inside) for m in now}
    assert {(0, j, False) for j in range(1, 70) if j != 5} <= pairs
    assert (73, 74, True) in pairs  # the clip inside the longer file
    assert all(m.a >= 70 or m.b < 70 for m in now)  # the copies match nothing else


def _in_small_blocks(monkeypatch, prints, rows=512):
    """find(prints) with the stores in their temporary files and the index and the votes
    sorted in small groups (split once or more), the prints read from an iterator."""
    with monkeypatch.context() as m:
        m.setattr(spill, "SPILL_BYTES", 64)
        m.setattr(spill, "PART_BYTES", 1024)
        m.setattr(spill, "GROUP_ROWS", rows)
        return dedupe.find(iter(prints))


@needs_alsa
def test_real_speech_copies_are_found_alike_in_small_blocks(monkeypatch):
    """ALSA's recorded prompts: a copy 6 dB down, a copy resampled to 44.1 kHz, and a prompt
    kept inside a longer file are found, the same in small spilled blocks as in one."""
    clips = {name: prompt(name)[0] for name in PROMPTS}
    a = clips["Front_Left"]
    audio = [(a, 48000), (0.5 * a, 48000), (soxr.resample(a, 48000, 44100), 44100)]
    audio += [(clips[name], 48000) for name in PROMPTS[3:]]
    audio.append((np.concatenate([clips["Front_Right"], a]), 48000))  # 8: a inside it
    prints = []
    for x, rate in audio:
        fp = fingerprint.factory(rate, 1)
        fp.update(x[:, None].astype(np.float32))
        prints.append(fp.result())
    found = dedupe.find(prints)
    assert {(m.a, m.b, m.inside) for m in found} == {
        (0, 1, False), (0, 2, False), (1, 2, False), (0, 8, True), (1, 8, True), (2, 8, True)
    }  # fmt: skip
    assert all(m.bit_error < 0.1 for m in found)
    assert found == _in_small_blocks(monkeypatch, prints, rows=64)  # 463 words: split


def test_the_matcher_holds_no_fingerprint_it_has_read():
    """Prints are read one at a time and not kept: memory does not grow with them (what the
    matcher keeps of each goes to stores that spill to temporary files)."""
    rng = np.random.default_rng(4)
    alive = []

    def prints():
        for k in range(60):
            words = _random(rng) if k % 3 else np.zeros(200, np.uint32)
            fp = _print(words)
            alive.append(weakref.ref(fp["words"]))  # numpy arrays go when their last ref does
            assert sum(r() is not None for r in alive) <= 2  # this one, and the last at most
            yield fp

    assert dedupe.find(prints()) == []
