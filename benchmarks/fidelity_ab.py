"""The fake-lossless analysis of this tree against a commit's, in ONE process: CPU by part, and
whether every fidelity record is identical (issues 11 and 15: a speed change must be exact).

    python benchmarks/fidelity_ab.py REV|SRC_DIR [REV2|SRC_DIR]
                                     [--set prompts|speech|corpus|scale|FOLDER] [--rounds N]

``signal_cost.py --table`` and ``one_pass.py`` run each tree in a process of its own, and on a
loaded machine the load moves between their turns: two exports of the same commit differed by
15 % there (load 5-9 on 2 cores). Here the commit's ``src/audiolint`` (``git archive``) is
imported beside this tree's under another name (``audiolint_ab``: its absolute imports
rewritten), and each file is analysed by one tree and then the other, the order alternating,
``--rounds`` times (default 9); per file and part the best round counts, and the per-file
bests are summed. Two copies of one commit read within 0.5 % of each other this way (all of
fidelity; its small parts within 1-7 %) at a load of 5-9, where separate processes differed by
15 %; the order the two are named in may still move a part by 1-2 %: name them both ways
round before believing a change of that size. The speech set is one file, so it has no
per-file bests to sum: at a load of 13 the two orders read +5 % and +27 % for a change worth
about +1.5 %; prefer the prompts or the corpus. Parts are timers around the functions fidelity
calls (a part's time includes the parts it calls): the every-offset codec-grid search
(``codecgrid._curves``), all of the codec-grid search, the Opus and MP3 grids, imaging, the
streaming spectrum and the excerpt.

Sets: ``prompts`` (default), ALSA's eight recorded prompts as they are (1.3-1.5 s, 48 kHz: a
file's fixed costs); ``speech``, ``signal_cost.py``'s 60 s of stereo speech; ``corpus``, every
6th 44.1/48 kHz file of the real corpus (``realcorpus.py``); ``scale``, every 5th of
``scale.py``'s 600 generated voice clips, its WAV and FLAC ones (80 files of 3-15 s, half at
44.1 and half at 48 kHz; every 10th would all be 44.1 kHz); or any FOLDER's files (not its
subfolders), say a hundred short prompts of one's own. Each file is decoded once, by this
tree's decoder; the worker processes' heap settings are applied (``executor._steady_heap``),
one BLAS thread. Records are compared as JSON (sorted keys, the ``_spectrogram`` artifact left
out); the files whose records differ are listed. With ``REV2``, that commit takes this tree's
place (the work tree may hold other people's unfinished edits); a folder holding ``audiolint``
(a ``src/``: a commit plus one change, say) may stand for either.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OPTIONS = ("--set", "--rounds")  # options that take a value
NAME = "audiolint_ab"
PARTS = (  # (module under analysis, function names, label)
    ("codecgrid", ("_curves",), "codec grid: every offset"),
    ("codecgrid", ("search_at",), "codec grid: all of it"),
    ("opusgrid", ("measure",), "Opus grid (pre-skip)"),
    ("celtskirt", ("measure",), "CELT skirt"),
    ("mp3grid", ("measure",), "MP3 grid"),
    ("imaging", ("measure", "frames_db", "mirrored"), "imaging"),
    ("spectrum", ("SpectrumAccumulator.update", "SpectrumAccumulator.finish"), "spectrum"),
    ("excerpt", ("Excerpt.update",), "loud-span excerpt"),
)


def other_tree(rev: str, folder: Path, name: str = NAME) -> str:
    """``rev``'s ``src/audiolint`` (or, when ``rev`` is a folder holding ``audiolint``, that
    one) under ``folder`` as the package ``name``, importable."""
    package = folder / name
    if Path(rev, "audiolint").is_dir():
        shutil.copytree(Path(rev, "audiolint"), package, ignore=shutil.ignore_patterns("*.pyc"))
    else:
        folder.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run(
            ["git", "-C", str(HERE.parent), "archive", rev, "src/audiolint"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=tar, check=True)
        (folder / "src" / "audiolint").rename(package)
    pattern = re.compile(r"\baudiolint(?=[.\s])")
    for path in package.rglob("*.py"):
        path.write_text(pattern.sub(name, path.read_text()))
    sys.path.insert(0, str(folder))
    return name


def timed(owner, dotted: str, label: str, spent: dict) -> None:
    """Wrap ``owner``'s function (or ``Class.method``) so its CPU adds to ``spent[label]``; a
    call inside another call of the same label counts once."""
    parts = dotted.split(".")
    host = getattr(owner, parts[0]) if len(parts) == 2 else owner
    inner = getattr(host, parts[-1])
    depth = [0]

    def wrapper(*args, **kwargs):
        depth[0] += 1
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start

    setattr(host, parts[-1], wrapper)


def files_of(which: str) -> list[Path]:
    """The files of the set named ``which``."""
    sys.path.insert(0, str(HERE))
    import signal_cost

    if which == "corpus":
        return signal_cost.corpus_mix()
    if which == "scale":  # scale.py's voice clips, every 5th WAV/FLAC one (made when missing)
        import scale

        folder = Path(tempfile.gettempdir()) / "audiolint-bench" / "voices-600"
        scale.make_dataset(folder, 600)
        return [p for p in sorted(folder.iterdir())[::5] if p.suffix != ".mp3"]
    if Path(which).is_dir():  # a folder of one's own: its files, in name order
        return sorted(p for p in Path(which).iterdir() if p.is_file())
    if which == "speech":
        return signal_cost.materials(Path(tempfile.gettempdir()) / "audiolint-signal-cost")[
            "speech 60 s stereo"
        ]
    return sorted(signal_cost.ALSA.glob("[FRS]*_*.wav"))


def record(result: dict) -> str:
    """The fidelity record as the JSON report holds it (sorted keys, no artifacts)."""
    kept = {k: v for k, v in result.items() if not k.startswith("_")}
    return json.dumps(kept, sort_keys=True, default=lambda v: np.asarray(v).tolist())


def decoded(which: str) -> list:
    """The set's files as (path, properties, decoded blocks), decoded once for both trees."""
    from audiolint import pipeline
    from audiolint.probe import decode

    files = []
    for path in files_of(which):
        props = pipeline.probe_safely(path).properties
        blocks = decode.blocks(path, props.container, decoder=props.decoder)
        files.append((path, props, list(blocks)))
    return files


def turns(files, trees, rounds: int, run) -> tuple[dict, list]:
    """Each file analysed by every tree, ``rounds`` times after a dropped warm-up turn, the
    trees' order alternating; ``run(who, props, blocks)`` returns (result as text, CPU seconds
    per row). Returns each tree's per-row best turn summed over the files, and the files whose
    results differ between the trees."""
    from threadpoolctl import threadpool_limits

    best: dict = {who: {} for who in trees}
    differ = []
    with threadpool_limits(limits=1), np.errstate(over="ignore", invalid="ignore"):
        for path, props, blocks in files:
            mine: dict = {who: {} for who in trees}
            got = {}
            for turn in range(rounds + 1):
                for who in list(trees) if turn % 2 else list(trees)[::-1]:
                    got[who], spent = run(who, props, blocks)
                    if turn:
                        mine[who] = {k: min(v, mine[who].get(k, v)) for k, v in spent.items()}
            for who in trees:
                for k, v in mine[who].items():
                    best[who][k] = best[who].get(k, 0.0) + v
            if len(set(got.values())) > 1:
                differ.append(path)
    return best, differ


def table(what, files, which, rounds, trees, best, rows, total, differ, digits=2) -> None:
    """Print CPU ms a file per row for each tree, the change, ``total``'s x real time and the
    files whose results differ."""
    seconds = sum(sum(map(len, b)) / p.sample_rate for _, p, b in files)
    print(
        f"{what} on {len(files)} files ({which}, {seconds:.0f} s of audio), CPU ms a file, "
        f"best of {rounds} turns per file, in one process (one BLAS thread)"
    )
    print(f"  {'':28}" + "".join(f"{who[-20:]:>22}" for who in trees) + "   change")
    for row in rows:
        cells = [best[who].get(row, 0.0) * 1000 / len(files) for who in trees]
        change = f"{100 * (cells[1] / cells[0] - 1):+6.1f} %" if cells[0] else ""
        print(f"  {row:28}" + "".join(f"{c:22.{digits}f}" for c in cells) + f"   {change}")
    speeds = "".join(f"{seconds / best[who][total]:21.1f}x" for who in trees)
    print(f"  x real time {total:16}{speeds}")
    print(f"results: {len(files) - len(differ)} of {len(files)} identical")
    for path in differ:
        print(f"  differs: {path}")


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 0
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 9
    which = argv[argv.index("--set") + 1] if "--set" in argv else "prompts"
    revs = [a for i, a in enumerate(argv) if not a.startswith("-") and argv[i - 1] not in OPTIONS]
    from audiolint.executor import _steady_heap

    _steady_heap(ctypes.CDLL(None))
    later = revs[1] if len(revs) > 1 else "this tree"
    second = later + " (again)" if later == revs[0] else later  # an A/A run: the noise
    spent: dict[str, dict] = {revs[0]: {}, second: {}}
    with tempfile.TemporaryDirectory() as tmp:
        trees = {revs[0]: other_tree(revs[0], Path(tmp, "a"))}
        trees[second] = other_tree(later, Path(tmp, "b"), NAME + "2") if revs[1:] else "audiolint"
        fidelity = {}
        for who, package in trees.items():
            fidelity[who] = importlib.import_module(f"{package}.analysis.fidelity")
            for module, names, label in PARTS:
                owner = importlib.import_module(f"{package}.analysis.{module}")
                for name in names:
                    timed(owner, name, label, spent[who])
        files = decoded(which)

        def run(who, props, blocks):
            spent[who].clear()
            start = time.process_time()
            analyser = fidelity[who].factory(props.sample_rate, blocks[0].shape[1], props)
            for block in blocks:
                analyser.update(block)
            result = record(analyser.result())
            spent[who]["(all of fidelity)"] = time.process_time() - start
            return result, dict(spent[who])

        best, differ = turns(files, trees, rounds, run)
    rows = sorted(best[second], key=lambda k: -best[revs[0]].get(k, 0.0))
    table("fidelity", files, which, rounds, trees, best, rows, "(all of fidelity)", differ)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
