"""The ``mp3grid`` measurement: MP3's quantised coefficients, found on its granule grid.

MP3 (MPEG audio layer III) quantises the coefficients of its hybrid filterbank
(:mod:`audiolint.analysis.mp3bank`: 32 polyphase bands, an 18-coefficient MDCT of each every
576 samples), many of them to exactly zero. The same analysis taken on the decoded samples at
the encoder's granule offset gives those coefficients back up to the output's rounding noise
(the polyphase bank is near-perfect: its error sits under 16-bit rounding); off the grid, the
neighbouring granules' aliasing fills them in. A genuine recording has no such offset; an MP3
decode has one in 576.

The search reads the spans :class:`audiolint.analysis.codecgrid.Excerpt` keeps (no second pass
over the file): every offset on the two loudest, one granule each; then the best offset, the
offset half a granule away and the search's next best offsets on the others (where that finds
nothing in a band-limited file, each other span is searched alone too: ``wide``). The best must
stand alone there, as in :mod:`~audiolint.analysis.codecgrid` (a steady tone or buzz repeats its
zero-rich offsets every period), and the signal must not repeat itself every granule.

Zeros are the quantiser's lowest level only. An encoder with bits to spare (LAME at 192 kbps and
more on a source with nothing above 11-12 kHz, as an upsampled one) quantises few coefficients
of loud bands to zero, but still every coefficient of a scalefactor band to one ladder of
levels (``|i| ** (4/3)`` times the band's step, ``i`` whole): neighbouring lines then often
share a magnitude exactly (both ``|i| = 1``, or 2), which a continuous spectrum taken off the
grid seldom does (LAME 192-256 kbps decodes of 22.05 kHz sources: about 9 % against 2-4 % half
a granule off, where the zeros alone read 1 % on and off the grid). Where the zeros find no
grid on such content (no loud band past ``LIMITED`` of the Nyquist frequency), the same search
runs again on the quantiser's levels: a coefficient counts when it is zero or has the magnitude
of one of the ``NEIGHBOURS`` lines under it in its subband (each equal pair counted once),
within ``LEVEL_NOISE`` times the rounding noise (:mod:`~audiolint.analysis.mp3count`).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis import mp3lattice
from audiolint.analysis.codecgrid import significance
from audiolint.analysis.mp3bank import BANDS, GRANULE, LONG, granules, subbands
from audiolint.analysis.mp3count import NEIGHBOURS, parts, zero_counts
from audiolint.analysis.mp3count import counts as _counts
from audiolint.analysis.zerocount import top_band

# On the grid, at least MIN_SHARE of the coefficients in loud bands are zero, RATIO times the
# share half a granule off it, MIN_Z standard errors above it, over MIN_COEFS coefficients in
# loud bands, and the best offset stands alone (MIN_PEAK times the share of every rival, as
# codecgrid asks of its search). Corpus (benchmarks/codecgrid.py): LAME decodes found, tune
# half, at 2.1-28x, z 12.6-270, contrast 1.9 and up; files no MP3 encoder touched at most
# z 4.3 (tune) and 4.8 (held out), but for one source shipped as an MP3 decode.
MIN_SHARE, RATIO, MIN_Z, MIN_COEFS, MIN_PEAK = 0.01, 2.0, 10.0, 400, 1.3
# The finest rounding noise trusted, in bits: the polyphase bank is only near-perfect, and its
# error shows under it (a LAME 128k decode kept at 24 bits: 13% of coefficients at 24-bit
# noise, 27% at 20-bit, with the same 0.4-0.8% off the grid)
FINEST = 20
SEARCH, SEARCHED = 2, 1  # spans searched at every offset (the loudest), granules counted there
# Where whole decodes put the grid (modulo 576), judged when the search points elsewhere: LAME's
# --decode, FFmpeg, mpg123 and PyAV at 48, SoX (libmad) at 1 (the real corpus's and the
# cross-check set's decodes). The search reads one granule of the two loudest spans, which in
# drums or a plosive are often LAME's short blocks, whose grid is not the long blocks'
STARTS = (48, 1)
# The best offset must stand alone on the spans not searched (free of the search's pick of the
# highest of 576 noisy shares): its share there against that of the offset half a granule away
# and of the RIVALS next best offsets of the search, two or more samples from it.
RIVALS = 3
# A signal that repeats itself every granule (a generated buzz of period 576) has one zero-rich
# offset per granule too: the difference between a searched span and itself one granule later
# must be at least this loud against the span (dB). Real recordings, tune half: -4 dB and up; a
# generated sawtooth of period 576 whose jumps round either way: -19 dB.
MIN_CHANGE_DB = -10.0
# ...read only where no loud band reaches past this share of the Nyquist frequency: content that
# stops there (32 kHz audio's at 0.73 of 44.1 kHz's, lower rates' lower) leaves an encoder bits
# to spare; loud content above it is quantised coarsely and leaves the zeros the first search reads
LIMITED = 0.75


def _curve(x: np.ndarray, noise: float, top=None) -> tuple[np.ndarray, tuple, list[np.ndarray]]:
    """The long-block coefficients of ``SEARCHED`` granules at each of the 576 offsets at the
    start of span ``x`` (:func:`granules`' layout), their :func:`parts`, and their zeros and
    loud-band coefficients (:func:`per_offset`)."""
    per = GRANULE // BANDS
    count = GRANULE * SEARCHED + LONG * BANDS - BANDS  # every position the granules read
    sub = subbands(x, 0, count, 1).reshape(-1, BANDS, BANDS)  # (time, phase, band)
    coefs = granules(sub, np.arange(per * SEARCHED))
    split = parts(coefs, noise, top)
    return coefs, split, per_offset(zero_counts(coefs, noise, split=split))


def per_offset(counts) -> list[np.ndarray]:
    """Counts of :func:`zero_counts` on :func:`_curve`'s granules, summed per offset (offset
    32 * start + phase, modulo 576)."""
    return [c.reshape(SEARCHED, -1).sum(axis=0) for c in counts]


def _rivals(curve: np.ndarray, best: int) -> list[int]:
    """The ``RIVALS`` offsets of highest ``curve`` two or more samples from ``best``."""
    away = np.abs((np.arange(GRANULE) - best + GRANULE // 2) % GRANULE - GRANULE // 2) >= 2
    order = np.argsort(-curve, kind="stable")
    return [int(o) for o in order[away[order]][:RIVALS]]


def measure(
    spans,
    sample_rate: int,
    bits: int,
    levels: bool = True,
    starts: tuple = (),
    top_hz=None,
    wide: bool = False,
) -> dict | None:
    """MP3's granule grid searched in ``spans`` (:meth:`audiolint.analysis.codecgrid.Excerpt.
    spans`), judged: ``found``, ``offset`` (in the file, modulo 576), ``zero_share`` (on the
    grid, in the spans not searched), ``off_grid_share`` (half a granule away),
    ``coefficients`` (in loud bands, on the grid), ``z`` (as
    :func:`audiolint.analysis.codecgrid.measure` reports it), ``peak_contrast`` (the zero share
    on the grid over the highest of its rivals', in the same spans) and ``granule_change_db`` (the
    searched spans minus themselves one granule later, the lower of the two). Where the zeros
    find no grid, ``levels`` and no loud band reaches past ``LIMITED`` of the Nyquist
    frequency, the quantiser's levels are searched (module docstring) and
    reported as ``level_offset``, ``level_share``, ``off_grid_level_share``, ``level_z`` and
    ``level_contrast``, judged as the zeros are; where neither finds one, LAME's whole-decode
    grid on whole levels (:mod:`~audiolint.analysis.mp3lattice`: ``lattice_share``,
    ``lattice_closeness``, their off-grid values and z): ``found`` when any is. None when the
    excerpt is too short. ``sample_rate`` serves the whole levels' bands alone: MPEG-1, 2 and
    2.5 share the filterbank and the granule. ``starts``: offsets where whole decodes put the
    grid, judged in turn (with the search's rivals) where the search's best is not found: the
    search reads one granule of two spans, which a decode resampled and brought back to its
    lattice (:mod:`~audiolint.analysis.regrid`) can leave too blurred to point at the grid.
    ``top_hz``: as :func:`audiolint.analysis.codecgrid.measure` takes it (whole subbands under
    it are counted; the whole levels' lattice reads every band). ``wide``: where neither finds
    the grid, each span past the searched ones is searched alone (:func:`_each_span`: a slice
    cut anywhere, whose two searched granules may hold none of the grid's zeros)."""
    if len(spans) <= SEARCH:
        return None
    top = top_band(top_hz, sample_rate, BANDS, band=1)  # whole subbands under it
    noise = 2.0 ** -(min(bits, FINEST) - 1) / np.sqrt(12)
    dtype = np.float32  # (its rounding, like the filterbank's error, sits under FINEST bits')
    change = min(_change_db(x) for _, x in spans[:SEARCH])
    curves, kept = np.zeros((2, GRANULE)), []  # indexed by the offset in the file
    for pos, x in spans[:SEARCH]:
        coefs, split, counts = _curve(x.astype(dtype, copy=False), noise, top)
        curves += np.roll(np.array(counts), pos % GRANULE, axis=1)
        kept.append((pos, coefs, split))
    zeros, loud = curves
    curve = np.where(loud > 0, zeros / np.maximum(loud, 1), 0.0)
    offset = int(np.argmax(curve))
    tried = [offset, (offset + GRANULE // 2) % GRANULE, *_rivals(curve, offset)]
    tally = _counts(spans[SEARCH:], tried, noise, dtype, top=top)[:, :2]
    found, rec = _judged(tally, change)
    fallback = [s % GRANULE for s in starts if s % GRANULE != offset]
    if not found and fallback:
        # each start judged as the search's best is, against its own rivals; the offsets the
        # search counted already are not counted again (most rivals are the same), the rest in
        # one pass (benchmarks/short_prompts.py: the fallback's 5.6 ms a 1.4 s prompt -> 1.9)
        counted = dict(zip(tried, tally, strict=True))
        plans = [[s, (s + GRANULE // 2) % GRANULE, *_rivals(curve, s)] for s in fallback]
        more = sorted({o for plan in plans for o in plan} - counted.keys())
        if more:
            rows = _counts(spans[SEARCH:], more, noise, dtype, top=top)[:, :2]
            counted.update(zip(more, rows, strict=True))
        for plan in plans:
            there = _judged(np.array([counted[o] for o in plan]), change)
            if there[0]:
                (found, rec), offset = there, plan[0]
                break
    if not found and wide:
        found, rec, offset = _each_span(spans, noise, dtype, top, change, (found, rec, offset))
    out = {"found": found, "codec": "MP3", "hop": GRANULE, "offset": offset, **rec}
    if found or not levels or _top(kept) > LIMITED * BANDS:
        return out
    level = np.zeros(GRANULE)
    for pos, coefs, split in kept:  # the same granules, read again for the levels
        level += np.roll(per_offset(zero_counts(coefs, noise, True, split))[2], pos % GRANULE)
    curve = np.where(loud > 0, level / np.maximum(loud, 1), 0.0)
    at = int(np.argmax(curve))
    tried = [at, (at + GRANULE // 2) % GRANULE, *_rivals(curve, at)]
    found, rec = _judged(_counts(spans[SEARCH:], tried, noise, dtype, True, top)[:, [2, 1]], change)
    out = {**out, "found": found, "level_offset": at, "level_share": rec["zero_share"],
           "off_grid_level_share": rec["off_grid_share"], "level_z": rec["z"],
           "level_contrast": rec["peak_contrast"]}  # fmt: skip
    lattice = None if found else mp3lattice.measure(spans, sample_rate, noise, dtype)
    return {**out, **lattice, "found": lattice["found"]} if lattice else out


def _each_span(spans, noise, dtype, top, change, record):
    """The search's second look (``measure``'s ``wide``): each span past the searched ones
    searched at every offset alone, its best offset judged on all the other spans against its
    own rivals; the first found, as (found, record, offset), else ``record`` as it was. A
    granule's zeros on the grid come and go (a slice of a 48 kHz MP3 decode, review 46a: 52 %
    and 41 % in two granules, 0-3 % in the five others), so two granules read at every offset
    point at the grid in one slice of a file and miss it in the next, cut a few samples on."""
    for j in range(SEARCH, len(spans)):
        pos, x = spans[j]
        zeros, loud = _curve(x.astype(dtype, copy=False), noise, top)[2]
        own = np.roll(np.where(loud > 0, zeros / np.maximum(loud, 1), 0.0), pos % GRANULE)
        best = int(np.argmax(own))
        if own[best] <= 0:
            continue
        plan = [best, (best + GRANULE // 2) % GRANULE, *_rivals(own, best)]
        rest = spans[:j] + spans[j + 1 :]
        there = _judged(_counts(rest, plan, noise, dtype, top=top)[:, :2], change)
        if there[0]:
            return True, there[1], best
    return record


def _top(kept) -> int:
    """How many subbands from the bottom reach up to the highest one loud in the searched
    granules ``kept`` ((position, coefficients, :func:`parts`) triples)."""
    loud = [np.flatnonzero(split[1].any(axis=(0, 1))) for _, _, split in kept]
    return max((int(b[-1]) + 1 for b in loud if len(b)), default=0)


def _judged(tally: np.ndarray, change: float) -> tuple[bool, dict]:
    """Whether the counts ``tally`` (rows: the best offset, half a granule off, its rivals;
    columns: counted, loud-band coefficients) make a grid, and the record's shares."""
    (k, m), (k_off, m_off) = tally[:2].tolist()
    shares = tally[:, 0] / np.maximum(tally[:, 1], 1)
    contrast = min(float(shares[0] / shares[1:].max()), 999.0) if shares[1:].max() > 0 else 999.0
    share, off, z = significance(k, m, k_off, m_off)
    found = m >= MIN_COEFS and share >= MIN_SHARE and share >= RATIO * off and z >= MIN_Z
    return bool(found and contrast >= MIN_PEAK and change >= MIN_CHANGE_DB), {
        "zero_share": round(share, 4),
        "off_grid_share": round(off, 4),
        "coefficients": m,
        "z": round(float(z), 1),
        "peak_contrast": round(contrast, 2),
        "granule_change_db": round(change, 1),
    }


def _change_db(x: np.ndarray) -> float:
    """The level of ``x`` minus itself one granule later, against ``x``'s (dB, floor -200)."""
    x = x.astype(np.float64)
    diff, level = np.sum(np.square(x[GRANULE:] - x[:-GRANULE])), np.sum(np.square(x[GRANULE:]))
    return float(10 * np.log10(max(diff, 1e-20 * level, 1e-30) / max(level, 1e-30)))


def by_levels(grid: dict) -> bool:
    """Whether a found grid (:func:`measure`) was found on the quantiser's levels, not its
    zeros alone (nor on whole levels: :func:`by_lattice`)."""
    return bool(grid.get("found")) and grid.get("level_share") is not None and not by_lattice(grid)


def by_lattice(grid: dict) -> bool:
    """Whether a found grid was found on whole levels (:mod:`audiolint.analysis.mp3lattice`)."""
    return bool(grid.get("found")) and grid.get("lattice_share") is not None


def summary(grid: dict) -> str:
    """A found grid's measured shares (:func:`measure`) in short, plain words, for a finding's
    message; :func:`phrase` gives the filterbank's detail for the verdict's evidence."""
    if by_lattice(grid):
        return mp3lattice.summary(grid)
    if by_levels(grid):
        return (
            f"{100 * grid['level_share']:.0f}% of the loud frequency coefficients on MP3's "
            "576-sample grid are zero or have the magnitude of a neighbouring one, as an MP3 "
            "encoder's quantiser leaves them (half a grid step off: "
            f"{100 * grid['off_grid_level_share']:.1f}%)"
        )
    return (
        f"{100 * grid['zero_share']:.0f}% of the loud frequency coefficients on MP3's "
        "576-sample grid are zero, as an MP3 encoder leaves them (half a grid step off: "
        f"{100 * grid['off_grid_share']:.1f}%)"
    )


def phrase(grid: dict) -> str:
    """A found grid's measurement (:func:`measure`) in words, filterbank and all."""
    bank = "MP3's filterbank (32 polyphase bands, an 18-coefficient MDCT each)"
    if by_lattice(grid):
        return mp3lattice.phrase(grid, bank)
    if by_levels(grid):
        return (
            f"{100 * grid['level_share']:.0f}% of the coefficients in loud bands of {bank} on its "
            f"576-sample granule grid at offset {grid['level_offset']} are zero or have the "
            f"magnitude of one of the {NEIGHBOURS} lines under them in their subband, up to the "
            "samples' rounding noise, "
            f"against {100 * grid['off_grid_level_share']:.1f}% half a granule off it (zeros "
            f"alone: {100 * grid['zero_share']:.1f}%, too few to tell): the levels an MP3 "
            "encoder's quantiser leaves (every coefficient of a scale-factor band on one ladder "
            "of levels)"
        )
    return (
        f"{100 * grid['zero_share']:.0f}% of the coefficients in loud bands of {bank} "
        f"on its 576-sample granule grid at offset {grid['offset']} are zero up to the samples' "
        f"rounding noise, against {100 * grid['off_grid_share']:.1f}% half a granule off it "
        f"({grid['coefficients']} coefficients): the signature of an MP3 encoder's quantiser"
    )
