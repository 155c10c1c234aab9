"""Moved to :mod:`audiolint.probe.decode`: reading files is the probe's work, and
:mod:`audiolint.analysis` takes blocks only. This name is kept for old importers (scripts and
benchmarks reading ``BLOCK_FRAMES``); nothing in audiolint imports it.
"""

from __future__ import annotations

from audiolint.probe.decode import (  # noqa: F401
    BLOCK_FRAMES,
    OPUS_RATE,
    SNDFILE_CONTAINERS,
    blocks,
)
