"""S008 on single words. One spoken syllable: a single word ending is one fall, however many
offsets the level's wavering makes of it as it fades, and a speaker's slow fade of one
syllable cannot be told from a room's decay. KLettres' Malayalam "kah"
(tests/data/klettres_ml_kah.txt: one syllable over a noise floor about -29 dBFS, fading 23 dB
over 0.3 s) gives six offsets of that one ending (read over the floor under its fade, the
second read), which read C50 -10 dB: without min_endings, a false "reverberant" on a dry
spoken letter. KTuberling's French "vase" (tests/data/ktuberling_fr_robin_vase.txt) has two
endings, but its level holds about 15 dB under the peak for 0.4 s (the "z") after the second
syllable, so the free decays read C50 5.4 dB and "echoes decaying over about 1.2 s" (review
41); yet its first syllable falls 45 dB within 200 ms, which no room read under 8 dB let a
level do (benchmarks/reverb_falls.py: 29.2 dB at most), and the 50 ms bound (24 dB) did not
see it: the word fell 11-13 dB each 50 ms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint.analysis import reverb
from audiolint.analysis.reverb import MIN_OFFSETS, Reverb, clipped
from audiolint.rules.reverb import DEFAULT

CLIP = Path(__file__).parent / "data" / "klettres_ml_kah.ogg"
VASE = Path(__file__).parent / "data" / "ktuberling_fr_robin_vase.flac"
pytestmark = pytest.mark.skipif(
    not (CLIP.exists() and VASE.exists()),
    reason="KLettres' and KTuberling's GPL-2+ clips are in the repository only, not in the sdist",
)


def measure(clip: Path = CLIP, whole_mix: bool = False) -> dict:
    """The reverb analyser on a clip, as the engine feeds it (float32 blocks, every channel);
    ``whole_mix``: its reading over the whole mix alone (as before the speech band, BAND_HZ)."""
    x, sr = sf.read(clip, dtype="float32", always_2d=True)
    a = Reverb(sr, x.shape[1])
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
    if whole_mix:
        power = np.concatenate(a.whole).astype(np.float64)
        return a.measure(power, clipped(power))
    return a.result()


def test_one_syllable_s_fade_is_one_ending():
    got = measure(whole_mix=True)
    assert got["reverb_offsets"] >= MIN_OFFSETS  # enough offsets ...
    assert got["reverb_endings"] == 1  # ... all of one ending
    assert got["c50_db"] is not None and got["c50_db"] < DEFAULT["max_c50_db"] - 10


def test_one_ending_gives_no_finding(run_rule, monkeypatch):
    """Over the whole mix the fade reads C50 under -2 dB from one ending (above), which
    min_endings stops; in the speech band (BAND_HZ), what the file's clarity is read from, the
    same fade falls as a dry voice's: no finding even without min_endings."""
    assert run_rule(CLIP, "S008") == []
    band = measure()
    assert band["c50_db"] is None or band["c50_db"] >= DEFAULT["max_c50_db"]
    monkeypatch.setitem(DEFAULT, "min_endings", 1)
    assert run_rule(CLIP, "S008") == []


def test_a_word_falling_faster_than_any_room_lets_it_reads_cannot_tell(monkeypatch):
    got = measure(VASE)
    assert got["reverb_endings"] >= 2  # two endings: min_endings does not decide it
    assert got["c50_db"] is None and got["rt60_s"] is None
    monkeypatch.setattr(reverb, "LONG_FALL_DB", np.inf)  # without the 200 ms bound
    wet = measure(VASE, whole_mix=True)  # (the file's clarity needs the whole mix's reading)
    assert wet["c50_db"] is not None and wet["c50_db"] < DEFAULT["max_c50_db"]
