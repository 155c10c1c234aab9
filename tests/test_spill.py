"""audiolint.spill: appended bytes read back alike from memory and from the temporary file."""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import sys
import tempfile

import numpy as np
import pytest

from audiolint import spill
from audiolint.pathlist import PathList
from audiolint.spill import Ints, Records, Spill


def _filled(limit: int) -> tuple[Spill, bytes]:
    rng = random.Random(limit)
    spill, whole = Spill(limit), bytearray()
    for _ in range(400):
        data = rng.randbytes(rng.randint(0, 40))
        assert spill.append(data) == len(whole) + len(data)
        whole += data
    return spill, bytes(whole)


def test_ranges_read_back_across_the_file_and_memory():
    for limit in (1, 50, 1000, 1 << 20):
        spill, whole = _filled(limit)
        assert (spill._written > 0) == (limit < len(whole))  # past its limit, in the file
        rng = random.Random(0)
        for _ in range(300):
            a, b = sorted(rng.randint(0, len(whole) + 9) for _ in range(2))
            assert spill.read(a, b) == whole[a:b]
        assert pickle.loads(pickle.dumps(spill)).read(0, len(whole)) == whole


def test_the_file_is_read_at_its_offsets_not_at_a_shared_position():
    spill, whole = _filled(64)
    os.lseek(spill._file.fileno(), 0, os.SEEK_SET)  # as a forked worker's read would move it
    assert spill.read(100, 300) == whole[100:300]
    spill.close()
    assert spill._file is None and len(spill) == 0


def test_without_a_temporary_folder_the_bytes_stay_in_memory(monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    spill, whole = _filled(16)
    assert spill._file is None and spill.read(0, len(whole)) == whole
    paths = PathList([f"/data/{i}.wav" for i in range(50)], limit=16)
    assert [str(p) for p in paths] == [f"/data/{i}.wav" for i in range(50)]


def test_ints_read_back_in_order_and_by_position():
    numbers = Ints(limit=40)  # five to a flush
    values = [0, 1, 2**64 - 1, *range(10**9, 10**9 + 97)]
    for v in values:
        numbers.append(v)
    assert len(numbers) == len(values) and list(numbers) == values
    assert numbers[2] == 2**64 - 1 and numbers[-1] == values[-1] and numbers._data._written > 0


ROW = np.dtype([("key", "<u4"), ("n", "<u4")])


def _records(keys) -> Records:
    store = Records(ROW, limit=1024)  # in the temporary file past 128 records
    rows = np.empty(len(keys), ROW)
    rows["key"], rows["n"] = keys, np.arange(len(keys))  # n: the order appended
    for at in range(0, len(rows), 333):
        store.append(rows[at : at + 333])
    return store


def test_groups_hold_every_record_of_their_keys_in_order(monkeypatch):
    monkeypatch.setattr(spill, "PART_BYTES", 64)  # every part through its temporary file
    rng = np.random.default_rng(0)
    keys = np.r_[rng.integers(0, 2**32, 3000), rng.integers(0, 40, 3000), np.full(700, 7)]
    store = _records(rng.permutation(keys))
    assert store._data._written > 0 and len(store) == len(keys)
    groups = list(store.groups("key", rows=200))
    assert len(groups) > 32  # split into many
    seen = np.concatenate([g["n"] for g in groups])
    assert sorted(seen.tolist()) == list(range(len(keys)))  # every record once
    owner = {}
    for k, g in enumerate(groups):
        assert (np.diff(g["n"]) > 0).all()  # the order appended
        assert len(g) <= 200 or len(np.unique(g["key"])) < len(g) // 200 + 2
        for key in np.unique(g["key"]).tolist():
            assert owner.setdefault(key, k) == k  # a key in one group only
    assert max(len(g) for g in groups) >= 700  # key 7's records could not be split


def test_a_store_of_one_key_is_one_group():
    store = _records(np.full(1000, 5))
    [group] = store.groups("key", rows=10)
    assert group["n"].tolist() == list(range(1000))
    assert list(_records([]).groups("key")) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc/self/fd")
def test_the_temporary_file_is_in_tmpdir(tmp_path):
    """TMPDIR chooses the folder (a disk when /tmp is a tmpfs): Python's tempfile reads it."""
    code = (
        "import os\nfrom audiolint.spill import Spill\n"
        "s = Spill(4)\ns.append(b'12345678')\n"
        "print(os.readlink(f'/proc/self/fd/{s._file.fileno()}'))"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.startswith(str(tmp_path) + "/"), out.stderr
