"""Speed and scale benchmark (issues 7, 14, 15): the speed targets, side by side, in one run.

    python benchmarks/scale.py                # 600 clips (generated once, then reused)
    python benchmarks/scale.py --files 200    # a quicker look
    python benchmarks/scale.py --dask --jsonl 10000 100000   # every target (27 min at load 4-11)

On generated voice clips (WAV/FLAC/MP3 at 44.1 and 48 kHz), prints each target with its
figures:

* one-file overhead: a one-file ``check`` process against that file's own analysis
  (``benchmarks/startup.py``), target <= 0.3 s;
* ``--quick`` against one ``mediainfo`` process over the same folder (installed with apt-get
  when missing; skipped, and said so, when that fails), target >= 2x faster; ffprobe (one
  process per file) is shown for reference when installed;
* the full check (a cold ``check`` process filling a fresh cache) against a bare decode of the
  same files through the same worker pool (decoding is the floor), target <= 2x;
* a warm re-run from that cache against the cold run, target >= 20x faster;
* the CPU each analyser spends on a sample of the clips, next to decoding them;
* with ``--dask``, ``--executor dask`` on a 2-worker LocalCluster against the local executor
  (``benchmarks/dask_vs_local.py``'s runs), target within 1.3x with an identical report;
* with ``--jsonl N [N ...]``, the main process's peak memory of ``--quick --format jsonl`` on N
  tiny files (``benchmarks/many_files.py``'s), target flat: under 10 % more at the largest N.

Commands run as separate processes (start-up included, as a user runs them); the cheap ones
take turns ``--rounds`` times and their medians are compared. Wall times move with the load of
the machine, so CPU times (user + system, workers included) are printed beside them, and the
full check's speed is also given per CPU second (the load-independent reading of issue 11's
x real time per core).
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint import cache, pipeline
from audiolint.analysis import registry
from audiolint.config import Config
from audiolint.context import FileContext
from audiolint.executor import Pool, default_jobs
from audiolint.probe import decode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import startup  # noqa: E402 - the one-file figures, from the start-up benchmark
import startuptools  # noqa: E402 - the timed commands' environment

FORMATS = [("wav", "WAV", "PCM_16"), ("flac", "FLAC", "PCM_16"), ("mp3", "MP3", None)]


def _clip(i: int) -> tuple[np.ndarray, int]:
    """A voice-like clip of its own: harmonics on a random pitch contour, random syllables and
    pauses, a little noise. Every clip differs (no clip is a shifted copy of another, which
    the duplicate rule would rightly report)."""
    rng = np.random.default_rng(i)
    sr = (44100, 48000)[i % 2]
    n = int(sr * rng.uniform(3, 15))
    steps = np.cumsum(rng.normal(0, 4, n // 441 + 2))  # a pitch random walk, 10 ms steps
    f0 = np.interp(np.arange(n) / 441, np.arange(len(steps)), 150 + steps - steps.mean())
    phase = 2 * np.pi * np.cumsum(np.clip(f0, 70, 400)) / sr
    voice = sum(np.sin(k * phase) * rng.uniform(0.2, 1) / k for k in range(1, 12))
    edges = np.cumsum(rng.uniform(0.08, 0.35, n // 2000 + 2) * sr).astype(int)
    gate = (np.searchsorted(edges, np.arange(n)) % 3 != 2).astype(float)  # 1/3 pauses
    envelope = np.convolve(gate, np.hanning(882) / 441, mode="same")
    x = 0.25 * voice * envelope + 0.003 * rng.standard_normal(n)
    return x.astype(np.float32)[:, None], sr


def _write(args) -> float:
    i, folder = args
    data, sr = _clip(i)
    ext, fmt, subtype = FORMATS[i % 3]
    sf.write(str(Path(folder) / f"clip{i:05d}.{ext}"), data, sr, format=fmt, subtype=subtype)
    return len(data) / sr


def make_dataset(folder: Path, count: int) -> float:
    """Generate ``count`` clips into ``folder`` (reusing it when complete); return audio seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.iterdir())) != count:
        shutil.rmtree(folder)
        folder.mkdir()
        with mp.get_context("fork").Pool(default_jobs()) as pool:
            pool.map(_write, [(i, str(folder)) for i in range(count)], chunksize=8)
    return sum(sf.info(str(p)).duration for p in folder.iterdir())


def _decode_only(path, config, on_probed=None) -> FileContext:
    ctx = pipeline.FileContext(path, str(path), pipeline.probe_safely(path))
    for _ in decode.blocks(path, ctx.props.container, decoder=ctx.props.decoder):
        pass
    return ctx


def measured(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call, CPU of this process and of reaped children."""
    before, start = os.times(), time.perf_counter()
    fn()
    wall, after = time.perf_counter() - start, os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user, system, children user, children system
    return wall, cpu


def command(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) of one run of ``argv`` as its own process."""
    env = startuptools.ENV
    return measured(lambda: subprocess.run(argv, capture_output=True, check=False, env=env))


def mediainfo() -> str | None:
    """The mediainfo program, installed with apt-get if missing and possible; None if not."""
    if not shutil.which("mediainfo") and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "mediainfo"], capture_output=True, check=False
        )
    return shutil.which("mediainfo")


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and median CPU of several runs."""
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def analyser_cpu(files: list[Path]) -> collections.Counter:
    """CPU seconds of decoding ``files`` and of each analyser fed the decoded blocks alone,
    in this process, with one BLAS thread (as the workers run)."""
    from threadpoolctl import threadpool_limits

    cpu: collections.Counter = collections.Counter()
    with threadpool_limits(limits=1):
        for path in files:
            props = pipeline.probe_safely(path).properties
            start = time.process_time()
            blocks = list(decode.blocks(path, props.container, decoder=props.decoder))
            cpu["(decode)"] += time.process_time() - start
            for name, make in registry.FACTORIES.items():
                start = time.process_time()
                analyser = make(props.sample_rate, props.channels, props)
                for block in blocks:
                    analyser.update(block)
                analyser.result()
                cpu[name] += time.process_time() - start
    return cpu


def row(name: str, wall: float, cpu: float, figure: str = "") -> str:
    """One line of the table."""
    return f"{name:34} {wall:8.2f} {cpu:8.2f}  {figure}"


def verdict(ok: bool) -> str:
    """The target's outcome, as printed."""
    return "met" if ok else "MISSED"


def main() -> None:
    """Generate the dataset, run each measurement, print the targets."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=600)
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "audiolint-bench")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--rounds", type=int, default=3, help="turns of the cheap commands")
    ap.add_argument("--sample", type=int, default=60, help="clips for the per-analyser CPU")
    ap.add_argument("--dask", action="store_true", help="--executor dask against local")
    ap.add_argument("--jsonl", type=int, nargs="+", default=[], metavar="N", help="files")
    args = ap.parse_args()
    folder = args.dir / f"voices-{args.files}"
    t = time.perf_counter()
    audio_s = make_dataset(folder, args.files)
    files = sorted(folder.iterdir())
    print(
        f"dataset: {args.files} clips, {audio_s / 60:.1f} min of audio, WAV/FLAC/MP3, "
        f"44.1/48 kHz (ready in {time.perf_counter() - t:.1f} s); jobs={args.jobs}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    cli = [sys.executable, "-m", "audiolint", "check", "--no-progress", f"--jobs={args.jobs}"]
    code = cache.code_version()

    with tempfile.TemporaryDirectory() as tmp:
        one = startup.one_file(startup.demo_clip(Path(tmp)), args.rounds)

    quick_cmd = [*cli, "--quick", "--no-cache", str(folder)]
    command(quick_cmd)  # untimed: compiles the bytecode of what --quick imports
    info = mediainfo()
    turns: dict[str, list] = {"quick": [], "mediainfo": []}
    for _ in range(args.rounds):
        turns["quick"].append(command(quick_cmd))
        if info:
            turns["mediainfo"].append(command([info, "--Output=JSON", str(folder)]))
    quick = medians(turns["quick"])

    pool = Pool(args.jobs, Config(jobs=args.jobs), _decode_only)
    bare = measured(lambda: list(pool.run(files, str, lambda *a: None)))
    cache_dir = Path(tempfile.mkdtemp(prefix="audiolint-bench-cache-"))
    cached = [*cli, f"--cache-dir={cache_dir}", str(folder)]
    cold = command(cached)
    warm = medians([command(cached) for _ in range(args.rounds)])
    shutil.rmtree(cache_dir, ignore_errors=True)
    ffprobe = None
    if shutil.which("ffprobe"):
        probe = ["ffprobe", "-v", "quiet", "-show_format", "-show_streams"]
        ffprobe = measured(
            lambda: [subprocess.run([*probe, str(f)], capture_output=True) for f in files]
        )
    import dask_vs_local  # (here: it imports this module's make_dataset)
    import many_files

    with tempfile.TemporaryDirectory(prefix="audiolint-bench-") as tmp:
        dask = dask_vs_local.compare(folder, Path(tmp)) if args.dask else []
        if args.jsonl:  # tiny files, in their own folder
            many_files.make_files(Path(tmp) / "tiny", max(args.jsonl))
            many = many_files.runs(Path(tmp), Path(tmp) / "tiny", args.jsonl, ["jsonl"], True, str)
    # spread over the set without a fixed stride: every 10th clip was every 10th of a cycle of
    # 2 rates and 3 formats, i.e. 44.1 kHz alone
    picks = np.linspace(0, len(files) - 1, args.sample).astype(int)
    sample = [files[i] for i in sorted(set(picks))]
    cpu = analyser_cpu(sample[: args.sample])

    print(f"\n{startup.BYTECODE_NOTE}")
    print(f"{'measurement':34} {'wall s':>8} {'CPU s':>8}  figure")
    for line in startup.overhead_lines(one):
        print(line)
    print(row("quick (headers only)", *quick, f"{args.files / quick[0]:,.0f} files/s"))
    if info:
        mi = medians(turns["mediainfo"])
        print(row("  one mediainfo process", *mi, f"quick is {mi[0] / quick[0]:.1f}x faster"))
    else:
        print("  mediainfo: not installed and apt-get could not install it; skipped")
    if ffprobe:
        print(row("  ffprobe, one process a file", *ffprobe, f"quick {ffprobe[0] / quick[0]:.0f}x"))
    print(
        row(
            "bare decode (the floor)",
            *bare,
            f"{audio_s / bare[0] / args.jobs:,.0f}x real time/core",
        )
    )
    print(
        row(
            "full check, cold cache", *cold, f"{audio_s / cold[0] / args.jobs:,.0f}x real time/core"
        )
    )
    # the same by CPU time (workers included): what a core does when it is not shared
    print(f"  {'':32} {'':8} {'':8}  {audio_s / cold[1]:,.0f}x real time per CPU second")
    print(row("warm re-run from the cache", *warm, f"median of {args.rounds}"))
    print(
        f"\nper-analyser CPU on {len(sample[: args.sample])} clips (one BLAS thread, in-process):"
    )
    decode_s = cpu.pop("(decode)")
    print(f"  {'decode':14} {decode_s:6.2f} s   1.00x")
    for name, secs in cpu.most_common():
        print(f"  {name:14} {secs:6.2f} s  {secs / decode_s:5.2f}x decode")
    total = sum(cpu.values())
    print(f"  {'all analysers':14} {total:6.2f} s  {total / decode_s:5.2f}x decode")

    overhead = one["check"][0] - one["analysis"][0]
    print("\ntargets (medians; wall times measured on a machine shared with other work):")
    print(
        f"  one-file overhead  {overhead:+.2f} s wall (<= 0.3 s)        {verdict(overhead <= 0.3)}"
    )
    if info:
        ratio = mi[0] / quick[0]
        print(f"  quick vs mediainfo {ratio:5.1f}x faster (>= 2x)          {verdict(ratio >= 2)}")
    full = cold[0] / bare[0]
    print(
        f"  full vs bare decode {full:4.1f}x the time, {cold[1] / bare[1]:.1f}x the CPU (<= 2x)"
        f"  {verdict(full <= 2)}"
    )
    speedup = cold[0] / warm[0]
    print(
        f"  warm vs cold       {speedup:5.1f}x faster, {cold[1] / warm[1]:.0f}x less CPU (>= 20x)"
        f"  {verdict(speedup >= 20)}"
    )
    for name, wall, ratio, same in dask:  # the local runs' mean is the reference
        judged = f"{ratio:.2f}x local (<= 1.3x) {verdict(ratio <= 1.3 and same)}" if ratio else ""
        print(f"  {name:26} {wall:5.0f} s, {'same' if same else 'DIFFERENT'} report {judged}")
    if args.jsonl:  # flat: the largest count's peak within 10 % of the smallest's
        low = many["jsonl", min(args.jsonl)]["rss_mb"]
        for n in sorted(args.jsonl):
            mb = many["jsonl", n]["rss_mb"]
            ok = verdict(mb < 1.1 * low)
            print(f"  jsonl --quick {n:>7,} files {mb:5.0f} MB (main process)  {ok}")
    if cache.code_version.__wrapped__() != code:
        print(
            "  NOTE: the probe or analysis code changed during the run (an edit in this tree):"
            " the cache keys changed with it, so the warm run may have re-analysed files"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MB, largest child {kids:.0f} MB (ru_maxrss)")


if __name__ == "__main__":
    main()
