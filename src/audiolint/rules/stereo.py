"""Channels: stereo in anti-phase (cancels when mixed to mono), or stereo at all.

RVC and similar tools average the channels to mono before training. When the two channels
are largely inverted copies of each other (channel_correlation below min_correlation,
-0.5) the mix cancels and the voice thins out or vanishes: an error. Any other file with two or
more channels gets an info note saying it will be mixed to mono (and, when both channels carry
the same signal, that a mono file would hold it in half the space; when one channel is
``EMPTY_DB`` or more under the other, that it is empty and the mix halves the voice's level).
Where each channel holds the loud sound alone by turns (``min_turns`` of the loud frames or
more each, one channel 10 dB over the other: ``left_louder_ratio``, ``right_louder_ratio``),
the channels carry different sounds, as two talkers miked apart do (an interview, a call
recorded a party a channel): the mono mix holds both, and the note names the shares. A denoiser
run on each channel alone gates them apart as well (benchmarks/processed.py: 5 of 210 stereo
music files through noisereduce, SoX's noisered or RNNoise read 0.10-0.15), so the note stays
an info note and names both. Mono files are never reported.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S006"
NAME = "stereo"
TERM = "Channels"
SEVERITY = "info"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("stereo",)
DEFAULT = {"min_correlation": -0.5, "min_turns": 0.05}
# min_turns: 4 real two-source files read 0.08-0.49, 3,704 other real stereo files at most 0.009
DUAL_MONO = 0.999  # correlation from which both channels carry the same signal
# one channel this far under the other holds nothing a voice model could use: its dither or
# digital silence (KTuberling's English words: the right channel 87 dB under, review 41)
EMPTY_DB = 60.0


def check(ctx: FileContext, options: dict):
    """Yield an error for anti-phase channels, else an info note for any multichannel file."""
    channels = ctx.props.channels or 1
    if channels < 2:
        return
    corr = ctx.signal.get("channel_correlation")
    data = {
        "channels": channels,
        "channel_correlation": corr,
        "channel_balance_db": ctx.signal.get("channel_balance_db"),
    }
    if corr is not None and corr < options["min_correlation"]:
        loss = ctx.signal.get("mono_loss_db")
        if loss is None or loss < 3.0:
            drop = ""
        elif loss >= 60.0:
            drop = " (the mix is almost silent)"
        else:
            drop = f" (the mix is {loss:.0f} dB quieter)"
        yield Problem(
            f"the channels are in anti-phase (correlation {corr:+.2f}): they cancel when "
            f"training tools mix them to mono{drop}; invert one channel or keep just one",
            severity="error",
            data=data,
        )
        return
    kind = "stereo" if channels == 2 else f"{channels} channels"
    left, right = (ctx.signal.get(k) for k in ("left_louder_ratio", "right_louder_ratio"))
    if left is not None and right is not None and min(left, right) >= options["min_turns"]:
        yield Problem(
            f"{kind} with a different sound in each channel, louder by turns: in "
            f"{100 * left:.0f}% of the loud moments the left channel is 10 dB or more over "
            f"the right, in {100 * right:.0f}% the right over the left (as two talkers miked "
            "apart leave it, in an interview or a recorded call, and a denoiser run on each "
            "channel alone); training tools mix the channels into one: where they hold two "
            "voices, keep the channel you want",
            data=data | {"left_louder_ratio": left, "right_louder_ratio": right},
        )
        return
    balance = ctx.signal.get("channel_balance_db")
    if channels == 2 and balance is not None and abs(balance) >= EMPTY_DB:
        full, empty = ("left", "right") if balance > 0 else ("right", "left")
        yield Problem(
            f"stereo with the {empty} channel empty ({abs(balance):.0f} dB under the {full}): "
            f"training tools mix the channels into one, which halves the {full} channel's "
            f"level (6 dB down); keep the {full} channel alone as a mono file",
            data=data,
        )
        return
    same = (
        " with the same signal in both channels: a mono file would hold it in half the space"
        if (corr is not None and corr >= DUAL_MONO)
        else ""
    )
    yield Problem(f"{kind}{same}; training tools mix it to mono", data=data)
