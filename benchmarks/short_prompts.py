"""Where a short file's CPU goes (issue 11: the analysis at 100x real time per core): a set of
short real speech prompts, each analyser's CPU a file on them, and the part of it that a file
pays whatever its length.

    python benchmarks/short_prompts.py [--out /tmp/audiolint-prompts] [--count 100] [--rounds 3]
    python benchmarks/short_prompts.py --seconds 5 [--count 30]   # pieces of 5 s instead
    python benchmarks/short_prompts.py --parts      # the fixed-cost searches' CPU, part by part

The prompts are cut from the real corpus's speech sources at 44.1 and 48 kHz (``realcorpus.py``
builds them: ALSA's prompts, csound's and Praat's readers, ...): ``--count`` pieces of 1.2-1.6 s
(as ALSA's own prompts are), at a random place and gain (a fixed seed), 16-bit WAV; built once
into ``--out`` and reused. ``--seconds S`` cuts pieces of S seconds instead, from the sources at
least that long (into ``/tmp/audiolint-prompts-Ss`` by default): how long a file must be for its
fixed cost to stop mattering. A hundred prompts give a steadier figure than ALSA's eight
(``signal_cost.py --table``) and can be handed as a folder to ``fidelity_ab.py``/``signal_ab.py``
(``--set FOLDER``) and ``one_pass.py --check FOLDER`` (a check's CPU against its analysis).

Printed: each analyser of ``registry.FACTORIES`` built, fed the decoded blocks and read alone,
and all of them in one pass as a check feeds them, CPU ms a file (best of ``--rounds`` per file,
one BLAS thread, the workers' heap settings), with x real time; then the grid searches of the
fake-lossless analysis alone (codec, MP3 and Opus grids: a fixed excerpt of loud spans, searched
at every offset, whatever the file's length) and what the rest of the analysis would run at
without them. ``--parts`` prints instead each fixed-cost search's CPU a file, all analysers
fed in one pass: the codec-grid search per frame size (AAC/Vorbis's 1024, Opus's 960, 480 and
240 at 48 kHz, AC-3's 256) and its every-offset part, the MP3 and Opus-from-44.1 kHz grids, the
resampler images' search and its spectra.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the workers run (before numpy loads)

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity_ab  # noqa: E402 - its timers around a module's functions

CORPUS = Path("/tmp/audiolint-realcorpus/sources")
SPEECH = ("alsa_front", "alsa_rear", "alsa_side", "cs_finnegan", "cs_mathews", "cs_fox",
          "praat_elephant", "praat_words_b", "praat_words_y", "sc_a11wlk01", "pd_voice",
          "ny_happy", "praat_nwts", "cs_singfemale")  # fmt: skip
FRAME_SIZES = (1024, 960, 480, 240, 256)  # the codec-grid families' n (codecgrid.FAMILIES)
GRIDS = (("codecgrid", "search_at"), ("mp3grid", "measure"), ("opusgrid", "measure"))
# --parts: the fixed-cost searches, timed apart (a codec-grid family by its frame size n)
PARTS = (
    ("codecgrid", "search", "codec grid n={n}"),
    ("codecgrid", "_curves", "  n={n}: every offset"),
    ("mp3grid", "measure", "MP3 grid"),
    ("opusgrid", "measure", "Opus grid from 44.1 kHz"),
    ("regrid", "measure", "lattice search (regrid)"),
    ("imaging", "frames_db", "images' spectra (frames_db)"),
    ("imaging", "measure", "images' search (measure)"),
)


def build(out: Path, count: int, seconds: float | None = None) -> list[Path]:
    """The prompts in ``out`` (made when the folder does not hold ``count`` of them): 1.2-1.6 s
    each, or ``seconds`` each from the sources at least that long."""
    prefix = "p" if seconds is None else f"s{seconds:g}-"
    have = sorted(out.glob(f"{prefix}*.wav")) if out.is_dir() else []
    if len(have) == count:
        return have
    sources = [s for s in SPEECH if (CORPUS / f"{s}.wav").exists()]
    if seconds is not None:
        sources = [s for s in sources if sf.info(str(CORPUS / f"{s}.wav")).duration >= seconds]
    if not sources:
        raise SystemExit(f"no speech sources in {CORPUS}: run benchmarks/realcorpus.py first")
    out.mkdir(parents=True, exist_ok=True)
    for old in have:
        old.unlink()
    rng = np.random.default_rng(17)
    for i in range(count):
        name = sources[i % len(sources)]
        x, sr = sf.read(CORPUS / f"{name}.wav", dtype="float32", always_2d=True)
        n = int(sr * (rng.uniform(1.2, 1.6) if seconds is None else seconds))
        start = int(rng.integers(0, len(x) - n)) if len(x) > n else 0
        piece = x[start : start + n] * rng.uniform(0.5, 1.0)
        sf.write(out / f"{prefix}{i:03d}_{name}.wav", piece, sr, subtype="PCM_16")
    return sorted(out.glob(f"{prefix}*.wav"))


def part_timers(spent: dict[str, float]) -> None:
    """Timers around ``PARTS`` (CPU seconds added to ``spent`` under each label; ``{n}``: the
    codec-grid family's frame size, from the ``Family`` that ``search`` and ``_curves`` take)."""
    for module, name, label in PARTS:
        owner = __import__(f"audiolint.analysis.{module}", fromlist=[name])
        inner = getattr(owner, name)

        def wrapper(*args, _inner=inner, _label=label, **kwargs):
            n = next((a.n for a in args if hasattr(a, "grids")), None)  # the Family's
            key = _label.format(n=n) if "{n}" in _label else _label
            start = time.process_time()
            try:
                return _inner(*args, **kwargs)
            finally:
                spent[key] = spent.get(key, 0.0) + time.process_time() - start

        setattr(owner, name, wrapper)


def by_part(files: list[Path], rounds: int) -> None:
    """Each of ``PARTS``' CPU ms a file (all analysers in one pass, each file's best round)."""
    from audiolint import pipeline
    from audiolint.analysis import analyse, registry
    from audiolint.probe import decode

    rates: dict[int, int] = {}
    total: dict[str, float] = {}
    spent: dict[str, float] = {}
    part_timers(spent)
    for path in files:
        props = pipeline.probe_safely(path).properties
        rates[props.sample_rate] = rates.get(props.sample_rate, 0) + 1
        blocks = list(decode.blocks(path, props.container, decoder=props.decoder))
        runs = []
        for _ in range(rounds):
            spent.clear()
            start = time.process_time()
            analyse(iter(blocks), props, registry.factories(registry.FACTORIES))
            runs.append((time.process_time() - start, dict(spent)))
        for key, value in min(runs, key=lambda run: run[0])[1].items():
            total[key] = total.get(key, 0.0) + value
    said = ", ".join(f"{count} at {rate / 1000:g} kHz" for rate, count in sorted(rates.items()))
    print(f"by part (CPU ms a file over all {len(files)}: {said}; a part's time holds the parts")
    print("  indented under it; codec grid n=960/480/240: Opus's 20/10/5 ms frames, 48 kHz only;")
    print("  n=256: AC-3's blocks, at 32, 44.1 and 48 kHz;")
    print("  each n searched only when no grid was found at the one before)")
    labels = [label for _, _, label in PARTS]
    order = [label.format(n=n) for n in FRAME_SIZES for label in labels[:2]] + labels[2:]
    for key in [k for k in order if k in total] + [k for k in total if k not in order]:
        print(f"  {key:30} {1000 * total[key] / len(files):8.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=None, help="each piece's length")
    ap.add_argument("--parts", action="store_true", help="the fixed-cost searches' CPU apart")
    args = ap.parse_args()
    if args.out is None:
        tail = "" if args.seconds is None else f"-{args.seconds:g}s"
        args.out = Path(f"/tmp/audiolint-prompts{tail}")
    from audiolint import executor, pipeline
    from audiolint.analysis import analyse, registry
    from audiolint.probe import decode

    executor._steady_heap(ctypes.CDLL(None))
    files = build(args.out, args.count, args.seconds)
    if args.parts:
        return by_part(files, args.rounds)
    grid_s: dict[str, float] = {}
    for module, name in GRIDS:  # timers around the grid searches (the outermost call counts)
        owner = __import__(f"audiolint.analysis.{module}", fromlist=[name])
        fidelity_ab.timed(owner, name, "grids", grid_s)
    best: dict[str, float] = {}
    audio = 0.0
    for path in files:
        props = pipeline.probe_safely(path).properties
        blocks = list(decode.blocks(path, props.container, decoder=props.decoder))
        audio += sum(map(len, blocks)) / props.sample_rate
        runs = [(name, {name: make}) for name, make in registry.FACTORIES.items()]
        runs.append(("(all in one pass)", registry.factories(registry.FACTORIES)))
        for name, factories in runs:
            times = []
            for _ in range(args.rounds):
                grid_s.clear()
                start = time.process_time()
                analyse(iter(blocks), props, factories)
                times.append((time.process_time() - start, grid_s.get("grids", 0.0)))
            spent, grids = min(times)
            best[name] = best.get(name, 0.0) + spent
            if name == "(all in one pass)":
                best["(grid searches)"] = best.get("(grid searches)", 0.0) + grids
    n = len(files)
    print(f"{n} prompts in {args.out}, {audio:.0f} s of audio ({audio / n:.2f} s a file); CPU ms "
          f"a file, best of {args.rounds}, one BLAS thread")  # fmt: skip
    for name, spent in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {name:20} {1000 * spent / n:8.2f} ms  {audio / spent:8.0f}x real time")
    rest = best["(all in one pass)"] - best["(grid searches)"]
    print(f"  all but the grid searches: {1000 * rest / n:.2f} ms a file, {audio / rest:.0f}x")


if __name__ == "__main__":
    main()
