"""The fidelity analyser as of a git revision and as it is now, record by record, on the corpus.

    python benchmarks/fidelity_against.py REV [--corpus DIR] [--part I --of K]

Every lossless file of the corpus ``benchmarks/realcorpus.py`` builds (default
/tmp/audiolint-realcorpus; it says so and exits when the corpus is missing) is decoded once and
its blocks fed to :mod:`audiolint.analysis.fidelity` as of REV (``git show``, the rest of the
package as it is now) and to the work tree's, side by side. It prints every file whose record
differs (the plot's spectrogram left out), counting apart the files where only ``codec_grid``
went from a record to null (the search skipped when no grid could change the verdict, issue
15), and the CPU seconds of both. ``--part I --of K`` takes every K-th file from the I-th, so
that K processes can share the corpus. Files the decoder refuses are skipped, and counted.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
import types
from pathlib import Path

from threadpoolctl import threadpool_limits

from audiolint import pipeline
from audiolint.analysis import fidelity
from audiolint.probe import decode

ROOT = Path(__file__).resolve().parents[1]


def then_fidelity(rev: str) -> types.ModuleType:
    """``audiolint.analysis.fidelity`` as of ``rev``, imported beside today's."""
    src = subprocess.run(
        ["git", "show", f"{rev}:src/audiolint/analysis/fidelity.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    then = types.ModuleType("fidelity_then")
    sys.modules["fidelity_then"] = then
    exec(compile(src, f"fidelity.py at {rev}", "exec"), then.__dict__)  # noqa: S102
    return then


def record(module, props, blocks) -> tuple[dict, float]:
    """The fidelity record of ``blocks`` (no spectrogram) and its CPU seconds."""
    start = time.process_time()
    analyser = module.factory(props.sample_rate, blocks[0].shape[1], props)
    for block in blocks:
        analyser.update(block)
    out = analyser.result()
    out.pop("_spectrogram", None)
    return out, time.process_time() - start


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--part", type=int, default=0)
    ap.add_argument("--of", type=int, default=1)
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"no {args.corpus}/manifest.csv: build it with benchmarks/realcorpus.py")
        return 0
    then = then_fidelity(args.rev)
    rows = list(csv.DictReader((args.corpus / "manifest.csv").open()))
    n = skipped = differ = refused = 0
    cpu = [0.0, 0.0]
    with threadpool_limits(limits=1):
        for row in rows[args.part :: args.of]:
            path = args.corpus / row["path"]
            props = pipeline.probe_safely(path).properties
            if props is None or props.lossless is False or not props.sample_rate:
                continue
            try:
                blocks = list(decode.blocks(path, props.container, decoder=props.decoder))
            except Exception:  # noqa: BLE001 - a file the decoder refuses: counted, not judged
                refused += 1
                continue
            if not blocks:
                continue
            (a, t0), (b, t1) = record(then, props, blocks), record(fidelity, props, blocks)
            n, cpu[0], cpu[1] = n + 1, cpu[0] + t0, cpu[1] + t1
            if a.get("codec_grid") is not None and b.get("codec_grid") is None:
                skipped += 1
                a = {**a, "codec_grid": None}
            if a != b:
                differ += 1
                keys = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
                print(f"  differs: {row['path']}: " + "; ".join(
                    f"{k} {a.get(k)!r} -> {b.get(k)!r}" for k in keys))  # fmt: skip
    print(
        f"{n} lossless files ({refused} refused by the decoder): codec grid skipped on "
        f"{skipped}, {differ} records differ otherwise; fidelity CPU {cpu[0]:.1f} s at "
        f"{args.rev}, {cpu[1]:.1f} s now (one thread; a shared machine: noisy)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
