"""Low sample rate: the file's sample rate is below the model's target rate.

A model trained at 40 kHz (RVC's 32k/40k/48k models) cannot learn detail that a 22 kHz file
never had; resampling up does not add it. Under 32 kHz the loss is severe. Where the format
records the rate it was encoded from (Opus always decodes at 48 kHz; its header keeps the input
rate), that rate counts.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem
from audiolint.text import khz, nyquist_khz

ID = "Q003"
NAME = "low-sample-rate"
TERM = "Sample rate"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "readable"
ANALYSERS = ()
DEFAULT = {"target_rate": 40000, "error_below": 32000}


def check(ctx: FileContext, options: dict):
    """Yield a problem when the sample rate is below the target (error below the hard floor)."""
    rate = ctx.props.sample_rate
    if not rate:
        return
    what = khz(rate)
    source = ctx.props.source_rate
    if source < rate:  # Opus decodes at 48 kHz whatever it was encoded from
        what = f"encoded from {khz(source)} audio (decoded at {khz(rate)}), it"
        rate = source
    target, floor = options["target_rate"], options["error_below"]
    if rate < floor:
        level, why = "error", f"far below the {khz(target)} target"
    elif rate < target:
        level, why = "warning", f"below the {khz(target)} target"
    else:
        return
    yield Problem(
        f"{what} is {why}: frequencies above {nyquist_khz(rate / 2)} are missing",
        severity=level,
        data={"sample_rate": rate, "target_rate": target},
    )
