"""Issue 18: ``--jobs`` above what the open-file limit allows is capped, not "Too many open
files"."""

from __future__ import annotations

import resource
import subprocess
import sys


def test_many_jobs_under_a_low_file_limit(tmp_path, gen):
    for i in range(40):
        gen.write_wav(tmp_path / f"c{i:02d}.wav", gen.speechlike(8000, 0.3, seed=i), 8000)

    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (96, 96))

    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "audiolint",
            "check",
            "--no-cache",
            "--jobs",
            "200",
            "--format",
            "concise",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        preexec_fn=low_limit,
        timeout=300,
    )
    assert res.returncode in (0, 1), res.stderr
    assert "Too many open files" not in res.stderr + res.stdout
