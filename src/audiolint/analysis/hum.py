"""A mains hum or buzz under the voice, for audiolint.analysis.harmony: a fixed set of exact
multiples of one frequency that holds through the file.

A ground loop, a lamp's ballast or a cheap interface leaves partials at exact multiples of the
mains frequency (50 or 60 Hz, or 100 or 120 Hz where it is rectified) that do not move with the
voice. No voice holds that: a speaker's or a singer's partials move from one second to the next.
The second-voice search (audiolint.analysis.harmony) would otherwise read a hum as a second
pitch: under the voice, a hum whose fundamental lies under the search's 70 Hz fills the lowest
pitch candidates' harmonic sums (a plateau of salience from the search's bottom up), and a buzz
within the search is a second pitch of its own, heard alone in the voice's pauses too.

The low-passed, decimated signal the harmony analyser reads is cut into windows of about half
a second (``WINDOW_S``, a power of two of samples, never overlapping, counted from the file's
start: the result does not depend on the blocks it is fed in). The floor is each frequency's
lowest level over the windows: a hum holds it in every window, while a voice's partials move on
and a played note's stop. A line of the floor is a local maximum ``LINE_DB`` or more over the
mean level of the bins around it (``AROUND_HZ``, its own main lobe left out). The hum is the
mains frequency (``MAINS_HZ``, within ``MAINS_TOLERANCE``) that the most lines of the floor are
multiples of, ``MIN_LINES`` or more (two of them among its first ``LOW_MULTIPLES``: a hum's
strongest partials are its lowest) and ``MIN_SHARE`` of those under ``SHARE_UNDER_HZ``: a music
bed's floor holds dozens of lines (a held chord's partials), of which a few lie on multiples of
50 or 60 Hz by chance. Real speech and music from the corpus read no hum (a bed's floor, on its
own, has many lines, none a mains family's); a 50 or 60 Hz hum 25 dB under speech reads 6-8 of
its partials in the floor, a 100 or 120 Hz buzz 9-13 (benchmarks/backing_hum.py).

A file shorter than ``MIN_WINDOWS`` windows reads no hum. A hum cut out of the pauses (a gate, an
edit to digital silence) does not hold the floor, and is not found: S009 then reads as without
this module.

Numpy only; one FFT a window, a counter per bin kept.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis import multipitch

# about half a second (a power of two of samples): lines 2 Hz apart told apart, and a short
# utterance holds a few windows. Tune half of benchmarks/backing_hum.py: with 1 s windows the
# 2 s cuts under a 50 Hz hum kept 5 false alarms of 48 (a single window or two is no floor); 0
WINDOW_S = 0.5
TOP_HZ = 1500.0  # the harmony analyser's low-pass
LINE_DB = 10.0
AROUND_HZ = 15.0  # the neighbourhood a line stands out of
OWN_BINS = 2  # a line's own bins (the Hann window's main lobe), left out of its neighbourhood
MIN_WINDOWS = 2
MIN_LINES = 3
MIN_SHARE, SHARE_UNDER_HZ = 0.5, 1000.0  # the hum's share of the floor's lines under 1 kHz
# ... not asked of a hum whose lines stand at the mains frequency and its next multiples, up to
# FULL_RUN times it (review 45b: a 6 s slice of a reading, 4 hum lines among 11 under 1 kHz)
FULL_RUN = 4
LOW_HZ = 40.0
# the mains frequencies (a hum's fundamental, a buzz's at twice it: their multiples all the same),
# and how far a recording's may lie from them (the grid's own wander is 0.1 %; a tape's or a
# resampled copy's speed error more; 2 % let equal-tempered G, 49.0 Hz, pass: a drone on G or D)
MAINS_HZ, MAINS_TOLERANCE = (50.0, 60.0), 0.01
# a multiple's tolerance (relative), besides a bin (a line is read to within half a bin, and so
# is the fundamental taken from one)
TOLERANCE = 0.003
LOW_MULTIPLES = 6
# A hum of fewer lines (a pure mains sine; a 50 Hz hum and its 100 Hz partial) is found where
# its line at the mains frequency or twice it holds its level: mean power over the windows within
# HELD_DB of the floor, over HELD_WINDOWS windows or more. Such hums 10-30 dB under speech read
# 0.1-0.5 dB; the lines of speech, music and song in the floor 2.6 dB and more (csound's sing.wav
# at 50 Hz; sp_guit_em9's 60 Hz line 44 dB). The hum's lines are those at its multiples within
# HELD_PARTIAL_DB: a 100 Hz partial under speech reads up to 2.2 dB, the partials of a 50 Hz hum
# 25 dB under speech and a bed up to 9.3 (benchmarks/backing_hum.py, tune half: a bed's floor
# hides them, which then count), a line of the ALSA prompts' floor at 150 Hz 30 dB
HELD_DB, HELD_PARTIAL_DB, HELD_WINDOWS, HELD_MULTIPLES = 1.0, 12.0, 8, (1, 2)
HUM_OCTAVES = 0.03  # a pitch this close to one of the hum's lines is the hum's
# Under the voice, a hum under the second-pitch search's bottom (SEARCH_HZ, harmony's and
# multipitch's F0_MIN_HZ) fills the lowest candidates' harmonic sums: a plateau of salience
# climbing towards the hum, whose top is no peak of its own. Tune half of
# benchmarks/backing_hum.py, 50 Hz: solo voices under a hum read 70-77 Hz there (32 of 144
# flagged); no second pitch within FLOOR_OCTAVES of the bottom where such a hum is: 1 of 144,
# and the music beds under a hum keep their recall (11 of 16; 7 with all under 100 Hz left out)
SEARCH_HZ, FLOOR_OCTAVES = 70.0, 0.1
# A pure hum line's main lobe in the spectral search's window (2 / its WINDOW_S: 31 Hz either
# side) and a harmonic's peak's reach (its PEAK_HZ): a candidate this close finds the line as its
# first harmonic
# (a 50/100 Hz hum 10 dB under the ALSA prompts: spectral second pitches at 81-123 Hz, 0.22)
REACH_HZ = 2.0 / multipitch.WINDOW_S + multipitch.PEAK_HZ
MAIN_SHARE = 0.5  # the share of the voiced frames whose main pitch is a hum's: no voice


class HumLines:
    """Steady spectral lines of a stream of samples at ``rate``, and the hum's fundamental."""

    def __init__(self, rate: float):
        self.size = 1 << int(round(np.log2(WINDOW_S * rate)))
        self.df = rate / self.size
        self.top = min(int(TOP_HZ / self.df), self.size // 2 - 1)
        self.window = np.hanning(self.size)
        self.around = max(OWN_BINS + 2, int(round(AROUND_HZ / self.df)))
        self.floor: np.ndarray | None = None
        self.total: np.ndarray | None = None  # each bin's power summed over the windows
        self.found: tuple | None = None  # (windows, fundamental()) once asked
        self.windows = 0
        self._pure = np.zeros(0)  # a pure hum's held lines (see pure)
        self._alone = False  # the hum was found by _held: too few steady lines for the rest
        self.rest = np.zeros(0)

    def update(self, x: np.ndarray) -> None:
        """Consume the next decimated samples."""
        data = np.concatenate([self.rest, x]) if len(self.rest) else np.asarray(x, float)
        k = len(data) // self.size
        for i in range(k):
            self._window(data[i * self.size : (i + 1) * self.size])
        self.rest = data[k * self.size :].copy()

    def _window(self, x: np.ndarray) -> None:
        spec = np.fft.rfft((x - x.mean()) * self.window)[: self.top + 1]
        power = spec.real**2 + spec.imag**2
        # the floor: each bin's lowest power over the windows (a hum holds it; a voice's and a
        # played note's partials move on or stop), in dB when read (the logarithm keeps order:
        # the same floor as the lowest of each window's dB, for one logarithm, not one a window)
        self.floor = power if self.floor is None else np.minimum(self.floor, power)
        self.total = power.copy() if self.total is None else self.total + power
        self.windows += 1

    def steady(self) -> np.ndarray:
        """The floor's lines (Hz): local maxima ``LINE_DB`` or more over the mean level of the
        bins around them (their own main lobe left out), from ``LOW_HZ`` up."""
        if self.windows < MIN_WINDOWS or self.floor is None:
            return np.zeros(0)
        db = 10.0 * np.log10(np.maximum(self.floor, 1e-30))
        # the mean level of the bins around each one, its own main lobe left out: the sum over
        # the whole neighbourhood less the sum over its own bins (cumulative sums, no loop)
        c = np.concatenate([[0.0], np.cumsum(db)])
        idx = np.arange(len(db))
        lo, hi = np.maximum(idx - self.around, 0), np.minimum(idx + self.around + 1, len(db))
        a, b = np.maximum(idx - OWN_BINS, 0), np.minimum(idx + OWN_BINS + 1, len(db))
        count = (hi - lo) - (b - a)
        background = ((c[hi] - c[lo]) - (c[b] - c[a])) / np.maximum(count, 1)
        line = db - background >= LINE_DB
        line[1:-1] &= (db[1:-1] >= db[:-2]) & (db[1:-1] >= db[2:])
        line[[0, -1]] = False
        line[: int(LOW_HZ / self.df)] = False
        return np.flatnonzero(line) * self.df

    def fundamental(self) -> tuple[float | None, np.ndarray]:
        """The mains frequency the hum is at (Hz, within ``MAINS_TOLERANCE`` of one of
        ``MAINS_HZ``) and the floor's lines at its multiples, where ``MIN_LINES`` or more are;
        or ``None`` and no lines. Of two frequencies that explain as many lines, the first."""
        if self.found is not None and self.found[0] == self.windows:
            return self.found[1]
        self.found = (self.windows, self._fundamental())
        return self.found[1]

    def _fundamental(self) -> tuple[float | None, np.ndarray]:
        lines = self.steady()
        best, score, kept = None, MIN_LINES - 1, np.zeros(0)
        for mains in MAINS_HZ:
            # the line's one multiple near this mains frequency (1 % is under 1/30: one k)
            for f in sorted({line / max(1.0, round(line / mains)) for line in lines}):
                if abs(f / mains - 1.0) > MAINS_TOLERANCE:
                    continue
                m = np.maximum(np.rint(lines / f), 1.0)
                hit = np.abs(lines - m * f) <= self.df + TOLERANCE * m * f
                # a hum's strongest partials are its lowest: two of its first LOW_MULTIPLES
                # multiples at least, each multiple counted once
                if len(set(m[hit & (m <= LOW_MULTIPLES)])) < 2:
                    continue
                if len(set(m[hit])) > score:
                    best, score, kept = f, len(set(m[hit])), lines[hit]
        # a played note's partials and a room's modes stand in the floor too (a bed's held
        # chord): among dozens of them, some lie on multiples of 50 or 60 Hz by chance
        low = lines < SHARE_UNDER_HZ
        # ... but no chord's partials stand at the mains frequency and each of its next
        # multiples (no equal-tempered note lies within 1 % of 50 or 60 Hz): a hum's own
        full = best is not None and set(range(1, FULL_RUN + 1)) <= set(np.rint(kept / best))
        if not full and best is not None and (kept < SHARE_UNDER_HZ).sum() < MIN_SHARE * low.sum():
            best, kept = None, np.zeros(0)
        self._alone = best is None  # found by _held, if found: nothing steady with it
        if best is None:
            best, kept = self._held(lines)
        # a pure hum: one or two held lines (see pure), whichever way found
        held = self._held_lines(best, lines) if best is not None else np.zeros(0)
        self._pure = held if len(held) < MIN_LINES else np.zeros(0)
        return best, kept

    def _held(self, lines: np.ndarray) -> tuple[float | None, np.ndarray]:
        """A hum of one or two lines (a pure 50 Hz hum, a 50/100 Hz buzz): a line of the floor
        at a mains frequency or twice it (``HELD_MULTIPLES``) that is held, its mean power over
        the windows within ``HELD_DB`` of its floor (sounding at one level all through, as no
        voice's or played note's partial does), and its held lines (:meth:`_held_lines`),
        fewer than ``MIN_LINES`` (more are the many-lined test's to judge: a bed's held chord
        among its lines; held out, beds under a 60 Hz hum found 8 -> 6 of 13 without it)."""
        if self.floor is None or self.total is None or self.windows < HELD_WINDOWS:
            return None, np.zeros(0)
        db = 10.0 * np.log10(np.maximum(self.floor, 1e-30))
        for mains in MAINS_HZ:
            for m in HELD_MULTIPLES:
                for line in lines[np.abs(lines / (m * mains) - 1.0) <= 0.05]:
                    b = int(round(line / self.df))
                    # the line's frequency between bins: the vertex of the parabola through
                    # the floor's levels (dB) there (a bin is 2 Hz, 4 % of 50 Hz)
                    den = db[b - 1] - 2.0 * db[b] + db[b + 1]
                    at = (b + (0.5 * (db[b - 1] - db[b + 1]) / den if den < 0 else 0.0)) * self.df
                    if abs(at / (m * mains) - 1.0) <= MAINS_TOLERANCE and self._holds(b, HELD_DB):
                        kept = self._held_lines(line / m, lines)
                        return (line / m, kept) if len(kept) < MIN_LINES else (None, np.zeros(0))
        return None, np.zeros(0)

    def _holds(self, b: int, db: float) -> bool:
        """Whether bin ``b``'s mean power over the windows is within ``db`` of its floor."""
        return bool(self.total[b] / self.windows <= self.floor[b] * 10.0 ** (db / 10.0))

    def _held_lines(self, f: float, lines: np.ndarray) -> np.ndarray:
        """The floor's ``lines`` at the first ``LOW_MULTIPLES`` multiples of ``f`` that hold
        their level (``HELD_PARTIAL_DB``), where the one at ``f`` or twice it holds within
        ``HELD_DB``; else none."""
        if self.total is None or self.windows < HELD_WINDOWS:
            return np.zeros(0)
        k = np.maximum(np.rint(lines / f), 1.0)
        hit = (np.abs(lines - k * f) <= self.df + TOLERANCE * k * f) & (k <= LOW_MULTIPLES)
        bins = np.rint(lines / self.df).astype(int)
        if not any(self._holds(b, HELD_DB) for b in bins[hit & (k <= 2)]):
            return np.zeros(0)
        held = [h and self._holds(b, HELD_PARTIAL_DB) for b, h in zip(bins, hit, strict=True)]
        return lines[np.array(held, dtype=bool)]

    def humming(self, pitches: np.ndarray) -> np.ndarray:
        """Where ``pitches`` (Hz) are the hum's: within ``HUM_OCTAVES`` of one of its lines, or,
        where one lies under the second-pitch search (a 50 or 60 Hz hum under ``SEARCH_HZ``),
        within ``FLOOR_OCTAVES`` of the search's bottom."""
        _, lines = self.fundamental()
        out = np.zeros(len(pitches), dtype=bool)
        with np.errstate(divide="ignore", invalid="ignore"):
            for line in lines:
                out |= np.abs(np.log2(pitches / line)) < HUM_OCTAVES
        return out | self.at_floor(pitches)

    def lone(self) -> bool:
        """Whether the hum found is a pure one (one or two lines that hold their level, as a
        mains sine or a 50/100 Hz buzz: :meth:`_held_lines`) that only :meth:`_held` finds (the
        many-lined test found none)."""
        self.fundamental()
        return bool(len(self._pure)) and self._alone

    def within(self, pitches: np.ndarray, hz: float = REACH_HZ) -> np.ndarray:
        """Where ``pitches`` (Hz) lie within ``hz`` of one of the lines of a lone pure hum
        (:meth:`lone`). Not of a hum of
        many lines: lines every 50 Hz would leave no pitch out of reach (benchmarks/backing_hum.py,
        tune half: beds under a 50 Hz hum found 11 -> 5 of 16 with a reach of 43 Hz around each
        line), nor of one the many-lined test found. Where a bed's floor hides a hum's partials,
        the hum reads as lone and the bed's pitches near its line are lost (held out: beds under
        a 60 Hz hum found 8 -> 6 of 13, an inharmonic bell under two voices)."""
        self.fundamental()
        out = np.zeros(len(pitches), dtype=bool)
        for line in self._pure if self.lone() else ():
            out |= np.abs(pitches - line) <= hz
        return out

    def voice_left(self, voiced: np.ndarray, pitch: np.ndarray, longest: float) -> np.ndarray:
        """``voiced`` less the frames whose main ``pitch`` is a hum's: at the search's longest
        period (a pitch at or under ``longest`` Hz) over a hum under the search (a 60 Hz hum
        alone reads 70 Hz; cancelled at a period not its own, it left second pitches in 14-94 %
        of the file), where a lone pure hum is found or the hum is the main pitch in
        ``MAIN_SHARE`` of the voiced frames or more; not else: a bed's low note over a hum of
        many lines reads so (backing_hum.py, tune half)."""
        at_hum = voiced & self.at_floor(pitch) & (pitch <= longest)
        if self.lone() or at_hum.sum() >= MAIN_SHARE * voiced.sum():
            return voiced & ~at_hum
        return voiced

    def at_floor(self, pitches: np.ndarray) -> np.ndarray:
        """Where ``pitches`` (Hz) lie within ``FLOOR_OCTAVES`` of the search's bottom while a hum
        under it is found (the hum's plateau there; a 60 Hz hum alone is read as 70 Hz)."""
        _, lines = self.fundamental()
        if not (lines < SEARCH_HZ).any():
            return np.zeros(len(pitches), dtype=bool)
        return pitches < SEARCH_HZ * 2.0**FLOOR_OCTAVES
