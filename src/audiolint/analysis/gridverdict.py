"""A lossless file's verdict: its edge's, then each codec grid's (moved out of fidelity.py).

:func:`decide` judges the edge (:mod:`~audiolint.analysis.verdict`, under- and beside-wall
walls, Opus's shallow wall), then reads the codec grids where the verdict leaves room: the
MDCT grids of AAC, Vorbis and AC-3 (:mod:`~audiolint.analysis.codecgrid`), Opus's
(:mod:`~audiolint.analysis.opusgrid`), MP3's and MP2's, a decode's grid on another rate's
lattice (:mod:`~audiolint.analysis.regrid`, :mod:`~audiolint.analysis.upgrid`), and the
images an upsampler leaves (:mod:`~audiolint.analysis.imagefit`, :mod:`~audiolint.analysis.
celtskirt`). Since the move the grid searches also count only under a deep wall
(:func:`audiolint.analysis.zerocount.counted_under`).
"""

from __future__ import annotations

from functools import partial

from audiolint.analysis import (
    celtskirt,
    codecgrid,
    excerpt,
    floorwall,
    gridwords,
    imagefit,
    mp2grid,
    mp3grid,
    opusgrid,
    regrid,
    underwall,
    upgrid,
    verdict,
    zerocount,
)
from audiolint.analysis.resampler_codec import (
    edge_or_grid,
    from_images,
    on_edge_alone,
    resampler_or_codec,
)
from audiolint.text import GRID_NAMES


def _by_grid(found: dict, grid: dict | None, codec: str, phrase, key: str) -> dict:
    """``found`` judged again with one codec's grid record (a resampler's edge, then the verdict
    itself), the grid records measured before it carried over and this one stored as ``key``."""
    found = edge_or_grid(found, grid, codec, phrase)
    kept = {k: v for k, v in found.items() if k.endswith("_grid")}
    judged = gridwords.codec_grid(found, grid, codec, phrase)
    judged = gridwords.under_edge(judged, grid, codec, phrase)
    return {**kept, **judged, key: grid}


def decide(fa, edge, timing, stereo, padded, images) -> dict:
    """The verdict on a lossless file (``fa``: its :class:`~audiolint.analysis.fidelity.
    FidelityAnalyser`, whose spectrum, excerpts and bit depth it reads) from its ``edge``, the
    edge's ``timing`` through the file, the ``stereo`` side's edge, whether its bits are
    ``padded`` and its ``images``: the edge's verdict, then each codec grid's."""
    n = fa.spec.channels  # a mono encode cuts higher at the same bitrate
    found = verdict.robust(verdict.judge(edge, timing, stereo, fa.sr, n), edge, fa.sr, n)
    found = underwall.judged(found, edge, timing, stereo, fa.sr, n)  # hi-res: under a wall
    found = underwall.beside(found, edge, timing, fa.sr)  # ...or beside a codec's
    found = floorwall.decide(found, edge.get("floor_wall"), n, edge)  # Opus's shallow wall
    measured = {**timing, **{k: edge.get(k) for k in ("cutoff_hz", "width_hz")}}
    # The codec grid is read only by a genuine, inconclusive or upsampled verdict, and by a
    # lossy-origin one that a resampler's edge would turn inconclusive (a grid found keeps
    # it): any other lossy-origin verdict stands whatever the grid holds, so its search
    # (25-70 ms a file) is skipped and the record is null
    stands = found["verdict"] == "lossy-origin" and (
        resampler_or_codec(found, measured, fa.sr) is found
    )
    # ...but a cliff with no codec's empty cells under it is a resampler's too (a pitch
    # shift): the grids are searched (T001 says what they found), 4 in 10 real MP3 decodes
    alone = stands and (found.get("holes", timing.get("holes")) or 0) < verdict.HOLES
    # the rounding noise of the samples' effective depth (float samples: 24-bit's)
    bits = fa.bits.result() or 24
    top = zerocount.counted_under(edge)  # a resampler's stop band over a deep wall
    grid = (
        None
        if stands and not alone
        else excerpt.searched(codecgrid.measure, fa.grid, fa.sr, bits, None, top)
    )
    found = {**gridwords.under_edge(gridwords.codec_grid(found, grid), grid), "codec_grid": grid}
    found = edge_or_grid(found, grid)
    found = resampler_or_codec(found, measured, fa.sr)
    found = from_images(found, images, fa.sr, measured)
    # where the images' fine structure told nothing (a mirror and a fold at one level, as
    # from 44.1 to 48 kHz), their phase may: the band fitted by its copies (3-5 ms)
    if images is None and found["verdict"] in ("genuine", "inconclusive"):
        fitted = imagefit.measure(fa.grid.spans(), fa.sr, bits)
        found = from_images(found, fitted, fa.sr, measured)
    # an edge at 20 kHz that a converter's filter could have left: Opus's frame grid in the
    # band just above it tells (5-10 ms of CPU on the loud spans)
    if found["verdict"] in ("genuine", "inconclusive") and celtskirt.at_wall(found, edge):
        found = celtskirt.decide(found, celtskirt.measure(fa.grid.spans(), fa.sr))
    # Opus's grid where libopus's pre-skip puts it (a decode at 8-44.1 kHz brought to 48 kHz)
    # an upsampled verdict too, on images as on an edge: a decode of an upsampled source
    # (the codec the last process) keeps the images and the codec's grid
    alone = alone and not (grid or {}).get("found")  # still on the cliff alone
    unsure = found["verdict"] in ("genuine", "inconclusive", "upsampled") or alone
    if fa.sr in opusgrid.RATES and unsure:
        opus = excerpt.searched(opusgrid.measure, fa.grid, fa.sr, bits, wide=True)
        found = _by_grid(found, opus, "Opus", opusgrid.phrase, "opus_grid")
    # MP3's grid: searched only then (and it decides a resampler's edge, as AAC's does)
    alone = alone and not (found.get("opus_grid") or {}).get("found")
    if found["verdict"] in ("genuine", "inconclusive", "upsampled") or alone:
        # its levels too where the verdict is upsampled (mp3grid.measure: a decode of an
        # upsampled source leaves few zeros), or inconclusive on an edge under 3/4 of Nyquist
        # (a steep upsampler's wall with no codec's mark: resampler_codec.STEEP_SPAN, kept by
        # LAME at 256-320 kbps); genuine files pay for the zeros alone
        levels = found["verdict"] == "upsampled" or (
            found["verdict"] == "inconclusive"
            and edge["found"]
            and edge["cutoff_hz"] <= mp3grid.LIMITED * fa.sr / 2
        )
        # each span searched alone too where the search finds nothing and the file is band
        # limited (levels) or already read as lossy on its cliff alone (mp3grid._each_span: a
        # slice cut anywhere; genuine files do not pay for it)
        args = (fa.sr, bits, levels, mp3grid.STARTS, top, levels or alone)
        mp3 = excerpt.searched(mp3grid.measure, fa.grid, *args)
        found = _by_grid(found, mp3, "MP3", mp3grid.phrase, "mp3_grid")
    # MP2's subband grid, where a resampler's edge alone decided: FFmpeg's MP2 at 96-192 kbps
    # stops at a subband edge that can stand where a resampler's wall does (~13 ms CPU); and
    # where nothing decided: at 128-384 kbps its bit allocation leaves the bands over 11-15
    # kHz empty, a wall under every codec-table row (review 44a: 7 of 8 decodes "no problems")
    mirrored = mp2grid.at_subband_edge(found, fa.sr) and not on_edge_alone(found)
    if on_edge_alone(found) or found["verdict"] == "inconclusive" or alone or mirrored:
        mp2 = mp2grid.measure(fa.grid.spans(), bits)
        images = []  # the images read, kept in the evidence beside the grid that explains them
        if mirrored and (mp2 or {}).get("found"):
            found = mp2grid.unmirrored(found, fa.sr)
            images = found["evidence"]
        found = _by_grid(found, mp2, GRID_NAMES["MP2"], mp2grid.phrase, "mp2_grid")
        found["evidence"] = found["evidence"] + [e for e in images if e not in found["evidence"]]
    # a 44.1 kHz decode resampled to 48 kHz, a 48 kHz one to 44.1, either brought down to
    # 16-40 kHz: its grid on the decode's lattice (regrid)
    alone = alone and not (found.get("mp3_grid") or {}).get("found")
    spans = fa.long  # 48, 40 kHz; at 44.1 and 32 the codec grid's spans hold enough
    if spans is None and fa.sr in regrid.LATTICES:
        spans = fa.grid
    if spans is not None and (
        found["verdict"] in ("genuine", "inconclusive", "upsampled") or alone
    ):
        again = regrid.measure(spans.spans(), bits, fa.sr, top)
        origin = regrid.origin(again, fa.sr)
        words = partial(regrid.phrase, rate=fa.sr)
        found = regrid.beside(_by_grid(found, again, origin, words, "resampled_grid"), found)
    # a lossy file decoded at a lower rate and upsampled (the old rate an upsampled verdict
    # names and the next, or those whose Nyquist frequency stands over an unexplained
    # cliff): its grid on that rate's lattice (upgrid); where none holds one, the record
    # kept is the first rate's (the one the verdict names)
    before = found
    for old in upgrid.candidates(found, fa.sr, edge) if fa.up is not None else ():
        again = upgrid.measure(fa.up.spans(), bits, fa.sr, old)
        tried = upgrid.decide(before, again, fa.sr)
        if tried["verdict"] == "lossy-origin" or found is before:
            found = tried
        if found["verdict"] == "lossy-origin":
            break
    found = staged(found, edge, timing, stereo, fa.sr, n)
    found = verdict.band_blind(found, fa.sr)
    found = short_search(found, fa.frames / fa.sr)
    if padded and found["verdict"] in ("genuine", "inconclusive"):
        bits, stated = fa.bits.result(), fa.props.bit_depth
        found["evidence"].append(f"only {bits} of {stated} bits are used")
        found.update(verdict="padded-bits", confidence=1.0)
    return found


def staged(found: dict, edge: dict, timing: dict, stereo: dict, sr: int, channels: int) -> dict:
    """``found`` as it stands, or, where it is inconclusive and the band past the resampler's
    candidate is an earlier 16-bit stage's floor (:mod:`audiolint.analysis.stagefloor`), the
    candidate judged with that band not counted as content past its old rate, as a 16-bit
    file's is not (an upsampled verdict; its grid records kept). Only there:
    judged first, the stage floor outranked a Vorbis q0 decode's cliff (T001) and a 22.05 kHz
    source's images past its Nyquist frequency (review 56d)."""
    res = edge.get("resampled")
    if found["verdict"] != "inconclusive" or not (res and res.get("stage_floor")):
        return found
    again = {**edge, "resampled": {**res, "staged": True}}
    judged = verdict.judge(again, timing, stereo, sr, channels)
    if judged["verdict"] != "upsampled":
        return found
    return {**found, **judged, **{k: v for k, v in found.items() if k.endswith("_grid")}}


# A short file's grid search reads few frames: in 3-6 s slices of mono FFmpeg-AAC decodes (which
# keep the whole band) the grid stood 0.4-4.3 standard errors up where the whole decodes' stood
# 88-398, and 20 of 36 read "genuine (0.9): content reaches Nyquist" (review 41a); 1.3-4.3 s
# decodes 7 of 140. Under SHORT_S a genuine verdict is inconclusive, with less confidence and the
# reason (review 45b: 0.86-1.5 s AAC decodes read "genuine (0.6)")
SHORT_S, SHORT_CONFIDENCE = 10.0, 0.6


def short_search(found: dict, seconds: float) -> dict:
    """``found`` as it stands, or, for a genuine verdict on a file under ``SHORT_S``,
    inconclusive, its confidence at most ``SHORT_CONFIDENCE`` and the search's limit in the
    evidence."""
    if found.get("verdict") != "genuine" or seconds >= SHORT_S:
        return found
    note = (
        f"no codec's frame grid was found, though in {seconds:.1f} s of audio a faint one can "
        "go unseen (slices of FFmpeg's AAC decodes, which keep the whole band, read so)"
    )
    confidence = min(found.get("confidence") or SHORT_CONFIDENCE, SHORT_CONFIDENCE)
    return {**found, "verdict": "inconclusive", "confidence": confidence,
            "evidence": [*found.get("evidence", ()), note]}  # fmt: skip
