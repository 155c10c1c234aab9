"""Reverberation, blind: how a room's echo stretches the ends of words.

When a voice stops, a dry recording falls to its noise floor within 100-150 ms (the voice's own
fade); in a room the echoes keep sounding and the level falls along the room's decay. Schroeder
showed that the decay after an interrupted steady sound is the backward integral of the room's
impulse response, so each *free decay* (a word ending that no louder frame follows for
``DECAY_S``) traces that curve, with the voice's fade added at its start. This analyser keeps
the level of every ``HOP_S`` frame of the mono mix (of the first loud channel where channels in
antiphase cancel in it: :func:`audiolint.analysis.excerpt.content`), in the speech band
(``BAND_HZ``, 500 Hz-4 kHz, where C50's speech average is read) and over the whole mix. At the
end it reads both as below: the file's clarity is the band's, given only where the whole mix
gives one too (the dry voice's guards below were drawn over the whole mix) and the band can
tell. It follows the fall after each such offset (at least ``OFFSET_ABOVE_FLOOR_DB`` over the
noise floor, a later onset never lifting it; none from a clipped top, ``CLIPPED_DB``, read over
the whole mix). The noise floor is the recording's own, where its words fall to (the
``FLOOR_PERCENTILE`` percentile of its level). Pauses cut into it (digital silence, or a quieter
noise laid in, entered by a drop no voice or room makes) are left out of it, or every word would
seem to decay slowly into its own noise. Not every such offset ends a word: after the peak of a
word a softer syllable can hold the level a few dB down for 200 ms, which looks like a slow
decay. A room slows every decay, though, and none can be faster than the room lets it; so, as
blind decay-time estimators do (Ratnam et al. 2003, Loellmann et al. 2010), it reads the fastest
ones: the ``FAST_PERCENTILE`` percentile of the falls, frame by frame, of those that can show a
room (:func:`room_like`): a fall that stops on a steady level short of the floor (noise laid
into the pauses, louder than the recording's own) shows no room, and one that holds and then
drops dry within 40 ms is read from where the word ended: a noisy file's few loud offsets are
mostly such. From that curve it reads the clarity at ``READ_AT_S``, when the voice's fade is
over and a room's echo is not, and the slope from ``SLOPE_FROM_S`` to there; both are mapped to
C50 and RT60 by curves fitted on the tune half of benchmarks/reverb.py (real speech convolved
with simulated rooms).

Results (in ``"signal"``): ``reverb_offsets`` (free decays found), ``reverb_endings`` (how many
separate endings they follow, :func:`endings`: the offsets of one ending, a level wavering as
it fades, are one fall, and one spoken syllable's fade cannot be told from a room's; S008 asks
for two), ``c50_db`` (clarity, early
energy over late at 50 ms; saturates above about 20 dB, where the noise floor and the voice's
fade hide any room, and is capped at ``C50_MAX_DB``) and ``rt60_s`` (decay time; ``None``
when the fall reaches the floor too soon to have a slope, or when it would outlast the file:
read off a slope no echo in it was heard to finish). Both are ``None`` under
``MIN_OFFSETS`` decays, and when the fastest falls are within ``2 * FLOOR_MARGIN_DB`` of the
noise floor at ``READ_AT_S`` (the clarity read is then only a lower bound; 30 dB or more still
reads as ``C50_MAX_DB``): "cannot tell". Then it reads once more, from a floor read lower in the
level's spread (``LOW_FLOOR_PERCENTILE``): in continuous speech in a room the echo fills every
short pause, the 10th percentile sits on it, no word ends 25 dB over it, and only the longest
pauses or the silence before and after reach the recording's floor. That second read gives the
clarity alone (the decay time stays ``None``: no pause showed where the decays end), only where
the level rests at that floor for ``REST_S`` somewhere (:func:`rests_at`), or where the file
ends on a room's tail falling into it, which a trimmer cut with the silence after the last word
(:func:`ends_on_ring`). A clarity under ``DRY_C50_DB`` from either read, in a file whose level
somewhere falls faster than such a room lets it (:func:`fastest_fall`), is "cannot tell" too.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolint.analysis.excerpt import content
from audiolint.analysis.frames import channel_mean, finite, row_means
from audiolint.analysis.loudness import sosfilt_kernel, tiny_signal
from audiolint.analysis.mixdown import butterworth_highpass, butterworth_lowpass
from audiolint.analysis.quantile import median, percentile
from audiolint.analysis.reverb_decay import (  # noqa: F401 - benchmarks and tests read them here
    C50_MAX_DB,
    CLIPPED_DB,
    DRY_C50_DB,
    DRY_FALL_AT_0,
    DRY_FALL_DB,
    DRY_FALL_S,
    DRY_FALL_SLOPE,
    FLOOR_MARGIN_DB,
    LONG_FALL_DB,
    LONG_FALL_S,
    READ_AT_S,
    SMOOTH_FRAMES,
    dry_fall_db,
    endings,
    fastest_fall,
    free_decays,
    read_decay,
    room_like,
    schroeder_c,
)
from audiolint.analysis.reverb_floor import (  # noqa: F401 - noise_floor: read through reverb
    FLOOR_PERCENTILE,
    FLOOR_SMOOTH_S,
    STEADY_DB,
    ends_on_ring,
    floor_levels,
    noise_floor,
    rests_at,
)

HOP_S = 0.004
# the band the level is read in: the octaves 500 Hz-4 kHz, over which a speech C50 is averaged.
# Real rooms ring longer in the lows than the simulated ones the lines below were fitted on
# (their absorption is the same at every frequency), and a voice's energy sits in the lows: read
# over the whole mix, speech in 25 real two-slope rooms read 4.4 dB under the rooms' C50 (sd 3.2;
# review 47a: Aachen's AIR, OpenAIR), 3.3 in the band. BAND_TOP: its top at most, of the rate
BAND_HZ, BAND_TOP = (500.0, 4000.0), 0.45
# the second read's floor: in continuous speech in a room the 10th percentile sat on the echo in
# the pauses, leaving no decay 25 dB over it (benchmarks/reverb_tools.py)
LOW_FLOOR_PERCENTILE = 2.0
MIN_OFFSETS = 5
FAST_PERCENTILE = 25.0  # the decay read, frame by frame: the fastest quarter of the falls


class Reverb:
    """Mean-square level per 4 ms frame of the mono mix in the speech band (``BAND_HZ``), and of
    the whole mix (clipping is read there), 12 bytes per frame, no samples."""

    def __init__(self, sample_rate: int, channels: int, props: Any = None):
        self.hop = max(1, int(round(HOP_S * sample_rate)))
        self.frame_s = self.hop / sample_rate
        self.rest = np.zeros(0, dtype=np.float32)
        self.band_rest = np.zeros(0)
        self.power: list[np.ndarray] = []  # in the band
        self.whole: list[np.ndarray] = []  # the whole mix (float32)
        lo, hi = BAND_HZ[0], min(BAND_HZ[1], BAND_TOP * sample_rate)
        self.sos = np.vstack(
            [butterworth_highpass(lo, sample_rate), butterworth_lowpass(hi, sample_rate, 4)]
        )
        self.zi = np.zeros((1, len(self.sos), 2))  # the sosfilt kernel's layout
        self.odd = 0  # parity of the samples filtered, for loudness's tiny signal

    def update(self, block: np.ndarray) -> None:
        """Consume the next block."""
        block = finite(block)
        # the channels' mean, as numpy's mean gives it (the first loud channel where the channels
        # are in antiphase and the mean cancels them: no word would end in a room)
        mono = content(block, channel_mean(block))
        if not len(mono):
            return
        # clipped to +-1000 so a damaged float file keeps the filter finite, plus loudness's
        # tiny signal (digital silence would leave the state decaying into subnormal floats)
        band = np.clip(mono, -1e3, 1e3).astype(np.float64)[None, :]
        band += tiny_signal(len(mono))[self.odd : self.odd + len(mono)]
        self.odd = (self.odd + len(mono)) % 2
        sosfilt_kernel()(self.sos, band, self.zi)
        band = np.concatenate([self.band_rest, band[0]]) if len(self.band_rest) else band[0]
        data = np.concatenate([self.rest, mono]) if len(self.rest) else mono
        m = len(data) // self.hop
        self.rest = data[m * self.hop :].copy()
        self.band_rest = band[m * self.hop :].copy()
        if m:
            frames = band[: m * self.hop].reshape(m, self.hop)
            self.power.append(np.einsum("ij,ij->i", frames, frames) / self.hop)
            # widened once, then its mean (the same values as a float64 mean of the float32
            # frames, without numpy's slower casting reduction)
            frames = data[: m * self.hop].reshape(m, self.hop).astype(np.float64)
            frames -= row_means(frames, keepdims=True)
            self.whole.append((np.einsum("ij,ij->i", frames, frames) / self.hop).astype(np.float32))

    def result(self) -> dict[str, Any]:
        """Free decays found, decay time and clarity (``None`` when it cannot tell)."""
        out: dict[str, Any] = {
            "reverb_offsets": 0, "reverb_endings": 0, "rt60_s": None, "c50_db": None,
            "reverb_fall_db": None,
        }  # fmt: skip
        if not self.power:
            return out
        # joined once and worked in place: a 2-hour file's frames are 14 MB an array
        if len(self.power) > 1:
            self.power = [np.concatenate(self.power)]
            self.whole = [np.concatenate(self.whole)]
        hot = clipped(self.whole[0])
        whole = self.measure(self.whole[0].astype(np.float64), hot)
        if whole["c50_db"] is None:
            # cannot tell over the whole mix, where the dry voice's guards were drawn: a dry
            # singer's slow releases read C50 -1.9 dB in the band alone (csound's sing.wav), as
            # if a hall; neither can the file
            return whole
        band = self.measure(self.power[0], hot)
        # where the band cannot tell, neither can the file: the whole mix's reading there put
        # S008 on 23 of 1760 noisy dry voices (benchmarks/reverb_noise.py)
        return band if band["c50_db"] is not None else {**whole, **_CANNOT_TELL}

    def measure(self, power: np.ndarray, hot: np.ndarray) -> dict[str, Any]:
        """Free decays, decay time and clarity of the levels whose mean squares are ``power``
        (per frame; worked in place), with the dry voice's guards (a fall faster than a room of
        the clarity read lets a level make: "cannot tell"); ``hot``: the clipped frames."""
        # damaged float files (values near 3e38) overflow the squares: count them as full scale
        np.minimum(power, 1.0, out=power)
        power[np.isnan(power)] = 1.0  # (squares: nothing under 0 and no inf under the minimum)
        kernel = np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES
        level = _db(np.convolve(power, kernel, mode="same"))
        raw = _db(np.maximum(power, 1e-13))
        rest = floor_levels(level, self.frame_s, raw)
        floor = float(percentile(rest, FLOOR_PERCENTILE))
        found = self._found(level, rest, floor, hot)
        wet = found["c50_db"] is not None and found["c50_db"] < DRY_C50_DB
        if wet and (
            fastest_fall(level, self.frame_s, floor, hot=hot) >= dry_fall_db(found["c50_db"])
            or fastest_fall(level, self.frame_s, floor, LONG_FALL_S, hot) >= LONG_FALL_DB
        ):
            return {**found, **_CANNOT_TELL}
        if (found["rt60_s"] or 0.0) > len(level) * self.frame_s:
            # longer than the file: read off a slope no echo in it was heard to finish (an
            # OpenArena voice line, 3.8 s on 1.54 s; session 30's audit)
            return {**found, "rt60_s": None}
        return found

    def _found(
        self, level: np.ndarray, rest: np.ndarray, floor: float, hot: np.ndarray
    ) -> dict[str, Any]:
        """The first read (over ``floor``), or where it cannot tell, the second."""
        first = self.read(level, floor, hot)
        if first["c50_db"] is not None:
            return first
        low = float(percentile(rest, LOW_FLOOR_PERCENTILE))
        if not (rests_at(rest, low, self.frame_s) or ends_on_ring(level, low, self.frame_s)):
            return first
        second = self.read(level, low, hot)
        return {**second, "rt60_s": None} if second["c50_db"] is not None else first

    def read(
        self, level: np.ndarray, floor: float, hot: np.ndarray | None = None
    ) -> dict[str, Any]:
        """Free decays, decay time and clarity over the noise floor ``floor``; ``hot``: the
        frames whose whole mix is clipped (:func:`clipped`; by default, ``level``'s own)."""
        out: dict[str, Any] = {
            "reverb_offsets": 0, "reverb_endings": 0, "rt60_s": None, "c50_db": None,
            "reverb_fall_db": None,
        }  # fmt: skip
        curves, bottoms, tops = free_decays(level, self.frame_s, floor, hot)
        out["reverb_offsets"], out["reverb_endings"] = len(curves), endings(tops, self.frame_s)
        # too close to the floor, the falls cannot show a clarity of a dry voice: cannot tell
        if len(curves) < MIN_OFFSETS:
            return out
        # the fastest decays: a room slows every one, while a soft syllable after a word's
        # peak (no room at all) slows only some
        curve = percentile(curves, FAST_PERCENTILE, axis=0)
        read = int(round(READ_AT_S / self.frame_s)) - 1
        # within 2 x FLOOR_MARGIN_DB of the floor, noise props the fall up: a lower bound only
        floored = percentile(curves[:, read] - bottoms, FAST_PERCENTILE) < FLOOR_MARGIN_DB
        out.update(
            read_decay(curve, float(median(bottoms)) - FLOOR_MARGIN_DB, self.frame_s, floored)
        )
        return out


_CANNOT_TELL = {"rt60_s": None, "c50_db": None, "reverb_fall_db": None}


def clipped(power: np.ndarray) -> np.ndarray:
    """The frames whose level (mean square ``power`` of the whole mix, smoothed as the level
    is) stands at ``CLIPPED_DB`` or over: a clipped or hard-limited top, read on the whole
    mix (the speech band holds less than the whole of a word's energy)."""
    kernel = np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES
    smooth = np.convolve(np.minimum(np.nan_to_num(power, nan=1.0), 1.0), kernel, mode="same")
    return smooth >= 10.0 ** (CLIPPED_DB / 10.0)


def _db(power: np.ndarray) -> np.ndarray:
    """``10 log10`` of ``power`` (at least 1e-13), in place: the same values as
    ``10.0 * np.log10(np.maximum(power, 1e-13))`` without its two temporary arrays."""
    np.maximum(power, 1e-13, out=power)
    np.log10(power, out=power)
    power *= 10.0
    return power
