"""The Python API from several threads at once, each case in a fresh process (what hung were
first-use loads): the modules a run loads on first use must be whole in every thread, and a
worker forked while another thread is importing must not inherit that import's lock."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

import audiolint

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


def _fresh(code: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_four_threads_load_the_registry_and_the_cache_at_once(tmp_path):
    """A lazy module loader raced here on Python 3.11 (CPython gh-114763): threads saw a
    half-made module ("module 'audiolint.cache' has no attribute 'Cache'")."""
    for _ in range(3):
        assert _fresh(CODE, str(tmp_path)).split()[:1] == ["0"]


KERNELS = """
import sys, threading
from audiolint.analysis import loudness, mdct
barrier = threading.Barrier(4)
def go():
    barrier.wait()
    loudness.sosfilt_kernel(), mdct.dct4_kernel()
threads = [threading.Thread(target=go) for _ in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print(loudness.sosfilt_kernel() is loudness.public_sosfilt, "scipy.signal" in sys.modules,
      "scipy.fft" in sys.modules)
"""


def test_four_threads_load_scipys_compiled_kernels_at_once():
    """Loaded by hand outside the import lock, the second thread got the first one's half-made
    extension module and fell back to the public scipy.signal.sosfilt (3 of 3 processes): every
    worker then imported scipy.signal itself, 1-2 s each, in the middle of the hang."""
    for _ in range(2):
        assert _fresh(KERNELS).split() == ["False", "False", "False"]


# Four threads check (two) and inspect (two) one file each, at once, while a fifth thread is
# part-way through importing a module that the workers import too (`held`, through a wrapped
# probe). `held` stays half-made until a worker has been forked, or 1 s after the threads reach
# the pool: a fork made meanwhile gave a worker the import's lock, held for good.
THREADS = """
import json, sys, threading, multiprocessing.process
import audiolint
from audiolint import executor, pipeline
sys.path.insert(0, sys.argv[2])
paths = json.loads(sys.argv[1])
importing, arrived, forked = threading.Event(), threading.Event(), threading.Event()
real_start, real_spawn, real_probe = (multiprocessing.process.BaseProcess.start,
                                      executor.Pool._spawn, pipeline.probe)
def start(self):
    real_start(self)
    forked.set()
def spawn(self):
    arrived.set()
    return real_spawn(self)
def probe(path):
    import held
    return real_probe(path)
multiprocessing.process.BaseProcess.start, executor.Pool._spawn = start, spawn
pipeline.probe = probe
importer = threading.Thread(target=lambda: __import__("held"))
importer.start()
importing.wait()
out, barrier = {}, threading.Barrier(len(paths))
def go(i, path):
    barrier.wait()
    if i % 2:
        found = audiolint.inspect(path, read_config=False).findings
    else:
        found = audiolint.check(path, read_config=False).files[0].findings
    out[path] = [[f.rule, f.message] for f in found]
threads = [threading.Thread(target=go, args=(i, p)) for i, p in enumerate(paths)]
[t.start() for t in threads]
[t.join() for t in threads + [importer]]
print(json.dumps(out))
"""
HELD = """
import __main__
__main__.importing.set()
__main__.arrived.wait(120)
__main__.forked.wait(1)
"""


@needs_alsa
def test_threads_check_real_speech_at_once_with_an_import_in_progress(tmp_path):
    """Before the fix the workers forked during the import waited for it until their time
    limit: "gave up after 60 s" for 4 of 4 files."""
    paths = []
    for name in ("Front_Left", "Front_Right", "Rear_Left", "Side_Right"):
        x, sr = prompt(name)
        x = np.concatenate([x, np.zeros(sr, np.float32)])[: int(1.5 * sr)]  # 1.5 s
        sf.write(tmp_path / f"{name}.wav", x, sr, subtype="PCM_16")
        paths.append(str(tmp_path / f"{name}.wav"))
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "held.py").write_text(HELD)
    serial = {}
    for p in paths:
        serial[p] = [[f.rule, f.message] for f in audiolint.inspect(p, read_config=False).findings]
    assert any(serial.values())  # findings to compare: S002, silence within the clip
    threaded = json.loads(_fresh(THREADS, json.dumps(paths), str(tmp_path / "lib")))
    assert not [p for p in paths if any("gave up" in m for _, m in threaded[p])]
    assert threaded == serial
