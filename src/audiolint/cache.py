"""A result cache, so re-checking an unchanged dataset is almost instant.

What is cached is the expensive part, the per-file context (probe + analysis), keyed by the
file's path, size, modification time and inode, a hash of its first and last 64 KiB (an edit
in place that puts the modification time back is still seen), the tool's version and the
settings that affect analysis (:func:`settings`; never rule options). Findings are not cached:
rules are cheap and their options may change between runs.

The cache is SQLite holding JSON (never pickle: a foreign or tampered cache must not run code).
Entries are encoded and decoded by :mod:`audiolint.cache_entry` (arrays stay bytes until a rule
reads them), and the code's hash is remembered in the cache against its sources' stat
(:func:`code_version`): a run the cache serves whole loads neither numpy nor an analyser
(issue 14).
A corrupt, foreign or unwritable cache is ignored and rebuilt; it is never trusted and never
fatal. Only a folder audiolint made (tagged with ``CACHEDIR.TAG``, see :mod:`audiolint.outputs`)
is ever written or cleaned: a folder holding anything else is left alone and the run goes on
without a cache.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import stat
import sys
from pathlib import Path

from audiolint import __version__, outputs
from audiolint.cache_entry import decode, encode
from audiolint.config import CACHE_DIR, Config
from audiolint.context import FileContext
from audiolint.spill import Spill

try:  # hashlib's own BLAKE2, without hashlib, whose import loads OpenSSL (2-4 ms a run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without CPython's module
    from hashlib import blake2b

SCHEMA = 1
SCHEMA_TAG = f"audiolint/{SCHEMA}"  # the 'schema' record of a cache of audiolint's
DEFAULT_DIR = CACHE_DIR
ENDS = 64 * 1024  # bytes hashed at each end of a file


def _sources() -> list[str]:
    root = os.path.dirname(__file__)
    return [
        os.path.join(root, package, name)
        for package in ("probe", "analysis")
        for name in sorted(os.listdir(os.path.join(root, package)))
        if name.endswith(".py")
    ]


@functools.lru_cache(maxsize=1)
def sources_stat() -> str:
    """A hash of the probe and analysis sources' names and stat: size, inode, modification
    and change times. Any write to a file, a rename over it or a restored modification time
    moves its change time, which no program can set back; a file added or removed changes
    the names."""
    ident = []
    for source in _sources():
        st = os.stat(source)
        ident.append((source, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns))
    return blake2b(repr(ident).encode(), digest_size=16).hexdigest()


# sources_stat() -> code_version(), as a cache recorded them (Cache._open): the hash of every
# source's bytes (about 350 KB read each run) is taken again only when a source changed.
_remembered: dict[str, str] = {}


def content_version() -> str:
    """A hash of the probe and analysis sources' bytes."""
    digest = blake2b(digest_size=8)
    for source in _sources():
        digest.update(os.path.basename(source).encode())
        with open(source, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the probe and analysis source: a changed measurement invalidates the cache
    even when the version number did not move (development installs, patched builds). Read
    from the cache's record when the sources' stat (:func:`sources_stat`) is the one it was
    recorded with, else hashed from the bytes."""
    return _remembered.get(sources_stat()) or content_version()


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
        digest = blake2b(str(st.st_size).encode(), digest_size=16)
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
    return blake2b(json.dumps(ident).encode(), digest_size=32).hexdigest()


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
        self.code: str | None = None  # the 'code' record: sources_stat() code_version()
        self.fresh = False  # a new cache, its tables not made yet (:meth:`_begin_new`)
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
        # Synced, a new cache's first write too: where a filesystem hands a new file blocks of
        # one deleted before it (the old cache _rebuild unlinked), an unsynced write torn by a
        # power cut could serve another file's analysis as a hit (review of 28226ec).
        db.execute("PRAGMA synchronous = FULL")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if db.execute("PRAGMA page_count").fetchone() == (0,):  # new, empty (_begin_new)
            self.fresh = True
            return db
        schema = "SELECT v FROM meta WHERE k = 'schema'"
        if not {"meta", "entries"} <= tables or db.execute(schema).fetchone() != (SCHEMA_TAG,):
            raise sqlite3.DatabaseError("foreign cache")
        row = db.execute("SELECT v FROM meta WHERE k = 'code'").fetchone()
        self.code = row[0] if row else None
        stat, _, version = (self.code or "").partition(" ")
        if stat and version:
            _remembered.setdefault(stat, version)
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
        if self.db is None or k is None or self.fresh:
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
        """Write queued entries in one transaction, and the code's hash against its sources'
        stat when the cache does not hold it yet; failures only cost the cache."""
        if self.db is None:
            return
        code = f"{sources_stat()} {code_version()}"  # what the entries are keyed with
        if not self.pending and code == self.code:
            return
        try:
            if self.fresh and not self._begin_new():
                self.pending.clear()
                return
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self.pending)
                if code != self.code:
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code,))
                    self.code = code
            self.fresh = False
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.db.rollback()
        self.pending.clear()

    def _begin_new(self) -> bool:
        """Begin a new cache's first write: tables, schema record and entries in one
        transaction (one commit, not one per statement: 16 fdatasync calls -> 4). When another
        run has made the tables since this one looked, its schema record is checked and the
        entries go into that cache (False, and no cache, when it is another version's)."""
        assert self.db is not None
        self.db.execute("BEGIN IMMEDIATE")
        if self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            self.db.rollback()  # another run has made it since this one looked
            self.fresh = False
            schema = self.db.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
            if schema != (SCHEMA_TAG,):  # another version's: leave it, run without a cache
                self.db.close()
                self.db = None
                return False
            return True
        self.db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
        self.db.execute("CREATE TABLE entries (k TEXT PRIMARY KEY, v TEXT)")
        self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_TAG,))
        return True

    def close(self) -> None:
        """Flush and close."""
        self.flush()
        if self.db is not None:
            self.db.close()
