"""Opus decoded at 44.1 kHz: CELT's grid found again, by a search and by audiolint's opusgrid.

    python benchmarks/opus_regrid.py [--sweep /tmp/audiolint-encsweep] [--half tune|heldout]
    python benchmarks/opus_regrid.py --cost REV,REV... [--rounds 3]

A 44.1 kHz decode of Opus (opusdec --rate 44100, ffmpeg -ar 44100) has lost CELT's MDCT grid:
20 ms at 48 kHz is 882 samples and a fraction at 44.1 kHz. Brought back to 48 kHz on the
48 kHz lattice (:func:`audiolint.analysis.lattice.to48`), the decode's own grid returns if the
resampler was time-aligned (opusdec's and FFmpeg's swresample are) and the file was not cut
after the decode at a sample not a multiple of 147.

It reads the decodes ``encoder_sweep.py`` built (run it first; every file in each setting's
folder, so earlier runs' rotations count too): for the half's Opus settings decoded at 44.1 kHz,
and for its 48 kHz Opus decodes resampled to 44.1 kHz by soxr (HQ) and rounded to 16 bits, how
many the codec grid finds at 44.1 kHz as audiolint searched before opusgrid, how many a full
search of CELT's 20 ms grid on the spans brought to 48 kHz finds (:func:`regrid`, an experiment
not in audiolint), and how many audiolint's opusgrid finds (no search: libopus's pre-skip
offsets, every frame the spans hold); the same on the half's genuine 44.1 kHz sources (false
alarms), and the CPU milliseconds per file of each (noisy on a loaded machine).

``--cost`` measures the fidelity analyser's CPU (decode apart, one BLAS thread) on the
realcorpus tune half's 44.1 kHz WAV and FLAC files (every third) and its 48 kHz ones, at each
commit given (``git archive``), taking turns each round, best of ``--rounds``.

The search was left out of audiolint for its cost and its yield: +23% of the fidelity
analyser's CPU on the realcorpus tune half's 44.1 kHz non-lossy WAVs (issue 11, load ~16), and
it finds fewer than opusgrid, which counts more frames at two offsets. Tune, 10 files a setting
(load ~15): the search 32/90, opusgrid 61/90, genuine sources 0/16 for both; about 24 and 8
ms CPU a file (4 on the genuine sources, where the offsets beside the candidates are not
counted once the candidates' share falls short). Held out, 16 files a setting (read after,
not tuned on): the search 63/144, opusgrid 117/144, genuine sources 0/14 for both.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import codecgrid as cg

FAMILY = cg.FAMILIES[1]  # CELT's 20 ms frames (opusenc's and FFmpeg's default)


def regrid(spans, bits: int) -> dict | None:
    """CELT's 20 ms grid on ``spans`` (44.1 kHz) brought to the 48 kHz lattice, judged as
    :func:`audiolint.analysis.codecgrid.search_at` judges a grid (offset in 48 kHz samples)."""
    try:  # (not at the top: --cost runs old trees, where opusgrid held the lattice)
        from audiolint.analysis import lattice as og
    except ImportError:
        from audiolint.analysis import opusgrid as og

    noise = 2.0 ** -(min(bits, cg.COARSE_BITS) - 1) / np.sqrt(12)
    found = cg.search([og.to48(p, x) for p, x in spans if len(x) > og.TAPS], FAMILY, noise)
    return cg.judge(found[0]) if found else None


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


def cost_files(corpus: Path) -> dict[str, list[str]]:
    """``--cost``: the realcorpus tune half's 44.1 kHz WAV and FLAC files (every third) and its
    48 kHz ones (all), where the fidelity analyser may count Opus's grid."""
    import csv

    with open(corpus / "manifest.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["half"] == "tune"]
    out = {}
    for rate, step in (("44100", 3), ("48000", 1)):
        paths = [
            r["path"] for r in rows if r["rate"] == rate and r["path"].endswith((".wav", ".flac"))
        ]
        out[rate] = [str(corpus / p) for p in paths[::step]]
    return out


def cost_worker(corpus: Path) -> None:
    """One round in this process: the fidelity analyser's CPU seconds per rate (decode apart,
    one BLAS thread), and the audio's seconds, as JSON on stdout."""
    from threadpoolctl import threadpool_limits

    from audiolint import pipeline
    from audiolint.analysis import fidelity
    from audiolint.probe import decode

    out = {}
    with threadpool_limits(limits=1):
        for rate, paths in cost_files(corpus).items():
            cpu = audio = 0.0
            for path in paths:
                props = pipeline.probe_safely(Path(path)).properties
                blocks = list(decode.blocks(Path(path), props.container, decoder=props.decoder))
                audio += sum(map(len, blocks)) / props.sample_rate
                start = time.process_time()
                analyser = fidelity.factory(props.sample_rate, blocks[0].shape[1], props)
                for block in blocks:
                    analyser.update(block)
                analyser.result()
                cpu += time.process_time() - start
            out[rate] = [cpu, audio, len(paths)]
    print(json.dumps(out))


def cost(revs: list[str], corpus: Path, rounds: int) -> int:
    """The fidelity analyser's CPU on 44.1 and 48 kHz files at each commit of ``revs`` (their
    src/ exported by git archive), taking turns each round; best of ``rounds``."""
    repo = Path(__file__).resolve().parents[1]
    runs: dict[str, list] = {rev: [] for rev in revs}
    with tempfile.TemporaryDirectory() as tmp:
        for i, rev in enumerate(revs):
            tar = subprocess.run(["git", "-C", str(repo), "archive", rev, "src"],
                                 capture_output=True, check=True).stdout  # fmt: skip
            Path(tmp, str(i)).mkdir()
            subprocess.run(["tar", "-x", "-C", str(Path(tmp, str(i)))], input=tar, check=True)
        for _ in range(rounds):
            for i, rev in enumerate(revs):
                env = dict(os.environ, PYTHONPATH=f"{tmp}/{i}/src")
                cmd = [sys.executable, __file__, "--cost-worker", "--corpus", str(corpus)]
                done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
                runs[rev].append(json.loads(done.stdout))
    print(f"fidelity analyser CPU, ms per file, best of {rounds} (one BLAS thread, taking "
          "turns; a shared machine: noisy)")  # fmt: skip
    for rate in runs[revs[0]][0]:
        cells = []
        for rev in revs:
            cpu = min(r[rate][0] for r in runs[rev])
            _, audio, n = runs[rev][0][rate]
            cells.append(f"{rev}: {1000 * cpu / n:6.1f} ({audio / cpu:4.0f}x real time)")
        print(f"  {rate} Hz, {n} files: " + "   ".join(cells))
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sweep", default="/tmp/audiolint-encsweep")
    ap.add_argument("--half", default="tune", choices=("tune", "heldout"))
    ap.add_argument("--cost", help="REV,REV...: the fidelity analyser's CPU at these commits")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", default="/tmp/audiolint-realcorpus")
    ap.add_argument("--cost-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.cost_worker:
        cost_worker(Path(args.corpus))
        return 0
    if args.cost:
        return cost(args.cost.split(","), Path(args.corpus), args.rounds)
    sweep = Path(args.sweep)
    if not (sweep / args.half).is_dir():
        print(f"no {sweep / args.half}: run benchmarks/encoder_sweep.py first")
        return 2
    from audiolint.analysis import opusgrid as og

    rows: dict[str, list] = collections.defaultdict(lambda: [0, 0, 0, 0, 0.0, 0.0, 0.0])
    for label, x, bits in cases(sweep, args.half):
        spans = spans_of(x)
        t0 = time.process_time()
        today = cg.measure(spans, 44100, bits)
        t1 = time.process_time()
        again = regrid(spans, bits)
        t2 = time.process_time()
        at = og.measure(spans, 44100, bits)
        fixed = bool(at and at["found"])
        t3 = time.process_time()
        r = rows[label]
        r[0] += 1
        r[1] += bool(today and today["found"])
        r[2] += bool(again and again["found"])
        r[3] += fixed
        r[4:] = [r[4] + t1 - t0, r[5] + t2 - t1, r[6] + t3 - t2]
    print(f"{args.half}: files, grid found at 44.1 kHz today, CELT grid found on the 48 kHz "
          "lattice by a search and by audiolint's opusgrid, CPU ms per file of each")  # fmt: skip
    for label, (n, a, b, c, ta, tb, tc) in rows.items():
        ms = " ".join(f"{1000 * t / n:5.1f}" for t in (ta, tb, tc))
        print(f"  {label:<40} {n:3d} {a:3d} {b:3d} {c:3d}   {ms}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
