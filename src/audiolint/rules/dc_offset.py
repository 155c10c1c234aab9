"""DC offset: the waveform's average sits off zero by more than 1 % of full scale.

Uses the mean of the channel furthest from zero (dc_offset in the signal record, a signed
fraction of full scale). Above max_offset (0.01, i.e. 1 %) it is a warning: the offset eats
headroom and makes cuts click; a high-pass filter or an editor's DC removal fixes it. The
offset must hold through the file: a channel's median mean over 50 ms stretches with sound
(dc_steady, the channel furthest from zero) must be over max_offset too, and it is the offset
the message quotes. One asymmetric thump (a drum's attack, a click before
a prompt, a subsonic pop) moves the whole file's mean by a few percent while the rest sits at
zero; that is no offset, and the finding would name the wrong problem.
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
    steady = ctx.signal.get("dc_steady", offset)
    if steady is None or abs(steady) <= options["max_offset"]:  # a thump's, not held
        return
    yield Problem(
        f"DC offset of {steady:+.1%} of full scale held through the file (limit "
        f"{options['max_offset']:.0%}): remove it with a high-pass filter or your editor's DC "
        "removal",
        data={"dc_offset": offset, "dc_steady": steady},
    )
