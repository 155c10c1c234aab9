"""Two pitches read on one voice's partials, for audiolint.analysis.harmony.

A voice whose lowest partials are gone (a spectral-gating denoiser that took everything under
about 600 Hz as noise: noisereduce's stationary mode on clean speech, benchmarks/processed.py;
a low cut) keeps its partials 3, 4, 5... times its pitch ``g``. The period search then reads the
main pitch on one of them (``m * g``) and the comb's or the spectrum's second-pitch search finds
another (``j * g``): a "second voice" made of the first one's partials. Two real voices at a
consonant interval are partials of a common ``g`` too (a fifth: 3 and 2 times half the lower
pitch), so the ratio alone proves nothing; the spectrum does. Two voices fill only their own two
series, while one voice fills ``g``'s series between them: 5 and 7 times ``g`` under a main read
at 6 and a second at 4.

So, in each frame with a second pitch to judge, the spectrum's strong peaks (local maxima within
``PEAK_HZ``, ``STRONG_DB`` or less under the strongest, ``LOW_HZ`` to ``TOP_HZ``, at least
``MIN_PEAKS`` of them) are matched to harmonic series, each pitch first refitted to the peaks
within ``SCALE`` of its harmonics (a period search and a spectrum's peaks differ by a percent or
two), a peak on a harmonic within ``TOLERANCE``. One voice at ``g = main / m`` (``m`` from 1,
the main pitch itself, whose partial the spectrum's search can take for a second pitch, to
``MAX_M``; ``g`` no lower than ``G_MIN_HZ``), the second pitch within ``SCALE`` of a harmonic of
``g`` other than the first (a voice at ``g`` itself is a voice), is set against every pair of
voices the frame could hold: the two pitches, either with another harmonic of ``g``, or two
harmonics of ``g`` (the main pitch read at the period two locked voices share: a fifth, 3 and 2
times ``g``; or a partner whose pitch divides the lead's). The frame is one voice where ``g``'s
series explains ``EXTRA`` or more peaks than the best pair, more than it would by chance plus
``MARGIN`` (a harmonic's window is ``2 * TOLERANCE * k`` of the spacing, so a dense series
catches high peaks at random), ``SHARE`` or more of all of them, and leaves at most ``MAX_GAPS``
of its harmonics empty between its lowest and highest: a chord of three read at the period it
shares (3, 4 and 5 times ``g``) fills nothing at 7 and 11 times it, one voice does.

Figures (every one at session 28's commit, against the parent's): `python
benchmarks/gutted_voices.py` (real voices, their low band gated away under 300-800 Hz,
high-passed at 500 Hz, or through noisereduce), S009 on processed pieces, tune | held-out: 36 ->
22 of 98 | 17 -> 10 of 63, none new; benchmarks/processed.py's five denoised voices 5 -> 2;
benchmarks/backing_vocals.py and benchmarks/chords.py: every mix fires as before. Without the
gaps test (the first version), the review's 613 sox-shifted two- and three-voice mixes lost
S009 on 5 (chords read at their shared period) and chords.py 51 -> 47 of 168 tune mixes; with
it, none. What is left: frames whose two pitches are read a few percent off the partials they
sit on, frames with two or three strong partials only (nothing to tell a fifth from), and voices
whose series has holes of its own (espeak-ng high-passed at 500 Hz still reads 0.16).

The reverse also happens: one voice whose third partial stands out (a sung vowel, an oboe) has
its period read at 2/3 of its own by turns, and the comb at that period leaves the voice's own
period as a "second" pitch. The main pitch then has no strong partial off the second's series,
not even its fundamental (:func:`no_partial_of_its_own`); a real lead sounds its own. Such frames
count in ``second_voice_ratio`` (S007 reads them as a sign of an instrument) but not in
``second_own_ratio``, which S009 reads (review 55d: a soprano's solo line, 15 % -> 2 %; csound's
oboe alone, 26 % -> 0).

Numpy only, vectorised over the frames; run only on frames with a second pitch to judge.
"""

from __future__ import annotations

import itertools

import numpy as np

from audiolint.analysis.multipitch import local_max

LOW_HZ, TOP_HZ = 150.0, 1500.0
PEAK_HZ = 12.0
STRONG_DB = 30.0
TOLERANCE = 0.015
SCALE = 0.03
MAX_M = 8
G_MIN_HZ = 65.0
MIN_PEAKS = 4
MARGIN = 0.5
EXTRA, SHARE = 1, 0.75
# Three strong peaks suffice to show a pitch has none of its own, not even its fundamental: a
# voice's first partials stand out unless a filter took them, and then took the other's too
OWN_PEAKS = 3
MAX_GAPS = 1


# the harmonics 2..MAX_M of g taken two at a time (indices into them)
_PAIRS = np.array(list(itertools.combinations(range(MAX_M - 1), 2))).T


def strong_peaks(spec: np.ndarray, df: float) -> np.ndarray:
    """Each row's strong local maxima in ``LOW_HZ``-``TOP_HZ`` of the magnitude spectra ``spec``
    (bins ``df`` Hz apart, from 0 Hz), in Hz (refined between bins on the log magnitude), as rows
    padded with NaN."""
    reach = max(1, int(round(PEAK_HZ / df)))
    lo = max(1, int(np.ceil(LOW_HZ / df)))
    hi = min(spec.shape[1] - 1, int(TOP_HZ / df) + 1)
    if hi <= lo:
        return np.full((len(spec), 1), np.nan)
    # the band with ``reach`` bins either side, so that its edges' maxima are judged as inside
    a, b = max(0, lo - reach), min(spec.shape[1], hi + reach)
    band = spec[:, a:b]
    found = (band == local_max(band, reach)) & (band > 0)
    found[:, : lo - a] = False
    found[:, hi - a :] = False
    top = np.where(found, band, 0.0).max(axis=1, keepdims=True)
    found &= band >= top * 10.0 ** (-STRONG_DB / 20.0)
    rows, cols = np.nonzero(found)
    cols = cols + a
    three = np.log10(np.maximum(spec[rows[:, None], cols[:, None] + np.arange(-1, 2)], 1e-12))
    left, mid, right = three.T
    den = left - 2.0 * mid + right
    shift = np.where(den < 0, 0.5 * (left - right) / np.where(den < 0, den, -1.0), 0.0)
    out = np.full((len(spec), max(1, int(found.sum(axis=1).max(initial=0)))), np.nan)
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)  # position within its row
    out[rows, rank] = (cols + np.clip(shift, -0.5, 0.5)) * df
    return out


def _fit(peaks: np.ndarray, pitch: np.ndarray) -> np.ndarray:
    """Each row's pitch refitted (least squares) to its ``peaks`` within ``SCALE`` of its
    harmonics: a pitch read from a period search and a partial read from the spectrum differ by
    a percent or two."""
    with np.errstate(invalid="ignore", divide="ignore"):
        h = peaks / pitch[:, None]
        k = np.maximum(np.rint(h), 1.0)
        close = np.abs(h - k) <= SCALE * h
        num = np.where(close, peaks * k, 0.0).sum(axis=1)
        den = np.where(close, k * k, 0.0).sum(axis=1)
    return np.where(den > 0, num / np.maximum(den, 1e-12), pitch)


def _on(peaks: np.ndarray, pitch: np.ndarray) -> np.ndarray:
    """Which of each row's ``peaks`` lie on a harmonic of the row's pitch (as :func:`_fit`
    gives it), within ``TOLERANCE``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        h = peaks / pitch[:, None]
        return np.abs(h - np.maximum(np.rint(h), 1.0)) <= TOLERANCE * h


def _series(peaks: np.ndarray, main: np.ndarray, second: np.ndarray) -> tuple:
    """Each row's count of peaks, its two pitches refitted to them (:func:`_fit`), and which
    peaks lie on each pitch's series (:func:`_on`)."""
    count = np.isfinite(peaks).sum(axis=1)
    main, second = _fit(peaks, main), _fit(peaks, second)
    return count, main, second, _on(peaks, main), _on(peaks, second)


def no_partial_of_its_own(peaks: np.ndarray, main: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether, in each row, the main pitch has no strong partial off the second's series while the
    second's series holds ``SHARE`` or more of the peaks (``OWN_PEAKS`` or more): the period
    search read one voice at a ratio of its pitch (3/2: a sung note whose third partial stands
    out, read at 2/3 of its period), and the comb left that voice as a "second" one. A real
    voice a fifth or a fourth from another has its own pitch off that voice's series (review
    55d: a solo soprano's line in GTSinger, read by turns at 370 and 555 Hz over its vibrato, 58
    frames "a second voice" 8.5 dB under, every strong peak on 370 Hz's series)."""
    count, main, _, on_main, on_second = _series(peaks, main, second)
    # (the main pitch only: a quieter partner's partials may stand under STRONG_DB, and a few
    # lie on a dense series by chance; benchmarks/backing_vocals.py's music beds at -12 dB
    # lost 85 -> 73 % of their findings with either pitch judged)
    lone = (on_main & ~on_second).any(axis=1)
    # ...and only a main pitch in the peaks' band, whose missing fundamental is then seen: under
    # it, a dense second series can take every higher partial of a real lead by chance
    # (benchmarks/backing_vocals.py's second speakers at -12 dB: 2 of 14 lost without this)
    seen = main >= LOW_HZ
    return seen & (count >= OWN_PEAKS) & ~lone & (on_second.sum(axis=1) >= SHARE * count)


def one_voice(peaks: np.ndarray, main: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether each row's ``main`` and ``second`` pitches (Hz) are read on one voice whose
    series fills the spectrum between them past what any pair of voices explains (the module's
    docstring); ``peaks``: each row's strong peaks (:func:`strong_peaks`)."""
    out = np.zeros(len(peaks), dtype=bool)
    if not len(peaks):
        return out
    count, main, second, on_main, on_second = _series(peaks, main, second)
    # one voice at g = main / m with the second pitch a partial of it (not g itself: a voice at
    # g is a voice): every row's candidates judged at once, one candidate a row
    m = np.arange(1, MAX_M + 1)[None, :]
    g = main[:, None] / m
    j = np.rint(second[:, None] / g)
    fits = (j >= 2) & (j != m) & (np.abs(second[:, None] - j * g) <= SCALE * second[:, None])
    fits &= (count[:, None] >= MIN_PEAKS) & (g >= G_MIN_HZ)
    rows, col = np.nonzero(fits)
    if not len(rows):
        return out
    p = peaks[rows]
    g = _fit(p, g[rows, col])
    on = _on(p, g)
    with np.errstate(invalid="ignore"):
        k = np.where(on, np.rint(p / g[:, None]), 0.0).astype(np.int64)
    # the series of each harmonic a * g (a >= 2): one voice's partials read as another voice
    factors = np.arange(2, MAX_M + 1)
    mult = on[:, None, :] & (k[:, None, :] % factors[None, :, None] == 0)
    # an observed pitch that is g itself (the main one, where m is 1) is the one voice, not a
    # partner
    lone_main = np.where((col == 0)[:, None], False, on_main[rows])
    lone_second = on_second[rows]
    # every pair of voices
    lone = lone_main | lone_second
    two = _PAIRS
    pairs = np.concatenate(
        [
            lone[:, None, :],
            lone_main[:, None, :] | mult,
            lone_second[:, None, :] | mult,
            mult[:, two[0]] | mult[:, two[1]],
        ],
        axis=1,
    )
    best = pairs[np.arange(len(rows)), pairs.sum(axis=2).argmax(axis=1)]
    extra = on.sum(axis=1) - best.sum(axis=1)
    # what g's series, dense at its high harmonics, would explain by chance among the peaks no
    # pair explains (a harmonic's window is 2 * TOLERANCE * k of the spacing g)
    with np.errstate(invalid="ignore"):
        hits = np.minimum(1.0, 2 * TOLERANCE * p / g[:, None])
    chance = np.where(best | np.isnan(p), 0.0, hits).sum(axis=1)
    # (counts are whole, so with MARGIN at 0.5 the second test implies EXTRA's 1)
    judged = (extra >= EXTRA) & (extra >= chance + MARGIN)
    # a pitch off g's series that has a partial of its own off it is a voice of its own (a
    # voice at g and a fifth over it, 3/2 g: its odd partials lie off g's series)
    judged &= ~(lone & ~on & np.isfinite(p)).any(axis=1)
    judged &= on.sum(axis=1) >= SHARE * count[rows]
    # one voice fills its series between its lowest and highest partial; a chord read at the
    # period it shares leaves holes there (a triad at 3, 4 and 5 times g: none at 7 and 11)
    present = np.zeros((len(rows), int(k.max(initial=0)) + 1), dtype=bool)
    present[np.nonzero(on)[0], k[on]] = True
    first = present.argmax(axis=1)
    last = present.shape[1] - 1 - present[:, ::-1].argmax(axis=1)
    judged &= (last - first + 1) - present.sum(axis=1) <= MAX_GAPS
    np.logical_or.at(out, rows, judged)
    return out
