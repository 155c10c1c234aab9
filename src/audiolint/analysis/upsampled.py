"""The upsampled verdict: a resampler's marks at a lower standard rate's Nyquist frequency.

:func:`judge` turns the resampler's measurements (:func:`audiolint.analysis.resampler.
resampled_from`) into ``upsampled``, or ``inconclusive`` when a codec's marks (empty cells, but
at the ``ENCODER_LOWPASS`` rates, whose message names an encoder's low-pass too; a top band that
comes and goes) sit under the same edge; :func:`content_past` rules a candidate
rate out when content stands well past its Nyquist frequency. The edge shape both verdicts
share lives here too: :func:`is_cliff` (a codec's low-pass and a resampler's wall are both
cliffs) and the top band's flicker (``SPREAD_DB``, :func:`switching`). The lossy-origin verdict,
which calls this first, is :mod:`audiolint.analysis.verdict`.
"""

from __future__ import annotations

from audiolint.analysis import floorwall
from audiolint.analysis.codec_edges import codec_candidates
from audiolint.text import nyquist_khz

# A codec's low-pass falls tens of dB per kHz; analog and lo-fi roll-offs about 15-35. Real
# material often has little left near the cut-off, so a 20 dB fall is enough to measure.
CLIFF_MIN_DEPTH_DB, CLIFF_STEEP = 20.0, 45.0
CLIFF_DEPTH_DB = 30.0  # deep enough to stand without the edge being held...
DEEP_CLIFF_STEEP = 25.0  # ...and, that deep, steep enough to be a cliff
AMBIGUOUS_LOW = 19500.0  # from here up codecs' cut-offs and converters' filters mix
RESAMPLER_HELD = 0.8  # a resampler's wall there holds in this share of those frames
RESAMPLER_RISE_DB = 6.0  # ...or the band past N rises at most this much (walls.rise_past)
RESAMPLER_HOLES = 0.01  # empty cells that make a resampler's edge a codec's after all
# where a wall read without the clipped frames says so (fidelity; the T002 message too)
UNCLIPPED = "in the frames that hold no clipped samples "
# past this share of a resampler's old Nyquist frequency only the floor is left (a gentle
# filter's images end by then: resampler.resampled_from's stop band starts there)
PAST_OLD = 1.25
# Old rates whose Nyquist frequency is also where common lossy encoders put their low-pass. A
# decode resampled afterwards (``audiolint fix`` to 40 kHz, 44.1 -> 48 kHz) has lost the codec's
# grid but keeps that low-pass, and no measure tells the two walls apart (benchmarks/
# lowpass_or_upsample.py, tune: the walls of LAME CBR 64-128 / V4-V6, FFmpeg's AAC 64-128k and
# Vorbis q0-q2 decodes half-way at 0.948-1.001 of 16 kHz, 32 kHz upsamples' at 0.945-0.976; AAC
# 64k's at 0.98 of 12 kHz, 24 kHz upsamples' at 0.957-0.976), so T002 names both causes there
ENCODER_LOWPASS = {
    32000: "MP3 around 96-128 kbps, low-bitrate AAC and Vorbis cut at 15-16 kHz too",
    24000: "AAC around 64 kbps cuts at about 11.8 kHz too",
}
# the band above an edge comes and goes from frame to frame by this much (robust std, dB) in a
# codec's top band; a resampler's wall and a recording's roll-off: under 7 (real corpus, tune)
SPREAD_DB = 10.0
# A wall half-way down under 0.94 N (walls.POSITION: a cheap resampler's wide filter) falls as
# gently as a noise gate's cut where a recording's content sinks into its noise (FFmpeg's afftdn,
# sox noisered, benchmarks/processed.py): a filter's band past N is as steady there as anywhere
# (cross-check's cheap resamplers: spread 0.4-2.1 dB), a gate's opens with each loud frame (tune
# half's denoised files: 4.6 and 5.2), so a wide wall asks for a steadier band past it. Not in a
# hi-res file, where a decode's cliff under the wall sets the half-way point (analysis.underwall;
# hires_fakes.py: MP3 320k's and Opus's at 0.91 N of 44.1 kHz, a clipped loop's band switching)
WIDE_SPREAD_DB = 3.0  # for a wall half-way under WIDE_UNDER (below)
HIRES_RATE = 88200  # a hi-res file's rate, from here up (analysis.hires reads it from here)


def is_cliff(edge: dict) -> bool:
    """A codec- or resampler-like edge: steep and 20 dB deep, or 30 dB deep and fairly steep
    (libvorbis q3 falls 54 dB within 840 Hz: 32 dB/kHz by the 25-75 % width)."""
    if not edge.get("found"):
        return False
    depth, steep = edge["depth_db"], edge["steepness_db_per_khz"]
    return (depth >= CLIFF_MIN_DEPTH_DB and steep >= CLIFF_STEEP) or (
        depth >= CLIFF_DEPTH_DB and steep >= DEEP_CLIFF_STEEP
    )


# walls.POSITION[1]: a wall half-way under this share of N was read as a wide filter's (kept
# here as a number: walls imports numpy, and this module is read where a cached run loads none)
WIDE_UNDER = 0.94
OPUS_CORNER_HZ = (19700.0, 20300.0)  # Opus codes nothing above 20 kHz: its wall's knee...
OPUS_CUTOFF_HZ = 20700.0  # ...and half-way point (verdict.judge's test)
# a codec's narrow wall (the edge's 25-75 % width): LAME 320 kbps and Opus in 48 kHz files
# 141-164 Hz (real corpus); low-quality resamplers (soxr LQ, sox -l, libsamplerate) 375-680,
# SoX -v -b 90 and sinc_medium from 44.1 to 48 kHz 469-562 (tune sweep --old 44100)
CODEC_WALL_HZ = 250
# ...and so narrow, half-way under this share of N, it is a codec's at any position: steep
# resamplers' narrow walls from 44.1 kHz stand half-way at 0.964 N and up (tune sweep --old
# 44100); AC-3 192k, E-AC-3 256k and WMA2 192k at 0.941 N in a 48 kHz file (other_codecs.py, tune:
# E-AC-3's read "upsampled from 44.1 kHz")
NARROW_UNDER = 0.95


def at_codec_wall(resampled: dict, edge: dict) -> bool:
    """Whether a wide filter's wall at 22.05 kHz (:func:`audiolint.analysis.walls.wide`, from
    ``POSITION_22K``, half-way under ``WIDE_UNDER``) is a codec's: it stands where Opus's
    does (its knee at 19.7-20.3 kHz and half-way by 20.7 kHz), or the edge falls within
    ``CODEC_WALL_HZ`` (half-way under ``NARROW_UNDER``, wide filter's or not). Opus decodes at 48
    kHz of 44.1 kHz sources (encoder_sweep.py: libopus 72k, opusenc 144k) read half-way at
    0.91-0.93 of 22.05 kHz, as SoX -v -b 90 does, and so can LAME at 320 kbps over a source's
    own roll-off (review 1, session 15: 94 Hz wide); the codec's judgement
    (:mod:`audiolint.analysis.verdict`) is left to decide them."""
    position = resampled["position"]
    if resampled["rate"] / 2 < AMBIGUOUS_LOW or position >= max(WIDE_UNDER, NARROW_UNDER):
        return False
    knee, cutoff, width = edge.get("corner_hz"), edge.get("cutoff_hz"), edge.get("width_hz")
    narrow = edge.get("found") and width is not None and width < CODEC_WALL_HZ
    if narrow and position < NARROW_UNDER:
        return True
    opus = knee is not None and OPUS_CORNER_HZ[0] <= knee <= OPUS_CORNER_HZ[1]
    return position < WIDE_UNDER and opus and cutoff is not None and cutoff <= OPUS_CUTOFF_HZ


def content_past(edge: dict, old: float) -> bool:
    """Whether content stands over the floor at ``PAST_OLD`` times ``old`` (a resampler's
    candidate Nyquist frequency) or higher, ending in a cliff (:func:`is_cliff`: the first
    edge or a second one above it) or in Opus's wall at 20 kHz (:mod:`.floorwall`): that rate
    is ruled out. FFmpeg's libopus at 16-48 kbps leaves a 20 dB dip at 15.6-16 kHz (where
    CELT's last band begins) under its 20 kHz wall, and keeps a source's own wall at 15.7 kHz
    (csound's Finnegan) with its noise fill above it: 'upsampled from 32 kHz' at 3d65b65."""
    past = PAST_OLD * old
    ends = [e for e in (edge, edge.get("upper")) if e and is_cliff(e)]
    return any(e["cutoff_hz"] >= past for e in ends) or (
        bool(edge.get("floor_wall")) and past <= floorwall.WALL_HZ
    )


# At 22.05 kHz (44.1 kHz's N in a 48 kHz file) a wall whose fall is already under way at 0.93
# N, SAG of its drop or more (resampler.SAG: where a steep filter still holds its pass band),
# is no resampler's alone: a 48 kHz recording low-passed (a 2- to 8-pole filter at 17-20 kHz),
# pitched down or slowed down falls so too, and reached its floor by N (review 42: 36 of the
# 46 such genuine copies that read "upsampled from 44.1 kHz"; 5 of 26 true 44.1 -> 48 kHz copies,
# whose sources' content ended far under N, sag as much). T002 names both causes there.
EARLY_FALL_SAG = 0.125
# a wall read in the loud frames' level over a noise-shaped dither's floor (dithered.wall)
DITHERED = "in the loud frames, over a noise-shaped dither's steady floor, "
# a wall read over an earlier 16-bit stage's floor, which a second wall higher up ends
# (analysis.stagefloor; gridverdict.staged)
STAGED = "over an earlier 16-bit stage's flat floor, which a second wall higher up ends, "
# Under 19.5 kHz (8-32 kHz audio's N) a wall that has fallen half its drop or more by 0.93 N is
# as much a steep low-pass filter's at the file's own rate (review 47b: SoX's `sinc -7000` on
# 44.1 kHz speech read "upsampled from 16 kHz", the level 66 of its 71 dB down at 7.4 kHz). The
# real corpus's upsamplings from 8-32 kHz (sox, sox -v, python-soxr, scipy, FFmpeg,
# libsamplerate; both halves, 101 walls) fall 0.29 of their drop by then at most.
LOW_EARLY_FALL_SAG = 0.5


def early_fall(rate: int, drop_db: float | None, sag_db: float | None, images: bool) -> bool:
    """Whether a wall at ``rate``'s N (not a gentle filter's images) falls early enough that a
    low-pass filter (or, at 44.1 kHz and up, a pitch shift) of a recording at the file's own
    rate reads alike."""
    if images or not drop_db or sag_db is None:
        return False
    share = EARLY_FALL_SAG if rate / 2 >= AMBIGUOUS_LOW else LOW_EARLY_FALL_SAG
    return sag_db >= share * drop_db


def wall_fall(position: float, old: float, drop_db: float) -> str:
    """How a resampler's wall falls at the Nyquist frequency ``old`` (Hz): where it is half-way
    down (``position`` of ``old``) and how deep it goes, "just past" N where the half-way point
    lies past it (a steep wall's fall across N: "87 dB down at 11.03 kHz" read under "half-way
    down at 11.1 kHz")."""
    at = "just past" if position > 1 else "at"
    return (
        f"the level is half-way down at {position * old / 1000:.1f} kHz and {drop_db:.0f} dB "
        f"down {at} {nyquist_khz(old)}"
    )


def judge(resampled: dict, edge: dict, timing: dict, sample_rate: int) -> dict:
    """Upsampled, or inconclusive when a codec's marks sit under the same edge."""
    rate, old = resampled["rate"], resampled["rate"] / 2
    # a wall read in the loudest passages only (walls.in_loud): the band past N held its floor
    where = "in the loudest passages " if resampled.get("loud") else ""
    # ...or in the frames that hold no clip (fidelity: a clip's splatter fills the band past N)
    where = UNCLIPPED if resampled.get("unclipped") else where
    where = DITHERED if resampled.get("dithered") else where  # (dithered.wall)
    where = STAGED if resampled.get("staged") else where  # (gridverdict.staged)
    evidence = [
        f"{where}{wall_fall(resampled['position'], old, resampled['drop_db'])}, the Nyquist "
        f"frequency of {rate / 1000:g} kHz audio, as a resampler's filter leaves it"
    ]
    if resampled.get("loud"):
        evidence.append(
            f"the band just past {nyquist_khz(old)} rises at most {resampled['rise_db']:.0f} dB "
            "over its floor in the frames loud under it"
        )
    # a codec's top band switches on and off above its low-pass (MP3's sfb21 near 16 kHz); a
    # resampler's wall is the same in every loud frame. A gentle filter's images (the band past
    # N that mirrors the band under it: resampler.resampled_from's "images") come and go with
    # what they mirror (FFmpeg's kaiser_beta=4 from 11.025 kHz, tune sweep: spread 13 dB); a
    # codec's top band mirrors nothing
    spread = resampled.get("spread_db") or 0
    wide = resampled["position"] < WIDE_UNDER and sample_rate < HIRES_RATE
    if spread >= SPREAD_DB and resampled.get("images_at_rate"):
        evidence.append(
            f"the band past {nyquist_khz(old)} comes and goes from frame to frame (spread "
            f"{spread:.0f} dB) and mirrors itself about {rate / 1000:g} kHz: the copies of "
            f"{rate / 1000:g} kHz audio a resampler's stop band leaves, where a codec's top band "
            "mirrors nothing"
        )
    elif spread >= SPREAD_DB and resampled.get("images"):
        evidence.append(
            f"the band just past {nyquist_khz(old)} comes and goes from frame to frame (spread "
            f"{spread:.0f} dB) with the band under it, which it mirrors: a gentle filter's "
            "images, where a codec's top band mirrors nothing"
        )
    elif spread >= (WIDE_SPREAD_DB if wide else SPREAD_DB) and not resampled.get("images"):
        evidence.append(f"but {switching(resampled['spread_db'], gate=wide)}")
        return {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
    holes = timing.get("holes") or 0
    # a codec whose low-pass happens to sit there (LAME 96 kbps near 15.4 kHz); percussive
    # genuine material leaves some empty cells too (a drum roll: 0.7 %), so only many count...
    if holes >= RESAMPLER_HOLES and codec_candidates(edge.get("cutoff_hz") or 0):
        if rate not in ENCODER_LOWPASS:
            evidence.append(
                f"but {100 * holes:.1f}% of the cells under it are empty, as a codec leaves them"
            )
            return {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
        # ...but where T002 names an encoder's low-pass beside the resampler (ENCODER_LOWPASS),
        # the cells tell nothing the message does not already say: either way the band is gone
        # (a drum loop brought from 32 kHz leaves 2.9-3.5 % of them empty in its decays)
        evidence.append(
            f"{100 * holes:.1f}% of the cells under it are empty, as a codec leaves them and a "
            "sparse sound's decays do too: a resampler's wall or an encoder's low-pass"
        )
    # 22.05 kHz (44.1 -> 48 kHz) lies among codecs' cut-offs (FFmpeg's AAC at 192 kbps cuts a
    # 48 kHz file at 21.1 kHz): there a resampler's wall must hold in the frames loud under it, as a
    # filter's does and a codec's, which comes and goes from frame to frame, does not
    held, rise = timing.get("held"), resampled.get("rise_db")
    # ...or, where the content under it is too faint for that (20 dB in each frame), the band
    # just past N must stay at its floor in every loud frame, where a codec's comes and goes
    steady = rise is not None and rise <= RESAMPLER_RISE_DB
    if old >= AMBIGUOUS_LOW and edge.get("found") and held is not None and held < RESAMPLER_HELD:
        if not steady:
            evidence.append(
                f"but the edge holds in only {100 * held:.0f}% of the frames loud under it, "
                "as a codec's does"
            )
            return {"verdict": "inconclusive", "confidence": 0.5, "evidence": evidence}
        evidence.append(
            f"the band just past {nyquist_khz(old)} rises at most {rise:.0f} dB over its floor "
            "in the frames loud under it: it stays empty, where a codec's comes and goes"
        )
    confidence = 0.9
    if early_fall(rate, resampled["drop_db"], resampled.get("sag_db"), resampled.get("images")):
        evidence.append(
            f"but the level is already {resampled['sag_db']:.0f} dB under the pass band at "
            f"{0.93 * old / 1000:.1f} kHz, where a resampler's filter still holds it: a low-pass "
            "filter, a pitch shift or a slow-down of a recording at this rate falls so too"
        )
        confidence = 0.6
    return {
        "verdict": "upsampled",
        "confidence": confidence,
        "evidence": evidence,
        "upsampled_from": rate,
        "origin": f"{rate / 1000:g} kHz audio resampled to {sample_rate / 1000:g} kHz",
        "resampler_position": resampled["position"],
    }


def switching(spread_db: float, gate: bool = False) -> str:
    """The evidence that the band above an edge switches on and off (a codec's top band; where
    ``gate``, a gentle wall's, a noise gate's cut as well)."""
    like = "a codec's top band or a noise gate's cut does" if gate else "a codec's top band does"
    return (
        f"the band just above it comes and goes from frame to frame (spread {spread_db:.0f} dB "
        f"over the loud frames), as {like}"
    )


def doubled(rate: int, sample_rate: int) -> bool:
    """Whether ``sample_rate`` is ``rate`` doubled once or more (2 to 16 times it): there a
    wavelet transform's splits stand at ``rate``'s Nyquist frequency (it halves the band again
    and again: at a quarter, an eighth, ... of the file's rate), and a wavelet denoiser that
    removed what lay above one leaves that split's aliasing there, the images a 2x upsampler
    leaves (benchmarks/processed.py: FFmpeg's afwtdn at -45 dB, T002 on 14 of 40 real
    recordings, the old rate read at a half or a quarter of the file's)."""
    return bool(sample_rate) and sample_rate % rate == 0 and sample_rate // rate in (2, 4, 8, 16)
