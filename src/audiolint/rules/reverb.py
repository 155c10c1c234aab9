"""Reverb: a voice recorded in a room, or with a reverb effect, whose echoes trail each word.

Uses the blind clarity estimate c50_db (see audiolint.analysis.reverb): at the free decays
after speech offsets, how far the level has fallen 200 ms later, read as a Schroeder decay
curve from the fastest quarter of them (a room slows every decay; a soft syllable after a
word's peak slows only some). Under max_c50_db the late echo holds a large share of the
energy; a dry voice falls to its floor within 100-150 ms. No estimate (fewer than 5
free decays, or the fastest ones reaching the noise floor too soon to say how fast they fall)
gives no finding. rt60_s, the decay time, is quoted as evidence.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S008"
NAME = "reverb"
TERM = "Reverb"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("reverb",)
DEFAULT = {"max_c50_db": 8.0}


def check(ctx: FileContext, options: dict):
    """Yield a warning when the estimated clarity is under max_c50_db."""
    c50 = ctx.signal.get("c50_db")
    if c50 is None or c50 >= options["max_c50_db"]:
        return
    rt60, count = ctx.signal.get("rt60_s"), ctx.signal.get("reverb_offsets")
    decay = f", echoes decaying over about {rt60:.1f} s" if rt60 is not None else ""
    yield Problem(
        f"reverberant: clarity C50 about {c50:.0f} dB over {count} word endings (under "
        f"{options['max_c50_db']:g} dB){decay}; the model learns the room with the voice: "
        "use a dry recording or de-reverb it",
        data={"c50_db": c50, "rt60_s": rt60, "reverb_offsets": count},
    )
