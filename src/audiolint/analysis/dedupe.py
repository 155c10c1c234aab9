"""Find files that hold the same audio, from their fingerprints (see ``fingerprint.py``).

Comparing every pair of files in full would be O(n^2) in the dataset's size. Instead every
loud-enough 20 ms word of every file goes into one sorted index; two files that share words at
a consistent time offset become a candidate pair, and only candidates are compared in full
(bit error rate over the frames both files have in common, at that offset +-1 step). Different
audio shares almost no 32-bit words, so the work grows with the dataset's length, not its square.

Silent frames are left out (their bits are noise), so all-silent files never match anything:
the silence rules are the place for them. Level does not matter: the same audio 6 dB quieter is
the same audio.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audiolint.analysis.quantile import percentile

ACTIVE_BELOW_PEAK_DB = 30  # a frame counts when within 30 dB of the file's loud frames...
ACTIVE_FLOOR_DB = -70  # ...and above this absolute level (dB of the low-passed mono mix)
MIN_ACTIVE = 25  # half a second of sound: shorter files are not compared
MAX_BUCKET = 64  # a word shared by more frames is linked to its first occurrence only
MIN_VOTES = 2


@dataclass(frozen=True)
class Match:
    """Two files with the same audio. ``inside`` is True when only the shorter one is covered:
    file ``a`` is then the shorter, and its audio sits in ``b`` from ``offset_s`` on."""

    a: int
    b: int
    bit_error: float
    offset_s: float
    inside: bool


def active(levels: np.ndarray) -> np.ndarray:
    """Mask of the frames loud enough to fingerprint reliably."""
    if not len(levels):
        return np.zeros(0, bool)
    ref = float(percentile(levels, 95))
    return (levels >= ref - ACTIVE_BELOW_PEAK_DB) & (levels > ACTIVE_FLOOR_DB)


def _candidates(prints: list[dict], masks: list[np.ndarray]) -> dict[tuple[int, int], int]:
    """(file i, file j) with i < j -> the frame offset most shared words agree on."""
    keys, owners, frames = [], [], []
    for i, (fp, m) in enumerate(zip(prints, masks, strict=True)):
        pos = np.flatnonzero(m)
        keys.append(fp["words"][pos])
        owners.append(np.full(len(pos), i, np.int64))
        frames.append(pos)
    if not keys:
        return {}
    key, own, frm = (np.concatenate(x) for x in (keys, owners, frames))
    order = np.argsort(key, kind="stable")
    key, own, frm = key[order], own[order], frm[order]
    keep = (key != 0) & (key != 0xFFFFFFFF)  # degenerate words (silence, steady tones)
    key, own, frm = key[keep], own[keep], frm[keep]
    if not len(key):
        return {}
    # Runs of one word: short ones pair every member; long ones (a common word, or the same
    # clip many times) pair each member with the run's first, so the work stays linear.
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    length = np.diff(np.r_[start, len(key)])
    short = np.repeat(length <= MAX_BUCKET, length)
    first = np.repeat(start, length)
    idx = np.arange(len(key))
    star = ~short & (idx != first)
    links = [(first[star], idx[star])]
    for gap in range(1, MAX_BUCKET):
        same = np.flatnonzero((key[:-gap] == key[gap:]) & short[gap:]) if len(key) > gap else []
        if not len(same):
            break
        links.append((same, same + gap))
    a = np.concatenate([x for x, _ in links])
    b = np.concatenate([y for _, y in links])
    diff = own[a] != own[b]
    a, b = a[diff], b[diff]
    if not len(a):
        return {}
    swap = own[a] > own[b]  # owners ascend within a run, but be sure
    lo, hi = np.where(swap, b, a), np.where(swap, a, b)
    return _best_offsets(own[lo], own[hi], frm[lo] - frm[hi], len(prints))


def _best_offsets(i: np.ndarray, j: np.ndarray, off: np.ndarray, files: int) -> dict:
    """Per pair (i, j), the offset with the most votes (at least MIN_VOTES; the lowest offset of
    equals). The (i, j, offset) votes are packed into one int64 each and counted with a single
    sort, so the cost is O(V log V) in the votes, whatever the number of files."""
    low = int(off.min())
    span = int(off.max()) - low + 1
    if files * files * span >= 2**62:  # cannot pack: count rows (same result, slower)
        votes, counts = np.unique(np.stack([i, j, off], axis=1), axis=0, return_counts=True)
        i, j, off = votes.T
    else:
        packed = (i * files + j) * span + (off - low)
        packed, counts = np.unique(packed, return_counts=True)
        pair, off = np.divmod(packed, span)
        i, j, off = pair // files, pair % files, off + low
    enough = counts >= MIN_VOTES
    if not enough.any():
        return {}
    i, j, off, counts = i[enough], j[enough], off[enough], counts[enough]
    # Sorted by (i, j, offset): the first row of each pair's top count is the winner.
    order = np.lexsort((off, -counts, j, i))
    i, j, off = i[order], j[order], off[order]
    first = np.r_[True, (i[1:] != i[:-1]) | (j[1:] != j[:-1])]
    pairs = zip(i[first].tolist(), j[first].tolist(), strict=True)
    return dict(zip(pairs, off[first].tolist(), strict=True))


def _compare(fa, fb, ma, mb, offset: int) -> tuple[float, int]:
    """(bit error rate, frames compared) with a's frame ``k + offset`` against b's frame ``k``."""
    wa, wb = fa["words"], fb["words"]
    start_b = max(0, -offset)
    n = min(len(wa) - offset - start_b, len(wb) - start_b)
    if n <= 0:
        return 1.0, 0
    sa, sb = slice(start_b + offset, start_b + offset + n), slice(start_b, start_b + n)
    both = ma[sa] & mb[sb]
    if not both.any():
        return 1.0, 0
    xor = np.bitwise_xor(wa[sa][both], wb[sb][both])
    errors = int(np.unpackbits(xor.view(np.uint8)).sum())
    return errors / (32 * int(both.sum())), int(both.sum())


def find(prints: list[dict | None], max_bit_error: float = 0.25, min_cover: float = 0.8):
    """Every pair of files holding the same audio, as :class:`Match` records.

    ``prints`` are fingerprint results (``None`` for a file that was not analysed). A pair
    matches when at most ``max_bit_error`` of the compared bits differ and the compared frames
    cover ``min_cover`` of both files' sound (or, for ``inside`` matches, of the shorter one's).
    """
    masks = []
    for fp in prints:
        m = active(fp["levels"]) if fp is not None else np.zeros(0, bool)
        masks.append(m if m.sum() >= MIN_ACTIVE else np.zeros(len(m), bool))
    usable = [fp if fp is not None else {"words": np.zeros(0, np.uint32)} for fp in prints]
    out = []
    for (i, j), off in sorted(_candidates(usable, masks).items()):
        err, n = min(
            _compare(usable[i], usable[j], masks[i], masks[j], off + d) for d in (-1, 0, 1)
        )
        if err > max_bit_error:
            continue
        ni, nj = int(masks[i].sum()), int(masks[j].sum())
        cover_i, cover_j = n / ni, n / nj
        hop = usable[i].get("hop_s", 0.02)
        if cover_i >= min_cover and cover_j >= min_cover:
            out.append(Match(i, j, round(err, 3), round(off * hop, 2), inside=False))
        elif cover_j >= min_cover and nj < ni:
            out.append(Match(j, i, round(err, 3), round(off * hop, 2), inside=True))
        elif cover_i >= min_cover and ni < nj:
            out.append(Match(i, j, round(err, 3), round(-off * hop, 2), inside=True))
    return out
