"""One file's repair: decode once, then DC, channels, trim, resample, loudness, dither, write.

The order matters. The edge silence is judged as RVC's slicer and audiolint's S002 judge it
(20 ms frames against -42 dBFS, :mod:`audiolint.analysis.silence`) on the signal *at its final
level*, so the loudness gain is estimated first. Loudness and true peak are measured with the
project's own meters (:mod:`audiolint.analysis.loudness`, :mod:`audiolint.analysis.levels`) on
the signal as it will be written (after resampling), so the figures in the manifest are the
ones ``audiolint check`` reads back. Resampling is down only, with libsoxr's high-quality
filter; quantisation to 16 or 24 bits adds TPDF dither (two uniform variables, +-1 LSB), with a
seed taken from the output name so a re-run writes the same bytes.
"""

from __future__ import annotations

import math
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import fingerprint
from audiolint.analysis.levels import TruePeak
from audiolint.analysis.loudness import Loudness
from audiolint.analysis.silence import THRESHOLD_DB, Silence
from audiolint.errors import CorruptFileError, MissingExtraError
from audiolint.fixer.plan import FixOptions, Job
from audiolint.probe import decode

TP_HEADROOM_DB = 0.1  # under the ceiling, for the rounding of the written samples
DC_NOTE = 0.001  # a mean offset worth naming among the actions (S003 warns from 0.01)
SUBTYPES = {16: "PCM_16", 24: "PCM_24"}
FORMATS = {"flac": "FLAC", "wav": "WAV"}
MIN_LENGTH_S = 1.0  # Q005's shortest useful clip: a copy trimmed shorter is left out


@dataclass(frozen=True)
class Outcome:
    """What processing one file did (or why it did not write it)."""

    actions: tuple[str, ...] = ()
    written: bool = False
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    duration_s: float | None = None
    excluded: str = ""  # found only while processing: silent once measured, say
    error: str = ""  # decoding failed, or audiolint did
    excluded_by: str = "fix"  # the rule behind ``excluded`` (D003 for a copy found twice)
    fingerprint: dict | None = None  # of the copy, when the run compares the copies again


def _db(value: float) -> float | None:
    return 20.0 * math.log10(value) if value > 0 else None


def _blocks(x: np.ndarray):
    """``x`` in decode-sized blocks: the meters stream, so their float64 working copies stay
    block-sized whatever the file's length."""
    for at in range(0, len(x), decode.BLOCK_FRAMES):
        yield x[at : at + decode.BLOCK_FRAMES]


def measure(x: np.ndarray, rate: int) -> tuple[float | None, float | None]:
    """(integrated loudness LUFS, true peak dBTP) of ``x`` (frames, channels)."""
    meter, peak = Loudness(rate, x.shape[1]), TruePeak(x.shape[1])
    for block in _blocks(x):
        meter.update(block)
        peak.update(block)
    peak.update(np.zeros((64, x.shape[1]), np.float32))  # the filter's ring past the end
    return meter.result()["loudness_lufs"], _db(peak.peak)


def edges(x: np.ndarray, rate: int, gain: float = 1.0) -> tuple[int, int]:
    """(first, last + 1) sample of the span S002 calls sound; first >= last when none is."""
    meter = Silence(rate, x.shape[1])
    for block in _blocks(x):
        meter.update(block * np.float32(gain))
    result = meter.result()
    lead = round(result["leading_silence_s"] * rate)
    trail = round(result["trailing_silence_s"] * rate)
    return min(lead, len(x)), max(0, len(x) - trail)


def _means(x: np.ndarray) -> np.ndarray:
    """Each channel's mean, in float64 (a strided ``mean(axis=0)`` is several times slower)."""
    if not len(x):
        return np.zeros(x.shape[1])
    return np.array([np.add.reduce(np.ascontiguousarray(x[:, c]), dtype=np.float64)
                     for c in range(x.shape[1])]) / len(x)  # fmt: skip


def _decode(job: Job) -> np.ndarray:
    parts = list(decode.blocks(job.source, job.container, decoder=job.decoder))
    if not parts:
        return np.zeros((0, job.channels or 1), np.float32)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _channels(x: np.ndarray, job: Job, opts: FixOptions, actions: list[str]) -> np.ndarray:
    if x.shape[1] < 2:
        return x
    if job.anti_phase:
        energy = np.einsum("ij,ij->j", x[:, :2], x[:, :2], dtype=np.float64)
        keep = int(np.argmax(energy))
        if opts.mono:
            actions.append(f"anti-phase channels: kept channel {keep + 1}, the louder")
            return np.ascontiguousarray(x[:, keep : keep + 1])
        x[:, 1 - keep] *= -1.0
        actions.append(f"anti-phase channels: inverted channel {2 - keep}")
        return x
    if opts.mono:
        actions.append(f"mixed {x.shape[1]} channels to mono")
        return (x @ np.full((x.shape[1], 1), 1.0 / x.shape[1], np.float32)).astype(np.float32)
    return x


def _gain(x: np.ndarray, rate: int, opts: FixOptions) -> float | None:
    """The gain in dB that meets the loudness target under the ceiling; None: no loudness."""
    if opts.loudness is None:
        return 0.0
    meter = Loudness(rate, x.shape[1])
    for block in _blocks(x):
        meter.update(block)
    lufs, peak = meter.result()["loudness_lufs"], _db(float(np.abs(x).max(initial=0.0)))
    if lufs is None or peak is None:
        return None
    # the sample peak stands in for the true peak here: this gain only places the trim
    return min(opts.loudness - lufs, opts.ceiling_dbtp - TP_HEADROOM_DB - peak)


def _trim(x: np.ndarray, rate: int, gain_db: float, opts: FixOptions, actions: list[str]):
    """``x`` without its edge silence (whole with --no-trim), or the reason to leave it out:
    no sound at the final level, or a copy shorter than Q005's shortest clip once trimmed."""
    first, end = edges(x, rate, 10.0 ** (gain_db / 20.0))
    if end <= first:
        return f"silent at the final level: nothing above {THRESHOLD_DB:g} dBFS"
    if opts.trim:
        margin = round(opts.margin_s * rate)
        a, b = max(0, first - margin), min(len(x), end + margin)
        cut = [f"{n / rate:.2f} s at the {at}" for n, at in ((a, "start"), (len(x) - b, "end"))]
        cut = [c for c in cut if not c.startswith("0.00")]
        if cut:
            actions.append(f"trimmed {' and '.join(cut)}")
        x = x[a:b]
    if len(x) < MIN_LENGTH_S * rate:
        return f"too short once trimmed: {len(x) / rate:.2f} s (under {MIN_LENGTH_S:g} s)"
    return x


def _quantise(x: np.ndarray, bits: int, rng: np.random.Generator) -> np.ndarray:
    """Round to ``bits`` with TPDF dither; int16, or int32 holding 24 bits (libsndfile's way)."""
    scale = float(1 << (bits - 1))
    # float32's 24-bit mantissa holds a 16-bit sample plus its dither exactly; 24 bits need more
    y = x * np.float32(scale) if bits == 16 else x.astype(np.float64) * scale
    y += rng.random(x.shape, dtype=np.float32)
    y -= rng.random(x.shape, dtype=np.float32)
    np.round(y, out=y)
    np.clip(y, -scale, scale - 1, out=y)
    return y.astype(np.int16) if bits == 16 else (y.astype(np.int32) << 8)


def _write(out: Path, x: np.ndarray, rate: int, opts: FixOptions, seed: int) -> None:
    """Dither and write ``x`` block by block (no whole-file integer copy); a file left half
    written by a failure is removed."""
    rng = np.random.default_rng(seed)
    kind = {"subtype": SUBTYPES[opts.bits], "format": FORMATS[opts.fmt]}
    try:
        with sf.SoundFile(os.fsencode(out), "w", rate, x.shape[1], **kind) as f:
            for block in _blocks(x):
                f.write(_quantise(block, opts.bits, rng))
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _fingerprint(x: np.ndarray, rate: int) -> dict:
    """The D003 fingerprint of the copy as written (before dither, which it cannot see)."""
    meter = fingerprint.factory(rate, x.shape[1])
    for block in _blocks(x):
        meter.update(block)
    return meter.result()


def process(job: Job, opts: FixOptions, dst: Path, recheck: bool = False) -> Outcome:
    """Write ``job``'s repaired copy under ``dst``; raises only on audiolint's own failures.
    ``recheck``: also return the copy's fingerprint, to look for duplicates among the copies."""
    try:
        x = _decode(job)
    except (CorruptFileError, MissingExtraError) as exc:
        return Outcome(error=str(exc))
    rate, actions = job.sample_rate, []
    if x.dtype.kind == "f" and not np.isfinite(x).all():  # as the analysers read them
        np.nan_to_num(x, copy=False, nan=0.0, posinf=1.0, neginf=-1.0)
    x = _channels(x, job, opts, actions)
    gain = _gain(x, rate, opts)
    if gain is None:
        return Outcome(tuple(actions), excluded="no measurable loudness: silent")
    x = _trim(x, rate, gain, opts, actions)
    if isinstance(x, str):
        return Outcome(tuple(actions), excluded=x)
    # DC last before resampling (which keeps it): of what is kept, once, on the mixed channels.
    # The loudness filter and the silence frames ignore DC, so the steps above did not need it.
    dc = _means(x)
    x -= dc.astype(np.float32)
    if np.abs(dc).max(initial=0.0) >= DC_NOTE:
        actions.append(f"removed a DC offset of {np.abs(dc).max():.4f} of full scale")
    if rate > job.out_rate:
        import soxr

        x = soxr.resample(x, rate, job.out_rate, quality="HQ")
        actions.append(f"resampled {rate} Hz to {job.out_rate} Hz")
        rate = job.out_rate
    lufs, tp = measure(x, rate)
    if lufs is None or tp is None:
        return Outcome(tuple(actions), excluded="no measurable loudness: silent")
    if opts.loudness is None:  # level kept, unless a sample (after resampling) would clip
        gain = min(0.0, -TP_HEADROOM_DB - _db(float(np.abs(x).max())))
    else:
        gain = min(opts.loudness - lufs, opts.ceiling_dbtp - TP_HEADROOM_DB - tp)
        held = opts.loudness - lufs - gain > 0.05
        why = f" (held by the {opts.ceiling_dbtp:g} dBTP ceiling)" if held else ""
        actions.append(f"gain {gain:+.1f} dB: {lufs + gain:.1f} LUFS{why}")
    x *= np.float32(10.0 ** (gain / 20.0))
    out = dst / job.output
    out.parent.mkdir(parents=True, exist_ok=True)
    _write(out, x, rate, opts, zlib.crc32(job.output.encode()))
    actions.append(f"wrote {opts.bits}-bit {opts.fmt.upper()}")
    return Outcome(
        tuple(actions),
        written=True,
        fingerprint=_fingerprint(x, rate) if recheck else None,
        loudness_lufs=round(lufs + gain, 2),
        true_peak_dbtp=round(tp + gain, 2),
        sample_rate=rate,
        channels=x.shape[1],
        duration_s=round(len(x) / rate, 3),
    )
