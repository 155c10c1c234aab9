"""T002 on crude interpolators: real speech (ALSA's prompts, espeak-ng) brought down to a lower
rate by python-soxr, then up by linear interpolation or sample hold, which leave no empty band
above the old Nyquist frequency but the band under it mirrored there.

Regression: such files (libsamplerate's SRC_LINEAR, sox ``rate -q``) were called genuine: no
resampler's edge, content up to the file's own Nyquist frequency.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import (
    PROMPTS,
    csound_example,
    espeak,
    needs_alsa,
    needs_csound_doc,
    needs_espeak,
    prompt,
)

import audiolint
from audiolint.analysis import codecgrid, imaging, resampler_codec


def linear(x: np.ndarray, old: int, new: int) -> np.ndarray:
    """Linear interpolation between the old samples (what SRC_LINEAR does)."""
    t = np.arange(int(len(x) * new / old)) * (old / new)
    return np.interp(t, np.arange(len(x)), x)


def hold(x: np.ndarray, old: int, new: int) -> np.ndarray:
    """Zero-order hold: each new sample repeats the last old one."""
    idx = np.floor(np.arange(int(len(x) * new / old)) * (old / new)).astype(int)
    return x[np.minimum(idx, len(x) - 1)]


def speech() -> tuple[np.ndarray, int]:
    """Three ALSA prompts in a row (48 kHz)."""
    parts = [prompt(name) for name in PROMPTS[:3]]
    return np.concatenate([x for x, _ in parts]), parts[0][1]


def frames_of(x: np.ndarray, sr: int) -> imaging.Frames:
    """The spectra of the spans the fidelity analyser keeps."""
    excerpt = codecgrid.Excerpt()
    excerpt.update(x.astype(np.float32)[:, None])
    return imaging.frames_db(excerpt.spans(), sr, 16)


def images_of(x: np.ndarray, sr: int) -> dict | None:
    """The imaging measurement on the spans the fidelity analyser keeps."""
    return imaging.measure(frames_of(x, sr), sr)


@needs_alsa
@pytest.mark.parametrize(
    ("interpolate", "old", "new"),
    [
        (linear, 16000, 48000),
        (hold, 11025, 44100),
        (linear, 22050, 44100),
        (linear, 12000, 192000),
    ],  # fmt: skip
)
def test_interpolated_speech_is_called_upsampled_with_its_old_rate(
    tmp_path, run_rule, interpolate, old, new
):
    x, sr = speech()
    up = interpolate(soxr.resample(x, sr, old), old, new)
    sf.write(tmp_path / "up.wav", up, new, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == old
    assert f.data["image_corr"] >= imaging.MIN_CORR
    assert "mirrors the band under it" in f.message
    assert f"upsampled from {old / 1000:g} kHz to {new / 1000:g} kHz" in f.message
    # the old Nyquist frequency to two decimals at most (11.025 kHz audio: 5.51, not 5.5125)
    assert f"the band above {round(old / 2000, 2):g} kHz, the Nyquist" in f.message
    assert "their source" in f.message and "images -" not in f.message
    assert f.data["image_near"] is False
    # a rate doubled once or more (2, 4 and 16 times here): a wavelet denoiser's aliasing leaves
    # such images too (benchmarks/processed.py, FFmpeg's afwtdn), and the message names both
    # causes, neither as the one; 16 -> 48 kHz is 3x: the interpolator alone
    halved = new // old in (2, 4, 16)
    assert ("splits the band in halves" in f.message) is halved
    assert ("the extra samples add no detail" in f.message) is not halved
    assert ("as a resampler's images stand" in f.message) is not halved


@needs_alsa
def test_genuine_speech_has_no_images():
    """As recorded, and through a steep resampler (no images: its filter empties the band)."""
    x, sr = speech()
    assert images_of(x, sr) is None
    assert images_of(soxr.resample(soxr.resample(x, sr, 16000), 16000, sr), sr) is None


@needs_espeak
def test_interpolated_espeak_is_found_and_genuine_espeak_is_not(tmp_path):
    x, sr = espeak(tmp_path / "s.wav", "Training a voice model needs clean, dry recordings.")
    assert images_of(x, sr) is None
    found = images_of(linear(soxr.resample(x, sr, 8000), 8000, 44100), 44100)
    assert found is not None and found["rate"] == 8000


@needs_alsa
@pytest.mark.parametrize(
    ("converter", "old"), [("linear", 24000), ("zero_order_hold", 24000), ("linear", 32000)]
)
def test_libsamplerate_at_a_ratio_that_is_no_integer_is_found_with_its_folded_images(
    converter, old
):
    """libsamplerate's SRC_LINEAR and SRC_ZERO_ORDER_HOLD from 24 or 32 kHz to 44.1 kHz: the
    images at 44.1 - f and 44.1 + f kHz fold back over the one at R - f, and the mirror alone
    reads 0.4-0.6 (none found before the folded images were read alongside)."""
    samplerate = pytest.importorskip("samplerate")
    x, sr = speech()
    up = samplerate.resample(soxr.resample(x, sr, old), 44100 / old, converter)
    frames = frames_of(up.astype(np.float64), 44100)
    alone = imaging.compare(frames, 44100, old)
    assert imaging.FOLDED_FROM <= alone["corr"] < imaging.MIN_CORR
    found = imaging.measure(frames, 44100)
    assert found["rate"] == old and found["folded"] and found["corr"] >= imaging.MIN_CORR
    assert found["corr"] - found["control_corr"] >= imaging.CONTROL_MARGIN
    judged = resampler_codec.from_images({"verdict": "genuine", "evidence": []}, found, 44100)
    assert judged["upsampled_from"] == old
    assert "images that fold back from above 22.05 kHz read alongside" in judged["evidence"][0]
    assert judged["image_folded"] is True


@needs_alsa
def test_t002_says_when_it_read_the_folded_images(tmp_path):
    """T002's message and data say the images were read with those folded back from above the
    file's Nyquist frequency (the mirror alone read under 0.65); a plain read says nothing."""
    samplerate = pytest.importorskip("samplerate")
    x, sr = speech()
    messages = {}
    for name, old, rate in (("folded", 24000, 44100), ("plain", 22050, 44100)):
        up = samplerate.resample(soxr.resample(x, sr, old), rate / old, "linear")
        sf.write(tmp_path / f"{name}.wav", up, rate, subtype="PCM_16")
        fr = audiolint.inspect(tmp_path / f"{name}.wav", read_config=False)
        [t002] = [f for f in fr.findings if f.rule == "T002"]
        assert t002.data["image_folded"] is (name == "folded")
        messages[name] = t002.message
    assert "with the images folded back from above 22.05 kHz read alongside" in messages["folded"]
    assert "folded" not in messages["plain"]


@needs_alsa
def test_a_lower_rates_folded_read_does_not_outrank_a_higher_rates_plain_read():
    """Sample hold from 32 to 44.1 kHz: read with the images folded back from above 22.05 kHz,
    16 kHz reaches 0.65 as well (0.72), but 32 kHz's plain read (0.82) is the old rate, and
    the record says it is no folded read (fidelity.image_folded false)."""
    x, sr = speech()
    frames = frames_of(hold(soxr.resample(x, sr, 32000), 32000, 44100), 44100)
    lower = imaging.compare(frames, 44100, 16000, folded=True)
    assert lower["cells"] >= imaging.MIN_CELLS and lower["corr"] >= imaging.FOLDED_CORR
    found = imaging.measure(frames, 44100)
    assert found["rate"] == 32000 and not found.get("folded")
    assert found["corr"] >= imaging.MIN_CORR
    judged = resampler_codec.from_images({"verdict": "genuine", "evidence": []}, found, 44100)
    assert judged["upsampled_from"] == 32000 and judged["image_folded"] is False


@needs_csound_doc
def test_a_gentle_filters_few_images_are_found(tmp_path):
    """csound's sung example (44.1 kHz) through scipy's resample_poly to 48 kHz: its gentle
    filter lets the band under 22.05 kHz through mirrored, over fewer than 300 cells of the
    excerpt (the voice has little left near 22 kHz), which was too few to count: genuine."""
    from scipy.signal import resample_poly

    x, sr = sf.read(csound_example("sing.wav", tmp_path), dtype="float64", always_2d=True)
    sf.write(tmp_path / "up.wav", resample_poly(x.mean(axis=1), 160, 147), 48000)
    frames = frames_of(sf.read(tmp_path / "up.wav")[0], 48000)
    assert imaging.MIN_CELLS <= imaging.compare(frames, 48000, 44100)["cells"] < 300
    fid = audiolint.inspect(tmp_path / "up.wav", read_config=False).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 44100
    assert fid["image_corr"] >= imaging.MIN_CORR


@needs_espeak
def test_32_khz_images_folded_about_8_khz_in_a_48_khz_file_do_not_name_16_khz(tmp_path):
    """libsamplerate's SRC_LINEAR from 32 to 48 kHz: the images at 64 - f kHz fold back to
    16 - f kHz, mirrored about 8 kHz as a 16 kHz source's are, so 16 kHz (a divisor of 32)
    read 0.55 and was named. A 16 kHz source upsampled gently shows images about 16 kHz too,
    so neither rate can be told: none is named (no finding rather than a wrong rate)."""
    samplerate = pytest.importorskip("samplerate")
    x, sr = espeak(tmp_path / "s.wav", "Training a voice model needs clean, dry recordings.")
    up = samplerate.resample(soxr.resample(x, sr, 32000), 1.5, "linear")
    frames = frames_of(up.astype(np.float64), 48000)
    assert imaging.compare(frames, 48000, 16000)["corr"] >= imaging.IMAGES_CORR
    assert imaging.compare(frames, 48000, 32000)["corr"] >= imaging.MIN_CORR
    assert imaging.measure(frames, 48000) is None


@pytest.mark.parametrize("f0", [125.0, 250.0, 500.0])
def test_a_steady_tone_whose_partials_mirror_about_n_has_no_images(f0):
    """Partials of a steady tone whose spacing divides a standard rate stand mirrored about its
    Nyquist frequency (250 Hz: 16 kHz - k * 250 Hz is a partial too); the fine structure that
    moves from frame to frame does not, so no image is read there (it was, at 0.79-0.95)."""
    sr, rng = 44100, np.random.default_rng(1)
    t = np.arange(4 * sr) / sr
    x = sum(np.sin(2 * np.pi * k * f0 * t + rng.uniform(0, 6.3)) / k for k in range(1, 80))
    x = 0.3 * x / np.abs(x).max() + rng.normal(0, 1e-4, len(t))
    assert images_of(x, sr) is None
