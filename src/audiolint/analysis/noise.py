"""Noise floor: the level of the background, read only where the voice pauses.

From the per-frame RMS levels that :mod:`audiolint.analysis.silence` keeps (20 ms frames), a
*pause* is a run of at least ``MIN_PAUSE_FRAMES`` (200 ms) consecutive frames that all sit at
least ``MIN_CONTRAST_DB`` under the loud frames (the 95th percentile) and that holds a steady
core: at least ``MIN_CORE_FRAMES`` (160 ms) of frames within ``MAX_SPREAD_DB`` of its quiet end.
Background noise is steady from frame to frame; the soft end of a syllable decays. Digital
silence counts at -120 dBFS (a clean background). A core of 0.4 s or more that still falls
steadily (more than ``HOLD_DB`` along its least-squares line, at ``MIN_FALL_DB_S`` or faster,
``FALL_T`` standard errors under a level line, its second half still falling; see
:func:`falling`) is a reverb tail or an echo of the sound before it, cut off by the end of the
file or the next word, and is not read. Cores shorter than that are read alone, but where every
pause is one, and all of them fall together (:func:`falling_together`: the dips a trimmer leaves
between the words of a voice in a room, each still ringing down when the next word starts), none
is.

The noise floor is the median level of the *quietest* pause, and never more than
``QUIET_MARGIN_DB`` above the clip's quietest 100 ms anywhere, nor more than ``FRAME_MARGIN_DB``
above its quietest 20 ms frame away from the ends: background noise lies under every moment of a
recording, so a pause louder than that held a weak fricative, a breath or soft voiced speech
(speech trimmed at -45 dBFS keeps such stretches and only short gaps of its background). When the
clip has less than ``MIN_PAUSE_S`` (0.4 s) of such pauses, as in tightly cut speech, a
continuous tone, steady noise or dense music, nothing can be told about its background and the
floor is ``None`` (reported as null), never a guess from the quietest tenth of the speech.

Noise loud enough to fill the pauses (10 dB under the voice or closer) leaves them less than
``MIN_CONTRAST_DB`` under the loud frames. When the contrast pauses add up to less than
``MIN_PAUSE_S``, *steady stretches* stand in for them: 200 ms or more whose 20 ms levels hold
within ``STEADY_SPREAD_DB`` (white noise: 0.2-0.8 dB, pink 1.3-2 dB; in the real corpus's
clean speech, tune half, the steadiest 200 ms under the voice spread 5.7 dB or more, but for a
recording's own background), ``STEADY_CONTRAST_DB`` under the loud frames and above digital
silence. Speech under white noise at 5 and 0 dB SNR is read at the noise's
level (within 0.2 dB); a steady tone or noise alone still has no stretch under its loud frames.
The quietest stretch counts only with a second one within ``STEADY_MATCH_DB`` of it: noise that
fills the pauses is heard again in another gap between words, while one held sound (a shouted
word's steady onset, a held "Nooo") is one stretch at its own level, and no floor is read there.
``noise_pause_s`` is the total length of the pause frames the floor was read in (0 when it was
read in steady stretches), ``noise_steady_s`` that of the steady stretches (None when pauses
were used, or when the floor lies ``QUIET_MARGIN_DB`` under the stretches, capped by the
quietest 100 ms or frame: the stretches were the voice's own held sounds, not the background,
which was read between them; review 42, pink noise under a voice whose pauses are too short).
Such a floor, read between the louder sounds, must hold within ``QUIET_MARGIN_DB`` for a pause
core's ``MIN_CORE_FRAMES`` (160 ms) somewhere, else it is ``None``: background noise lasts,
while a legato phrase's soft dip between two notes lasts 80-100 ms (review 55d: five solo
singers read "background sound" 12-31 dB under the voice; review 42's noise held 180-200 ms).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.frames import overlapping, runs, sliding
from audiolint.analysis.quantile import median, percentile

FRAME_S = 0.02
LOUD_PERCENTILE = 95.0
MIN_CONTRAST_DB = 15.0
MIN_PAUSE_FRAMES = 10  # 200 ms: longer than a stop closure or a syllable's soft tail
MAX_SPREAD_DB = 6.0  # a pause's steady core: frames within this of its quiet end
MIN_CORE_FRAMES = 8  # 160 ms of steady level: background noise holds, a decay does not
DIGITAL_SILENCE_DB = -120.0
MIN_FRAMES = 25  # half a second of non-silent frames
MIN_PAUSE_S = 0.4  # one short steady stretch may be a held consonant: ask for more
QUIET_FRAMES = 5  # the clip's quietest 100 ms caps the floor...
QUIET_MARGIN_DB = 3.0  # ...when it lies this far under it (noise power varies a little)
# Frames this quiet at a file's start are padding, not the recording: as frames mostly of
# digital zeros read (a decoder's priming samples: -97 to -120 dBFS; 16-bit dithered silence
# about -101). A clean 24-bit take may open on its own background this quiet: that lead-in is
# left out too, and the floor is read in the later pauses (None where there are none)
PADDING_DB = -90.0
FRAME_MARGIN_DB = 6.0  # one interior 20 ms frame this far under the pause caps it too
# Noise that fills the pauses (10 dB SNR or less) leaves them less than MIN_CONTRAST_DB under
# the voice, but as steady as noise is: a stretch of STEADY_FRAMES whose 20 ms levels stay
# within STEADY_SPREAD_DB, STEADY_CONTRAST_DB under the loud frames.
STEADY_FRAMES = 10
STEADY_SPREAD_DB = 2.5
STEADY_CONTRAST_DB = 6.0
# Noise that fills the pauses is heard again in another gap between words, at its level: the
# quietest steady stretch counts only with a second one within STEADY_MATCH_DB of it (a word's
# held vowel or a shout's held onset is one steady stretch, at its own level).
STEADY_MATCH_DB = 3.0
# A pause's core that falls like a decay is not read (see falling): FALL_FRAMES (0.4 s, as
# MIN_PAUSE_S) or more, its line falling more than HOLD_DB (the few dB a noise's power varies
# by, as QUIET_MARGIN_DB) across it, at MIN_FALL_DB_S or faster, FALL_T standard errors under
# a level line, and its second half still falling at MIN_FALL_DB_S or faster.
FALL_FRAMES = 20
HOLD_DB = 3.0
MIN_FALL_DB_S = 3.0
FALL_T = 3.0
# Dips between words read as a room's ring (falling_together) only falling this fast, pooled: a
# room's ring falls 60 dB per RT60, so 15 dB/s is a 4 s hall's; the trimmed ring of review 44e's
# voices fell 15-50 dB/s, while real crowd and wind noise filling short pauses (review 44f) fell
# 7-11 dB/s there, swelling and fading
RING_DB_S = 15.0


def pauses(db: np.ndarray) -> list[np.ndarray]:
    """The frame levels (dB) of each pause's steady core (ends trimmed by a frame)."""
    loud = float(percentile(db, LOUD_PERCENTILE))
    found, short = [], []
    for start, stop in zip(*runs(db <= loud - MIN_CONTRAST_DB), strict=True):
        if stop - start < MIN_PAUSE_FRAMES:
            continue
        inner = db[start + 1 : stop - 1]
        # the steady core: a syllable's decay into the pause is not background
        at = np.flatnonzero(inner <= percentile(inner, 20) + MAX_SPREAD_DB)
        # a core still falling like a reverb tail is the sound before the pause dying away
        if len(at) >= MIN_CORE_FRAMES and not falling(at, inner[at]):
            found.append(inner[at])
            if len(at) < FALL_FRAMES:
                short.append((at, inner[at]))
    if len(short) == len(found) and falling_together(short):
        return []  # only dips between words, every one still falling: a room's ring
    return found


def falling_together(cores: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    """True when ``cores`` (frame indices and levels of pause cores, each shorter than
    ``FALL_FRAMES``), taken together, fall as :func:`falling` asks of one long core: their
    pooled line (each about its own mean) at ``RING_DB_S`` or faster, ``FALL_T`` standard
    errors under a level line, and their second halves' pooled line still falling at half that
    pace or faster.

    Where speech rings in a room and a trimmer has cut its pauses (sox ``silence``, FFmpeg's
    silenceremove at -40 dB), the gaps left between words are 0.2-0.35 s of each word's ring,
    still falling when the next word starts; read as a floor they said "background noise at
    -40 dBFS" (review 44e: 28 of 30 fillets-ng voice lines after sox's trim, none before). One
    such core is too short to tell from a noise's swell; several falling together, at a room's
    pace (``RING_DB_S`` or faster), are not noise, which holds its level in each gap once the
    word's decay has reached it (the second halves), or swells and fades more slowly."""
    if len(cores) < 2 or sum(len(c) for _, c in cores) < FALL_FRAMES:
        return False
    halves = [(at[len(at) // 2 :], c[len(c) // 2 :]) for at, c in cores]
    slope, se = _pooled(cores)
    if -slope / FRAME_S < RING_DB_S or slope >= -FALL_T * se:
        return False
    # a ring falls in a straight line (in dB): its second halves at half its pace or more; a
    # noise's swell flattens out (review 44f: crowd and boo noise 18-25 dB under speech, 15-17
    # dB/s pooled, their second halves 3.6-5.8; the trimmed rings' 8.5-50)
    return -_pooled(halves)[0] / FRAME_S >= RING_DB_S / 2


def _pooled(cores: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
    """The least-squares slope (dB per frame) shared by ``cores`` (frame indices and levels),
    each about its own mean level and time, and its standard error; of one core, its own."""
    ts = [at.astype(np.float64) - float(at.mean()) for at, _ in cores]
    vs = [c - float(c.mean()) for _, c in cores]
    spread = sum(float((t * t).sum()) for t in ts)
    if spread <= 0:
        return 0.0, float("inf")
    slope = sum(float((t * v).sum()) for t, v in zip(ts, vs, strict=True)) / spread
    resid = sum(float(((v - slope * t) ** 2).sum()) for t, v in zip(ts, vs, strict=True))
    dof = max(sum(len(t) for t in ts) - len(ts) - 1, 1)
    return slope, float(np.sqrt(resid / dof / spread))


def falling(at: np.ndarray, core: np.ndarray) -> bool:
    """True when a pause's steady core (levels ``core``, dB, at frame indices ``at``) is a decay,
    not a floor: the core is ``FALL_FRAMES`` long or more and keeps no digital silence; its
    least-squares line falls more than ``HOLD_DB`` from its first frame to its last, at
    ``MIN_FALL_DB_S`` or faster and ``FALL_T`` standard errors or more under a level line; and
    its second half (in time) still falls at ``MIN_FALL_DB_S`` or faster.

    A reverb tail or an echo after the last word (a game voice's 2-4 s tail, falling 5-30 dB/s)
    leaves a long "pause" whose quiet end is only where the file was cut; read as a floor it
    says "background noise". Background noise holds its level through a pause, give or take the
    few dB its power varies by. Where the voice's own decay runs into it, the core's line falls
    too, but its second half lies on the noise and holds: that floor is still read. A shorter
    core is left alone: over less than 0.4 s a real noise's swells (a machine, wind) fall as
    steeply as a decay. A fall slower than MIN_FALL_DB_S is a noise's drift (a room's decay is
    60 dB per RT60: 3 dB/s would take 20 s, longer than any room's), and a core that reaches
    digital silence ends on a clean background, which its floor reads."""
    if len(core) < FALL_FRAMES or float(core.min()) <= DIGITAL_SILENCE_DB:
        return False
    slope, se = _pooled([(at, core)])
    if -slope * float(at[-1] - at[0]) <= HOLD_DB or -slope / FRAME_S < MIN_FALL_DB_S:
        return False
    if slope >= -FALL_T * se:
        return False
    half = len(core) // 2
    return -_pooled([(at[half:], core[half:])])[0] / FRAME_S >= MIN_FALL_DB_S


def steady(db: np.ndarray) -> list[np.ndarray]:
    """The frame levels (dB) of each steady stretch: frames covered by a window of
    ``STEADY_FRAMES`` whose levels lie within ``STEADY_SPREAD_DB`` of each other, at least
    ``STEADY_CONTRAST_DB`` under the loud frames, and above digital silence."""
    inside = steady_frames(db, STEADY_FRAMES)
    return [db[a:b] for a, b in zip(*runs(inside), strict=True)]


def steady_frames(db: np.ndarray, frames: int) -> np.ndarray:
    """Which frames lie in a steady stretch (:func:`steady`), its window ``frames`` long (200
    ms: 10 of this module's 20 ms frames, 5 of the voice analyser's 40 ms ones)."""
    if len(db) < frames:
        return np.zeros(len(db), bool)
    loud = float(percentile(db, LOUD_PERCENTILE))
    # each window's extremes (as sliding_window_view(db, frames).max(axis=1) and .min)
    top, bottom = sliding(np.maximum, db, frames), sliding(np.minimum, db, frames)
    held = (top - bottom <= STEADY_SPREAD_DB) & (top <= loud - STEADY_CONTRAST_DB)
    held &= bottom > DIGITAL_SILENCE_DB
    return np.convolve(held, np.ones(frames))[: len(db)] > 0  # in a held window


def _padding(db: np.ndarray) -> int:
    """How many frames at the start of ``db`` lie at ``PADDING_DB`` or under: digital silence,
    whole or in most of the frame, that a decoder's priming samples leave before the recording
    (none when every frame does). The end is left as it is: a recording faded out to silence
    ends so too, and its fade is no background (a game's announcer line, whose quietest 100 ms
    read without its last 60 ms of silence lay in the fade, 15 dB under the voice)."""
    low = db <= PADDING_DB
    return 0 if low.all() else int(np.argmin(low))


def _longest_at(db: np.ndarray, floor: float) -> int:
    """The longest run of frames of ``db`` within ``QUIET_MARGIN_DB`` of ``floor``."""
    starts, stops = runs(db <= floor + QUIET_MARGIN_DB)
    return int(max((b - a for a, b in zip(starts, stops, strict=True)), default=0))


def _result(floor: float | None, pause_s: float, steady_s: float | None = None) -> dict:
    """The record's three noise fields, seconds rounded to 10 ms."""
    return {
        "noise_floor_dbfs": floor,
        "noise_pause_s": round(pause_s, 2),
        "noise_steady_s": None if steady_s is None else round(steady_s, 2),
    }


def measure(power: np.ndarray) -> dict[str, float | None]:
    """``noise_floor_dbfs`` (or None), ``noise_pause_s`` and ``noise_steady_s`` (the seconds of
    pauses, or of steady stretches, the floor was read in) from per-frame mean-square power."""
    quiet = 10.0 ** (DIGITAL_SILENCE_DB / 10.0)
    if int((power > quiet).sum()) < MIN_FRAMES:
        return _result(None, 0.0)
    db = 10.0 * np.log10(np.maximum(power.astype(np.float64), quiet))
    # Digital silence before the recording is no moment of it (a decoder's priming samples:
    # review 46a, a sox decode of a video site's MP3 opened on 0.1 s of zeros and its floor read
    # -103 dBFS beside 37 s of pauses at -47; 0.25 s of them make a "pause" of their own): the
    # floor is read after it
    lead = _padding(db)
    db = db[lead:]
    found = pauses(db)
    seconds = sum(len(p) for p in found) * FRAME_S
    steady_s = None
    if seconds < MIN_PAUSE_S:
        held = steady(db)
        steady_s = sum(len(p) for p in held) * FRAME_S
        if steady_s < MIN_PAUSE_S:
            return _result(None, seconds)
        levels = sorted(float(median(p)) for p in held)
        if len(levels) < 2 or levels[1] > levels[0] + STEADY_MATCH_DB:
            return _result(None, seconds)  # one held sound, no background heard twice
        found = held
    floor = min(float(median(p)) for p in found)
    # Background noise is under every moment of a recording: a 100 ms stretch well below the
    # pause's level shows that the pause held something else (a weak fricative, a breath).
    wide = power.astype(np.float64)[lead:]
    if len(wide) >= QUIET_FRAMES:
        window = overlapping(wide, len(wide) - QUIET_FRAMES + 1, QUIET_FRAMES, 1)
        quietest = 10.0 * np.log10(max(float(window.mean(axis=1).min()), quiet))
        if quietest < floor - QUIET_MARGIN_DB:
            floor = quietest
    # Tightly cut speech keeps only short gaps of its real background (a trimmer leaves gaps
    # under ~50 ms); its "pauses" are soft voiced speech and breaths. A steady background does
    # not dip 6 dB in a 20 ms frame, so one interior frame that far under caps the floor too
    # (the clip's first and last 100 ms are left out: fades and part-filled frames live there).
    inner = db[QUIET_FRAMES:-QUIET_FRAMES]  # (db starts after the padding)
    if len(inner) and float(inner.min()) < floor - FRAME_MARGIN_DB:
        floor = float(inner.min())
    if steady_s is not None and floor < min(float(median(p)) for p in found) - QUIET_MARGIN_DB:
        # the steady stretches were not the background: the floor is the quietest moment's,
        # well under them (held vowels matched as noise heard twice, pink noise under them at
        # -45 dBFS: review 42), so it was read between the louder sounds, not in the stretches;
        # a background, though, lasts there as long as a pause's core (MIN_CORE_FRAMES), while a
        # singer's soft tail between two legato notes dips for 80-100 ms (review 55d: "background
        # sound" 12-31 dB under five solo singers; review 42's pink noise held 180-200 ms)
        if _longest_at(db, floor) < MIN_CORE_FRAMES:
            return _result(None, 0.0)
        return _result(round(floor, 1), 0.0)
    if steady_s is not None:  # read in steady stretches, not in pauses
        return _result(round(floor, 1), 0.0, steady_s)
    return _result(round(floor, 1), seconds)


def noise_floor(power: np.ndarray) -> float | None:
    """The noise floor in dBFS from per-frame mean-square ``power``, or ``None``."""
    return measure(power)["noise_floor_dbfs"]
