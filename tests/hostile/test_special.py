"""Special files, links and permissions named on the command line: one clear entry each, no hang."""

from __future__ import annotations

import builtins
import os
import time

import pytest

from audiolint import api, pipeline
from audiolint.config import Config


def _only(report):
    [fr] = report.files
    return fr, [f.message for f in fr.findings if f.rule == "F001"]


def _check(*paths):
    return api.check(list(paths), Config(cache_dir=None, jobs=1))


def test_fifo_named_on_the_command_line_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.wav")
    started = time.monotonic()
    fr, [message] = _only(_check(tmp_path / "pipe.wav"))
    assert time.monotonic() - started < 10  # opening it would block forever
    assert message == "not a regular file but a named pipe (FIFO): audiolint does not open it"


def test_device_is_not_read(tmp_path):
    fr, [message] = _only(_check("/dev/zero"))
    assert "character device" in message


def test_symlink_to_a_folder_on_the_command_line_is_walked(tmp_path, base):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.wav").write_bytes(base["wav16"].read_bytes())
    os.symlink(real, tmp_path / "link")
    report = _check(tmp_path / "link")
    assert [fr.path for fr in report.files] == [str(tmp_path / "link" / "a.wav")]


def test_folder_loops_are_walked_once(tmp_path, base):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.wav").write_bytes(base["wav16"].read_bytes())
    os.symlink("../..", tmp_path / "a" / "b" / "back")  # a/b/back -> tmp_path
    os.symlink("a", tmp_path / "twin")  # a second way into a/
    report = _check(tmp_path)
    assert [fr.path.rsplit("/", 1)[-1] for fr in report.files] == ["x.wav"]
    reasons = dict(zip(report.skipped, report.skip_reasons, strict=True))
    assert reasons == {
        str(tmp_path / "a" / "b" / "back"): "folder already checked",
        str(tmp_path / "twin"): "folder already checked",
    }
    assert report.to_dict()["dataset"]["summary"]["skipped_by_reason"] == {
        "folder already checked": 2
    }


def test_the_same_file_twice_is_reported_once(tmp_path, base):
    (tmp_path / "a.wav").write_bytes(base["wav16"].read_bytes())
    report = _check(tmp_path, tmp_path / "a.wav", tmp_path / "." / "a.wav")
    assert len(report.files) == 1


def test_dangling_link_and_loop_named_explicitly(tmp_path):
    os.symlink("gone.wav", tmp_path / "dangling.wav")
    os.symlink("loop.wav", tmp_path / "loop.wav")
    report = _check(tmp_path / "dangling.wav", tmp_path / "loop.wav")
    messages = {fr.path.rsplit("/", 1)[-1]: fr.findings[0].message for fr in report.files}
    assert messages == {
        "dangling.wav": "dangling symbolic link: it points to 'gone.wav', which does not exist",
        "loop.wav": "symbolic link loop: the link leads back to itself and never reaches a file",
    }


def test_folder_named_like_audio_is_a_folder(tmp_path, base):
    (tmp_path / "x.wav").mkdir()
    (tmp_path / "x.wav" / "in.flac").write_bytes(base["flac"].read_bytes())
    for target in (tmp_path, tmp_path / "x.wav"):
        report = _check(target)
        assert [fr.path.rsplit("/", 1)[-1] for fr in report.files] == ["in.flac"]
        assert not report.all_findings() or all(f.rule != "F001" for f in report.all_findings())


def test_permission_denied_via_open(tmp_path, base, monkeypatch):
    """Root can read anything, so the refusal is simulated where the probe opens the file."""
    locked = tmp_path / "locked.wav"
    locked.write_bytes(base["wav16"].read_bytes())
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    ctx = pipeline.build_context(locked, Config(cache_dir=None))
    [f] = [f for f in pipeline.file_report(ctx, Config()).findings if f.rule == "F001"]
    assert f.message == "cannot be read: permission denied"


def test_unlistable_folder_gets_a_finding(tmp_path, base, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.wav").write_bytes(base["wav16"].read_bytes())
    (tmp_path / "locked").mkdir()
    real_scandir, real_listdir = os.scandir, os.listdir
    locked = str(tmp_path / "locked")

    def deny(real):
        def call(path="."):
            if os.fspath(path) == locked:
                raise PermissionError(13, "Permission denied", locked)
            return real(path)

        return call

    monkeypatch.setattr(os, "scandir", deny(real_scandir))
    monkeypatch.setattr(os, "listdir", deny(real_listdir))
    report = api.check([tmp_path], Config(cache_dir=None, jobs=1))
    by_name = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    assert set(by_name) == {"a.wav", "locked"}
    [f] = by_name["locked"].findings
    assert f.rule == "F001"
    assert (
        f.message == "folder cannot be opened (permission denied): the files in it were not checked"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file(tmp_path, base):
    locked = tmp_path / "locked.wav"
    locked.write_bytes(base["wav16"].read_bytes())
    locked.chmod(0)
    try:
        fr, [message] = _only(_check(locked))
        assert "permission denied" in message
    finally:
        locked.chmod(0o644)
