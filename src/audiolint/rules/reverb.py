"""Reverb: a voice recorded in a room, or with a reverb effect, whose echoes trail each word.

Uses the blind clarity estimate c50_db (see audiolint.analysis.reverb): at the free decays
after speech offsets, how far the level has fallen 200 ms later (reverb_fall_db, quoted first:
the measurement), read as a Schroeder decay curve from the fastest quarter of them (a room slows
every decay; a soft syllable after a word's peak slows only some). Under max_c50_db the late
echo holds a large share of the energy; a dry voice falls to its floor within 100-150 ms. The
clarity and decay time are those simulated rooms with that fall have: a reverb effect's long
tail over a loud dry voice (Freeverb's, as pedalboard's Reverb makes it) falls as far by 200 ms
as a room of a lower C50 and a shorter decay, so the message says so (the finding stands: the
tail is there, and a model learns it). No estimate (fewer than 5
free decays, or the fastest ones reaching the noise floor too soon to say how fast they fall,
or a clarity under 10 dB read beside a fall of the level faster than such a room lets it:
analysis.reverb.fastest_fall; the more of a room's energy comes late, the slower it lets a level
fall, so a low clarity read beside 22 dB falls is no room's either: a singer's fading notes
read as a room's decays while her phrase endings fall so) gives no finding, nor do decays that
follow fewer than min_endings (2) separate endings
(reverb_endings): a single spoken syllable's fade, as slow as its speaker lets it be, cannot be
told from a room's (KLettres' spoken letters: S008 on 7 of 1836 dry syllables without this).
So a clip of one word or one sung phrase is not called reverberant, even in a real room
(min_endings 1 gives that back). Nor is a decay read from a clipped word's top (12 ms over a
full-scale sine's mean square, -3 dBFS): clipping takes the word's peak off, so its fall looks
shallower, like a room's (a dry voice clipped 12 dB over full scale read C50 1.3 dB).
In continuous speech, whose short pauses the echo fills, the clarity is read a
second time from a floor lower in the level's spread, where the recording rests on one (the
silence or room tone before the first word) or, in a clip a trimmer cut, ends on the room's tail
falling into it (straight in dB, a 2 s room's pace or faster); the decay time is then not
given. rt60_s, the decay time, is quoted as evidence when read. Only a voice is judged: a file
under min_voiced_ratio (20 %) of pitched sound, one whose pitched sound is made (its level not
falling) in under min_sustained_ratio (10 %) of its 40 ms steps (a struck bell only rings
down), or one S007 reads as no voice (a bell's or a tone's sustain decays like a room), gets no
finding, whatever its decays. The level is read in the speech band (500 Hz-4 kHz, where C50's
speech average lies; analysis.reverb.BAND_HZ): real rooms ring longer in the lows than the
simulated ones the lines were fitted on, and over the whole mix the free decays of 33 measured
rooms (review 47a: Aachen's AIR, OpenAIR, with TIMIT speech) put S008 on 28 of 60 files of true
C50 8 dB or more, now 21 (34 of 39 under 8 dB either way). Where a strong direct sound stands over
a long tail (a listener near the talker in a hall, a stairway) the fall at 200 ms still reads
several dB under the room's C50 and the finding can still fire: the tail is there and heard,
but the C50 quoted is a simulated room's, not that room's. A voice model learns the room along
with the voice and puts its echo into everything it says.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem
from audiolint.rules.no_voice import holds_voice

ID = "S008"
NAME = "reverb"
TERM = "Reverb"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("reverb", "voice", "harmony")  # only a voice is judged (as S007 reads it)
# min_sustained_ratio, from benchmarks/no_voice.py and benchmarks/reverb.py: a struck bell dying
# within a second made 2-3 % of its steps, speech in their simulated rooms (C50 under 8 dB) 27 %
# or more
DEFAULT = {
    "max_c50_db": 8.0, "min_voiced_ratio": 0.2, "min_sustained_ratio": 0.1, "min_endings": 2
}  # fmt: skip


def check(ctx: FileContext, options: dict):
    """Yield a warning when the estimated clarity of a voice is under max_c50_db."""
    # (one ending's fade, a single syllable's: no room can be told from it)
    if not reverberant(ctx.signal, options):
        return
    c50 = ctx.signal["c50_db"]
    if not holds_voice(ctx.signal, options["min_voiced_ratio"], options["min_sustained_ratio"]):
        return
    rt60, count = ctx.signal.get("rt60_s"), ctx.signal.get("reverb_offsets")
    # the fall is read with the clarity: never None where c50_db is not
    fall = ctx.signal["reverb_fall_db"]
    decay = f" and echoes decaying over about {rt60:.1f} s" if rt60 is not None else ""
    said = (
        f"200 ms after a sound stops (a word's end, in speech), its echo is only {fall:.1f} dB "
        f"under it (the fastest quarter of {count} free decays); a simulated room that does so "
        f"has a clarity C50 about {c50:.1f} dB (under {options['max_c50_db']:g} dB){decay} (a "
        "reverb effect's long tail under a loud dry voice reads a lower C50 and a shorter decay "
        "than the effect really has)"
    )
    yield Problem(
        f"reverberant: {said}; a voice model learns the room with the voice: use a dry recording "
        "or de-reverb it",
        data={"c50_db": c50, "rt60_s": rt60, "reverb_offsets": count, "reverb_fall_db": fall},
    )


def reverberant(signal: dict | None, options: dict = DEFAULT) -> bool:
    """Whether a file's ``signal`` record reads a room (clarity under ``max_c50_db``, read from
    ``min_endings`` endings or more): S008's reading before its voice guard, which D003 asks
    too to rank copies of one audio (it reads the reverb analyser alone)."""
    s = signal or {}
    c50, endings = s.get("c50_db"), s.get("reverb_endings")
    return (
        c50 is not None
        and c50 < options["max_c50_db"]
        and (endings is None or endings >= options["min_endings"])
    )


def ringing(ctx: FileContext) -> Problem | None:
    """S008's finding on the file with its defaults, or None: what S005 and S009 name among
    their causes where the room rings (its ``c50_db`` in the data)."""
    return next(check(ctx, DEFAULT), None)
