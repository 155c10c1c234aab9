"""Padded bits: the low bits of every sample are zero, so the real bit depth is lower than stated.

16-bit audio stored as 24-bit (or in a float file) has its extra bits always zero: measured
exactly by ORing every sample together. Harmless to the sound, but the file is bigger than it
needs to be and the header overstates its quality.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "T003"
NAME = "padded-bits"
TERM = "Bit depth"
SEVERITY = "info"
SCOPE = "file"
REQUIRES = "fidelity"
ANALYSERS = ("fidelity",)
DEFAULT: dict = {}


def check(ctx: FileContext, options: dict):
    """Yield a problem when fewer bits carry sound than the header states."""
    fid = ctx.fidelity or {}
    bits, stated = fid.get("effective_bit_depth"), ctx.props.bit_depth
    if not fid.get("padded_bits") or not bits or not stated:
        return
    kind = "float" if ctx.props.sample_format == "float" else "integer"
    yield Problem(
        f"only {bits} of {stated} bits carry sound ({bits}-bit audio stored as {stated}-bit "
        f"{kind}): the rest are always zero; the file is larger than it needs to be",
        data={"effective_bit_depth": bits, "bit_depth": stated},
    )
