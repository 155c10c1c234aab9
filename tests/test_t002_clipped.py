"""T002 on a copy whose resampler overshoot was clipped at full scale (session 18, HD).

A source normalised to full scale and upsampled overshoots between its samples; written 16-bit,
the overshoot is cut, and each clipped frame's splatter fills the band past the old Nyquist
frequency N: in the mean spectrum one clipped frame in over a hundred lifts that band 38 dB over
the samples' floor, and the resampler's wall reads 30 dB deep and inconclusive (real cases: the
blind and cross-check sets' 8 and 16 kHz copies by SoX -v -b 90, resampy, libsamplerate).
fidelity reads the wall again without the clipped frames.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import PROMPTS, needs_alsa, prompt
from scipy import signal

from audiolint.analysis.spectrum import SpectrumAccumulator


def clipped_copy(path, clips: int) -> None:
    """ALSA's prompts at 8 kHz through a steep low-pass at 3.8 kHz (a resampler's wall),
    normalised to full scale, brought to 44.1 kHz by SciPy's FFT resampler, with the loudest
    peak of each of the first ``clips`` prompts pushed 6 dB into clipping."""
    parts = [prompt(name) for name in PROMPTS[:3]]
    x, sr = np.concatenate([p for p, _ in parts]), parts[0][1]
    assert sr == 48000
    low = signal.resample_poly(x, 1, 6)  # 48 -> 8 kHz
    low = signal.filtfilt(signal.firwin(255, 0.95), 1.0, low)  # a steep filter's wall at 0.95 N
    low = low / np.abs(low).max()
    up = signal.resample(low, int(len(low) * 44100 / 8000))
    # a 6 dB overshoot at the loudest peak of ``clips`` of the prompts, as a hot master has
    starts = np.cumsum([0] + [int(len(p) * 44100 / 48000) for p, _ in parts])
    for a, b in zip(starts[:clips], starts[1 : clips + 1], strict=True):
        p = a + int(np.argmax(np.abs(up[a:b])))
        up[p - 8 : p + 8] *= 2.0
    sf.write(path, np.clip(up, -1, 32767 / 32768), 44100, subtype="PCM_16")


@needs_alsa
def test_a_wall_hidden_by_clipped_frames_is_read_without_them(tmp_path, run_rule):
    clipped_copy(tmp_path / "up.wav", clips=2)
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 8000
    assert f.message.startswith("in the frames that hold no clipped samples the level is")


@needs_alsa
def test_the_same_copy_unclipped_is_read_in_the_whole_file(tmp_path, run_rule):
    clipped_copy(tmp_path / "up.wav", clips=0)
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 8000
    assert "clipped" not in f.message


def accumulated(x: np.ndarray) -> SpectrumAccumulator:
    acc = SpectrumAccumulator(44100, 1)
    acc.update(x[:, None].astype(np.float32))
    acc.finish()
    return acc


def test_frames_holding_a_clip_are_counted_apart():
    n = SpectrumAccumulator(44100, 1).n
    sine = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(n * 10) / 44100)
    mid = n // 2  # where the frame's window weighs a sample fully
    clipped = sine.copy()
    clipped[3 * n + mid : 3 * n + mid + 2] = 1.0  # two samples in a row at full scale: a clip
    acc = accumulated(clipped)
    assert acc.clipped_frames == 1
    # the clip's splatter stands far over the sine's window leakage at the top of the band
    clean, total = acc.unclipped_mean(), acc.mean("total")
    assert clean is not None and clean[-50:].mean() < total[-50:].mean() / 10
    peak = sine.copy()
    peak[6 * n + mid] = 1.0  # a lone sample there: a normalised peak, no clip
    acc = accumulated(peak)
    assert acc.clipped_frames == 0 and acc.unclipped_mean() is None
