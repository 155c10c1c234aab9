"""Decode a file into float32 blocks, once, with flat memory whatever the file's length.

libsndfile decodes WAV/FLAC/AIFF/Ogg/MP3; MP4 (AAC/ALAC) and ASF (WMA) need PyAV, which is the
optional ``decode`` extra. This is the only module in ``analysis/`` that does I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.errors import CorruptFileError, MissingExtraError

BLOCK_FRAMES = 1 << 16  # 65,536 frames: about 1.4 s at 48 kHz, 0.5 MB per stereo block
PYAV_CONTAINERS = frozenset({"mp4", "asf", "adts", "matroska"})


def blocks(
    path: Path, container: str | None, block_frames: int = BLOCK_FRAMES
) -> Iterator[np.ndarray]:
    """Yield float32 arrays shaped (frames, channels), in order, covering the whole file.

    Raises :class:`CorruptFileError` when decoding fails part-way (truncated or damaged data)
    and :class:`MissingExtraError` when the container needs PyAV and it is not installed.
    """
    if container in PYAV_CONTAINERS:
        yield from _pyav_blocks(path, block_frames)
        return
    try:
        with sf.SoundFile(str(path)) as f:
            while True:
                block = f.read(block_frames, dtype="float32", always_2d=True)
                if not len(block):
                    break
                yield block
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise CorruptFileError(f"decoding failed part-way: {exc}") from exc


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
    except av.error.FFmpegError as exc:
        raise CorruptFileError(f"decoding failed part-way: {exc}") from exc
    if pending:
        yield np.concatenate(pending)


def _to_float(arr: np.ndarray) -> np.ndarray:
    """Integer PCM to float32 in [-1, 1); float stays float32."""
    if arr.dtype.kind == "f":
        return arr.astype(np.float32, copy=False)
    scale = float(2 ** (8 * arr.dtype.itemsize - 1))
    return (arr.astype(np.float32) / scale).astype(np.float32, copy=False)
