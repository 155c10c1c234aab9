"""A list of paths held as bytes: one byte string and an 8-byte offset per path.

A dataset of 100,000 files must not hold 100,000 :class:`~pathlib.Path` objects (a few hundred
bytes each, with their parts) for the whole run: :class:`PathList` keeps each path's file-system
bytes and gives back an equal Path on demand. The discovery and the dataset records use it.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path


class Rows(Sequence):
    """A sequence read by position (a slice gives a list; negative positions count back)."""

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._get(j) for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._get(i % len(self))

    def _get(self, i: int):
        raise NotImplementedError


class Spans(Rows):
    """Byte strings in one byte string with an 8-byte offset each (no object per item)."""

    def __init__(self):
        self._bytes, self._ends = bytearray(), array("Q")

    def append(self, data: bytes) -> None:
        """Add ``data`` at the end."""
        self._bytes += data
        self._ends.append(len(self._bytes))

    def __len__(self) -> int:
        return len(self._ends)

    def _get(self, i: int) -> bytes:
        return bytes(self._bytes[self._ends[i - 1] if i else 0 : self._ends[i]])


class PathList(Spans):
    """Paths in one byte string (their file-system bytes) with an 8-byte offset each: a path
    costs its length plus 8 bytes, not a Path object's few hundred."""

    def __init__(self, paths=()):
        super().__init__()
        for path in paths:
            self.append(path)

    def append(self, path) -> None:
        """Add ``path`` (a Path or str) at the end."""
        super().append(os.fsencode(path))

    def _get(self, i: int) -> Path:
        return Path(os.fsdecode(super()._get(i)))

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, PathList)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # mutable, like a list

    def __repr__(self) -> str:
        return f"PathList({list(self)!r})"

    def __iter__(self) -> Iterator[Path]:
        start = 0
        for end in self._ends:  # no memoryview: the list may still grow meanwhile
            yield Path(os.fsdecode(bytes(self._bytes[start:end])))
            start = end


class Subset(Rows):
    """``items[picks[j]]`` for each j, without a list of them (``picks``: an array of ints)."""

    def __init__(self, items: Sequence, picks: Sequence[int]):
        self.items, self.picks = items, picks

    def __len__(self) -> int:
        return len(self.picks)

    def _get(self, j: int):
        return self.items[self.picks[j]]
