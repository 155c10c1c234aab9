"""Backing vocals: a second voice under the main one (a harmony, a choir, a music bed).

Uses the second-voice measurement (see audiolint.analysis.harmony): in each voiced frame the main
voice is cancelled twice, with a comb filter at its own period and, in the spectrum, partial by
partial. A second voice leaves what the comb lets through repeating at a period of its own, or a
harmonic series of its own standing out of the spectrum's residue; either must hold from one frame
to the next (the comb's may swap with the main pitch where the partner is the louder). A second
pitch the voice itself sang in the second before, at a level no more than 3 dB under the second
pitch's now (an echo is quieter than its source), is the room's echo of it, not a second voice; a
partner who goes on at its own level after the lead paused is not, nor is a second pitch that keeps
its interval to the main pitch while the main pitch moves (a harmony moves with the melody; an echo
holds what was sung). When at least min_ratio (15 %) of the voiced time has one, the file carries
two voices and the model would learn both; frames where the main pitch has no strong partial off
the second's harmonic series do not count (second_own_ratio, audiolint.analysis.sieve): that is
one voice read at a ratio of its own pitch, as a sung note whose third partial stands out is read by
turns at its pitch and at 3/2 of it. A second voice missed under the lead can be heard alone in its
pauses (audiolint.analysis.alone: alone_voice_ratio, a voiced stretch 10 dB or more under the loud
frames, no echo of the voice, at a pitch the second-pitch search also found under the lead within a
second, and no near-pure tone's): where the room does not ring as loud as the voice, the two shares
together reaching min_with_alone (19 %) are a finding too. A file whose room rings as loud as the
voice, C50 (S008's c50_db) under min_c50_db (2 dB), needs a second voice in min_wet_ratio (25 %) of
the voiced time: there a sung line's ring reads as a second pitch under the next note, and S008
names the room. Where S008 (with its defaults) finds the room ringing, the message names the ring of
the notes before among the causes, with its C50. A mains hum or buzz is no second voice
(audiolint.analysis.hum): a second pitch on one of its lines is not counted. A stereo file is read
as its mono mix (the channels' mean, as training tools mix it) and, where its channels differ,
channel by channel (audiolint.analysis.panned): a pitch of its own in the left, the right or the
side (``(L - R) / 2``), away from the main pitch, counts as a second pitch, under the same hold and
echo tests. A voice over 600 Hz (a soprano's top notes) is not searched under; a second voice an
octave (or a twelfth) from the main one, a double within 0.1 octave of it, or one too quiet to stand
out of the main voice's own roughness (about -20 dB) is not found, and one read more than
min_second_db (-20 dB) under the whole sound (``second_voice_db``, which reads a partner at about
the level it was mixed at, up to 3 dB over it: benchmarks/backing_vocals.py, review 55c) is not
reported: there a solo singer's held syllables, deeply cancelled, leave a residue whose period jumps
about (review 54b: 61 files of one UTAU voicebank at -19.8 to -23); a file with under a second of
voice gives no verdict. When S007 runs in the same check, a file it finds no voice in (with the
options it runs with) is left to S007: a second pitch there is an instrument's, not backing vocals;
with S007 ignored, not selected or ignored for the file, S009 judges it alone. What it finds and
misses on real voices mixed with harmonies, second speakers and music beds (a second speaker under
the lead, and drum and percussion beds, are mostly missed), and the benchmark figures behind each
threshold: docs/accuracy/backing-vocals.md."""

from __future__ import annotations

from audiolint.rules import no_voice, reverb
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
DEFAULT = {
    "min_ratio": 0.15,
    "min_c50_db": 2.0,
    "min_wet_ratio": 0.25,
    "min_with_alone": 0.19,
    "min_second_db": -20.0,
}
# The engine passes S007's options as this run sets them under "_S007", None when S007 does not
# run on the file (a direct call without the key reads S007's defaults, as the benchmarks do).
DEFERS_TO = ("S007",)


def check(ctx: FileContext, options: dict):
    """Yield a warning when a second voice sounds under min_ratio or more of the voiced time, or
    under the voice and alone in its pauses together in min_with_alone or more."""
    whole = ctx.signal.get("second_voice_ratio")
    if whole is None:
        return
    # not where one voice was read at a ratio of its own pitch (second_own_ratio; review 55d: a
    # solo soprano's line read by turns at 370 and 555 Hz over its vibrato, 15 % -> 2 %)
    ratio = ctx.signal.get("second_own_ratio")
    ratio = whole if ratio is None else ratio
    pitch, level = ctx.signal.get("second_pitch_hz"), ctx.signal.get("second_voice_db")
    # a second pitch read further under the whole sound than min_second_db is not reported
    # (nor its pauses' partner, found at the same pitch): benchmarks/backing_vocals.py's mixes
    # read up to 3 dB over their level (review 55c's real beds about at it; -12 dB harmonies a
    # median -10, -20 dB ones -17; 7 of 1,394 cases under -20), while an UTAU singer's solo
    # strings read -19.8 to -23 in 61 files (review 54b), the comb's residue periodic at a
    # pitch that jumped from 0.8 to 2.5 times hers and back every few frames
    if level is not None and level < options["min_second_db"]:
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
    evidence = ""
    if pitch is not None and level is not None:
        evidence = f" (near {pitch:.0f} Hz, about {-level:.0f} dB under the whole sound)"
    if alone and ratio < options["min_ratio"]:
        evidence += (f", and on its own in the main voice's pauses (10 dB or more under its "
                     f"loud parts, at a pitch also found under it) in {alone:.0%}")  # fmt: skip
    # in a room that rings as S008 names it, the ring of the notes before is a cause too
    # (review 55b: a sung line in a 0.9 s room read a second pitch in 15 % at -13 dB, and the
    # message offered backing vocals, music or a delay effect)
    ring = reverb.ringing(ctx)
    room = ""
    if ring is not None:
        room = (
            f" the room's ring of the notes before (C50 about {ring.data['c50_db']:.1f} dB, S008),"
        )
    yield Problem(
        f"a second pitch under the main one in {ratio:.0%} of the pitched time{evidence}: a "
        f"second voice (backing vocals, a harmony), music,{room} or the voice's own echo (a delay "
        "effect); the model learns them all, so separate the lead, remove the echo"
        + (" or the room's ring" if ring is not None else "")
        + ", or cut those parts",
        data={"second_voice_ratio": whole, "second_pitch_hz": pitch, "second_voice_db": level,
              "alone_voice_ratio": alone, "second_own_ratio": ratio},
    )  # fmt: skip
