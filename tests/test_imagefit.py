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
from realaudio import PROMPTS, needs_alsa, prompt, prompts

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


@needs_alsa
def test_single_prompts_linear_copies_are_read_up_to_0_99_n():
    """Each ALSA prompt alone (1.3-1.5 s) at 44.1 kHz, linearly interpolated to 48 kHz: where
    22.5-23.3 kHz (up to 0.97 N) holds too few cells for the fit or its moved controls, the
    band is read up to 0.99 N, and 6 of 8 read 44.1 kHz (3 before); each prompt as recorded
    holds no copies."""
    found = 0
    for name in PROMPTS:
        x, sr = prompt(name)
        x44 = soxr.resample(x, sr, 44100, quality="VHQ")
        read = imagefit.measure(_spans(_linear(x44, 44100, sr)), sr, 16)
        found += read is not None and read["rate"] == 44100
        assert imagefit.measure(_spans(x), sr, 16) is None
    assert found >= 6


def test_a_square_wave_does_not_pass_on_folds_alone():
    """A naive 220 Hz square in notes dying every 0.25 s at 44.1 kHz: 44.1 - 32 kHz is 55 of
    its partials, so 32 kHz's folds land on partials and fit 0.61, its mirror 0.06. No rate is
    taken on its folds alone: a steady tone whose pitch divides the fold's shift fits them
    (a review of session 27 found sawtooths and buzzes at 110-260 Hz under speech, noise or
    drums read "upsampled" so, their spans repeating at only 0.1-0.8)."""
    sr, t = 44100, np.arange(4 * 44100) / 44100
    x = 0.4 * np.where((220 * t) % 1.0 < 0.5, 1.0, -1.0) * np.exp(-(t % 0.25) / 0.08)
    spans = _spans(x)
    rates = [r for r in imagefit.OLD_RATES if r < sr]
    read = imagefit.fit(imagefit.Spectra(spans, sr, imagefit.frame_length(sr, rates), 16), 32000)
    assert read["fit"] >= imagefit.MIN_FIT and read["mirror_fit"] < imagefit.MIN_MIRROR
    assert imagefit.measure(spans, sr, 16) is None


def test_hi_res_files_are_not_read_where_two_frames_do_not_fit_a_span():
    """From 64 kHz a frame that puts every copy on a bin is longer than 2730 samples, and the
    excerpt's 4096-sample spans hold one: no change from frame to frame can be read."""
    noise = np.random.default_rng(0).standard_normal(96000 * 2) * 0.1
    spans = [(i * 8192, noise[i * 8192 : i * 8192 + 4096]) for i in range(8)]
    assert imagefit.frame_length(96000, [r for r in imagefit.OLD_RATES if r < 96000]) > 2730
    assert imagefit.measure(spans, 96000, 16) is None


def test_frame_lengths_put_every_copy_on_a_bin():
    for rate in (22050, 32000, 44100, 48000, 96000):
        rates = [r for r in imagefit.OLD_RATES if r < rate]
        n = imagefit.frame_length(rate, rates)
        assert all(r * n % rate == 0 for r in rates)
        assert 0.5 <= n / 2 ** round(np.log2(rate / 22.0)) <= 2


def _saw(sr: int, f0: float, seconds: float) -> np.ndarray:
    """A band-limited sawtooth (every partial under the Nyquist frequency), peak about 1."""
    t = np.arange(int(seconds * sr)) / sr
    x = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, int(sr / 2 / f0) + 1))
    return x / np.abs(x).max()


def _t002(tmp_path, x: np.ndarray, sr: int) -> list:
    """T002's findings on ``x`` at 16 bits, none resting on copies fitted by their phase."""
    path = tmp_path / "x.wav"
    sf.write(path, np.round(np.clip(x, -1, 1) * 32767) / 32767, sr, subtype="PCM_16")
    report = audiolint.inspect(path, cache_dir=None)
    assert report.fidelity.get("image_fit") is None
    return [f for f in report.findings if f.rule == "T002"]


# a waveform repeating exactly holds partials whose locked phases stand mirrored about any rate
# its period divides, as copies do: a review found each of these read "upsampled" (0.94-1.0)
@pytest.mark.parametrize(("sr", "f0"), [(44100, 200.0), (44100, 1000.0), (48000, 441.0)])
def test_a_sawtooth_with_a_tremolo_reads_no_copies(tmp_path, sr, f0):
    t = np.arange(int(4 * sr)) / sr
    x = 0.5 * _saw(sr, f0, 4.0) * (1 - 0.6 * (0.5 + 0.5 * np.sin(2 * np.pi * 5 * t)))
    found = _t002(tmp_path, x, sr)
    # (the 1 kHz one still reads "from 16 kHz" by its magnitudes' fine structure, imaging's
    # own read, which is older than this test: the comb's partials every 1 kHz)
    assert found == [] or f0 == 1000.0


@pytest.mark.parametrize("sr", [44100, 48000])
def test_a_click_track_reads_no_copies(tmp_path, sr):
    """One-sample clicks at 120 bpm over faint noise: whole spans repeat each other."""
    x = np.zeros(8 * sr)
    x[:: sr // 2] = 0.5
    x += 1e-3 * np.random.default_rng(0).standard_normal(len(x))
    assert _t002(tmp_path, x, sr) == []


@needs_alsa
def test_speech_over_a_steady_buzz_reads_no_copies(tmp_path, speech):
    """ALSA's prompts at 44.1 kHz over a naive (aliased) 150 Hz sawtooth 14 dB under them: the
    buzz repeats every 294 samples and its partials fit copies of 24 kHz audio (0.66) until it
    is taken out."""
    _, _, x44 = speech
    voice = 0.5 * x44 / np.abs(x44).max()
    buzz = 2 * ((150.0 * np.arange(len(voice)) / 44100) % 1.0) - 1
    # (the magnitudes' fine structure, imaging's older read, still takes it for 12 kHz audio's
    # images: a naive sawtooth's aliased partials mirror about many points; not this module's)
    _t002(tmp_path, voice + 0.1 * buzz, 44100)
