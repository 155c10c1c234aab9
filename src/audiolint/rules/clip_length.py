"""Clip length: a clip too short to add much voice, or long enough to slow preprocessing.

Clips under a second hold too little voice to help and are often slicing leftovers; very long
files (over 10 minutes) are fine to train on but slow and memory-hungry to preprocess in one go.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "Q005"
NAME = "clip-length"
TERM = "Clip length"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT = {"min_seconds": 1.0, "max_seconds": 600.0}


def check(ctx: FileContext, options: dict):
    """Yield a warning for a too-short clip, an info note for a very long one."""
    duration = ctx.props.duration_s
    if duration is None:
        return
    frames, rate = getattr(ctx.props, "frames", None), ctx.props.sample_rate
    if frames and rate:
        duration = frames / rate  # exact: duration_s is rounded (0.9995 s read 1.0 s)
    if duration < options["min_seconds"]:
        yield Problem(
            f"only {_shown(duration, options['min_seconds'])} s long (under "
            f"{options['min_seconds']:g} s): a clip this short adds little voice and is often a "
            "slicing leftover",
            data={"duration_s": duration},
        )
    elif duration > options["max_seconds"]:
        yield Problem(
            f"{duration / 60:.1f} minutes long: consider splitting it for faster, lighter "
            "preprocessing",
            severity="info",
            data={"duration_s": duration},
        )


def _shown(duration: float, limit: float) -> str:
    """``duration`` to two decimals, or to as many more as keep it under ``limit`` (review 39:
    a 0.996 s cut read "only 1.00 s long (under 1 s)")."""
    for places in (2, 3, 4):
        text = f"{duration:.{places}f}"
        if float(text) < limit:
            return text
    return f"{duration:.6f}"
