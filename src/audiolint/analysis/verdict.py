"""Turn edge, time and bit-depth measurements into a verdict, a confidence and plain evidence.

Known encoder low-pass ranges (fitted, not points: the edge moves with the encoder version)
name the probable origin. A ``lossy-origin`` verdict needs two independent kinds of evidence:
a codec-like edge (a deep cliff, held in the loud frames, at a codec's cut-off) below 19.5 kHz
counts as two; in the 19.5-21.5 kHz zone where many recordings' own filters sit, the top band
must also flicker from frame to frame, leave empty cells in the band under the edge (a
quantiser's holes), or the side channel stop well before the mid.
"""

from __future__ import annotations

STANDARD_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000)

# (family, label, lowest, highest) cut-off in Hz where that encoder setting puts its edge,
# measured at 44.1/48 kHz with LAME 3.100, FFmpeg's AAC, libvorbis 1.3 and libopus 1.4.
CODEC_EDGES = (
    ("MP3", "MP3 around 96 kbps", 14700, 15600),
    ("MP3", "MP3 around 112-128 kbps (or VBR V5)", 15600, 17050),
    ("AAC", "AAC around 128 kbps", 17050, 17500),
    ("MP3", "MP3 around 160 kbps (or VBR V4)", 17300, 18000),
    ("Vorbis", "Vorbis around q3 (112 kbps)", 17500, 18400),
    ("MP3", "MP3 around 192 kbps (or VBR V2)", 18400, 19100),
    ("Vorbis", "Vorbis around q4 (128 kbps)", 18600, 19200),
    ("AAC", "AAC around 160-192 kbps", 19100, 19600),
    ("MP3", "MP3 around 224-256 kbps", 19200, 19900),
    ("Opus", "Opus (any bitrate; it never codes above 20 kHz)", 19700, 20300),
    ("MP3", "MP3 around 320 kbps", 19900, 20700),
    ("Vorbis", "Vorbis around q5 (160 kbps)", 20000, 21400),  # 21.1-21.4 kHz at 48 kHz
)
AMBIGUOUS_LOW, AMBIGUOUS_HIGH = 19500.0, 21500.0
CLIFF_DEPTH_DB, CLIFF_STEEP = 30.0, 25.0
BRICK_WALL = 90.0  # dB/kHz: steeper than converter filters, as only codec low-passes are
FLICKER_DB = 4.0
REACH_SHARE = 0.9  # content fading out under this share of Nyquist cannot show a codec's edge
HOLES = 0.005  # share of empty cells under the edge (genuine material: under 0.0015)


def codec_candidates(cutoff_hz: float) -> list[str]:
    """Labels of the encoder settings whose low-pass range holds ``cutoff_hz``."""
    return [label for _, label, lo, hi in CODEC_EDGES if lo - 150 <= cutoff_hz <= hi + 150]


def is_cliff(edge: dict) -> bool:
    """A codec- or resampler-like edge: deep and steep."""
    return bool(
        edge.get("found")
        and edge["depth_db"] >= CLIFF_DEPTH_DB
        and edge["steepness_db_per_khz"] >= CLIFF_STEEP
    )


def judge(edge: dict, timing: dict, stereo: dict, sample_rate: int) -> dict:
    """Verdict for a lossless file from its measurements (bit depth is handled by the caller).

    Returns ``verdict``, ``confidence``, ``evidence`` (list of plain sentences) and, when it
    can be told, ``origin`` and ``upsampled_from``.
    """
    nyq = sample_rate / 2
    resampled = edge.get("resampled")
    if resampled:
        return _resampled(resampled, edge, timing, sample_rate)
    if not edge.get("found"):
        reach = edge.get("reach_hz")
        if reach is not None and reach < REACH_SHARE * nyq:
            return {
                "verdict": "inconclusive",
                "confidence": 0.5,
                "evidence": [
                    f"content fades into the quantisation floor by {reach / 1000:.1f} kHz, under "
                    f"the {nyq / 1000:g} kHz Nyquist frequency: an encoder's or resampler's edge "
                    "above that would not show"
                ],
            }
        return {"verdict": "genuine", "confidence": 0.9, "evidence": ["content reaches Nyquist"]}
    cutoff = edge["cutoff_hz"]
    evidence = [
        f"content stops at {cutoff / 1000:.1f} kHz, {edge['depth_db']:.0f} dB down within "
        f"{edge['width_hz']} Hz"
    ]
    held = (timing.get("held") or 0) >= 0.8
    flicker = (timing.get("flicker_db") or 0) >= FLICKER_DB
    side_short = stereo.get("side_cutoff_hz") is not None and (
        stereo["side_cutoff_hz"] < cutoff - 1000
    )
    if not is_cliff(edge):
        evidence.append("gentle roll-off with a floor above it, as in analog or lo-fi material")
        return {"verdict": "genuine", "confidence": 0.7, "evidence": evidence}
    if held:
        evidence.append("the edge holds in every loud passage")
    if flicker:
        evidence.append("the band under the edge flickers from frame to frame, as codecs do")
    if side_short:
        evidence.append("the side channel stops well before the mid (joint-stereo coding)")
    holes = (timing.get("holes") or 0) >= HOLES
    if holes:
        evidence.append(
            f"{100 * timing['holes']:.1f}% of the cells under the edge are empty in loud "
            "passages, as a codec's quantiser leaves them"
        )
    # a wall this steep above 20.7 kHz may be a good resampler's (SoX keeps 95 % of Nyquist)
    brick = edge["steepness_db_per_khz"] >= BRICK_WALL and cutoff <= 20700
    if brick:
        evidence.append(
            f"the edge is a brick wall ({edge['steepness_db_per_khz']:.0f} dB/kHz), "
            "steeper than converter filters"
        )
    # Opus codes nothing above 20 kHz and always decodes at 48 kHz; converters at 48 kHz
    # keep their pass band to 0.45 x 48 kHz = 21.6 kHz or beyond
    opus = sample_rate == 48000 and 19700 <= edge["corner_hz"] <= 20300 and cutoff <= 20700
    if opus:
        evidence.append("a 20 kHz wall in a 48 kHz file is Opus's fixed band limit")
    codec = codec_candidates(cutoff)
    if cutoff >= 0.97 * nyq:
        return {"verdict": "genuine", "confidence": 0.8, "evidence": evidence}
    extra = int(flicker) + int(side_short) + int(brick) + int(opus) + int(holes)
    if cutoff < AMBIGUOUS_LOW and held and (codec or extra):
        conf = 0.8 + 0.05 * extra + (0.05 if edge["depth_db"] >= 50 else 0.0)
    elif cutoff <= AMBIGUOUS_HIGH and held and codec and extra:
        conf = 0.7 + 0.1 * extra
    else:
        return {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
    out = {"verdict": "lossy-origin", "confidence": round(min(conf, 0.99), 2)}
    if codec:
        out["origin"] = " or ".join(codec[:2])
        evidence.append(f"that cut-off is typical of {out['origin']}")
    return {**out, "evidence": evidence}


def _resampled(resampled: dict, edge: dict, timing: dict, sample_rate: int) -> dict:
    """Upsampled, or inconclusive when a codec's marks sit under the same edge."""
    rate, old = resampled["rate"], resampled["rate"] / 2
    evidence = [
        f"the level is half-way down at {resampled['position'] * old / 1000:.1f} kHz and "
        f"{resampled['drop_db']:.0f} dB down at {old / 1000:g} kHz, the Nyquist frequency of "
        f"{rate / 1000:g} kHz audio, as a resampler's filter leaves it"
    ]
    holes = timing.get("holes") or 0
    if holes >= HOLES:  # a codec whose low-pass happens to sit there (LAME 64 kbps at 16 kHz)
        evidence.append(
            f"but {100 * holes:.1f}% of the cells under it are empty, as a codec leaves them"
        )
        return {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
    return {
        "verdict": "upsampled",
        "confidence": 0.9,
        "evidence": evidence,
        "upsampled_from": rate,
        "origin": f"{rate / 1000:g} kHz audio resampled to {sample_rate / 1000:g} kHz",
    }


def edge_phrase(fid: dict) -> str:
    """The edge in plain words: "content stops at 16.8 kHz with a 67 dB cliff"."""
    cut = fid.get("cutoff_hz") or 0
    text = f"content stops at {cut / 1000:.1f} kHz"
    if fid.get("depth_db") is not None:
        kind = "cliff" if (fid.get("steepness_db_per_khz") or 0) >= CLIFF_STEEP else "slope"
        text += f" with a {fid['depth_db']:.0f} dB {kind} ({fid.get('width_hz', 0)} Hz wide)"
    return text
