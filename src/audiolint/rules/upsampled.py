"""Upsampled: the file came from a lower sample rate; its top band is empty or copies the one under.

A resampler's filter marks the Nyquist frequency N of a standard lower rate (8 to 96 kHz),
whatever its steepness: the level is half-way down from the pass band at 0.94-0.985 N and at
the floor at N itself, where a recording's own roll-off still carries content (see
audiolint.analysis.resampler.resampled_from). The higher rate adds size, not detail; a model trained
on it learns that the voice has no high frequencies. An interpolator without an anti-imaging
filter (linear interpolation, sample hold, a short polynomial) leaves no empty band but the
band under N mirrored above it, fine structure and all (audiolint.analysis.imaging), or, where
a mirror and a fold overlap (44.1 -> 48 kHz), the band's copies found by their phase
(audiolint.analysis.imagefit); a gently
falling filter (SciPy's resample_poly, FFmpeg's filter_size=8) lets that mirror through just
past N, up to 1.1 N. A codec's
decode brought down to a lower rate and up again keeps the codec's grid, so its verdict is
lossy-origin (T001); the upsampling is reported beside it only when it stands apart from the
codec's marks: an interpolator's images. A resampler's edge beside a codec's grid (AAC's,
MP3's, MP2's subband grid) is not reported: every such codec's own low-pass can stand there
(audiolint.analysis.resampler_codec.edge_or_grid); a 44.1 kHz decode found on its lattice in
a 48 kHz file (audiolint.analysis.regrid) keeps a wall at 8 kHz or lower beside it, named both
ways: a round trip through 16 kHz or under, or that encode's own low-pass (FFmpeg's AAC at 24
kbps a channel cuts at 7.6-7.7 kHz). A decode resampled afterwards has lost
that grid but keeps the encoder's low-pass, and at 16 and 12 kHz (32 and 24 kHz audio's Nyquist
frequencies) common encoders cut where resamplers do: there a wall's finding names both causes
(audiolint.analysis.upsampled.ENCODER_LOWPASS). At 22.05 kHz in a 48 kHz file a wall whose
fall is already under way at 0.93 N, where a resampler's filter still holds its pass band, is
named both ways too: an upsampling from 44.1 kHz, or a low-pass filter, a pitch shift or a
slow-down of a 48 kHz recording, which fall so (review 42; audiolint.analysis.upsampled.
early_fall); under 19.5 kHz, a wall that has fallen half its drop by 0.93 N is named beside a
steep low-pass filter of a recording at the file's rate (SoX's `sinc`: review 47b); and a
slope that goes on falling past N is no resampler's wall at all
(audiolint.analysis.resampler.FALL_PAST). Images name the resampler, and at a rate the
file's is a doubling of (2 to 16 times it) a wavelet denoiser beside it: it halves the band again
and again, and where it removes what lies above a split, the aliasing left there is the images a
2x interpolator leaves (FFmpeg's afwtdn, benchmarks/processed.py). A hi-res
file (88.2 kHz and up) brought up from 44.1 or 48 kHz is read under the wall as that source
would be: an encoder's low-pass well under its Nyquist frequency (an MP3 sold as 24-bit/96 kHz)
makes the verdict lossy-origin (T001), the upsampling reported beside it. From an old rate
under ``error_below`` (32 kHz, Q003's error floor) the finding is an error, as a file stored at
that rate is: it holds no more.
"""

from __future__ import annotations

from audiolint.analysis.upsampled import (
    AMBIGUOUS_LOW,
    DITHERED,
    ENCODER_LOWPASS,
    STAGED,
    UNCLIPPED,
    doubled,
    early_fall,
    wall_fall,
)
from audiolint.analysis.verdict import GRID_KEYS
from audiolint.rules.base import FileContext, Problem
from audiolint.text import image_level, nyquist_khz

ID = "T002"
NAME = "upsampled"
TERM = "Upsampling"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "fidelity"
ANALYSERS = ("fidelity",)
# an old rate under this (Q003's error floor, 32 kHz) leaves no more than a file Q003 calls an
# error holds: an error here too (review 40: a set of 8 kHz phone memos saved at 44.1 kHz read
# "nearly ready" beside an honest 16 kHz file's error)
DEFAULT = {"error_below": 32000}


# the other cause of images at a doubling of the rate (audiolint.analysis.upsampled.doubled)
SPLITTERS = (
    "or aliasing left by a process that splits the band in halves and removes what lies above "
    "a split (a wavelet denoiser such as FFmpeg's afwtdn)"
)


def check(ctx: FileContext, options: dict):
    """Yield a problem when the fidelity verdict is upsampled, or a lossy-origin verdict
    carries an upsampling found apart from the codec's marks (``upsampled_from``)."""
    fid = ctx.fidelity or {}
    if not fid.get("upsampled_from"):
        return
    low, rate = fid["upsampled_from"], ctx.props.sample_rate
    position, drop = fid.get("resampler_position"), fid.get("resampler_drop_db")
    nyquist = f"{nyquist_khz(low / 2)}, the Nyquist frequency of {low / 1000:g} kHz audio"
    # the level of the mean spectrum: content, or only the source's hiss when that ended lower
    seen = f"the level falls to the floor at {nyquist}"
    cause = ""  # what leaves the images, where they decided (said unless a doubling: below)
    corr, images = fid.get("image_corr"), fid.get("image_db")
    if corr is not None and images is not None:
        folded = ""
        if fid.get("image_folded"):  # the mirror alone read under 0.65: say what was read
            folded = (
                f", with the images folded back from above {nyquist_khz(rate / 2)} read alongside"
            )
        # read just past N only (imaging.NEAR: a gentle filter's images), not the band above
        band = f"the band {'just past' if fid.get('image_near') else 'above'} {nyquist},"
        seen = (
            f"{band} mirrors the band under it{folded} (fine-structure "
            f"correlation {corr:.2f}; images {image_level(images)})"
        )
        # FFmpeg's default resampler has a filter, whose leaky skirt lets images through
        # (review 41: white noise through `ffmpeg -ar 48000` stood 17-23 dB down past 22.6 kHz)
        cause = (
            ", as a resampler's images stand where its anti-imaging filter, weak or missing, "
            "does not stop them"
        )
    elif fid.get("image_fit") is not None:  # the copies fitted by their phase (imagefit)
        seen = (
            f"the band above {nyquist}, is the band under it copied, mirrored and folded back, "
            f"phase for phase (the copies explain {fid['image_fit']:.0%} of its power; moved "
            f"off their place as a control, {fid.get('image_control_fit') or 0:.0%} at most)"
        )
        cause = ", as an interpolator without an anti-imaging filter leaves it"
    elif position and drop:
        where = "in the loudest passages " if fid.get("resampler_loud") else ""
        if any(e.startswith(UNCLIPPED) for e in fid.get("evidence") or ()):
            where = UNCLIPPED  # the wall read without the clipped frames (fidelity)
        if fid.get("resampler_dithered"):
            where = DITHERED  # under a shaped dither's floor (analysis.dithered)
        if any(e.startswith(STAGED) for e in fid.get("evidence") or ()):
            where = STAGED  # over an earlier 16-bit stage's floor (analysis.stagefloor)
        of = f"the Nyquist frequency of {low / 1000:g} kHz audio"
        seen = f"{where}{wall_fall(position, low / 2, drop)}, {of}"
    new = f"{(rate or 0) / 1000:g} kHz"
    said = f"upsampled from {low / 1000:g} kHz to {new}; the extra samples add no detail"
    lowpass = ENCODER_LOWPASS.get(low)
    imaged = (corr is not None and images is not None) or fid.get("image_fit") is not None
    if imaged and doubled(low, rate or 0):  # images where a filter bank splits the band too
        said = f"upsampled from {low / 1000:g} kHz to {new}, {SPLITTERS}; that band adds no detail"
    elif imaged:
        seen += cause
    codec = _codec_beside(fid, low)
    if lowpass and not imaged:  # a wall, where encoders cut too
        said = (
            f"upsampled from {low / 1000:g} kHz to {new}, or the low-pass of a lossy encode "
            f"({lowpass}); either way nothing above {nyquist_khz(low / 2)} is left"
        )
    elif codec and not imaged:  # a wall beside a codec's grid (regrid.beside)
        said = (
            f"upsampled from {low / 1000:g} kHz to {new}, or the low-pass of the {codec} "
            f"encode found beside it (at low bitrates encoders cut this low too); either way "
            f"nothing above {nyquist_khz(low / 2)} is left"
        )
    elif early_fall(low, drop, sag := fid.get("resampler_sag_db"), imaged):
        # a pitch shift or a slow-down falls so only near the top of the band (review 42)
        other = "a low-pass filter, a pitch shift or a slow-down"
        other = other if low / 2 >= AMBIGUOUS_LOW else "a steep low-pass filter"
        said = (
            f"upsampled from {low / 1000:g} kHz to {new}, or {other} of a {new} recording "
            f"(the level is already {sag:.0f} dB down at {0.93 * low / 2000:.1f} kHz, where a "
            f"resampler's filter still holds the pass band); either way nothing above "
            f"{nyquist_khz(low / 2)} is left"
        )
    yield Problem(
        f"{seen}: {said}",
        severity="error" if low < options["error_below"] else None,
        data={
            "upsampled_from": low,
            "cutoff_hz": fid.get("cutoff_hz"),
            "resampler_position": position,
            "resampler_drop_db": drop,
            "image_corr": corr,
            "image_db": images,
            "image_control_corr": fid.get("image_control_corr"),
            "image_folded": fid.get("image_folded"),
            "image_near": fid.get("image_near"),
            "image_fit": fid.get("image_fit"),
            "image_control_fit": fid.get("image_control_fit"),
        },
    )


def _codec_beside(fid: dict, low: int) -> str | None:
    """The codec whose grid decided a lossy-origin verdict that keeps an upsampling beside it,
    unless the grid itself shows the old rate (a decode found on the 44.1 kHz lattice was at
    44.1 kHz): a wall at the old rate's Nyquist frequency may then be that encode's own
    low-pass (FFmpeg's AAC at 24 kbps a channel, 48 kbps stereo or 24 mono, cuts at 7.6-7.7
    kHz, where 16 kHz audio ends, and at 32 kbps stereo at 4.9-5.1 kHz, under 11.025 kHz
    audio's 5.5)."""
    if fid.get("verdict") != "lossy-origin":
        return None
    grid = next((g for k in GRID_KEYS if (g := fid.get(k) or {}).get("decided")), None)
    if not grid or grid.get("lattice_rate") == low:
        return None
    return grid.get("codec")
