"""S008 on one spoken syllable: a single word ending is one fall, however many offsets the
level's wavering makes of it as it fades, and a speaker's slow fade of one syllable cannot be told
from a room's decay. KLettres' Malayalam "kah" (tests/data/klettres_ml_kah.txt: one syllable
over a noise floor about -29 dBFS, fading 23 dB over 0.3 s) gives six offsets of that one ending
(read over the floor under its fade, the second read), which read C50 -10 dB: without
min_endings, a false "reverberant" on a dry spoken letter."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile as sf

from audiolint.analysis.reverb import MIN_OFFSETS, Reverb
from audiolint.rules.reverb import DEFAULT

CLIP = Path(__file__).parent / "data" / "klettres_ml_kah.ogg"
pytestmark = pytest.mark.skipif(
    not CLIP.exists(),
    reason="KLettres' GPL-2+ clips are in the repository only, not in the MIT sdist",
)


def measure() -> dict:
    """The reverb analyser on the clip, as the engine feeds it (float32 blocks, both channels)."""
    x, sr = sf.read(CLIP, dtype="float32", always_2d=True)
    a = Reverb(sr, x.shape[1])
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
    return a.result()


def test_one_syllable_s_fade_is_one_ending():
    got = measure()
    assert got["reverb_offsets"] >= MIN_OFFSETS  # enough offsets ...
    assert got["reverb_endings"] == 1  # ... all of one ending
    assert got["c50_db"] is not None and got["c50_db"] < DEFAULT["max_c50_db"] - 10


def test_one_ending_gives_no_finding(run_rule, monkeypatch):
    assert run_rule(CLIP, "S008") == []
    monkeypatch.setitem(DEFAULT, "min_endings", 1)  # what min_endings stops
    [f] = run_rule(CLIP, "S008")
    assert f.data["c50_db"] < DEFAULT["max_c50_db"]
