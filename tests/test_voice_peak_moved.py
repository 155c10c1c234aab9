"""shape_peak_db (voicefft.peak_moved): words must fill a tenth of the 2 s stretches.

Its first form, the largest median over any 2 s, grows with a file's length: an 82 s game tune
(a7xpg's bgm3.ogg, Debian game data, review R1 session 18) had 2 of 68 stretches moving its shape
as speech does and passed for words then a tune. Drawn moves stand for the measured ones here.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.voicefft import moved, peak_moved

SPAN, LEAST, LAG = 50, 20, 2


def _moves(db_per_stretch: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """A move track whose 2 s stretches (hop 1 s) read the given medians, about."""
    half = SPAN // 2
    move = np.concatenate([np.full(half, db) for db in db_per_stretch])
    return move, np.ones(len(move), bool)


def test_two_lively_stretches_in_a_long_tune_are_no_words():
    levels = [3.8] * 68
    levels[20:22] = [5.0, 5.0]
    move, frames = _moves(levels)
    assert max(moved(move[i : i + SPAN], frames[i : i + SPAN], LAG, LEAST) or 0
               for i in range(0, len(move) - SPAN, SPAN // 2)) >= 4.5  # fmt: skip
    assert peak_moved(move, frames, LAG, LEAST, SPAN) < 4.5


def test_words_for_a_third_of_the_file_still_count():
    move, frames = _moves([6.0] * 8 + [3.0] * 16)
    assert peak_moved(move, frames, LAG, LEAST, SPAN) >= 4.5


def test_a_single_stretch_is_its_own_figure():
    move, frames = _moves([5.2, 5.2])
    assert peak_moved(move, frames, LAG, LEAST, SPAN) == moved(move, frames, LAG, LEAST)
