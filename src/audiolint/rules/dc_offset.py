"""DC offset: the waveform's average sits off zero by more than 1 % of full scale.

Uses the mean of the channel furthest from zero (dc_offset in the signal record, a signed
fraction of full scale). Above max_offset (0.01, i.e. 1 %) it is a warning: the offset eats
headroom and makes cuts click; a high-pass filter or an editor's DC removal fixes it.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S003"
NAME = "dc-offset"
TERM = "DC offset"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("levels",)
DEFAULT = {"max_offset": 0.01}


def check(ctx: FileContext, options: dict):
    """Yield a warning when the worst channel's mean exceeds max_offset."""
    offset = ctx.signal.get("dc_offset")
    if offset is None or abs(offset) <= options["max_offset"]:
        return
    yield Problem(
        f"DC offset of {offset:+.1%} of full scale (limit {options['max_offset']:.0%}): "
        "remove it with a high-pass filter or your editor's DC removal",
        data={"dc_offset": offset},
    )
