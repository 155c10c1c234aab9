"""An experiment, not (yet) in audiolint: Opus decoded at 44.1 kHz, its CELT grid found again.

    python benchmarks/opus_regrid.py [--sweep /tmp/audiolint-encsweep] [--half tune|heldout]

A 44.1 kHz decode of Opus (opusdec --rate 44100, ffmpeg -ar 44100) has lost CELT's MDCT grid:
20 ms at 48 kHz is 882 samples and a fraction at 44.1 kHz. Brought back to 48 kHz on the
48 kHz lattice (the output sample m at input position m * 147 / 160, from the file's first
sample: a 64-tap Kaiser-windowed sinc in 160 phases, cut at 0.93 of 22.05 kHz: CELT codes
nothing above 20 kHz), the decode's own grid returns if the resampler was time-aligned and
the file was not cut after the decode (a cut moves the lattice by a fraction of a sample).

It reads the decodes ``encoder_sweep.py`` built (run it first): for the half's Opus settings
decoded at 44.1 kHz, and for its 48 kHz Opus decodes resampled to 44.1 kHz by soxr (HQ) and
rounded to 16 bits, how many the codec grid finds at 44.1 kHz as audiolint searches today, and
how many the CELT families (960, 480, 240) find on the spans brought to 48 kHz; the same on the
half's genuine 44.1 kHz sources (false alarms), and the CPU milliseconds per file of each
(noisy on a loaded machine). Kept as a benchmark because the search costs about as much again
as the 44.1 kHz one on every file it runs on (see the closing note of issue 11's session).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import codecgrid as cg

UP, DOWN, TAPS, CUT, BETA = 160, 147, 64, 0.93, 8.0


def _table() -> np.ndarray:
    """(UP, TAPS) interpolation filters: phase j reads TAPS inputs around position j / UP."""
    t = np.arange(TAPS)[None] - (TAPS // 2 - 1) - np.arange(UP)[:, None] / UP
    taper = np.i0(BETA * np.sqrt(np.clip(1 - (t / (TAPS / 2)) ** 2, 0, None))) / np.i0(BETA)
    return CUT * np.sinc(CUT * t) * taper


H = _table()


def to48(pos: int, x: np.ndarray) -> tuple[int, np.ndarray]:
    """A 44.1 kHz span starting at file sample ``pos``, at the 48 kHz lattice points it covers
    with TAPS / 2 inputs either side: (first lattice index, samples)."""
    m = np.arange(-(-(pos + TAPS // 2) * UP // DOWN), (pos + len(x) - TAPS // 2) * UP // DOWN)
    base, frac = np.divmod(m * DOWN, UP)
    idx = base[:, None] - pos + np.arange(TAPS)[None] - (TAPS // 2 - 1)
    y = np.einsum("ij,ij->i", x[idx].astype(np.float64), H[frac])
    return int(m[0]), y.astype(np.float32)


def regrid(spans, bits: int) -> dict | None:
    """The best CELT grid on ``spans`` (44.1 kHz) brought to the 48 kHz lattice."""
    noise = 2.0 ** -(min(bits, 16) - 1) / np.sqrt(12)
    found = []
    for family in cg.FAMILIES:
        if 48000 in family.rates:
            found += [cg.judge(r) for r in cg.search([to48(p, x) for p, x in spans], family,
                                                     noise, np.float32)]  # fmt: skip
    return max(found, key=lambda r: (r["found"], r["z"])) if found else None


def spans_of(x: np.ndarray) -> list:
    ex = cg.Excerpt()
    ex.update(x.astype(np.float32))
    return ex.spans()


def cases(sweep: Path, half: str):
    """(label, samples (frames, channels) at 44.1 kHz, bits) of the half's files."""
    import soxr

    for d in sorted((sweep / half).glob("opus*")) + sorted((sweep / half).glob("ffmpeg-libopus*")):
        for f in sorted(d.glob("*.*")):
            x, sr = sf.read(str(f), dtype="float32", always_2d=True)
            bits = 16 if sf.info(str(f)).subtype == "PCM_16" else 24
            if sr == 44100:
                yield d.name, x, bits
            elif sr == 48000:
                y = soxr.resample(x.astype(np.float64), 48000, 44100, quality="HQ")
                yield d.name + " +soxr 44.1k", np.round(y * 32767) / 32768, 16
    for f in sorted((sweep / "src" / half).glob("*.wav")):
        x, sr = sf.read(str(f), dtype="float32", always_2d=True)
        if sr == 44100:
            yield "genuine source (false alarms)", x, 16


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sweep", default="/tmp/audiolint-encsweep")
    ap.add_argument("--half", default="tune", choices=("tune", "heldout"))
    args = ap.parse_args(argv)
    sweep = Path(args.sweep)
    if not (sweep / args.half).is_dir():
        print(f"no {sweep / args.half}: run benchmarks/encoder_sweep.py first")
        return 2
    rows: dict[str, list] = collections.defaultdict(lambda: [0, 0, 0, 0.0, 0.0])
    for label, x, bits in cases(sweep, args.half):
        spans = spans_of(x)
        t0 = time.process_time()
        today = cg.measure(spans, 44100, bits)
        t1 = time.process_time()
        again = regrid(spans, bits)
        t2 = time.process_time()
        r = rows[label]
        r[0] += 1
        r[1] += bool(today and today["found"])
        r[2] += bool(again and again["found"])
        r[3] += t1 - t0
        r[4] += t2 - t1
    print(f"{args.half}: files, grid found at 44.1 kHz today, CELT grid found on the 48 kHz "
          "lattice, CPU ms per file of each")  # fmt: skip
    for label, (n, a, b, ta, tb) in rows.items():
        print(f"  {label:<40} {n:3d} {a:3d} {b:3d}   {1000 * ta / n:5.0f} {1000 * tb / n:5.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
