"""S005's steady-stretch route: noise heard in two gaps between words, not one held sound.

Where noise fills the pauses (10 dB under the voice or closer), the noise floor is read in steady
stretches (analysis/noise.py). A single shouted word whose onset holds steady for a few hundred
ms gave one such stretch, and S005 said "background noise at -31.1 dBFS measured in 0.4 s of
steady noise between words" on a clip with no pause at all (hedgewars-data's voice lines, found
by HE in session 16: Pirate/Drat.ogg, HillBilly/Nooo.ogg). The stretch now counts only with a
second one within STEADY_MATCH_DB (3 dB) of it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from realaudio import needs_alsa, prompts

from audiolint import api
from audiolint.analysis import noise

VOICES = Path("/usr/share/games/hedgewars/Data/Sounds/voices")


def floor(x: np.ndarray, sr: int) -> dict:
    """noise.measure on ``x``'s 20 ms frames."""
    n = int(noise.FRAME_S * sr)
    return noise.measure(np.mean(x[: len(x) // n * n].reshape(-1, n) ** 2, axis=1))


@needs_alsa
@pytest.mark.parametrize("under_db", [8.0, 10.0])
def test_noise_filling_the_pauses_is_still_read(under_db):
    """ALSA's eight prompts, 0.3 s apart, under white noise 8 or 10 dB under the speech: the
    pauses are no pauses, the steady stretches between the words are the noise, read within
    0.5 dB of its level."""
    x, sr = prompts(0.3)
    n = int(0.02 * sr)
    e = np.mean(x[: len(x) // n * n].reshape(-1, n) ** 2, axis=1)
    loud = float(np.sqrt(np.mean(e[e >= e.max() / 100])))
    w = np.random.default_rng(0).standard_normal(len(x)) * loud * 10 ** (-under_db / 20)
    got = floor(x + w, sr)
    assert got["noise_steady_s"] is not None and got["noise_steady_s"] > 2.0, got
    assert abs(got["noise_floor_dbfs"] - 20 * np.log10(np.std(w))) < 0.5, got


@pytest.mark.skipif(
    not (VOICES / "Pirate" / "Drat.ogg").exists(),
    reason="hedgewars-data's voice lines are not installed (Debian package hedgewars-data)",
)
@pytest.mark.parametrize("line", ["Pirate/Drat.ogg", "HillBilly/Nooo.ogg"])
def test_one_held_shout_has_no_floor(line):
    """One shouted word, no pause: no noise floor, no S005 (it fired before)."""
    report = api.check(VOICES / line, select="S005", read_config=False).to_dict()
    rec = report["files"][0]
    assert rec["signal"]["noise_floor_dbfs"] is None, rec["signal"]
    assert not [f for f in rec["findings"] if f["rule"] == "S005"]
