"""Spectrogram pictures, written as PNG with numpy, zlib and struct only (no plotting library).

The fidelity analyser leaves a small spectrogram (dB matrix, low frequencies first, plus
sample rate, duration and detected cut-off) in ``FileReport.artifacts["spectrogram"]``;
:func:`spectrogram_png` draws it with the cut-off marked, for ``inspect --spectrogram`` and for
report thumbnails.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

# A dark-to-bright colour map (black, indigo, magenta, orange, pale yellow): quiet is dark.
_ANCHORS = np.array(
    [[0, 0, 4], [60, 15, 110], [180, 55, 120], [250, 140, 40], [252, 253, 191]], dtype=float
)
RANGE_DB = 100.0  # dB shown below the loudest cell
LINE_RGB = (0, 255, 255)  # cut-off marker
TICK_RGB = (255, 255, 255)


def _colormap(values: np.ndarray) -> np.ndarray:
    """Map values in [0, 1] to uint8 RGB."""
    pos = np.clip(values, 0.0, 1.0) * (len(_ANCHORS) - 1)
    i = np.minimum(pos.astype(int), len(_ANCHORS) - 2)
    frac = (pos - i)[..., None]
    rgb = _ANCHORS[i] * (1 - frac) + _ANCHORS[i + 1] * frac
    return rgb.astype(np.uint8)


def _png(rgb: np.ndarray) -> bytes:
    """Encode an (height, width, 3) uint8 array as a PNG file."""
    h, w, _ = rgb.shape
    raw = np.concatenate([np.zeros((h, 1), np.uint8), rgb.reshape(h, w * 3)], axis=1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6))
        + chunk(b"IEND", b"")
    )


def spectrogram_png(artifact: dict, width: int | None = None, height: int | None = None) -> bytes:
    """Draw a spectrogram artifact as PNG bytes: time left to right, frequency bottom to top.

    ``artifact`` holds ``matrix`` (dB, shape (frequency bins, time columns), lowest frequency
    first), ``sample_rate``, ``duration_s`` and ``cutoff_hz`` (None when content reaches
    Nyquist). The cut-off is drawn as a cyan line; white ticks on the left mark every 5 kHz.
    ``width``/``height`` default to twice the matrix size (at least 64 x 64 pixels).
    """
    m = np.asarray(artifact["matrix"], dtype=np.float32)
    if m.ndim != 2 or not m.size:
        m = np.full((2, 2), -200.0, dtype=np.float32)
    bins, cols = m.shape
    width = max(8, int(width or max(64, 2 * cols)))
    height = max(8, int(height or max(64, 2 * bins)))
    top = float(np.max(m)) if np.isfinite(m).any() else 0.0
    norm = (np.nan_to_num(m, nan=-300.0) - (top - RANGE_DB)) / RANGE_DB
    rows = ((bins - 1) - np.arange(height) * bins // height).clip(0, bins - 1)  # high at top
    cols_idx = (np.arange(width) * cols // width).clip(0, cols - 1)
    rgb = _colormap(norm[np.ix_(rows, cols_idx)])
    nyq = (artifact.get("sample_rate") or 0) / 2
    if nyq > 0:
        for khz in range(5, int(nyq / 1000) + 1, 5):
            y = int(round((1 - khz * 1000 / nyq) * (height - 1)))
            rgb[y, : max(3, width // 40)] = TICK_RGB
        cutoff = artifact.get("cutoff_hz")
        if cutoff and 0 < cutoff < nyq:
            y = int(round((1 - cutoff / nyq) * (height - 1)))
            dash = (np.arange(width) // 6) % 2 == 0
            rgb[y, dash] = LINE_RGB
            if y + 1 < height:
                rgb[y + 1, dash] = LINE_RGB
    return _png(np.ascontiguousarray(rgb))
