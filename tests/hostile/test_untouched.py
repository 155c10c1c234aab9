"""The inspected files are never written, moved, renamed or re-timestamped (access times aside),
whatever the output format."""

from __future__ import annotations

import hashlib
import os
import stat

import hostilegen
import pytest
from click.testing import CliRunner

from audiolint import report
from audiolint.cli import cli


def snapshot(root) -> dict[bytes, tuple]:
    """Every entry under ``root``: its type, size, mtime and (regular files) content hash.

    Links are not followed and special files are not opened."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            digest = None
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                digest = os.readlink(path)
            out[path] = (stat.S_IFMT(st.st_mode), st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return out


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, base):
    """Every base format, damaged and absurd files, odd names and special files."""
    root = tmp_path_factory.mktemp("untouched") / "all"
    root.mkdir()
    for src in base.values():
        data = src.read_bytes()
        (root / src.name).write_bytes(data)
        (root / f"cut_{src.name}").write_bytes(data[: len(data) // 3])
    for name, (data, _) in list(hostilegen.absurd_headers(base).items())[::4]:
        (root / name).write_bytes(data)
    for rel in hostilegen.ODD_NAMES[:6]:
        hostilegen.corpus_path(root, hostilegen.Case("odd-name", rel)).write_bytes(b"RIFF")
    (root / "empty.wav").write_bytes(b"")
    (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    hostilegen.special_entries(root / "special", base["wav16"])
    return root


def test_snapshot_sees_changes(tmp_path):
    """The snapshot would notice a rewrite, a new mtime or a rename."""
    p = tmp_path / "a.wav"
    p.write_bytes(b"RIFF")
    before = snapshot(tmp_path)
    os.utime(p, ns=(0, 0))
    assert snapshot(tmp_path) != before


@pytest.mark.parametrize("fmt", sorted(report.FORMATS))
def test_full_run_touches_nothing(small_corpus, fmt, tmp_path):
    root = small_corpus
    before = snapshot(root)
    out = tmp_path / f"report.{fmt}"
    res = CliRunner().invoke(
        cli, ["check", str(root), "--format", fmt, "-o", str(out), "--no-cache", "-j", "2"]
    )
    assert res.exit_code in (0, 1), res.output
    assert out.stat().st_size > 0
    assert snapshot(root) == before
