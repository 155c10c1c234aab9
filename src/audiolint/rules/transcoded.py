"""Transcoded: a lossless file whose content was decoded from a lossy one (MP3, AAC, Opus...).

The spectrum shows the encoder's low-pass: a cliff of tens of dB, held through every loud
passage, at a frequency typical of a codec and bitrate; near 20-21 kHz, where recordings' own
filters sit too, a second kind of evidence such as the empty cells a codec's quantiser leaves
under the edge. With no low-pass to see (content that ends below it, encoders that keep the full
band), a transform codec's MDCT grid in the samples (AAC's, Vorbis's, Opus's, AC-3's), MP3's
granule grid (its hybrid filterbank taken again) or MP2's subband grid: on it, many coefficients
of loud bands are exactly zero, as the quantiser left them (or, for MP3 where the zeros are too
few, share their neighbours' magnitudes: the quantiser's levels). Saving lossy audio as FLAC or
WAV does not bring back what the encoder threw away; find the real lossless source. A cut at
Opus's 20 kHz with no codec's grid is also what RNNoise's noise suppression (OBS, call apps)
leaves, with no codec: the message names it beside the codecs (benchmarks/processed.py). So
does a cliff with no codec's grid under it, empty cells or not: a pitch shift's resampler
leaves one anywhere, and over sparse sound empty cells under it too.
The codecs' grids are searched under such a cliff, and one found names the codec beside the
cliff (4 in 10 real MP3 decodes leave too few empty cells under their low-pass). A 48 kHz file
made from a 44.1 kHz decode (``ffmpeg -ar 48000``, SoX, soxr) has lost its grid; brought back to
the 44.1 kHz lattice, the grid returns, and the message says the decode was resampled (so does
a 44.1 kHz file made from a 48 kHz decode, on the 48 kHz lattice, and a 16-40 kHz file made
from either). A decode at 16-32 kHz, then upsampled, is found on its own rate's lattice.
A decode whose content stops under error_reach_below_hz (16 kHz: ``reach_hz``, else the cliff)
holds no more than a file under 32 kHz, which Q003 calls an error, as T002 does a file upsampled
from such a rate: the finding is then an error and says what is left (in a file stored at 32
kHz or more; one under it is Q003's error already).
"""

from __future__ import annotations

import functools

from audiolint.analysis.codec_edges import LIKE_OPUS
from audiolint.analysis.codec_edges import origin as settings_at
from audiolint.analysis.gridwords import grid_summary
from audiolint.analysis.phrases import edge_phrase
from audiolint.analysis.verdict import GRID_KEYS, HOLES, STANDARD_RATES
from audiolint.rules.base import FileContext, Problem
from audiolint.text import GRID_NAMES

# A cliff with no codec's mark under it (no grid, under HOLES empty cells) is also where a
# resampler's filter cuts a pitch shift's band: sox's pitch -200 puts it at 0.89 of the Nyquist
# frequency, 19.1-19.6 kHz at 44.1 kHz, read "typical of MP3 around 192 kbps" on 30 of 83 real
# recordings (benchmarks/processed.py); its depth, width, hold and flicker fall within real
# decodes', so the message names it beside the codecs, once the grids were searched and none
# was found (fidelity: ``alone``); so does an EQ's steep low-pass (review 40: FIR low-passes at
# 17-20.1 kHz of genuine speech read lossy-origin in 23 of 32 files). Empty cells under it are no
# codec's mark on their own: a steep filter over sparse sound leaves them too
FILTERED = (
    "a resampler's filter leaves such a cliff too (a pitch shift, or a rate change by an "
    "uncommon ratio), as does a steep low-pass filter (an EQ's or a mastering tool's)"
)
RESAMPLED = f"no codec's empty cells or frame grid were found under it, and {FILTERED}"

# a cliff's measurements in the finding's data (beside a grid's, when one was found under it)
CLIFF = ("cutoff_hz", "depth_db", "width_hz", "holes")

ID = "T001"
NAME = "transcoded"
TERM = "Transcoding"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "fidelity"
ANALYSERS = ("fidelity",)
DEFAULT = {"min_confidence": 0.7, "error_reach_below_hz": 16000}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the fidelity verdict is lossy-origin with enough confidence."""
    fid = ctx.fidelity or {}
    if fid.get("verdict") != "lossy-origin" or fid["confidence"] < options["min_confidence"]:
        return
    grids = [fid.get(k) for k in GRID_KEYS]
    which, grid = next(((i, g) for i, g in enumerate(grids) if g and g.get("decided")), (0, None))
    if grid:  # the verdict rests on a codec's grid, not on a low-pass
        # imported here, not at the top: mp3grid needs only numpy, but builds its filterbank's
        # window at import (4-7 ms, python -X importtime, loaded machine), which a run that
        # reads only headers (--quick) need not pay for
        from audiolint.analysis import mp2grid, mp3grid, opusgrid, regrid, upgrid

        # MP3's, Opus's and MP2's in short (their detail is in the record's evidence)
        resampled = functools.partial(regrid.summary, rate=ctx.props.sample_rate)
        short = (mp3grid.summary, opusgrid.summary, mp2grid.summary, resampled, upgrid.summary)
        words = (grid_summary, *short)[which](grid)
        if grid.get("channel") is not None:  # excerpt.searched: the mix held no grid
            words += f", in channel {grid['channel'] + 1} alone (the channels' mix holds none)"
        # a resampler's edge the grid overruled (a decode resampled down and up again) is
        # the last sentence of the evidence: the band above it is empty all the same
        evidence = fid.get("evidence") or []
        if fid.get("image_corr") is not None:
            # images read beside the grid end it (resampler_codec.from_images: the mirror and
            # its control points, two sentences), and T002 says them: review 49a, T001 quoted
            # the control points alone ("read about control points 1.5-3% off 16 kHz...")
            evidence = evidence[:-2]
        # (a grid under a cliff ends the evidence itself: the cliff is said below instead)
        resampled = fid.get("resampler_position") is not None and len(evidence) > 1
        resampled = resampled and not grid.get("cliff")
        # ...nor a wall under the rate whose lattice held the grid (upgrid, the next rate up):
        # the codec's own low-pass then (upgrid.decide drops the wall's old rate; no T002)
        lattice = grid.get("lattice_rate") if which == GRID_KEYS.index("upsampled_grid") else None
        resampled = resampled and lattice in (None, fid.get("upsampled_from"))
        edge = f"; {evidence[-1]}" if resampled else ""
        # the grid found under a codec's cliff (gridwords.under_edge): the cliff in words too
        if grid.get("cliff"):
            typical = settings_at(fid["cutoff_hz"], ctx.props.channels or 2, grid["codec"])
            edge += f"; {edge_phrase(fid)}" + (f", typical of {typical}" if typical else "")
        cliff = CLIFF if grid.get("cliff") else ()
        severity, left = _graded(fid, options, ctx.props.sample_rate)
        yield Problem(
            f"decoded from lossy audio, most likely {GRID_NAMES.get(grid['codec'], grid['codec'])}"
            f": {words}{edge}{left}; "
            "converting lossy to lossless does not restore quality",
            severity=severity,
            data={"origin": fid.get("origin"), "confidence": fid["confidence"]}
            | {k: grid[k] for k in ("codec", "hop", "offset", "zero_share", "off_grid_share")}
            # MP3's grid found on its quantiser's levels: their offset and shares beside the
            # zeros' (added keys; "offset" keeps meaning the zeros' offset)
            | (
                {k: grid[k] for k in ("level_offset", "level_share", "off_grid_level_share")}
                if which == 1 and mp3grid.by_levels(grid)
                else {}
            )
            | {k: fid[k] for k in cliff if fid.get(k) is not None}
            # the lattice the grid was found on (resampled_grid), beside its hop and offset
            | ({"lattice_rate": grid["lattice_rate"]} if grid.get("lattice_rate") else {}),
        )
        return
    origin = fid.get("origin")
    typical = f": typical of {origin}" if origin else ": a lossy encoder's low-pass"
    if origin and "Opus" in origin:  # Opus's 20 kHz cut, with no codec's grid found
        typical += f", {LIKE_OPUS}"
    if (fid.get("holes") or 0) >= HOLES:
        # empty cells under a cliff with no codec's grid: a steep filter over sparse sound
        # leaves them too (review 41: sox pitch -200, speed 0.95, sinc -18k and a 17 kHz FIR
        # wall over game sounds, 0.5-9.4 %; a drum loop 8-14 %), so the cliff keeps its hedge
        # (the grids are not searched under such a cliff: gridverdict.decide's cost gate)
        typical += (
            f"; {100 * fid['holes']:.1f}% of the cells under it are empty, as codecs leave "
            f"them and as a steep filter over sparse sound does too; {FILTERED}"
        )
    else:  # the cliff alone: a resampler by an uncommon ratio leaves one too
        typical += f"; {RESAMPLED}"
    severity, left = _graded(fid, options, ctx.props.sample_rate)
    yield Problem(
        f"{edge_phrase(fid)}{typical}{left}; converting lossy to lossless does not restore quality",
        severity=severity,
        data={k: fid.get(k) for k in CLIFF + ("origin", "confidence") if fid.get(k) is not None},
    )


def _graded(fid: dict, options: dict, rate: int | None) -> tuple[str | None, str]:
    """An error, and the words saying why, where the decode's content stops under
    ``error_reach_below_hz`` (16 kHz): no more than a file under 32 kHz holds (the words name
    the lowest standard rate whose band holds it), which Q003 calls
    an error, as T002 does a file upsampled from such a rate (review 45b: a 16 kHz MP3-derived
    reading upsampled by SoX to 44.1 kHz kept its MP3 grid, so T002 gave way to a T001 warning,
    while the same audio at 48 kHz was a T002 error). ``reach_hz`` where measured, else the
    cliff's ``cutoff_hz``; neither: the rule's default severity. A file stored under twice
    that rate is Q003's error already, and stays a warning here."""
    reach, limit = fid.get("reach_hz") or fid.get("cutoff_hz"), options["error_reach_below_hz"]
    if not reach or reach >= limit or (rate or 0) < 2 * limit:
        return None, ""
    # the lowest standard rate whose band holds that reach (review 58c: LibriVox's 16 kHz lines,
    # from a 22.05 kHz MP3, brought to 40 kHz, read "no more than audio under 32 kHz holds")
    low = min(r for r in (*STANDARD_RATES, 2 * limit) if r / 2 >= reach)
    return (
        "error",
        f"; nothing above {reach / 1000:.1f} kHz is left, no more than {low / 1000:g} kHz audio "
        "holds",
    )
