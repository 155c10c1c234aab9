"""A transform codec's grid found in the samples, in the verdict and in words.

:mod:`audiolint.analysis.codecgrid` (and MP3's, Opus's and the lattices' searches) measure the
grid; here a found grid turns a genuine or inconclusive verdict into ``lossy-origin``
(:func:`codec_grid`), adds itself to a cliff's lossy-origin verdict (:func:`under_edge`), and is
said in full for the evidence (:func:`grid_phrase`) and in short for a finding
(:func:`grid_summary`). Moved out of :mod:`audiolint.analysis.verdict` (session 40), unchanged.
"""

from __future__ import annotations


def grid_phrase(grid: dict) -> str:
    """A codec grid's measurement (:func:`audiolint.analysis.codecgrid.measure`) in words."""
    where = f"offset {grid['offset']}"
    if grid["step"] < grid["hop"]:
        where += f" (modulo {grid['step']})"
    return (
        f"{100 * grid['zero_share']:.0f}% of the coefficients in loud bands on a "
        f"{grid['hop']}-sample MDCT grid ({grid['window']} window) at {where} are zero up to "
        f"the samples' rounding noise, against "
        f"{100 * grid['off_grid_share']:.1f}% half a step off it ({grid['coefficients']} "
        f"coefficients): the signature of a transform codec such as {grid['codec']}"
    )


def grid_summary(grid: dict) -> str:
    """A found codec grid in short, plain words, as MP3's, Opus's and the lattice's grids are
    said in a finding (the window, offset and count stay in the verdict's evidence)."""
    return (
        f"{100 * grid['zero_share']:.0f}% of the loud frequency coefficients on a "
        f"{grid['hop']}-sample MDCT grid are zero, as a transform codec such as {grid['codec']} "
        f"leaves them (half a step off: {100 * grid['off_grid_share']:.1f}%)"
    )


def codec_grid(found: dict, grid: dict | None, origin: str = "", phrase=grid_phrase) -> dict:
    """``found``, or lossy-origin when it is genuine or inconclusive and a transform codec's
    grid was found in the samples (a measurement that needs no low-pass). Sets the grid
    record's ``decided`` when the verdict rests on it. ``origin`` and ``phrase`` (the record
    in words) serve another grid's record (MP3's: :mod:`audiolint.analysis.mp3grid`)."""
    if not grid or not grid["found"] or found["verdict"] not in ("genuine", "inconclusive"):
        return found
    grid["decided"] = True
    return {
        "verdict": "lossy-origin",
        "confidence": 0.9,
        "origin": origin or f"{grid['codec']} or another codec on that MDCT grid",
        "evidence": [phrase(grid) + _alone(grid)],
    }


def under_edge(found: dict, grid: dict | None, origin: str = "", phrase=grid_phrase) -> dict:
    """``found``, resting on a codec's grid as well where it is lossy-origin on a cliff with
    no codec's empty cells under it (``verdict.HOLES``), the grid found (a pitch shift's or an
    uncommon rate change's resampler leaves such a cliff too). Sets the grid record's
    ``decided`` and ``cliff``; the cliff's origin and evidence stay, the grid's phrase is
    added."""
    if not grid or not grid["found"] or grid.get("decided") or found["verdict"] != "lossy-origin":
        return found
    grid["decided"] = grid["cliff"] = True
    words = phrase(grid) + _alone(grid)
    conf = max(found["confidence"], 0.9)
    return {**found, "confidence": conf, "evidence": [*found["evidence"], words]}


def _alone(grid: dict) -> str:
    """What a grid found in one channel alone (``channel``: :func:`audiolint.analysis.excerpt.
    searched`) adds to its phrase: where it was measured."""
    if grid.get("channel") is None:
        return ""
    return (
        f", measured in channel {grid['channel'] + 1} alone (its floor near the Nyquist frequency"
        " lies 10 dB or more under the other channel's; the channels' mix holds no such grid)"
    )
