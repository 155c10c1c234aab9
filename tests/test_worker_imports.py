"""Forked workers inherit what they need: a worker imports none of audiolint's modules (nor
what audiolint loads lazily) on its first file (issue 15: each module a worker imports itself is
paid once per worker instead of once per run)."""

import os
import subprocess
import sys
from pathlib import Path

import soundfile as sf
from realaudio import needs_alsa, prompt

import audiolint


def ours(module: str) -> bool:
    """A module a worker would otherwise load on its first file: audiolint's own, and what it
    imports lazily (soxr, and numpy.typing through it); a third-party library's own lazy
    imports are its business, not this guarantee's."""
    return module.split(".")[0] in ("audiolint", "soxr") or module.startswith("numpy.typing")


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
def test_workers_import_none_of_our_modules_on_their_first_file(tmp_path):
    x, sr = prompt("Front_Left")
    files = []
    formats = ["WAV", "FLAC"] + (["MP3"] if "MP3" in sf.available_formats() else [])  # 1.1+
    for fmt in formats:
        sf.write(str(tmp_path / f"speech.{fmt.lower()}"), x, sr, format=fmt)
        files.append(str(tmp_path / f"speech.{fmt.lower()}"))
    out = tmp_path / "imports"
    out.mkdir()
    tree = str(Path(audiolint.__file__).parents[1])  # the code under test, not the installed
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out), *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": tree},
    )
    assert run.stdout.split() == [str(len(files))] + ["True"] * len(files), run.stderr
    records = sorted(out.iterdir())
    assert len(records) == len(files)  # one per file: each was built in a worker
    assert len({r.suffix for r in records}) <= 2  # by at most two workers
    imported = {r.name: r.read_text().split() for r in records}
    assert {name: [m for m in new if ours(m)] for name, new in imported.items()} == {
        name: [] for name in imported
    }
