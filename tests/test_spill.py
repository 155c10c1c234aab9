"""audiolint.spill: appended bytes read back alike from memory and from the temporary file."""

from __future__ import annotations

import os
import pickle
import random
import tempfile

from audiolint.pathlist import PathList
from audiolint.spill import Ints, Spill


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
