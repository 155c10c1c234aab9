"""A list of paths held as bytes: one byte string and an 8-byte offset per path, both moved to a
temporary file once they pass 256 KB.

A dataset of 100,000 files must not hold 100,000 :class:`~pathlib.Path` objects (a few hundred
bytes each, with their parts) for the whole run: :class:`PathList` keeps each path's file-system
bytes and gives back an equal Path on demand, and past 256 KB those bytes and their offsets
move to a temporary file (:mod:`audiolint.spill`), leaving nothing per path in memory. The
discovery and the dataset records use it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from audiolint.spill import READ_BYTES, Ints, Spill


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
    """Byte strings in one :class:`~audiolint.spill.Spill` with their end offsets in
    :class:`~audiolint.spill.Ints`: in memory while small, then in a temporary file; no object
    per item, and past the stores' limits nothing per item in memory."""

    def __init__(self, limit: int | None = None):
        self._bytes, self._ends = Spill(limit), Ints(limit)

    def append(self, data: bytes) -> None:
        """Add ``data`` at the end."""
        self._ends.append(self._bytes.append(data))

    def __len__(self) -> int:
        return len(self._ends)

    def _get(self, i: int) -> bytes:
        return self._bytes.read(self._ends[i - 1] if i else 0, self._ends[i])

    def spans(self) -> Iterator[bytes]:
        """Each item in order, read in blocks of 64 KB or more (the list may grow meanwhile)."""
        start, block, at = 0, b"", 0  # ``block`` holds the bytes from ``at`` on
        for end in self._ends:
            if end > at + len(block):
                at, block = start, self._bytes.read(start, max(end, start + READ_BYTES))
            yield block[start - at : end - at]
            start = end


class PathList(Spans):
    """Paths in one byte string (their file-system bytes) with an 8-byte offset each: a path
    costs its length plus 8 bytes, not a Path object's few hundred."""

    def __init__(self, paths=(), limit: int | None = None):
        super().__init__(limit)
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
        for data in self.spans():
            yield Path(os.fsdecode(data))


class Labelled(Rows):
    """``(path, label)`` pairs (the files skipped, each with why): the paths in a
    :class:`PathList`, each label a byte indexing the few distinct labels. Equal to a list of
    the same pairs."""

    def __init__(self, pairs=()):
        self.paths, self.labels, self._which = PathList(), [], bytearray()
        for pair in pairs:
            self.append(pair)

    def append(self, pair: tuple) -> None:
        """Add ``(path, label)`` at the end."""
        path, label = pair
        if label not in self.labels:
            self.labels.append(label)
        self.paths.append(path)
        self._which.append(self.labels.index(label))  # a handful of reasons: under 256

    def __len__(self) -> int:
        return len(self.paths)

    def _get(self, i: int) -> tuple[Path, str]:
        return self.paths[i], self.labels[self._which[i]]

    def __iter__(self) -> Iterator[tuple[Path, str]]:
        return zip(self.paths, (self.labels[w] for w in self._which), strict=True)

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, Labelled)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"Labelled({list(self)!r})"


class Mapped(Rows):
    """``fn(item)`` for each of ``items``, computed when read (no list of the results)."""

    def __init__(self, items: Sequence, fn: Callable):
        self.items, self.fn = items, fn

    def __len__(self) -> int:
        return len(self.items)

    def _get(self, i: int):
        return self.fn(self.items[i])

    def __iter__(self) -> Iterator:
        return map(self.fn, self.items)


class Subset(Rows):
    """``items[picks[j]]`` for each j, without a list of them (``picks``: an array of ints)."""

    def __init__(self, items: Sequence, picks: Sequence[int]):
        self.items, self.picks = items, picks

    def __len__(self) -> int:
        return len(self.picks)

    def _get(self, j: int):
        return self.items[self.picks[j]]
