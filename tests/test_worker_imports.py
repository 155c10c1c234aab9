"""Forked workers inherit what they need: a worker imports nothing on its first file (issue 15:
each module a worker imports itself is paid once per worker instead of once per run)."""

import subprocess
import sys

import soundfile as sf
from realaudio import needs_alsa, prompt

# In a fresh interpreter (a test run's own imports would hide a worker's): a check of the files
# given, whose build function writes, per file, the modules that file's build imported.
SCRIPT = r"""
import os, sys
from pathlib import Path
from audiolint import pipeline
from audiolint.config import Config

out, files = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
real = pipeline.build_context

def build(path, config, on_probed=None):
    before = set(sys.modules)
    ctx = real(path, config, on_probed)
    new = sorted(set(sys.modules) - before)
    (out / f"{path.name}.{os.getpid()}").write_text("\n".join(new))
    return ctx

pipeline.build_context = build  # the workers are forked: they call this one
done = list(pipeline.contexts(files, Config(jobs=2)))
print(len(done), *(ctx.signal is not None for ctx in done))
"""


@needs_alsa
def test_workers_import_nothing_on_their_first_file(tmp_path):
    x, sr = prompt("Front_Left")
    files = []
    for name, fmt in (("speech.wav", "WAV"), ("speech.flac", "FLAC"), ("speech.mp3", "MP3")):
        sf.write(str(tmp_path / name), x, sr, format=fmt)
        files.append(str(tmp_path / name))
    out = tmp_path / "imports"
    out.mkdir()
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out), *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.stdout.split() == ["3", "True", "True", "True"], run.stderr
    records = sorted(out.iterdir())
    assert len(records) == 3  # one per file: each was built in a worker
    assert len({r.suffix for r in records}) <= 2  # by at most two workers
    imported = {r.name: r.read_text().split() for r in records}
    assert imported == {name: [] for name in imported}
