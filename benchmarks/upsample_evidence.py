"""Does an upsampled file's SOURCE hold anything a resampler's wall could have cut? (issue 11)

Used by ``rule_accuracy.py``, ``crosscheck.py`` and ``blindset.py`` to print T002's recall apart
for "evidence present" and "no evidence in the source". Nothing here reads audiolint.

The criterion, drawn from the physics, not from detector results (session 18; one revision,
below):

* What is measured is the resampler's INPUT: the 16-bit low-rate file each set fed it, made
  again exactly as its build made it (``realcorpus.py``: python-soxr HQ, rounded to 16 bits;
  ``crosscheck.py``: SoX's default ``rate`` with its dither, ``-R``; ``blindset.py``: FFmpeg's
  default swresample to ``pcm_s16le``), or the recording itself when it was at the old rate.
* A resampler's anti-imaging filter removes what would stand past the old Nyquist frequency N;
  the input has nothing past N anyway, so what marks the old rate is content that reaches close
  to N and stops there: a wall. Content that has faded into the floor a few per cent under N
  looks the same as a recording that rolls off there, whatever the resampler. Steep filters
  (most resamplers, and the down-converters that made the inputs: python-soxr HQ passes to
  0.94 N, -7 dB at 0.96 N, -33 dB at 0.98 N) begin to fall at 0.94-0.97 N, so the band is
  ``BAND``, 0.93-0.96 N, where they begin, and its level is the mean power over it. Wide
  filters (SoX ``-l``, soxr LQ, libsamplerate's fastest) fall from 0.80-0.90 N and may cut
  content under the band too: a file found there is a bonus, not evidence the criterion asks
  for. Interpolators (linear, hold, cubic, SoX ``-q``, soxr QQ: ``INTERP``) cut no wall;
  what they leave is the band under N mirrored past it, so for them the band is
  ``INTERP_BAND``, 0.50-1.0 N.
* The floor the output falls onto is its own quantisation: every upsampled file of the three
  sets is written 16-bit, so it is 16-bit rounding noise at the output rate (one LSB of a
  +-1.0 full scale, LSB^2/12 spread over the output's Nyquist band). The input's own 16-bit
  rounding (or TPDF dither, three times the power) is spread over the narrower band 0..N, so
  it stands 10 log10(new/old) dB (4.8 dB more with dither) over that floor under N: 0.4-5 dB
  from 44.1 to 48 kHz, 7.8-12.6 dB from 8 to 48 kHz. Evidence is present when the band
  stands ``EVIDENCE_DB`` (10 dB, a tenfold power) or more over that floor: hiss cut at N
  counts as much as a voice, since the wall removes both, and so does a low rate's own dither
  where it stands that high (a step in the floor at N: T002 reads it,
  ``resampler.FLOOR_STEP_DB``). The source's own floor in the band (the 10th percentile of
  its frames' band power: steady hiss) is measured and printed beside it, not used.

Under the criterion a file with no evidence cannot be told from a recording whose content ends
under N: T002 should leave it (no finding or inconclusive), and a miss there is no fault.

First drawn at 0.90-1.0 N (session 18, before any detector result was read); reading the tune
half's misses showed that band counting a source that rolls off through it as evidence
(si_instruments at 16 kHz: 19 dB over the floor at 0.91 N, 0 dB at 0.97 N, where soxr HQ's wall
falls: no wall can show), so it was narrowed to where steep walls begin. Figures with both
bands are in the commit message.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

BAND = (0.93, 0.96)
INTERP_BAND = (0.50, 1.0)
EVIDENCE_DB = 10.0
# tools of the three sets with no anti-imaging filter worth the name (their copies show images)
INTERP = ("sox-q", "samplerate-linear", "soxr-QQ", "samplerate-zoh", "ffmpeg-cubic")
FRAME = 2048
_CACHE: dict = {}


def quant_floor_density(rate: int, bits: int = 16) -> float:
    """One-sided power density (per Hz) of plain rounding to ``bits`` at ``rate`` Hz."""
    step = 2.0 ** (1 - bits)
    return step * step / 12 / (rate / 2)


def band_levels(
    x: np.ndarray, rate: int, old: int, out_rate: int, band=BAND
) -> tuple[float, float]:
    """(mean level, 10th-percentile frame level) of ``x`` (mono, at ``rate`` Hz) over ``band``
    of the old Nyquist frequency ``old / 2``, in dB over 16-bit rounding at ``out_rate``."""
    n = min(FRAME, len(x))
    w = np.hanning(n)
    frames = np.lib.stride_tricks.sliding_window_view(x, n)[:: n // 2] * w
    p = np.abs(np.fft.rfft(frames, axis=1)) ** 2 * 2 / (rate * float((w**2).sum()))
    f = np.fft.rfftfreq(n, 1 / rate)
    sel = (f >= band[0] * old / 2) & (f < min(band[1] * old / 2, rate / 2))
    if not sel.any():
        return float("nan"), float("nan")
    per = p[:, sel].mean(axis=1)
    ref = quant_floor_density(out_rate)
    return (
        float(10 * np.log10(per.mean() / ref + 1e-30)),
        float(10 * np.log10(np.percentile(per, 10) / ref + 1e-30)),
    )


def resampler_input(src: Path, old: int, how: str, native: bool) -> tuple[np.ndarray, int]:
    """The mono samples a set's resampler was fed: the source, or its 16-bit low-rate copy made
    as ``how`` ("soxr" realcorpus, "sox" crosscheck, "ffmpeg" blindset) made it."""
    import soundfile as sf

    x, sr = sf.read(str(src), dtype="float64", always_2d=True)
    if native or old == sr:
        if how == "soxr" and not native:  # realcorpus rounds the old-rate copy to 16 bits
            x = np.round(np.clip(x, -1, 1) * 32767) / 32768
        return x.mean(axis=1), sr
    if how == "soxr":
        import soxr

        low = np.round(np.clip(soxr.resample(x, sr, old), -1, 1) * 32767) / 32768
        return low.mean(axis=1), old
    with tempfile.TemporaryDirectory() as d:
        dest = Path(d) / "low.wav"
        if how == "sox":
            cmd = ["sox", "-R", str(src), "-b", "16", str(dest), "rate", str(old)]
        else:
            cmd = ["ffmpeg", "-y", "-loglevel", "error", "-i", str(src), "-ar", str(old),
                   "-c:a", "pcm_s16le", str(dest)]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True)
        y, _ = sf.read(str(dest), dtype="float64", always_2d=True)
    return y.mean(axis=1), old


def evidence(corpus: Path, r: dict, how: str) -> dict:
    """{'band_db', 'hiss_db', 'present'} for one upsampled manifest row (see the module doc).
    ``present`` is None when the source or its rates are unknown."""
    old, out_rate = int(float(r.get("old_rate") or 0)), int(float(r.get("rate") or 0))
    src = corpus / "sources" / f"{r['source']}.wav"
    native = "native" in (r.get("setting") or "")
    band = INTERP_BAND if r.get("tool") in INTERP else BAND
    key = (how, r["source"], old, out_rate, native, band)
    if key not in _CACHE:
        if not old or not out_rate or not src.exists():
            _CACHE[key] = {"band_db": float("nan"), "hiss_db": float("nan"), "present": None}
        else:
            x, rate = resampler_input(src, old, how, native)
            level, hiss = band_levels(x, rate, old, out_rate, band)
            _CACHE[key] = {"band_db": level, "hiss_db": hiss, "present": level >= EVIDENCE_DB}
    return _CACHE[key]


def split_lines(up, ev, found, right, line) -> list[str]:
    """Report lines: recall and right-rate recall for evidence present / none in the source.
    ``up`` rows, ``ev`` path -> evidence(), ``found`` / ``right`` sets of paths, ``line(name,
    hit, n)`` formats one line."""
    out = []
    for name, want in (
        ("evidence present in the source", True),
        ("no evidence in the source", False),
    ):
        sub = [r for r in up if ev[r["path"]]["present"] is want]
        out.append(line(f"   {name} (info): found", sum(r["path"] in found for r in sub), len(sub)))
        out.append(
            line(f"   {name} (info): right rate", sum(r["path"] in right for r in sub), len(sub))
        )
    return out


def miss_lines(up, ev, found, right, reported) -> list[str]:
    """Every file not found with the right rate, grouped by evidence, with its band levels."""
    out = []
    for name, want in (
        ("evidence present", True),
        ("no evidence in the source", False),
        ("unknown", None),
    ):
        bad = [r for r in up if ev[r["path"]]["present"] is want and r["path"] not in right]
        if not bad:
            continue
        out.append(f"      misses and wrong rates, {name} ({len(bad)}):")
        for r in bad:
            e, got = ev[r["path"]], reported.get(r["path"])
            what = "MISS" if r["path"] not in found else f"WRONG RATE {got}"
            out.append(
                f"        {what} {r['path']}  (true {r['old_rate']}, band {e['band_db']:.0f} dB, "
                f"its floor {e['hiss_db']:.0f} dB over 16-bit)"
            )
    return out
