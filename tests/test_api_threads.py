"""The pipeline from several threads at once, in a fresh process: the modules a run loads on
first use (the analysers' registry, the result cache) must be whole in every thread. A lazy
module loader raced here on Python 3.11 (CPython gh-114763): threads saw a half-made module
("module 'audiolint.cache' has no attribute 'Cache'"). No worker is forked here (no file to
analyse), so only the loading is tested."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys, threading
from audiolint import pipeline
from audiolint.config import Config
root, errors, barrier = sys.argv[1], [], threading.Barrier(4)
def go(i):
    try:
        barrier.wait()
        assert "fidelity" in pipeline.needed_analysers(Config())
        assert list(pipeline.contexts([], Config(cache_dir=f"{root}/cache{i}"))) == []
    except Exception as e:
        errors.append(repr(e))
threads = [threading.Thread(target=go, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(errors), *errors[:1])
"""


def test_four_threads_load_the_registry_and_the_cache_at_once(tmp_path):
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", CODE, str(tmp_path)], capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.split()[:1] == ["0"], out.stdout
