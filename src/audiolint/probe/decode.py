"""Decode a file into float32 blocks, once, with flat memory whatever the file's length.

libsndfile decodes WAV/FLAC/AIFF/Ogg Vorbis; every other container (MP4, Matroska/WebM, ASF,
ADTS, AC-3, WavPack, APE, AMR, video files...), Ogg Opus (at its 48 kHz decode rate) and MP3
(libsndfile's block reads of a low-bitrate MP3 drop data at block boundaries) go to FFmpeg
through PyAV, imported only then. The probe names the decoder
(``Properties.decoder``). It lives with the probe, the layer that reads files;
:mod:`audiolint.analysis` only ever sees the blocks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audiolint.errors import CorruptFileError, MissingExtraError
from audiolint.probe.sanity import MAX_CHANNELS

BLOCK_FRAMES = 1 << 16  # 65,536 frames: about 1.4 s at 48 kHz, 0.5 MB per stereo block
SNDFILE_CONTAINERS = frozenset({"wav", "w64", "aiff", "flac", "ogg", "mp3", "caf", "au"})
OPUS_RATE = 48000


@dataclass
class Damage:
    """A stretch of consecutive packets the decoder skipped, with audio after it."""

    at_frame: int  # decoded frames before it: where the audio jumps
    size: int  # bytes skipped
    at_end: bool = False  # no audio follows: junk or a tag after the last frame, or a cut frame


def blocks(
    path: Path,
    container: str | None,
    block_frames: int = BLOCK_FRAMES,
    decoder: str | None = None,
    damage: list[Damage] | None = None,
) -> Iterator[np.ndarray]:
    """Yield float32 arrays shaped (frames, channels), in order, covering the whole file.

    Raises :class:`CorruptFileError` when decoding fails part-way (truncated or damaged data),
    whatever the backend raised, and :class:`MissingExtraError` when the container needs PyAV
    and it is not installed. A stream of more than ``MAX_CHANNELS`` channels is refused before
    any block is allocated. ``decoder`` ("libsndfile" or "ffmpeg", from the probe) picks the
    library; without it the container does (``None``: libsndfile). An MP3's packets FFmpeg
    finds invalid are skipped; each stretch of them that audio follows (damage inside the
    file, not junk after its end) is appended to ``damage`` when it is given.
    """
    if decoder is None:
        decoder = "libsndfile" if container in SNDFILE_CONTAINERS or not container else "ffmpeg"
    if decoder == "ffmpeg":
        yield from _pyav_blocks(path, block_frames, container, damage)
        return
    import soundfile as sf  # loaded by the probe already; not at start-up

    done, total, rate = 0, None, None
    try:
        with sf.SoundFile(os.fsencode(path)) as f:
            _check_channels(f.channels)
            if f.subtype == "OPUS" and f.samplerate != OPUS_RATE:
                # libsndfile decodes Opus from a low-rate source at a lower rate than the 48 kHz
                # the probe reports; only FFmpeg decodes it at 48 kHz.
                raise MissingExtraError("Decoding this Opus file at 48 kHz", "decode", "av")
            total, rate = f.frames, f.samplerate
            while True:
                block = f.read(block_frames, dtype="float32", always_2d=True)
                if not len(block):
                    break
                done += len(block)
                yield block
    except (CorruptFileError, MissingExtraError):
        raise
    except Exception as exc:  # libsndfile and numpy raise several types; all mean "damaged"
        where = "part-way"
        if rate and total and 0 <= done < total:
            upto = min(total, done + block_frames) / rate  # the failing block's end
            where = f"between {done / rate:.1f} and {upto:.1f} s of the {total / rate:.2f} s"
            where += " the header promises"
        raise CorruptFileError(
            f"truncated or damaged: decoding stopped {where} ({_plain(exc)})"
        ) from exc


def _check_channels(channels: int) -> None:
    if not 1 <= channels <= MAX_CHANNELS:
        raise CorruptFileError(f"the stream claims {channels} channels; not decoded")


def _plain(exc: BaseException) -> str:
    """The backend's message (or its type when it has none), without the file's path."""
    text = str(exc).strip() or type(exc).__name__
    text = text.split(": ", 1)[-1] if text.startswith("Error opening") else text
    # FFmpeg's errors end with the path PyAV opened ("...processing input: '/path/x.aac'")
    text = re.sub(r": '[^']*'$", "", text)
    return text.removeprefix("Error : ").rstrip(".")


def _frames(av, box, stream, damage: list[Damage] | None):
    """The stream's decoded frames. With ``damage`` (a list), a packet FFmpeg finds invalid is
    skipped rather than ending the decode, and each stretch of skipped packets that decoded
    audio follows is appended to it; a stretch at the end (junk or a tag after the last frame)
    is not."""
    if stream.codec_context.name in SILENT_PACKETS:
        yield from _comfort_noise(av, box, stream)
        return
    if damage is None:
        yield from box.decode(stream)
        return
    done, gap = 0, None
    for packet in box.demux(stream):
        try:
            frames = packet.decode()
        except (av.error.InvalidDataError, av.error.UndefinedError):
            if gap is None:
                gap = Damage(done, 0)
            gap.size += packet.size
            continue
        for frame in frames:
            if gap is not None and gap.at_frame:  # at the start: a rip's cut frame, not damage
                damage.append(gap)
            gap = None
            done += frame.samples
            yield frame
    if gap is not None and gap.at_frame:
        gap.at_end = True
        damage.append(gap)


# AMR's comfort-noise (SID) packets, which a phone sends in pauses (DTX), FFmpeg does not
# decode ("not yet implemented"): a phone memo read as damaged (review 51c)
SILENT_PACKETS = frozenset({"amrnb", "amrwb", "amr_nb", "amr_wb"})


def _comfort_noise(av, box, stream):
    """The stream's frames, with each packet FFmpeg cannot decode as silence of its length
    (the comfort noise a phone plays in a pause is near silence)."""
    rate = stream.codec_context.sample_rate
    channels = stream.codec_context.channels
    for packet in box.demux(stream):
        try:
            yield from packet.decode()
        except (av.error.PatchWelcomeError, av.error.InvalidDataError):
            # a frame type of 8 or more (its first byte's bits 3-6): comfort noise (SID) or
            # NO_DATA, 20 ms each; a speech frame FFmpeg refuses is damage
            if packet.size == 0 or (bytes(packet)[0] >> 3) & 15 < 8:
                raise
            yield _Silence(rate // 50, channels)


class _Silence:
    """A decoded frame's stand-in: ``samples`` frames of silence."""

    def __init__(self, samples: int, channels: int):
        self.samples, self.channels = samples, channels

    def to_array(self) -> np.ndarray:
        return np.zeros((self.samples, self.channels), dtype=np.float32)


def _pyav_blocks(
    path: Path,
    block_frames: int,
    container: str | None = None,
    damage: list[Damage] | None = None,
) -> Iterator[np.ndarray]:
    try:
        import av  # noqa: PLC0415 - lazy: ~0.1 s, paid only when a file needs FFmpeg
    except ImportError as exc:
        what = f"Decoding {container.upper()} files" if container else "Decoding this file"
        raise MissingExtraError(what, "decode", "av") from exc
    pending: list[np.ndarray] = []
    held = done = rate = 0
    # an MP3's damaged or foreign packets (junk or a tag after the last frame, a second file's
    # ID3 tag) are skipped, as FFmpeg's own tool and libsndfile skip them (review 43e: one junk
    # byte after the last frame read "truncated or damaged" once FFmpeg decoded MP3)
    skipped = None  # other containers stop at the first packet FFmpeg cannot decode
    if container in ("mp3", "adts"):  # an ADTS rip cut mid-frame: review 51d
        skipped = [] if damage is None else damage
    try:
        with av.open(str(path)) as box:
            stream = box.streams.audio[0]  # the first audio track, as the probe described
            _check_channels(stream.codec_context.channels)
            rate = stream.codec_context.sample_rate
            for frame in _frames(av, box, stream, skipped):
                if isinstance(frame, _Silence):
                    pending.append(frame.to_array())
                    held += frame.samples
                    continue
                arr = frame.to_ndarray()
                if frame.format.is_planar:
                    arr = arr.T
                else:
                    arr = arr.reshape(-1, len(frame.layout.channels))
                arr = _to_float(arr)
                pending.append(arr)
                held += len(arr)
                done += len(arr)
                if held >= block_frames:
                    yield np.concatenate(pending)
                    pending, held = [], 0
    except CorruptFileError:
        raise
    except Exception as exc:  # FFmpeg errors, no audio stream (IndexError), odd layouts...
        where = f"at {done / rate:.2f} s" if done and rate else "part-way"
        raise CorruptFileError(
            f"truncated or damaged: decoding stopped {where} ({_plain(exc)})"
        ) from exc
    if pending:
        yield np.concatenate(pending)


def _to_float(arr: np.ndarray) -> np.ndarray:
    """Integer PCM to float32 in [-1, 1); float stays float32."""
    if arr.dtype.kind == "f":
        return arr.astype(np.float32, copy=False)
    scale = float(2 ** (8 * arr.dtype.itemsize - 1))
    return (arr.astype(np.float32) / scale).astype(np.float32, copy=False)
