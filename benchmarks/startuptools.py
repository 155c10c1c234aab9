"""The start-up benchmark's tools (``startup.py``): the environment every timed command runs in
(one BLAS thread, bytecode compiled once into a temporary folder), one timed run of a command
or of the in-process analysis, the tree of another commit, and the clips it is measured on."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PYCACHE = tempfile.TemporaryDirectory(prefix="audiolint-bench-pyc-")
# One BLAS thread everywhere, as the command line sets it before numpy loads (cli.main).
BLAS_ONE = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
# The environment of every timed command: bytecode compiled once, kept in a temporary folder.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    **BLAS_ONE,
    "PYTHONPYCACHEPREFIX": _PYCACHE.name,
}
BYTECODE_NOTE = (
    "commands run with compiled bytecode (a temporary PYTHONPYCACHEPREFIX), as installed"
)


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run_once(argv: list[str], fresh: str | None = None, env=None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of ``argv``, its child processes included; the folder
    ``fresh`` (a cache) is removed first, so that every run starts without it."""
    if fresh:
        shutil.rmtree(fresh, ignore_errors=True)
    before = _children_cpu()
    t = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=False, env=env or ENV)
    wall = time.perf_counter() - t
    return wall, _children_cpu() - before


def analysis_once(clip: Path, config) -> tuple[float, float]:
    """(wall, CPU) seconds of the file's own probe and analysis, in this process."""
    from threadpoolctl import threadpool_limits

    from audiolint import pipeline

    with threadpool_limits(limits=1):  # one BLAS thread, as in the check's worker
        t, c = time.perf_counter(), time.process_time()
        pipeline.build_context(clip, config)
        return time.perf_counter() - t, time.process_time() - c


def tree_at(rev: str, folder: Path) -> dict[str, str]:
    """The environment that runs ``src/`` of commit ``rev`` (``git archive``, with the
    glossary) from ``folder``: the work tree may hold other people's unfinished edits."""
    repo = Path(__file__).resolve().parents[1]
    tar = subprocess.run(
        ["git", "-C", str(repo), "archive", rev, "src", "glossary.yaml"],
        capture_output=True,
        check=True,
    ).stdout
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=tar, check=True)
    return {**ENV, "PYTHONPATH": str(folder / "src")}


def demo_clip(folder: Path) -> Path:
    """A 5 s speech-like FLAC at 48 kHz (the file the one-file figures are measured on)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import audiogen

    return audiogen.write_flac(folder / "take.flac", audiogen.speechlike(48000, 5.0), 48000)


def finding_clip(folder: Path) -> Path:
    """The same at 16 kHz: one finding (Q003), so the run reads the glossary to explain it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import audiogen

    return audiogen.write_flac(folder / "low.flac", audiogen.speechlike(16000, 5.0), 16000)
