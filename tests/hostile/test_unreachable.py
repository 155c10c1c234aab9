"""Issue 18: a path that cannot be looked at, or a config file that is not ours, never aborts
the run: the path gets a finding and the other files are checked; someone else's non-UTF-8
``pyproject.toml`` is passed over, and a broken one of ours is one line naming it."""

from __future__ import annotations

import errno
import json
import os

import pytest
from click.testing import CliRunner

from audiolint import discover
from audiolint.cli import cli

LONG = "a" * 300  # one path component over the 255-byte limit


@pytest.fixture
def good(tmp_path, gen):
    return gen.write_wav(tmp_path / "good.wav", gen.speechlike(16000, 1.0, seed=5), 16000)


def concise(*args):
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "concise", *map(str, args)])
    return res, res.stdout.splitlines()


@pytest.mark.parametrize("name", [f"{LONG}.wav", f"{LONG}/inside.wav"], ids=["file", "folder"])
def test_name_over_255_bytes_is_a_finding(tmp_path, good, name):
    res, lines = concise(tmp_path / name, good)
    assert res.exit_code == 1, res.output
    assert any("file name too long" in line and LONG in line for line in lines)
    assert "internal error" not in res.output and "no such file" not in res.output
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", name, str(good)])
    assert [f["path"].rsplit("/", 1)[-1] for f in json.loads(res.stdout)["files"]] == [
        name.rsplit("/", 1)[-1],
        "good.wav",
    ]


def test_unsearchable_folder_named_on_the_command_line(tmp_path, good, monkeypatch):
    """Simulated (root can search any folder): looking inside ``locked`` is refused."""
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat, real_lstat = os.stat, os.lstat

    def deny(real):
        def fake(path, *a, **k):
            if os.fsdecode(path).startswith(str(locked) + os.sep):
                raise PermissionError(errno.EACCES, "Permission denied", path)
            return real(path, *a, **k)

        return fake

    monkeypatch.setattr(os, "stat", deny(real_stat))
    monkeypatch.setattr(os, "lstat", deny(real_lstat))
    assert not discover.missing(locked / "sub")
    res, lines = concise(locked / "sub", good)
    assert res.exit_code == 1, res.output
    assert any("sub" in line and "permission denied" in line for line in lines), lines
    assert "internal error" not in res.output


def test_latin1_pyproject_without_our_table_is_ignored(tmp_path, gen):
    (tmp_path / "pyproject.toml").write_bytes('[project]\nname = "café"\n'.encode("latin-1"))
    sub = tmp_path / "sub"
    gen.write_wav(sub / "a.wav", gen.speechlike(48000, 1.0, seed=6), 48000)
    res, _ = concise(sub)
    assert res.exit_code in (0, 1) and "UnicodeDecodeError" not in res.output
    assert "pyproject.toml" not in res.output  # (the temporary folder's name holds "pyproject")


def test_our_broken_latin1_pyproject_is_one_line_naming_it(tmp_path, gen):
    text = '[tool.audiolint]\nselect = ["café"]\n'
    (tmp_path / "pyproject.toml").write_bytes(text.encode("latin-1"))
    sub = tmp_path / "sub"
    gen.write_wav(sub / "a.wav", gen.speechlike(48000, 1.0, seed=6), 48000)
    res, _ = concise(sub)
    assert res.exit_code == 2
    [line] = res.stderr.strip().splitlines()
    assert "pyproject.toml" in line and "UTF-8" in line
