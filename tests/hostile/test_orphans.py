"""Issue 18: SIGKILL or SIGTERM to the main process leaves no worker behind."""

from __future__ import annotations

import signal
import subprocess
import sys

import hostileprocs
import pytest


def _dataset(folder, gen, n=12):
    for i in range(n):
        gen.write_wav(folder / f"c{i:02d}.wav", gen.speechlike(16000, 20.0, seed=i), 16000)
    return folder


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_workers_end_with_their_parent(tmp_path, gen, sig):
    data = _dataset(tmp_path / "data", gen)
    cmd = [sys.executable, "-m", "audiolint", "check", "--no-cache", "-j", "2", str(data)]
    main = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        workers = hostileprocs.wait_for_children(main.pid, 2, timeout=60)
        assert len(workers) == 2, "the run never started its two workers"
        main.send_signal(sig)
        main.wait(timeout=10)
        assert hostileprocs.gone_within(workers, timeout=5) == []
    finally:
        hostileprocs.kill_all(workers)
        if main.poll() is None:
            main.kill()
            main.wait()
