"""Backing vocals: a second voice under the main one (a harmony, a choir, a music bed).

Uses the second-voice measurement (see audiolint.analysis.harmony): in each voiced frame the main
voice is cancelled twice, with a comb filter at its own period and, in the spectrum, partial by
partial. A second voice leaves what the comb lets through repeating at a period of its own, or a
harmonic series of its own standing out of the spectrum's residue; either must hold from one frame
to the next (the comb's may swap with the main pitch where the partner is the louder). A second
pitch the voice itself sang in the second before, at a level no more than 3 dB under the second
pitch's now (an echo is quieter than its source), is the room's echo of it (a hall holding a
singer's last note, a gliding syllable's tail), not a second voice; a partner who goes on at its own
level after the lead paused is not, nor is a second pitch that keeps its interval to the main pitch
while the main pitch moves (a harmony moves with the melody; an echo holds what was sung). When at
least min_ratio (15 %) of the voiced time has one, the file carries two voices and the model would
learn both. A solo voice in a reverberant room reads up to 0.14 in benchmarks/backing_vocals.py's
simulated rooms (both halves), and a sung clip pitch-shifted 0.149, which is why the threshold is
not lower; a sung line in its 2.5 s hall reads up to 0.29 (held out), where S007 finds no voice.
On benchmarks/no_voice_singers.py's real solo singers (whole, cut, with noise and in rooms) it
fires on none of 44 tune cases (up to 0.108) and on 7 of 48 held-out: the Carnatic recording
that carries a drone (a 138.6 Hz series holding through the clip under the singer's changing
notes; the voice alone, resynthesised, reads 0.0), a music bed, in every case but its two in the
wettest rooms (left to S008, below). A voice over 600 Hz (a
soprano's top notes) is not searched under (its period is not measured), and silence cut into a
recording (60 dB under its loud frames) does not count in the time its echoes are looked for. A
second voice an octave (or a twelfth) from the main one, a double within 0.1 octave of it, or one
too quiet to stand out of the main voice's own roughness (about -20 dB) is not found; a second
speaker is mostly missed under the lead (the comb cancels a speaking voice by only about 10 dB,
and a partner 12 dB under it lies a median 1-4 dB under that leftover); with the pauses route
below, benchmarks/backing_vocals.py flags a second speaker 12 dB under the lead in 25 % of the
held-out mixes (50 % tune; 12.5 and 35.7 % without it) and a music bed in 53 % (85 % tune; 47
and 77 % without it), while at -6 dB, too loud to be told from the lead's own syllables by its
level, 12.5 % and 47 % (36 and 77 % tune); a file with under a second of voice gives no
verdict. A file whose room rings as loud as the voice, C50 (S008's c50_db) under
min_c50_db (2 dB), needs more: a second voice in min_wet_ratio (25 %) of the voiced time. There
a sung line's ring outlasts the second in which echoes are looked for, and its earlier notes
read as a second pitch under the next: in the benchmark's fully wet 2.5 and 3.5 s halls the
tune solo singers read up to 0.16 (0.19 over eight tails of csound's singFemale in a 3.5 s hall,
tests/rules/test_backing_vocals_hall.py), and csound's sing.wav in its recorded room rv_mono.wav
0.156 (the held-out singers in those halls read up to 0.55, mostly where S007 finds no voice;
S009 fires on none of the 24 either way); under min_wet_ratio such a file is left to S008,
which names the room. A harmony in an
ordinary room reads more (benchmarks/backing_vocals.py's SMALL_ROOMS, RT60 0.6-1.5 s, and
csound-doc's recorded impulse responses, at -6 and -12 dB: found in 67 of 160 tune and 46 of
130 held-out mixes, 43 and 37 with no finding at any ratio under min_c50_db), while a harmony
12 dB under a voice in a fully wet 2.5 s hall mostly reads less (found in 5 of 70 tune and 0 of
45 held-out mixes). A second voice missed under the lead can be heard alone in its pauses
(audiolint.analysis.alone: alone_voice_ratio, the share of the voiced time where a voiced stretch
10 dB or more under the loud frames, no echo of the voice, carries a pitch the second-pitch search
also found under the lead within a second, and is not a near-pure tone's: a whine's or a test
tone's autocorrelation falls to -0.9 or under within its period): where the room does not ring as
loud as the voice, the two shares together reaching min_with_alone (19 %) are a finding too. On the
tune half of benchmarks/backing_vocals.py the solo voices read at most 0.164 together (0.183 for
one already flagged), a soft-spoken speaker's own quiet syllables reading up to 0.30 before the
confirmation under the lead; sines 15-20 dB under the ALSA prompts 0
(tests/rules/test_backing_vocals_alone.py).
A mains hum or buzz is no second voice (audiolint.analysis.hum: partials at multiples of 50 or
60 Hz that hold the spectrum's floor through the file): a second pitch on one of its lines, in the
voice's pauses or under it, is not counted, nor, where a 50 or 60 Hz hum lies under the 70 Hz
search, one within 0.1 octave of 70 Hz (the hum fills the lowest candidates there). On
benchmarks/backing_hum.py's solo voices under a hum 20-30 dB down (tune 50 Hz; held out 60 Hz
and a 100 or 120 Hz buzz) it fires on 2 of 192 tune and 14 of 260 held-out cases (37 and 57
before); a hum cut out of the pauses (gated to digital silence) is not found, nor one in a file
under about a second (two of the floor's 0.5 s windows). A pure hum of one or two lines (a 50
or 60 Hz sine, a 50 Hz hum with its 100 Hz partial) is found too where its line holds one level
through 4 s or more: a second pitch within 43 Hz of its lines (the line's main lobe in the
spectrum's window) is not counted, nor one under a main pitch the hum itself gives at the
search's bottom. Before, speech 10-20 dB over such a hum read 0.16-0.70 and S009 fired, and a
60 Hz hum alone read 0.14-0.94, where S007 did not run (tests/test_s009_hum.py); on
benchmarks/backing_hum.py 1 and 16 false alarms (tune, held out) became 0 and 16, and a bed's
pitches near the line of a hum that a bed's floor hides read as pure are lost (held out: beds
under a 60 Hz hum found 8 -> 6 of 13).
A stereo file is read as its mono mix (the channels' mean, as training tools mix it) and, where
its channels differ, channel by channel (audiolint.analysis.panned): a pitch of its own in the
left, the right or the side (``(L - R) / 2``), away from the main pitch, counts as a second pitch,
under the same hold and echo tests. A bed or a second voice panned apart from the lead is found
as in its mono mix and more: benchmarks/backing_stereo.py, voice left and bed right 20 dB under,
found in 13 of 14 tune and 7 of 9 held-out mixes (their mono mix 6 and 2), a harmony so 28 of 28
and 18 of 18 (11 and 1); panned 0.9/0.3 from a centred voice, a harmony 20 dB under it 22 of 28
and 10 of 18 (5 and 0), a bed 6 of 14 and 4 of 9 (5 and 1); solo voices in one channel, both,
panned, under noise, in stereo rooms, with a ping-pong echo or from a spaced pair are flagged only
where their mono mix is too (2 of 126 tune, 1 of 81 held-out).
When S007 runs in the same
check, a file it finds no voice in (with the options it runs with) is left to S007: a second pitch
there is an instrument's, not backing vocals; with S007 ignored, not selected or ignored for the
file, S009 judges it alone.
"""

from __future__ import annotations

from audiolint.rules import no_voice
from audiolint.rules.base import FileContext, Problem

ID = "S009"
NAME = "backing-vocals"
TERM = "Backing vocals"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
# voice: a file S007 finds no voice in is not judged; reverb: one in a room that rings as loud
# as the voice (c50_db under min_c50_db) needs min_wet_ratio
ANALYSERS = ("harmony", "voice", "reverb")
DEFAULT = {"min_ratio": 0.15, "min_c50_db": 2.0, "min_wet_ratio": 0.25, "min_with_alone": 0.19}
# The engine passes S007's options as this run sets them under "_S007", None when S007 does not
# run on the file (a direct call without the key reads S007's defaults, as the benchmarks do).
DEFERS_TO = ("S007",)


def check(ctx: FileContext, options: dict):
    """Yield a warning when a second voice sounds under min_ratio or more of the voiced time, or
    under the voice and alone in its pauses together in min_with_alone or more."""
    ratio = ctx.signal.get("second_voice_ratio")
    if ratio is None:
        return
    c50 = ctx.signal.get("c50_db")
    wet = c50 is not None and c50 < options["min_c50_db"]
    # a room ringing as loud as the voice fills its pauses too: there only the pitch under it
    alone = 0.0 if wet else ctx.signal.get("alone_voice_ratio") or 0.0
    if ratio < options["min_ratio"] and ratio + alone < options["min_with_alone"]:
        return
    if wet and ratio < options["min_wet_ratio"]:
        return  # the room's ring of earlier notes can read as a second pitch: S008 names the room
    s007 = options.get("_S007", no_voice.DEFAULT)
    if s007 is not None and no_voice.no_voice(ctx.signal, s007) is not None:
        return  # no voice to back: S007's finding names the file (an oboe's held notes)
    pitch, level = ctx.signal.get("second_pitch_hz"), ctx.signal.get("second_voice_db")
    evidence = ""
    if pitch is not None and level is not None:
        evidence = f" (near {pitch:.0f} Hz, about {-level:.0f} dB under the whole sound)"
    if alone and ratio < options["min_ratio"]:
        evidence += (f", and on its own in the main voice's pauses (10 dB or more under its "
                     f"loud parts, at a pitch also found under it) in {alone:.0%}")  # fmt: skip
    yield Problem(
        f"a second pitch under the main one in {ratio:.0%} of the pitched time{evidence}: a "
        "second voice (backing vocals, a harmony) or music; the model learns both, so separate "
        "the lead or cut those parts",
        data={"second_voice_ratio": ratio, "second_pitch_hz": pitch, "second_voice_db": level,
              "alone_voice_ratio": alone},
    )  # fmt: skip
