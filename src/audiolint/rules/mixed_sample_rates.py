"""Mixed sample rates: the dataset's files were recorded or exported at different sample rates.

Training resamples everything to one rate, so mixing works, but it usually means clips from
different sources or processing chains, and the lowest rate caps the detail of the whole set.
Converting every clip once, from its best source, to the training rate avoids surprises.
"""

from __future__ import annotations

from collections import Counter

from audiolint.rules.base import DatasetContext, Problem
from audiolint.text import khz

ID = "D002"
NAME = "mixed-sample-rates"
TERM = "Sample rate"
SEVERITY = "warning"
SCOPE = "dataset"
REQUIRES = "probe"
ANALYSERS = ()
DEFAULT: dict = {}


def check(ctx: DatasetContext, options: dict):
    """Yield one warning when readable files have more than one sample rate."""
    rates = Counter(f.props.sample_rate for f in ctx.files if f.probe.readable)
    rates.pop(None, None)
    if len(rates) < 2:
        return
    ranked = sorted(rates.items(), key=lambda kv: (-kv[1], -kv[0]))
    listing = ", ".join(f"{khz(r)} ({n} file{'s' if n != 1 else ''})" for r, n in ranked)
    lowest = min(rates)
    yield Problem(
        f"files at {len(rates)} sample rates: {listing}; convert them to one rate from their "
        f"best sources (the {khz(lowest)} files limit the detail of the set)",
        data={"by_sample_rate": {str(r): n for r, n in ranked}},
    )
