"""CPU per file of each signal analyser, on short files and on a minute of speech and music
(issues 11 and 15: where the analysis spends its time, a file's fixed cost most of all).

    python benchmarks/analyser_cost.py [--rounds N] [--against REV[,REV...]] [--only A,B]
    python benchmarks/analyser_cost.py --revs REV,REV[,...] [--rounds N] [--only A,B]
    python benchmarks/analyser_cost.py --profile NAME [--set SET] [--rounds N]

Three sets, decoded once with audiolint's own decoder and fed to each analyser of
``registry.FACTORIES`` alone (built, fed block by block, result read; one BLAS thread):

* ``short``: ALSA's eight recorded prompts (48 kHz mono, 1.3-1.5 s): a file's fixed cost shows;
* ``speech60``: ``signal_cost.py``'s 60 s of stereo speech (ALSA's prompts tiled, FLAC);
* ``music60``: the real corpus's genuine 44.1 kHz music clips, joined and tiled to 60 s, stereo
  (the right channel 0.8 times the left, delayed by 7 samples), written as FLAC once.

It prints CPU milliseconds per file per analyser (best of ``--rounds``, each round in a fresh
process so that no cache outlives it), the sum over the analysers, and all of them fed in one
pass as a check feeds them (``audiolint.analysis.analyse``), with its x real time per core, and
all but fidelity in one pass (what the analysers share per block, the finite check, the mix and
the float64 channel rows, is made once there, and the block is still in the cache).
``--against REV`` runs the same rounds on the ``src/`` of commit REV (``git archive``), taking
turns with this tree, and prints the columns side by side; ``--revs`` compares commits alone (a
src/ folder may stand for a commit).
``--profile NAME`` prints cProfile's top functions by own time for analyser NAME (``all``: the
one-pass analysis; ``signal``: all but fidelity in one pass) on a set.

    python benchmarks/analyser_cost.py --dump OUT.json

``--dump`` writes every analyser's result but fidelity's (the fingerprint's words and levels as a
sha256) for every file of the real corpus's manifest, the three sets and the committed clips of
tests/data, fed in 65,536-frame blocks and, for the corpus, once more in blocks of 10,007
frames: run it on two trees (``PYTHONPATH=.../src``) and compare the files to show that a speed
change left every record as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

HERE = Path(__file__).resolve().parent
FOLDER = Path(tempfile.gettempdir()) / "audiolint-analyser-cost"
ALSA = Path("/usr/share/sounds/alsa")
CORPUS = Path("/tmp/audiolint-realcorpus")
SECONDS = 60


def music60() -> Path:
    """The 60 s music file (written once)."""
    path = FOLDER / "music60.flac"
    if path.exists():
        return path
    import csv

    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(CORPUS / "manifest.csv", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["kind"] == "music" and r["class"] == "genuine" and r["rate"] == "44100"
        ]
    parts = []
    for r in sorted(rows, key=lambda r: r["path"]):
        x, sr = sf.read(CORPUS / r["path"], dtype="float32", always_2d=True)
        parts.append(x.mean(axis=1))
    x = np.concatenate(parts)
    x = np.tile(x, SECONDS * 44100 // len(x) + 1)[: SECONDS * 44100]
    right = 0.8 * np.concatenate([np.zeros(7, np.float32), x[:-7]])
    sf.write(str(path), np.stack([x, right], axis=1), 44100, subtype="PCM_16")
    return path


def sets() -> dict[str, list[Path]]:
    """The three sets' files."""
    sys.path.insert(0, str(HERE))
    import signal_cost

    speech = Path(tempfile.gettempdir()) / "audiolint-signal-cost" / "speech60.flac"
    if not speech.exists():
        speech.parent.mkdir(parents=True, exist_ok=True)
        x, sr = signal_cost.speech()
        sf.write(str(speech), x, sr, subtype="PCM_16")
    return {
        "short": sorted(ALSA.glob("[FRS]*_*.wav")),
        "speech60": [speech],
        "music60": [music60()],
    }


def decoded(files: list[Path]):
    """(properties, blocks) of each file, decoded by audiolint."""
    from audiolint import pipeline
    from audiolint.probe import decode

    out = []
    for path in files:
        props = pipeline.probe_safely(path).properties
        out.append((props, list(decode.blocks(path, props.container, decoder=props.decoder))))
    return out


def run(props, blocks, make) -> None:
    """Build one analyser, feed it the blocks, read its result."""
    analyser = make(props.sample_rate, blocks[0].shape[1], props)
    for block in blocks:
        analyser.update(block)
    analyser.result()


def one_round(only: list[str] | None) -> dict[str, dict[str, float]]:
    """CPU seconds per file per analyser (and the one-pass analysis, "(all)") on each set."""
    from threadpoolctl import threadpool_limits

    from audiolint.analysis import analyse, registry

    registry.preload(list(registry.FACTORIES))
    names = [n for n in registry.FACTORIES if not only or n in only]
    out: dict[str, dict[str, float]] = {}
    with threadpool_limits(limits=1):
        for label, files in sets().items():
            files = decoded(files)
            # one warm-up pass: the first file of a process pays for lazy loads
            analyse(iter(files[0][1]), files[0][0], registry.FACTORIES)
            cpu = out.setdefault(label, {})
            cpu["(audio s)"] = sum(sum(map(len, b)) / p.sample_rate for p, b in files)
            cpu["(files)"] = len(files)
            for name in names:
                start = time.process_time()
                for props, blocks in files:
                    run(props, blocks, registry.FACTORIES[name])
                cpu[name] = (time.process_time() - start) / len(files)
            rest = {n: f for n, f in registry.FACTORIES.items() if n != "fidelity"}
            for key, chosen in (("(all)", registry.FACTORIES), ("(all but fidelity)", rest)):
                start = time.process_time()
                for props, blocks in files:
                    analyse(iter(blocks), props, chosen)
                cpu[key] = (time.process_time() - start) / len(files)
    return out


def profile(name: str, label: str, rounds: int) -> int:
    """cProfile of one analyser (or ``all``) on one set, ``rounds`` times over."""
    import cProfile
    import pstats

    from audiolint.analysis import analyse, registry

    registry.preload(list(registry.FACTORIES))
    files = decoded(sets()[label])
    analyse(iter(files[0][1]), files[0][0], registry.FACTORIES)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(rounds):
        for props, blocks in files:
            if name in ("all", "signal"):
                chosen = {n: f for n, f in registry.FACTORIES.items() if n != "fidelity"}
                analyse(iter(blocks), props, registry.FACTORIES if name == "all" else chosen)
            else:
                run(props, blocks, registry.FACTORIES[name])
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return 0


def plain(value):
    """A result's value as JSON can hold it (arrays as their sha256)."""
    import hashlib

    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return f"{value.dtype}:{value.shape}:" + hashlib.sha256(value.tobytes()).hexdigest()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def dump(out: Path) -> int:
    """``--dump``: every non-fidelity analyser's result on every file, as JSON."""
    import csv

    from audiolint.analysis import registry

    with open(CORPUS / "manifest.csv", newline="") as fh:
        corpus = [CORPUS / r["path"] for r in csv.DictReader(fh)]
    extra = [p for s in sets().values() for p in s]
    extra += sorted(p for p in (HERE.parent / "tests" / "data").rglob("*") if p.is_file())
    names = [n for n in registry.FACTORIES if n != "fidelity"]
    records = {}
    for path in corpus + extra:
        try:
            props, blocks = decoded([path])[0]
        except Exception as exc:  # noqa: BLE001 - not audio (a licence file) or undecodable
            records[str(path)] = repr(type(exc).__name__)
            continue
        if not blocks:
            continue
        whole = np.concatenate(blocks)
        splits = [blocks]
        if path in corpus:
            splits.append([whole[i : i + 10007] for i in range(0, len(whole), 10007)])
        for k, parts in enumerate(splits):
            got = {}
            for name in names:
                analyser = registry.FACTORIES[name](props.sample_rate, whole.shape[1], props)
                for block in parts:
                    analyser.update(block)
                got[name] = plain(analyser.result())
            records[f"{path}#{k}"] = got
    out.write_text(json.dumps(records, indent=0, sort_keys=True))
    print(f"{len(records)} records of {len(corpus) + len(extra)} files: {out}")
    return 0


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return 0
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 5
    only = argv[argv.index("--only") + 1].split(",") if "--only" in argv else None
    if "--dump" in argv:
        return dump(Path(argv[argv.index("--dump") + 1]))
    if argv[:1] == ["--worker"]:
        print(json.dumps(one_round(json.loads(argv[1]))))
        return 0
    if "--profile" in argv:
        label = argv[argv.index("--set") + 1] if "--set" in argv else "short"
        return profile(argv[argv.index("--profile") + 1], label, rounds)
    against = argv[argv.index("--against") + 1].split(",") if "--against" in argv else []
    sets()  # written once, before the workers race for it
    runs: dict[str, list] = {"this tree": []}
    paths: dict[str, str | None] = {"this tree": None}
    if "--revs" in argv:  # commits alone, not the work tree (which may hold others' edits)
        against, runs, paths = argv[argv.index("--revs") + 1].split(","), {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        repo = HERE.parent
        for i, rev in enumerate(against):
            if Path(rev, "audiolint").is_dir():  # a src/ folder (an export of a commit)
                runs[rev], paths[rev] = [], rev
                continue
            tar = subprocess.run(
                ["git", "-C", str(repo), "archive", rev, "src"], capture_output=True, check=True
            ).stdout
            Path(tmp, str(i)).mkdir()
            subprocess.run(["tar", "-x", "-C", str(Path(tmp, str(i)))], input=tar, check=True)
            runs[rev], paths[rev] = [], f"{tmp}/{i}/src"
        for _ in range(rounds):
            for who in runs:
                env = dict(os.environ, PYTHONPATH=paths[who]) if paths[who] else None
                worker = [sys.executable, __file__, "--worker", json.dumps(only)]
                done = subprocess.run(worker, capture_output=True, text=True, env=env, check=True)
                runs[who].append(json.loads(done.stdout))
    best = {
        who: {s: {k: min(r[s][k] for r in got) for k in got[0][s]} for s in got[0]}
        for who, got in runs.items()
    }
    load = os.getloadavg()[0]
    print(f"CPU ms per file, best of {rounds} (one BLAS thread; load {load:.1f}: noisy)")
    for s, first in next(iter(best.values())).items():
        print(f"\n{s}: {first['(files)']:.0f} files, {first['(audio s)']:.1f} s of audio")
        print(f"  {'analyser':14}" + "".join(f"{who[-16:]:>18}" for who in best))
        keys = [k for k in first if not k.startswith("(")]
        for k in [*keys, "(sum)", "(all)", "(all but fidelity)"]:
            cells = ""
            for b in best.values():
                v = sum(b[s][n] for n in keys) if k == "(sum)" else b[s][k]
                cells += f"{v * 1000:18.2f}"
            print(f"  {k:14}{cells}")
        cells = "".join(
            f"{b[s]['(audio s)'] / b[s]['(files)'] / b[s]['(all)']:16.1f}xRT" for b in best.values()
        )
        print(f"  {'(all) x RT':14}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
