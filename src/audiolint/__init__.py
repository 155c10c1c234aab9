"""audiolint: inspect audio files and lint voice-model datasets, explaining every finding.

The public Python API mirrors the command line::

    import audiolint
    report = audiolint.check(["dataset/"])       # same records as ``--format json``
    props = audiolint.inspect("song.flac")       # one file's FileReport
    audiolint.fix(["dataset/"], "clean/")        # a training-ready copy (``audiolint fix``)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["__version__", "check", "fix", "inspect"]

if TYPE_CHECKING:  # pragma: no cover
    from audiolint.api import check, inspect
    from audiolint.fixer import fix


def __getattr__(name: str):
    """``check``, ``inspect`` and ``fix`` are imported on first use: ``audiolint --version``
    and every submodule import stay free of numpy, soundfile and the analysers until needed."""
    if name in ("check", "inspect"):
        from audiolint import api

        return getattr(api, name)
    if name == "fix":
        from audiolint.fixer import fix

        return fix
    raise AttributeError(f"module 'audiolint' has no attribute {name!r}")
