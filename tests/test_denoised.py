"""A noise gate's cut is no resampler's wall (benchmarks/processed.py).

FFmpeg's FFT denoiser (afftdn, at its default) run over csound's recorded soprano takes out the
band where her voice sinks into the recording's noise, about 10-11 kHz: the level falls there
as gently as a cheap resampler's wide filter falls, half-way at 0.94 of 22.05 kHz's Nyquist
frequency, and the file read "upsampled from 22.05 kHz". A filter's band past its wall is as
steady in every frame as anywhere; a gate's opens with each loud frame (spread 4.6 dB here, cheap
resamplers' walls at most 2.1). A wide wall now asks for a steady band past it. libsoxr's
low-quality filter (a wide wall, half-way at 0.87-0.90 N) over ALSA's prompts still reads
upsampled, with the right rate.

RNNoise (OBS's noise suppression) works on Opus's bands and passes nothing above 20 kHz, so a
recording through it holds Opus's cut with no codec: T001's finding on such a cut says so. Here a
short-time Fourier brick wall at 20 kHz, as RNNoise leaves its top band, over csound's recorded
voices stands in for it (RNNoise itself is not a dependency; benchmarks/processed.py runs it);
an MP3 decode's lower cut does not name it.

Quiet upsampled copies with digital silence around them (a padded or trimmed clip at -26 dBFS)
still read upsampled: a shallow-wall test tried in session 25 (the band past N against the band
under it in the frames that sound) lost them and was withdrawn (docs/accuracy/real-recordings.md).
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from audiogen import write_mp3
from realaudio import (
    csound_example,
    ffmpeg_filters,
    needs_alsa,
    needs_csound_doc,
    prompt,
    prompts,
)
from scipy.signal import istft, stft

import audiolint

av = pytest.importorskip("av", reason="PyAV (a default dependency) runs FFmpeg's filters")


def _ffmpeg_filter(x: np.ndarray, sr: int, name: str, args: str | None = None) -> np.ndarray:
    """``x`` (mono float) through FFmpeg's audio filter ``name`` with ``args`` (its defaults
    when None), by PyAV's filter graph."""
    return ffmpeg_filters(x, sr, (name, args))


@needs_csound_doc
def test_a_denoised_singer_is_not_called_upsampled(tmp_path):
    x, sr = sf.read(csound_example("singFemale.aif", tmp_path), dtype="float64", always_2d=True)
    y = _ffmpeg_filter(x.mean(axis=1), sr, "afftdn")
    path = tmp_path / "denoised.wav"
    sf.write(path, np.clip(y, -1, 1), sr, subtype="PCM_16")
    report = audiolint.inspect(path, cache_dir=None)
    fid = report.fidelity
    assert fid["verdict"] not in ("upsampled", "lossy-origin") and "upsampled_from" not in fid
    assert not [f for f in report.findings if f.rule in ("T001", "T002")]


@needs_alsa
@pytest.mark.parametrize("low", [16000, 22050])
def test_a_cheap_resamplers_wide_wall_still_reads_upsampled(tmp_path, low):
    x, sr = prompts(0.3)
    y = soxr.resample(soxr.resample(x, sr, low, quality="LQ"), low, sr, quality="LQ")
    path = tmp_path / "up.wav"
    sf.write(path, np.clip(y, -1, 1), sr, subtype="PCM_16")
    fid = audiolint.inspect(path, cache_dir=None).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == low
    assert fid["resampler_position"] < 0.94  # the wide filter's wall, read as one


@needs_alsa
@pytest.mark.parametrize(("low", "quality"), [(24000, "VHQ"), (16000, "HQ"), (8000, "MQ")])
def test_the_same_prompt_resampled_still_reads_upsampled(tmp_path, low, quality):
    x, sr = prompt("Front_Left")
    y = soxr.resample(soxr.resample(x, sr, low, quality=quality), low, sr, quality=quality)
    path = tmp_path / "up.wav"
    sf.write(path, np.clip(y, -1, 1), sr, subtype="PCM_16")
    fid = audiolint.inspect(path, cache_dir=None).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == low


@needs_alsa
@pytest.mark.parametrize("pad_s", [0.0, 2.0])
def test_a_quiet_padded_upsampled_copy_still_reads_upsampled(tmp_path, pad_s):
    x, sr = prompt("Front_Left")
    y = 0.05 * soxr.resample(soxr.resample(x, sr, 24000, quality="HQ"), 24000, sr, quality="HQ")
    pad = np.zeros(int(pad_s * sr))
    path = tmp_path / "quiet.wav"
    sf.write(path, np.concatenate([pad, y, pad]), sr, subtype="PCM_16")
    fid = audiolint.inspect(path, cache_dir=None).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 24000


def _nothing_above_20k(x: np.ndarray, sr: int) -> np.ndarray:
    """``x`` with every short-time Fourier bin over 20 kHz set to zero (20 ms frames, 10 ms
    hop at 48 kHz: RNNoise's), as RNNoise passes nothing above its last band."""
    n = round(0.02 * sr)
    f, _, spec = stft(x, sr, nperseg=n, noverlap=n // 2)
    spec[f > 20000.0] = 0
    return istft(spec, sr, nperseg=n, noverlap=n // 2)[1][: len(x)]


@needs_csound_doc
@pytest.mark.parametrize("name", ["Mathews.wav", "fox.wav"])
def test_a_cut_at_20_khz_names_rnnoise_beside_the_codecs(tmp_path, name):
    x, sr = sf.read(csound_example(name, tmp_path), dtype="float64", always_2d=True)
    path = tmp_path / "cut.wav"
    sf.write(path, np.clip(_nothing_above_20k(x.mean(axis=1), sr), -1, 1), sr, subtype="PCM_16")
    [t001] = [f for f in audiolint.inspect(path, cache_dir=None).findings if f.rule == "T001"]
    assert "Opus" in t001.message and "RNNoise (OBS, call apps)" in t001.message


@needs_csound_doc
def test_an_mp3_decodes_lower_cut_does_not_name_rnnoise(tmp_path):
    x, sr = sf.read(csound_example("Mathews.wav", tmp_path), dtype="float64", always_2d=True)
    mp3 = write_mp3(tmp_path / "m.mp3", x.mean(axis=1), sr, kbps=64)  # mono: a 16.3 kHz cut
    y, _ = sf.read(mp3, dtype="float64", always_2d=True)
    path = tmp_path / "decoded.wav"
    sf.write(path, np.clip(y.mean(axis=1), -1, 1), sr, subtype="PCM_16")
    [t001] = [f for f in audiolint.inspect(path, cache_dir=None).findings if f.rule == "T001"]
    assert "RNNoise" not in t001.message
