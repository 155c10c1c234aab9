"""S001 on lossy files: a decoder's overshoot at a normalised file's loudest peak is no clipping.

ALSA's recorded prompts, peak-normalised to full scale and written as Ogg Vorbis by libsndfile,
decode a fraction of a dB over full scale at a peak or two (session 15's fresh genuine set
showed the same on KLettres' spoken letters: ``benchmarks/fresh_genuine.py``); driven 6 dB into
the ceiling before encoding, they reach it at dozens of peaks.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api

TOP = 32767 / 32768


def s001(path):
    """(clipped runs in the signal record, whether S001 fired) for one file."""
    rec = api.check(path, select="S001", read_config=False).to_dict()["files"][0]
    return rec["signal"]["clipped_runs"], any(f["rule"] == "S001" for f in rec["findings"])


@needs_alsa
def test_normalised_ogg_overshoot_is_not_clipping(tmp_path):
    x, sr = prompt("Rear_Left")
    path = tmp_path / "norm.ogg"
    sf.write(str(path), x / np.abs(x).max() * TOP, sr, format="OGG", subtype="VORBIS")
    runs, fired = s001(path)
    assert 1 <= runs < 3  # the decode does reach the ceiling (this fired before session 15)
    assert not fired


@needs_alsa
def test_clipped_source_in_ogg_is_still_clipping(tmp_path):
    x, sr = prompt("Rear_Left")
    path = tmp_path / "clip.ogg"
    sf.write(str(path), np.clip(x / np.abs(x).max() * 2, -TOP, TOP), sr, format="OGG",
             subtype="VORBIS")  # fmt: skip
    runs, fired = s001(path)
    assert runs >= 20 and fired


@needs_alsa
def test_lossless_keeps_one_run(tmp_path):
    """The allowance is for lossy decodes only: one flat run in a WAV is reported."""
    x, sr = prompt("Rear_Left")
    y = x / np.abs(x).max() * 0.5
    y[1000:1004] = TOP
    path = tmp_path / "one.wav"
    sf.write(str(path), y, sr, subtype="PCM_16")
    assert s001(path) == (1, True)
