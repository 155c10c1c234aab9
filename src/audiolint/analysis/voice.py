"""Voice activity: how much of the sounding time carries a pitch, and how that pitch moves.

A voice is periodic while it is voiced: each 40 ms frame of the mono mix, decimated to about
8 kHz, is searched for a repeating period between 1/``F0_MAX_HZ`` and 1/``F0_MIN_HZ`` seconds
with the normalised autocorrelation. The search starts after the autocorrelation first drops
below zero, so noise whose samples merely follow each other closely (pink or brown noise,
rumble) is not mistaken for a pitch; a frame is *voiced* when the strongest peak after that
reaches ``VOICED_R``. Only sounding frames count: within ``SOUNDING_BELOW_LOUD_DB`` of the
file's loud frames and above ``SOUNDING_FLOOR_DBFS``.

Results (in ``"signal"``): ``sounding_s`` (time of the sounding frames), ``voiced_ratio`` (their
voiced share; ``None`` under a second of sound), ``voiced_run_ratio`` (the share voiced next to a
voiced neighbour, pitched for 80 ms or more: a voice holds each vowel's pitch, while noise narrow
enough to read as pitched now and then does so in lone frames), ``pitch_hz`` (median pitch of the
voiced frames), ``pitch_spread_st`` (the interquartile range of that pitch, in semitones: speech and
song move by several, a test tone or a hum by a few hundredths), ``sustained_ratio`` (of the pairs
of consecutive voiced frames, the share whose level falls by less than ``FALL_DB``: a sound being
made, not ringing down; ``None`` under ``MIN_PAIRS`` pairs), ``sustained_steps`` (how many such
sustained pairs between loud frames, see below), ``pitch_steady`` (of those pairs, the share whose
pitch moves less than ``STEADY_ST``; ``None`` under ``MIN_PAIRS`` of them), ``level_move_db`` (over
the same pairs, the median level change, dB: a singer's held note swells and shimmers, 0.45 dB and
more on the tune singers, while a synthetic tone's, organ's or buzz's level holds, 0.2 at most even
in noise; played instruments move it too, 0.16-0.73 on the tune music; ``None`` under
``MIN_PAIRS``), ``one_pitch_share`` (of those steps holding still, the share whose pitch lies
within half a semitone of their median: a drone held under speech, 1; a melody's held notes
spread over several; ``None`` under ``MIN_PAIRS`` still steps), ``voiced_isolated`` (the share
of the voiced frames between two sounding ones with neither neighbour voiced: a 40 ms blip, as a
drum's ring; a voice holds its pitch through each vowel; ``None`` under ``MIN_PAIRS`` such frames),
``blip_rise_db`` (the median level rise into those lone voiced frames from the frame before, dB: a
drum's ring starts at its hit, while a voice in a long hall, pitched only where its direct sound
stands out of the echo, rises a dB or two; ``None`` without such frames) and ``shape_move_db`` (how
the spectrum's shape moves: over the sounding frames, the median of the mean absolute change of
``SHAPE_BANDS`` band levels, in dB less the frame's mean, from the frame 80 ms before; ``None``
under ``MIN_PAIRS`` frames). Speech moves that shape with every vowel and consonant, whispered or
creaky as much as voiced (espeak-ng 5.5-9.3 dB), while steady noise reads about 1.7 dB and music
0.6-5.2; speech under loud noise or in a hall reads as little as 2 dB, and one sung vowel held at a
low pitch 1.2 (its harmonics dense under fixed formants), so only a very low reading says anything.
``shape_peak_db`` is the largest such median over any 2 s (one every second): words before a tune.
``shape_slow_db`` is the same median with the frames 240 ms apart: in a room that smooths the short
moves, a whisper's syllables still move it, while noise's barely does. ``shape_loud_db`` and
``slow_loud_db`` are those two medians over the frames within ``SHAPE_LOUD_DB`` of the loud level
only: where a noise floor or a long room's echo fills the pauses, the sounding frames' moves are
mostly theirs, and the words' own moves show only in the loud frames. ``onsets`` counts the sounding
frames the level rises into by ``HIT_RISE_DB`` or more, and ``hit_decay`` is the share of them after
which it falls by ``HIT_FALL_DB`` or more in each of the next ``HIT_FRAMES`` frames (those in
analysis/repeats.py; ``None`` under ``MIN_PAIRS`` onsets): a drum's hit or a plucked note dies
from its peak at once, while a voice holds each syllable's vowel for a frame or more. The period
is refined between lags by a parabola through the autocorrelation, so a held note reads steady to
a few cents. A voice is never steady for
long: speech glides through every syllable and a singer's vibrato swings the held vowels, while an
instrument holds each note at one pitch, or lets it ring and decay there (a bell, a piano, a plucked
string). That holds for a melody as much as for one note: the pitch jumps between notes and stays
put on each. A room's echo smooths a voice's track (it holds the pitch just spoken, most of all
while it rings down), which is why the step is small and the falling steps are left out: over every
step, or at 0.1 semitone, espeak-ng in a hall read as steady as a piano. A sound that only rings
down (a struck bell dying within a second) is made in a few per cent of its steps; a voice, even in
a hall, in a quarter or more. The steps are read only between frames within ``LOUD_BELOW_DB`` of the
loud level: a quiet music bed held between a speaker's phrases is not the file's sound.

``pitch_tuned``, ``tuned_notes``, ``tuned_s`` and ``low_pitch_ratio`` (see analysis/pitchgrid.py)
read the pitch of the voiced frames within ``LOUD_BELOW_DB`` of the loud level: how closely it sits
on one equal-tempered semitone grid (instruments play on a scale, speech glides through every
pitch), and its share under 61.7 Hz, at the bottom of the range searched (a bass line, a kick drum's
ring, a piano's low notes; a voice is pitched above it). ``onset_repeat_db`` and ``repeat_onsets``
(see analysis/repeats.py) ask whether the loud onsets repeat: how closely each onset's spectrum is
matched by another's a beat or a bar away (a drum loop's hits: a dB or two; speech's syllables:
three and more). ``envelope_fast_db`` and ``envelope_syllable_db``: see analysis/flutter.py.
``pause_pitched_ratio`` (the pitched share of the pauses' frames) and ``steady_notes_ratio``
(the share of held notes in the steady stretches): see analysis/pause_pitch.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.flutter import Envelope
from audiolint.analysis.frames import fft_size, finite, heard, row_means
from audiolint.analysis.highpass import HighPass
from audiolint.analysis.pause_pitch import pause_pitched_ratio, steady_notes_ratio
from audiolint.analysis.pitchgrid import tuning
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.repeats import Onsets, hits
from audiolint.analysis.voicefft import autocorrelation, band_matrix, moved, moves, peak_moved

FRAME_S = 0.04
TARGET_RATE = 8000
F0_MIN_HZ, F0_MAX_HZ = 60.0, 800.0
VOICED_R = 0.6
OCTAVE_SHARE = 0.9  # a lag this close to the strongest counts as the period (no octave errors)
TOP_SEARCH = 6  # samples after that lag searched for its local top
SOUNDING_BELOW_LOUD_DB = 30.0
SOUNDING_FLOOR_DBFS = -60.0
MIN_SOUNDING_S = 1.0
STEADY_ST = 0.05  # a pitch that moves less than this from one 40 ms frame to the next is held
# only steps where the level falls less than this are read: a sound being made, not ringing down
# (a room's echo, or a bell's ring, decays faster than 1 dB in 40 ms: RT60 under 2.4 s)
FALL_DB = 1.0
MIN_PAIRS = 10  # steps read before pitch_steady says anything
# the spectrum's shape: mean power in SHAPE_BANDS log-spaced bands between SHAPE_LO_HZ and
# SHAPE_HI_HZ, in dB less the frame's mean over them; compared SHAPE_LAG frames (80 ms) apart
SHAPE_BANDS, SHAPE_LO_HZ, SHAPE_HI_HZ, SHAPE_LAG = 12, 150.0, 3800.0, 2
SLOW_LAG = 6  # the shape compared 240 ms apart: a syllable's move, past a room's smoothing
SHAPE_LOUD_DB = 10.0  # shape_loud_db, slow_loud_db: the frames within this of the loud level
PEAK_FRAMES, PEAK_PAIRS = 50, 20  # shape_peak_db: over 2 s stretches, 20 pairs or more each
# the loud frames: within this of the 95th-percentile level (speech over a music bed 15 dB under
# its RMS leaves the bed out)
LOUD_BELOW_DB = 15.0
# The pitch search and the spectrum's shape read the samples high-passed (analysis/highpass.py) at
# 48 Hz, as RVC's preprocessing filters its training audio: a rumble under a voice's pitch (as
# strong as the speech on Artikulate's Polish and Belgian-English words, session 57) filled each
# frame with a slope whose autocorrelation never fell under zero, so no frame read as pitched (S007
# "no voiced sound" on 26 of its 2,076 words; 7 at 48 Hz), and leaked into the shape's bands (a
# rectangular frame). The level is the samples' own, so that a kick drum's onsets still count.
PITCH_HP_HZ = 48.0


class Voice:
    """Per-frame level, voicing, pitch and shape move (16 bytes per 40 ms frame) and the band
    levels at the onsets (96 bytes each), no samples."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.step = max(1, int(sample_rate // TARGET_RATE))
        self.rate = sample_rate / self.step
        self.n = max(16, int(round(FRAME_S * self.rate)))
        self.lo = max(2, int(self.rate / F0_MAX_HZ))
        self.hi = min(self.n - 1, int(self.rate / F0_MIN_HZ))
        self.nfft = fft_size(self.n + self.hi + 1)  # no circular wrap at the lags searched
        self.box = np.full(self.step, 1.0 / self.step, np.float32)  # the crude low-pass
        self.raw = np.zeros(0, dtype=np.float32)  # samples not yet decimated
        self.highpass = HighPass(PITCH_HP_HZ, self.rate)
        self.rest = np.zeros((0, 2))  # decimated samples not yet framed: as they are, high-passed
        self.levels: list[np.ndarray] = []
        self.voiced: list[np.ndarray] = []
        self.pitch: list[np.ndarray] = []
        self.shape_moves: list[np.ndarray] = []
        self.slow_moves: list[np.ndarray] = []
        self.slow_shapes = np.zeros((0, SHAPE_BANDS))
        self.bands = band_matrix(self.nfft, self.rate, SHAPE_BANDS, SHAPE_LO_HZ, SHAPE_HI_HZ)
        self.lags = np.arange(self.hi + 1)
        self.unbias = (self.n / (self.n - self.lags))[None, :]
        self.last_shapes = np.zeros((0, SHAPE_BANDS))  # the last SHAPE_LAG frames' shapes
        self.onsets = Onsets()  # band levels at the onsets (analysis/repeats.py)
        self.envelope = Envelope(self.rate)  # the level every 5 ms (analysis/flutter.py)

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        block = finite(block)
        mix = heard(block)  # channels in antiphase: the first loud one (once per block)
        raw = np.concatenate([self.raw, mix]) if len(self.raw) else mix
        k = len(raw) // self.step
        self.raw = raw[k * self.step :].copy()
        # a crude low-pass; a matrix product, as numpy's mean over a short axis is slow
        low = raw[: k * self.step].reshape(k, self.step) @ self.box
        self.envelope.add(low)
        both = np.stack([low, self.highpass(low)], axis=1)
        data = np.concatenate([self.rest, both]) if len(self.rest) else both
        m = len(data) // self.n
        self.rest = data[m * self.n :].copy()
        if m:
            framed = data[: m * self.n].reshape(m, self.n, 2)  # float64 (the filter's output)
            self._frames(framed[:, :, 0], framed[:, :, 1])

    def _frames(self, plain: np.ndarray, frames: np.ndarray) -> None:
        """Read ``m`` frames: their level from the samples as they are (``plain``), their pitch
        and shape from the same samples high-passed (``frames``)."""
        plain = plain - row_means(plain, keepdims=True)
        power = row_means(plain * plain)
        frames = frames - row_means(frames, keepdims=True)
        psd, ac = autocorrelation(frames, self.nfft)
        ac = ac[:, : self.hi + 1]
        level = (10.0 * np.log10(np.maximum(power, 1e-12))).astype(np.float32)
        self.onsets.add(level, self._shapes(psd))
        with np.errstate(divide="ignore", invalid="ignore"):
            # unbiased and normalised: a periodic frame reads close to 1 at its period
            r = ac * self.unbias / ac[:, :1]
        r[~np.isfinite(r)] = 0.0  # as np.nan_to_num(r, 0, 0, 0), without its checks
        # past the first drop under zero (the running count of negatives above 0)
        negative = r < 0.0
        first = np.where(negative.any(axis=1), negative.argmax(axis=1), r.shape[1])
        below = self.lags >= first[:, None]
        search = np.where(below[:, self.lo :], r[:, self.lo :], -1.0)
        peak = search.max(axis=1)
        # the period is the first lag nearly as strong as the best (every multiple of a period
        # repeats too); then the local top just after it
        first = (search >= OCTAVE_SHARE * peak[:, None]).argmax(axis=1)
        width = np.arange(TOP_SEARCH)
        idx = np.minimum(first[:, None] + width[None, :], search.shape[1] - 1)
        rows = np.arange(len(idx))
        lag = idx[rows, search[rows[:, None], idx].argmax(axis=1)] + self.lo
        # the vertex of the parabola through the lags either side (clipped to half a lag)
        before, at, after = (r[rows, np.minimum(lag + k, self.hi)] for k in (-1, 0, 1))
        bend = before - 2.0 * at + after
        with np.errstate(divide="ignore", invalid="ignore"):
            shift = np.where(bend < 0.0, 0.5 * (before - after) / bend, 0.0)
        # np.clip(np.nan_to_num(shift), -0.5, 0.5): +-inf clip to +-0.5 either way
        shift = np.minimum(np.maximum(shift, -0.5), 0.5)
        shift[np.isnan(shift)] = 0.0
        self.levels.append(level)
        self.voiced.append(peak >= VOICED_R)
        self.pitch.append((self.rate / (lag + shift)).astype(np.float32))

    def _shapes(self, psd: np.ndarray) -> np.ndarray:
        """Each frame's spectral shape move: the mean absolute change of its band levels (dB,
        less their mean) from SHAPE_LAG frames before (NaN for the file's first frames). Returns
        the band levels (frames x SHAPE_BANDS, dB)."""
        db = 10.0 * np.log10(np.maximum(psd @ self.bands, 1e-12))
        shape = db - row_means(db, keepdims=True)
        move, self.last_shapes = moves(self.last_shapes, shape, SHAPE_LAG)
        self.shape_moves.append(move)
        move, self.slow_shapes = moves(self.slow_shapes, shape, SLOW_LAG)
        self.slow_moves.append(move)
        return db

    def result(self) -> dict[str, Any]:
        """Sounding time, voiced share and pitch (``None`` where there is too little sound)."""
        out: dict[str, Any] = {
            "sounding_s": 0.0,
            "voiced_ratio": None,
            "voiced_run_ratio": None,
            "pitch_hz": None,
            "pitch_spread_st": None,
            "pitch_steady": None,
            "level_move_db": None,
            "one_pitch_share": None,
            "sustained_ratio": None,
            "sustained_steps": None,
            "voiced_isolated": None,
            "blip_rise_db": None,
            "shape_move_db": None,
            "shape_peak_db": None,
            "shape_slow_db": None,
            "shape_loud_db": None,
            "slow_loud_db": None,
            "onsets": None,
            "hit_decay": None,
            "pitch_tuned": None,
            "tuned_notes": None,
            "tuned_s": None,
            "low_pitch_ratio": None,
            "onset_repeat_db": None,
            "repeat_onsets": None,
            "pause_pitched_ratio": None,
            "steady_notes_ratio": None,
        }
        out.update(self.envelope.result())
        if not self.levels:
            return out
        level = np.concatenate(self.levels)
        voiced = np.concatenate(self.voiced)
        pitch = np.concatenate(self.pitch)
        loud = float(percentile(level, 95))
        out["pause_pitched_ratio"] = pause_pitched_ratio(level, voiced, loud)
        out["steady_notes_ratio"] = steady_notes_ratio(level, voiced, loud)
        sounding = level >= max(loud - SOUNDING_BELOW_LOUD_DB, SOUNDING_FLOOR_DBFS)
        seconds = float(sounding.sum()) * self.n / self.rate
        out["sounding_s"] = round(seconds, 2)
        if seconds < MIN_SOUNDING_S:
            return out
        v = voiced & sounding
        out["voiced_ratio"] = round(float(v.sum()) / float(sounding.sum()), 3)
        near = np.zeros_like(v)  # a voiced neighbour: pitched for 80 ms or more
        near[1:] |= v[:-1]
        near[:-1] |= v[1:]
        out["voiced_run_ratio"] = round(float((v & near).sum()) / float(sounding.sum()), 3)
        if v.sum() >= 5:
            f0 = pitch[v].astype(np.float64)
            q25, q50, q75 = percentile(f0, [25, 50, 75])
            out["pitch_hz"] = round(float(q50), 1)
            out["pitch_spread_st"] = round(float(12.0 * np.log2(q75 / q25)), 2)
        # voiced frames between two sounding ones (not cut short by the edge of the sound)
        inner = v[1:-1] & sounding[:-2] & sounding[2:]
        if inner.sum() >= MIN_PAIRS:
            alone = inner & ~v[:-2] & ~v[2:]
            out["voiced_isolated"] = round(float(alone.sum() / inner.sum()), 3)
            if alone.any():
                rise = level[1:-1][alone] - level[:-2][alone]
                out["blip_rise_db"] = round(float(median(rise)), 1)
        fast, slow = np.concatenate(self.shape_moves), np.concatenate(self.slow_moves)
        out["shape_move_db"] = moved(fast, sounding, SHAPE_LAG, MIN_PAIRS)
        out["shape_peak_db"] = peak_moved(fast, sounding, SHAPE_LAG, PEAK_PAIRS, PEAK_FRAMES)
        out["shape_slow_db"] = moved(slow, sounding, SLOW_LAG, MIN_PAIRS)
        shaped = sounding & (level >= loud - SHAPE_LOUD_DB)  # the words, not what fills pauses
        out["shape_loud_db"] = moved(fast, shaped, SHAPE_LAG, MIN_PAIRS)
        out["slow_loud_db"] = moved(slow, shaped, SLOW_LAG, MIN_PAIRS)
        out.update(hits(level, sounding, MIN_PAIRS))  # analysis/repeats.py
        steps = v[1:] & v[:-1]
        made = steps & (level[1:] - level[:-1] > -FALL_DB)
        if steps.sum() >= MIN_PAIRS:
            out["sustained_ratio"] = round(float(made.sum() / steps.sum()), 3)
        top = level >= loud - LOUD_BELOW_DB
        held = made & top[1:] & top[:-1]
        out["sustained_steps"] = int(held.sum())
        if held.sum() >= MIN_PAIRS:
            move = np.abs(12.0 * np.log2(pitch[1:][held] / pitch[:-1][held]))
            out["pitch_steady"] = round(float(np.mean(move < STEADY_ST)), 3)
            swell = np.abs(level[1:] - level[:-1])[held]
            out["level_move_db"] = round(float(median(swell)), 2)
            still = pitch[1:][held][move < STEADY_ST].astype(np.float64)  # the held steps' pitch
            if len(still) >= MIN_PAIRS:  # how many lie within half a semitone of their median
                off = np.abs(12.0 * np.log2(still / median(still)))
                out["one_pitch_share"] = round(float(np.mean(off < 0.5)), 3)
        out.update(tuning(pitch[v & top], self.n / self.rate))
        least = max(loud - LOUD_BELOW_DB, SOUNDING_FLOOR_DBFS)
        out.update(self.onsets.result(level, least, loud))
        return out
