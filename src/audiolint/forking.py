"""Fork worker processes safely while other threads of the process are running.

A forked child holds a copy of every lock as it was at the fork, but only the thread that
forked: a lock another thread held stays held in the child for good. The locks that hung
audiolint's workers were the import system's. A host program with four threads each calling
``audiolint.check`` forked one thread's worker while another thread was still importing scipy
(its first analysing run loads scipy's compiled filter); that worker then imported
``scipy.signal`` (the threads' race to load the filter had handed it the public
``scipy.signal.sosfilt``: see ``analysis.loudness.scipy_extension``), found ``scipy`` half-made
with its module lock held by a thread that does not exist in the child, and waited forever
(faulthandler in the hung workers: ``_ModuleLock.acquire`` under ``import scipy.signal``; the
lock's owner was the other thread, ``count`` 1). Any module can be caught this way: a host's
own thread importing it while a check forks.

:func:`fork_when_imports_settle` makes each fork at a moment when no other thread is part-way
through an import: it waits for the imports in progress to finish, then holds the interpreter's
import lock (no new import can start) and each module lock's own mutex while the fork is made,
and releases them on both sides of it (logging's lock is taken first, in the order os.fork's
own hooks take it). Every module a worker finds is then whole or not begun, whatever the other
threads do (unless an import outlasts :data:`WAIT_S`: then the fork is made anyway, with a
RuntimeWarning naming the module, and later forks do not wait for that import again). It
reads CPython's ``importlib._bootstrap`` bookkeeping (the same names in 3.10-3.13); where that
is missing, the fork is made as before.

A child freezes what it inherits out of its garbage collector's reach (``gc.freeze`` as it
starts; the parent's own settings are left as they were), so that it never collects the
parent's garbage. An FFmpeg filter graph (PyAV 18.1.1, FFmpeg 8) left in a reference cycle in
the parent was freed by the first collection in the child: freeing it joins its slice threads,
which exist only in the parent, and the worker waited in ``pthread_cond_destroy`` for good
(session 57: tests/rules/test_duplicate.py, whose tests filter audio through PyAV before a
check forks). Objects os.fork itself drops in the child (another thread's) are not covered:
pyproject keeps PyAV under 18.1.1 for them.
"""

from __future__ import annotations

import _imp
import contextlib
import gc
import os
import sys
import threading
import time
import warnings
import weakref
from importlib import _bootstrap

# How long a fork waits for other threads' imports to finish before it is made anyway. The
# imports a worker could need (numpy, scipy, the audio libraries) take a few seconds at most;
# an import that never ends (a server started at import time, or a thread waiting for the
# very module this one is importing) must not stall every check for good.
WAIT_S = 10.0
POLL_S = 0.005

# The module-lock mutexes held across the fork in progress (one at a time: the import lock is
# held too); None when no fork of this module's is in progress.
_held: list | None = None
# The locks os.fork's own hooks take before the import lock (the standard library's logging),
# taken first here too: a thread holding one may be importing (logging.config.dictConfig).
_outer: list = []
# Module locks whose import outlasted a wait: later forks do not wait for them again, so an
# import that never ends costs WAIT_S once per process, not once per worker.
_stuck: weakref.WeakSet = weakref.WeakSet()


def _release_in_child() -> None:
    """In a child forked under :func:`fork_when_imports_settle`: release what the parent held."""
    global _held
    if _held is None:
        return
    gc.freeze()  # the parent's objects, its garbage included, are not the child's to collect
    # Each release on its own: one that fails (a lock the runtime already reset, or whose
    # owner's id changed across the fork) must not leave the locks after it held for good.
    for mutex in _held:
        with contextlib.suppress(RuntimeError):
            mutex.release()
    _held = None
    # The runtime may have reset the import lock already, and logging resets its own lock.
    with contextlib.suppress(RuntimeError):
        _imp.release_lock()
    for lock in _outer:
        with contextlib.suppress(RuntimeError):
            lock.release()
    _outer.clear()


if hasattr(os, "register_at_fork"):
    # At once in the child, before any Python code of the child's runs (which may import).
    os.register_at_fork(after_in_child=_release_in_child)


def _module_locks() -> list:
    """The import system's live per-module locks (empty where its layout is unknown)."""
    try:
        refs = list(_bootstrap._module_locks.values())
    except (AttributeError, RuntimeError):
        return []
    locks = [ref() for ref in refs]
    return [lock for lock in locks if lock is not None and hasattr(lock, "lock")]


def _hook_locks() -> list:
    """The locks that os.fork's registered hooks take before the import lock (logging's)."""
    lock = getattr(sys.modules.get("logging"), "_lock", None)
    return [lock] if lock is not None else []


def fork_when_imports_settle(start) -> None:
    """Call ``start()`` (which forks) when no other thread is part-way through an import."""
    if not hasattr(os, "register_at_fork"):  # no fork here: the spawn start method
        start()
        return
    global _held
    me = threading.get_ident()
    deadline = time.monotonic() + WAIT_S
    late: list[str] = []
    while True:
        outer = _hook_locks()
        for lock in outer:
            lock.acquire()
        _imp.acquire_lock()
        _held, _outer[:] = [], outer  # one thread at a time here: the import lock is held
        forked = False
        try:
            locks = _module_locks()
            for lock in locks:
                lock.lock.acquire()  # held only for a few lines by whoever has it
                _held.append(lock.lock)
            busy = [
                lock for lock in locks if lock.count and lock.owner != me and lock not in _stuck
            ]
            if busy and time.monotonic() >= deadline:
                _stuck.update(busy)
                late = sorted(str(getattr(lock, "name", "?")) for lock in busy)
                busy = []
            if not busy:
                start()
                forked = True
        finally:
            for mutex in _held:
                mutex.release()
            _held = None
            _outer.clear()
            _imp.release_lock()
            for lock in reversed(outer):
                lock.release()
        if forked:
            break
        time.sleep(POLL_S)
    if late:  # said once the locks are free: a warning's display may import
        warnings.warn(
            f"audiolint: another thread's import of {', '.join(late)} had run for {WAIT_S:g} s; "
            "a worker was forked anyway and may hang if it needs that module",
            RuntimeWarning,
            stacklevel=2,
        )
