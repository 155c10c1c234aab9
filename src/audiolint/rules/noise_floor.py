"""Noise floor: sound between phrases within 32 dB of the voice (noise, or something pitched).

Uses noise_floor_dbfs: the level of the quietest steady pause (at least 200 ms well under the
voice; where noise fills the pauses, 200 ms holding within 2.5 dB at least 6 dB under it; a
pause whose level keeps falling for 0.4 s or more, a reverb tail or an echo, is not read: nor,
where it is the only long pause, is background noise that itself fades out across it), never
above the clip's own quietest 100 ms or well above its quietest 20 ms frame, and left unmeasured
(null) when the clip has no pause to read it in, such as tightly cut speech, a continuous tone
or dense music (see audiolint.analysis.noise). The floor is judged against the voice, not full
scale: as it would lie with the file's loudness (loudness_lufs) brought to -18 LUFS
(VOICE_LUFS), above max_dbfs (-50 dBFS), that is closer than 32 dB under the voice's loudness,
is a warning (review 43d: 10 dB less gain switched the absolute -50 dBFS gate off, though the
noise under the voice was the same, and RVC's preprocessing normalises every slice's level).
Without a loudness (a file under 0.4 s) the floor itself is compared. The warning quotes the
measured level, how far under the voice it lies (under "the sound's loudness" in a file S008
would find no voice in: an ambience, an effect), and how much it was read in: so many seconds of
pauses, or of steady noise between louder sounds (words, in speech) when the noise fills the
pauses (noise_steady_s). A voice model learns the noise along with the voice.

What fills the pauses is told apart only as far as a pitch goes (pause_pitched_ratio, see
audiolint.analysis.pause_pitch): where 30 % or more of the pause frames carry a pitch
(PITCHED_SHARE), the sound there is not hiss but something pitched, a music bed, a voice, a hum
or buzz, or a machine's whine (a motor, a saw), and the message says so and points to vocal
isolation as well as to filtering; denoising is for hiss. Where S008 (with its defaults) finds
the room ringing, the voice's own ring fills its pauses, pitched, too: the message names it
first, and de-reverbing (review 42: a voice in a 3 s hall was told to isolate it from music or
filter out a hum). The finding itself, and its level, are the same either way. Where the floor
was read in steady stretches (noise filling the pauses) and half or more of the quietest
stretches' frames are held notes, pitched and within 11 dB of the loud frames
(``steady_notes_ratio``, HELD_NOTES), they are no hiss: a tone, a hum or music under the voice,
or the voice's own held notes (a singer's sustained phrase with no pause in it). Nothing
measured tells those apart, so the message says both and asks to listen; with a mains hum found
there, the hum's message instead. A floor capped under those stretches (the clip's quietest
moment) was read between them, not in them (review 42: pink noise 20 dB under CMU ARCTIC's
aew read "a steady pitched sound ... held notes in 80 % of them"); with no pause long enough to
say what it holds, the message calls it background sound, noise, music or another voice
(review 46b: a second talker and an orchestra under speech read "background noise"). Where the
harmony analyser finds a mains hum's lines held through the file's floor (``hum_hz``, see
audiolint.analysis.hum: a 50 Hz hum lies under the pitch tracker's floor, so its pauses read
unpitched), the message names it and its fix, a notch at the mains frequency and its multiples,
which a broadband denoiser does less well.
"""

from __future__ import annotations

from audiolint.rules import reverb
from audiolint.rules.base import FileContext, Problem
from audiolint.rules.no_voice import holds_voice
from audiolint.text import mains_hz

ID = "S005"
NAME = "noise-floor"
TERM = "Noise floor"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
# the floor is read in the pauses, their pitch by "voice", a mains hum's lines by "harmony", a
# room's ring (the pitched pauses' other cause) by "reverb"
ANALYSERS = ("silence", "voice", "harmony", "reverb", "loudness")
DEFAULT = {"max_dbfs": -50.0}
# the voice's loudness at which max_dbfs applies as it stands: speech as distributed lies about
# here (streaming and video sites normalise to -14 to -16 LUFS, audiobooks ask -18 to -23 dB
# RMS; the real corpus's speech sources -16 to -26 LUFS), so the -50 dBFS default, chosen for
# such files, keeps its meaning for them: 32 dB under the voice
VOICE_LUFS = -18.0
# pitched share of the pause frames from which the pauses hold something pitched, not hiss
# (benchmarks/pause_pitch.py: hiss reads 0-0.14 where S005 fires, beds and hums mostly more)
PITCHED_SHARE = 0.3
# share of held notes in the quietest steady stretches from which they are no hiss: a tone or
# music under the voice, or the voice's own held notes (review 40: slices of a singer's
# continuous phrase read "background noise at -16.5 dBFS in 1.0 s of steady noise": 0.96-1.0;
# hiss under speech 0.0; a whine or a looped sax note 6-10 dB under speech 0.8-1.0)
HELD_NOTES = 0.5
PITCHED = "a pitched sound (music, a voice, a hum or a machine's whine; not hiss)"
PITCHED_RING = (
    "a pitched sound (the voice's own ring in a reverberant room, music, a voice, a hum or a "
    "machine's whine; not hiss)"
)


def check(ctx: FileContext, options: dict):
    """Yield a warning when the measured noise floor, with the voice brought to VOICE_LUFS,
    is above max_dbfs."""
    floor = ctx.signal.get("noise_floor_dbfs")
    if floor is None:
        return
    loud = ctx.signal.get("loudness_lufs")
    limit = options["max_dbfs"]
    if (floor if loud is None else floor + VOICE_LUFS - loud) <= limit:
        return
    if loud is not None:
        # "the sound's loudness" in a file with no voice, as S008 reads one (an ambience, a
        # whoosh, insects; review 45c: "under the voice" where there was none)
        gate = reverb.DEFAULT
        voiced = holds_voice(ctx.signal, gate["min_voiced_ratio"], gate["min_sustained_ratio"])
        whose = "the voice" if voiced else "the sound's loudness"
        # said as the distance under it, the figure that does not move with the gain; to 0.1
        # dB: whole decibels read "32 dB under ..., closer than 32 dB" at 31.5 (review 44f)
        limit_words = f"{loud - floor:.1f} dB under {whose} ({loud:.1f} LUFS), closer than "
        limit_words += f"{VOICE_LUFS - limit:g} dB"
    else:
        limit_words = f"above {limit:g} dBFS"
    pause, held = ctx.signal.get("noise_pause_s"), ctx.signal.get("noise_steady_s")
    hum = ctx.signal.get("hum_hz")
    notes = ctx.signal.get("steady_notes_ratio")
    if held and not hum and (notes or 0) >= HELD_NOTES:
        yield _held_notes(floor, held, notes, limit_words, ctx.signal)
        return
    if held:
        where = f" in {held:.1f} s of steady noise between louder sounds"
    else:
        where = f" in {pause:.1f} s of pauses" if pause else " between phrases"
    data = {"noise_floor_dbfs": floor, "noise_pause_s": pause, "noise_steady_s": held}
    data["loudness_lufs"] = loud
    share = ctx.signal.get("pause_pitched_ratio")
    data["pause_pitched_ratio"] = share
    data["steady_notes_ratio"] = notes
    data["hum_hz"] = hum
    # the hum is read to a bin of the hum finder's spectrum (about 2 Hz): its mains frequency
    mains = f", with a {mains_hz(hum)} Hz mains hum's lines held through it" if hum else ""
    notch = f"filter out the hum (a notch at {mains_hz(hum)} Hz and its multiples)" if hum else ""
    if share is not None and share >= PITCHED_SHARE and not held:
        # in a room that rings as loud as S008 names (review 42: a hall's tail of the voice
        # filled its pauses, pitched, and the advice was vocal isolation or a hum filter)
        ring = reverb.ringing(ctx)  # S008's own reading, as it fires
        what, fix = PITCHED, ""
        if ring is not None:
            what = PITCHED_RING
            c50 = ring.data["c50_db"]
            fix = f"where the room rings (C50 about {c50:.1f} dB, S008) de-reverb it, else "
        yield Problem(
            f"{what} at {floor:.1f} dBFS measured{where}, pitched in {share:.0%} of them "
            f"({limit_words}){mains}: the model will learn it; {fix}isolate "
            f"the voice from music (vocal isolation), {notch or 'filter out a hum'}, or re-record",
            data=data,
        )
        return
    if not held and not pause:
        # the floor is the clip's quietest moment, with no pause long enough to say what it
        # holds (review 46b: a second talker 6 dB under a voice, an orchestra under speech, a
        # talker under a singer all read "background noise ...: denoise")
        yield Problem(
            f"background sound at {floor:.1f} dBFS measured{where} ({limit_words}){mains}: "
            "noise, music or another voice (no pause is long enough to tell which), which the "
            "model will learn; "
            + (f"{notch}, then " if hum else "")
            + "denoise it, isolate the voice from it, or re-record",
            data=data,
        )
        return
    yield Problem(
        f"background noise at {floor:.1f} dBFS measured{where} ({limit_words}){mains}: the "
        "model will learn the noise; "
        + (f"{notch}, then denoise or re-record" if hum else "denoise or re-record"),
        data=data,
    )


def _held_notes(floor: float, held: float, notes: float, limit: str, s: dict) -> Problem:
    """The floor read in steady stretches that are held notes, pitched near the loud frames: a
    tone, a hum or music filling the voice's pauses, or the voice's own held notes (a sung
    phrase cut with no pause in it). Nothing measured tells the two apart (review 40: a
    singer's slices read 0.56-0.96 of their steady frames on one pitch, a 110-400 Hz whine and
    a looped sax note 6-10 dB under speech 0.93-0.99), so the message says both."""
    return Problem(
        f"a steady pitched sound at {floor:.1f} dBFS measured in {held:.1f} s of steady "
        f"stretches between louder sounds, held notes in {notes:.0%} of them ({limit}): a tone, "
        "a hum or music under the voice, which the model will learn (isolate the voice or "
        "filter it out), or the voice's own held notes, as a sung phrase cut with "
        "no pause in it reads: listen to it",
        data={"noise_floor_dbfs": floor, "noise_pause_s": s.get("noise_pause_s"),
              "noise_steady_s": held, "pause_pitched_ratio": s.get("pause_pitched_ratio"),
              "steady_notes_ratio": notes, "hum_hz": s.get("hum_hz"),
              "loudness_lufs": s.get("loudness_lufs")},
    )  # fmt: skip
