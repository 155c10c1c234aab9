"""S007 on one spoken syllable whose vowel is held flat (issue 17, session 15 HE2).

KLettres' Malayalam syllables (klettres-data: a native speaker, one low male voice) hold each
vowel within a tenth or two of a semitone for about a second. S007 read 36 of its 521 as "one
steady pitch ... a tone, hum or held note, not a voice" (HG's fresh genuine set). Held loud for
under min_tone_steps (40) steps of 40 ms, a syllable or two is too short to show a voice's glide;
but its pitch still moves max_short_st (0.07 semitone, quartile to quartile) or more, while a
tone's or a played note's holds within a few hundredths however short (the tune half's short
instrument notes, lmms-common, read 0.01-0.06).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint import api
from audiolint.config import Config
from audiolint.rules import no_voice
from audiolint.rules import no_voice_signs as signs

DATA = Path(__file__).parent / "data"
needs_clip = pytest.mark.skipif(
    not (DATA / "klettres_ml_mii.ogg").exists(),
    reason="KLettres' GPL-2+ clips are in the repository only, not in the MIT sdist",
)


def checked(path: Path) -> tuple[dict, list]:
    """The signal record and S007's findings for ``path``."""
    report = api.check([path], Config(select=("S007",)))
    return report.files[0].signal, [f for f in report.all_findings() if f.rule == "S007"]


@needs_clip
def test_a_held_spoken_syllable_is_a_voice():
    """KLettres' "mii" (no clipping): pitch within 0.10 semitone, held still in 71 % of 21 loud
    steps, its level barely swelling: the steady-pitch test's reading, but too short and not flat
    enough for a tone. Flagged "one steady pitch" before the syllable exemption."""
    s, found = checked(DATA / "klettres_ml_mii.ogg")
    assert s["pitch_spread_st"] < no_voice.DEFAULT["max_steady_st"], s
    assert signs.syllable(s, no_voice.DEFAULT), s
    assert found == [], found
    older = {**no_voice.DEFAULT, "min_tone_steps": 0}  # the rule without the exemption
    said = no_voice.no_voice(s, older)
    assert said is not None and said[0].startswith("one steady pitch"), said


def test_a_short_tone_is_still_no_voice(tmp_path):
    """A 1.5 s buzz at 109 Hz (harmonics, a 30 ms attack, a slow 0.5 dB swell, faint noise): as
    short as the syllable, but its pitch holds within a few hundredths of a semitone: still
    "one steady pitch"."""
    sr = 22050
    t = np.arange(int(1.5 * sr)) / sr
    tone = sum(np.sin(2 * np.pi * 109.0 * k * t) / k for k in range(1, 12))
    tone *= np.minimum(t / 0.03, 1.0) * 10.0 ** (0.5 * np.sin(2 * np.pi * 0.7 * t) / 20.0)
    tone += 1e-3 * np.random.default_rng(0).standard_normal(len(t))
    y = np.concatenate([np.zeros(sr // 4), tone, np.zeros(sr // 4)])
    path = tmp_path / "buzz.wav"
    sf.write(path, (0.5 * y / np.abs(y).max()).astype(np.float32), sr)
    s, found = checked(path)
    assert s["sustained_steps"] < no_voice.DEFAULT["min_tone_steps"], s
    assert not signs.syllable(s, no_voice.DEFAULT), s
    assert len(found) == 1 and "one steady pitch" in found[0].message, (s, found)
