"""Count the hostile inputs audiolint is tried on, and how many it survives (issue 8).

    python benchmarks/hostile_count.py              # the test corpus + 1,000 fuzzed files
    python benchmarks/hostile_count.py --fuzz 5000  # a longer fuzz run

Runs a real check (worker processes, the per-file time limit) over the hostile corpus the
tests use (tests/hostilegen.py) and over files of every format damaged at random by the same
mutator as the property-based test. An input *survives* when the run ends, it is in the report
exactly once, it has no internal error (F005) and no time-out, and the report says what the
corpus expects of it (e.g. "empty", "named pipe", "65535 channels", or counted as skipped).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostilegen  # noqa: E402

from audiolint import pipeline  # noqa: E402
from audiolint.config import Config  # noqa: E402


def fuzz_cases(root: Path, base: dict[str, Path], count: int, seed: int) -> list:
    """Write ``count`` randomly damaged files (every format in turn) under ``root``."""
    root.mkdir(parents=True)
    cases = []
    names = sorted(base)
    for i in range(count):
        rng = np.random.default_rng([seed, i])
        src = base[names[i % len(names)]]
        blob = src.read_bytes()
        for _ in range(int(rng.integers(1, 4))):
            blob = hostilegen.mutate(blob, rng)
        rel = f"{root.name}/{i:05d}{src.suffix}"
        (root / f"{i:05d}{src.suffix}").write_bytes(blob)
        cases.append(hostilegen.Case("fuzzed", rel))
    return cases


def main() -> int:
    """Build, check, judge and print the counts; exit 1 when any input was not survived."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fuzz", type=int, default=1000, help="randomly damaged files (1000)")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--timeout", type=float, default=30.0, help="per-file time limit, s")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="audiolint-hostile-") as tmp:
        root = Path(tmp) / "corpus"
        base = hostilegen.base_files(Path(tmp) / "base")
        cases = hostilegen.build_corpus(root, base)
        cases += fuzz_cases(root / "fuzzed", base, args.fuzz, args.seed)
        started = time.monotonic()
        report = pipeline.run([root], Config(cache_dir=None, timeout=args.timeout))
        elapsed = time.monotonic() - started
        verdicts = hostilegen.judge(report, root, cases, pipeline.display_path)
    timed_out = {
        fr.path for fr in report.files for f in fr.findings if "gave up after" in f.message
    }
    tried, survived = Counter(), Counter()
    failures = []
    for case, why in verdicts:
        shown = pipeline.display_path(hostilegen.corpus_path(root, case))
        if why is None and shown in timed_out:
            why = "timed out"
        tried[case.group] += 1
        survived[case.group] += why is None
        if why:
            failures.append(f"  {case.group}: {case.path!r}: {why}")
    print(f"{'group':<16}{'tried':>7}{'survived':>10}")
    for group in sorted(tried):
        print(f"{group:<16}{tried[group]:>7}{survived[group]:>10}")
    total, ok = sum(tried.values()), sum(survived.values())
    print(f"{'total':<16}{total:>7}{ok:>10}   ({elapsed:.1f} s, {total / elapsed:.0f} inputs/s)")
    print("\n".join(failures[:50]))
    return 0 if ok == total else 1


if __name__ == "__main__":
    sys.exit(main())
