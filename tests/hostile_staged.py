"""Stage issue-18 attacks and judge their outcome, for the hostile tests and
``benchmarks/hostile_attacks.py``.

A helper module (no tests here): run the CLI in this process (:func:`cli_run`) or as a child
(:func:`child`), judge a run clean (:func:`clean`), an output refused (:func:`refused`) or every
path reported (:func:`reported`), record a file's state (:func:`state`), edit a
file in place behind the cache's back (:func:`rewrite_keeping_times`), cut a file short between
its probe and its decode (:func:`cut_after_probe`), and kill a run's main process mid-run
(:func:`kill_mid_run`), returning the workers it left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import hostileprocs
from click.testing import CliRunner


class Skip(Exception):
    """This attack cannot be staged here (e.g. as root); the reason is the message."""


def cli_run(*args):
    """``audiolint ARGS`` in this process (click's runner); paths may be :class:`Path`."""
    from audiolint.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args])


def clean(res) -> bool:
    """True when a :func:`cli_run` ended by exiting, with no traceback or internal error."""
    crashed = res.exception is not None and not isinstance(res.exception, SystemExit)
    text = res.output
    return not crashed and "Traceback" not in text and "internal error" not in text


def child(args, nofile: int | None = None, **kw) -> subprocess.CompletedProcess:
    """``python -m audiolint ARGS`` as a child process (text output), optionally under an
    open-file limit of ``nofile``."""

    def limit():
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    cmd = [sys.executable, "-m", "audiolint", *map(str, args)]
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, preexec_fn=limit if nofile else None, **kw
    )


def state(path: Path) -> tuple[bytes, int]:
    """A file's bytes and modification time."""
    return path.read_bytes(), os.stat(path).st_mtime_ns


def copy(base, name: str, to: Path) -> Path:
    """Copy the base file ``name`` (see ``hostilegen.base_files``) to ``to``."""
    to.parent.mkdir(parents=True, exist_ok=True)
    to.write_bytes(base[name].read_bytes())
    return to


def refused(args, inputs) -> tuple[bool, str]:
    """Run ``audiolint ARGS``: held when it exits 2, cleanly, with every one of ``inputs``
    untouched."""
    before = [state(p) for p in inputs]
    res = cli_run(*args)
    held = res.exit_code == 2 and clean(res) and [state(p) for p in inputs] == before
    return held, f"exit {res.exit_code}"


def reported(paths, expect=(0, 1)) -> tuple[bool, str]:
    """Check ``paths``: held when the run ends cleanly with an exit code in ``expect`` and
    every path in the report."""
    res = cli_run("check", "--no-cache", "--format", "json", *paths)
    if res.exit_code not in expect or not clean(res):
        return False, f"exit {res.exit_code}: {res.output.strip()[-120:]}"
    files = [f["path"] for f in json.loads(res.stdout)["files"]]
    return len(files) == len(paths), f"{len(files)}/{len(paths)} files reported"


def rewrite_keeping_times(path: Path, data: bytes) -> None:
    """Overwrite ``path`` in place with ``data`` (same length), then put its times back: the
    size, inode and modification time are those of before."""
    st = path.stat()
    with open(path, "r+b") as fh:
        fh.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        st.st_size,
        st.st_mtime_ns,
        st.st_ino,
    )


@contextlib.contextmanager
def cut_after_probe(pipeline, keep: float = 0.5):
    """While inside, every file ``pipeline`` probes is cut to ``keep`` of its size right after
    its probe (another program truncating it mid-run). Forked workers inherit the patch."""
    real = pipeline.probe

    def probe_then_cut(path):
        result = real(path)
        os.truncate(path, int(os.path.getsize(path) * keep))
        return result

    pipeline.probe = probe_then_cut
    try:
        yield
    finally:
        pipeline.probe = real


def kill_mid_run(folder: Path, sig: str = "SIGKILL", jobs: int = 2) -> list[int]:
    """Start ``audiolint check -j JOBS FOLDER``, send ``sig`` to it once its workers exist, and
    return the workers still running 5 s later (killing them, so nothing is left either way)."""
    cmd = [sys.executable, "-m", "audiolint", "check", "--no-cache", "-j", str(jobs), str(folder)]
    main = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        workers = hostileprocs.wait_for_children(main.pid, jobs, timeout=60)
        if len(workers) < jobs:
            raise RuntimeError(f"the run never started its {jobs} workers")
        main.send_signal(getattr(signal, sig))
        main.wait(timeout=10)
        return hostileprocs.gone_within(workers, timeout=5)
    finally:
        hostileprocs.kill_all(workers)
        if main.poll() is None:
            main.kill()
            main.wait()
