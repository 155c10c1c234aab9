"""Bytes a run appends and reads back later, moved out of memory once there are many.

A check of 100,000 files keeps a little of every file until the dataset rules run (its path,
what its probe found, its cache key): even packed into bytes, tens of bytes a file grow the
main process by megabytes. :class:`Spill` holds appended bytes in memory up to
``SPILL_BYTES``, then writes each such batch to a temporary file in the system's temporary
folder (:func:`tempfile.TemporaryFile`: unnamed where the system allows it, gone when closed;
never next to the files checked) and reads ranges back with ``os.pread`` where there is one,
so a forked worker that inherits the file cannot move a shared file position. A small run
never touches the disk; when no temporary file can be made or written, the bytes stay in
memory (the run is as before, only larger). :class:`Records` holds fixed-size numpy records
the same way and gives them back grouped by a field in blocks of bounded size (the duplicate
matcher's words and votes).

The temporary folder is Python's (:func:`tempfile.gettempdir`): ``TMPDIR`` when set, else
``/tmp``. Where ``/tmp`` is a tmpfs (Fedora, Arch, Debian 13), spilled bytes still take RAM,
though not the process's: point ``TMPDIR`` at a disk (``/var/tmp``) for the largest runs.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Records loads numpy when made: Spill and Ints (a run's paths) need none
    import numpy as np

SPILL_BYTES = 1 << 18  # at most this much held in memory per store (256 KB)
READ_BYTES = 1 << 16  # read back in blocks of this much when read in order


class Spill:
    """A growing byte string: :meth:`append` at the end, :meth:`read` any range."""

    def __init__(self, limit: int | None = None):
        self.limit = SPILL_BYTES if limit is None else limit  # read now: a benchmark may set it
        self._tail = bytearray()  # the bytes not (yet) in the file
        self._file = None
        self._written = 0  # bytes in the file: the first ones

    def __len__(self) -> int:
        return self._written + len(self._tail)

    def append(self, data: bytes) -> int:
        """Add ``data`` at the end; return the new length."""
        self._tail += data
        if len(self._tail) >= self.limit:
            self._flush()
        return len(self)

    def read(self, start: int, end: int) -> bytes:
        """The bytes from ``start`` to ``end`` (as a slice of the whole would give them)."""
        end = min(end, len(self))
        if start >= end:
            return b""
        head = b""
        if start < self._written:
            head = self._read_at(start, min(end, self._written))
        if end <= self._written:
            return head
        return head + bytes(self._tail[max(0, start - self._written) : end - self._written])

    def _flush(self) -> None:
        before = self._written
        try:
            if self._file is None:
                # open for the whole run (closed by close(), or with the store)
                self._file = tempfile.TemporaryFile(prefix="audiolint-", buffering=0)  # noqa: SIM115
            with memoryview(self._tail) as data:  # no copy; released before the tail shrinks
                while self._written - before < len(data):
                    n = self._write_at(data[self._written - before :], self._written)
                    self._written += n
        except OSError:  # no temporary folder, or it is full: keep the rest in memory
            self.limit = math.inf
        del self._tail[: self._written - before]

    def _write_at(self, data, offset: int) -> int:
        if hasattr(os, "pwrite"):
            return os.pwrite(self._file.fileno(), data, offset)
        self._file.seek(offset)  # Windows: no pwrite, and no fork to share the position with
        return self._file.write(data)

    def _read_at(self, start: int, end: int) -> bytes:
        parts, fd = [], self._file.fileno()
        while start < end:
            if hasattr(os, "pread"):
                part = os.pread(fd, end - start, start)
            else:
                self._file.seek(start)
                part = self._file.read(end - start)
            if not part:
                raise OSError(f"the temporary file ended at {start} of {end} bytes")
            parts.append(part)
            start += len(part)
        return b"".join(parts)

    def close(self) -> None:
        """Drop the temporary file (and the bytes in it)."""
        if self._file is not None:
            self._file.close()
            self._file, self._written = None, 0
        self._tail.clear()

    def __getstate__(self) -> dict:  # a copy or a pickle holds the bytes themselves
        return {"limit": self.limit, "data": self.read(0, len(self))}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["limit"])
        self.append(state["data"])


class Ints:
    """Integers from 0 to 2**64 - 1 in a :class:`Spill`, 8 bytes each: an ``array("Q")`` whose
    items move to the temporary file too (a list of offsets or of file numbers, one a file)."""

    def __init__(self, limit: int | None = None):
        self._data = Spill(limit)

    def __len__(self) -> int:
        return len(self._data) // 8

    def append(self, value: int) -> None:
        """Add ``value`` at the end."""
        self._data.append(value.to_bytes(8, sys.byteorder))

    def __getitem__(self, i: int) -> int:
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        return int.from_bytes(self._data.read(8 * i, 8 * i + 8), sys.byteorder)

    def __iter__(self) -> Iterator[int]:
        at = 0
        while at < len(self._data):  # read again each block: the list may grow meanwhile
            block = array("Q", self._data.read(at, at + READ_BYTES))
            yield from block
            at += 8 * len(block)


GROUP_ROWS = 1 << 16  # Records.groups: at most about this many records a group, when it can
MAX_FAN_BITS = 6  # Records.groups: split a store too large into up to 64 parts (64 files)
PART_BYTES = 1 << 13  # each part's bytes in memory before they go to its file (64 x 8 KB)
_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: a field's values spread over parts


class Records:
    """Fixed-size numpy records of one structured ``dtype`` in a :class:`Spill`: append arrays
    of them, read them back in blocks, or :meth:`groups` by a field."""

    def __init__(self, dtype, limit: int | None = None):
        import numpy as np

        self.dtype = np.dtype(dtype)
        self._data = Spill(limit)

    def __len__(self) -> int:
        return len(self._data) // self.dtype.itemsize

    def append(self, rows: np.ndarray) -> None:
        """Add ``rows`` (an array of this dtype) at the end."""
        import numpy as np

        self._data.append(np.ascontiguousarray(rows, self.dtype).tobytes())

    def blocks(self, rows: int | None = None) -> Iterator[np.ndarray]:
        """Every record in order, in arrays of at most ``rows`` (:data:`GROUP_ROWS`)."""
        import numpy as np

        size, rows = self.dtype.itemsize, rows or GROUP_ROWS
        for at in range(0, len(self), rows):
            yield np.frombuffer(self._data.read(at * size, (at + rows) * size), self.dtype)

    def groups(self, field: str, rows: int | None = None) -> Iterator[np.ndarray]:
        """Every record once, in arrays that hold all the records with a given value of
        ``field`` and keep their order, each of ``rows`` (:data:`GROUP_ROWS`) records or fewer
        (more only when one value has more). A store larger than that is split by a hash of the
        field into stores of its own, about half ``rows`` each (up to 64 of them), in one pass,
        and each is grouped again on the next bits of the hash, so the memory used is bounded
        by ``rows`` whatever the store's size."""
        yield from _grouped(self, field, rows or GROUP_ROWS, 0)

    def close(self) -> None:
        """Drop the records (and the temporary file)."""
        self._data.close()


def _grouped(store: Records, field: str, rows: int, used: int) -> Iterator[np.ndarray]:
    """:meth:`Records.groups`, the hash's first ``used`` bits already spent on splits."""
    import numpy as np

    bits = min(MAX_FAN_BITS, (2 * len(store) // rows).bit_length(), 64 - used)
    fan, shift = 1 << bits, 64 - used - bits  # the hash's next ``bits`` bits pick the part
    if len(store) <= rows or bits < 1:
        if len(store):
            yield np.concatenate(list(store.blocks()))
        return
    parts = [Records(store.dtype, PART_BYTES) for _ in range(fan)]
    mix = np.uint64(_MIX)
    first, varied = None, False
    try:
        for block in store.blocks():
            values = block[field]
            first = values[0] if first is None else first
            varied = varied or bool((values != first).any())
            part = (values.astype(np.uint64) * mix) >> np.uint64(shift) & np.uint64(fan - 1)
            part = part.astype(np.uint8)  # a radix sort, and stable: parts keep the order
            order = np.argsort(part, kind="stable")
            cuts = np.searchsorted(part[order], np.arange(1, fan))
            for dest, piece in zip(parts, np.split(block[order], cuts), strict=True):
                if len(piece):
                    dest.append(piece)
        if not varied:  # one value throughout: no split can make it smaller
            yield np.concatenate(list(store.blocks()))
            return
        for part in parts:
            yield from _grouped(part, field, rows, used + bits)
            part.close()  # its file goes as soon as it is read
    finally:
        for part in parts:
            part.close()
