"""A second voice under the main one: backing vocals, a harmony, a choir or a music bed.

Each ``FRAME_S`` frame (hop half a frame) of the mono mix, decimated to about 8 kHz and low-passed
at ``LOWPASS_HZ``, gets the main voice's period from the normalised autocorrelation (as in
audiolint.analysis.voice), refined to a fraction of a sample. The main voice is then cancelled with
a comb filter, ``e[n] = x[n] - g * x[n - T]`` (de Cheveigné's cancellation model): what remains is
the main voice's aperiodic part plus everything else. A second voice leaves a *periodic* residue at
a period of its own, so the residue's normalised autocorrelation is searched for a peak of at least
``SECOND_R``, in a residue at least ``MIN_SECOND_DB`` loud, away from the main period and its
octaves (``NEAR_OCTAVES``: a voice's own pitch drift and formant ringing land close to them, and a
second voice an octave away cannot be told from the first), and only at a peak of its own (on the
edge of an excluded zone the correlation can still be climbing towards a period inside it). Nor is
one searched under a main period found at the search's short end (a voice at or over ``F0_MAX_HZ``:
its period is not measured, the comb cannot cancel it, and its octave under the edge read as a
second voice). A frame counts only when the next frame or the one after finds the same second pitch
(within ``SAME_PITCH_OCTAVES``), or the two pitches swapped (where the partner is locally the
louder the main pitch is its own and the second the lead's): a real voice's pitch moves smoothly,
chance peaks of the residue jump.

The spectrum is searched too (audiolint.analysis.multipitch, on its ``WINDOW_S`` window from the
frame's start): harmonic summation, the main voice's partials cancelled, the strongest harmonic
series left. Its pitch counts where its salience stands out ``PEAKINESS`` times the median
candidate's, in a residue at least ``SPECTRAL_MIN_DB`` loud (a near-pure tone leaves almost
nothing, which the spectrum's whitening would magnify), and it holds, within ``SPECTRAL_SAME``,
in a frame or two either side. The comb parts close harmonies best; the spectrum finds a music
bed's or another speaker's harmonic series more often (benchmarks/backing_vocals.py, tune half,
flagged at 15 %: music beds at -6 dB 42 -> 73 %, second speakers at -6 dB 14 -> 29 %). Where the
two find the same second pitch, weaker evidence from each counts (``AGREE``). A second speaker
12 dB under the lead is mostly missed all the same: the comb cancels a speaking voice by only
about 10 dB (its own jitter, glides and breath), and the partner lies a median 1-4 dB under
that leftover where both speak (benchmarks/backing_vocals.py prints these figures).

A reverberant room holds a solo voice's earlier syllables and notes under the next: a second
pitch that follows the main pitch track with a lag. A second pitch is dropped when the main
voice sang it in the time before (``COMB_ECHOES``, ``SPECTRAL_ECHOES``), judged frame by frame
(a sung note's echo drifts with its vibrato), silence (``SILENT_BELOW_LOUD_DB``) not counted in
that time (a recording cut into phrases carries the ring of the notes before each cut). Found
where the partner is the louder, a swapped pair is exempt (the second pitch there is the lead's
own), and so is a second pitch that keeps its interval to the main pitch while the main pitch
moves (``COMOVING``): an echo holds the pitch sung before, so its interval changes as the voice
moves on; a harmony moves with the melody (audiolint.analysis.echoes).

A stereo file whose channels differ is also searched channel by channel (the left, the right and
their difference, audiolint.analysis.panned): a pitch of its own in one of them, away from the main
pitch and held, is a second pitch too, under the same echo tests (a bed or a voice panned apart).
A mains hum is left out (audiolint.analysis.hum): second pitches on its lines (and near them).
So is a second pitch that is, with the main one, a partial of one voice (at the main pitch or
under it) whose series fills the spectrum between them past what any two voices would
(audiolint.analysis.sieve): a voice whose lowest partials a denoiser took away, its pitch read on
one partial and a "second voice" on another. ``second_own_ratio`` leaves out, too, a second pitch
where the main pitch has no strong partial off the second's series
(:func:`~audiolint.analysis.sieve.no_partial_of_its_own`): one voice read at a ratio of its pitch
by turns (a sung note whose third partial stands out, read at 2/3 of its period); S009 reads it,
S007 the whole share (an oboe's notes read so are a sign of an instrument).

Results (in ``"signal"``): ``second_voice_ratio`` (share of the voiced frames with a second
voice; ``None`` under ``MIN_VOICED_S`` of voice), ``second_pitch_hz`` (median pitch of the
second voice) and ``second_voice_db`` (median level of the residue against the whole, less the
comb's 3 dB average gain: roughly the second voice's level under the main one; the main voice's
own roughness, about -15 dB, sets a floor); and ``alone_voice_ratio``, the share of the voiced
frames where a quieter second voice sounds on its own in the main voice's pauses, its pitch found
under the main voice nearby too (audiolint.analysis.alone); and ``hum_hz``, the mains hum's
fundamental where one holds the floor (audiolint.analysis.hum), else ``None``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.alone import HOLD_OCTAVES, alone_frames
from audiolint.analysis.comb import cancel, measured_period, second_period
from audiolint.analysis.echoes import (
    COMOVING,  # noqa: F401 (tests read it here)
)
from audiolint.analysis.frames import overlapping
from audiolint.analysis.hum import HumLines
from audiolint.analysis.loudness import tiny_signal
from audiolint.analysis.mixdown import butterworth_lowpass, heard_channels, lowpassed_mean
from audiolint.analysis.multipitch import second_pitch
from audiolint.analysis.panned import LeftChannel, stereo_pitch
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.second_voice import (  # noqa: F401 (tests and benchmarks read them here)
    AGREE,
    MIN_SECOND_DB,
    NEAR_OCTAVES,
    PEAKINESS,
    SECOND_R,
    SILENT_BELOW_LOUD_DB,
    SPECTRAL_SAME,
    second_pitches,
)
from audiolint.analysis.sieve import no_partial_of_its_own, one_voice, strong_peaks

FRAME_S = 0.04
TARGET_RATE = 8000
LOWPASS_HZ = 1500.0  # a voice's low harmonics carry its pitch; above, breath and noise
F0_MIN_HZ, F0_MAX_HZ = 70.0, 600.0
VOICED_R = 0.6
OWN_PERIOD_MARGIN = 0.2  # the residue repeats this much more at its own period than the main
FAR_RATIO = 2.5  # second pitches further than this from the main one are not searched
SAME_PITCH_OCTAVES = HOLD_OCTAVES
SPECTRAL_MIN_DB = -20.0
SOUNDING_BELOW_LOUD_DB = 30.0
MIN_VOICED_S = 1.0


class Harmony:
    """Per-frame level, voicing, second-voice strength, pitch and level, main pitch, and the
    spectral second pitch and its peakiness, the trough of the autocorrelation within the main
    period, a stereo file's channel pitch and its level, and whether the comb's and the
    spectrum's second pitches are one voice's partials (52 bytes per 20 ms)."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.step = max(1, int(sample_rate // TARGET_RATE))
        self.rate = sample_rate / self.step
        self.sos = butterworth_lowpass(min(LOWPASS_HZ, 0.4 * self.rate), self.rate)
        self.zi = np.zeros((1, len(self.sos), 2))  # the sosfilt kernel's layout
        self.odd = 0  # parity of the decimated samples seen, for loudness's tiny signal
        self.n = max(32, int(round(FRAME_S * self.rate)))
        self.hop = self.n // 2
        self.lo = max(2, int(self.rate / F0_MAX_HZ))
        self.hi = min(self.n - 8, int(self.rate / F0_MIN_HZ))
        self.spectral = second_pitch(self.rate)
        self.long = max(self.n, self.spectral.n)  # samples per frame: the spectral window's
        self.raw = np.zeros((0, channels), dtype=np.float32)  # samples not yet decimated
        self.hum = HumLines(self.rate)  # a mains hum's steady lines (audiolint.analysis.hum)
        self.rest = np.zeros(0)  # decimated samples not yet framed
        # a stereo file's left channel, for a second pitch panned apart (audiolint.analysis.panned)
        self.left = LeftChannel(self.sos) if channels == 2 else None
        # per frame: level dB, voiced, second r, second pitch, residue dB, main pitch,
        # spectral second pitch, its peakiness, the autocorrelation's trough within the period,
        # a stereo file's channel pitch (1.0: none) and that channel's level against the mix dB,
        # and whether the comb's and the spectrum's second pitch are one voice's partials (sieve)
        self.out: list[np.ndarray] = []

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        block = heard_channels(block)
        raw = np.concatenate([self.raw, block]) if len(self.raw) else block
        k = len(raw) // self.step
        self.raw = raw[k * self.step :].copy()
        if not k:
            return
        # the mean of each ``step`` samples of every channel: the mono mix and a crude low-pass
        # (as in voice.py) in one pass, then a real low-pass (audiolint.analysis.mixdown)
        whole = np.ascontiguousarray(raw[: k * self.step]).reshape(k, -1)
        tiny = tiny_signal(k)[self.odd : self.odd + k]  # as in loudness.py (subnormal floats)
        self.odd = (self.odd + k) % 2
        low = lowpassed_mean(whole, self.sos, self.zi, tiny)
        self.hum.update(low[0])
        data = np.concatenate([self.rest, low[0]])
        m = (len(data) - self.long) // self.hop + 1
        left = None
        if self.left is not None and block.shape[1] == 2:
            left = self.left.take(self.left.update(whole, tiny), m, self.long, self.hop)
        if m <= 0:
            self.rest = data
            return
        # the frames as a view (rows overlapping), not a gathered copy of every one
        frames = overlapping(data, m, self.long, self.hop)
        self.rest = data[m * self.hop :]
        self.out.append(self._frames(frames) if left is None else self._frames(frames, left))

    def _frames(self, whole: np.ndarray, left: np.ndarray | None = None) -> np.ndarray:
        f = whole[:, : self.n] - whole[:, : self.n].mean(axis=1, keepdims=True)
        power = (f * f).mean(axis=1)
        peak, lag, edge, trough = measured_period(f, self.lo, self.hi)
        voiced = peak >= VOICED_R
        searched = voiced & ~edge  # a period at the search's edge is not measured (docstring)
        r2, pitch2, power2 = np.zeros(len(f)), np.ones(len(f)), np.zeros(len(f))
        spectral2, peaky = np.ones(len(f)), np.zeros(len(f))
        if searched.any():  # only a voiced frame can have a voice under it
            residue, start = cancel(f[searched], lag[searched])
            r2v, lag2, power2[searched], at_main = second_period(
                residue, start, lag[searched], self.lo, self.hi, NEAR_OCTAVES, FAR_RATIO
            )
            # What the comb leaves of a main voice whose pitch glides inside the frame still
            # repeats at the main period, and its strongest other period is then a ratio of it
            # (3/2 of the pitch: harmonics 3, 6, 9...). A second voice's residue repeats at its
            # own period, not at the main one.
            r2[searched] = np.where(r2v - at_main >= OWN_PERIOD_MARGIN, r2v, 0.0)
            pitch2[searched] = self.rate / lag2
        level = 10.0 * np.log10(np.maximum(power, 1e-12))
        # the comb passes a second voice at twice its power on average: 3 dB off
        res_db = 10.0 * np.log10(np.maximum(power2, 1e-12) / np.maximum(power, 1e-12)) - 3.0
        # the spectrum only where the comb left enough for a second voice (as stored: float32)
        loud = searched & (res_db.astype(np.float32) >= SPECTRAL_MIN_DB)
        mag = None
        if loud.any():
            _, spectral2[loud], peaky[loud], mag = self.spectral.frames(whole[loud, : self.long])
        pitch = self.rate / lag
        # a second pitch that is, with the main one, a partial of one voice whose series fills
        # the spectrum between them (audiolint.analysis.sieve): judged where either search could
        # count it
        comb_one, spectral_one = np.zeros(len(f)), np.zeros(len(f))
        agreeing = (r2 >= AGREE[0]) & (peaky >= AGREE[1])
        comb = searched & ((r2 >= SECOND_R) | agreeing) & (res_db >= MIN_SECOND_DB)
        spec = loud & (peaky >= AGREE[1])
        judged = comb | spec
        if judged.any():
            # the spectra the spectral search made (``loud``), the others made here
            spectra = np.zeros((len(f), self.spectral.top), np.float32)
            if mag is not None:
                spectra[loud] = mag
            more = judged & ~loud
            if more.any():
                spectra[more] = self.spectral.magnitude(whole[more, : self.spectral.n])
            at = np.cumsum(judged) - 1  # a judged frame's row among the judged
            peaks = strong_peaks(spectra[judged], self.spectral.df)
            # both searches' second pitches judged in one call, a row each
            rows = np.concatenate([np.flatnonzero(comb), np.flatnonzero(spec)])
            seconds = np.concatenate([pitch2[comb], spectral2[spec]])
            held = peaks[at[rows]]
            # 1: one voice's partials (sieve.one_voice); 2: a pitch with no partial of its own
            one = np.where(one_voice(held, pitch[rows], seconds), 1.0,
                           2.0 * no_partial_of_its_own(held, pitch[rows], seconds))  # fmt: skip
            comb_one[comb] = one[: comb.sum()]
            spectral_one[spec] = one[comb.sum() :]
        panned, panned_db = np.ones(len(f)), np.zeros(len(f))
        if left is not None and searched.any():  # a stereo file's channels (panned.py)
            main = np.where(searched, pitch, np.nan)
            panned, panned_db = stereo_pitch(
                f, left[:, : self.n], power, main, (self.lo, self.hi, self.rate), VOICED_R,
                NEAR_OCTAVES, FAR_RATIO)  # fmt: skip
        rows = [level, voiced, r2, pitch2, res_db, pitch, spectral2, peaky, trough, panned,
                panned_db, comb_one, spectral_one]  # fmt: skip
        return np.stack(rows, axis=1).astype(np.float32)

    def result(self) -> dict[str, Any]:
        """Second-voice shares, under the main voice and on its own in its pauses
        (audiolint.analysis.alone), and evidence (``None`` under a second of voice)."""
        hum = self.hum.fundamental()[0] if self.out else None  # a mains hum's (analysis/hum.py)
        out: dict[str, Any] = {
            "second_voice_ratio": None,
            "second_pitch_hz": None,
            "second_voice_db": None,
            "alone_voice_ratio": None,
            "second_own_ratio": None,
            "hum_hz": None if hum is None else round(float(hum), 1),
        }
        voiced = self._voiced()
        if voiced is None:
            return out
        level, res_db, pitch, trough = self._table()[:, [0, 4, 5, 8]].T
        second, pitch2 = self.second_pitches()
        out["second_voice_ratio"] = round(float(second.sum() / voiced.sum()), 3)
        frame_s = self.hop / self.rate
        # a hum in the pauses is no partner (audiolint.analysis.hum)
        heard = voiced & ~self.hum.humming(pitch)
        alone = alone_frames(level, heard, pitch, res_db, trough, second, pitch2, frame_s)
        out["alone_voice_ratio"] = round(float(alone.sum() / voiced.sum()), 3)
        own = self.second_pitches(own=True)[0]
        out["second_own_ratio"] = round(float(own.sum() / voiced.sum()), 3)
        if second.sum() >= 3:
            out["second_pitch_hz"] = round(float(median(pitch2[second])), 1)
            out["second_voice_db"] = round(float(median(res_db[second])), 1)
        return out

    def _table(self) -> np.ndarray:
        """Every frame's row (``out``), joined once: the blocks' rows are dropped for it (a
        2-hour file's table is about 60 MB; each reading joined it again)."""
        if len(self.out) > 1:
            self.out = [np.concatenate(self.out)]
        return self.out[0]

    def _voiced(self) -> np.ndarray | None:
        """The voiced frames within ``SOUNDING_BELOW_LOUD_DB`` of the loud ones; ``None`` under
        ``MIN_VOICED_S`` of them."""
        if not self.out:
            return None
        level, voiced = self._table()[:, :2].T
        voiced = (voiced > 0) & (level >= percentile(level, 95) - SOUNDING_BELOW_LOUD_DB)
        return voiced if voiced.sum() * self.hop / self.rate >= MIN_VOICED_S else None

    def second_frames(self) -> np.ndarray:
        """The frames counted as holding a second voice (none under a second of voice)."""
        return self.second_pitches()[0]

    def second_pitches(self, own: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The frames counted as holding a second voice, by the comb, by the spectrum or by both
        agreeing, and the second pitch in each (the comb's where it finds one); ``own``: only
        where each pitch has a partial of its own (``second_own_ratio``)."""
        voiced = self._voiced()
        if voiced is None:
            frames = sum(len(o) for o in self.out)
            return np.zeros(frames, dtype=bool), np.ones(frames)
        table = self._table().T
        return second_pitches(table, voiced, self.hum, self.rate, self.hi, self.hop, own)
