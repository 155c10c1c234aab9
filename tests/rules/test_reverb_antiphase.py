"""Channels in antiphase (L = x, R = -x) keep the reverberation figures of their in-phase file.

Regression: the reverb analyser followed the level of the channel mean, which cancels to silence
when one channel's polarity is flipped, so an antiphase copy of a recording with word endings
had no free decay (``reverb_offsets`` 0, ``c50_db`` and ``rt60_s`` null). It now reads the
loudest channel where the mean cancels the channels (:func:`audiolint.analysis.excerpt.content`).
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts

from audiolint import api

KEYS = ("reverb_offsets", "c50_db", "rt60_s")


@needs_alsa
def test_an_antiphase_copy_keeps_its_free_decays(tmp_path):
    """ALSA's eight prompts with 0.8 s pauses: the in-phase copy (L = R) has free decays; its
    antiphase copy reads the same figures; three channels (0, y, -y) too."""
    x, sr = prompts(0.8)
    z = np.zeros_like(x)
    figures = {}
    for name, channels in (("inphase", (x, x)), ("antiphase", (x, -x)), ("three", (z, x, -x))):
        path = tmp_path / f"{name}.wav"
        sf.write(path, np.stack(channels, axis=1), sr, subtype="PCM_16")
        signal = api.inspect(path, read_config=False).signal
        figures[name] = tuple(signal[k] for k in KEYS)
    assert figures["inphase"][0] >= 5 and figures["inphase"][1] is not None
    assert figures["antiphase"] == figures["inphase"]
    assert figures["three"] == figures["inphase"]
