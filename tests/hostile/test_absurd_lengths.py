"""Issue 18: a header claiming an absurd length is a finding on that file, never an aborted
run; the per-file time limit is bounded by the file's bytes, not by what its header claims."""

from __future__ import annotations

import hostilegen
import pytest
from click.testing import CliRunner

from audiolint import executor, pipeline
from audiolint.cli import cli
from audiolint.config import Config


@pytest.fixture
def absurd(tmp_path, base):
    """A folder of the four small files whose claimed lengths overflowed the timer."""
    for name, data in hostilegen.absurd_lengths(base).items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_every_absurd_length_is_a_damaged_header_in_a_real_run(absurd):
    """Through the worker pool (the deadline arithmetic is in the parent)."""
    report = pipeline.run([absurd], Config(cache_dir=None, jobs=2))
    assert len(report.files) == 4
    for fr in report.files:
        rules = {f.rule for f in fr.findings}
        assert "F005" not in rules and "F001" in rules, (fr.path, fr.findings)


@pytest.mark.parametrize("command", [["check", "--no-cache"], ["inspect"]])
def test_cli_reports_them_instead_of_exiting_2(absurd, command):
    names = sorted(str(p) for p in absurd.iterdir())
    res = CliRunner().invoke(cli, [*command, *names])
    assert res.exit_code in (0, 1), res.output
    assert "OverflowError" not in res.output


def test_timer_is_bounded_by_bytes_not_the_claim():
    assert executor.extra_time(1e300, 13_000) == pytest.approx(0.2 * 13_000 / 750)
    assert executor.extra_time(float("inf"), 10**6) == 0.0
    assert executor.extra_time(float("nan"), 10**6) == 0.0
    assert executor.extra_time(-5.0, 10**6) == 0.0
    assert executor.extra_time(60.0, 10**6) == pytest.approx(12.0)  # an honest minute
    assert executor.extra_time(1e12, 10**15) == executor.MAX_EXTRA_S  # a day at most


def test_huge_timeout_option_is_bounded(absurd):
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--timeout", "1e300", str(absurd)])
    assert res.exit_code in (0, 1) and "OverflowError" not in res.output


def test_a_sparse_file_is_bounded_by_the_bytes_it_holds(tmp_path):
    """A 10 GB sparse WAV holds a few KB: its time limit follows those, not its apparent size
    (it got 2.7 hours)."""
    import os

    from audiolint import executor

    p = tmp_path / "sparse.wav"
    p.write_bytes(b"RIFF" + b"\xff" * 40)
    os.truncate(p, 10 * 10**9)
    held = executor.bytes_on_disk(p)
    if held >= 10 * 10**9:
        pytest.skip("this file system does not store sparse files")
    assert held < 10**6
    assert executor.extra_time(15 * 3600, held) < 60
