"""audiolint.forking: a worker forked while another thread imports gets whole modules, and the
wait takes os.fork's own locks in os.fork's order. Each case runs in a fresh process, with
modules written for it: one whose import takes 0.5 s, and logging handlers that take 0.3 s to
build while logging.config.dictConfig holds logging's lock between their imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORK = """
import os, sys, threading, time
sys.path.insert(0, sys.argv[1])
from audiolint.forking import fork_when_imports_settle
child = []
def start():
    pid = os.fork()
    if pid == 0:  # the child: what the other thread was importing must be whole here
        {child}
        os._exit(0)
    child.append(pid)
import started  # the modules the other thread imports set started.EVENT as they begin
threading.Thread(target={other}, daemon=True).start()
assert started.EVENT.wait(30), "the other thread's import never began"
fork_when_imports_settle(start)
for _ in range(100):
    pid, status = os.waitpid(child[0], os.WNOHANG)
    if pid:
        print("exit", os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.1)
else:
    os.kill(child[0], 9)
    print("hung")
"""
STARTED = "import threading\nEVENT = threading.Event()\n"
SLOW_MODULE = "import started, time\nstarted.EVENT.set()\ntime.sleep(0.5)\nVALUE = 42\n"
SLOW_HANDLER = """import logging, started, time
class H(logging.Handler):
    def __init__(self):
        super().__init__()
        started.EVENT.set()
        time.sleep(0.3)
    def emit(self, record):
        pass
"""
DICT_CONFIG = """lambda: __import__("logging.config").config.dictConfig({
    "version": 1, "handlers": {f"h{i}": {"class": f"handler{i}.H"} for i in (1, 2, 3)},
    "root": {"handlers": ["h1", "h2", "h3"]}})"""


def _run(tmp_path, child: str, other: str) -> str:
    (tmp_path / "started.py").write_text(STARTED)
    code = FORK.format(child=child, other=other)
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    return out.stdout.strip() or out.stderr[-2000:]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this system")
def test_a_child_forked_during_another_threads_import_gets_the_whole_module(tmp_path):
    """Forked plainly (os.fork in start, without the wait), this child hangs on the module's
    lock, held by a thread it does not have."""
    (tmp_path / "slow.py").write_text(SLOW_MODULE)
    child = "import slow; assert slow.VALUE == 42"
    assert _run(tmp_path, child, 'lambda: __import__("slow")') == "exit 0"


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork on this system")
def test_the_wait_does_not_deadlock_with_a_thread_configuring_logging(tmp_path):
    """dictConfig holds logging's lock while it imports each handler's module, and os.fork
    takes logging's lock before the import lock; taking the import lock first (f9c65b8) left
    the fork waiting for logging and dictConfig waiting for the import lock, for good."""
    for i in (1, 2, 3):
        (tmp_path / f"handler{i}.py").write_text(SLOW_HANDLER)
    child = 'import handler3, logging; logging.getLogger("x").warning("child logs")'
    assert _run(tmp_path, child, DICT_CONFIG) == "exit 0"


def test_an_import_that_never_ends_costs_the_wait_once(tmp_path, monkeypatch):
    """A module whose import blocks (here until the test lets it go) holds its lock past the
    wait: the first fork waits WAIT_S, says so once, and later forks do not wait for it again
    (so a host whose import never ends pays the wait once per process, not per worker)."""
    import importlib
    import threading
    import time
    import types

    from audiolint import forking

    (tmp_path / "forking_gate.py").write_text(
        "import threading\nSTARTED, RELEASE = threading.Event(), threading.Event()\n"
    )
    (tmp_path / "forking_blocker.py").write_text(
        "import forking_gate\nforking_gate.STARTED.set()\nforking_gate.RELEASE.wait(60)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("forking_gate", "forking_blocker"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    gate = importlib.import_module("forking_gate")
    sleeps: list[float] = []
    monkeypatch.setattr(forking, "WAIT_S", 0.2)
    monkeypatch.setattr(
        forking, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=sleeps.append)
    )
    other = threading.Thread(target=importlib.import_module, args=("forking_blocker",))
    other.start()
    try:
        assert gate.STARTED.wait(30)
        calls = []
        with pytest.warns(RuntimeWarning, match="forking_blocker"):
            forking.fork_when_imports_settle(lambda: calls.append("first"))
        waited = len(sleeps)
        forking.fork_when_imports_settle(lambda: calls.append("second"))
        assert calls == ["first", "second"]
        assert waited > 0 and len(sleeps) == waited  # the second call did not poll at all
    finally:
        gate.RELEASE.set()
        other.join(30)


GARBAGE = """
import gc, os, sys
from audiolint.forking import fork_when_imports_settle
gc.disable()  # the cycle stays uncollected in the parent until the fork, as a host's may
parent = os.getpid()
class Node:
    def __del__(self):
        if os.getpid() != parent:  # freed by the child's collector: a native object's threads,
            os.write(1, b"freed in the child\\n")  # joined here, would not exist
cycle = Node()
cycle.me = cycle
del cycle
child = []
def start():
    pid = os.fork()
    if pid == 0:
        gc.enable()
        gc.collect()
        os._exit(0)
    child.append(pid)
fork_when_imports_settle(start)
os.waitpid(child[0], 0)
gc.enable()
gc.collect()
print("parent collected", gc.garbage == [])
"""


def test_a_child_does_not_collect_the_parents_garbage():
    """PyAV 18.1.1's filter graphs, left in a reference cycle by a host (the tests' own PyAV
    filtering), were freed by a worker's first collection: freeing one joins FFmpeg's slice
    threads, which exist only in the parent, and the worker hung in pthread_cond_destroy. The
    parent's objects are frozen out of the collector across the fork."""
    out = subprocess.run(
        [sys.executable, "-c", GARBAGE], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "freed in the child" not in out
    assert "parent collected True" in out
