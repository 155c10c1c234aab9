"""A second pitch heard in the stereo image, for audiolint.analysis.harmony: where the two channels
of a stereo file carry different sound, each channel and their difference are searched for a
pitch of their own.

The harmony analyser reads the mono mix, the channels' mean, as a training tool mixes them. A
music bed or a second voice panned away from the lead is then just as loud under it as in a mono
file, and as often missed: a voice in one channel and a flute 12 dB under it in the other read
as their mono mix does (csound's flute under cs_mathewsn: 0.08). But in stereo the two are apart:
the left channel, the right one and their difference (the side, ``(L - R) / 2``, where a centred
lead cancels) each carry less of the lead and more of the rest. In each voiced 40 ms frame where
the side holds ``MIN_SIDE_DB`` or more of the mix's power (a mono file copied to two channels, or
a voice recorded by a coincident pair, has next to none), the three are searched for their own
period, as the mix is for the main one (audiolint.analysis.comb); a channel whose pitch is voiced
(``VOICED_R``) and lies away from the main pitch, its octaves and twelfths (harmony's
``NEAR_OCTAVES``, within ``FAR_RATIO``), gives the frame a stereo second pitch (the channel with
the strongest period, where several do), at that channel's level against the mix. A solo voice
panned anywhere, or picked up by two spaced microphones, has the main pitch in every channel
(delayed, it is still the same period); a stereo room's tails differ between the channels, but
hold the pitches sung before, which harmony's echo tests drop, as they drop a ping-pong delay's.

Only two-channel files are read so (more channels: their layout is not known here).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.comb import measured_period
from audiolint.analysis.frames import overlapping
from audiolint.analysis.mixdown import lowpassed_mean

# the side's power against the mix's from which the channels differ. Tune half of
# benchmarks/backing_stereo.py: at -20 dB a harmony panned 0.9/0.3 from a centred voice 12 dB under
# it was found in 22 of 28 mixes (its side 26 dB under the mix), at -30 dB 28; solo voices alike
MIN_SIDE_DB = -30.0


class LeftChannel:
    """The left channel, decimated and low-passed as the harmony analyser does the mix, framed
    in step with it: with the mix ``M``, the right channel is ``2M - L`` and the side ``L - M``
    (the filter is linear)."""

    def __init__(self, sos: np.ndarray):
        self.sos = sos
        self.zi = np.zeros((1, len(sos), 2))
        self.rest = np.zeros(0)

    def update(self, whole: np.ndarray, tiny: np.ndarray) -> np.ndarray:
        """The left channel's decimated, low-passed samples from ``whole`` (rows of ``step``
        interleaved stereo frames, as harmony's), with harmony's ``tiny`` signal added, appended
        to what is not yet framed."""
        low = lowpassed_mean(whole[:, 0::2], self.sos, self.zi, tiny)
        return np.concatenate([self.rest, low[0]])

    def take(self, data: np.ndarray, count: int, length: int, hop: int) -> np.ndarray:
        """``count`` frames of ``data`` (as harmony frames the mix), keeping the rest."""
        frames = overlapping(data, count, length, hop) if count > 0 else np.zeros((0, length))
        self.rest = data[max(count, 0) * hop :]
        return frames


def stereo_pitch(
    mix: np.ndarray,
    left: np.ndarray,
    power: np.ndarray,
    pitch: np.ndarray,
    search: tuple[int, int, float],
    voiced_r: float,
    near_octaves,
    far_ratio: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(stereo second pitch Hz, 1.0 where none; its channel's level against the mix, dB) of
    each row of ``mix`` (the mix's frames, mean removed, the main ``pitch`` searched in them;
    NaN ``pitch`` where not searched) and ``left`` (the left channel's same frames); ``search``:
    the shortest and longest lag searched, and the frames' rate."""
    lo, hi, rate = search
    n = len(mix)
    out, level = np.ones(n), np.zeros(n)
    left = left - left.mean(axis=1, keepdims=True)
    side = left - mix
    side_power = (side * side).mean(axis=1)
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero(
            np.isfinite(pitch) & (side_power >= power * 10.0 ** (MIN_SIDE_DB / 10.0))
        )
    if not len(rows):
        return out, level
    parts = [left[rows], 2.0 * mix[rows] - left[rows], side[rows]]  # left, right, side
    peak, lag, edge, _ = measured_period(np.concatenate(parts), lo, hi)
    k = len(rows)
    peak, own = peak.reshape(3, k), (rate / lag).reshape(3, k)
    octaves = np.abs(np.log2(own / pitch[rows][None, :]))
    apart = (octaves >= near_octaves[0]) & (np.abs(octaves - 1.0) >= near_octaves[1])
    apart &= (np.abs(octaves - np.log2(3.0)) >= near_octaves[2]) & (octaves <= np.log2(far_ratio))
    ok = (peak >= voiced_r) & ~edge.reshape(3, k) & apart
    best = np.where(ok, peak, -np.inf).argmax(axis=0)
    found = ok.any(axis=0)
    cols = np.arange(k)
    out[rows[found]] = own[best, cols][found]
    channel_power = np.stack([(p * p).mean(axis=1) for p in parts])[best, cols]
    with np.errstate(divide="ignore"):
        db = 10.0 * np.log10(np.maximum(channel_power, 1e-12) / np.maximum(power[rows], 1e-12))
    level[rows[found]] = db[found]
    return out, level
