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
threading.Thread(target={other}, daemon=True).start()
time.sleep(0.1)
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
SLOW_MODULE = "import time\ntime.sleep(0.5)\nVALUE = 42\n"
SLOW_HANDLER = """import logging, time
class H(logging.Handler):
    def __init__(self):
        super().__init__()
        time.sleep(0.3)
    def emit(self, record):
        pass
"""
DICT_CONFIG = """lambda: __import__("logging.config").config.dictConfig({
    "version": 1, "handlers": {f"h{i}": {"class": f"handler{i}.H"} for i in (1, 2, 3)},
    "root": {"handlers": ["h1", "h2", "h3"]}})"""


def _run(tmp_path, child: str, other: str) -> str:
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
