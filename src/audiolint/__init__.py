"""audiolint: inspect audio files and lint voice-model datasets, explaining every finding.

The public Python API mirrors the command line::

    import audiolint
    report = audiolint.check(["dataset/"])       # same records as ``--format json``
    props = audiolint.inspect("song.flac")       # one file's FileReport
    audiolint.fix(["dataset/"], "clean/")        # a training-ready copy (``audiolint fix``)
"""

from __future__ import annotations

import os as _os
import sys as _sys
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Whether every BLAS was asked for one thread before numpy loaded: then the analysis workers
# need not hold it to one (audiolint.executor). Set after numpy loaded, the variables change
# nothing, so the mark is made only here, before, and by the command line (audiolint.cli). It
# lives in this process (fork workers inherit it, spawn workers import afresh), not in the
# environment, which child processes inherit where it may no longer be true.
_BLAS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_BLAS_PRESET = "numpy" not in _sys.modules and all(_os.environ.get(n) == "1" for n in _BLAS)

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
