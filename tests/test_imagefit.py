"""An interpolator's images found by their phase (audiolint.analysis.imagefit), on ALSA's
recorded prompts: linear interpolation from 44.1 to 48 kHz (audioop.ratecv's and
libsamplerate's SRC_LINEAR arithmetic, here numpy's) leaves 22.05-24 kHz holding the band under
22.05 kHz mirrored and a fold of it at one level, which the images' fine structure does not
show (the verdict was inconclusive or genuine) and the fit by their phase does."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa, prompts

import audiolint
from audiolint.analysis import imagefit


def _linear(x: np.ndarray, rate: int, to: int) -> np.ndarray:
    """``x`` at ``rate`` brought to ``to`` by linear interpolation between its samples."""
    t = np.arange(int(len(x) * to / rate)) * rate / to
    return np.interp(t, np.arange(len(x)), x)


def _spans(y: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """The eight loudest 4096-sample stretches of ``y`` at 16 bits, in order, as
    :class:`audiolint.analysis.codecgrid.Excerpt` keeps loud spans."""
    q, n = np.round(np.clip(y, -1, 1) * 32767) / 32767, 4096
    power = [float(np.sum(q[i : i + n] ** 2)) for i in range(0, len(q) - n, n)]
    starts = sorted(int(i) * n for i in np.argsort(power)[::-1][:8])
    return [(s, q[s : s + n].astype(np.float32)) for s in starts]


@pytest.fixture(scope="module")
def speech():
    """ALSA's eight prompts (48 kHz) and their copy at 44.1 kHz by libsoxr's best filter."""
    x, sr = prompts(0.3)
    return x, sr, soxr.resample(x, sr, 44100, quality="VHQ")


@needs_alsa
def test_a_linear_44_to_48_khz_copy_reads_upsampled_from_44_1(tmp_path, speech):
    _, sr, x44 = speech
    path = tmp_path / "linear.wav"
    sf.write(path, np.clip(_linear(x44, 44100, sr), -1, 1), sr, subtype="PCM_16")
    report = audiolint.inspect(path, cache_dir=None)
    fid = report.fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 44100
    assert fid["image_fit"] > 0.6 and fid["image_control_fit"] < 0.4
    # the controls' shift as measured: 20 and 40 bins of 25 Hz (1920 samples at 48 kHz)
    assert "copies moved 0.5-1 kHz off" in " ".join(fid["evidence"])
    (t002,) = [f for f in report.findings if f.rule == "T002"]
    assert "phase for phase" in t002.message and "upsampled from 44.1 kHz to 48 kHz" in t002.message


@needs_alsa
def test_the_copies_explain_the_band_and_moved_copies_do_not(speech):
    _, sr, x44 = speech
    spans = _spans(_linear(x44, 44100, sr))
    rates = [r for r in imagefit.OLD_RATES if r < sr]  # as measure() reads them
    sp = imagefit.Spectra(spans, sr, imagefit.frame_length(sr, rates), 16)
    read = imagefit.fit(sp, 44100)
    assert read["fit"] > 0.7 and read["mirror_fit"] >= imagefit.MIN_MIRROR
    assert read["fit"] - imagefit.control(sp, 44100) >= imagefit.CONTROL_MARGIN
    assert imagefit.measure(spans, sr, 16)["rate"] == 44100


@needs_alsa
@pytest.mark.parametrize("which", ["as recorded at 48 kHz", "brought to 44.1 kHz"])
def test_recordings_hold_no_copies(speech, which):
    x, sr, x44 = speech
    y, rate = (x, sr) if which.startswith("as") else (x44, 44100)
    assert imagefit.measure(_spans(y), rate, 16) is None


@needs_alsa
def test_a_32_khz_copy_reads_32_unless_its_source_stops_at_8_khz(speech):
    x, sr, _ = speech
    full = _linear(soxr.resample(x, sr, 32000, quality="VHQ"), 32000, sr)
    assert imagefit.measure(_spans(full), sr, 16)["rate"] == 32000
    # nothing over 8 kHz: its images fold to 16 - f kHz, as a 16 kHz source's stand, and
    # either rate could be the old one
    narrow = soxr.resample(soxr.resample(x, sr, 16000, quality="VHQ"), 16000, 32000)
    assert imagefit.measure(_spans(_linear(narrow, 32000, sr)), sr, 16) is None


def test_frame_lengths_put_every_copy_on_a_bin():
    for rate in (22050, 32000, 44100, 48000, 96000):
        rates = [r for r in imagefit.OLD_RATES if r < rate]
        n = imagefit.frame_length(rate, rates)
        assert all(r * n % rate == 0 for r in rates)
        assert 0.5 <= n / 2 ** round(np.log2(rate / 22.0)) <= 2
