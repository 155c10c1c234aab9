"""audiolint: inspect audio files and lint voice-model datasets, explaining every finding.

The public Python API mirrors the command line::

    import audiolint
    report = audiolint.check(["dataset/"])       # same records as ``--format json``
    props = audiolint.inspect("song.flac")       # one file's FileReport
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["__version__", "check", "inspect"]

if TYPE_CHECKING:  # pragma: no cover
    from audiolint.api import check, inspect


def __getattr__(name: str):
    """``check`` and ``inspect`` are imported on first use: ``audiolint --version`` and every
    submodule import stay free of numpy, soundfile and the analysers until they are needed."""
    if name in ("check", "inspect"):
        from audiolint import api

        return getattr(api, name)
    raise AttributeError(f"module 'audiolint' has no attribute {name!r}")
