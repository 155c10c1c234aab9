"""CPU cost of the signal analysers, side by side: x real time per core with and without the
ones named (default: reverb and harmony, issue 17), on real speech; or, with ``--table``, each
analyser's CPU next to decoding the same files (issue 15), optionally against another commit.

    python benchmarks/signal_cost.py [NAME ...]
    python benchmarks/signal_cost.py --table [--against REV[,REV...]] [--rounds N] [--corpus]
    python benchmarks/signal_cost.py --parts [--rounds N] [--clips]

ALSA's recorded prompts (48 kHz) with half a second between them, tiled to 60 s and made stereo,
are fed in 65,536-frame blocks to the analysers in ``registry.SIGNAL`` (CPU seconds, best of 5,
one analyser set after the other in each round so that load on the machine hits both alike).

``--table`` decodes three sets of files with audiolint's own decoder and feeds each analyser in
``registry.FACTORIES`` the decoded blocks alone (one BLAS thread, as the workers run): the 60 s
of speech above saved as FLAC, 30 generated voice clips (mono WAV/FLAC/MP3 at 44.1 and 48 kHz,
``scale.py``'s) and ALSA's eight prompts as they are (1.3-1.5 s each). It prints CPU
milliseconds per analyser, as a multiple of the decode and as x real time, best of
``--rounds``, and all of them fed in one pass as a check feeds them (block by block: what the
analysers share per block, the finite check and the mono mix, is computed once there, not in
the per-analyser rows). ``--against REV`` runs the same measurement on the ``src/`` of commit
REV (``git archive``) in a subprocess, taking turns with this tree's each round, and prints
both side by side (several commits, comma-separated, give a column each: the work tree may hold
other people's unfinished edits; a ``src/`` folder may stand for a commit). ``--corpus`` adds a
fourth set: every 6th 44.1/48 kHz WAV, FLAC and MP3 file of the real-material corpus
(``realcorpus.py``'s, 92 files), whose fidelity analysis runs the codec grid search on every
lossless one.

``--parts`` splits the fake-lossless analysis's CPU on that corpus mix by part (the codec and MP3
grid searches, the imaging search, the streaming spectrum, the edge measurements...), with
timers around the functions ``fidelity`` calls, not a profiler (whose own cost lands unevenly
on many small calls); a part's time includes the parts it calls, best of ``--rounds``;
``--clips``: on the 30 generated clips instead.
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

from audiolint.analysis import registry

ALSA = Path("/usr/share/sounds/alsa")
# Analysers issue 15 did not change (other people's work at the time): a subtotal without them
OTHERS = ("fidelity", "harmony", "reverb")
SECONDS = 60


def speech() -> tuple[np.ndarray, int]:
    """60 s of stereo speech from the ALSA prompts."""
    parts, sr = [], 48000
    for path in sorted(ALSA.glob("[FRS]*_*.wav")):
        x, sr = sf.read(path, dtype="float32", always_2d=True)
        parts += [x.mean(axis=1), np.zeros(sr // 2, np.float32)]
    x = np.concatenate(parts)
    x = np.tile(x, SECONDS * sr // len(x) + 1)[: SECONDS * sr]
    return np.stack([x, 0.9 * x], axis=1), sr


def cpu_seconds(names, blocks, sr: int) -> float:
    """CPU seconds for the analysers ``names`` over ``blocks``."""
    analysers = [registry.FACTORIES[n](sr, 2, None) for n in names]
    start = time.process_time()
    for block in blocks:
        for a in analysers:
            a.update(block)
    for a in analysers:
        a.result()
    return time.process_time() - start


CORPUS = Path("/tmp/audiolint-realcorpus")


def corpus_mix() -> list[Path]:
    """``--corpus``: every 6th 44.1/48 kHz WAV, FLAC or MP3 file of the real corpus's manifest."""
    import csv

    with open(CORPUS / "manifest.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["rate"] in ("44100", "48000")]
    return [CORPUS / r["path"] for r in rows if r["path"].endswith((".wav", ".flac", ".mp3"))][::6]


def materials(folder: Path) -> dict[str, list[Path]]:
    """The files of ``--table``: the speech as FLAC and 30 generated clips, written once, ALSA's
    eight prompts as they are (1.3-1.5 s, 48 kHz mono: short files, where a file's fixed costs
    show), and the real corpus's mix when ``AUDIOLINT_COST_CORPUS`` is set (``--corpus``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scale  # the voice clips of the scale benchmark

    speech_file = folder / "speech60.flac"
    folder.mkdir(parents=True, exist_ok=True)
    if not speech_file.exists():
        x, sr = speech()
        sf.write(str(speech_file), x, sr, subtype="PCM_16")
    scale.make_dataset(folder / "clips", 30)
    sets = {
        "speech 60 s stereo": [speech_file],
        "30 clips mono": sorted((folder / "clips").iterdir()),
    }
    # short files, as many speech datasets hold: what a file costs whatever its length shows
    prompts = sorted(ALSA.glob("[FRS]*_*.wav"))
    if prompts:
        sets["ALSA prompts, 1.3-1.5 s each"] = prompts
    if os.environ.get("AUDIOLINT_COST_CORPUS"):
        sets["real corpus, every 6th 44.1/48 kHz file"] = corpus_mix()
    return sets


def table_round(folder: Path) -> dict[str, dict[str, float]]:
    """One round of ``--table`` in this process: CPU seconds of the decode and per analyser."""
    from threadpoolctl import threadpool_limits

    from audiolint import pipeline
    from audiolint.analysis import analyse
    from audiolint.probe import decode

    out: dict[str, dict[str, float]] = {}
    with threadpool_limits(limits=1):
        for label, files in materials(folder).items():
            cpu = out.setdefault(label, {"(decode)": 0.0, "(audio s)": 0.0})
            for path in files:
                props = pipeline.probe_safely(path).properties
                start = time.process_time()
                blocks = list(decode.blocks(path, props.container, decoder=props.decoder))
                cpu["(decode)"] += time.process_time() - start
                cpu["(audio s)"] += sum(map(len, blocks)) / props.sample_rate
                for name, make in registry.FACTORIES.items():
                    start = time.process_time()
                    analyser = make(props.sample_rate, blocks[0].shape[1], props)
                    for block in blocks:
                        analyser.update(block)
                    analyser.result()
                    cpu[name] = cpu.get(name, 0.0) + time.process_time() - start
                # all of them in one pass, as a check feeds them: block by block, each block to
                # every analyser (what they share per block is computed once)
                start = time.process_time()
                analyse(iter(blocks), props, registry.FACTORIES)
                cpu["(one pass)"] = cpu.get("(one pass)", 0.0) + time.process_time() - start
    return out


def table(rounds: int, against: list[str]) -> int:
    """Print the per-analyser table, best of ``rounds``, beside the commits ``against``."""
    folder = Path(tempfile.gettempdir()) / "audiolint-signal-cost"
    materials(folder)
    runs: dict[str, list] = {"this tree": []}
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(__file__).resolve().parents[1]
        paths = {"this tree": None}
        for i, rev in enumerate(against):
            if Path(rev, "audiolint").is_dir():  # a source tree's src/ itself (as one_pass.py)
                runs[rev], paths[rev] = [], str(Path(rev).resolve())
                continue
            archive = ["git", "-C", str(repo), "archive", rev, "src"]
            Path(tmp, str(i)).mkdir()
            tar = subprocess.run(archive, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(Path(tmp, str(i)))], input=tar, check=True)
            runs[rev], paths[rev] = [], f"{tmp}/{i}/src"
        for _ in range(rounds):
            for who in runs:
                env = dict(os.environ, PYTHONPATH=paths[who]) if paths[who] else None
                worker = [sys.executable, __file__, "--worker", str(folder)]
                done = subprocess.run(worker, capture_output=True, text=True, env=env, check=True)
                runs[who].append(json.loads(done.stdout))
    best = {
        who: {m: {k: min(r[m][k] for r in got) for k in got[0][m]} for m in got[0]}
        for who, got in runs.items()
    }
    print(f"CPU ms per analyser, best of {rounds} (one BLAS thread; a shared machine: noisy)")
    for m in best["this tree"]:
        print(f"\n{m}: {best['this tree'][m]['(audio s)']:.0f} s of audio")
        head = "".join(f"{who[:24]:>26}" for who in best)
        print(f"  {'analyser':31}{head}")
        for name in sorted({k for b in best.values() for k in b[m]} - {"(audio s)", "(one pass)"}):
            cells = ""
            for b in best.values():
                cpu, seconds, dec = b[m].get(name), b[m]["(audio s)"], b[m]["(decode)"]
                cells += (
                    f"{'-':>26}"
                    if cpu is None
                    else (f"{cpu * 1000:7.0f} {cpu / dec:5.2f}x {seconds / cpu:6.0f}xRT")
                )
            print(f"  {name:31}{cells}")
        for label, left_out in (("all analysers", ()), ("all but " + "/".join(OTHERS), OTHERS)):
            cells = ""
            for b in best.values():
                total = sum(
                    v for k, v in b[m].items() if not k.startswith("(") and k not in left_out
                )
                seconds, dec = b[m]["(audio s)"], b[m]["(decode)"]
                cells += f"{total * 1000:7.0f} {total / dec:5.2f}x {seconds / total:6.0f}xRT"
            print(f"  {label:31}{cells}")
        cells = ""
        for b in best.values():
            total, seconds, dec = b[m].get("(one pass)"), b[m]["(audio s)"], b[m]["(decode)"]
            cells += (
                f"{'-':>26}"
                if total is None
                else f"{total * 1000:7.0f} {total / dec:5.2f}x {seconds / total:6.0f}xRT"
            )
        print(f"  {'all in one pass, as a check':31}{cells}")
    return 0


def parts(rounds: int, clips: bool = False) -> int:
    """Print fidelity's CPU on the corpus mix (or the 30 clips) by part (``--parts``)."""
    from threadpoolctl import threadpool_limits

    from audiolint import pipeline
    from audiolint.analysis import fidelity as fid
    from audiolint.probe import decode

    if not clips and not (CORPUS / "manifest.csv").exists():
        print(f"--parts: no {CORPUS}/manifest.csv (benchmarks/realcorpus.py); skipped")
        return 0
    spent: dict[str, float] = {}
    busy = [False]  # a part that another part calls counts in the caller only

    def timed(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*args, **kwargs):
            if busy[0]:
                return inner(*args, **kwargs)
            busy[0], start = True, time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start
                busy[0] = False

        setattr(owner, name, wrapper)

    for owner, names, label in (
        (fid.codecgrid, ["measure"], "codec grid search (AAC/Vorbis/Opus)"),
        (fid.mp3grid, ["measure"], "MP3 granule grid search"),
        (fid.imaging, ["measure", "frames_db", "mirrored"], "imaging search (T002)"),
        (fid.SpectrumAccumulator, ["update", "finish"], "streaming spectrum"),
        (fid.edges, ["measure", "held_and_flicker", "holes", "upper", "spread_above", "robust",
                "reach", "smooth_db", "loud_rows"], "edge measurements"),
        (fid.resampler, ["resampled_from"], "resampler edge"),
        (fid.BitDepthMeter, ["update"], "bit-depth meter"),
        (fid.codecgrid.Excerpt, ["update"], "loud-span excerpt"),
        (fid, ["spectrogram"], "plot spectrogram"),
    ):  # fmt: skip
        for name in names:
            timed(owner, name, label)
    files = []
    folder = Path(tempfile.gettempdir()) / "audiolint-signal-cost"
    chosen = materials(folder)["30 clips mono"] if clips else corpus_mix()
    for path in chosen:
        props = pipeline.probe_safely(path).properties
        files.append((props, list(decode.blocks(path, props.container, decoder=props.decoder))))
    best: dict[str, float] = {}
    with threadpool_limits(limits=1):
        for _ in range(rounds):
            spent.clear()
            start = time.process_time()
            for props, blocks in files:
                analyser = fid.factory(props.sample_rate, blocks[0].shape[1], props)
                for block in blocks:
                    analyser.update(block)
                analyser.result()
            spent["(all of fidelity)"] = time.process_time() - start
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    total = best.pop("(all of fidelity)")
    best["the rest (verdict, records, glue)"] = total - sum(best.values())
    seconds = sum(sum(map(len, b)) / p.sample_rate for p, b in files)
    print(
        f"fidelity on {len(files)} {'generated' if clips else 'corpus'} files ({seconds:.0f} s of "
        f"audio): {total * 1000:.0f} ms CPU, {seconds / total:.0f}x real time (one BLAS thread; "
        f"best of {rounds}; noisy)"
    )
    for label, cpu in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {label:38} {cpu * 1000:7.0f} ms {100 * cpu / total:5.1f} %")
    return 0


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return 0
    unknown = [a for a in argv if not a.startswith("-") and a not in registry.FACTORIES]
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 5
    if "--parts" in argv:
        return parts(rounds, clips="--clips" in argv)
    if "--table" not in argv and argv[:1] != ["--worker"] and unknown:
        print(f"unknown analyser {unknown[0]!r}; one of: {', '.join(registry.FACTORIES)}")
        return 2
    if argv[:1] == ["--worker"]:
        print(json.dumps(table_round(Path(argv[1]))))
        return 0
    if "--table" in argv:
        against = argv[argv.index("--against") + 1].split(",") if "--against" in argv else []
        if "--corpus" in argv:
            if not (CORPUS / "manifest.csv").exists():
                print(f"--corpus: no {CORPUS}/manifest.csv (benchmarks/realcorpus.py); left out")
            else:
                os.environ["AUDIOLINT_COST_CORPUS"] = "1"  # read by the worker processes
        return table(rounds, against)
    if not (ALSA / "Front_Left.wav").exists():
        print("skipped: ALSA prompts missing (Debian package alsa-utils)")
        return 0
    named = argv or ["reverb", "harmony"]
    x, sr = speech()
    blocks = [x[i : i + 65536] for i in range(0, len(x), 65536)]
    sets = {"without " + "+".join(named): [n for n in registry.SIGNAL if n not in named],
            "all signal analysers": list(registry.SIGNAL)}  # fmt: skip
    sets.update({n + " alone": [n] for n in named})
    best = {k: cpu_seconds(v, blocks, sr) for k, v in sets.items()}
    for _ in range(4):
        for k, v in sets.items():
            best[k] = min(best[k], cpu_seconds(v, blocks, sr))
    for k, s in best.items():
        print(f"{k:<32} {SECONDS / s:7.0f}x real time per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
