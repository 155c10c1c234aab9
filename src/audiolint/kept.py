"""What a run keeps of every file for the dataset rules and the summary, out of memory.

A check of 100,000 files must not hold 100,000 records: each would be a dozen Python objects
(a context, its probe, its properties, their dicts and boxed numbers), about 1.5 KB even
pickled, and even packed into typed columns the probe's fields take a hundred bytes a file.
:class:`Kept` packs each context into one byte string instead (its path's bytes, its
properties' and probe's values, the list of analysers asked for as an index into a table of
the few distinct lists) and appends it to a :class:`~audiolint.pathlist.Spans`, which moves
the bytes to a temporary file past 256 KB (:mod:`audiolint.spill`): 8 bytes a file stay
in memory. The rest of a context (the analysers' results the dataset rules read: usable time,
fidelity, fingerprint) is pickled and deflated against the first file's pickle, and only for
files that have it: a ``--quick`` run keeps none. Reading an entry gives back an equal
:class:`~audiolint.context.FileContext`, built on demand.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import typing
import zlib
from collections.abc import Iterator
from pathlib import Path

from audiolint.context import FileContext
from audiolint.models import Properties
from audiolint.pathlist import Rows, Spans
from audiolint.probe import ProbeResult

# A context's fields packed into its record; every other field is pickled when not at its
# default.
_PACKED = ("path", "display", "probe", "analysers")
_DEFAULTS = {
    f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()
    for f in dataclasses.fields(FileContext)
    if f.name not in _PACKED
}
_PROPERTIES = tuple(f.name for f in dataclasses.fields(Properties))
_PICKLE = pickle.HIGHEST_PROTOCOL


class Kept(Rows):
    """File contexts, one packed record each (see the module's docstring); ``display`` is the
    function that gives a path its display form (recorded only where a context's differs)."""

    def __init__(self, display: typing.Callable[[Path], str], limit: int | None = None):
        self.display = display
        self.records = Spans(limit)
        self.analysers: list[tuple[str, ...]] = []  # the distinct lists, in order met
        self._zdict: bytes | None = None

    def append(self, ctx: FileContext) -> None:
        """Keep ``ctx`` (copied now: later changes to it are not seen)."""
        odd = {}
        if ctx.display != self.display(ctx.path):
            odd["display"] = ctx.display
        if ctx.probe.path != ctx.path:
            odd["probe_path"] = ctx.probe.path
        if ctx.analysers not in self.analysers:
            self.analysers.append(ctx.analysers)
        rest = {k: getattr(ctx, k) for k, v in _DEFAULTS.items() if getattr(ctx, k) != v}
        packed = b""
        if rest:
            # Deflated against the first file's pickle: the same keys and structure, so a
            # 3 KB record takes a few hundred bytes.
            blob = pickle.dumps(rest, protocol=_PICKLE)
            self._zdict = self._zdict or blob[-32768:]
            deflate = zlib.compressobj(1, zdict=self._zdict)
            packed = deflate.compress(blob) + deflate.flush()
        probe, props = ctx.probe, ctx.probe.properties
        record = (
            os.fsencode(ctx.path),
            [getattr(props, name) for name in _PROPERTIES],  # a list: no tuple free list to fill
            (probe.detected, probe.expected, probe.problems),
            self.analysers.index(ctx.analysers),
            odd or None,
            packed,
        )
        self.records.append(pickle.dumps(record, protocol=_PICKLE))

    def __len__(self) -> int:
        return len(self.records)

    def _get(self, i: int) -> FileContext:
        return self._unpack(self.records[i])

    def _unpack(self, data: bytes) -> FileContext:
        raw, values, (detected, expected, problems), which, odd, packed = pickle.loads(data)
        path, odd = Path(os.fsdecode(raw)), odd or {}
        props = Properties(*values)
        probe = ProbeResult(odd.get("probe_path", path), props, detected, expected, problems)
        rest = {}
        if packed:
            rest = pickle.loads(zlib.decompressobj(zdict=self._zdict).decompress(packed))
        display = odd["display"] if "display" in odd else self.display(path)
        return FileContext(path, display, probe, analysers=self.analysers[which], **rest)

    def __iter__(self) -> Iterator[FileContext]:
        return (self._unpack(data) for data in self.records.spans())

    def displays(self) -> Iterator[str]:
        """Each entry's display path, in order (without building its context)."""
        for data in self.records.spans():
            raw, *_, odd, _packed = pickle.loads(data)
            if odd and "display" in odd:
                yield odd["display"]
            else:
                yield self.display(Path(os.fsdecode(raw)))
