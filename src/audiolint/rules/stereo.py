"""Channels: stereo in anti-phase, one channel the other delayed, or stereo at all.

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

A channel that is the other delayed (a Haas widener, a spaced pair hearing one close voice: the
two channels' cross-correlation reaches min_lag_correlation, 0.9, at a delay of up to 25 ms, and
beats the one at no delay by LAG_MARGIN) is a warning: the mono mix of a delayed pair is a comb
filter, cancelling at odd multiples of half the inverse delay (500, 1500, 2500 Hz for 1 ms), and
the message names them; not for a delay so short that its first cancellation lies over
TOP_NOTCH_HZ (8 kHz), nor where the mono mix, measured there (channel_lag_notch_db), lies under
MIN_NOTCH_DB (8 dB) below the channels: a tune correlates near 0.9 at its beat with no comb
(review 43c: a ringtone resampled to 96 kHz read "delayed by 9.09 ms"; its mix loses 1.6 dB at
those frequencies). Such a pair can read as anti-phase too (a 2 ms delay turns a 250 Hz voice's
fundamental by half a turn: correlation -0.68 at no delay), and inverting one channel would not
mend it, so the delay is told first (review 43b).
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
DEFAULT = {"min_correlation": -0.5, "min_turns": 0.05, "min_lag_correlation": 0.9}
# min_turns: 4 real two-source files read 0.08-0.49, 3,704 other real stereo files at most 0.009
DUAL_MONO = 0.999  # correlation from which both channels carry the same signal
# a delay whose mono mix first cancels above this is no matter for a voice (one sample at 48 kHz
# cancels at 24 kHz); a peak at a delay must beat the correlation at none by LAG_MARGIN
TOP_NOTCH_HZ = 8000.0
LAG_MARGIN = 0.1
# the mono mix measured this far under the channels where the delay cancels it, or the comb is
# left unsaid (signal.channel_lag_notch_db: ALSA's prompt delayed 0.5-20 ms 11-19 dB, 6 dB down
# 9, two unrelated prompts 3.8; a tune correlating 0.90 at its beat about 1.6, review 43c)
MIN_NOTCH_DB = 8.0
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
    delayed = _delayed(ctx.signal, options["min_lag_correlation"], ctx.props.sample_rate)
    if delayed:
        yield Problem(delayed, severity="warning", data=data | _lag_data(ctx.signal))
        return
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


def _delayed(signal: dict, least: float, rate: int | None) -> str | None:
    """The message for a channel that is the other delayed (``channel_lag_ms``; its
    cross-correlation there at least ``least`` and ``LAG_MARGIN`` over the one at no delay, the
    mono mix measured ``MIN_NOTCH_DB`` or more under the channels where the delay cancels it),
    naming those frequencies under the Nyquist frequency; None otherwise."""
    lag, peak = signal.get("channel_lag_ms"), signal.get("channel_lag_correlation")
    corr, notch = signal.get("channel_correlation"), signal.get("channel_lag_notch_db")
    if not lag or peak is None or corr is None or notch is None or abs(peak) < least:
        return None
    inverted = peak < 0.0
    # the mix cancels where the delay turns the phase by half a turn (by whole turns, inverted)
    step = 1000.0 / abs(lag)
    first = step if inverted else step / 2
    if abs(peak) < abs(corr) + LAG_MARGIN or first > TOP_NOTCH_HZ or notch < MIN_NOTCH_DB:
        return None
    late, early = ("right", "left") if lag > 0 else ("left", "right")
    how = "inverted and delayed" if inverted else "delayed"
    top = (rate or 0) / 2 or float("inf")
    shown = [f for f in (first + k * step for k in range(3)) if f < top]
    notches = ", ".join(f"{f:,.0f}" for f in shown) + " Hz"
    on = f" and every {step:,.0f} Hz on" if first + 3 * step < top else ""
    low = "the lowest frequencies and " if inverted else ""
    return (
        f"the {late} channel is the {early} {how} by {abs(lag):.2f} ms (cross-correlation "
        f"{abs(peak):.2f} there, {corr:+.2f} at no delay): training tools mix the channels to "
        f"mono, which cancels {low}at {notches}{on}, measured {notch:.0f} dB under the channels "
        "there (a comb filter: the voice sounds hollow and phasey); keep one channel"
    )


def _lag_data(signal: dict) -> dict:
    keys = ("channel_lag_ms", "channel_lag_correlation", "channel_lag_notch_db", "mono_loss_db")
    return {k: signal.get(k) for k in keys}
