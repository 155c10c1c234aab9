"""The probe's typed result: a file's header properties and what the headers revealed as wrong.

Split from :mod:`audiolint.probe` (session 52), which re-exports :class:`ProbeResult` and
:class:`Anomaly`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from audiolint.models import Properties


@dataclass(frozen=True)
class Anomaly:
    """Something the headers revealed: ``kind`` is a stable key, ``message`` plain words."""

    kind: str
    message: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProbeResult:
    """Properties plus what the probe learned about the file's integrity and naming."""

    path: Path
    properties: Properties
    detected: str | None  # the container the bytes say
    expected: str | None  # the container the extension says
    problems: tuple[Anomaly, ...] = ()
    # video streams beside the audio (FFmpeg's count; 0 where FFmpeg did not probe the file):
    # a Matroska file's length is its longest stream's (not kept in the cache: only the decode,
    # which a cached file skips, reads it)
    video_streams: int = 0
    own_length_s: float | None = None  # the audio stream's own stated length (AvInfo's)

    @property
    def readable(self) -> bool:
        """False when the file cannot be read as audio at all (or checking it failed)."""
        return not any(p.kind in ("corrupt", "internal") for p in self.problems)

    @classmethod
    def broken(cls, path: Path, kind: str, message: str, size: int | None = None) -> ProbeResult:
        """A result for a file known only by one problem (unreadable, timed out, crashed)."""
        return cls(path, Properties(size_bytes=size), None, None, (Anomaly(kind, message),))


def corrupt(path, size, detected, expected, message, **kw) -> ProbeResult:
    """A result for a file refused with one plain-words reason (``message``)."""
    props = Properties(container=detected, size_bytes=size, **kw)
    return ProbeResult(path, props, detected, expected, (Anomaly("corrupt", message),))
