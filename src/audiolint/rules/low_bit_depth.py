"""Low bit depth: lossless audio stored with fewer than 16 bits per sample.

8-bit audio has an audible hiss floor about 48 dB below full scale, which a model learns as part
of the voice. 16 bits is the minimum for training material.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "Q004"
NAME = "low-bit-depth"
TERM = "Bit depth"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT = {"min_bits": 16}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the stated bit depth is under the minimum."""
    depth = ctx.props.bit_depth
    if depth and depth < options["min_bits"]:
        yield Problem(
            f"{depth}-bit audio: quantisation noise sits only about {6 * depth} dB below full "
            f"scale; use {options['min_bits']}-bit or more",
            data={"bit_depth": depth},
        )
