"""audiolint.analysis.pause_pitch: the pitched share of the pause frames, counted as documented."""

from __future__ import annotations

import numpy as np

from audiolint.analysis.pause_pitch import NOTE_NEAR_DB, pause_pitched_ratio, steady_notes_ratio


def frames(spec: str) -> tuple[np.ndarray, np.ndarray]:
    """Levels and voicing from a string: L loud (-10 dB), q quiet (-40 dB, unvoiced), p quiet
    and voiced, s digital silence (-120 dB)."""
    level = np.array([{"L": -10.0, "q": -40.0, "p": -40.0, "s": -120.0}[c] for c in spec])
    return level, np.array([c in "Lp" for c in spec])


def test_share_of_pitched_frames_in_long_pauses():
    # one 8-frame pause: its first frame left out, 4 of the other 7 pitched
    level, voiced = frames("LLLL" + "qqqqpppp" + "LLLL")
    assert pause_pitched_ratio(level, voiced, -10.0) == round(4 / 7, 3)


def test_short_gaps_and_digital_silence_are_no_pauses():
    level, voiced = frames("LL" + "pppp" + "LL" + "ssssssss" + "LL")  # 80 ms gap, silence
    assert pause_pitched_ratio(level, voiced, -10.0) is None


def test_a_lone_voiced_frame_is_not_pitched():
    # voiced frames with no voiced neighbour read as narrow noise, not a pitch
    level, voiced = frames("LL" + "qpqpqpqpqq" + "LL")
    assert pause_pitched_ratio(level, voiced, -10.0) == 0.0


def test_quiet_but_not_15_db_under_the_loud_level_is_not_a_pause():
    level, voiced = frames("LL" + "pppppppp" + "LL")
    level[2:10] = -20.0  # 10 dB under the loud frames: soft speech, not a pause
    assert pause_pitched_ratio(level, voiced, -10.0) is None


def test_held_notes_near_the_loud_frames_count_and_a_tone_far_under_them_does_not():
    """The quietest steady stretches (200 ms within 2.5 dB, 6 dB or more under the loud frames):
    voiced ones within NOTE_NEAR_DB of the loud level are held notes; as far under as a machine's
    tone under speech, or unvoiced (hiss), they are not."""
    loud = np.full(30, -10.0)
    for gap, voiced_held, share in [
        (8.0, True, 1.0),
        (NOTE_NEAR_DB + 2, True, 0.0),
        (8.0, False, 0.0),
    ]:
        level = np.concatenate([loud, np.full(10, -10.0 - gap), loud])
        voiced = np.concatenate([np.ones(30, bool), np.full(10, voiced_held), np.ones(30, bool)])
        assert steady_notes_ratio(level, voiced, -10.0) == share
    assert steady_notes_ratio(np.full(40, -10.0), np.ones(40, bool), -10.0) is None  # no stretch
