"""T002 on a wavelet denoiser's output: the images a 2x upsampler leaves, with another cause.

A discrete wavelet transform splits the band in halves again and again (at a half, a quarter,
an eighth of the rate), each half critically sampled; its synthesis cancels each split's
aliasing only while both halves are intact. A denoiser that shrinks the upper half's
coefficients to zero where they are small (FFmpeg's ``afwtdn``) leaves there the lower half's
aliasing: the band under the split mirrored above it, as a 2x interpolator's images. On
benchmarks/processed.py's real recordings, ``afwtdn=sigma=-45dB`` drew T002 on 16 of 40 files
(the old rate read at half or an eighth of the file's). The measurement is right, the band above
holds copies of the band under it, but "upsampled" is not the only cause, so at a rate doubled
once or more the message names both. Where one deeper split's aliasing mirrors just past it
and the band higher up is the recording's own, no upsampler left it, and T002 says nothing.
Real audio: ALSA's recorded prompts through a Haar wavelet denoiser written here (detail
coefficients soft-thresholded at -35 dB).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import soundfile as sf
from realaudio import PROMPTS, needs_alsa, prompt

import audiolint
from audiolint.analysis import codecgrid, imaging
from audiolint.context import FileContext
from audiolint.rules import upsampled


def haar_denoised(x: np.ndarray, levels: int, threshold: float, deepest: bool = False):
    """``x`` through a ``levels``-level Haar wavelet transform whose detail coefficients are
    soft-thresholded at ``threshold`` (``deepest``: the last level's alone, the band above that
    split left as it is), and back."""
    n = len(x) - len(x) % 2**levels
    a, details = x[:n].copy(), []
    for level in range(levels):
        d = (a[0::2] - a[1::2]) / np.sqrt(2)
        a = (a[0::2] + a[1::2]) / np.sqrt(2)
        if not deepest or level == levels - 1:
            d = np.sign(d) * np.maximum(np.abs(d) - threshold, 0.0)
        details.append(d)
    for d in reversed(details):
        y = np.empty(2 * len(a))
        y[0::2], y[1::2] = (a + d) / np.sqrt(2), (a - d) / np.sqrt(2)
        a = y
    return a


@needs_alsa
def test_a_wavelet_denoisers_aliasing_is_reported_with_both_causes(tmp_path):
    parts = [prompt(name) for name in PROMPTS[:3]]
    x, sr = np.concatenate([p for p, _ in parts]), parts[0][1]
    x = 0.5 * x / np.abs(x).max()
    path = tmp_path / "denoised.wav"
    sf.write(path, haar_denoised(x, 1, 10 ** (-35 / 20)), sr, subtype="PCM_16")
    [f] = [f for f in audiolint.inspect(path, read_config=False).findings if f.rule == "T002"]
    assert f.data["upsampled_from"] == 24000 and f.data["image_near"] is False
    assert "the band above 12 kHz, the Nyquist frequency of 24 kHz audio, mirrors" in f.message
    said = "upsampled from 24 kHz to 48 kHz, or aliasing left by a process that splits the band"
    assert said in f.message
    assert "FFmpeg's afwtdn" in f.message and f.message.endswith("that band adds no detail")
    # neither cause is stated as the one, in the message or in the record (its origin, evidence)
    assert "as a resampler's images stand" not in f.message
    fid = audiolint.inspect(path, read_config=False).fidelity
    assert fid["origin"].endswith(", or a wavelet denoiser's aliasing")
    assert "which no recording leaves" not in " ".join(fid["evidence"])
    # the prompts as they are: no finding
    plain = tmp_path / "plain.wav"
    sf.write(plain, x, sr, subtype="PCM_16")
    assert not [f for f in audiolint.inspect(plain, read_config=False).findings if f.rule == "T002"]


@needs_alsa
def test_aliasing_just_past_a_split_under_the_recordings_own_band_is_no_upsampling(tmp_path):
    """Three levels, the third's details thinned out (-35 dB): the band just past 6 kHz mirrors
    the band under it (a quarter of the rate: imaging's near read), but the band from 6.6 kHz up
    is the recording's own and does not mirror, which no upsampler from 12 kHz leaves. Was
    "upsampled from 12 kHz to 48 kHz" (the guard held at half the file's rate only)."""
    parts = [prompt(name) for name in PROMPTS[:3]]
    x, sr = np.concatenate([p for p, _ in parts]), parts[0][1]
    y = haar_denoised(0.5 * x / np.abs(x).max(), 3, 10 ** (-35 / 20), deepest=True)
    excerpt = codecgrid.Excerpt()
    excerpt.update((np.round(y * 32767) / 32768).astype(np.float32)[:, None])
    frames = imaging.frames_db(excerpt.spans(), sr, 16)
    near = imaging.compare(frames, sr, 12000, upto=imaging.NEAR)
    assert near["cells"] >= imaging.MIN_CELLS and near["corr"] >= imaging.MIN_CORR
    far = imaging.compare(frames, sr, 12000, since=imaging.NEAR)
    assert far["cells"] >= imaging.MIN_CELLS and far["corr"] < imaging.IMAGES_CORR
    assert imaging.measure(frames, sr) is None
    path = tmp_path / "denoised.wav"
    sf.write(path, y, sr, subtype="PCM_16")
    assert not [f for f in audiolint.inspect(path, read_config=False).findings if f.rule == "T002"]


def _message(**fidelity) -> str:
    """T002's message on a file at ``rate`` whose fidelity record is ``fidelity``."""
    props = SimpleNamespace(sample_rate=fidelity.pop("rate"))
    ctx = FileContext(Path("x.wav"), "x.wav", SimpleNamespace(properties=props), fidelity=fidelity)
    (p,) = upsampled.check(ctx, upsampled.DEFAULT)
    return p.message


IMAGES = {"verdict": "upsampled", "image_corr": 0.7, "image_db": -2.5, "image_folded": False}


def test_images_just_past_n_at_a_doubling_name_both_causes_and_that_band_only():
    """FFmpeg's afwtdn on Praat's word list read at 11.025 kHz in a 44.1 kHz file, near images
    (the record as fidelity wrote it): "just past", both causes, and no claim on the whole band."""
    text = _message(rate=44100, upsampled_from=11025, image_near=True, **IMAGES)
    assert text.startswith("the band just past 5.51 kHz, the Nyquist frequency of 11.025 kHz")
    assert "upsampled from 11.025 kHz to 44.1 kHz, or aliasing left by a process that" in text
    assert text.endswith("; that band adds no detail") and "as a resampler's" not in text


def test_a_resamplers_wall_at_a_doubling_names_the_resampler_alone():
    """A wall (no images) at 22.05 kHz in a 44.1 kHz file: a resampler's, as before."""
    text = _message(
        rate=44100, upsampled_from=22050, verdict="upsampled", resampler_position=0.96,
        resampler_drop_db=60.0)  # fmt: skip
    assert "splits the band" not in text and text.endswith("the extra samples add no detail")
