"""Start-up cost: `audiolint --version` and `--help` against a bare click program, and a
one-file `check` against that file's own analysis (issue 14).

    python benchmarks/startup.py [--runs 7]

Prints the median wall time of each command (separate processes, as pre-commit and editors run
it) and the targets: --version within 2x of bare click; a one-file check at most 0.3 s above the
file's analysis time measured in-process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = (
    "import click\n@click.command()\n@click.version_option('1')\ndef f():\n    pass\n"
    "f(['--version'])"
)


def wall(argv: list[str], runs: int) -> float:
    """Median seconds of ``argv`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    cli = [py, "-m", "audiolint"]
    bare = wall([py, "-c", BARE], args.runs)
    version = wall([*cli, "--version"], args.runs)
    helps = wall([*cli, "--help"], args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        import audiogen

        clip = audiogen.write_flac(Path(tmp) / "take.flac", audiogen.speechlike(48000, 5.0), 48000)
        from audiolint import configfile, pipeline
        from audiolint.config import Config

        config = configfile.complete(Config())
        pipeline.build_context(clip, config)  # imports and caches warm
        t = time.perf_counter()
        pipeline.build_context(clip, config)  # the file's own probe and analysis
        analysis = time.perf_counter() - t
        one = wall([*cli, "check", "--no-cache", "--no-progress", str(clip)], args.runs)
    ratio, extra = version / bare, one - analysis
    print(f"bare click --version        {bare:6.3f} s")
    print(f"audiolint --version         {version:6.3f} s   ({ratio:.1f}x bare; target <= 2x)")
    print(f"audiolint --help            {helps:6.3f} s")
    print(f"one-file check (5 s FLAC)   {one:6.3f} s")
    print(
        f"  its analysis, warm        {analysis:6.3f} s   (overhead {extra:+.3f} s; target 0.3 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
