"""Turn edge, time and bit-depth measurements into a verdict, a confidence and plain evidence.

Known encoder low-pass ranges (fitted, not points: the edge moves with the encoder version) name
the probable origin. In order: a resampler's marks at a lower standard rate's Nyquist frequency
make it ``upsampled``; a steep edge at 0.94-1.0 of the file's own Nyquist frequency is its own
anti-alias filter (``genuine``), unless a quantiser's empty cells lie under it at a codec's cut-
off (Vorbis q5 at 44.1 kHz cuts at 0.945 of Nyquist; over 24 and under 44.1 kHz such cells read
``inconclusive``, see ``RESAMPLED_BAND_RATE``); a gentle roll-off is ``genuine``; a steep
edge (at least 45 dB/kHz, 20 dB deep) at a codec's cut-off that holds in the frames loud under it,
leaves a quantiser's empty cells, or falls 30 dB or more is ``lossy-origin``; anything else with
a steep edge is ``inconclusive``. The upsampled verdict, and the edge shapes both share
(:func:`is_cliff`, the top band's flicker), are :mod:`audiolint.analysis.upsampled`'s.
"""

from __future__ import annotations

from audiolint.analysis import upsampled
from audiolint.analysis.codec_edges import (
    AMBIGUOUS_SHARE,
    CODEC_EDGES,
    MONO_EDGES,
    OWN_FILTER,
    codec_candidates,
    corner_at_20k,
    fixed_wall,
    origin,
)
from audiolint.analysis.upsampled import AMBIGUOUS_LOW as AMBIGUOUS_LOW  # resampler.py's
from audiolint.analysis.upsampled import CLIFF_DEPTH_DB, SPREAD_DB, is_cliff
from audiolint.analysis.upsampled import CLIFF_STEEP as CLIFF_STEEP  # phrases.py's
from audiolint.text import nyquist_khz

STANDARD_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000)

# At this rate and under, lossy codecs keep the whole band: Vorbis and Opus at 22.05-24 kHz, and
# speech codecs (Opus's SILK, AMR, GSM, G.722, Speex, ADPCM), which leave no transform grid either
FULL_BAND_CODEC_RATE = 24000
# Under this rate (32 kHz, RVC's 40 kHz) a lossy decode brought down from 44.1 or 48 kHz has lost
# its codec's grid, and its encoder's low-pass (15-20.5 kHz at ordinary bitrates) may stand at or
# above the new Nyquist frequency, under the resampler's own filter: MP3, AAC, Opus and Vorbis
# decodes brought to 32 and 40 kHz by sox, soxr and FFmpeg read "genuine" (band_blind). There,
# too, a recording brought down by a steep resampler leaves empty cells under its filter's edge
# (sparse drums; clean speech between digital silences): the codec table above was drawn at 44.1
# and 48 kHz, and holes under an edge at the file's own filter tell nothing over 24 kHz
# (benchmarks/downsampled_decodes.py: genuine drum loops and ALSA's Front_Left at 32 kHz read
# lossy-origin; at 24 kHz and under nothing was measured to change, and nothing does)
RESAMPLED_BAND_RATE = 44100
HELD = 0.5  # share of the frames loud just under the edge in which it holds
CONVERTER_44K = (0.90 * 22050, 22050)  # a 44.1 kHz file's filter, brought to a higher rate
REACH_SHARE = 0.9  # content fading out under this share of Nyquist cannot show a codec's edge
# ...nor, from 44.1 kHz, under the highest codec low-pass (Vorbis q5's 21.4 kHz) where that
# stands higher, up to the file's own filter: LAME 320 kbps cuts at 0.93 of 44.1 kHz's Nyquist
# frequency, and MP3 192k/320k and Opus decodes of a ride cymbal's ambience and a contrabass
# note, their top 10-15 dB over the floor, faded by 19.9-20.0 kHz: "content reaches Nyquist"
CODEC_TOP_HZ = max(hi for *_, hi in CODEC_EDGES + MONO_EDGES)
HOLES = 0.005  # share of empty cells under the edge (genuine material: under 0.0015)
# the fidelity record's codec-grid records, in the order T001 reads them (the first decided one
# names the codec): at the file's rate, then on a resampled decode's lattice, then an upsampled one
GRID_KEYS = ("codec_grid", "mp3_grid", "opus_grid", "mp2_grid", "resampled_grid", "upsampled_grid")
# an edge's measurements, carried into the record when a second edge's verdict replaces the first
MEASURED = ("cutoff_hz", "depth_db", "width_hz", "steepness_db_per_khz", "floor_db", "stop_hz")
MEASURED += ("corner_hz", "held", "flicker_db", "holes", "spread_db")


def judge(edge: dict, timing: dict, stereo: dict, sample_rate: int, channels: int = 2) -> dict:
    """Verdict for a lossless file from its measurements (bit depth is handled by the caller;
    a mono file's probable origin names stereo encodes first, mono ones as the alternative:
    :func:`audiolint.analysis.codec_edges.origin`).

    Returns ``verdict``, ``confidence``, ``evidence`` (list of plain sentences) and, when it
    can be told, ``origin`` and ``upsampled_from``.
    """
    nyq = sample_rate / 2
    hidden = REACH_SHARE * nyq  # content fading out under this cannot show an edge above it
    if sample_rate >= RESAMPLED_BAND_RATE:  # the codec table's rates
        hidden = max(hidden, min(OWN_FILTER * nyq, CODEC_TOP_HZ))
    resampled = edge.get("resampled")
    codec_wall = resampled and upsampled.at_codec_wall(resampled, edge)  # judged below
    # (not where the band past the old rate is an earlier 16-bit stage's floor, as
    # gridverdict.staged asks where nothing else decided: stagefloor)
    floor = resampled and resampled.get("staged")
    past = resampled and not floor and upsampled.content_past(edge, resampled["rate"] / 2)
    if resampled and not codec_wall and not past:
        return upsampled.judge(resampled, edge, timing, sample_rate)  # underwall.judged reads on
    if not edge.get("found"):
        reach = edge.get("reach_hz")
        if reach is not None and reach < hidden:
            return {
                "verdict": "inconclusive",
                "confidence": 0.5,
                "evidence": [
                    f"content fades into the quantisation floor by {reach / 1000:.1f} kHz, under "
                    f"the {nyquist_khz(nyq)} Nyquist frequency: an encoder's or resampler's edge "
                    "above that would not show"
                ],
            }
        said = "content reaches Nyquist"
        if reach is not None and reach < 0.99 * nyq:  # fading a little under it
            said = (
                f"content reaches {reach / 1000:.1f} kHz, {100 * reach / nyq:.0f}% of the "
                f"{nyquist_khz(nyq)} Nyquist frequency, before it fades into the quantisation floor"
            )
        return {"verdict": "genuine", "confidence": 0.9, "evidence": [said]}
    cutoff = edge["cutoff_hz"]
    evidence = [
        f"content stops at {cutoff / 1000:.1f} kHz, {edge['depth_db']:.0f} dB down within "
        f"{edge['width_hz']} Hz"
    ]
    holes = (timing.get("holes") or 0) >= HOLES
    switching = (timing.get("spread_db") or 0) >= SPREAD_DB
    # a mono file may be a downmixed stereo encode: either table's settings can explain it,
    # as its origin says (codec_edges.origin)
    codec = codec_candidates(cutoff) + (codec_candidates(cutoff, 1) if channels == 1 else [])
    if cutoff >= OWN_FILTER * nyq:  # where the file's own anti-alias filter stands
        cells = holes and codec and is_cliff(edge)  # ...unless a codec's quantiser emptied them
        if not cells:
            evidence.append(
                "just under this file's own Nyquist frequency: its own anti-alias filter"
                if sample_rate >= RESAMPLED_BAND_RATE
                else "just under this file's own Nyquist frequency, where its own anti-alias "
                "filter stands"  # band_blind says what else may stand there
            )
            return {"verdict": "genuine", "confidence": 0.8, "evidence": evidence}
        if FULL_BAND_CODEC_RATE < sample_rate < RESAMPLED_BAND_RATE:
            evidence.append(
                f"just under this file's own Nyquist frequency, with {100 * timing['holes']:.1f}% "
                "of the cells under it empty in loud passages: a codec's quantiser leaves them, "
                "and so does a steep resampler bringing sparse sound (drums, clean speech) down "
                f"to {sample_rate / 1000:g} kHz, whose filter stands there too"
            )
            return {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
    if not is_cliff(edge) and not (switching and codec):
        reach = edge.get("reach_hz")
        if reach is not None and reach < hidden:
            # nothing but the samples' floor above: a later edge, or none, would look the same
            evidence.append(
                f"from {reach / 1000:.1f} kHz up only the quantisation floor is left: an "
                "encoder's or resampler's edge above that would not show"
            )
            found = {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
            return _above(edge, sample_rate, channels) or found
        evidence.append("gentle roll-off with a floor above it, as in analog or lo-fi material")
        return _above(edge, sample_rate, channels) or {
            "verdict": "genuine",
            "confidence": 0.7,
            "evidence": evidence,
        }
    held = (timing.get("held") or 0) >= HELD
    side_short = stereo.get("side_cutoff_hz") is not None and (
        stereo["side_cutoff_hz"] < cutoff - 1000
    )
    if held:
        evidence.append("the edge holds in the frames loud just under it")
    if side_short:
        evidence.append("the side channel stops well before the mid (joint-stereo coding)")
    if holes:
        evidence.append(
            f"{100 * timing['holes']:.1f}% of the cells under the edge are empty in loud "
            "passages, as a codec's quantiser leaves them"
        )
    zone = cutoff >= AMBIGUOUS_SHARE * nyq
    fit = (fixed_wall(edge, nyq) or corner_at_20k(edge)) if held and zone else None
    if zone and not (holes or switching or side_short or fit):
        evidence.append(
            f"at {cutoff / nyq:.3f} of the Nyquist frequency a converter's anti-alias filter "
            "stands as well as an encoder's low-pass at a high bitrate, and no empty cells, "
            "flickering top band, joint stereo or encoder's fixed wall tell a codec's apart"
        )
        found = {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
        return _above(edge, sample_rate, channels) or found
    if fit:
        evidence.append(fit)
    # Opus codes nothing above 20 kHz; converters at 48 kHz keep more (at 44.1 kHz that is
    # the zone above, where only a wall that fits counts)
    opus = not zone and 19700 <= edge["corner_hz"] <= 20300 and cutoff <= 20700
    if opus:
        evidence.append("the wall sits at 20 kHz, where Opus always cuts")
    if switching:
        evidence.append(upsampled.switching(timing["spread_db"]))
    extra = int(side_short) + int(holes) + int(opus or bool(fit)) + int(switching)
    # a slope steeper than gentle is a codec's only with a flickering top band and more
    # ...and depth alone does not tell where a 44.1 -> 48 kHz converter's filter stands (0.90-1.0
    # of 22.05 kHz): libsamplerate's fastest and soxr LQ leave a bell a 33 dB wall at 20.5 kHz
    # that holds in 4% of its loud frames (converter_zone.py --to 48000, tune sources)
    converter = sample_rate > 44100 and CONVERTER_44K[0] <= cutoff <= CONVERTER_44K[1]
    more = held or holes or (edge["depth_db"] >= CLIFF_DEPTH_DB and not converter)
    if converter and not more:
        evidence.append(
            f"it sits at {cutoff / 22050:.2f} of 22.05 kHz, where a 44.1 to {nyq / 500:g} kHz "
            "converter's filter stands, and neither holds in the frames loud under it nor "
            "leaves empty cells"
        )
    if not codec or not (more or (switching and is_cliff(edge))):
        found = {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
        return _above(edge, sample_rate, channels) or found
    conf = 0.75 + 0.05 * extra + (0.05 if edge["depth_db"] >= 50 else 0.0)
    out = {"verdict": "lossy-origin", "confidence": round(min(conf, 0.99), 2)}
    out["origin"] = origin(cutoff, channels)
    evidence.append(f"that cut-off is typical of {out['origin']}")
    return {**out, "evidence": evidence}


def _above(edge: dict, sample_rate: int, channels: int = 2) -> dict | None:
    """Lossy-origin from a codec's cliff above the first edge (see
    :func:`audiolint.analysis.edge.upper`), judged on its own, or None.

    The result carries the upper edge's measurements (``cutoff_hz``, ``depth_db``... ``held``,
    ``holes``), which replace the first edge's in the record, and ``rolloff_hz``, where the
    source itself rolled off.
    """
    up = edge.get("upper")
    if not up:
        return None
    found = judge(up, up, {}, sample_rate, channels)
    if found["verdict"] != "lossy-origin":
        return None
    first = (
        f"content rolls off at {edge['cutoff_hz'] / 1000:.1f} kHz; the floor above it ends in "
        "a second, steeper edge"
    )
    measured = {k: up[k] for k in MEASURED if up.get(k) is not None}
    return {
        **found,
        **measured,
        "rolloff_hz": edge["cutoff_hz"],
        "evidence": [first] + found["evidence"],
    }


def robust(found: dict, edge: dict, sample_rate: int, channels: int = 2) -> dict:
    """``found`` (the verdict on the mean spectrum), or lossy-origin when that is genuine or
    inconclusive and the median loud frame's edge (:func:`audiolint.analysis.edge.robust`),
    judged by the same rules, is a codec's. Its measurements replace the first edge's."""
    up = edge.get("robust")
    if not up or found["verdict"] not in ("genuine", "inconclusive"):
        return found
    # a resampler's wall, steady in every loud frame, is not read again as a codec's
    resampled = edge.get("resampled")
    steady = resampled and (resampled.get("spread_db") or 0) < SPREAD_DB
    if steady and not upsampled.at_codec_wall(resampled, edge):
        return found
    again = judge(up, up, {}, sample_rate, channels)
    if again["verdict"] != "lossy-origin":
        return found
    first = "in the median loud frame (no transient fills the band above it):"
    return {
        **again,
        **{k: up[k] for k in MEASURED if up.get(k) is not None},
        "evidence": [first] + again["evidence"],
    }


def band_blind(found: dict, sample_rate: int) -> dict:
    """``found``, or inconclusive where it is genuine under ``RESAMPLED_BAND_RATE``: every
    genuine verdict rests on the band (content to Nyquist, the file's own filter, a gentle
    roll-off), which cannot rule out a lossy origin there. At ``FULL_BAND_CODEC_RATE`` and
    under, lossy codecs keep the whole band (real speech through Opus at 16 and 24 kHz and
    Vorbis q2 and q5 at 22.05 kHz, decoded, read "genuine", 0.8-0.9); above it a decode
    brought down to the rate hides its encoder's low-pass. A grid found still reads lossy."""
    if found["verdict"] != "genuine" or sample_rate >= RESAMPLED_BAND_RATE:
        return found
    if sample_rate <= FULL_BAND_CODEC_RATE:
        caveat = (
            f"at {sample_rate / 1000:g} kHz lossy codecs keep the whole band too (Vorbis, Opus, "
            "and speech codecs such as AMR and GSM, which leave no transform grid to find): the "
            "band alone cannot rule out a lossy origin"
        )
    else:
        caveat = (
            f"at {sample_rate / 1000:g} kHz the band cannot tell a recording from a lossy decode "
            "brought down to this rate: resampling removes the codec's grid, and an encoder's "
            f"low-pass at or above {sample_rate / 2000:g} kHz is hidden under the resampler's own "
            "filter"
        )
    return {**found, "verdict": "inconclusive", "confidence": 0.5,
            "evidence": [*found["evidence"], caveat]}  # fmt: skip
