"""No voice: a file whose sound does not behave as a voice's (noise, tones, notes, blips, hits).

Uses the voice-activity measurement (see audiolint.analysis.voice), over at least min_sounding_s of
sound. A voice is pitched for a good share of the time, and its pitch keeps moving: a speaker glides
through every syllable, a singer's vibrato swings even a held vowel, and each vowel holds a pitch
for a while. Ten tests find sound that does not. When under max_voiced_ratio (5 %) of the sounding
time has any pitch, or under max_run_ratio (2 %) is pitched for 80 ms or more (pitched only in lone
frames): noise, hiss, rain, unpitched percussion or effects (not when its shape moves
max_unpitched_shape_db, 3.2 dB, or more: a whisper in a room; a whisper whose shape moves less,
as a game's whispered lines at 2.7-3.0 dB, is read so too, and the message names whispers among
what has no pitch; where a mains hum holds through it, hum_hz, a 50 Hz hum under the 60 Hz pitch
search, the message names the hum instead). When the pitch stays within
max_steady_st (0.25 semitone, quartile to quartile) through a mostly pitched file and holds still
from one 40 ms step to the next in min_tone_held (50 %) or more of its steps (or too few steps to
tell): a test tone, a hum or one held note (a singer's held note wavers from step to step, with
vibrato or without, while its level moves min_level_move_db, 0.1 dB, or more from step to step, the
median over the held steps, see level_move_db: every real singer measured, 0.13 dB and up, a
synthetic organ 0.06-0.07, a tone 0.02; noise makes a buzz's pitch waver and moves its level about
as little as a steady singer's, 0.12-0.18, so such a buzz passes for a voice; a chord's or a drone's
pitch wavers too, so a file with a second pitch in min_chord_share, 20 %, or more of its pitched
time, read no more than min_chord_db (15 dB) under the whole sound, is still judged (a chord's and
a drone's read 11-12 dB under; an UTAU singer's syllables on one pitch left a residue 18-20 dB
under, review 54b); nor a pitch held loud for under min_tone_steps, 40, such steps that moves
max_short_st, 0.07 semitone, or more: one spoken syllable's vowel, said flat, is too short to show a
voice's glide, while a tone's or a played note's holds within a few hundredths however short; such a
syllable's spectrum may hold as still as an instrument's, so the next test spares it too). When a
mostly pitched file's spectrum holds its shape
(moving under max_still_db, 1 dB, from one 80 ms to the next, the median over the sound; see
shape_move_db): notes sounding through an instrument's fixed resonances (a voice moves the shape
with every vowel and consonant; one held sung vowel moves it least, through its vibrato). When the
pitch holds still (within 0.05 semitone from one 40 ms step to the next, where the level is not
falling) in min_held_share (55 %) or more of its steps, read over min_held_steps (25: a second) such
steps or more: steady held notes, as an instrument plays them (a few steps say too little: a long
hall's echo holds the pitch just spoken for some). Not when a second pitch sounds in under
min_held_second (4 %) of the pitched time (second_voice_ratio, from the harmony analyser): one pitch
at a time, held still, whose level moves min_level_move_db or more, is a singer's notes under pitch
correction as much as a solo instrument's (an instrument's held notes mostly ring on under the next,
or sound in chords; a synthetic organ's level holds still). When min_isolated_share (50 %) or more
of the pitched 40 ms frames inside the sound have no pitched neighbour, the level jumping by
min_blip_rise_db (3 dB, median) or more into them: short pitched blips, as a drum rings at its hit
(a voice in a long hall is pitched in lone frames too, where its direct sound stands out of the
echo, but its level barely rises there). When after min_hit_decay (45 %) or more of its min_onsets
(10) or more onsets (the level rising 6 dB or more in 40 ms) the level falls at once, by 1.5 dB or
more in each of the next three 40 ms frames: struck sounds dying from their hits, as drums and
plucked or struck notes (a voice holds each syllable's vowel; see hit_decay). When min_low_share (50
%) or more of the loud pitched frames read a pitch under 62 Hz, at the bottom of the range searched
(low_pitch_ratio): a bass line, a kick drum's ring, a piano's low notes or a mains hum (a voice is
pitched above it, a deep one too; a hum as loud as the voice reads so too, but see below). When the
loud pitched frames, min_tuned_s (3 s) of them or more, sit on one equal-tempered semitone grid
(pitch_tuned, the concentration of their pitch on a circle one semitone round, min_tuned 0.5 or
more) in min_notes (4) notes or more: a melody or chords played on a scale, with a second pitch
sounding in min_chord_share (20 %) or more of the pitched time (second_voice_ratio, from the harmony
analyser): chords (speech's pitch glides anywhere; one voice sings one note at a time, and an in-
tune singer in a room sits on the grid too; one held note is not a melody). When the onsets repeat:
of min_repeats (10) or more loud onsets, half find another 0.4-4 s away whose spectrum (two 40 ms
frames, 12 bands) is within max_repeat_db (1.5 dB): the same hits again and again, as a drum loop or
a riff (each syllable of speech starts its own way; see onset_repeat_db); but not in a file pitched
min_glide_voiced (20 %) of the time or more whose pitch glides, holding still in under
max_glide_held (50 %) of its steps: a voice repeating a phrase (counting, a wake word) repeats its
onsets too. When the level flutters faster than syllables (envelope_fast_db, its modulation at 8-25
Hz, min_fast_db, 2 dB, or more and min_fast_ratio, 1.2, times its modulation at 2-8 Hz or more,
envelope_syllable_db): a drum roll, a tremolo, fast repeated notes (speech's level moves most with
its syllables, a singer's with the notes and the vibrato; read last, it also holds where the
articulation gate below spares a file: a roll's strokes move the spectrum's shape as words do).
When sound pitched under max_still_voiced (50 %) of the time holds its level still at a
syllable's pace (envelope_syllable_db under min_syllable_db, 0.9 dB, or under
min_worded_syllable_db, 0.7 dB, where the loud frames' shape moves as words move it): steady
noise, rain, an engine, a room's ambience (every voice measured reads 0.96 dB or more, a voice in
a 6 s hall; speech under noise as loud as it 2.2 and over, under steady recorded noise 3-6 dB
louder 0.69-0.89; a held sung note, pitched throughout, can read less, and is left to the pitch
tests).
Neither the unpitched test nor the blips test fires where the reverb analyser reads a room's decay
(rt60_s) and the shape moves min_room_shape_db (1.85 dB) or more: the sound stops again and again
and rings down along one decay, as a speaker's words end in a room, and the echo fills the gaps
between a voice's pitched frames and smooths its shape (a deep voice's pitch reads as blips there, a
whisper's shape nearly as noise's: whispers in rooms of RT60 up to 2.5 s keep 1.92 dB or more, while
steady noise, whose shape moves by chance alone, reads about 1.7-2 dB in a room as dry), and moves
shape_slow_db (the shape's move 240 ms apart) min_room_slow_db (2.1 dB) or more: a whisper's
syllables still move it after the room has smoothed the short moves, noise's barely do (noise in a
room moving both past these lines, as wind, machines and many recorded noises do, is still missed).
Nor does the unpitched test fire where the shape of the loud frames alone (within 10 dB of the loud
level) moves as words move it: min_loud_slow_db (2.2 dB) or more 240 ms apart (slow_loud_db), and by
min_loud_rise_db (0.1 dB) more than 80 ms apart (shape_loud_db); or, in a sound too short to tell
240 ms apart, min_loud_move_db (2.6 dB) or more 80 ms apart. Where a noise floor or a long hall's
echo fills the pauses (no room's decay is read in halls of RT60 3-4 s or under noise), most sounding
frames are that noise or echo, and the shape's median move is noise's; a whisper's syllables still
move the shape of its loudest frames, and more from one syllable to the next than within one, while
noise's loudest frames move it by chance as its quiet ones do (about 1.9 dB), and each hit of a drum
or a click of rain changes it at once, as much 80 ms after as 240 ms (recorded noise whose sound
changes slowly, as a jet, a sawmill or sliding on mud, and a bell's ring, whose partials die one
after another, move it as a whisper does and are missed). Nor do the steady-pitch, held-notes and
low-pitch tests fire where a mostly pitched file (voiced half the time or more) reads min_low_share
or more of its loud pitched frames under 62 Hz while its loud frames' shape moves as words move it
(the measures above, or min_hum_move_db, 2.6 dB, or more 80 ms apart): a mains hum as loud as the
voice is pitched in every frame and is the pitch read, but the words over it still move the shape
(KLettres' Danish syllables, phone memos under a 50/60 Hz hum; a machine's low rumble is pitched in
fewer frames, a bass line or a drone alone leaves that shape still), or, where the harmony analyser
finds a 50 Hz hum's lines in the floor (hum_hz), with min_hum_voiced (25 %) of the sound pitched
or more (a 50 Hz hum is under the pitch tracker's floor, so its pauses read unpitched; a 60 Hz
one is pitched there). Nor do the steady-pitch, held-
notes and tuned-notes tests fire where a mostly pitched file holds one pitch still all through
(min_drone_share, 90 %, or more of its still steps within half a semitone of their median:
one_pitch_share), a second pitch sounds in min_held_second or more of the pitched time, and the loud
frames' shape moves as words move it (as above, and by min_hum_move_db or more 80 ms apart), and the
level falls as words fall back into the drone (sustained_ratio max_drone_sustained, 0.87, or under,
or a second pitch within min_drone_second_db, -10 dB, under a drone nearly as loud): speech over a
steady drone (an organ's note, a pad) 10 dB under it, whose pitch is the one read (a drone alone has
no second pitch; a held chord's partials move that shape about 2.2 dB; a played line holds its
level). Neither excuse holds where every sounding frame is pitched: words break a hum's or a drone's
pitch with their consonants and breaths now and then, while a steady hum, drone or note alone is
pitched throughout (its harmonics, beating with the 40 ms frames, can move the shape as words do).
Only the flutter and repeats tests fire on a file whose spectrum changes shape as speech's does (by
min_articulated_db, 4.5 dB, or more): the vowels and consonants of whispered or creaky speech, which
have little or broken pitch, of words spoken one by one, or of a monotone synthetic voice, whose one
steady pitch reads as a tone's; or on one where a tenth of its 2 s stretches move it so
(shape_peak_db, the 90th percentile of their medians): words, then a tune, are a voice. The same
hits a bar apart are no syllables, however much they move the shape, where they repeat within
max_worded_repeat_db (0.75 dB), as a sample played again does (session 57: with the pitch search's
48 Hz high-pass, csound's drum loop leaks less of its kick into the shape's bands, its shape's peak
moved from 4.38 to 4.70 dB, and its hits repeat within 0.65 dB; one recorded word said again and
again, sped up, slowed down or louder, repeats within 1.17-1.36 dB, review 57a). The finding says
which test fired and what it measured, not what the sound is: listen to the file. Music whose notes
move (a fast melody, a pitch bend) through a shape that moves too, and drums too dense to die away
between hits, pass these tests. Whatever a file holds, a voice model learns it as the voice, so a
file with no voice in it spoils the dataset."""

from __future__ import annotations

from audiolint.rules import no_voice_level as level
from audiolint.rules import no_voice_signs as signs
from audiolint.rules.base import FileContext, Problem
from audiolint.rules.no_voice_signs import ADVICE
from audiolint.text import mains_hz

ID = "S007"
NAME = "no-voice"
TERM = "Voice activity"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
# harmony: the second pitch of a chord (tuned notes); reverb: a room's decay (no_voice_signs.roomed)
ANALYSERS = ("voice", "harmony", "reverb")
# What each default was drawn from (tune half): benchmarks/no_voice_defaults.md.
DEFAULT = {
    "max_voiced_ratio": 0.05,
    "max_steady_st": 0.25,
    "min_held_share": 0.55,
    "min_isolated_share": 0.5,
    "min_sounding_s": 1.0,
    "min_articulated_db": 4.5,
    "min_held_steps": 25,
    "min_blip_rise_db": 3.0,
    "max_still_db": 1.0,
    "min_hit_decay": 0.45,
    "min_onsets": 10,
    "min_tuned": 0.5,
    "min_tuned_s": 3.0,
    "min_notes": 4,
    "max_repeat_db": 1.5,
    "max_worded_repeat_db": 0.75,
    "min_chord_share": 0.2,
    "min_chord_db": -15.0,
    "min_repeats": 10,
    "min_glide_voiced": 0.2,
    "max_glide_held": 0.5,
    "max_unpitched_shape_db": 3.2,
    "max_run_ratio": 0.02,
    "min_tone_held": 0.5,
    "min_held_second": 0.04,
    "min_level_move_db": 0.1,
    "min_low_share": 0.5,
    "min_tone_steps": 40,
    "max_short_st": 0.07,
    "min_room_shape_db": 1.85,
    "min_room_slow_db": 2.1,
    "min_loud_slow_db": 2.2,
    "min_loud_move_db": 2.6,
    "min_loud_rise_db": 0.1,
    "min_hum_move_db": 2.6,
    "min_hum_voiced": 0.25,
    "min_drone_share": 0.9,
    "max_drone_sustained": 0.87,
    "min_drone_second_db": -10.0,
    "min_fast_ratio": 1.2,
    "min_fast_db": 2.0,
    "min_syllable_db": 0.9,
    "min_worded_syllable_db": 0.7,
    "max_still_voiced": 0.5,
}

# holds_voice's reading (S008's gate): any length, held notes and blips as S007 read them before
# it asked for more steps, a larger share and a jump into the blips, so a rule that judges a
# voice judges no music (S007 itself would rather miss music than flag a voice)
VOICE_GATE = {
    "min_sounding_s": 0.0,
    "min_held_steps": 0,
    "min_held_share": 0.5,
    "min_blip_rise_db": -1000.0,
}


def check(ctx: FileContext, options: dict):
    """Yield a warning for a file with almost no pitched sound, one steady pitch, a still
    spectrum, held notes, pitched blips, dying hits, notes on a scale or repeated hits."""
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
    fluttered = level.flutters(s, options, data)  # faster than any syllable, articulated or not
    shape = s.get("shape_move_db")
    peak = s.get("shape_peak_db")  # over a tenth of its 2 s stretches: words, then a tune
    if max(shape or 0.0, peak or 0.0) >= options["min_articulated_db"]:
        # speech's vowels and consonants, whatever its pitch does; but a loop's hits repeat as
        # exactly as a sample played again
        looped = signs.repeats(s, options, data, within=options["max_worded_repeat_db"])
        return looped or fluttered
    unpitched = shape is None or shape < options["max_unpitched_shape_db"]
    held = s.get("voiced_run_ratio")  # pitched only in lone frames: narrow noise
    lone = held is not None and held < options["max_run_ratio"]
    # a whisper in a room moves its shape; in a long room the echo smooths that move too
    excused = signs.roomed(s, options) or signs.worded(s, options)  # see no_voice_signs
    if (ratio < options["max_voiced_ratio"] or lone) and unpitched and not excused:
        alone = (
            f", but only in lone 40 ms frames ({held:.0%} of it is pitched for 80 ms or more; "
            "a voice holds each vowel's pitch)"
            if lone and ratio >= options["max_voiced_ratio"]
            else ""
        )
        share = f"{ratio:.0%}" if alone else f"only {ratio:.0%}"
        # a mains hum is periodic, but under the pitch search (60 Hz up): say so, not that the
        # sound has no pitch as noise has none (review 42: a 50 Hz hum read as noise's kind)
        hum = s.get("hum_hz")
        kind = (
            f" in a voice's range (a {mains_hz(hum)} Hz mains hum's lines hold through it, under "
            "that range)"
            if hum
            else ", as noise, percussion, effects and whispers have none"
        )
        return (
            f"no voiced sound found: {share} of {sounding:.1f} s of sound has a pitch{alone}"
            f"{kind}; a voice model learns a voice's pitch from voiced sound: keep it out of a "
            "voice dataset",
            {**data, "voiced_run_ratio": held} if alone else data,
        )
    spread, pitch, still = s.get("pitch_spread_st"), s.get("pitch_hz"), s.get("pitch_steady")
    wavers = still is not None and still < options["min_tone_held"]  # a singer's held note
    wavers = wavers and not signs.chorded(s, options) and signs.swells(s, options)
    short = signs.syllable(s, options)  # one held spoken vowel, too short to glide
    hum = signs.hummed(s, options)  # words over a mains hum: the pitch read is the hum's
    drone = signs.droned(s, options)  # words over a steady drone: its pitch, their shape
    wavers = wavers or short or hum or drone
    if spread is not None and ratio >= 0.5 and spread < options["max_steady_st"] and not wavers:
        held = "" if still is None else f", holding still in {still:.0%} of its 40 ms steps"
        return (
            f"one steady pitch (about {pitch:.0f} Hz, within {spread:.2f} semitone{held}) "
            f"through {sounding:.1f} s of sound: a tone, a hum, one held note or a low note held "
            "under a tune (a vowel held on one pitch reads so too); no speech or singing "
            "measured",
            {**data, "pitch_hz": pitch, "pitch_spread_st": spread, "pitch_steady": still},
        )
    still_shape = shape is not None and shape < options["max_still_db"]
    if ratio >= 0.5 and still_shape and not short:  # a held vowel: a voice's stillest shape
        return (
            f"the spectrum's shape holds still through {sounding:.1f} s of sound pitched "
            f"{ratio:.0%} of the time: it moves {shape:.2f} dB from one 80 ms to the next "
            "(median), as notes through an instrument's fixed resonances (speech moves it with "
            "every vowel and consonant); no articulation measured: " + ADVICE,
            {**data, "shape_move_db": shape},
        )
    for field, option, (second, least), says in signs.SHARES:
        share, gate = s.get(field), s.get(second)
        if share is None or share < options[option]:
            continue
        if field == "voiced_isolated" and signs.roomed(s, options):
            continue  # the echo between a voice's pitched frames, not a drum's silence
        if field == "pitch_steady" and signs.one_pitch(s, options):
            continue  # one pitch at a time, held still: a singer's notes pitch-corrected
        if field in ("pitch_steady", "low_pitch_ratio") and hum:
            continue  # the hum's pitch, held still under the words
        if field == "pitch_steady" and drone:
            continue  # the drone's pitch, held still under the words
        if gate is None or gate < options[least]:
            continue
        found = {**data, field: share, second: gate}
        return says.format(share=share, sounding=sounding, gate=gate), found
    found = signs.tuned(s, options, data) or signs.repeats(s, options, data)
    return found or level.level_still(s, options, data) or fluttered


def holds_voice(s: dict, min_voiced_ratio: float, min_sustained_ratio: float) -> bool:
    """True when the voice analyser measured a voice in ``s``: at least ``min_voiced_ratio`` of
    the sounding time pitched, at least ``min_sustained_ratio`` of its steps made (not ringing
    down: a struck bell's ring only falls) when there are enough to tell, and nothing S007 (read
    as VOICE_GATE says) reads as no voice. Rules that judge a voice (S008) judge nothing else: a
    bell's ring or a tone's sustain is no room."""
    ratio, made = s.get("voiced_ratio"), s.get("sustained_ratio")
    if ratio is None or ratio < min_voiced_ratio:
        return False
    if made is not None and made < min_sustained_ratio:  # None: too few steps to tell
        return False
    return no_voice(s, {**DEFAULT, **VOICE_GATE}) is None
