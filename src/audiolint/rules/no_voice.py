"""No voice: a file in a voice dataset that holds no voice, only noise, percussion or a tone.

Uses the voice-activity measurement (see audiolint.analysis.voice): over at least
min_sounding_s of sound, a voice is periodic for a good share of the time and its pitch moves.
Less than max_voiced_ratio (5 %) of the sounding time with any pitch is noise, hiss, rain,
percussion or effects; a pitch that stays within max_steady_st (0.25 semitone, quartile to
quartile) through a mostly pitched file is a test tone, a hum or one held instrument note.
Real speech on the real-material benchmark measured 12-100 % voiced (12 % under pink noise at
-30 dBFS) and a spread of 1.8 semitones or more. A pitch that holds still (within 0.05 semitone
from one 40 ms frame to the next, read where the level is not falling) in min_held_share
(50 %) or more of its steps is an instrument's notes, held or ringing: a voice glides through
every syllable and a singer's vibrato swings the held vowels. On the tune half of
benchmarks/no_voice.py real speech held at most 22 % of its steps, singing 20 %, speech in
simulated rooms 29 % (a room's echo holds the pitch just spoken; espeak-ng's flatter voice in
a synthetic hall reached 44 %), instruments up to 100 %. Music whose notes move (a fast
melody, drums, a pitch bend) or die away at once (a bell struck every second) is not found
this way. Drums and percussion loops ring with a pitch in short blips: when min_isolated_share
(50 %) or more of the pitched 40 ms frames inside the sound have no pitched neighbour, no vowel
was held (tune half: speech at most 19 %, in simulated rooms 33 %, ALSA's prompts under noise
10 %; the tune half holds no such drums, so this line was drawn from the voices alone).
Either way the model would learn it as voice.
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
DEFAULT = {
    "max_voiced_ratio": 0.05,
    "max_steady_st": 0.25,
    "min_held_share": 0.5,
    "min_isolated_share": 0.5,
    "min_sounding_s": 2.0,
}

# (signal field, option, message): shares of the pitch track that no voice reaches
SHARES = (
    (
        "voiced_isolated",
        "min_isolated_share",
        "pitched only in short blips: {share:.0%} of the pitched 40 ms frames through "
        "{sounding:.1f} s of sound stand alone, as a drum's ring does (a voice holds its pitch "
        "through each vowel); percussion, no voice: keep it out of a voice dataset",
    ),
    (
        "pitch_steady",
        "min_held_share",
        "held notes, not a voice: the pitch holds still in {share:.0%} of its steps through "
        "{sounding:.1f} s of sound, as an instrument's notes do (a voice glides, a singer's "
        "vibrato swings); music with no voice: keep it out of a voice dataset",
    ),
)


def check(ctx: FileContext, options: dict):
    """Yield a warning for a file with almost no pitched sound, one steady pitch, or held
    notes."""
    found = no_voice(ctx.signal, options)
    if found is not None:
        yield Problem(found[0], data=found[1])


def no_voice(s: dict, options: dict) -> tuple[str, dict] | None:
    """Why the signal record ``s`` holds no voice (the message and its evidence), or ``None``
    when it holds one or there is too little sound to tell."""
    ratio, sounding = s.get("voiced_ratio"), s.get("sounding_s") or 0.0
    if ratio is None or sounding < options["min_sounding_s"]:
        return None
    data = {"voiced_ratio": ratio, "sounding_s": sounding}
    if ratio < options["max_voiced_ratio"]:
        return (
            f"no voice found: only {ratio:.0%} of {sounding:.1f} s of sound has a pitch, as "
            "noise, percussion or effects have none; keep it out of a voice dataset",
            data,
        )
    spread, pitch = s.get("pitch_spread_st"), s.get("pitch_hz")
    if spread is not None and ratio >= 0.5 and spread < options["max_steady_st"]:
        return (
            f"one steady pitch (about {pitch:.0f} Hz, within {spread:.2f} semitone) through "
            f"{sounding:.1f} s of sound: a tone, hum or held note, not a voice",
            {**data, "pitch_hz": pitch, "pitch_spread_st": spread},
        )
    for field, option, says in SHARES:
        share = s.get(field)
        if share is not None and share >= options[option]:
            return says.format(share=share, sounding=sounding), {**data, field: share}
    return None


def holds_voice(s: dict, min_voiced_ratio: float, min_sustained_ratio: float) -> bool:
    """True when the voice analyser measured a voice in ``s``: at least ``min_voiced_ratio`` of
    the sounding time pitched, at least ``min_sustained_ratio`` of its steps made (not ringing
    down: a struck bell's ring only falls) when there are enough to tell, and nothing S007 (at
    its defaults, whatever the length) reads as no voice. Rules that judge a voice (S008) judge
    nothing else: a bell's ring or a tone's sustain is no room."""
    ratio, made = s.get("voiced_ratio"), s.get("sustained_ratio")
    if ratio is None or ratio < min_voiced_ratio:
        return False
    if made is not None and made < min_sustained_ratio:  # None: too few steps to tell
        return False
    return no_voice(s, {**DEFAULT, "min_sounding_s": 0.0}) is None
