"""Padded bits: the low bits of every sample are zero, so the real bit depth is lower than stated.

16-bit audio stored as 24-bit (or in a float file) has its extra bits always zero: measured
exactly by ORing every sample together. A float file may also hold integer audio turned up or
down in float (a 16-bit recording normalised and saved as 32-bit float): every sample a whole
number of one step, at most 2^15 steps from zero (audiolint.analysis.bitdepth; review 42: such
copies ranked over their 16-bit originals as "32-bit"). Harmless to the sound, but the file is
bigger than it needs to be and the header overstates its quality.
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
    if ctx.props.sample_format == "float":
        # a float's exponent bits are never all zero: what was measured is that every value
        # is a whole number of one step, as an integer's are (review 41), converted to float
        # or turned up or down there (review 42)
        yield Problem(
            f"{bits}-bit audio stored as {stated}-bit float: every sample is a whole number of "
            f"one step, at most 2^{bits - 1} steps from zero, as {bits}-bit integers are when "
            "converted to float or turned up or down there; the file is larger than it needs "
            "to be",
            data={"effective_bit_depth": bits, "bit_depth": stated},
        )
        return
    yield Problem(
        f"only {bits} of {stated} bits carry sound ({bits}-bit audio stored as {stated}-bit "
        "integer): the rest are always zero; the file is larger than it needs to be",
        data={"effective_bit_depth": bits, "bit_depth": stated},
    )
