"""Find files that hold the same audio, from their fingerprints (see ``fingerprint.py``).

Comparing every pair of files in full would be O(n^2) in the dataset's size. Instead every
loud-enough 20 ms word of every file goes into one sorted index; two files that share words at
a consistent time offset become a candidate pair, and only candidates are compared in full
(bit error rate over the frames both files have in common, at that offset +-1 step). Different
audio shares almost no 32-bit words, so the work grows with the dataset's length, not its square.

Silent frames are left out (their bits are noise), so all-silent files never match anything:
the silence rules are the place for them. Level does not matter: the same audio 6 dB quieter is
the same audio. A clip with too little sound to fingerprint (under ``MIN_ACTIVE`` loud frames)
matches only an exact copy: the same samples at the same rate (the fingerprint's ``digest``),
with sound in them (``peak`` over ``SOUND_PEAK``); in a file too long to be hashed (a word padded
with silence), the same fingerprint, word for word and level for level (:func:`exact_key`).

Memory stays flat in the number of files: the fingerprints are read one at a time (from the
run's store of kept records, :mod:`audiolint.kept`), and what the matcher keeps of them (each
file's words and sound mask, and each loud word as a (word, file, frame) record) goes to
stores that move to temporary files once large (:mod:`audiolint.spill`). The index is sorted
in groups that each hold every occurrence of their words (:meth:`Records.groups
<audiolint.spill.Records.groups>`), and the votes in groups that each hold every vote of
their pairs, so the work at any time is bounded, and the matches are the same as from one
sort of everything.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

try:  # hashlib's own BLAKE2, without hashlib's OpenSSL (as analysis/fingerprint.py)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without CPython's module
    from hashlib import blake2b

from audiolint.analysis.dedupe_extra import LOCAL, LOCAL_MAX, extra_db
from audiolint.analysis.quantile import percentile
from audiolint.spill import Records, Spill

ACTIVE_BELOW_PEAK_DB = 30  # a frame counts when within 30 dB of the file's loud frames...
ACTIVE_FLOOR_DB = -70  # ...and above this absolute level (dB of the low-passed mono mix)
MIN_ACTIVE = 25  # half a second of sound: shorter files are not compared...
SOUND_PEAK = 10 ** (ACTIVE_FLOOR_DB / 20)  # ...but to exact copies, when they peak over this
MAX_BUCKET = 64  # a word shared by more frames is linked to its first occurrence only
MIN_VOTES = 2
# A frame counts toward a match's cover where the bit error over the LOCAL compared frames
# around it (180 ms) is at most LOCAL_MAX: different audio differs in half its bits (over 9
# frames of 32 bits, 0.5 +- 0.03), the same audio re-encoded, resampled, turned down or noised
# in 0-0.2 (a denoised copy of a hissy take: 0.44 at worst). Two lines sharing only a first word
# read 0.12-0.24 over all their frames, under max_bit_error, while 19-31 % of their frames
# stood over 0.4 (review 41: "same audio: keep one copy" on lines that differ in their second
# word); the denoised copy's worst 1 %.
# (LOCAL, LOCAL_MAX: defined in dedupe_extra, which reads them too)
WORD = np.dtype([("key", "<u4"), ("owner", "<u4"), ("frame", "<u4")])  # a loud word, and where
VOTE = np.dtype([("i", "<u4"), ("j", "<u4"), ("off", "<i4")])  # file i's frame - file j's
HEAD = struct.Struct("<qd")  # a kept print: the file's index and hop, words, mask and levels


@dataclass(frozen=True)
class Match:
    """Two files with the same audio. ``inside`` is True when only the shorter one is covered:
    file ``a`` is then the shorter, and its audio sits in ``b`` from ``offset_s`` on."""

    a: int
    b: int
    bit_error: float
    offset_s: float
    inside: bool
    # where ``a`` is quiet, how much louder ``b`` is (each against its own loud frames), and
    # the reverse (dedupe_extra.extra_db); None where that file has no quiet stretch to read it
    b_extra_db: float | None = None
    a_extra_db: float | None = None


def active(levels: np.ndarray) -> np.ndarray:
    """Mask of the frames loud enough to fingerprint reliably."""
    if not len(levels):
        return np.zeros(0, bool)
    ref = float(percentile(levels, 95))
    return (levels >= ref - ACTIVE_BELOW_PEAK_DB) & (levels > ACTIVE_FLOOR_DB)


def fingerprintable(fp: dict | None) -> bool:
    """Whether a fingerprint has enough sound to match other copies (``MIN_ACTIVE`` loud
    frames), not only exact ones."""
    return fp is not None and int(active(fp["levels"]).sum()) >= MIN_ACTIVE


def sounding(fp: dict | None) -> bool:
    """Whether a fingerprint's file has sound in it: its peak over ``SOUND_PEAK``, or, for a
    file too long to be hashed, a frame over ``ACTIVE_FLOOR_DB``."""
    if not fp:
        return False
    if fp.get("digest"):
        return (fp.get("peak") or 0.0) > SOUND_PEAK
    levels = fp.get("levels")
    return levels is not None and len(levels) > 0 and int(np.max(levels)) > ACTIVE_FLOOR_DB


def exact_key(fp: dict) -> str:
    """What an exact copy of a file too short to index shares with it: the hash of its samples
    (``digest``), or, where the file was too long to be hashed (a word padded with seconds of
    silence: review 58a's byte-identical copies went unflagged), its fingerprint word for word
    with every frame's level. The same samples give the same words; another recording, or the
    same one re-levelled or re-encoded, changes the quiet frames' words, so only a copy of the
    same samples (a WAV and its FLAC alike) shares them all."""
    if fp.get("digest"):
        return fp["digest"]
    words = np.ascontiguousarray(fp["words"], "<u4")
    levels = np.ascontiguousarray(fp["levels"], np.int8)
    print_hash = blake2b(struct.pack("<d", fp.get("hop_s", 0.02)), digest_size=16)
    print_hash.update(words.tobytes())
    print_hash.update(levels.tobytes())
    return "print:" + print_hash.hexdigest()


class _Index:
    """The fingerprints that can match (:data:`MIN_ACTIVE` loud frames or more), numbered
    ``owner`` 0, 1, ... in the order added: each one's words and sound mask, and every loud
    word as a :data:`WORD` record, all in stores that spill to temporary files."""

    def __init__(self):
        self.prints = Spill()  # each print: HEAD, its words, its mask (a byte a frame)
        self.ends = Spill()  # where each print ends in ``prints``: 8 bytes each
        self.words = Records(WORD)
        self._last: tuple = (-1, None)  # the print read last (a candidate's first file repeats)

    def __len__(self) -> int:
        return len(self.ends) // 8

    def add(self, where: int, fp: dict | None) -> bool:
        """Index file number ``where``'s fingerprint ``fp`` (None: not analysed); whether it
        was (enough sound to match: ``MIN_ACTIVE`` loud frames)."""
        if fp is None:
            return False
        mask = active(fp["levels"])
        if mask.sum() < MIN_ACTIVE:
            return False
        owner = len(self)
        words = np.asarray(fp["words"], "<u4")
        head = HEAD.pack(where, fp.get("hop_s", 0.02))
        levels = np.asarray(fp["levels"], np.int8)
        end = self.prints.append(head + words.tobytes() + mask.tobytes() + levels.tobytes())
        self.ends.append(end.to_bytes(8, "little"))
        pos = np.flatnonzero(mask)
        key = words[pos]
        keep = (key != 0) & (key != 0xFFFFFFFF)  # degenerate words (silence, steady tones)
        rows = np.empty(int(keep.sum()), WORD)
        rows["key"], rows["owner"], rows["frame"] = key[keep], owner, pos[keep]
        self.words.append(rows)
        return True

    def get(self, owner: int) -> tuple[int, float, np.ndarray, np.ndarray, np.ndarray]:
        """(file number, hop in seconds, words, mask, levels) of print ``owner``."""
        if self._last[0] == owner:
            return self._last[1]
        if owner:
            start, end = np.frombuffer(self.ends.read(8 * owner - 8, 8 * owner + 8), "<u8")
        else:
            start, end = 0, int.from_bytes(self.ends.read(0, 8), "little")
        data = self.prints.read(int(start), int(end))
        where, hop = HEAD.unpack_from(data)
        n = (len(data) - HEAD.size) // 6
        words = np.frombuffer(data, "<u4", n, HEAD.size)
        mask = np.frombuffer(data, bool, n, HEAD.size + 4 * n)
        got = where, hop, words, mask, np.frombuffer(data, np.int8, n, HEAD.size + 5 * n)
        self._last = owner, got
        return got

    def candidates(self) -> dict[tuple[int, int], int]:
        """(owner i, owner j) with i < j -> the frame offset most shared words agree on."""
        votes = Records(VOTE)
        try:
            for group in self.words.groups("key"):  # every occurrence of its words
                i, j, off = _links(group)
                rows = np.empty(len(i), VOTE)
                rows["i"], rows["j"], rows["off"] = i, j, off
                votes.append(rows)
            best: dict[tuple[int, int], int] = {}
            for group in votes.groups("i"):  # every vote of its pairs
                i, j, off = (group[k].astype(np.int64) for k in ("i", "j", "off"))
                best.update(_best_offsets(i, j, off, len(self)))
            return best
        finally:
            votes.close()

    def close(self) -> None:
        """Drop the stores (and their temporary files)."""
        for store in (self.prints, self.ends, self.words):
            store.close()


def _links(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(owner i, owner j, i's frame - j's frame) with i < j for the pairs of :data:`WORD`
    records ``rows`` that share a word (every occurrence of each word, in the order added)."""
    order = np.argsort(rows["key"], kind="stable")
    key = rows["key"][order]
    own, frm = rows["owner"][order].astype(np.int64), rows["frame"][order].astype(np.int64)
    if not len(key):
        return own, own, own
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
    swap = own[a] > own[b]  # owners ascend within a run, but be sure
    lo, hi = np.where(swap, b, a), np.where(swap, a, b)
    return own[lo], own[hi], frm[lo] - frm[hi]


def _best_offsets(i: np.ndarray, j: np.ndarray, off: np.ndarray, files: int) -> dict:
    """Per pair (i, j), the offset with the most votes (at least MIN_VOTES; the lowest offset of
    equals). The (i, j, offset) votes are packed into one int64 each and counted with a single
    sort, so the cost is O(V log V) in the votes, whatever the number of files."""
    if not len(off):
        return {}
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


def _compare(wa, wb, ma, mb, offset: int) -> tuple[float, int, int]:
    """(bit error rate, frames compared, frames matched) with a's frame ``k + offset`` against
    b's frame ``k``: a frame is matched where the bit error over the ``LOCAL`` compared frames
    around it is at most ``LOCAL_MAX``."""
    start_b = max(0, -offset)
    n = min(len(wa) - offset - start_b, len(wb) - start_b)
    if n <= 0:
        return 1.0, 0, 0
    sa, sb = slice(start_b + offset, start_b + offset + n), slice(start_b, start_b + n)
    both = ma[sa] & mb[sb]
    if not both.any():
        return 1.0, 0, 0
    xor = np.bitwise_xor(wa[sa][both], wb[sb][both])
    per = np.unpackbits(xor.view(np.uint8)).reshape(-1, 32).sum(axis=1)
    local = np.convolve(per, np.ones(LOCAL), mode="same") / (32 * LOCAL)
    return int(per.sum()) / (32 * len(per)), len(per), int(np.count_nonzero(local <= LOCAL_MAX))


def find(prints: Iterable[dict | None], max_bit_error: float = 0.25, min_cover: float = 0.8):
    """Every pair of files holding the same audio, as :class:`Match` records, in order of
    their first file, then their second.

    ``prints`` are fingerprint results, one per file (``None`` for a file that was not
    analysed), read once, one at a time; a match names files by their position in it. A pair
    matches when at most ``max_bit_error`` of the compared bits differ and the frames that match
    (:func:`_compare`: the bit error around each) cover ``min_cover`` of both files' sound (or,
    for ``inside`` matches, of the shorter one's).
    Exact copies of clips too short to index (:meth:`_Index.add`) come last, each matched to
    the first of its copies at bit error 0.
    """
    index = _Index()
    short: dict[str, list[int]] = {}  # exact_key -> files too short to index, with sound
    try:
        for where, fp in enumerate(prints):
            if not index.add(where, fp) and sounding(fp):
                short.setdefault(exact_key(fp), []).append(where)
        out = []
        for (i, j), off in sorted(index.candidates().items()):
            i, hop, wi, mi, li = index.get(i)
            j, _, wj, mj, lj = index.get(j)
            (err, _n, n), d = min((_compare(wi, wj, mi, mj, off + d), d) for d in (-1, 0, 1))
            if err > max_bit_error:
                continue
            ni, nj = int(mi.sum()), int(mj.sum())
            cover_i, cover_j = n / ni, n / nj
            err, at = round(err, 3), off + d
            if cover_i >= min_cover and cover_j >= min_cover:
                j_extra, i_extra = extra_db(li, lj, wi, wj, at)
                out.append(Match(i, j, err, round(off * hop, 2), False, j_extra, i_extra))
            elif cover_j >= min_cover and nj < ni:
                j_extra, i_extra = extra_db(li, lj, wi, wj, at)
                out.append(Match(j, i, err, round(off * hop, 2), True, i_extra, j_extra))
            elif cover_i >= min_cover and ni < nj:
                j_extra, i_extra = extra_db(li, lj, wi, wj, at)
                out.append(Match(i, j, err, round(-off * hop, 2), True, j_extra, i_extra))
        for first, *later in short.values():
            out += [Match(first, b, 0.0, 0.0, inside=False) for b in later]
        return out
    finally:
        index.close()
