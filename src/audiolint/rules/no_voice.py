"""No voice: a file in a voice dataset that holds no voice, only noise, percussion or a tone.

Uses the voice-activity measurement (see audiolint.analysis.voice): over at least
min_sounding_s of sound, a voice is periodic for a good share of the time and its pitch moves.
Less than max_voiced_ratio (5 %) of the sounding time with any pitch is noise, hiss, rain,
percussion or effects; a pitch that stays within max_steady_st (0.25 semitone, quartile to
quartile) through a mostly pitched file is a test tone, a hum or one held instrument note.
Real speech on the real-material benchmark measured 12-100 % voiced (12 % under pink noise at
-30 dBFS) and a spread of 1.8 semitones or more. Either way the model would learn it as voice.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S007"
NAME = "no-voice"
TERM = "Voice activity"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("voice",)
DEFAULT = {"max_voiced_ratio": 0.05, "max_steady_st": 0.25, "min_sounding_s": 2.0}


def check(ctx: FileContext, options: dict):
    """Yield a warning for a file with almost no pitched sound, or one steady pitch."""
    s = ctx.signal
    ratio, sounding = s.get("voiced_ratio"), s.get("sounding_s") or 0.0
    if ratio is None or sounding < options["min_sounding_s"]:
        return
    data = {"voiced_ratio": ratio, "sounding_s": sounding}
    if ratio < options["max_voiced_ratio"]:
        yield Problem(
            f"no voice found: only {ratio:.0%} of {sounding:.1f} s of sound has a pitch, as "
            "noise, percussion or effects have none; keep it out of a voice dataset",
            data=data,
        )
        return
    spread, pitch = s.get("pitch_spread_st"), s.get("pitch_hz")
    if spread is not None and ratio >= 0.5 and spread < options["max_steady_st"]:
        yield Problem(
            f"one steady pitch (about {pitch:.0f} Hz, within {spread:.2f} semitone) through "
            f"{sounding:.1f} s of sound: a tone, hum or held note, not a voice",
            data={**data, "pitch_hz": pitch, "pitch_spread_st": spread},
        )
