"""audiolint: inspect audio files and lint voice-model datasets, explaining every finding.

The public Python API mirrors the command line::

    import audiolint
    report = audiolint.check(["dataset/"])       # same records as ``--format json``
    props = audiolint.inspect("song.flac")       # one file's FileReport
"""

from __future__ import annotations

__version__ = "0.1.0"

from audiolint.api import check, inspect  # noqa: E402

__all__ = ["__version__", "check", "inspect"]
