"""Opus's 20 kHz wall where only a few dB of content stand above the floor.

Opus codes nothing above 20 kHz. When the decoder writes 16-bit samples with a loud dither
(opus-tools' ``opusdec`` shapes its dither up to about 20 dB over plain 16-bit dither above
17 kHz) or the source has little left up there, the wall is only 2-20 dB deep, under the 20 dB
an edge needs (:mod:`audiolint.analysis.edge`), and a 44.1 kHz file's wall at 20 kHz also
stands where converters' filters stand (:mod:`audiolint.analysis.codec_edges`). What still
tells the codec's wall apart is its shape at its fixed place: the level holds up to 20.0 kHz,
falls within about 100 Hz, and from there to the Nyquist frequency only a flat floor is left.
A converter's filter, a recording's roll-off or a noise-shaped dither slope over hundreds of
Hz or keep sloping above. Measured on the mean power spectrum, bin by bin (no smoothing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audiolint.analysis.codec_edges import origin

if TYPE_CHECKING:  # numpy loads in measure: the rules' wording (phrase, decide) needs none
    import numpy as np

WALL_HZ = 20000.0  # where Opus's last coded band ends, at any bitrate
SHOULDER_HZ = (300.0, 40.0)  # the band under the wall: this far to this near under it
NEAR_HZ = (30.0, 130.0)  # the fall is measured between these distances either side
MIN_DROP_DB = 2.0  # the fall within NEAR_HZ of the wall
MIN_T = 8.0  # the step over the floor, in standard errors of the bins' scatter
FLAT_DB = 0.5  # the floor above the wall stays this flat up to the Nyquist frequency
# the content under the wall falls by at most this share of the wall's own fall in the 200 Hz
# before it (a roll-off or a converter's filter falls as fast there as at 20 kHz)
RAMP_SHARE = 0.5
# Opus codes its last band (15.6-20 kHz at 48 kHz) with one energy a frame spread over the band,
# so in the kHz under its wall the level hardly falls; a recording's roll-off that runs into a
# resampler's brick wall at 20 kHz (40 kHz audio brought up by an FFT) keeps falling there.
# The fall from 900-700 Hz under the wall to 130-30 Hz under it is at most this share of the
# wall's own fall (tune sources through libopus 32-160 kbps, opusdec and FFmpeg: up to 0.64;
# ALSA's Side prompts brought through 40 kHz by scipy: 0.84-3.0)
BAND_SHARE = 0.7
# In a hi-res file the floor's halves lie far above the wall (20-58 and 58-93 kHz at 192 kHz),
# where a filter's skirt just past 20 kHz weighs nothing: so the band just above the wall must be
# flat within FLAT_DB too, half against half, up to 0.9 of 24 kHz, under where a resampler from
# 48 kHz starts its own fall (swresample: 0.92 N). FFmpeg's swresample bringing 44.1 kHz to 192
# kHz (its loudnorm filter's default output) starts its fall at 20.2 kHz and leaves its skirt
# 3-20 dB over the floor up to 25 kHz (session 54: 2 of 40 real-corpus sources through loudnorm
# read "Opus"). Up to 0.97 of 24 kHz, real Opus decodes brought up from 48 kHz lost their wall
# to that resampler's fall (review 54c: 9 of 21, 16-bit)
NEAR_TOP_HZ, HIRES_NYQ = 0.9 * 24000.0, 24000.0
# edge.py's own edge this near the wall has been judged already: a brick-wall resampler from
# 40 kHz audio (RVC's training rate) stands at 20 kHz too and leaves no ramp before it
SEEN_HZ = 1000.0


def measure(freqs: np.ndarray, power: np.ndarray) -> dict | None:
    """A wall at :data:`WALL_HZ` onto a flat floor in the mean power spectrum, or None.

    Returns ``cutoff_hz`` (where the level is half-way down), ``depth_db`` (the band under
    the wall, ``SHOULDER_HZ`` under it, over the floor), ``drop_db`` (the fall across
    ``NEAR_HZ`` of the wall), ``width_hz`` (25 to 75 % of the fall, from a three-bin mean),
    ``steepness_db_per_khz``, ``floor_db`` (-depth), ``flat_db`` (how far the floor's
    halves and its top 3 % differ) and ``ramp_db`` (the fall 330-230 Hz to 130-30 Hz under
    the wall). None when the file's Nyquist frequency leaves under
    1.5 kHz above the wall, or when any condition fails: a fall of ``MIN_DROP_DB`` within
    ``NEAR_HZ``, ``MIN_T`` standard errors, a floor flat within ``FLAT_DB`` (its halves, and
    in a hi-res file the halves of the band up to ``NEAR_TOP_HZ``), and the content
    under the wall falling less than ``RAMP_SHARE`` of that before it and less than
    ``BAND_SHARE`` of it from 900-700 Hz under the wall.
    """
    import numpy as np

    from audiolint.analysis.quantile import median
    from audiolint.analysis.spectrum import to_db

    nyq = float(freqs[-1])
    if len(freqs) < 64 or nyq < WALL_HZ + 1500.0:
        return None
    db = to_db(power)

    def band(lo: float, hi: float) -> np.ndarray:
        return db[(freqs >= WALL_HZ + lo) & (freqs < WALL_HZ + hi)]

    above, top = band(60.0, 0.97 * nyq - WALL_HZ), band(0.97 * nyq - WALL_HZ, nyq)
    shoulder = band(-SHOULDER_HZ[0], -SHOULDER_HZ[1])
    if min(len(above), len(top), len(shoulder)) < 4:
        return None
    floor, level = float(median(above)), float(median(shoulder))
    flat = max(_halves(above), abs(median(top) - floor))
    if nyq > HIRES_NYQ:  # a hi-res file: the band just above the wall too
        flat = max(flat, _halves(band(60.0, NEAR_TOP_HZ - WALL_HZ)))
    under = float(median(band(-NEAR_HZ[1], -NEAR_HZ[0])))
    drop = under - float(median(band(NEAR_HZ[0], NEAR_HZ[1])))
    ramp = float(median(band(-330.0, -230.0))) - under
    slope = float(median(band(-900.0, -700.0))) - under
    depth = level - floor
    se = np.sqrt(np.var(shoulder) / len(shoulder) + np.var(above) / len(above))
    if (
        drop < MIN_DROP_DB
        or depth < MIN_DROP_DB
        or depth < MIN_T * se
        or flat > FLAT_DB
        or ramp > RAMP_SHARE * drop
        or slope > BAND_SHARE * drop
    ):
        return None
    near = (freqs >= WALL_HZ - 300.0) & (freqs <= WALL_HZ + 300.0)
    f, smooth = freqs[near], np.convolve(db[near], np.ones(3) / 3, mode="same")
    inner = slice(1, len(f) - 1)  # the ends' means take in a zero
    f, smooth = f[inner], smooth[inner]
    cut = _last_over(f, smooth, floor + depth / 2)
    knee = _last_over(f, smooth, floor + 3 * depth / 4)
    low = np.flatnonzero((f > cut) & (smooth <= floor + depth / 4))
    stop = float(f[low[0]]) if len(low) else cut
    width = max(float(freqs[1] - freqs[0]), stop - knee)
    return {
        "cutoff_hz": round(cut),
        "depth_db": round(depth, 1),
        "drop_db": round(drop, 1),
        "width_hz": round(width),
        "steepness_db_per_khz": round(depth / 2 / (width / 1000.0), 1),
        "floor_db": round(-depth, 1),
        "flat_db": round(float(flat), 2),
        "ramp_db": round(ramp, 1),
    }


def _halves(db: np.ndarray) -> float:
    """How far the medians of the lower and upper halves of ``db`` differ (dB)."""
    from audiolint.analysis.quantile import median

    half = len(db) // 2
    return abs(float(median(db[:half])) - float(median(db[half:])))


def _last_over(f: np.ndarray, level: np.ndarray, threshold: float) -> float:
    import numpy as np

    idx = np.flatnonzero(level >= threshold)
    return float(f[idx[-1]]) if len(idx) else float(f[0])


def phrase(cutoff_hz: float, depth_db: float, wall: dict) -> str:
    """T001's words for a verdict that rests on the wall (``wall``: the record's
    ``floor_wall``; ``depth_db`` the band under it over the floor)."""
    return (
        f"the level falls {wall['drop_db']:.1f} dB within {2 * NEAR_HZ[1]:.0f} Hz at "
        f"{cutoff_hz / 1000:.2f} kHz, from a band {depth_db:.1f} dB over a floor that stays "
        "flat up to the Nyquist frequency"
    )


def decide(found: dict, wall: dict | None, channels: int = 2, edge: dict | None = None) -> dict:
    """``found`` (a :mod:`audiolint.analysis.verdict` result), or lossy-origin when it is
    genuine or inconclusive and :func:`measure` found the wall (``wall``), whose
    measurements then replace the first edge's in the record; its fall, flatness and ramp go
    to ``floor_wall``, which marks a verdict that rests on it. The wall is for what edge.py
    cannot see: when its edge (``edge``) lies within :data:`SEEN_HZ` of the wall, ``found``
    stands (a resampler's edge there, judged inconclusive, would otherwise read as Opus's)."""
    if not wall or found.get("verdict") not in ("genuine", "inconclusive"):
        return found
    if edge and edge.get("found") and abs(edge["cutoff_hz"] - WALL_HZ) <= SEEN_HZ:
        return found
    evidence = [
        f"the level falls {wall['drop_db']:.1f} dB within {2 * NEAR_HZ[1]:.0f} Hz at "
        f"{wall['cutoff_hz'] / 1000:.2f} kHz, where Opus always cuts, from a band "
        f"{wall['depth_db']:.1f} dB over the floor (it falls {max(wall['ramp_db'], 0):.1f} dB "
        "in the 200 Hz before), and from there to the Nyquist frequency the floor stays flat "
        f"within {wall['flat_db']:.1f} dB: a converter's filter or a recording's roll-off "
        "falls as fast before such a place as at it, or keeps falling above",
    ]
    text = origin(wall["cutoff_hz"], channels)
    evidence.append(f"that cut-off is typical of {text}")
    own = ("drop_db", "flat_db", "ramp_db")
    measured = {k: v for k, v in wall.items() if k not in own}
    return {
        **measured,
        "floor_wall": {k: wall[k] for k in own},
        "verdict": "lossy-origin",
        "confidence": 0.8,
        "origin": text,
        "evidence": evidence,
    }
