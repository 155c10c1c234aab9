"""Issue 18: a link inside a dataset does not take the walk outside the folders it was given
(a link to ``/`` walked the whole file system), and ``/proc``, ``/sys`` and ``/dev`` are never
walked, ``--follow-links`` or not."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from audiolint.cli import cli
from audiolint.discover import discover


@pytest.fixture
def dataset(tmp_path, base):
    """data/a.wav, outside/b.wav, and data/ext -> ../outside."""
    (tmp_path / "data").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "data" / "a.wav").write_bytes(base["wav16"].read_bytes())
    (tmp_path / "outside" / "b.wav").write_bytes(base["wav16"].read_bytes())
    os.symlink("../outside", tmp_path / "data" / "ext")
    return tmp_path


def test_link_to_a_folder_outside_is_skipped_with_its_reason(dataset):
    found = discover([dataset / "data"])
    assert found.files == [dataset / "data" / "a.wav"]
    [(path, reason)] = found.skipped
    assert path == dataset / "data" / "ext"
    assert "outside" in reason and "--follow-links" in reason


def test_follow_links_follows_it(dataset):
    found = discover([dataset / "data"], follow_links=True)
    assert found.files == [dataset / "data" / "a.wav", dataset / "data" / "ext" / "b.wav"]
    assert found.skipped == []


def test_a_link_to_a_folder_inside_the_roots_is_followed(dataset):
    """Two roots: a link from one into the other stays inside (walked once)."""
    os.symlink("../data", dataset / "outside" / "back")
    found = discover([dataset / "data", dataset / "outside"])
    assert sorted(p.name for p in found.files) == ["a.wav", "b.wav"]


def test_links_to_files_outside_are_followed(dataset):
    os.symlink(dataset / "outside" / "b.wav", dataset / "data" / "c.wav")
    found = discover([dataset / "data"])
    assert dataset / "data" / "c.wav" in found.files


@pytest.mark.parametrize("system", ["/dev", "/proc", "/sys"])
def test_system_folders_are_never_walked(tmp_path, system):
    if not os.path.isdir(system):
        pytest.skip(f"no {system} here")
    os.symlink(system, tmp_path / "sysdir")
    found = discover([tmp_path], follow_links=True)
    assert found.files == []
    [(path, reason)] = found.skipped
    assert path == tmp_path / "sysdir" and "system folder" in reason


def test_a_link_to_the_root_walks_nothing_of_the_system(tmp_path, base):
    """The brief's attack, through the command line: a dataset holding a link to ``/``."""
    (tmp_path / "a.wav").write_bytes(base["wav16"].read_bytes())
    os.symlink("/", tmp_path / "root")
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", str(tmp_path)])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.output)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "a.wav")]
    [skipped] = data["skipped"]
    assert skipped["path"] == str(tmp_path / "root") and "outside" in skipped["reason"]


def test_check_has_a_follow_links_flag(dataset):
    args = ["check", "--no-cache", "--format", "json", "--follow-links", str(dataset / "data")]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code in (0, 1), res.output
    names = [f["path"].rsplit("/", 1)[-1] for f in json.loads(res.output)["files"]]
    assert names == ["a.wav", "b.wav"]
