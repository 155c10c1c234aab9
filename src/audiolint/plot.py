"""Spectrogram pictures, written as PNG with numpy, zlib and struct only (no plotting library).

The fidelity analyser leaves a small spectrogram (dB matrix, low frequencies first, plus
sample rate, duration and detected cut-off) in ``FileReport.artifacts["spectrogram"]``;
:func:`spectrogram_png` draws it for ``inspect --spectrogram`` and for report thumbnails:
frequency in kHz up the left, time in seconds along the bottom, and a colour key in dBFS on
the right. The colour scale is absolute (:data:`FLOOR_DBFS` is black, :data:`CEIL_DBFS` the
brightest colour), so a quiet file looks dark and two files compare by eye. The cut-off is a
dashed cyan line labelled with its frequency.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import numpy as np

from audiolint import plotfont

# A dark-to-bright colour map (black, indigo, magenta, orange, pale yellow): quiet is dark.
_ANCHORS = np.array(
    [[0, 0, 4], [60, 15, 110], [180, 55, 120], [250, 140, 40], [252, 253, 191]], dtype=float
)
# Each cell's level, dB relative to a full-scale sine in that band (the analyser's 0 dB).
FLOOR_DBFS, CEIL_DBFS = -120.0, 0.0
LINE_RGB = (0, 255, 255)  # cut-off marker and its label
BACKGROUND = (255, 255, 255)
INK = (29, 35, 42)


def colormap(values: np.ndarray) -> np.ndarray:
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


@dataclass(frozen=True)
class Layout:
    """Where the parts of a picture go: the plot area is rows ``top:bottom`` and columns
    ``left:right``; the colour key is columns ``key_left:key_right`` of the same rows."""

    width: int
    height: int
    scale: int
    left: int
    right: int
    top: int
    bottom: int
    key_left: int
    key_right: int


def layout(width: int, height: int) -> Layout:
    """The layout of a ``width`` x ``height`` picture (labels twice as large from 600x240)."""
    s = 2 if width >= 600 and height >= 240 else 1
    glyph_w, glyph_h = plotfont.ADVANCE * s, plotfont.GLYPH_H * s
    left = 3 * glyph_w + 4 * s  # "20" and a tick; "kHz" sits above
    right = width - (4 * glyph_w + 14 * s)  # gap, key bar, gap, "-120"
    top, bottom = glyph_h * 3 // 2 + 5 * s, height - (glyph_h + 6 * s)  # units above
    key_left = right + 4 * s
    return Layout(width, height, s, left, right, top, bottom, key_left, key_left + 6 * s)


def _step(span: float, room: int, steps=(1, 2, 5)) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most ``room`` ticks."""
    room = max(1, room)
    scale = 10.0 ** np.floor(np.log10(max(span / room, 1e-9)))
    for mult in (*steps, 10):
        if span / (mult * scale) <= room:
            return mult * scale
    return 10 * scale


def _label(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _ticks(span: float, step: float) -> list[float]:
    """0, step, 2 step... up to ``span`` (computed as multiples, so no error builds up)."""
    return [round(i * step, 9) for i in range(int(span / step + 1e-9) + 1)]


def _axes(rgb: np.ndarray, lay: Layout, nyquist: float, duration: float) -> None:
    s, (gw, gh) = lay.scale, plotfont.size("0", lay.scale)
    ph, pw = lay.bottom - lay.top, lay.right - lay.left
    plotfont.draw(rgb, "kHz", 1, 2 * s, INK, s)
    if nyquist > 0:
        span = nyquist / 1000
        for khz in _ticks(span, _step(span, max(1, ph // (gh * 3)))):
            y = lay.bottom - 1 - int(round(khz / span * (ph - 1)))
            rgb[y, lay.left - 3 * s : lay.left] = INK
            text = _label(khz)
            tw, _ = plotfont.size(text, s)
            plotfont.draw(rgb, text, lay.left - 4 * s - tw, y - gh // 2, INK, s)
    if duration > 0:
        for t in _ticks(duration, _step(duration, max(1, pw // (gw * 7)))):
            x = lay.left + int(round(t / duration * (pw - 1)))
            rgb[lay.bottom : lay.bottom + 3 * s, x] = INK
            text = _label(t)
            tw, _ = plotfont.size(text, s)
            plotfont.draw(rgb, text, min(x - tw // 2, lay.right - tw), lay.bottom + 4 * s, INK, s)
    plotfont.draw(rgb, "s", lay.right + 4 * s, lay.bottom + 4 * s, INK, s)


def _key(rgb: np.ndarray, lay: Layout) -> None:
    """The colour key: the scale from CEIL_DBFS (top) to FLOOR_DBFS, labelled in dBFS."""
    s, (_, gh) = lay.scale, plotfont.size("0", lay.scale)
    ph = lay.bottom - lay.top
    levels = np.linspace(1.0, 0.0, ph)[:, None]
    rgb[lay.top : lay.bottom, lay.key_left : lay.key_right] = colormap(levels)
    plotfont.draw(rgb, "dBFS", lay.key_left, 2 * s, INK, s)
    span = CEIL_DBFS - FLOOR_DBFS
    for below in _ticks(span, _step(span, max(1, ph // (gh * 2)), steps=(2, 4, 5))):
        y = lay.top + int(round(below / span * (ph - 1)))
        plotfont.draw(rgb, _label(CEIL_DBFS - below), lay.key_right + 3 * s, y - gh // 2, INK, s)


def _cutoff(rgb: np.ndarray, lay: Layout, cutoff: float, nyquist: float) -> None:
    s, ph = lay.scale, lay.bottom - lay.top
    y = lay.bottom - 1 - int(round(cutoff / nyquist * (ph - 1)))
    dash = (np.arange(lay.right - lay.left) // (6 * s)) % 2 == 0  # starts with a dash
    for dy in range(s + 1):
        if lay.top <= y + dy < lay.bottom:
            rgb[y + dy, lay.left : lay.right][dash] = LINE_RGB
    text = f"cutoff {cutoff / 1000:.1f} kHz"
    tw, th = plotfont.size(text, s)
    ty = y - th - 3 * s if y - th - 3 * s >= lay.top else y + 3 * s  # above the line if it fits
    x = lay.right - tw - 2 * s
    rgb[max(lay.top, ty - s) : ty + th + s, x - s : x + tw + s] = (0, 0, 0)
    plotfont.draw(rgb, text, x, ty, LINE_RGB, s)


def render(artifact: dict, width: int | None = None, height: int | None = None) -> np.ndarray:
    """The spectrogram picture as an (height, width, 3) uint8 array (see
    :func:`spectrogram_png`)."""
    m = np.asarray(artifact["matrix"], dtype=np.float32)
    if m.ndim != 2 or not m.size:
        m = np.full((2, 2), FLOOR_DBFS - 100, dtype=np.float32)
    bins, cols = m.shape
    width = max(160, int(width or max(480, 2 * cols + 80)))
    height = max(96, int(height or max(192, 2 * bins + 40)))
    lay = layout(width, height)
    rgb = np.empty((height, width, 3), np.uint8)
    rgb[:] = BACKGROUND
    ph, pw = lay.bottom - lay.top, lay.right - lay.left
    norm = (np.nan_to_num(m, nan=FLOOR_DBFS - 100) - FLOOR_DBFS) / (CEIL_DBFS - FLOOR_DBFS)
    rows = ((bins - 1) - np.arange(ph) * bins // ph).clip(0, bins - 1)  # high at top
    cols_idx = (np.arange(pw) * cols // pw).clip(0, cols - 1)
    rgb[lay.top : lay.bottom, lay.left : lay.right] = colormap(norm[np.ix_(rows, cols_idx)])
    nyquist = (artifact.get("sample_rate") or 0) / 2
    _axes(rgb, lay, nyquist, float(artifact.get("duration_s") or 0.0))
    _key(rgb, lay)
    cutoff = artifact.get("cutoff_hz")
    if nyquist > 0 and cutoff and 0 < cutoff < nyquist:
        _cutoff(rgb, lay, float(cutoff), nyquist)
    return rgb


def spectrogram_png(artifact: dict, width: int | None = None, height: int | None = None) -> bytes:
    """Draw a spectrogram artifact as PNG bytes: time left to right, frequency bottom to top.

    ``artifact`` holds ``matrix`` (dB relative to a full-scale sine, shape (frequency bins,
    time columns), lowest frequency first), ``sample_rate``, ``duration_s`` and ``cutoff_hz``
    (None when content reaches Nyquist). ``width``/``height`` are the whole picture's, axes
    and key included (by default at least 480 x 192 pixels); :func:`layout` says where the
    plot area is.
    """
    return _png(np.ascontiguousarray(render(artifact, width, height)))


def why_none(fidelity: dict | None, signal: dict | None, duration_s: float | None) -> str:
    """Why a file has no spectrogram to draw, as its report measured it: its signal was not
    analysed (unreadable, or the analysis failed), or the fidelity analysis found too little
    to judge (under half a second, or a mean level below -100 dBFS: silence)."""
    if fidelity is None:
        return "its signal was not analysed (see its findings)"
    if duration_s is not None and duration_s < 0.5:
        return f"{duration_s:.2f} s long, under the 0.5 s a spectrum needs"
    if signal is not None and signal.get("peak_dbfs") is None and signal.get("rms_dbfs") is None:
        return "every sample is zero: there is nothing to draw"
    return "too little to judge: under 0.5 s decoded, or a mean level below -100 dBFS"
