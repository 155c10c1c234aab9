"""The PyAV (FFmpeg) backend: prober of last resort for every container FFmpeg reads.

Matroska/WebM, MP4/M4A/MOV/3GP, ADTS AAC, AC-3/E-AC-3, WavPack, APE, MP2, AMR, CAF, WMA and
video files with an audio track. Its values describe the first audio stream as FFmpeg's decoder
will deliver it, so they are the ones to trust over a tag library's reading of the headers.

``av`` is imported lazily, on the first file that needs it (it costs about 0.1 s), so a run
over WAV and FLAC files, or ``audiolint --version``, never loads it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from audiolint.probe.sniff import opus_input_rate

# FFmpeg codec name -> audiolint's codec name (names not listed are kept as FFmpeg spells them).
CODECS = {
    "mp3float": "mp3",
    "mp2float": "mp2",
    "wmav1": "wma",
    "wmav2": "wma",
    "wmapro": "wma",
    "wmalossless": "wma-lossless",
    "amr_nb": "amr",
    "amr_wb": "amr",
    "amrnb": "amr",  # FFmpeg 6+ names its native AMR decoders so (review 51c: not "lossy")
    "amrwb": "amr",
    "libopus": "opus",
    "libvorbis": "vorbis",
    "dca": "dts",
}


@dataclass(frozen=True)
class AvInfo:
    """The first audio stream as FFmpeg decodes it, plus how many audio/video streams exist."""

    format: str  # FFmpeg's demuxer name, e.g. "matroska,webm"
    codec: str
    sample_rate: int | None
    channels: int | None
    duration_s: float | None
    bit_depth: int | None
    bitrate_bps: int | None
    audio_streams: int
    video_streams: int
    encoder: str | None
    input_sample_rate: int | None = None  # Opus: the source's rate its OpusHead records
    # the audio stream's own length, where the file states one: Matroska's DURATION tag (the
    # stream's end) less its start, or the container's when the audio is its only stream
    own_duration_s: float | None = None


@cache
def available() -> bool:
    """True when PyAV is installed (checked without importing it)."""
    return importlib.util.find_spec("av") is not None


def codec_name(name: str) -> str:
    """audiolint's name for an FFmpeg codec ('pcm_s16le' -> 'pcm', 'wmav2' -> 'wma')."""
    if name.startswith("pcm_"):
        return {"pcm_mulaw": "ulaw", "pcm_alaw": "alaw"}.get(name, "pcm")
    if name.startswith("adpcm_"):
        return "adpcm"
    return CODECS.get(name, name)


def read(path: Path) -> AvInfo | None:
    """Read the first audio stream's properties; ``None`` when PyAV is not installed.

    Raises whatever FFmpeg raises when it cannot open the file, and ``ValueError`` when the file
    holds no audio stream (a silent video, say)."""
    if not available():
        return None
    import av  # noqa: PLC0415 - lazy: only files that need FFmpeg pay for it

    with av.open(str(path)) as box:
        audio = list(box.streams.audio)
        videos = len(box.streams.video)
        if not audio:
            what = f"a video file ({videos} video stream(s))" if videos else "the file"
            raise ValueError(f"{what} has no audio track")
        stream = audio[0]
        ctx = stream.codec_context
        duration = None
        if stream.duration is not None and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        elif box.duration is not None:
            duration = box.duration / 1_000_000  # AV_TIME_BASE
        depth = _bit_depth(ctx)
        encoder = box.metadata.get("encoder") or stream.metadata.get("encoder")
        bitrate = ctx.bit_rate or box.bit_rate or None
        if codec_name(ctx.name) == "mp3" and box.bit_rate and len(audio) == 1 and not videos:
            # an MP3 stream's stated rate is its first frame's (a VBR file's Xing frame, 160 or
            # 352 kbps: review 53a's -q:a 7 in Matroska, 37 kbps); alone in the file, the
            # container's size over its length is its average
            bitrate = box.bit_rate
        return AvInfo(
            format=box.format.name,
            codec=codec_name(ctx.name),
            sample_rate=ctx.sample_rate or None,
            channels=_channels(ctx),
            duration_s=duration,
            bit_depth=depth,
            bitrate_bps=bitrate,
            audio_streams=len(audio),
            video_streams=videos,
            encoder=encoder or None,
            input_sample_rate=opus_input_rate(bytes(ctx.extradata or b""))
            if ctx.name == "opus"
            else None,
            own_duration_s=_own_duration(box, stream),
        )


def _own_duration(box, stream) -> float | None:
    """The audio stream's own length: Matroska's ``DURATION`` tag (where the stream ends, as
    FFmpeg and mkvmerge write it) less where it starts, else the container's length less the
    start when the audio is the only stream (review 51f: an extracted track starting at 1.49 s,
    a subtitle or a second track outlasting the first, read "truncated")."""
    start = float(stream.start_time * stream.time_base) if stream.start_time else 0.0
    tag = stream.metadata.get("DURATION") or ""
    try:
        hours, minutes, seconds = tag.split(":")
        return max(0.0, int(hours) * 3600 + int(minutes) * 60 + float(seconds) - start)
    except ValueError:
        pass
    if len(box.streams) == 1 and box.duration is not None:
        return max(0.0, box.duration / 1_000_000 - start)
    return None


def _channels(ctx) -> int | None:
    layout = getattr(ctx, "layout", None)
    count = getattr(ctx, "channels", None) or (len(layout.channels) if layout else 0)
    return count or None


def _bit_depth(ctx) -> int | None:
    """Bits per sample of a lossless stream, where the stream says it (PyAV does not expose
    FFmpeg's bits_per_raw_sample): FLAC's STREAMINFO, or a 16/8-bit decoded format. A 32-bit
    decoded format may carry 24-bit audio, so it says nothing."""
    extra = bytes(ctx.extradata or b"")
    if ctx.name == "flac" and len(extra) >= 18:
        info = extra[8:] if extra[:4] == b"fLaC" else extra  # STREAMINFO, maybe with its header
        return (((info[12] & 1) << 4) | (info[13] >> 4)) + 1
    fmt = ctx.format
    return fmt.bytes * 8 if fmt is not None and fmt.name.rstrip("p") in ("s16", "u8") else None
