"""Decode a file into float32 blocks, once, with flat memory whatever the file's length.

libsndfile decodes WAV/FLAC/AIFF/Ogg/MP3; MP4 (AAC/ALAC) and ASF (WMA) need PyAV, which is the
optional ``decode`` extra. This is the only module in ``analysis/`` that does I/O.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.errors import CorruptFileError, MissingExtraError
from audiolint.probe.sanity import MAX_CHANNELS

BLOCK_FRAMES = 1 << 16  # 65,536 frames: about 1.4 s at 48 kHz, 0.5 MB per stereo block
PYAV_CONTAINERS = frozenset({"mp4", "asf", "adts", "matroska"})


def blocks(
    path: Path, container: str | None, block_frames: int = BLOCK_FRAMES
) -> Iterator[np.ndarray]:
    """Yield float32 arrays shaped (frames, channels), in order, covering the whole file.

    Raises :class:`CorruptFileError` when decoding fails part-way (truncated or damaged data),
    whatever the backend raised, and :class:`MissingExtraError` when the container needs PyAV
    and it is not installed. A stream of more than ``MAX_CHANNELS`` channels is refused before
    any block is allocated.
    """
    if container in PYAV_CONTAINERS:
        yield from _pyav_blocks(path, block_frames)
        return
    done, total, rate = 0, None, None
    try:
        with sf.SoundFile(os.fsencode(path)) as f:
            _check_channels(f.channels)
            total, rate = f.frames, f.samplerate
            while True:
                block = f.read(block_frames, dtype="float32", always_2d=True)
                if not len(block):
                    break
                done += len(block)
                yield block
    except CorruptFileError:
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
    return text.removeprefix("Error : ").rstrip(".")


def _pyav_blocks(path: Path, block_frames: int) -> Iterator[np.ndarray]:
    try:
        import av
    except ImportError as exc:
        raise MissingExtraError("Decoding M4A/AAC/ALAC/WMA", "decode", "av") from exc
    pending: list[np.ndarray] = []
    held = 0
    try:
        with av.open(str(path)) as box:
            stream = box.streams.audio[0]
            _check_channels(stream.codec_context.channels)
            for frame in box.decode(stream):
                arr = frame.to_ndarray()
                if frame.format.is_planar:
                    arr = arr.T
                else:
                    arr = arr.reshape(-1, len(frame.layout.channels))
                arr = _to_float(arr)
                pending.append(arr)
                held += len(arr)
                if held >= block_frames:
                    yield np.concatenate(pending)
                    pending, held = [], 0
    except CorruptFileError:
        raise
    except Exception as exc:  # FFmpeg errors, no audio stream (IndexError), odd layouts...
        raise CorruptFileError(
            f"truncated or damaged: decoding stopped part-way ({_plain(exc)})"
        ) from exc
    if pending:
        yield np.concatenate(pending)


def _to_float(arr: np.ndarray) -> np.ndarray:
    """Integer PCM to float32 in [-1, 1); float stays float32."""
    if arr.dtype.kind == "f":
        return arr.astype(np.float32, copy=False)
    scale = float(2 ** (8 * arr.dtype.itemsize - 1))
    return (arr.astype(np.float32) / scale).astype(np.float32, copy=False)
