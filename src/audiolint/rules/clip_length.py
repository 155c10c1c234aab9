"""Clip length: a file too short to carry usable material, or long enough to slow preprocessing.

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
    if duration < options["min_seconds"]:
        yield Problem(
            f"only {duration:.2f} s long (under {options['min_seconds']:g} s): too short to "
            "carry usable material",
            data={"duration_s": duration},
        )
    elif duration > options["max_seconds"]:
        yield Problem(
            f"{duration / 60:.1f} minutes long: consider splitting it for faster, lighter "
            "preprocessing",
            severity="info",
            data={"duration_s": duration},
        )
