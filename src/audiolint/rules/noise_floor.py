"""Noise floor: background noise between phrases above -50 dBFS.

Uses noise_floor_dbfs: the 10th percentile of 20 ms frame levels, left unmeasured
(null) when the file has no quiet stretches to read it in, such as a continuous tone or
dense music (see audiolint.analysis.noise). Above max_dbfs (-50 dBFS) is a warning that
quotes the measured level: a voice model learns the noise along with the voice.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S005"
NAME = "noise-floor"
TERM = "Noise floor"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
DEFAULT = {"max_dbfs": -50.0}


def check(ctx: FileContext, options: dict):
    """Yield a warning when the measured noise floor is above max_dbfs."""
    floor = ctx.signal.get("noise_floor_dbfs")
    if floor is None or floor <= options["max_dbfs"]:
        return
    yield Problem(
        f"background noise between phrases at {floor:.1f} dBFS (above {options['max_dbfs']:g} "
        "dBFS): the model will learn the noise; denoise or re-record",
        data={"noise_floor_dbfs": floor},
    )
