"""The ``codecgrid`` measurement: a transform codec's quantised coefficients, found on its grid.

AAC, Vorbis, Opus (CELT) and AC-3 code audio as MDCT coefficients on a fixed frame grid and quantise
them, many to exactly zero. An MDCT of the decoded samples taken on the codec's own grid (same
hop, same offset, same window) gives those coefficients back up to the output's rounding noise,
so in loud frames a share of coefficients sits at that noise although their neighbours are tens
of dB above it. One sample off the grid, time-domain aliasing from the neighbouring frames fills
them in. A genuine recording has no such offset; a decode has exactly one per hop (Vorbis: per
128 samples, since its short blocks move the long-block grid by multiples of 128).

:class:`~audiolint.analysis.excerpt.Excerpt` keeps a bounded excerpt (the loudest unclipped
spans of the channel mean, with their positions); :func:`measure` searches every offset of each
grid on the two loudest spans, one frame per offset (CELT's shorter frames: as many, one hop
apart, as 1024 samples of hops hold), and counts zeros at the best offset, and half a step off
it, on the other spans. A faint grid may not win on the two loudest spans (a transient's short
blocks, few zeros): AAC's best offsets are ranked again on the others with those whole decodes
start at (``AAC_STARTS``), and Vorbis's is checked there too, modulo 128. Opus may code 20,
10 or 5 ms CELT frames (opusenc --framesize): each frame size is searched only when no earlier
grid was found; so is Vorbis's at rates under 26 kHz, where libvorbis codes shorter blocks (long
blocks of 1024 samples at 15-26 kHz, 512 under 15 kHz: a 22.05 kHz decode's grid is 512 samples).
This needs no low-pass: it holds for sources whose content ends far below a
codec's cut-off and for full-band encoders.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audiolint.analysis import gridcheck as gc
from audiolint.analysis.excerpt import SPANS, Excerpt  # noqa: F401 - read through codecgrid
from audiolint.analysis.frames import windows
from audiolint.analysis.mdct import copied as _copied  # noqa: F401 - tests read it here
from audiolint.analysis.mdct import fold_copied as _fold_copied
from audiolint.analysis.mdct import mdct, window
from audiolint.analysis.zerocount import top_band, zero_counts_each

SEARCH = 2  # spans searched at every offset; the others check the offset found
# A codec's grid: on it, at least MIN_SHARE of the coefficients in loud bands are zero, RATIO
# times the share half a step off it, and MIN_Z standard errors above that share. Corpus, tune
# half: decodes through AAC, Vorbis and Opus reached 4.5-42x and z 13-95 where found; files no
# codec touched at most 2.8x and z 5.5 (benchmarks/codecgrid.py). A drone's sparse partials
# leave 8-10% of loud coefficients near zero at any offset, so ffmpeg's AAC decodes of one (a
# humming glass, encoder_sweep.py tune) stand only 2.4-2.9x above it, though at z 14-18: z and
# the peak's contrast, not the ratio, tell a genuine file apart
MIN_SHARE, RATIO, MIN_Z = 0.01, 2.0, 10.0
# ...counted over at least this many coefficients in loud bands: a steady pure tone fills two
# bands per frame, and at some offsets its MDCT is zero in most of them (a 1 kHz tone, held out)
MIN_COEFS = 400
# ...and the best offset stands alone: in one of the searched spans its share is MIN_PEAK times
# the best share two or more samples away. A steady periodic signal (a tone, a buzz) is the same
# one period later, so its best offsets repeat: generated tones and buzzes 1.00-1.12 (tests).
# Decodes found in the real corpus: 1.85 and up, but for an Opus flute at 1.04 (now missed).
MIN_PEAK = 1.3
CHUNK = 128  # frames transformed and counted at once: ~0.5 MB buffers, in a core's cache
COARSE_BITS = 16  # the coarser rounding noise deeper samples are searched at too (measure)


@dataclass(frozen=True)
class Grid:
    """One codec's MDCT grid: its window, the step by which its long-block grid may move
    between frames (AAC and Opus: never; Vorbis: multiples of 128 around short blocks), and
    the offsets a whole decode's grid sits at (ranked with the search's best:
    :func:`gridcheck.ranked`)."""

    name: str
    codec: str
    window: str
    step: int
    starts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Family:
    """Grids of one frame size ``n``, searched together (their windows are close enough for a
    search with the first to find the others' offsets), at ``rates`` (any when empty), after a
    pre-emphasis filter the decoder undoes."""

    n: int
    grids: tuple[Grid, ...]
    rates: tuple[int, ...] = ()
    preemphasis: float = 0.0


# A whole AAC decode's frames start at its first sample less the encoder's delay when the decoder
# removes it (FFmpeg, fdk-aac: 1024 or 2048, offset 0; Apple's 2112: 960), at the first sample
# when not (faad); a faint grid there may rank 6th-870th on the two loudest spans (tune: FFmpeg's
# AAC at 112-224k, 16-bit decodes of a voice)
AAC_STARTS = (0, 960)
CELT = (960, 480, 240)  # CELT's frames of 20, 10 and 5 ms at 48 kHz (2.5 ms: not searched)
VORBIS_512, VORBIS_256 = (16000, 22050, 24000), (8000, 11025, 12000)  # libvorbis's 15-26, 8-15 kHz
FAMILIES = (
    Family(1024, (Grid("aac-kbd", "AAC", "kbd", 1024, AAC_STARTS),
                  Grid("aac-sine", "AAC", "sine", 1024, AAC_STARTS),
                  Grid("vorbis", "Vorbis", "vorbis", 128))),
    # libvorbis's blocks by rate (lib/modes/setup_*.h): 256 and 2048 samples from 26 kHz up (the
    # family above), 512 (or 1024) and 1024 at 15-26 kHz, 512 only at 8-15 kHz
    Family(512, (Grid("vorbis", "Vorbis", "vorbis", 256),), VORBIS_512),
    Family(256, (Grid("vorbis", "Vorbis", "vorbis", 256),), VORBIS_256),
    # CELT codes 20 ms frames at 48 kHz after a pre-emphasis the decoder undoes (libopus: 0.85);
    # 40 and 60 ms packets hold 20 ms frames, and encoders may choose 10 or 5 ms frames instead
    *(Family(n, (Grid("celt", "Opus", "celt", n),), (48000,), 0.8500061035) for n in CELT),
    # AC-3 and E-AC-3 (film, DVD and broadcast soundtracks): 256-sample blocks, KBD window
    Family(256, (Grid("ac3", "AC-3", "ac3", 256),), (48000, 44100, 32000)),
)  # fmt: skip


def _prepared(x: np.ndarray, family: Family, dtype) -> np.ndarray:
    x = x.astype(dtype)
    if family.preemphasis:
        x = np.concatenate([x[:1], x[1:] - dtype(family.preemphasis) * x[:-1]])
    return x


def _frames(x: np.ndarray, n: int) -> np.ndarray:
    """Every 2n-sample frame of ``x``, as a view: row i starts at sample i."""
    return windows(x, 2 * n)


def _counts(x: np.ndarray, count: int, n: int, win: np.ndarray, noises, top=None) -> list:
    """Per noise of ``noises``: zeros and loud coefficients of the frames at 0 .. count - 1
    (of their first ``top`` coefficients: :func:`zerocount.top_band`)."""
    frames = _frames(x, n)[:count]
    # in chunks of CHUNK frames, folded into one buffer that stays in a core's cache
    chunks = range(0, len(frames), CHUNK)
    buf = np.empty((2, min(CHUNK, len(frames)), n), np.result_type(x, win))
    copied = _copied(x, len(frames), n, win)
    coefs = _fold_copied if copied else lambda _, i, buf: mdct(frames[i : i + CHUNK], win, buf)
    parts = [zero_counts_each(coefs(copied, i, buf), noises, top) for i in chunks]
    return [
        tuple(np.concatenate([p[j][k] for p in parts]) for k in (0, 1)) for j in range(len(noises))
    ]


def _curves(pos: int, x: np.ndarray, family: Family, win, noises, dtype, top=None) -> list:
    """Per noise of ``noises``: the share of zeros in loud bands at every offset of one hop in
    the span ``x`` (at ``pos`` in the file; :func:`gridcheck.reps` frames each), indexed by
    the offset in the file modulo the hop."""
    n = family.n
    out = []
    for counts in _counts(_prepared(x, family, dtype), gc.reps(n) * n, n, win, noises, top):
        small, loud = (c.reshape(-1, n).sum(axis=0) for c in counts)
        share = np.where(loud > 0, small / np.maximum(loud, 1), 0.0)
        out.append(np.roll(share, pos % n))
    return out


def search(spans, family: Family, noise: float, dtype=np.float32, memo=None, top=None) -> list:
    """Each grid of ``family``: the offset (modulo its step) where the most coefficients of
    loud bands are zero on the ``SEARCH`` loudest spans (every offset, :func:`gridcheck.reps`
    frames each), and the share of such coefficients there (``on``) and half a step away (``off``)
    on the other spans. Empty when there are too few spans. ``memo`` (a dict, or None): the
    searched spans' curves at each noise of ``memo["noises"]``, counted on one transform and
    kept, per family and noise, for a search at another of them (:func:`measure`'s retry).
    ``top``: the coefficients counted in each frame (the first; all when None)."""
    if len(spans) <= SEARCH:
        return []
    n = family.n
    wins = {g.window: window(g.window, n).astype(dtype) for g in family.grids}
    first = wins[family.grids[0].window]
    curves = memo.get((family, noise)) if memo else None
    if curves is None:
        noises = memo["noises"] if memo else (noise,)
        each = [_curves(pos, x, family, first, noises, dtype, top) for pos, x in spans[:SEARCH]]
        for i, nz in enumerate(noises):
            if memo is not None:
                memo[(family, nz)] = [c[i] for c in each]
        curves = [c[noises.index(noise)] for c in each]
    contrast = max(gc.standing(c, np.arange(n), n) for c in curves)
    out = []
    rest = [(pos, _frames(_prepared(x, family, dtype), n)) for pos, x in spans[SEARCH:]]
    ranked = None  # (offset, contrast): shared by the grids of one step with starts
    for g in family.grids:
        folded = sum(c.reshape(n // g.step, g.step).max(axis=0) for c in curves)
        phase, peak, reps = int(np.argmax(folded)), contrast, 1
        if g.starts and g.step == n:
            ranked = ranked or gc.ranked(rest, n, folded, g.starts, first, noise, top)
            (phase, peak), reps = ranked, gc.RANK_REPS
        k_on, m_on, k_off, m_off = gc.check(rest, n, g, phase, wins[g.window], noise, reps, top)
        alone = False  # the searched spans' contrast is not this offset's
        if ranked and g.step < n and ranked[0] % g.step != phase:
            # the ranked offset too, modulo the step: the windows are close, so the ranking on
            # the other spans finds a Vorbis decode's grid where the two loudest are transients
            # (short blocks: khangman's EW_Dialogue_Appear.wav, a Vorbis decode, was named AAC)
            other = gc.check(
                rest, n, g, ranked[0] % g.step, wins[g.window], noise, gc.RANK_REPS, top
            )
            if significance(*other)[2] > significance(k_on, m_on, k_off, m_off)[2]:
                phase, reps, alone = ranked[0] % g.step, gc.RANK_REPS, True
                k_on, m_on, k_off, m_off = other
        counts = (k_on, m_on, k_off, m_off)
        if g.step < n and (alone or peak < MIN_PEAK) and _passes(*counts):
            # Vorbis's zeros recur where short blocks move its grid by 128, so the searched
            # spans' curve may not show its offset standing out: it must then stand out over
            # gridcheck.RIVALS on the other spans (counted only here: they cost)
            peak = gc.alone(rest, n, g, phase, wins[g.window], noise, counts, reps, top)
        out.append({"grid": g, "hop": n, "offset": phase, "zeros": k_on, "loud": m_on,
                    "off_zeros": k_off, "off_loud": m_off, "peak": peak})  # fmt: skip
    return out


def _passes(k: int, m: int, k_off: int, m_off: int) -> bool:
    """Whether these counts pass every threshold but the peak's contrast (:func:`judge`)."""
    share, off, z = significance(k, m, k_off, m_off)
    return m >= MIN_COEFS and share >= MIN_SHARE and share >= RATIO * off and z >= MIN_Z


def significance(k: int, m: int, k_off: int, m_off: int) -> tuple[float, float, float]:
    """``k`` zeros of ``m`` loud coefficients on a grid, ``k_off`` of ``m_off`` off it: the two
    zero shares, and how many standard errors the on-grid count stands above the off-grid rate
    (a binomial z; that rate smoothed so that it is never 0)."""
    share, off = k / max(m, 1), k_off / max(m_off, 1)
    p = (k_off + 1) / (m_off + 2)
    return share, off, float((k - m * p) / np.sqrt(max(m * p * (1 - p), 1e-12)))


def judge(found: dict) -> dict:
    """The record of one grid's search: shares, contrast and whether it is a codec's grid."""
    k, m, k_off, m_off = found["zeros"], found["loud"], found["off_zeros"], found["off_loud"]
    share, off, z = significance(k, m, k_off, m_off)
    g = found["grid"]
    return {
        "found": bool(_passes(k, m, k_off, m_off) and found["peak"] >= MIN_PEAK),
        "codec": g.codec,
        "window": g.window,
        "hop": found["hop"],
        "step": g.step,
        "offset": found["offset"],
        "zero_share": round(share, 4),
        "off_grid_share": round(off, 4),
        "coefficients": m,
        "z": round(float(z), 1),
        "peak_contrast": round(found["peak"], 2),
    }


def measure(
    spans, sample_rate: int, bits: int, families=None, top_hz=None, rename=True
) -> dict | None:
    """The codec grid that fits ``spans`` best (:func:`search_at`) at the rounding noise of
    ``bits``; for deeper samples (24-bit, float) and no grid found there, at 16-bit noise too.
    ``families``: those searched (by default ``FAMILIES``, each at the rates it codes at).
    A decoder's own arithmetic leaves its zeros above 24-bit rounding: libopus decoded to float
    by opusdec, tune sources of benchmarks/encoder_sweep.py, showed no grid at 24-bit noise and
    z 41-64 at 16-bit's. ``top_hz``: the frequency under which coefficients are counted (all
    when None): a band-limited file's stop band holds a resampler's residue, not a codec's.
    ``rename``: a Vorbis record found alike may name the grid (:func:`gridcheck.named`); not on
    another rate's lattice, whose records are kept only at their codec's start offsets."""
    # the retry's searched spans read the same coefficients: counted at both noises at once
    memo = {"noises": (_noise(bits), _noise(COARSE_BITS))} if bits > COARSE_BITS else None
    found = search_at(spans, sample_rate, bits, memo, families, top_hz, rename)
    if bits > COARSE_BITS and not (found and found["found"]):
        coarse = search_at(spans, sample_rate, COARSE_BITS, memo, families, top_hz, rename)
        if coarse and coarse["found"]:
            return coarse
    return found


def _noise(bits: int) -> float:
    """The rms of rounding to ``bits``-bit samples."""
    return 2.0 ** -(bits - 1) / np.sqrt(12)


def search_at(
    spans, sample_rate: int, bits: int, memo=None, families=None, top_hz=None, rename=True
):
    """The codec grid that fits ``spans`` (:meth:`Excerpt.spans`) best, judged: ``found``,
    ``codec``, ``window``, ``hop``, ``step``, ``offset`` (modulo the step), ``zero_share``
    (on the grid), ``off_grid_share`` (half a step away), ``coefficients`` (in loud bands, on
    the grid), ``peak_contrast`` (the best offset against the best two or more samples from it,
    in the better searched span) and ``z`` (how many standard errors the zeros on the grid
    exceed the off-grid rate). ``bits``: the samples' effective depth, which sets the rounding
    noise. None when the excerpt is too short. ``memo``: as :func:`search` keeps it.
    ``families``, ``top_hz``, ``rename``: as :func:`measure` takes them."""
    noise = _noise(bits)
    # float32 resolves 16-bit noise; at 24 bits its own rounding may hide a few zeros, which
    # the 16-bit retry (measure) finds (tune deep decodes and corpus files: the same 32 of 91
    # grids as in float64, at about 3/4 of the CPU with the retry)
    dtype = np.float32
    found = []
    for family in FAMILIES if families is None else families:
        if family.rates and sample_rate not in family.rates:
            continue
        if any(r["found"] for r in found):
            break  # one codec's grid is enough (the others' searches: 25-35 ms at 48 kHz)
        top = top_band(top_hz, sample_rate, family.n)
        found += [judge(r) for r in search(spans, family, noise, dtype, memo, top)]
    # a grid found outranks any not found (more frame sizes searched: more near misses)
    if not found:
        return None
    best = max(found, key=lambda r: (r["found"], r["z"]))
    return gc.named(found, best) if rename else best
