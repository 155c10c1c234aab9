"""The band under a resampler's wall in a hi-res file, read as the source file's own band.

A "24-bit/96 kHz" file brought up from a 44.1 or 48 kHz decode holds two edges: the resampler's
wall at the old Nyquist frequency ``N`` (the deepest, from the decode's 16-bit floor down to the
file's 24-bit one) and, under it, the encoder's low-pass (LAME at 192 kbps near 19.5 kHz, Vorbis
q5 near 18.6 kHz). The edge measurement finds the first; this module measures the spectrum
under the wall's pass band alone, and its time behaviour, so that the verdict can judge that band
as it would judge the 44.1 or 48 kHz file the resampler was given
(:func:`audiolint.analysis.verdict.judge` at the old rate; :func:`judged`).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis import edge as edges
from audiolint.analysis import upsampled, verdict
from audiolint.analysis.hires import HIRES_SOURCES, codec_under, hires

# the wall's pass band ends this far (a share of N) under where it is half-way down: sox's and
# soxr's filters fall half-way at 0.95-0.985 N and hold their pass band to about 0.93 N
PASS_MARGIN = 0.04
# a decode's floor above its encoder's low-pass: read from this far over the edge's stop, this wide
FLOOR_GAP, FLOOR_SPAN = 250.0, 750.0
DECODE_BITS = 16  # the source's samples under the wall: where its content fades into their floor


def measure(freqs, total, level, spectra: tuple, resampled: dict, depth: tuple) -> dict | None:
    """The edge (:func:`audiolint.analysis.edge.measure`) of the mean spectrum under the pass
    band of the wall ``resampled`` (:func:`audiolint.analysis.resampler.resampled_from`'s
    record), with its ``held``, ``flicker_db``, ``holes``, ``spread_db`` and ``reach_hz`` read
    in that band alone, or None when no edge stands there, or the one found is the wall's own
    fall (it ends where the band is cut). ``spectra``: the band matrix, its bands' lower edges
    and the short-frame matrix with its frequencies (as :func:`audiolint.analysis.edge.holes`
    takes them); ``depth``: the FFT window's power and the channels, for the reach, read against
    16-bit samples' floor (the decode's, most often, whatever the hi-res file holds)."""
    bands, band_lo, short = spectra
    top = (resampled["position"] - PASS_MARGIN) * resampled["rate"] / 2
    keep = freqs <= top
    if np.count_nonzero(keep) < 16:
        return None
    found = edges.measure(freqs[keep], total[keep], level[keep])
    if not found["found"] or found["cutoff_hz"] + found["width_hz"] >= top:
        return None
    cutoff = float(found["cutoff_hz"])
    found.update(edges.held_and_flicker(bands, band_lo, cutoff, top))
    found["holes"] = edges.holes(short[0], short[1], edges.loud_rows(bands), cutoff)
    found["spread_db"] = edges.spread_above(bands, band_lo, cutoff, top)
    power, channels = depth
    found["reach_hz"] = edges.reach(freqs[keep], level[keep], power, DECODE_BITS, channels)
    return found


def judged(found: dict, edge, timing, stereo, sample_rate: int, channels: int) -> dict:
    """``found`` (upsampled on a wall), or lossy-origin with the upsampling beside it, in a
    hi-res file whose wall is a 44.1 or 48 kHz source's (:func:`audiolint.analysis.hires.hires`)
    when the band under the wall's pass band (``under_wall``: :func:`measure`), or else the
    file's own edge with the wall set aside, judged at that rate as the source file would be
    (:func:`audiolint.analysis.verdict.judge`), reads lossy-origin: a decode brought up
    afterwards, an MP3 sold as 24-bit/96 kHz."""
    rate = found.get("upsampled_from") or 0
    if not hires(sample_rate, rate):
        return found
    under = edge.get("under_wall")
    for part, times in ((under, under), (edge, timing)):
        if not part:
            continue
        below = verdict.judge({**part, "resampled": None}, times, stereo, rate, channels)
        marks = {**times, "cutoff_hz": part.get("cutoff_hz")}
        if below["verdict"] == "lossy-origin" and codec_under(marks, rate, True):
            measured = {k: part[k] for k in verdict.MEASURED if part.get(k) is not None}
            evidence = below["evidence"] + found["evidence"]
            return {**measured, **below, "upsampled_from": rate, "evidence": evidence}
    return found


def beside(found: dict, edge: dict, timing: dict, sample_rate: int) -> dict:
    """``found`` with the upsampling beside it when it is lossy-origin in a hi-res file whose
    resampler's wall at a 44.1 or 48 kHz source's Nyquist frequency was set aside as a codec's
    (:func:`audiolint.analysis.upsampled.at_codec_wall`: half-way down near the encoder's
    low-pass, which the wall's fall takes in; no content past it). Measured on FFmpeg's AAC
    only: encoding genuine 88.2 and 96 kHz recordings, it left no wall at 22.05 or 24 kHz
    (``benchmarks/hires_fakes.py``'s notes)."""
    resampled = edge.get("resampled")
    if found.get("verdict") != "lossy-origin" or found.get("upsampled_from") or not resampled:
        return found
    rate = resampled["rate"]
    set_aside = upsampled.at_codec_wall(resampled, edge)
    if not hires(sample_rate, rate) or not set_aside or upsampled.content_past(edge, rate / 2):
        return found
    wall = upsampled.judge(resampled, edge, timing, sample_rate)
    if wall.get("verdict") != "upsampled":
        return found
    evidence = found["evidence"] + wall["evidence"]
    return {**found, "upsampled_from": rate, "evidence": evidence}


def over_floor(find, freqs, level, edge: dict, quant_db: float) -> dict | None:
    """A 44.1 or 48 kHz source's wall in a hi-res file, read over the floor a decode leaves above
    its encoder's low-pass (``edge``, the file's first edge): ``find``
    (:func:`audiolint.analysis.resampler.resampled_from` with the file's other arguments bound)
    on the smoothed ``level`` with everything under that floor set to it, so that the wall's
    fall is measured from the floor down (from the content, its half-way point falls on the
    encoder's cliff, under a resampler's). Kept only at a 44.1 or 48 kHz source's Nyquist
    frequency above the edge, with ``"over_floor": True``; else None."""
    stop = float(edge["stop_hz"])
    above = (freqs >= stop + FLOOR_GAP) & (freqs < stop + FLOOR_GAP + FLOOR_SPAN)
    if np.count_nonzero(above) < 8:
        return None
    flat = level.copy()
    flat[freqs < stop + FLOOR_GAP] = float(np.median(level[above]))
    found = find(freqs, flat, quant_db=quant_db)
    if not found or found["rate"] not in HIRES_SOURCES or found["rate"] / 2 <= stop:
        return None
    return {**found, "over_floor": True}
