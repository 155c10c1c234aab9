"""What a run keeps of every file for the dataset rules and the summary, held in columns.

A check of 100,000 files must not hold 100,000 records: each would be a dozen Python objects
(a context, its probe, its properties, their dicts and boxed numbers), about 1.5 KB even
pickled. :class:`Kept` holds the same contexts column by column instead: every number in a
typed array (8 bytes or fewer a file), each text or other value once in a table with a 4-byte
index per file (a dataset has a handful of codecs, rates and containers), every path in one
byte string. The rest of a context (the analysers' results the dataset rules read: usable
time, fidelity, fingerprint) is pickled and deflated against the first file's pickle, and only
for files that have it: a ``--quick`` run keeps none. Paths are a
:class:`~audiolint.pathlist.PathList`. Reading an entry gives back an equal
:class:`~audiolint.context.FileContext`, built on demand.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
import typing
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path

from audiolint.context import FileContext
from audiolint.models import Properties
from audiolint.pathlist import PathList, Rows, Spans
from audiolint.probe import ProbeResult

_INT_NONE = -(2**63)  # None in an int column


class _Ints:
    """An ``int | None`` per file (``bool | None`` with ``code="b"``) in a typed array; a value
    that does not fit (a huge number, another type, the None marker itself) is kept aside."""

    def __init__(self, kind: type = int, code: str = "q", none: int = _INT_NONE):
        self.kind, self.none, self.values, self.aside = kind, none, array(code), {}

    def append(self, value) -> None:
        if value is None:
            self.values.append(self.none)
            return
        if type(value) is self.kind and value != self.none:
            try:
                self.values.append(value)
                return
            except OverflowError:
                pass
        self.aside[len(self.values)] = value
        self.values.append(self.none)

    def __getitem__(self, i: int):
        value = self.values[i]
        if value != self.none:
            return self.kind(value)
        return self.aside.get(i)


class _Floats(_Ints):
    """A ``float | None`` per file; NaN stands for None (a real NaN is kept aside)."""

    def __init__(self):
        super().__init__(float, "d", math.nan)

    def append(self, value) -> None:
        if type(value) is float and not math.isnan(value):
            self.values.append(value)
        else:
            if value is not None:
                self.aside[len(self.values)] = value
            self.values.append(math.nan)

    def __getitem__(self, i: int):
        value = self.values[i]
        return self.aside.get(i) if math.isnan(value) else value


class _Table:
    """Any value per file, each distinct value stored once: a 4-byte index per file."""

    def __init__(self):
        self.distinct: list = []
        self.where: dict = {}
        self.index = array("I")

    def append(self, value) -> None:
        try:
            key = (type(value), value)
            hash(key)
        except TypeError:  # a dict inside (an anomaly's data): compared by its pickled form
            key = ("pickled", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        i = self.where.get(key)
        if i is None:
            i = self.where[key] = len(self.distinct)
            self.distinct.append(value)
        self.index.append(i)

    def __getitem__(self, i: int):
        return self.distinct[self.index[i]]


def _column(annotation: str):
    kinds = {
        "int | None": _Ints,
        "float | None": _Floats,
        "bool | None": lambda: _Ints(bool, "b", -1),
    }
    return kinds.get(annotation, _Table)()


class _Record:
    """Instances of one dataclass, a column per field (typed from the field's annotation)."""

    def __init__(self, cls: type, skip: tuple[str, ...] = ()):
        hints = {f.name: str(f.type) for f in dataclasses.fields(cls) if f.name not in skip}
        self.cls, self.columns = cls, {name: _column(kind) for name, kind in hints.items()}

    def append(self, obj) -> None:
        for name, column in self.columns.items():
            column.append(getattr(obj, name))

    def get(self, i: int, **extra):
        return self.cls(**{name: c[i] for name, c in self.columns.items()}, **extra)


# A context's fields held in columns; every other field is pickled when not at its default.
_COLUMNS = ("path", "display", "probe", "analysers")
_DEFAULTS = {
    f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()
    for f in dataclasses.fields(FileContext)
    if f.name not in _COLUMNS
}


class Kept(Rows):
    """File contexts held column by column (see the module's docstring); ``display`` is the
    function that gives a path its display form (kept aside only where a context's differs)."""

    def __init__(self, display: typing.Callable[[Path], str]):
        self.display = display
        self.paths = PathList()
        self.props = _Record(Properties)
        self.probe = _Record(ProbeResult, skip=("path", "properties"))
        self.analysers = _Table()
        self.odd: dict[int, dict] = {}  # a display, or a probe path, that is not the usual one
        # The other fields, where not at their defaults: pickled, then deflated against the
        # first file's pickle (the same keys and structure: a 3 KB record takes a few hundred
        # bytes), all in one byte string; an empty span is a file at the defaults.
        self.rest = Spans()
        self._zdict: bytes | None = None

    def append(self, ctx: FileContext) -> None:
        """Keep ``ctx`` (copied now: later changes to it are not seen)."""
        i = len(self.paths)
        self.paths.append(ctx.path)
        self.props.append(ctx.probe.properties)
        self.probe.append(ctx.probe)
        self.analysers.append(ctx.analysers)
        odd = {}
        if ctx.display != self.display(ctx.path):
            odd["display"] = ctx.display
        if ctx.probe.path != ctx.path:
            odd["probe_path"] = ctx.probe.path
        if odd:
            self.odd[i] = odd
        rest = {k: getattr(ctx, k) for k, v in _DEFAULTS.items() if getattr(ctx, k) != v}
        packed = b""
        if rest:
            blob = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
            self._zdict = self._zdict or blob[-32768:]
            deflate = zlib.compressobj(1, zdict=self._zdict)
            packed = deflate.compress(blob) + deflate.flush()
        self.rest.append(packed)

    def __len__(self) -> int:
        return len(self.paths)

    def _get(self, i: int) -> FileContext:
        path, odd = self.paths[i], self.odd.get(i, {})
        props = self.props.get(i)
        probe = self.probe.get(i, path=odd.get("probe_path", path), properties=props)
        packed, rest = self.rest[i], {}
        if packed:
            rest = pickle.loads(zlib.decompressobj(zdict=self._zdict).decompress(packed))
        display = odd["display"] if "display" in odd else self.display(path)
        return FileContext(path, display, probe, analysers=self.analysers[i], **rest)

    def __iter__(self) -> Iterator[FileContext]:
        return (self[i] for i in range(len(self)))

    def displays(self) -> Iterator[str]:
        """Each entry's display path, in order (without building its context)."""
        for i, path in enumerate(self.paths):
            odd = self.odd.get(i)
            yield odd["display"] if odd and "display" in odd else self.display(path)
