"""The tests S007 (no voice, ``audiolint.rules.no_voice``) reads beside its first ones: a room's
echo that excuses a voice's blips and smoothed shape, words that still move the loud frames'
shape over a noise floor or a hall's echo, a singer's notes one at a time, a held
note that swells, notes on a scale in chords, a gliding pitch and hits repeated as a loop plays
them; and the share tests' messages (SHARES). The level's own tests (faster than syllables,
still at their pace) are :mod:`audiolint.rules.no_voice_level`'s. Each takes the file's signal
record and S007's options; none reads audio."""

from __future__ import annotations

ADVICE = "listen to it, and keep it out of a voice dataset if no one speaks or sings in it"

# (signal field, option, (second field, its minimum's option), message): shares that no voice
# reaches, each with a second measure it needs
SHARES = (
    (
        "voiced_isolated",
        "min_isolated_share",
        ("blip_rise_db", "min_blip_rise_db"),  # a drum's ring starts with its hit
        "pitched only in short blips, as drums ring: {share:.0%} of the pitched 40 ms frames "
        "through {sounding:.1f} s of sound have no pitched neighbour (a voice holds its pitch "
        "through each vowel), and the level jumps {gate:.1f} dB into them (median), as at a "
        "drum's hit; no held vowel measured: " + ADVICE,
    ),
    (
        "hit_decay",
        "min_hit_decay",
        ("onsets", "min_onsets"),  # a few onsets say little
        "struck sounds dying from each hit, as drums and plucked or struck notes do: after "
        "{share:.0%} of {gate} onsets (the level rising 6 dB or more in 40 ms) through "
        "{sounding:.1f} s of sound, the level falls 1.5 dB or more in each of the next three "
        "40 ms frames (a voice holds each syllable's vowel); no articulated speech measured: "
        + ADVICE,
    ),
    (
        "pitch_steady",
        "min_held_share",
        ("sustained_steps", "min_held_steps"),  # a few steps held in a hall's echo say little
        "steady held notes, as an instrument plays them: the pitch holds still in {share:.0%} "
        "of {gate} steps of 40 ms through {sounding:.1f} s of sound (a speaking voice glides, "
        "a singer's vibrato swings); no gliding voice measured: " + ADVICE,
    ),
    (
        "low_pitch_ratio",
        "min_low_share",
        ("voiced_ratio", "max_voiced_ratio"),  # pitched at all (else the unpitched test's)
        "pitched below a voice's range: {share:.0%} of the loud pitched 40 ms frames through "
        "{sounding:.1f} s of sound ({gate:.0%} of it pitched) read a pitch under 62 Hz, at the "
        "bottom of the range searched, as a bass line, a kick drum's ring, a piano's low notes "
        "or a mains hum (speech and song are pitched above it; only a chant's or a creaky "
        "voice's lowest notes go there); no voice's pitch measured: " + ADVICE,
    ),
)


def roomed(s: dict, options: dict) -> bool:
    """True when the reverb analyser read a room's decay (``rt60_s``) and the spectrum's shape
    moves ``min_room_shape_db`` or more (or was not measured), and ``min_room_slow_db`` or more
    between frames 240 ms apart (``shape_slow_db``, when measured): the sound stops again and again
    and rings down along one decay, as a speaker's words end in a room. The room's echo fills the
    gaps between a voice's pitched frames with unpitched sound (its pitch reads as blips) and
    smooths the moves of its spectrum's shape (a whisper's reads as noise's), so neither the
    unpitched test nor the blips test can tell a voice there. But the echo smooths a voice's
    articulation towards noise's shape move, not under it: noise, steady or in bursts, moves its
    shape about as little in a room as dry (its 80 ms band levels scatter by chance alone), while
    a whisper in a room keeps a little of its syllables' moves (benchmarks/no_voice_rooms.py)."""
    shape, slow = s.get("shape_move_db"), s.get("shape_slow_db")
    if s.get("rt60_s") is None:
        return False
    if slow is not None and slow < options["min_room_slow_db"]:
        return False  # 240 ms apart, a whisper's syllables still move it; noise's barely
    return shape is None or shape >= options["min_room_shape_db"]


def worded(s: dict, options: dict) -> bool:
    """True when the loud frames' spectral shape (the frames within 10 dB of the loud level)
    moves as words move it: ``min_loud_slow_db`` or more between frames 240 ms apart
    (``slow_loud_db``), and by ``min_loud_rise_db`` more than between frames 80 ms apart
    (``shape_loud_db``); or, too short to tell 240 ms apart, ``min_loud_move_db`` or more 80 ms
    apart. Where a noise floor or a long hall's echo fills the pauses, most sounding frames are
    that noise or echo, and the shape's median move over them is noise's; a whisper's syllables,
    spoken over it, still move the shape of its loudest frames, more from one syllable to the
    next than within one, while a noise's loudest frames move it by chance as its quiet ones do,
    and a drum's hits or rain's clicks change it at once, as much 80 ms after as 240 ms
    (benchmarks/no_voice_rooms.py --halls)."""
    slow, fast = s.get("slow_loud_db"), s.get("shape_loud_db")
    if fast is None:
        return False
    if slow is None:  # too short to tell 240 ms apart
        return fast >= options["min_loud_move_db"]
    return slow >= options["min_loud_slow_db"] and slow - fast >= options["min_loud_rise_db"]


# A mains hum under the pitch tracker's 60 Hz floor (a 50 Hz one; hum.py reads a 60 Hz hum at
# 59.5-60.4 Hz, which the tracker pitches in the pauses itself)
UNDER_FLOOR_HZ = 55.0


def hummed(s: dict, options: dict) -> bool:
    """True when a low pitch is read through a mostly pitched sound (``min_low_share`` or more
    of the loud pitched frames under 62 Hz, ``voiced_ratio`` 0.5 or more; or ``min_hum_voiced``
    or more where a 50 Hz hum is found, below) while the loud frames'
    shape moves as words move it (:func:`worded`): a mains hum as loud as the voice is pitched
    in every frame and its pitch is what the tracker reads, held still at the bottom of the
    range, but the words spoken over it still move the shape of the loudest frames, as
    :func:`worded` reads it or by ``min_hum_move_db`` or more 80 ms apart (``shape_loud_db``).
    A bass line or a low drone alone leaves that shape still; a machine's low rumble is pitched
    in fewer frames (benchmarks/phone_memos.py; KLettres' Danish syllables under a 60 Hz hum).
    A bass loop whose drums move the shape at once passes for words (one of lmms' held-out ten).
    Not where every sounding frame is pitched (``voiced_ratio`` 1): words break the hum's pitch
    now and then, while a steady 60 Hz hum alone, whose harmonics beat with the 40 ms frames,
    moves the shape as words do (benchmarks/no_voice_drones.py). A 50 Hz hum lies under the
    tracker's 60 Hz floor, so the pauses read unpitched and the file pitched under half the
    time, while the words over it read at the bottom of the range: where the harmony analyser
    finds a mains hum under ``UNDER_FLOOR_HZ`` in the floor (``hum_hz``), ``min_hum_voiced``
    (25 %) voiced is enough (a male voice over a 50 Hz hum in auditok's
    1to6arabic_16000_mono_bc_noise.wav: voiced 0.39, low 0.67, loud shape moving 4.9 dB, hum
    49.9 Hz; session 29's audit). Not a 60 Hz hum, which the tracker pitches in the pauses (an
    amen loop and an elephant's call over one, voiced 0.28-0.48, stay no voice: review of
    852fc98), nor a sound pitched under a quarter of the time (a tabla loop over a 50 Hz hum,
    0.065)."""
    ratio, low = s.get("voiced_ratio"), s.get("low_pitch_ratio")
    if ratio is None or low is None or low < options["min_low_share"]:
        return False
    hum = s.get("hum_hz")
    if ratio < 0.5 and (hum is None or hum >= UNDER_FLOOR_HZ or ratio < options["min_hum_voiced"]):
        return False  # only a hum under the tracker's floor leaves the pauses unpitched
    if ratio >= 1.0:
        return False  # pitched in every frame: no consonant or breath ever breaks the hum
    fast = s.get("shape_loud_db")  # the words over a hum move it at once, syllable by syllable
    return worded(s, options) or (fast is not None and fast >= options["min_hum_move_db"])


def droned(s: dict, options: dict) -> bool:
    """True when a mostly pitched sound (``voiced_ratio`` 0.5 or more) holds one pitch still
    all through (``min_drone_share`` or more of its still steps within half a semitone of their
    median, ``one_pitch_share``) while its loud frames' shape moves as words move it
    (:func:`worded`): a steady drone under speech (an organ's note, a synth pad, a machine's
    whine) is pitched in every frame and its one pitch is the one read, held still, but the
    words over it move the shape of the loudest frames from one syllable to the next (and by
    ``min_hum_move_db`` or more 80 ms apart, ``shape_loud_db``: a held chord's partials move
    it too, by chance, about 2.2 dB; lmms' organ and strings, Sonic Pi's glass hum), and the
    voice sounds as a second pitch over it in ``min_held_second`` or more of the pitched time
    (``second_voice_ratio``, from the harmony analyser; a drone alone has none, though its
    shape may seem to move: a steady 98 Hz tone's harmonics beat with the 40 ms frames). An
    instrument's held notes are several, or sound through fixed resonances. And the level falls
    from one pitched 40 ms frame to the next in more than ``1 - max_drone_sustained`` of the
    steps (``sustained_ratio``, when read): words stop between syllables and fall back into the
    drone (0.74-0.84 on benchmarks/no_voice_drones.py's speech 10-15 dB over it), while a line
    played over it holds its level from note to note (a guitar's slide 0.89-0.91, held-out).
    Under a drone only 3 dB down, words hold it too (up to 0.93 on the tune half), but sound
    loud over it: a second pitch ``min_drone_second_db`` or less under the whole
    (``second_voice_db``: -5.9 to -7.1 there; the played lines' -11 to -16, held-out)."""
    ratio, one, spread = s.get("voiced_ratio"), s.get("one_pitch_share"), s.get("pitch_spread_st")
    if one is None:  # too few still steps: one pitch if it holds within max_steady_st anyway
        one = 1.0 if spread is not None and spread < options["max_steady_st"] else None
    if ratio is None or one is None or ratio < 0.5 or one < options["min_drone_share"]:
        return False
    if ratio >= 1.0:
        return False  # pitched in every frame: no consonant or breath ever breaks the drone
    second, fast = s.get("second_voice_ratio"), s.get("shape_loud_db")
    if second is None or second < options["min_held_second"]:
        return False  # the voice over the drone is a second pitch
    made, under = s.get("sustained_ratio"), s.get("second_voice_db")
    held = made is not None and made > options["max_drone_sustained"]
    if held and (under is None or under < options["min_drone_second_db"]):
        return False  # a played line holds its level; words over a loud drone sound loud
    return worded(s, options) and fast is not None and fast >= options["min_hum_move_db"]


def one_pitch(s: dict, options: dict) -> bool:
    """True when a second pitch sounds in under ``min_held_second`` of the pitched time (the
    harmony analyser ran): a singer's notes, held still by pitch correction, come one at a time,
    while an instrument's held notes ring on under the next or sound in chords."""
    second = s.get("second_voice_ratio")
    return second is not None and second < options["min_held_second"] and swells(s, options)


def chorded(s: dict, options: dict) -> bool:
    """True when a second pitch sounds in ``min_chord_share`` or more of the pitched time, read
    no more than ``min_chord_db`` under the whole sound: a chord's or a drone's partials, whose
    beating makes the main pitch waver as a singer's does (a guitar chord and a drone in
    benchmarks/no_voice.py's records read -11.3 to -11.9 dB). A second pitch read further under
    is a held voice's own faint residue (review 54b: slices of an UTAU singer's held syllables,
    one pitch by design, read 0.21-0.24 of the time at -18 to -19.7 dB, and S007 said "no
    speech or singing measured" on 12 of them)."""
    chord, level = s.get("second_voice_ratio"), s.get("second_voice_db")
    if chord is None or chord < options["min_chord_share"]:
        return False
    return level is None or level >= options["min_chord_db"]


def swells(s: dict, options: dict) -> bool:
    """True when the held steps' level moves ``min_level_move_db`` or more (median): a singer's
    note swells and shimmers, while a tone's, an organ's or a buzz's holds, noise or not (noise
    makes a pitch waver; it barely moves the level of a 40 ms frame)."""
    moved = s.get("level_move_db")
    return moved is not None and moved >= options["min_level_move_db"]


def syllable(s: dict, options: dict) -> bool:
    """True when the pitch is held loud for under ``min_tone_steps`` 40 ms steps
    (``sustained_steps``: a syllable or two) and moves ``max_short_st`` or more (quartile to
    quartile): a spoken syllable's held vowel, flat as a monotone reader says it, still moves
    its pitch by a tenth of a semitone or more, while a tone's or a played note's holds within
    a few hundredths, however short (over longer held sound a voice glides, and noise's waver
    on a buzz no longer passes for a syllable's)."""
    steps, spread = s.get("sustained_steps"), s.get("pitch_spread_st")
    if steps is None or spread is None or s.get("pitch_steady") is None:
        return False  # too few held steps: a ring or a chime dying away, not a vowel held
    return steps < options["min_tone_steps"] and spread >= options["max_short_st"]


def tuned(s: dict, options: dict, data: dict) -> tuple[str, dict] | None:
    """The tuned-notes test: loud pitched sound on one semitone grid, in several notes (not
    one drone's note under words, :func:`droned`)."""
    if droned(s, options):
        return None
    tuned, seconds, notes = s.get("pitch_tuned"), s.get("tuned_s") or 0.0, s.get("tuned_notes")
    if tuned is None or tuned < options["min_tuned"] or seconds < options["min_tuned_s"]:
        return None
    if notes is None or notes < options["min_notes"]:
        return None
    chord = s.get("second_voice_ratio")  # None: the harmony analyser did not run
    if chord is None or chord < options["min_chord_share"]:
        return None
    # a singer over accompaniment, or a voice over a music bed, reads so too (review 46b: speech
    # with music 6 dB under it, a singer with a piano 12 dB under): the message says both
    return (
        f"notes on a scale, in chords, as instruments play them: the pitch of {seconds:.1f} s "
        f"of loud pitched sound sits on one equal-tempered semitone grid in {notes} notes "
        f"(pitch_tuned {tuned:.2f}, where 1 puts every 40 ms frame on the grid; a speaking "
        f"voice glides between its steps), with a second pitch in {chord:.0%} of the pitched "
        "time (one voice alone sings one note at a time); no gliding voice measured, though a "
        "voice over music reads so too: " + ADVICE + ", and if someone does, isolate the voice "
        "from the music (vocal isolation)",
        {
            **data,
            "pitch_tuned": tuned,
            "tuned_s": seconds,
            "tuned_notes": notes,
            "second_voice_ratio": chord,
        },
    )


def gliding(s: dict, options: dict) -> bool:
    """True when ``s`` is mostly pitched (``min_glide_voiced`` or more of the sounding time) and
    that pitch glides: it holds still in under ``max_glide_held`` of its steps (a voice's pitch
    moves through every syllable; a riff's or a loop's notes hold)."""
    ratio, held = s.get("voiced_ratio"), s.get("pitch_steady")
    if ratio is None or held is None:  # pitch_steady None: too few steps to tell
        return False
    return ratio >= options["min_glide_voiced"] and held < options["max_glide_held"]


def repeats(
    s: dict, options: dict, data: dict, within: float | None = None
) -> tuple[str, dict] | None:
    """The repeats test: loud onsets matched closely (within ``within`` dB; ``max_repeat_db``
    unless given) by others a beat or a bar away, in a file whose pitch does not glide as a
    voice's does (a speaker repeating a phrase, counting or a wake word repeats its onsets too)."""
    repeat, count = s.get("onset_repeat_db"), s.get("repeat_onsets") or 0
    within = options["max_repeat_db"] if within is None else within
    if repeat is None or repeat > within or count < options["min_repeats"]:
        return None
    if gliding(s, options):
        return None
    held = s.get("pitch_steady")
    pitch = (
        "too few steps to tell whether its pitch glides"
        if held is None
        else f"its pitch holds still in {held:.0%} of its steps"
    )
    return (
        f"the same hits again and again, as a drum loop or a riff plays them: of {count} loud "
        "onsets, half find another 0.4-4 s away whose spectrum is within "
        f"{repeat:.1f} dB (each syllable of speech starts its own way), and the sound is "
        f"pitched {s['voiced_ratio']:.0%} of the time ({pitch}); no gliding voice measured: "
        + ADVICE,
        {**data, "onset_repeat_db": repeat, "repeat_onsets": count, "pitch_steady": held},
    )
