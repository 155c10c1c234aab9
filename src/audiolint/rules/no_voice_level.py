"""S007's tests on the level's movement: faster than syllables (:func:`flutters`), or hardly at a
syllable's pace (:func:`level_still`), from the voice analyser's envelope modulation
(``envelope_fast_db`` at 8-25 Hz, ``envelope_syllable_db`` at 2-8 Hz). Split from
:mod:`audiolint.rules.no_voice_signs`, whose word test (:func:`~audiolint.rules.no_voice_signs.
worded`) and advice they use.
"""

from __future__ import annotations

from audiolint.rules.no_voice_signs import ADVICE, worded


def flutters(s: dict, options: dict, data: dict) -> tuple[str, dict] | None:
    """The flutter test: the level's modulation at 8-25 Hz (``envelope_fast_db``) at least
    ``min_fast_ratio`` times its modulation at a syllable's 2-8 Hz (``envelope_syllable_db``) and
    ``min_fast_db`` or more: a drum roll, a tremolo, a trill or fast repeated notes. A speaker's
    level moves most with the syllables, a singer's with the notes and the vibrato's five to
    seven swings a second (every voice of benchmarks/no_voice.py at most 0.69 times as much
    faster where it reaches 2 dB; what the articulation gate spares, whispers and all, included;
    ALSA's prompts over Sonic Pi's drum roll as loud as the words 1.09, the roll alone 1.24)."""
    fast, slow = s.get("envelope_fast_db"), s.get("envelope_syllable_db")
    if fast is None or slow is None or fast < options["min_fast_db"]:
        return None
    if fast < options["min_fast_ratio"] * slow:
        return None
    return (
        f"the level flutters faster than syllables: through {s['sounding_s']:.1f} s of sound it "
        f"moves {fast:.1f} dB (RMS) at 8-25 times a second and {slow:.1f} dB at 2-8 times a "
        "second, where speech's syllables and a singer's vibrato move it most, as a drum roll, a "
        "tremolo, fast repeated notes or a fast laugh do; no syllable rhythm measured: " + ADVICE,
        {**data, "envelope_fast_db": fast, "envelope_syllable_db": slow},
    )


def level_still(s: dict, options: dict, data: dict) -> tuple[str, dict] | None:
    """The still-level test: sound pitched under ``max_still_voiced`` of the time whose level's
    modulation at a syllable's 2-8 Hz (``envelope_syllable_db``) is under ``min_syllable_db``,
    or under ``min_worded_syllable_db`` where its loud frames' shape moves as words move it
    (:func:`worded`): steady noise, rain, an engine, a room's ambience. Speech moves it with
    every syllable, whispered or under noise no louder than it: every voice of
    benchmarks/no_voice.py 0.96 dB or more (espeak-ng in a 6 s hall), of no_voice_rooms.py
    --halls 1.09, real speech under white noise as loud as it 2.2 (session 52); under steady
    recorded noise 3-6 dB louder than it, 0.69-0.89 (review 52f: all but one with wordlike
    loud frames). A held sung note, pitched throughout, can hold its level stiller (a
    pitch-corrected one 0.82: tests/data/singing_female_corrected.txt): pitched sound is left
    to the pitch tests."""
    slow, ratio = s.get("envelope_syllable_db"), s.get("voiced_ratio")
    if slow is None or ratio is None or ratio >= options["max_still_voiced"]:
        return None
    line = options["min_worded_syllable_db"] if worded(s, options) else options["min_syllable_db"]
    if slow >= line:
        return None
    return (
        f"the level hardly moves at a syllable's pace: through {s['sounding_s']:.1f} s of sound, "
        f"{ratio:.0%} of it pitched, it moves {slow:.2f} dB (RMS) at 2-8 times a second, where "
        "the voices measured, whispered, in halls or under noise no louder than them, move it "
        "about 1 dB or more, as steady noise, rain, an engine or a room's ambience leave it (or "
        "noise louder than a voice under it); no syllable rhythm measured: " + ADVICE,
        {**data, "envelope_syllable_db": slow},
    )
