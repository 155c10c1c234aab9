"""One set of properties from the header backends (libsndfile, mutagen, FFmpeg): :func:`merge`.

Where the backends disagree, the decoder that delivers the samples wins; what the bytes show
beside the headers (joined MP3s, chained Ogg streams, WAV/FLAC written to a pipe, AMR's comfort
noise, hybrid WavPack) is read here too. Split from :mod:`audiolint.probe` (session 52).
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import TYPE_CHECKING

from audiolint.models import Properties
from audiolint.probe import joined, mutagen_backend, oggchain, plain_headers, sanity
from audiolint.probe.result import Anomaly, ProbeResult
from audiolint.probe.sniff import ogg_codec, opus_input_rate

if TYPE_CHECKING:  # pragma: no cover
    from audiolint.probe.mpeg import MpegScan

LOSSLESS_CODECS = frozenset(
    {"pcm", "flac", "alac", "wma-lossless", "wavpack", "ape", "tta", "truehd", "mlp"}
)
LOSSY_CODECS = frozenset(
    {
        "mp3",
        "mp2",
        "mp1",
        "vorbis",
        "opus",
        "aac",
        "wma",
        "ulaw",
        "alaw",
        "adpcm",
        "gsm",
        "speex",
        "ac3",
        "eac3",
        "amr",
        "dts",
    }
)
OPUS_RATE = 48000
WAVPACK_HYBRID = 0x8  # a WavPack block header's flag: hybrid (lossy) mode


def _pick(plausible, *values):
    """The first of ``values`` that passes ``plausible``; else the first known one (which the
    sanity check then reports as impossible)."""
    known = [v for v in values if v is not None]
    return next((v for v in known if plausible(v)), known[0] if known else None)


def merge(path, size, head, detected, expected, sf_info, mg_info, av_info) -> ProbeResult:
    """One set of properties from the backends. Where they disagree, the decoder that delivers
    the samples (libsndfile, else FFmpeg) wins over mutagen's reading of the headers; a value
    that fails its check (not an integer, no channels, an impossible rate) loses to any that
    passes. Such a disagreement is not a finding: the file plays as the decoder says."""
    problems: list[Anomaly] = []
    mg = mg_info or mutagen_backend.MgInfo(kind="none")
    dec = sf_info or av_info  # never both: FFmpeg is asked only when libsndfile did not read it
    codec = (dec.codec if dec else None) or mg.codec
    if detected == "ogg":
        codec = ogg_codec(head) or codec
    if detected == "wav" and dec is None and sanity.wav_tag(head) not in (None, 1, 3):
        codec = None  # no decoder read it, and its fmt chunk names no PCM: not "pcm, lossless"
    rate = _pick(sanity.plausible_rate, dec and sanity.as_count(dec.sample_rate), mg.sample_rate)
    channels = _pick(sanity.plausible_channels, dec and sanity.as_count(dec.channels), mg.channels)
    frames = sf_info.frames if sf_info else None
    duration = frames / rate if frames is not None and rate else None
    if duration is None:
        duration = (av_info.duration_s if av_info else None) or mg.duration_s
    decoder = "libsndfile" if sf_info else "ffmpeg" if av_info else None
    if sf_info and sf_info.frames is None and _ffmpeg():
        decoder = "ffmpeg"  # libsndfile fails at the end of a stream whose length it lacks
    input_rate = None
    if codec == "opus":
        # Opus always decodes at 48 kHz (libsndfile picks a lower rate when the source's was
        # lower; audiolint asks FFmpeg, or refuses to analyse at another rate).
        input_rate = opus_input_rate(head) or (av_info.input_sample_rate if av_info else None)
        if sf_info and sf_info.sample_rate and sf_info.frames is not None:
            duration = sf_info.frames / sf_info.sample_rate
            frames = round(duration * OPUS_RATE)
            decoder = "ffmpeg" if _ffmpeg() else decoder
        rate = OPUS_RATE
    lossless = True if codec in LOSSLESS_CODECS else False if codec in LOSSY_CODECS else None
    if detected == "wavpack" and len(head) >= 28 and head[24] & WAVPACK_HYBRID:
        lossless = False  # the lossy half of hybrid WavPack; FFmpeg never reads its .wvc
    depth = (sf_info.bit_depth if sf_info else None) or mg.bit_depth
    depth = depth or (av_info.bit_depth if av_info else None)
    if not lossless:
        depth = None
    mode = mg.bitrate_mode
    bitrate = mg.bitrate_bps or (av_info.bitrate_bps if av_info else None)
    if detected == "ogg":
        links = joined.ogg_links(path)
        if links and links[-1].cut:
            read = sum(link.duration_s or 0 for link in links)
            problems.append(Anomaly("truncated", sanity.ends_inside("an Ogg page", read)))
        if oggchain.chained(links):
            total = sum(link.duration_s or 0 for link in links)
            whole = oggchain.uniform(links) and _ffmpeg()
            problems.append(
                Anomaly(
                    *joined.anomaly(f"{len(links)} Ogg streams", links[0].duration_s, total, whole)
                )
            )
            if whole and total:  # FFmpeg decodes every link; libsndfile stops after the first
                decoder, duration, frames = "ffmpeg", total, None
                bitrate = int(size * 8 / total)

    if codec == "mp3":
        if sf_info is not None:
            # libsndfile reads an MP3 in blocks wrongly where a frame's data lies in the frames
            # before a block's start (review 43c: 0.35 s of zeros at every 65,536-frame block of
            # an 8 kbps MP3; glitches up to 0.37 of full scale at 8-64 kbps, erratic: 48 kbps
            # mono too, 128 kbps stereo not), while one read of the whole file, and FFmpeg,
            # agree to 1e-6: FFmpeg decodes it (370-750x real time, libsndfile's 1,400-1,900x)
            decoder = "ffmpeg" if _ffmpeg() else decoder
        scan = _scan_mp3(path)
        if scan is not None and scan.parts > 1:
            if scan.has_vbr_header:  # its header states the first file's frames alone
                bitrate = int(scan.audio_bytes * 8 / scan.duration_s)
            what = f"{scan.parts} MP3 files"
            joint = joined.anomaly(what, mg.duration_s, scan.duration_s, tag_bytes=scan.tag_bytes)
            problems.append(Anomaly(*joint))
        if scan is not None and scan.cut and not scan.has_vbr_header:
            problems.append(
                Anomaly("truncated", sanity.ends_inside("an MP3 frame", scan.duration_s))
            )
        if scan is not None and scan.frames:
            solo = scan.parts == 1  # joined files: the joint is the finding, not the VBR
            if solo and not scan.has_vbr_header and scan.is_vbr and mg.duration_s is not None:
                claimed = mg.duration_s
                problems.append(
                    Anomaly(
                        "vbr-no-header",
                        f"VBR MP3 without a Xing/LAME header: players and libraries guess its "
                        f"length as {claimed:.2f} s, the frames hold {scan.duration_s:.2f} s",
                        {"claimed_s": claimed, "actual_s": round(scan.duration_s, 3)},
                    )
                )
                mode = "VBR"
                bitrate = int(scan.audio_bytes * 8 / scan.duration_s)
            duration = scan.duration_s if not scan.has_vbr_header or not solo else duration
            frames = None if not scan.has_vbr_header or not solo else frames
        if mode is None and scan is not None:
            mode = "VBR" if scan.is_vbr else "CBR"
        if mode == "CBR" and scan is not None and len(scan.bitrates) == 1:
            bitrate = next(iter(scan.bitrates)) * 1000  # the frames' own nominal rate

    if codec == "pcm":
        mode = "CBR"
        if rate and channels and depth:
            bitrate = rate * channels * depth
    elif lossless and duration:
        bitrate = int(size * 8 / duration)
        mode = mode or "VBR"
    # mutagen takes a WAV/AIFF length from the data chunk's declared size, libsndfile from the
    # bytes actually present: a gap means the file was cut short.
    claimed = mg.duration_s if detected in ("wav", "aiff") and sf_info else None
    if claimed and duration and claimed > duration * 1.01 + 0.01:
        problems.append(
            Anomaly(
                "truncated",
                f"truncated: the header promises {claimed:.2f} s of audio, "
                f"the file holds {duration:.2f} s",
                {"claimed_s": round(claimed, 3), "actual_s": round(duration, 3)},
            )
        )
    if detected == "amr":
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            duration = plain_headers.amr_duration(mm) or duration
        bitrate = int(size * 8 / duration) if duration else bitrate
    # a WAV whose sizes say 0 with audio after them (a recorder stopped before it wrote them):
    # libsndfile reads nothing, FFmpeg reads it all (review 51c)
    if detected == "wav" and sf_info and sf_info.frames == 0 and rate:
        unfinished = plain_headers.unfinished_wav_frames(head, size)
        if unfinished and _ffmpeg():
            decoder, frames, duration = "ffmpeg", None, unfinished / rate
            problems.append(
                Anomaly(
                    "truncated",
                    f"unfinished header: its sizes say 0 bytes of audio, yet {duration:.2f} s "
                    "follow (a recording that was never closed); tools built on libsndfile "
                    "(soundfile, librosa) read none of it: re-save it",
                    {"claimed_s": 0.0, "actual_s": round(duration, 3)},
                )
            )
    encoder = mg.encoder or (sf_info.software if sf_info else None)
    encoder = encoder or (av_info.encoder if av_info else None)
    props = Properties(
        container=detected,
        codec=codec,
        lossless=lossless,
        sample_rate=rate,
        bit_depth=depth,
        channels=channels,
        duration_s=round(duration, 3) if duration is not None else None,
        bitrate_bps=int(bitrate) if bitrate else None,
        bitrate_mode=mode,
        encoder=encoder,
        size_bytes=size,
        sample_format=sf_info.sample_format if sf_info else None,
        frames=frames,
        input_sample_rate=input_rate,
        audio_streams=av_info.audio_streams if av_info else 1 if decoder else None,
        decoder=decoder,
    )
    videos = av_info.video_streams if av_info else 0
    own = av_info.own_duration_s if av_info else None
    return ProbeResult(path, props, detected, expected, tuple(problems), videos, own)


def _ffmpeg() -> bool:
    """Whether FFmpeg (PyAV) is installed to decode, checked without importing it."""
    from audiolint.probe import av_backend

    return av_backend.available()


def _scan_mp3(path: Path) -> MpegScan | None:
    """Walk the MP3's frames through a read-only memory map (no copy of the file); every frame
    when more follows the stream its Xing header states than a tag or junk (files joined end
    to end: the walk counts them)."""
    from audiolint.probe import mpeg

    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        found = mpeg.scan(mm)
        if found is None or not mpeg.joined_after(mm, found):
            return found
        whole = mpeg.scan(mm, None)
        return whole if whole is not None and whole.parts > 1 else found
