"""Run the per-file work (probe + analyse) in worker processes, with a time limit per file.

Workers are forked once per run (no per-file start-up or import cost), each when no other
thread of the process is part-way through an import (:mod:`audiolint.forking`: the Python API
may be called from several threads), and fed one path at a time. A worker says when it has
probed a file (so the deadline can grow with the file's length) and sends back the finished
context. A worker that overruns its deadline is killed and replaced, and the file gets a
plain-language finding instead of hanging the run. Results come back in input order, whatever
the scheduling.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import wait
from pathlib import Path

from audiolint.config import Config
from audiolint.context import FileContext
from audiolint.forking import fork_when_imports_settle
from audiolint.probe import ProbeResult

# A file may take this long, plus this many seconds per second of audio (i.e. it must be
# analysed at 5x real time at least), before it is given up on.
BASE_TIMEOUT_S = 60.0
PER_AUDIO_SECOND = 0.2
# The length a header claims is only believed as far as the file's bytes allow: no real audio
# takes fewer than 750 bytes a second (Opus at 6 kbit/s). And no file gets more than a day.
MIN_BYTES_PER_SECOND = 750
MAX_EXTRA_S = 86400.0
# A worker whose parent is gone ends: at once on Linux (the kernel's parent-death signal),
# otherwise within this many seconds of waiting for work.
PR_SET_PDEATHSIG = 1
PARENT_CHECK_S = 1.0
# glibc's mallopt settings for a worker (see _steady_heap): arrays under 32 MB come from the
# heap, which keeps up to 64 MB free at its top rather than return it to the system.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
HEAP_MMAP_THRESHOLD, HEAP_TRIM_THRESHOLD = 32 << 20, 64 << 20


def extra_time(claimed_s, size_bytes: int) -> float:
    """Seconds added to the base time limit for a file whose header claims ``claimed_s`` seconds
    and which holds ``size_bytes`` bytes: bounded by the bytes, whatever the header says."""
    try:
        seconds = float(claimed_s or 0.0)
    except (TypeError, ValueError, OverflowError):
        seconds = 0.0
    if not 0.0 < seconds < float("inf"):  # NaN, negative, infinite
        seconds = 0.0
    seconds = min(seconds, max(0, size_bytes) / MIN_BYTES_PER_SECOND)
    return min(PER_AUDIO_SECOND * seconds, MAX_EXTRA_S)


def bytes_on_disk(path: Path) -> int:
    """The bytes a file really holds: a sparse file's holes (a 10 GB WAV of 4 KB) do not count."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return 0
    blocks = getattr(st, "st_blocks", None)  # not on Windows
    return min(st.st_size, blocks * 512) if blocks is not None else st.st_size


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def fd_cap(per_worker: int = 4, reserve: int = 32) -> int:
    """How many workers the open-file limit allows: each costs the parent a few descriptors
    (its pipe, its process sentinel), and the run itself needs some (files, the cache)."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return 1 << 16
    if soft == resource.RLIM_INFINITY or soft < 0:
        return 1 << 16
    return max(1, (soft - reserve) // per_worker)


def _context():
    # fork: workers inherit the imported modules (and test monkeypatches); spawn elsewhere.
    if "fork" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    import multiprocessing.popen_fork  # noqa: F401 - start() must import nothing mid-fork

    return mp.get_context("fork")


def _single_threaded_blas() -> None:
    """Parallelism is across worker processes; a multithreaded BLAS inside each one only
    oversubscribes the cores (profiled: the full analysis ran 4x slower on 2 cores).

    When every BLAS was asked for one thread before numpy loaded (``audiolint._BLAS_PRESET``,
    marked at import and by the command line), they started with one: threadpoolctl's import
    and its scan of the loaded libraries (6-8 ms a worker) are skipped. The variables alone do
    not tell: set after numpy loaded (as dask.distributed does in its own process), they change
    nothing."""
    import audiolint

    if audiolint._BLAS_PRESET:
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        return
    threadpool_limits(limits=1)


def _quiet_native_stderr() -> None:
    """Send the worker's standard error to /dev/null unless ``--debug`` is on.

    libmpg123 (inside libsndfile) prints "Warning: Xing stream size off..." and similar for
    every damaged MP3, straight to file descriptor 2, and numpy warns about the overflowing
    samples of a damaged float file; the findings already say what is wrong. Tracebacks are
    not lost: they travel back in the context and the parent logs them.

    Debug logging is on only where something imported :mod:`logging` (``--debug``, or a host
    program of the Python API): a run that did not is spared its import."""
    logging = sys.modules.get("logging")
    if logging and logging.getLogger("audiolint").isEnabledFor(logging.DEBUG):
        return
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies (Linux), and end now if it already
    has. A SIGKILL or SIGTERM to the main process runs no clean-up, and a sibling worker holds
    the other end of this worker's pipe (inherited at fork), so no end-of-file would come."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        import ctypes

        # The running program's own symbols, libc's among them: ctypes.util.find_library
        # would run ldconfig in a subprocess (about 70 ms a worker on a loaded machine).
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        _steady_heap(libc)
    if os.getppid() != parent:  # it died before the line above
        os._exit(0)


def _steady_heap(libc) -> None:
    """Start the worker's malloc (glibc) where its own adjustment ends up: a fresh process
    maps every array over 128 KB afresh and hands freed heap back at once, so each new page
    of a file's first analysis costs a page fault (a 5 s FLAC: 4,700; 60 s: 19,000, about
    3 us each here) until glibc has raised its thresholds; with them raised from the start,
    1,850 and 2,600. Fixed thresholds end glibc's own adjustment, so arrays under 32 MB stay
    on the heap for the worker's life: over 314 files (1.6-300 s) in two workers, the larger
    worker's peak RSS was 72.0 MB against 70.2 MB without this (8 MB for mmap: 72.9 MB).
    Elsewhere (no mallopt) nothing changes."""
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD)
        mallopt(M_TRIM_THRESHOLD, HEAP_TRIM_THRESHOLD)


def _next_message(conn, parent: int):
    """The next message from the parent, or None once the parent is gone (elsewhere than Linux,
    or when the kernel's death signal was refused)."""
    while not conn.poll(PARENT_CHECK_S):
        if os.getppid() != parent:
            return None
    return conn.recv()


def _worker(conn, config: Config, build: Callable, parent: int) -> None:
    """Worker loop: receive (index, path), reply ("probed", i, seconds) then ("done", i, ctx)."""
    _die_with_parent(parent)
    _single_threaded_blas()
    _quiet_native_stderr()
    while True:
        try:
            msg = _next_message(conn, parent)
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, path = msg
        # With --quick the probe is all the work: the length it reads would extend a deadline
        # that the finished file no longer needs (one message a file fewer).
        send = getattr(config, "analyse", True)  # the fixer passes its own spec: always
        on_probed = (lambda d, i=index: conn.send(("probed", i, d))) if send else None
        try:
            ctx = build(path, config, on_probed=on_probed)
            conn.send(("done", index, ctx))
        except BaseException as exc:  # report, never die silently: the parent decides
            import traceback

            conn.send(("failed", index, f"{type(exc).__name__}: {exc}", traceback.format_exc()))


def timed_out(path: Path, display: str, seconds: float) -> FileContext:
    """The context for a file whose probe or decode overran its time limit."""
    size = path.stat().st_size if path.exists() else None
    message = (
        f"gave up after {seconds:.0f} s: reading this file took far longer than its length "
        "justifies (a damaged or pathological file)"
    )
    ctx = FileContext(path, display, ProbeResult.broken(path, "corrupt", message, size))
    ctx.timed_out, ctx.elapsed_s = True, seconds
    return ctx


class Pool:
    """A fixed set of forked workers that process paths with per-file deadlines."""

    def __init__(self, jobs: int, config: Config, build: Callable, timeout: float | None = None):
        self.jobs, self.config, self.build = max(1, min(jobs, fd_cap())), config, build
        self.base_timeout = min(BASE_TIMEOUT_S if timeout is None else timeout, MAX_EXTRA_S)
        self.ctx = _context()
        self.workers: list[tuple] = []

    def _spawn(self):
        parent, child = self.ctx.Pipe()
        args = (child, self.config, self.build, os.getpid())
        proc = self.ctx.Process(target=_worker, args=args, daemon=True)
        fork_when_imports_settle(proc.start)  # the caller may have other threads
        child.close()
        return proc, parent

    def run(
        self, paths: Sequence[Path], display: Callable[[Path], str], on_error: Callable
    ) -> Iterator[tuple[int, FileContext]]:
        """Yield (index, context) as files finish; the caller restores input order."""
        sent = 0  # paths[:sent] have gone to a worker
        for stream in (sys.stdout, sys.stderr):  # or forked children re-flush the parent's buffer
            stream.flush()
        busy: dict = {}  # conn -> [proc, index, started, deadline]
        idle = [self._spawn() for _ in range(min(self.jobs, len(paths)))]
        try:
            while sent < len(paths) or busy:
                while idle and sent < len(paths):
                    proc, conn = idle.pop()
                    index, sent = sent, sent + 1
                    conn.send((index, paths[index]))
                    now = time.monotonic()
                    busy[conn] = [proc, index, now, now + self.base_timeout]
                timeout = max(0.0, min(b[3] for b in busy.values()) - time.monotonic())
                for conn in wait(list(busy), timeout=timeout):
                    proc, index, started, _ = busy[conn]
                    try:
                        msg = conn.recv()
                    except (EOFError, OSError):  # the worker died (e.g. killed by the OS)
                        msg = ("died", index, "the worker process died", "")
                    if msg[0] == "probed":
                        extra = extra_time(msg[2], bytes_on_disk(paths[index]))
                        busy[conn][3] = started + self.base_timeout + extra
                        continue
                    del busy[conn]
                    if msg[0] == "done":
                        yield index, msg[2]
                        idle.append((proc, conn))
                    else:
                        yield index, on_error(paths[index], msg[2], msg[3])
                        if msg[0] == "died":
                            proc.join(timeout=1)
                            conn.close()
                            idle.append(self._spawn())
                        else:
                            idle.append((proc, conn))
                now = time.monotonic()
                for conn, (proc, index, started, deadline) in list(busy.items()):
                    if now >= deadline:
                        proc.kill()
                        proc.join()
                        conn.close()
                        del busy[conn]
                        yield index, timed_out(paths[index], display(paths[index]), now - started)
                        if sent < len(paths):
                            idle.append(self._spawn())
        finally:
            for proc, conn in idle + [(b[0], c) for c, b in busy.items()]:
                with contextlib.suppress(OSError):
                    conn.send(None)
                proc.join(timeout=1)
                if proc.is_alive():
                    proc.kill()
