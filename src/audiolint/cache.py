"""A result cache, so re-checking an unchanged dataset is almost instant.

What is cached is the expensive part, the per-file context (probe + analysis), keyed by the
file's path, size, modification time and inode, a hash of its first and last 64 KiB (an edit
in place that puts the modification time back is still seen), the tool's version and the
settings that affect analysis (:func:`settings`; never rule options). Findings are not cached:
rules are cheap and their options may change between runs.

The cache is SQLite holding JSON (never pickle: a foreign or tampered cache must not run code).
A corrupt, foreign or unwritable cache is ignored and rebuilt; it is never trusted and never
fatal. Only a folder audiolint made (tagged with ``CACHEDIR.TAG``, see :mod:`audiolint.outputs`)
is ever written or cleaned: a folder holding anything else is left alone and the run goes on
without a cache.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import stat
import sys
from pathlib import Path
from typing import Any

import numpy as np

from audiolint import __version__, outputs
from audiolint.config import CACHE_DIR, Config
from audiolint.context import FileContext
from audiolint.models import Properties
from audiolint.probe import Anomaly, ProbeResult
from audiolint.spill import Spill

SCHEMA = 1
DEFAULT_DIR = CACHE_DIR
ENDS = 64 * 1024  # bytes hashed at each end of a file


def _default(obj: Any):
    if isinstance(obj, np.ndarray):
        data = base64.b64encode(np.ascontiguousarray(obj).tobytes()).decode("ascii")
        return {"__nd__": data, "dtype": obj.dtype.str, "shape": list(obj.shape)}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"cannot cache {type(obj).__name__}")


def _hook(d: dict):
    if "__nd__" in d:
        raw = base64.b64decode(d["__nd__"])
        return np.frombuffer(raw, dtype=np.dtype(d["dtype"])).reshape(d["shape"]).copy()
    return d


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


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the probe and analysis source: a changed measurement invalidates the cache
    even when the version number did not move (development installs, patched builds)."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for package in ("probe", "analysis"):
        for source in sorted((root / package).glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def ends_hash(path: Path) -> str | None:
    """A BLAKE2b hash of the first and last :data:`ENDS` bytes of a regular file (and its
    size), or None for anything else: a FIFO or a device is never read, and one that cannot be
    opened has no hash (its probe says why)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        digest = hashlib.blake2b(str(st.st_size).encode(), digest_size=16)
        digest.update(os.read(fd, ENDS))
        if st.st_size > ENDS:
            os.lseek(fd, max(ENDS, st.st_size - ENDS), os.SEEK_SET)
            digest.update(os.read(fd, ENDS))
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def settings(config: Config) -> str:
    """The settings that change what probing and analysis produce: whether the signal is
    analysed and whether bulky artifacts are kept. Rule options, selections and severities are
    not here: findings are recomputed on every run. Which analysers ran is checked per entry
    (:meth:`Cache.get`): an entry measured by more analysers than a run needs serves it."""
    return repr((config.analyse, config.keep_artifacts))


def key(path: Path, settings: str) -> str | None:
    """The cache key of a file as it is now, or None when it cannot be stat'ed."""
    try:
        st = path.stat()
    except OSError:
        return None
    ident = [
        os.fsencode(path.absolute()).hex(),
        st.st_size,
        st.st_mtime_ns,
        st.st_ino,
        ends_hash(path) if stat.S_ISREG(st.st_mode) else None,
        __version__,
        code_version(),
        SCHEMA,
        settings,
    ]
    return hashlib.sha256(json.dumps(ident).encode()).hexdigest()


class Keys:
    """The keys of a run's files, in order, as 32 raw bytes each (not a 64-character string
    object each: a run of 100,000 files holds them all until the last one is done), moved to
    a temporary file past 256 KB (:mod:`audiolint.spill`): a byte a file stays in memory."""

    def __init__(self) -> None:
        self._digests, self._known = Spill(), bytearray()

    def append(self, k: str | None) -> None:
        """Add a key from :func:`key` (None: the file could not be stat'ed)."""
        self._known.append(k is not None)
        self._digests.append(bytes.fromhex(k) if k is not None else bytes(32))

    def __getitem__(self, i: int) -> str | None:
        return self._digests.read(32 * i, 32 * (i + 1)).hex() if self._known[i] else None


# How long a run waits for another run's write to the cache before it gives up on that
# lookup (a busy cache is a miss, never a broken one: only a corrupt or foreign file is rebuilt).
BUSY_TIMEOUT_S = 5.0


class Cache:
    """Best-effort persistent store of file contexts."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple[str, str]] = []
        if not outputs.claim_folder(self.directory):
            print(
                f"audiolint: warning: not using {self.directory} as the cache: it exists and "
                "was not made by audiolint (nothing in it was touched)",
                file=sys.stderr,
            )
            return
        try:
            self.db = self._open()
        except sqlite3.OperationalError as exc:  # busy (another run writing) or unreadable
            print(
                f"audiolint: warning: not using the cache in {self.directory} this run: {exc}",
                file=sys.stderr,
            )
        except (sqlite3.Error, OSError):
            self.db = self._rebuild()

    def _open(self) -> sqlite3.Connection:
        marker = self.directory / ".gitignore"
        if not marker.exists():
            marker.write_text(outputs.LEGACY_MARK)
        db = sqlite3.connect(self.directory / "cache.sqlite3", timeout=BUSY_TIMEOUT_S)
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS entries (k TEXT PRIMARY KEY, v TEXT)")
        row = db.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
        if row is None:  # a new cache: another run may be making it too, and win
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (f"audiolint/{SCHEMA}",))
            db.commit()
            row = db.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
        if row is None or row[0] != f"audiolint/{SCHEMA}":
            raise sqlite3.DatabaseError("foreign cache")
        return db

    def _rebuild(self) -> sqlite3.Connection | None:
        try:
            (self.directory / "cache.sqlite3").unlink(missing_ok=True)
            return self._open()
        except (sqlite3.Error, OSError):
            return None  # unwritable: run without a cache

    def get(
        self, k: str | None, path: Path, display: str, needs: frozenset[str] = frozenset()
    ) -> FileContext | None:
        """The cached context for key ``k``, or None (missing or unusable, or made by a run
        that did not run every analyser in ``needs``)."""
        if self.db is None or k is None:
            return None
        try:
            row = self.db.execute("SELECT v FROM entries WHERE k = ?", (k,)).fetchone()
            ctx = decode(row[0], path, display) if row else None
            if ctx is not None and not needs <= set(ctx.analysers):
                return None  # a narrower run made it: measure again (and replace it)
            return ctx
        except sqlite3.OperationalError:
            return None  # busy past the timeout: a miss, and the cache is kept for others
        except sqlite3.Error:
            self.db = self._rebuild()
            return None
        except (ValueError, TypeError, KeyError, RecursionError, MemoryError):
            return None  # a malformed entry (even JSON nested 200,000 deep) is a miss

    def put(self, k: str | None, ctx: FileContext) -> None:
        """Queue a context for writing (written by :meth:`flush`)."""
        if self.db is not None and k is not None:
            # Something uncacheable is simply recomputed next time.
            with contextlib.suppress(TypeError, ValueError):
                self.pending.append((k, encode(ctx)))

    def flush(self) -> None:
        """Write queued entries in one transaction; failures only cost the cache."""
        if self.db is None or not self.pending:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self.pending)
        except sqlite3.Error:
            pass
        self.pending.clear()

    def close(self) -> None:
        """Flush and close."""
        self.flush()
        if self.db is not None:
            self.db.close()
