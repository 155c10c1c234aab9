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
from audiolint.analysis.verdict import HIRES_FROM, HIRES_RATE, HIRES_UNDER

# the wall's pass band ends this far (a share of N) under where it is half-way down: sox's and
# soxr's filters fall half-way at 0.95-0.985 N and hold their pass band to about 0.93 N
PASS_MARGIN = 0.04


def measure(freqs, total, level, bands, band_lo, short, resampled: dict) -> dict | None:
    """The edge (:func:`audiolint.analysis.edge.measure`) of the mean spectrum under the pass
    band of the wall ``resampled`` (:func:`audiolint.analysis.resampler.resampled_from`'s
    record) with its ``held``, ``flicker_db``, ``holes`` and ``spread_db`` read against the old
    Nyquist frequency, or None when no edge stands there. ``short`` is the short-frame matrix
    and its frequencies, as :func:`audiolint.analysis.edge.holes` takes them."""
    old = resampled["rate"] / 2
    top = (resampled["position"] - PASS_MARGIN) * old
    keep = freqs <= top
    if np.count_nonzero(keep) < 16:
        return None
    found = edges.measure(freqs[keep], total[keep], level[keep])
    if not found["found"]:
        return None
    cutoff = float(found["cutoff_hz"])
    found.update(edges.held_and_flicker(bands, band_lo, cutoff, old))
    found["holes"] = edges.holes(short[0], short[1], edges.loud_rows(bands), cutoff)
    found["spread_db"] = edges.spread_above(bands, band_lo, cutoff, old)
    return found


def judged(found: dict, edge, timing, stereo, sample_rate: int, channels: int) -> dict:
    """``found`` (upsampled on a wall), or lossy-origin with the upsampling beside it, in a
    hi-res file (``HIRES_RATE`` and up) whose wall is a 44.1 or 48 kHz source's: when the band
    under the wall's pass band, judged at that rate as the source would be, reads lossy-origin,
    or the file's own edge with the wall set aside does, its cut-off under ``HIRES_UNDER`` of N
    (a decode brought up afterwards: an MP3 sold as 24-bit/96 kHz), each judged by
    :func:`audiolint.analysis.verdict.judge`."""
    rate = found.get("upsampled_from") or 0
    if sample_rate < HIRES_RATE or rate < HIRES_FROM:
        return found
    for below, under in _below(edge, timing, stereo, (sample_rate, channels, rate)):
        cutoff = below.get("cutoff_hz") or edge["cutoff_hz"]
        if below["verdict"] == "lossy-origin" and (under or cutoff < HIRES_UNDER * rate / 2):
            evidence = below["evidence"] + found["evidence"]
            return {**below, "upsampled_from": rate, "evidence": evidence}
    return found


def _below(edge: dict, timing, stereo, rates: tuple):
    """The verdicts :func:`judged` weighs: the band under the wall's pass band judged at the old
    rate (``under_wall``: :func:`measure`, its measurements carried), then the file's own edge
    with the wall set aside. ``rates``: the file's rate, its channels and the old rate."""
    sample_rate, channels, rate = rates
    under = edge.get("under_wall")
    if under:
        below = verdict.judge({**under, "resampled": None}, under, stereo, rate, channels)
        yield {**{k: under[k] for k in verdict.MEASURED if under.get(k) is not None}, **below}, True
    yield verdict.judge({**edge, "resampled": None}, timing, stereo, sample_rate, channels), False


def beside(found: dict, edge: dict, timing: dict, sample_rate: int) -> dict:
    """``found`` with the upsampling beside it when it is lossy-origin in a hi-res file (
    ``HIRES_RATE`` and up) whose resampler's wall at a 44.1 or 48 kHz source's Nyquist frequency
    was set aside as a codec's (:func:`audiolint.analysis.upsampled.at_codec_wall`: half-way
    down near the encoder's low-pass, which the wall's fall takes in); no codec of that rate
    leaves a wall at the Nyquist frequency of a file at 88.2 kHz and up (FFmpeg's AAC encoding
    at 88.2 and 96 kHz: none read, ``benchmarks/hires_fakes.py``'s notes)."""
    resampled = edge.get("resampled")
    if found.get("verdict") != "lossy-origin" or found.get("upsampled_from") or not resampled:
        return found
    if sample_rate < HIRES_RATE or resampled["rate"] < HIRES_FROM:
        return found
    wall = upsampled.judge(resampled, edge, timing, sample_rate)
    if wall.get("verdict") != "upsampled":
        return found
    evidence = found["evidence"] + wall["evidence"]
    return {**found, "upsampled_from": resampled["rate"], "evidence": evidence}
