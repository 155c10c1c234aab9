"""Run the per-file work on a Dask cluster: ``--executor dask`` (the ``audiolint[dask]`` extra).

This process, the client, keeps everything that is not per-file: discovery, the cache, the rules
and the report. Only the files the cache cannot answer go to the cluster, in small batches. A
worker runs each batch through the local executor's :class:`~audiolint.executor.Pool` (one
forked child, fed one file at a time), so a file's time limit, a decoder that crashes its
process and an internal error give the same findings as on one machine; the batch's contexts
(what the cache stores) come back and the client puts them in input order.

Workers must see the files at the same absolute paths as the client (a shared file system).
``--scheduler ADDRESS`` connects to a running cluster; without it a ``LocalCluster`` of
``--jobs`` single-threaded worker processes is started on this machine and closed at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing as mp
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

from audiolint.config import Config
from audiolint.context import FileContext
from audiolint.errors import AudiolintError, MissingExtraError
from audiolint.executor import Pool, default_jobs

# Files per task: enough to spread a task's fixed cost (a fork, a round trip to the scheduler)
# thin, few enough that every worker gets several tasks and one slow batch does not finish last.
BATCH_MAX = 32
TASKS_PER_WORKER = 4
CONNECT_TIMEOUT_S = 30
# The cluster audiolint starts for itself wakes less often than Dask's defaults (set for a live
# dashboard, which it has none of): idle, a 2-worker LocalCluster's scheduler, nannies and
# workers used 9.5-11.4 % of a core, 6.6-6.7 % with these (load ~20 on 2 cores), CPU taken from
# the analysis all run long. A cluster given with --scheduler keeps its owner's settings.
QUIET = {
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing-interval": "1s",
}


class ClusterError(AudiolintError):
    """The Dask scheduler given cannot be reached (a one-line error, exit 2)."""


def require():
    """The ``distributed`` module, or a :class:`MissingExtraError` naming the extra."""
    try:
        import distributed
    except ImportError:
        raise MissingExtraError("--executor dask", "dask", "distributed") from None
    return distributed


def _allow_children() -> None:
    """Dask's nanny starts its workers as daemonic processes, and :mod:`multiprocessing`
    refuses children to those, lest they outlive it. The executor's children end with their
    parent (the kernel's parent-death signal, and a check each second), so the refusal is
    lifted; never put back, as another task may be starting its child meanwhile."""
    me = mp.current_process()
    if me.daemon:
        me._config["daemon"] = False  # no public setter once a process has started


def run_batch(paths: list[str], config: Config) -> list[tuple[int, FileContext]]:
    """On a worker: build the contexts of ``paths`` (absolute) through a one-child Pool, with
    the run's time limit; ``(position in the batch, context)`` pairs, in finishing order."""
    from audiolint import pipeline  # the worker's copy; cheap after the first batch
    from audiolint.analysis import registry
    from audiolint.probe import preload

    _allow_children()
    registry.preload(pipeline.needed_analysers(config))
    preload()  # the header libraries: each batch's child inherits them, as local workers do
    pool = Pool(1, config, pipeline.build_context, config.timeout)
    return list(pool.run([Path(p) for p in paths], pipeline.display_path, pipeline._failed))


def batches(count: int, workers: int) -> list[range]:
    """Consecutive index ranges covering ``count`` files: at least ``TASKS_PER_WORKER`` tasks
    per worker when there are enough files, at most ``BATCH_MAX`` files each."""
    size = max(1, min(BATCH_MAX, -(-count // max(1, workers * TASKS_PER_WORKER))))
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


@contextlib.contextmanager
def connect(config: Config):
    """A client of the cluster at ``config.scheduler``, or of a new ``LocalCluster``."""
    distributed = require()
    if config.scheduler:
        try:
            client = distributed.Client(config.scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, ValueError) as exc:  # refused, timed out, a malformed address
            message = f"cannot reach the Dask scheduler at {config.scheduler}: {exc}"
            raise ClusterError(message) from None
        with client:
            yield client
        return
    jobs = config.jobs or default_jobs()
    import dask  # installed with distributed

    with (
        dask.config.set(QUIET),
        distributed.LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _restore(ctx: FileContext, path: Path) -> FileContext:
    """The context as the client names the file (the worker saw its absolute path)."""
    from audiolint.pipeline import display_path

    ctx.path, ctx.display = path, display_path(path)
    ctx.probe = dataclasses.replace(ctx.probe, path=path)
    return ctx


class DaskPool:
    """:class:`~audiolint.executor.Pool`'s interface, on a Dask cluster."""

    def __init__(self, config: Config):
        self.config = config

    def run(
        self, paths: list[Path], display: Callable[[Path], str], on_error: Callable
    ) -> Iterator[tuple[int, FileContext]]:
        """Yield (index, context) as batches finish; the caller restores input order."""
        distributed = require()
        with connect(self.config) as client:
            workers = max(1, sum(client.nthreads().values()))

            def submit(indexes) -> None:  # a range (or one file's list): nothing a file held
                absolute = [str(paths[i].absolute()) for i in indexes]
                future = client.submit(run_batch, absolute, self.config, pure=False)
                owners[future.key] = indexes
                pending.add(future)

            owners: dict = {}
            pending = distributed.as_completed()
            for indexes in batches(len(paths), workers):
                submit(indexes)
            for future in pending:
                indexes = owners.pop(future.key)
                if future.status == "finished":
                    for j, ctx in future.result():
                        yield indexes[j], _restore(ctx, paths[indexes[j]])
                elif len(indexes) > 1:  # its worker died: find the file that killed it
                    for i in indexes:
                        submit([i])
                else:
                    yield indexes[0], on_error(paths[indexes[0]], *_why(future))
                future.release()


def _why(future) -> tuple[str, str]:
    """(error, traceback) for a batch that failed on the cluster, worded as the local executor
    words the same event (a worker that died is "the worker process died")."""
    exc = future.exception()
    if type(exc).__name__ == "KilledWorker":
        return "the worker process died", ""
    trace = future.traceback()
    return f"{type(exc).__name__}: {exc}", "".join(traceback.format_tb(trace)) if trace else ""
