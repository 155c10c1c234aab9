"""How the cache stores a file's context: JSON text (never pickle), arrays as base64 bytes.

:func:`encode` turns a :class:`~audiolint.context.FileContext` into the JSON an entry holds and
:func:`decode` rebuilds it. Arrays (the fingerprint's) stay bytes (:class:`Packed`) until a rule
reads them (:class:`Arrays`), unless numpy is loaded already: a run the cache serves whole never
loads numpy (issue 14). Anything malformed raises; :mod:`audiolint.cache` then ignores the entry.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from audiolint.context import FileContext
from audiolint.models import Properties
from audiolint.probe import Anomaly, ProbeResult


class Packed:
    """A numpy array as the cache holds it (base64 bytes, dtype, shape), not yet unpacked."""

    __slots__ = ("data", "dtype", "shape")

    def __init__(self, data: str, dtype: str, shape: list[int]):
        self.data, self.dtype, self.shape = data, dtype, shape

    def array(self):
        """The numpy array (numpy loads here)."""
        import numpy as np

        raw = base64.b64decode(self.data)
        return np.frombuffer(raw, dtype=np.dtype(self.dtype)).reshape(self.shape).copy()


class Arrays(dict):
    """A cached result holding arrays, each unpacked (:class:`Packed`) when first read: a run
    that never reads them (one file: no duplicate to match) never loads numpy. Reading by key,
    ``get``, ``values``, ``items``, copying or comparing gives numpy arrays, as before."""

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if isinstance(value, Packed):
            value = value.array()
            dict.__setitem__(self, key, value)
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default  # noqa: SIM401 - unpacks, as [] does

    def __iter__(self):  # not dict's own: dict(x) and {**x} then read through __getitem__
        return iter(list(dict.keys(self)))

    def values(self):
        return [self[k] for k in self]

    def items(self):
        return [(k, self[k]) for k in self]

    def copy(self) -> dict:
        return dict(self.items())

    def __eq__(self, other) -> bool:
        return dict(self.items()) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self):  # pickled still packed
        return (Arrays, (dict(dict.items(self)),))


def _default(obj: Any):
    np = sys.modules.get("numpy")  # no numpy loaded: no numpy object to encode
    if np is not None and isinstance(obj, np.ndarray):
        data = base64.b64encode(np.ascontiguousarray(obj).tobytes()).decode("ascii")
        return {"__nd__": data, "dtype": obj.dtype.str, "shape": list(obj.shape)}
    if np is not None and isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, Packed):
        return {"__nd__": obj.data, "dtype": obj.dtype, "shape": obj.shape}
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"cannot cache {type(obj).__name__}")


def _hook(d: dict):
    if "__nd__" in d:
        packed = Packed(d["__nd__"], d["dtype"], list(d["shape"]))
        return packed.array() if "numpy" in sys.modules else packed
    packed = False
    for k, v in d.items():
        if isinstance(v, Packed):
            packed = True
        elif isinstance(v, list) and _holds_packed(v):
            d[k] = _unpacked(v)  # an array inside a list: unpacked now (no entry has one)
    return Arrays(d) if packed else d


def _holds_packed(value) -> bool:
    return isinstance(value, Packed) or (
        isinstance(value, list) and any(_holds_packed(v) for v in value)
    )


def _unpacked(value):
    if isinstance(value, Packed):
        return value.array()
    return [_unpacked(v) for v in value] if isinstance(value, list) else value


def encode(ctx: FileContext) -> str:
    """A FileContext as JSON text (the path itself is the key, not stored)."""
    p = ctx.probe
    return json.dumps(
        {
            "properties": p.properties.to_dict(),
            "detected": p.detected,
            "expected": p.expected,
            "problems": [[a.kind, a.message, a.data] for a in p.problems],
            "signal": ctx.signal,
            "fidelity": ctx.fidelity,
            "analysis": ctx.analysis,
            "analysers": ctx.analysers,
            "decode_errors": ctx.decode_errors,
            "not_analysed": ctx.not_analysed,
            "internal_errors": ctx.internal_errors,
            "artifacts": ctx.artifacts,
        },
        default=_default,
        allow_nan=True,
    )


def decode(text: str, path: Path, display: str) -> FileContext:
    """Rebuild a FileContext from :func:`encode`'s text; raises on anything malformed."""
    d = json.loads(text, object_hook=_hook)
    probe = ProbeResult(
        path,
        Properties(**d["properties"]),
        d["detected"],
        d["expected"],
        tuple(Anomaly(k, m, data) for k, m, data in d["problems"]),
    )
    return FileContext(
        path,
        display,
        probe,
        d["signal"],
        d["fidelity"],
        analysis=d["analysis"],
        analysers=tuple(d["analysers"]),
        decode_errors=list(d["decode_errors"]),
        not_analysed=d["not_analysed"],
        internal_errors=list(d["internal_errors"]),
        artifacts=d["artifacts"],
    )
