"""Mixed sample rates: the dataset's files were recorded or exported at different sample rates.

Training resamples everything to one rate, so mixing works, but it usually means clips from
different sources or processing chains, and the lowest rate caps the detail of the whole set.
Converting every clip once, from its best source, to the training rate avoids surprises.
Where the signal is read, a file upsampled from a lower rate (T002's ``upsampled_from``) counts
at that rate for what limits the set: a 96 kHz file made from 44.1 kHz audio holds no more
detail than the 44.1 kHz source. The message says the file holds no more than that rate's
audio, not that it was upsampled: T002 names a wavelet denoiser's aliasing as the other cause
of the mirrored band it measured. Where every file at a higher rate has its content measured
to stop (``reach_hz``) under the lowest rate's Nyquist frequency, the lowest rate limits
nothing, and the message says the higher rates add no detail instead (FFmpeg's loudnorm writes
192 kHz: a 48 kHz prompt so normalised reaches 19.9 kHz, as the 48 kHz original does). Where
every file holds at least ``target_rate`` (the model's rate: 40 kHz, RVC's default; set with
``--target-rate``), no rate limits what the model is trained on: an info note, not a warning.
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
ANALYSERS = ("fidelity",)  # the old rate of an upsampled file; a --quick run reads none
DEFAULT = {"target_rate": 40000}  # the model's rate (Q003's, T005's): --target-rate sets all


def check(ctx: DatasetContext, options: dict):
    """Yield one warning when readable files have more than one sample rate."""
    rates = Counter(f.props.sample_rate for f in ctx.files if f.probe.readable)
    rates.pop(None, None)
    if len(rates) < 2:
        return
    ranked = sorted(rates.items(), key=lambda kv: (-kv[1], -kv[0]))
    listing = ", ".join(f"{khz(r)} ({n} file{'s' if n != 1 else ''})" for r, n in ranked)
    held = [_held(f) for f in ctx.files if f.probe.readable and f.props.sample_rate]
    lowest = min(old for old, _ in held)
    raised = sum(old == lowest and stated > lowest for old, stated in held)
    limit = f"the {khz(lowest)} files limit the detail of the set"
    # the higher-rate files that hold more than the lowest rate by their rate (not upsampled from
    # it), and where their content was measured to stop (None: over the floor up to N)
    reach = [(f.fidelity or {}).get("reach_hz") for f in ctx.files if _above(f, lowest)]
    beyond = any(r is None or r > lowest / 2 for r in reach)
    heard = [r for r in reach if r]  # a silent file (reach 0) holds no band to name
    if reach and not beyond and heard:
        limit = (
            f"every file at a higher rate has its content stop by {max(reach) / 1000:.1f} kHz, "
            f"which {khz(lowest)} audio holds: the higher rates add no detail"
        )
    elif raised:
        limit = (
            f"the {khz(lowest)} audio limits the detail of the set: {raised} "
            f"file{'s' if raised != 1 else ''} at a higher rate "
            f"hold{'' if raised != 1 else 's'} no more than {khz(lowest)} audio, T002"
        )
    data = {
        "by_sample_rate": {str(r): n for r, n in ranked},
        "lowest_rate_held": lowest,
        "upsampled_to_higher": raised,
        "higher_rates_add_detail": beyond,
        "target_rate": options["target_rate"],
    }
    if lowest >= options["target_rate"]:  # review 40: "the 44.1 kHz files limit" at a 40k target
        yield Problem(
            f"files at {len(rates)} sample rates: {listing}; every one holds what a "
            f"{khz(options['target_rate'])} model uses, and training converts them to it, so "
            "none limits the set (mixed rates often mean mixed sources or processing chains)",
            severity="info",
            data=data,
        )
        return
    yield Problem(
        f"files at {len(rates)} sample rates: {listing}; convert them to one rate from their "
        f"best sources ({limit})",
        data=data,
    )


def _held(f) -> tuple[int, int]:
    """(the rate whose detail ``f`` holds, its stated rate): the old rate T002 measured (its
    ``upsampled_from``: a resampler's wall, or at 24 and 32 kHz an encoder's low-pass that stands
    there too), else the stated one. A --quick run measures none: the stated rate."""
    stated = f.props.sample_rate
    old = (f.fidelity or {}).get("upsampled_from")
    return (old if old and old < stated else stated), stated


def _above(f, lowest: int) -> bool:
    """Whether readable ``f`` is stated at a rate above ``lowest`` and holds more than it."""
    return bool(f.probe.readable and f.props.sample_rate) and _held(f)[0] > lowest
