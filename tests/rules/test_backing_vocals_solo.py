"""S009 on one real singer alone (issue 17): her phrases cut apart by silence, and her notes over
the highest pitch the comb searches, are one voice."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import csound_example, needs_csound_doc

from rules.test_backing_vocals import _feed


def _singer(tmp_path) -> tuple[np.ndarray, int]:
    """csound's singFemale.aif (one soprano in a hall), mono."""
    x, sr = sf.read(csound_example("singFemale.aif", tmp_path), dtype="float32", always_2d=True)
    return x.mean(axis=1), sr


@needs_csound_doc
def test_a_singers_phrases_cut_apart_by_silence_are_one_voice(tmp_path, run_rule):
    """singFemale.aif cut into three phrases with 0.7 s of silence between them: each phrase
    opens on the hall's ring of the notes sung before the cut, now more than the second back
    that the echo test looked in, so they read as a second voice (0.19 of the voiced time; the
    whole clip 0.075). The echo's source is looked for in the sound before, silence (60 dB under
    the loud frames: an edit) skipped."""
    x, sr = _singer(tmp_path)
    n, gap = len(x) // 3, np.zeros(int(0.7 * sr), np.float32)
    cut = np.concatenate([x[:n], gap, x[n : 2 * n], gap, x[2 * n : 3 * n]])
    sf.write(tmp_path / "phrases.wav", cut, sr, subtype="PCM_16")
    assert run_rule(tmp_path / "phrases.wav", "S009") == []
    assert _feed(cut, sr).result()["second_voice_ratio"] < 0.12


@needs_csound_doc
def test_notes_over_the_highest_searched_pitch_are_not_a_second_voice(tmp_path, run_rule):
    """singFemale.aif played 1.25 times as fast (a major third higher: her top notes over
    harmony.F0_MAX_HZ): there the main period's search stops at its shortest lag, the comb cannot
    cancel her, and her note's octave below read as a second voice (0.20, S009 fired). A period
    at the search's edge is not measured, and no second pitch is searched under it."""
    x, sr = _singer(tmp_path)
    fast = int(sr * 1.25)
    sf.write(tmp_path / "fast.wav", x, fast, subtype="PCM_16")
    assert run_rule(tmp_path / "fast.wav", "S009") == []
    a = _feed(x, fast)
    assert a.result()["second_voice_ratio"] < 0.12
    # the edge is reached: some voiced frames' main periods are at the search's short end
    rows = np.concatenate(a.out)
    at_edge = (rows[:, 1] > 0) & (rows[:, 5] >= a.rate / (a.lo + 1.5))
    assert at_edge.mean() > 0.05
