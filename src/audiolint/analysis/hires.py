"""Hi-res files (88.2 kHz and up) brought up from 44.1 or 48 kHz: which rates count, and when a
lossy-origin edge under the source's wall stands (read by :mod:`audiolint.analysis.underwall`
and :mod:`audiolint.analysis.resampler_codec`; no numpy, as the verdict's modules)."""

from __future__ import annotations

from audiolint.analysis.codec_edges import AMBIGUOUS_SHARE
from audiolint.analysis.upsampled import HIRES_RATE as HIRES_RATE  # fidelity's
from audiolint.analysis.upsampled import SPREAD_DB
from audiolint.analysis.verdict import HOLES

# Converters making a 44.1 kHz file cut at 0.86-0.94 of its Nyquist frequency
# (codec_edges.AMBIGUOUS_SHARE's note), so a lossy-origin cut-off there needs a codec's own mark
# to stand (benchmarks/hires_fakes.py)
HIRES_SOURCES, HIRES_CONVERTERS = (44100, 48000), (0.86, 0.94)


def hires(sample_rate: int, rate: int) -> bool:
    """Whether a file at ``sample_rate`` is hi-res and ``rate`` a 44.1 or 48 kHz source's."""
    return sample_rate >= HIRES_RATE and rate in HIRES_SOURCES


def codec_under(measured: dict, rate: int, judged: bool = False) -> bool:
    """Whether a lossy-origin edge (``measured``: its ``cutoff_hz``, ``holes``, ``spread_db``)
    under a ``rate`` source's wall in a hi-res file stands where converters at that rate do
    not cut (under ``HIRES_CONVERTERS`` of N), or where they may with a codec's own mark: empty
    cells under it (``HOLES``) or a top band that comes and goes (``SPREAD_DB``). ``judged``:
    the verdict was judged at that rate (:func:`audiolint.analysis.verdict.judge`), whose own
    zone asks for a codec's mark (a fixed wall, joint stereo too) from ``AMBIGUOUS_SHARE`` of N
    up, so the span ends there."""
    cutoff = measured.get("cutoff_hz") or rate
    low, high = HIRES_CONVERTERS[0] * rate / 2, HIRES_CONVERTERS[1] * rate / 2
    if judged:
        high = AMBIGUOUS_SHARE * rate / 2
    if cutoff < low or cutoff > high:
        return cutoff < low or judged
    return (measured.get("holes") or 0) >= HOLES or (measured.get("spread_db") or 0) >= SPREAD_DB
