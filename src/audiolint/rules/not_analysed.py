"""Not analysed: the signal could not be measured because an optional decoder is missing.

Files in containers libsndfile cannot decode (M4A/AAC/ALAC, WMA) need PyAV, the decode
extra. Without it the headers are still checked, but none of the signal rules (S) can run;
this info note says so and names the extra to install.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "F004"
NAME = "not-analysed"
TERM = "Codec"
SEVERITY = "info"
SCOPE = "file"
REQUIRES = "probe"
ANALYSERS = ("decode",)  # a decoder that turned out to be missing
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield the reason the signal was not measured, when the pipeline recorded one."""
    reason = ctx.not_analysed
    if reason:
        yield Problem(f"signal not measured: {reason}", data={"reason": reason})
