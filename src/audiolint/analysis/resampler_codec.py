"""Where a resampler's marks meet a codec's: which one the verdict rests on.

:mod:`audiolint.analysis.resampler` finds a resampler's wall at a lower standard rate's Nyquist
frequency ``N``; a codec's low-pass can stand there too, and a codec's grid in the samples
(:mod:`~audiolint.analysis.codecgrid`, :mod:`~audiolint.analysis.mp3grid`,
:mod:`~audiolint.analysis.mp2grid`) or an interpolator's images
(:mod:`~audiolint.analysis.imaging`) say which. :func:`edge_or_grid` lets a grid decide over an
edge, :func:`resampler_or_codec` makes a lossy-origin verdict on an edge alone inconclusive
where a resampler's filter stands, and :func:`from_images` reports an interpolator's images.
"""

from __future__ import annotations

from audiolint.analysis import gridwords
from audiolint.analysis.hires import codec_under, hires
from audiolint.analysis.imaging import NEAR
from audiolint.analysis.upsampled import CODEC_WALL_HZ, doubled
from audiolint.analysis.verdict import HOLES, SPREAD_DB, STANDARD_RATES
from audiolint.text import image_level, nyquist_khz

# a steep edge at this share of a lower standard rate's Nyquist frequency may be a resampler's...
RESAMPLER_SPAN = (0.90, 1.0)
# ...unless it is a codec's narrow wall (upsampled.CODEC_WALL_HZ, 25-75 % width)
# ...or, however narrow, a steep resampler's wall where it falls half-way: SoX `rate -v -s` and
# SciPy's FFT resample over a source whose level goes on up to N put theirs at 0.990-1.002 N
# within 43-141 Hz (upsampled_encodes.py --down swr, tune; session 14 H1: 0.985-1.012 N), and
# 32 -> 44.1/48 kHz copies read "MP3 around 112-128 kbps". LAME's narrow walls there (96 kbps
# and V4 at 48 kHz, 15.98-16.41 kHz, real corpus) show a codec's marks: empty cells (0.008-0.011)
# or a flickering band above (spread 20 dB); libopus at 16-24 kbps of a source with its own wall
# at 15.3 kHz stops at 0.981-0.983 N, under this span (tests/rules/test_transcoded_opus_low.py)
STEEP_SPAN = (0.985, 1.015)
# marks an upsampled verdict that rests on images read just past N alone (imaging's near read):
# an underscore key, so the pipeline keeps it out of the report
NEAR_IMAGES = "_near_images"


def resampler_or_codec(found: dict, measured: dict, sample_rate: int) -> dict:
    """``found`` (a :mod:`audiolint.analysis.verdict` result), or inconclusive when it is
    lossy-origin on an edge alone that a resampler leaves as well.

    That edge sits at ``RESAMPLER_SPAN`` of a lower standard rate's Nyquist frequency (8 to
    24 kHz) and shows no codec's sign: the band above it steady (spread measured, under
    ``SPREAD_DB``), no more empty cells under it than genuine material leaves (under
    ``HOLES``), and a fall wider than a codec's wall (``CODEC_WALL_HZ``), or one as narrow at
    ``STEEP_SPAN`` of N, where a steep resampler's falls half-way. ``measured`` holds
    the first edge's ``cutoff_hz``, ``width_hz``, ``spread_db`` and ``holes``; a second or
    median edge's, carried in ``found``, replace them. A codec's grid that decided the verdict
    is not undone, nor one found beside the edge.
    """
    if found.get("verdict") != "lossy-origin" or (found.get("codec_grid") or {}).get("found"):
        return found
    measured = found if "cutoff_hz" in found else measured
    cutoff, width = measured.get("cutoff_hz"), measured.get("width_hz")
    spread, holes = measured.get("spread_db"), measured.get("holes") or 0
    if None in (cutoff, width, spread) or spread >= SPREAD_DB or holes >= HOLES:
        return found
    olds = [r / 2 for r in STANDARD_RATES if 8000 <= r / 2 <= 24000 and r < sample_rate]
    wide = width >= CODEC_WALL_HZ
    span = RESAMPLER_SPAN if wide else STEEP_SPAN
    old = next((n for n in olds if span[0] * n <= cutoff <= span[1] * n), 0)
    if not old:
        return found
    fall = (
        f"it falls over {width} Hz, wider than a codec's wall"
        if wide
        else f"it falls within {width} Hz, as a steep resampler's filter does there"
    )
    evidence = list(found["evidence"])
    evidence[-1] = (
        f"that cut-off fits {found.get('origin')}, but it sits at {cutoff / old:.2f} of "
        f"{nyquist_khz(old)}, the Nyquist frequency of {2 * old / 1000:g} kHz audio, where a "
        f"resampler's filter stands too; {fall}, "
        f"the band above it is steady (spread {spread:.0f} dB) and {100 * holes:.2f}% of the "
        "cells under it are empty: no codec's sign tells the two apart"
    )
    out = {k: v for k, v in found.items() if k != "origin"}
    return {**out, "verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}


def from_images(
    found: dict, images: dict | None, sample_rate: int, measured: dict | None = None
) -> dict:
    """``found``, or upsampled when a crude interpolator's images were found
    (:func:`audiolint.analysis.imaging.measure`) and nothing stronger decided the verdict.

    A resampler's edge (``found`` already upsampled) marks the last conversion and is kept;
    so is a verdict a codec's grid decided, with the images reported beside it
    (``upsampled_from`` and the image fields, the evidence appended): a decode brought down
    and interpolated up again keeps its grid, and no codec leaves the band under a standard
    rate's Nyquist frequency mirrored above it. Images read just past N only (``near``) keep
    any lossy-origin verdict so: a codec after the resampler leaves them, and its decode is
    the last process (review 1 M1: cross-check decodes of sources that held such images).
    In a hi-res file a lossy-origin verdict stays too when its edge (``measured``: the first
    edge's ``cutoff_hz``, ``holes`` and ``spread_db``; a second or median edge's, carried in
    ``found``, replace them) is an encoder's under a 44.1 or 48 kHz source's Nyquist frequency
    (:func:`_under`).
    """
    if not images or found.get("verdict") == "upsampled":
        return found
    if "fit" in images:  # copies found by their phase (imagefit)
        return _fitted(found, images, sample_rate)
    rate, old = images["rate"], images["rate"] / 2
    folded = (
        f", with the images that fold back from above {nyquist_khz(sample_rate / 2)} read alongside"
        if images.get("folded")
        else ""
    )
    # read up to imaging.NEAR N only: what was measured there, not what stopped the images
    near = images.get("near")
    nyquist = f"{nyquist_khz(old)}, the Nyquist frequency of {rate / 1000:g} kHz audio"
    reach = f"from {nyquist_khz(old)} (the Nyquist frequency of {rate / 1000:g} kHz audio) up to"
    where = f"{reach} {nyquist_khz(NEAR * old)}" if near else f"above {nyquist},"
    made = (
        "a resampler's images of the band under it, which no recording leaves"
        if near
        else "the images an upsampler leaves where its anti-imaging filter is weak or missing "
        "(linear interpolation, sample hold, a leaky filter's skirt)"
    )
    wavelet = doubled(rate, sample_rate)  # a wavelet denoiser's aliasing leaves them too
    if wavelet:
        made = (
            "a resampler's images of the band under it" if near else "an upsampler's images"
        ) + ", or a wavelet denoiser's aliasing where it removed what lay above its split"
    evidence = [
        f"the band {where} mirrors the band under it bin for bin (fine-structure correlation "
        f"{images['corr']:.2f} over {images['cells']} cells of the loudest passages{folded}; "
        f"the images stand {image_level(images['image_db'])}): {made}",
        f"read about control points 1.5-3% off {rate / 1000:g} kHz, none a standard rate, the "
        f"correlation is {images['control_corr']:.2f} at most: a periodic sound's fine "
        "structure mirrors about many points, an image's about the old rate's alone",
    ]
    fields = {
        "upsampled_from": rate,
        "image_corr": images["corr"],
        "image_db": images["image_db"],
        "image_control_corr": images["control_corr"],
        "image_folded": bool(images.get("folded")),
        "image_near": bool(near),
    }
    lossy = found.get("verdict") == "lossy-origin"
    if (found.get("codec_grid") or {}).get("decided") or (
        lossy and (near or _under(found, measured, images, sample_rate))
    ):
        return {**found, **fields, "evidence": found["evidence"] + evidence}
    out = {k: v for k, v in found.items() if k not in ("origin", "evidence")}
    # a codec's grid searched after this (Opus, MP3, MP2) still decides over near images alone
    marker = {NEAR_IMAGES: True} if near else {}
    return {
        **out,
        **marker,
        "verdict": "upsampled",
        "confidence": 0.85,
        "evidence": evidence,
        "origin": f"{rate / 1000:g} kHz audio {'resampled' if near else 'interpolated'} to "
        f"{sample_rate / 1000:g} kHz" + (", or a wavelet denoiser's aliasing" if wavelet else ""),
        **fields,
    }


def _fitted(found: dict, images: dict, sample_rate: int) -> dict:
    """``found`` (genuine or inconclusive: :mod:`audiolint.analysis.imagefit` is read only
    then) made upsampled on the copies :func:`audiolint.analysis.imagefit.measure` found."""
    rate = images["rate"]
    nyquist = f"{nyquist_khz(rate / 2)}, the Nyquist frequency of {rate / 1000:g} kHz audio"
    wavelet = doubled(rate, sample_rate)  # a wavelet denoiser's aliasing leaves them too
    evidence = [
        f"the band above {nyquist}, is the band under it copied, mirrored and folded back, "
        f"phase for phase: the copies explain {images['fit']:.0%} of its power over "
        f"{images['cells']} cells of the loudest passages, as an interpolator without an "
        "anti-imaging filter (linear, cubic, sample hold) leaves it"
        + (", or a wavelet denoiser where it removed what lay above its split" if wavelet else ""),
        f"copies moved {_khz(images['control_hz'])} kHz off explain "
        f"{images['control_fit']:.0%} at most: a recording's own band above there is no copy of "
        "the band under it",
    ]
    out = {k: v for k, v in found.items() if k not in ("origin", "evidence")}
    return {
        **out,
        "verdict": "upsampled",
        "confidence": 0.85,
        "evidence": evidence,
        "origin": f"{rate / 1000:g} kHz audio interpolated to {sample_rate / 1000:g} kHz"
        + (", or a wavelet denoiser's aliasing" if wavelet else ""),
        "upsampled_from": rate,
        "image_fit": images["fit"],
        "image_control_fit": images["control_fit"],
        "image_cells": images["cells"],
    }


def _khz(span) -> str:
    """``[lo, hi]`` Hz as "0.5-1" (kHz)."""
    return "-".join(f"{hz / 1000:g}" for hz in span)


def _under(found: dict, measured: dict | None, images: dict, sample_rate: int) -> bool:
    """Whether the images name a 44.1 or 48 kHz source in a hi-res file and the lossy-origin
    verdict's edge (``found``'s own, or ``measured``) is an encoder's under that source's
    Nyquist frequency (:func:`audiolint.analysis.hires.codec_under`): a decode brought up
    afterwards (FFmpeg's swresample doubling a decode leaves its images 110 dB down, over a
    24-bit file's floor: ``benchmarks/hires_fakes.py``). In a 44.1 or 48 kHz file the images
    keep deciding: a crude interpolator over a source's own roll-off."""
    rate = images["rate"]
    edge = found if "cutoff_hz" in found else (measured or {})
    return hires(sample_rate, rate) and "cutoff_hz" in edge and codec_under(edge, rate)


def on_edge_alone(found: dict) -> bool:
    """Whether ``found`` is upsampled on a resampler's edge alone (no interpolator's images),
    or on images read just past N alone (``NEAR_IMAGES``): a codec's grid may still decide."""
    if found.get("verdict") != "upsampled":
        return False
    return found.get("image_corr") is None or bool(found.get(NEAR_IMAGES))


def edge_or_grid(found: dict, grid: dict | None, origin: str = "", phrase=None) -> dict:
    """``found``, or lossy-origin when it is upsampled and a codec's grid
    (:func:`audiolint.analysis.codecgrid.measure`, or MP3's with ``origin`` and ``phrase`` as
    :func:`audiolint.analysis.gridwords.codec_grid` takes them) was found. Upsampled on images
    (near N or full), the decode is the last process and the images stay beside it; on a
    resampler's edge alone, the grid decides alone (below).

    The grid holds at this rate only if a codec's decoder wrote these samples (a resampler
    after it would have moved them off the grid, but for a round trip that keeps the band
    under ``N`` sample for sample); a codec's low-pass may stand where a resampler's filter
    does, and every MP3 encoder's can (LAME kept at the source's rate through FFmpeg cuts at
    11.3 kHz at 48 kbps, half-way at 0.94 of 12 kHz), so the grid decides, the edge stays in
    the evidence, and no upsampling is reported beside it: a decode brought down and up again
    reads the same, and the edge alone cannot tell the two apart.
    """
    if found.get("verdict") != "upsampled":
        return found
    judged = gridwords.codec_grid(
        {**found, "verdict": "inconclusive"}, grid, origin, phrase or gridwords.grid_phrase
    )
    if judged.get("verdict") != "lossy-origin":
        return found
    if found.get(NEAR_IMAGES) or not on_edge_alone(found):
        # images (near N or full): the decode is the last process; they stay beside it
        kept = {k: v for k, v in found.items() if k not in ("origin", NEAR_IMAGES)}
        return {**kept, **judged, "evidence": judged["evidence"] + found["evidence"]}
    note = f"{found['evidence'][0]}; a codec's low-pass can stand there as well"
    kept = {k: v for k, v in found.items() if k not in ("upsampled_from", "origin")}
    return {**kept, **judged, "evidence": judged["evidence"] + [note]}
