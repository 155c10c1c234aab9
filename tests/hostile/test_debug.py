"""No traceback reaches the user: internal errors are one finding or one line; --debug shows
the traceback on standard error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiolint import cli as cli_module
from audiolint import pipeline, report


@pytest.fixture
def two(tmp_path, base):
    for name in ("a.wav", "b.wav"):
        (tmp_path / name).write_bytes(base["wav16"].read_bytes())
    return tmp_path


@pytest.fixture
def crashing_probe(monkeypatch):
    real = pipeline.probe

    def probe(path):
        if path.name == "a.wav":
            raise ValueError("synthetic probe bug")
        return real(path)

    monkeypatch.setattr(pipeline, "probe", probe)


def _run(*args):
    return CliRunner().invoke(cli_module.cli, [*args, "--no-cache", "-j", "1"])


def test_internal_error_is_a_finding_and_the_run_goes_on(two, crashing_probe):
    res = _run("check", str(two), "--format", "json")
    assert res.exit_code == 1 and "Traceback" not in res.output
    doc = json.loads(res.stdout)
    rules = {f["path"].rsplit("/", 1)[-1]: [x["rule"] for x in f["findings"]] for f in doc["files"]}
    assert rules["a.wav"] == ["F005"] and "F005" not in rules["b.wav"]


def test_debug_shows_the_traceback_on_stderr(two, crashing_probe):
    res = _run("check", str(two), "--format", "json", "--debug")
    assert "Traceback" in res.stderr and "synthetic probe bug" in res.stderr
    assert "Traceback" not in res.stdout


def test_unexpected_crash_is_one_line(two, monkeypatch):
    def broken(*a, **k):
        raise RuntimeError("reporter exploded")

    monkeypatch.setattr(report.get("terminal"), "render", broken)
    res = _run("check", str(two))
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == [
        "audiolint: internal error: RuntimeError: reporter exploded "
        "(run again with --debug for the traceback, and please report it)"
    ]
    res = _run("check", str(two), "--debug")
    assert isinstance(res.exception, RuntimeError)  # re-raised for the developer


def test_main_entry_point_never_prints_a_traceback(tmp_path):
    """The installed command: a bad option and a missing path end in one line, exit 2."""
    code = "from audiolint.cli import main; main()"
    src = str(Path(pipeline.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    for args in (["check"], ["check", str(tmp_path / "missing.wav")], ["check", "--nope", "x"]):
        res = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env
        )
        assert res.returncode == 2, (args, res.stderr)
        assert "Traceback" not in res.stderr


def test_damaged_files_leave_stderr_clean(tmp_path, base):
    """libmpg123 prints warnings for damaged MP3s straight to file descriptor 2; the report
    already says what is wrong, so the workers keep that noise off the user's terminal."""
    for name in ("mp3cbr", "mp3vbr", "wavfloat"):
        data = base[name].read_bytes()
        for k in (3, 2):
            (tmp_path / f"{name}_{k}{base[name].suffix}").write_bytes(data[: len(data) * 2 // 3])
            flipped = bytearray(data)
            flipped[len(data) // k :: 97] = b"\xff" * len(flipped[len(data) // k :: 97])
            (tmp_path / f"{name}_flip{k}{base[name].suffix}").write_bytes(bytes(flipped))
    src = str(Path(pipeline.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    code = "from audiolint.cli import main; main()"
    args = ["check", str(tmp_path), "--no-cache", "--format", "json", "-o", str(tmp_path / "r")]
    res = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env
    )
    assert res.returncode == 1
    assert res.stderr == ""
