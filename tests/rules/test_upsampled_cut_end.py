"""T002 on a file that ends loud: the last partial frame must not step down to its padding.

Regression: the spectrum's last partial frame (over half a frame long) was zero-padded under the
full frame's Hann window, so a file cut mid-note stepped from about 0.85 of its last sample to
zero; that one frame's broadband step stood 25 dB over the 16-bit floor above the old Nyquist
frequency, where a resampler leaves nothing, and no wall was found. csound's oboe cut at 6 s
(mid-note) brought down to 22.05 kHz and up to 48 kHz by SoX-like steep filters read
inconclusive ("content stops at 4.3 kHz"); benchmarks/resampler_sweep.py's tune half lost 33
such copies, all at 48 kHz, where 6 s leave 0.6 of a 2048-sample frame (at 44.1 kHz 0.2: no
partial frame is added).
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import csound_example, needs_csound_doc
from scipy import signal

from audiolint import api
from audiolint.analysis.spectrum import SpectrumAccumulator


def _copy(tmp_path, x, sr, old, up) -> object:
    low = np.round(np.clip(soxr.resample(x, sr, old, quality="HQ"), -1, 1) * 32767) / 32768
    y = up(low)
    path = tmp_path / f"up-{old}.wav"
    sf.write(path, np.clip(y, -1, 1), 48000, subtype="PCM_16")
    return path


@needs_csound_doc
@pytest.mark.parametrize(
    "up",
    [
        lambda x: soxr.resample(x, 22050, 48000, quality="VHQ"),
        lambda x: signal.resample_poly(x, 320, 147, axis=0),
    ],
    ids=["soxr-VHQ", "resample_poly"],
)
def test_an_oboe_cut_mid_note_is_upsampled_from_22k(tmp_path, up):
    x, sr = sf.read(csound_example("oboe.aiff", tmp_path), dtype="float64", always_2d=True)
    x = x.mean(axis=1)[: 6 * sr]
    assert np.abs(x[-2048:]).max() > 0.1  # it ends loud: mid-note
    fid = api.inspect(_copy(tmp_path, x, sr, 22050, up), read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 22050, fid["evidence"]


def test_a_last_partial_frame_adds_no_step():
    """A loud 1 kHz tone cut off 3/4 into a frame: above 10 kHz the mean spectrum stays
    where the Hann window's sidelobes put it, over 150 dB under the tone (the step to the
    padding read 75 dB under it)."""
    sr = 48000
    n = SpectrumAccumulator(sr, 1).n
    t = np.arange(20 * n + 3 * n // 4) / sr
    acc = SpectrumAccumulator(sr, 1)
    acc.update((0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)[:, None])
    acc.finish()
    power, top = acc.mean("total"), acc.freqs() > 10000
    assert 10 * np.log10(power.max() / power[top].max()) > 150
