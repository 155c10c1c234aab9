"""Which frames of the harmony table hold a second voice, and its pitch in each.

:class:`audiolint.analysis.harmony.Harmony` keeps one row per frame (the comb's residue and
second pitch, the spectrum's, a panned channel's, the sieve's one-voice flags); here they are
read together: the comb's second pitch (held over neighbouring frames, or swapped with the main
one where the partner is locally the louder), the spectrum's where it stands out
``PEAKINESS`` times the median candidate, the two agreeing on weaker evidence (``AGREE``), and a
stereo channel's pitch of its own; mains hum lines and one voice's own partials left out, and
echoes of what the main voice sang before cleared (:func:`audiolint.analysis.echoes.clear_echoes`).
Numpy on the table alone, no samples.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.alone import held, near
from audiolint.analysis.echoes import COMB_ECHOES, ECHO_SLACK_DB, SPECTRAL_ECHOES, clear_echoes
from audiolint.analysis.quantile import percentile

# at 0.5 chance peaks of solo speech in the real corpus's tune half read up to 0.064
SECOND_R = 0.55
MIN_SECOND_DB = -30.0  # a residue this far under the voice is no voice anyone would hear
# excluded around 1x, 2x and 1/2x, 3x and 1/3x the period; 0.2 octave around the main pitch hid
# a harmony a whole tone away, and since only a peak of its own counts, 0.1 raises no second
# pitch from a solo voice's drift (benchmarks/backing_vocals.py, tune half)
NEAR_OCTAVES = (0.1, 0.1, 0.06)
# a spectral second pitch counts where its salience stands out PEAKINESS times the median
# candidate's and it holds (within SPECTRAL_SAME octave) in one of the two frames either side
# that also do: a residue of noise or leakage scores about alike at every candidate and jumps
PEAKINESS, SPECTRAL_SAME = 1.8, 0.03
# Where the comb and the spectrum find one second pitch (within AGREE[2] octave), weaker evidence
# from each suffices: correlation AGREE[0], peakiness AGREE[1] (two measures agreeing by chance is
# rarer than either alone). Tune half of benchmarks/backing_vocals.py at -12 dB: second speakers
# 4 -> 5 of 14 flagged, solo 0 of 120 (peakiness 1.2-1.4, correlation 0.3-0.45); 0.5 adds none
AGREE = (0.45, 1.4, 0.06)
# Silence: this far under the loud frames (95th percentile) a room's ring has fallen its RT60's
# 60 dB; only an edit (a cut, a gate) brings back sound still ringing from before. A real pause
# keeps its noise floor (at 30 dB a speaker's pauses hid a whole tone under him, tune half)
SILENT_BELOW_LOUD_DB = 60.0


def second_pitches(rows, voiced, hum, rate: int, hi: float, hop: int, own: bool = False):
    """The frames holding a second voice, by the comb, by the spectrum or by both agreeing, and
    the second pitch in each (the comb's where it finds one): ``rows``, the harmony table's
    columns; ``voiced``, its voiced frames (``Harmony._voiced``); ``hum``, its
    :class:`~audiolint.analysis.hum.HumLines`; ``rate`` and ``hop``, the frames' rate and hop in
    samples; ``hi``, the longest period searched (samples); ``own``: not where the main pitch
    has no partial of its own either (the table's sieve columns read 2 there)."""
    level, _, r2, pitch2, res_db, pitch, spectral2, peaky, _, panned, panned_db = rows[:11]
    # one voice's partials (sieve): 1, or 2 where a pitch has no partial of its own
    comb_one, spectral_one = (rows[11] > 0, rows[12] > 0) if own else (rows[11] == 1, rows[12] == 1)
    voiced = hum.voice_left(voiced, pitch, rate / (hi - 0.5))
    found = voiced & ~comb_one & (r2 >= SECOND_R) & (res_db >= MIN_SECOND_DB) & ~hum.humming(pitch2)
    second, swapped = held(found, pitch2), np.zeros_like(found)
    # or swapped: where the partner is locally the louder, the main pitch is its own and the
    # second is the lead's; a pitch the main voice sings a frame away is no echo
    for k in (1, 2):
        pair = found[:-k] & found[k:] & near(pitch2[:-k], pitch[k:]) & near(pitch[:-k], pitch2[k:])
        swapped[:-k] |= pair
        swapped[k:] |= pair
    # peaky is 0 under SPECTRAL_MIN_DB; a pitch the comb's search excludes around its main
    # pitch does not count either (the spectrum's main can differ: a tail holding a vibrato)
    apart = voiced & ~near(spectral2, pitch, NEAR_OCTAVES[0]) & ~hum.humming(spectral2)
    apart &= ~spectral_one
    apart &= ~hum.within(spectral2)  # nor one on a pure hum line's main lobe
    spectral = held(apart & (peaky >= PEAKINESS), spectral2, SPECTRAL_SAME)
    # the comb and the spectrum finding one second pitch in a frame (AGREE)
    agree = (
        apart
        & ~comb_one
        & ~hum.humming(pitch2)
        & (r2 >= AGREE[0])
        & (res_db >= MIN_SECOND_DB)
        & (peaky >= AGREE[1])
    )
    agreed = held(agree & near(pitch2, spectral2, AGREE[2]), pitch2)
    # a stereo file's channel with a pitch of its own (audiolint.analysis.panned)
    stereo = held(voiced & (panned > 1.0) & ~hum.humming(panned), panned)
    main = np.where(voiced, pitch, np.nan)
    # an echo's source is at most ECHO_SLACK_DB under the second pitch's level now: the comb's
    # residue's (res_db: less the comb's 3 dB) or the channel's that holds it
    under = level + res_db + 3.0 - ECHO_SLACK_DB
    panned_under = level + panned_db - ECHO_SLACK_DB
    # The echo's source is looked for in the sound before, silence skipped: a recording cut
    # into phrases (a breath taken out, a pause set to silence) still carries the room's
    # ring of the notes before each cut (SILENT_BELOW_LOUD_DB: a pause's room tone or
    # noise, and the ring of a room across it, stay in that time)
    heard = np.flatnonzero(level >= percentile(level, 95) - SILENT_BELOW_LOUD_DB)
    both = COMB_ECHOES + SPECTRAL_ECHOES
    routes = ((second, pitch2, COMB_ECHOES, under),
              (spectral, spectral2, SPECTRAL_ECHOES, under), (agreed, pitch2, both, under),
              (stereo, panned, both, panned_under))  # fmt: skip
    clear_echoes(routes, main, level, heard, hop / rate)
    combs = second | swapped | agreed
    pitches = np.where(combs, pitch2, np.where(spectral, spectral2, panned))
    return combs | spectral | stereo, pitches
