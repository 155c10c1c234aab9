"""Look at processes through /proc, for the hostile tests and ``benchmarks/hostile_attacks.py``.

A helper module (no tests here): :func:`children` lists the processes whose parent is a given
process, :func:`alive` says whether one still runs (a zombie waiting to be reaped does not),
and :func:`gone_within` waits for a set of them to end. Linux only (``/proc``); psutil is not a
dependency.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path


def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    fields = (line.split(":", 1) for line in text.splitlines() if ":" in line)
    return {k: v.strip() for k, v in fields}


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` right now."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _status(int(entry)).get("PPid") == str(pid):
            out.append(int(entry))
    return sorted(out)


def alive(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (ended, not yet reaped) counts as gone."""
    state = _status(pid).get("State", "")
    return bool(state) and not state.startswith(("Z", "X"))


def wait_for_children(pid: int, count: int, timeout: float) -> list[int]:
    """Wait until ``pid`` has at least ``count`` children; return them (maybe fewer)."""
    deadline = time.monotonic() + timeout
    found = children(pid)
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.05)
        found = children(pid)
    return found


def gone_within(pids, timeout: float) -> list[int]:
    """Wait up to ``timeout`` seconds for every one of ``pids`` to end; return those still
    running."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if alive(p)]
    return left


def kill_all(pids) -> None:
    """SIGKILL each of ``pids`` still running (clean-up after a failed check)."""
    for pid in pids:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
