"""An experiment, not in audiolint: Opus decoded at 44.1 kHz, its CELT grid found again.

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
how many CELT's 20 ms grid is found for on the spans brought to 48 kHz (:func:`regrid`); the
same on the half's genuine 44.1 kHz sources (false alarms), and the CPU milliseconds per file
of each (noisy on a loaded machine). Not in the fidelity analyser because of that cost: the
search costs about as much as the 44.1 kHz one and would run on every 44.1 kHz lossless file
no other grid explains (issue 11: +23% of the fidelity analyser's CPU on the realcorpus tune
half's 44.1 kHz non-lossy WAVs, every third, 50 files, load ~16; 0% at 48 kHz), for T001 on
benchmarks/encoder_sweep.py tune 210 -> 218/264 (Opus 40 -> 48/72), held-out 243 -> 245/264,
crosscheck.py lossy 83 -> 84/96, no new false alarm (rule_accuracy.py and genuine_sweep.py
unchanged). opusdec and FFmpeg's swresample keep time with the 48 kHz stream: a cut after
the decode at a sample not a multiple of 147 loses the lattice.

A third column needs no search: an uncut decode of libopus (opusenc, FFmpeg's libopus, PyAV)
has CELT's grid at offset 228 on the 48 kHz lattice (:data:`PRESKIP_OFFSET`: the 312-sample
pre-skip), where :func:`at_preskip` pools every span. Its first figures (not yet wired into
audiolint nor run through the other benchmarks): tune 38 of 72 Opus 44.1 kHz decodes (the
search: 26), held-out 46/72 (31), genuine sources 0/16 and 0/14, about 6 ms CPU a file
against the search's 20 (load ~16). A file cut after the decode, or an encoder with another
pre-skip, would be missed.
"""

from __future__ import annotations

import argparse
import collections
import functools
import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import codecgrid as cg

UP, DOWN = 160, 147  # 48 kHz / 44.1 kHz in lowest terms
TAPS, CUT, BETA = 64, 0.93, 8.0  # CELT codes nothing above 20 kHz: 0.93 of 22.05 kHz keeps it
FAMILY = cg.FAMILIES[1]  # CELT's 20 ms frames (opusenc's and FFmpeg's default)


@functools.lru_cache(maxsize=1)
def _matrix() -> np.ndarray:
    """(DOWN + TAPS - 1, UP): column j turns the inputs of one 147-sample block (and TAPS - 1
    after it) into the block's 48 kHz sample j, at input position j * 147 / 160 + TAPS / 2 - 1
    in it: a Kaiser-windowed sinc, shifted to that sample's phase."""
    j = np.arange(UP)
    base, frac = np.divmod(j * DOWN, UP)
    t = np.arange(TAPS)[None] - (TAPS // 2 - 1) - frac[:, None] / UP
    taper = np.i0(BETA * np.sqrt(np.clip(1 - (t / (TAPS / 2)) ** 2, 0, None))) / np.i0(BETA)
    m = np.zeros((DOWN + TAPS - 1, UP))
    for col in j:
        m[base[col] : base[col] + TAPS, col] = CUT * np.sinc(CUT * t[col]) * taper[col]
    return m.astype(np.float32)


def to48(pos: int, x: np.ndarray) -> tuple[int, np.ndarray]:
    """A 44.1 kHz span starting at file sample ``pos``, at the 48 kHz lattice points it covers
    in whole blocks of 160 with TAPS / 2 inputs either side: (first lattice index, samples).
    One matrix product: every 147-sample block of inputs times :func:`_matrix`."""
    width = DOWN + TAPS - 1
    first = -(-(pos + TAPS // 2 - 1) // DOWN)  # the first block whose taps start in the span
    start = first * DOWN - (TAPS // 2 - 1) - pos
    blocks = (len(x) - start - width) // DOWN + 1
    if blocks <= 0:
        return first * UP, np.zeros(0, np.float32)
    x = np.ascontiguousarray(x, np.float32)
    view = np.lib.stride_tricks.as_strided(
        x[start:], (blocks, width), (DOWN * x.strides[0], x.strides[0]), writeable=False
    )
    return first * UP, (view @ _matrix()).ravel()


def regrid(spans, bits: int) -> dict | None:
    """CELT's 20 ms grid on ``spans`` (44.1 kHz) brought to the 48 kHz lattice, judged as
    :func:`audiolint.analysis.codecgrid.search_at` judges a grid (offset in 48 kHz samples)."""
    noise = 2.0 ** -(min(bits, cg.COARSE_BITS) - 1) / np.sqrt(12)
    found = cg.search([to48(p, x) for p, x in spans if len(x) > TAPS], FAMILY, noise)
    return cg.judge(found[0]) if found else None


# Where an uncut libopus decode (opusenc, FFmpeg's libopus, PyAV) puts CELT's 20 ms grid on the
# 48 kHz lattice: its 312-sample pre-skip (the encoder's lookahead, which decoders drop) leaves
# the MDCT frames at offset 228. Every grid the search above found on the tune half sat there.
PRESKIP_OFFSET = 228
# offsets the share there is compared with (a steady periodic signal's zeros come back one
# period later): 2-8 samples either side, and every 37th sample round the frame
OTHERS = sorted(
    {(PRESKIP_OFFSET + d) % 960 for d in [*range(2, 9), -2, -3, -5, -8, *range(30, 960, 37)]}
)


def _shares(frames, win, noise, offsets) -> np.ndarray:
    """(zeros, loud) per offset, pooled over spans: one frame per span at each offset (file
    positions modulo 960), all transformed in one batch."""
    rows, owner = [], []
    for i, o in enumerate(offsets):
        for pos, f in frames:
            start = (o - pos) % 960
            if start < len(f):
                rows.append(f[start])
                owner.append(i)
    small, loud = cg.zero_counts(cg.mdct(np.stack(rows), win), noise)
    owner = np.array(owner)
    return np.stack(
        [np.bincount(owner, small, len(offsets)), np.bincount(owner, loud, len(offsets))], 1
    )


def at_preskip(spans, bits: int) -> bool:
    """CELT's grid at :data:`PRESKIP_OFFSET` on the 48 kHz lattice, judged by the codec grid's
    thresholds (zero share, 2x over half a frame off, z, count) and standing
    :data:`codecgrid.MIN_PEAK` times over every one of :data:`OTHERS`: no search."""
    noise = 2.0 ** -(min(bits, cg.COARSE_BITS) - 1) / np.sqrt(12)
    frames = [(p, cg._frames(cg._prepared(y, FAMILY, np.float32), 960))
              for p, y in (to48(p, x) for p, x in spans if len(x) > TAPS)]  # fmt: skip
    if not frames:
        return False
    win = cg.window("celt", 960).astype(np.float32)
    counts = _shares(frames, win, noise, [PRESKIP_OFFSET, PRESKIP_OFFSET + 480, *OTHERS])
    (k, m), (k_off, m_off) = counts[0], counts[1]
    share, off, z = cg.significance(int(k), int(m), int(k_off), int(m_off))
    rest = max(c[0] / max(c[1], 1) for c in counts[2:])
    return bool(m >= cg.MIN_COEFS and share >= cg.MIN_SHARE and share >= cg.RATIO * off
                and z >= cg.MIN_Z and share >= cg.MIN_PEAK * rest)  # fmt: skip


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
    rows: dict[str, list] = collections.defaultdict(lambda: [0, 0, 0, 0, 0.0, 0.0, 0.0])
    for label, x, bits in cases(sweep, args.half):
        spans = spans_of(x)
        t0 = time.process_time()
        today = cg.measure(spans, 44100, bits)
        t1 = time.process_time()
        again = regrid(spans, bits)
        t2 = time.process_time()
        fixed = at_preskip(spans, bits)
        t3 = time.process_time()
        r = rows[label]
        r[0] += 1
        r[1] += bool(today and today["found"])
        r[2] += bool(again and again["found"])
        r[3] += fixed
        r[4:] = [r[4] + t1 - t0, r[5] + t2 - t1, r[6] + t3 - t2]
    print(f"{args.half}: files, grid found at 44.1 kHz today, CELT grid found on the 48 kHz "
          "lattice by a search and at the pre-skip's offset, CPU ms per file of each")  # fmt: skip
    for label, (n, a, b, c, ta, tb, tc) in rows.items():
        ms = " ".join(f"{1000 * t / n:5.1f}" for t in (ta, tb, tc))
        print(f"  {label:<40} {n:3d} {a:3d} {b:3d} {c:3d}   {ms}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
