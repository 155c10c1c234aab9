"""What a file's decode says of it beside its header: its length, where the header stated
none or a longer stream's, and whether it ended early or had stretches skipped.

The pipeline calls :func:`after_decode` once the analysers have counted the decoded frames
(``frames``) and the decoder has listed the stretches it skipped (:class:`~audiolint.probe.
decode.Damage`). Nothing here reads the file: it compares what the probe stated with what the
decode delivered. Split from :mod:`audiolint.pipeline` (session 52).
"""

from __future__ import annotations

from dataclasses import replace

from audiolint.models import Properties
from audiolint.probe import ProbeResult, sanity


def after_decode(result: ProbeResult, decoded, damage) -> tuple[ProbeResult, list[str]]:
    """The probe result with the length the decode measured where the header stated none (or a
    longer stream's), and the decode errors to report: truncation, an ADTS stream ending inside
    a frame, stretches skipped inside the file (not the tags between joined MP3 files)."""
    props = result.properties
    if (
        isinstance(decoded, int)
        and decoded
        and (not props.duration_s or _longer_stream(result, decoded))
    ):
        result = replace(result, properties=_measured(props, decoded))
    errors = []
    short = short_decode(result, decoded)
    if short:
        errors.append(short)
    cut = [d for d in damage if d.at_end]
    damage = [d for d in damage if not d.at_end]
    props = result.properties
    if cut and props.container == "adts":  # an MP3's may be a tag: ADTS carries none
        at = cut[0].at_frame / (props.sample_rate or 1)
        errors.append(sanity.ends_inside("an ADTS frame", at))
    if damage and not _at_joints(result, damage):
        errors.append(_damaged(damage, props.sample_rate))
    return result, errors


def _longer_stream(result: ProbeResult, decoded: int) -> bool:
    """Whether a Matroska file decodes shorter than its stated length, which is its longest
    stream's (a video's, a subtitle's, another track's: review 51c's WebM of 25 s of video and
    12 s of audio read 25.007 s), without ending short of its audio's own (:func:`short_decode`
    names that)."""
    props = result.properties
    if props.container != "matroska" or not props.sample_rate:
        return False
    if decoded >= (props.duration_s or 0) * props.sample_rate * SHORT_SHARE:
        return False
    return bool(result.video_streams) or short_decode(result, decoded) is None


def _measured(props: Properties, decoded: int) -> Properties:
    """The properties of a file whose header states no length (a FLAC or WebM written to a
    pipe), with the length its decode measured (and a lossless file's bitrate from it)."""
    if not props.sample_rate:
        return props
    duration = decoded / props.sample_rate
    bitrate = props.bitrate_bps
    stated = props.codec == "pcm" or not props.lossless and bitrate  # not from the length
    if props.size_bytes and not stated:
        bitrate = int(props.size_bytes * 8 / duration)
    return replace(props, duration_s=round(duration, 3), frames=decoded, bitrate_bps=bitrate)


# Formats whose header frame count is exact, so any shortfall in decoding means the file ended.
EXACT_LENGTH = frozenset({"wav", "aiff", "flac"})
# In these the length the probe gives is the audio's own (MP3's frames or LAME header, Ogg's
# granule, an MP4 track's): a decode this much shorter, and by SHORT_S or more, ended early (an
# MP3 whose LAME header promised 10.86 s holding 5.4 s of frames read as whole before; review
# 50e). Not ADTS: its length is guessed from the first frames' bitrate (a VBR AAC opening on
# silence read 22.09 s for 15.84: review 50f); nor Matroska/WebM: its length is the longest
# stream's, a video's too (a WebM whose 10 s of video carry 5 s of audio is whole), so only an
# audio-only one's (88 audio-only WebM/MKA files of reviews 50a-51d decode at 0.9968-1.0 of it;
# review 51c's WebM and MKA cut at 10-90 % of their bytes read whole)
OWN_LENGTH = frozenset({"mp3", "ogg", "mp4"})
# (1,017 real MP3, Ogg and MP4 files of the real corpus, the re-encode benchmark and reviews
# 50a-51c decode at 0.9995-1.04 of it; review 51c's MP3 cut at 90 % of its bytes read whole
# under 0.85)
SHORT_SHARE, SHORT_S = 0.97, 0.5


def short_decode(result: ProbeResult, decoded) -> str | None:
    """A truncation message when the decoder delivered fewer frames than the probe counted:
    the file shrank after it was probed, or its data ended early without a decoding error."""
    props = result.properties
    expected, rate = props.frames, props.sample_rate
    if not isinstance(decoded, int) or not rate:
        return None
    stated = props.duration_s or 0
    if props.container == "matroska":  # its audio's own length, where the file states it
        stated = 0 if result.video_streams else result.own_length_s or 0
    if props.container in OWN_LENGTH or props.container == "matroska":
        expected = round(stated * rate)
        if decoded >= expected * SHORT_SHARE or expected - decoded < SHORT_S * rate:
            return None
    elif props.container not in EXACT_LENGTH:
        return None
    if not expected or decoded >= expected:
        return None
    return (
        f"truncated: decoding ended at {decoded / rate:.2f} s of the {expected / rate:.2f} s "
        "the header promises (the file ended early or was cut short while it was read)"
    )


# FFmpeg skips a joined MP3's tag with the frame it cut into: a frame is at most 2,881 bytes
JOINT_SLACK = 4096


def _at_joints(result: ProbeResult, damage) -> bool:
    """Whether the stretches FFmpeg skipped are the tags between joined MP3 files (F006): no
    more stretches than joints, and no more bytes than their tags and a frame each."""
    for p in result.problems:
        if p.kind in ("joined", "joints") and len(damage) < p.data["parts"]:
            slack = JOINT_SLACK * (p.data["parts"] - 1)
            return sum(d.size for d in damage) <= p.data.get("tag_bytes", 0) + slack
    return False


def _damaged(damage, rate: int | None) -> str:
    """The message for stretches an MP3's decoder skipped inside the file."""
    size = sum(d.size for d in damage)
    where = ", ".join(f"{d.at_frame / rate:.2f}" for d in damage[:5]) if rate else "?"
    where += ", ..." if len(damage) > 5 else ""
    places = "at " + where + " s" if len(damage) == 1 else f"at {len(damage)} places ({where} s)"
    return (
        f"damaged: {size:,} bytes FFmpeg could not decode {places} were skipped, so the "
        "audio jumps there (re-download or re-rip it)"
    )
