"""T002 on gently falling resampler filters: the images just past the old Nyquist frequency.

SciPy's ``resample_poly`` with a Hamming or Kaiser (beta 5) window, like FFmpeg's
``filter_size=8``, lets the band just under the old Nyquist frequency N through mirrored just
above it, and empties the band higher up. Read from 1.02 N up to the old rate, that mirror is
diluted by the band higher up, which holds only the floor or other sounds (0.2-0.5): such
copies were called genuine or inconclusive. Read up to ``imaging.NEAR`` N it stands at 0.7-0.9.
Real audio: ALSA's recorded prompts and a committed field recording (tests/data), brought down
to the old rate by SciPy's FFT resampler and up by ``resample_poly``, all in-test.
"""

from __future__ import annotations

from math import gcd
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import PROMPTS, espeak, needs_alsa, needs_espeak, prompt
from scipy import signal

import audiolint
from audiolint.analysis import codecgrid, imaging

HUM = Path(__file__).parent.parent / "data" / "ambi_haunted_hum.flac"


def speech() -> tuple[np.ndarray, int]:
    """Three ALSA prompts in a row (48 kHz)."""
    parts = [prompt(name) for name in PROMPTS[:3]]
    return np.concatenate([x for x, _ in parts]).astype(np.float64), parts[0][1]


def hum() -> tuple[np.ndarray, int]:
    """The committed field recording (44.1 kHz, CC0: tests/data/ambi_haunted_hum.txt)."""
    x, sr = sf.read(HUM, dtype="float64")
    return x, sr


def copy(x: np.ndarray, sr: int, old: int, new: int, window, cut: float = 1.0) -> np.ndarray:
    """``x`` brought down to ``old`` (SciPy's FFT resampler: content up to N), with nothing
    left over ``cut`` N, then up to ``new`` by ``resample_poly`` with ``window``; peak 0.5."""
    low = signal.resample(x, int(len(x) * old / sr))
    if cut < 1.0:
        spec = np.fft.rfft(low)
        spec[np.fft.rfftfreq(len(low), 1 / old) > cut * old / 2] = 0
        low = np.fft.irfft(spec, len(low))
    g = gcd(old, new)
    up = signal.resample_poly(low, new // g, old // g, window=window)
    return 0.5 * up / np.abs(up).max()


def frames_of(x: np.ndarray, sr: int) -> imaging.Frames:
    """The spectra of the spans the fidelity analyser keeps (16-bit samples)."""
    excerpt = codecgrid.Excerpt()
    excerpt.update((np.round(x * 32767) / 32768).astype(np.float32)[:, None])
    return imaging.frames_db(excerpt.spans(), sr, 16)


def t002(tmp_path: Path, x: np.ndarray, rate: int):
    sf.write(tmp_path / "up.wav", x, rate, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "up.wav", read_config=False)
    return [f for f in report.findings if f.rule == "T002"], report.fidelity


@needs_alsa
def test_speech_through_a_hamming_window_from_24_khz_is_found_with_its_old_rate(tmp_path):
    """Was genuine: the mirror read up to 24 kHz is diluted; read up to 1.1 N it is clear."""
    x, sr = speech()
    up = copy(x, sr, 24000, 44100, "hamming")
    frames = frames_of(up, 44100)
    assert imaging.compare(frames, 44100, 24000)["corr"] < imaging.MIN_CORR
    near = imaging.compare(frames, 44100, 24000, upto=imaging.NEAR)
    assert near["cells"] >= imaging.MIN_CELLS and near["corr"] >= imaging.MIN_CORR
    [f], fid = t002(tmp_path, up, 44100)
    assert f.data["upsampled_from"] == 24000
    assert fid["verdict"] == "upsampled"
    assert "upsampled from 24 kHz to 44.1 kHz" in f.message
    assert "mirrors the band under it" in f.message
    # read up to 1.1 N only, so the message says "just past" N, not "above" it
    assert f.data["image_near"] is True
    assert "the band just past 12 kHz, the Nyquist frequency of 24 kHz audio," in f.message
    assert "splits the band in halves" not in f.message  # 44.1 kHz is no 24 kHz doubled
    assert (
        "the band from 12 kHz (the Nyquist frequency of 24 kHz audio) up to 13.2 kHz"
        in (fid["evidence"][0])
    )
    assert "a resampler's images of the band under it" in fid["evidence"][0]


@pytest.mark.parametrize(
    ("old", "new", "window"), [(32000, 48000, "hamming"), (24000, 44100, ("kaiser", 5.0))]
)
def test_a_field_recording_through_a_gentle_filter_is_found_with_its_old_rate(
    tmp_path, old, new, window
):
    """The committed hum from 32 kHz to 48 kHz (Hamming; was inconclusive) and from 24 to
    44.1 kHz (SciPy's default Kaiser window; was genuine): the images just past N name N."""
    x, sr = hum()
    found = imaging.measure(frames_of(copy(x, sr, old, new, window), new), new)
    assert found["rate"] == old and found["near"]
    assert found["corr"] - found["control_corr"] >= imaging.CONTROL_MARGIN
    [f], _ = t002(tmp_path, copy(x, sr, old, new, window), new)
    assert f.data["upsampled_from"] == old
    assert f.data["image_near"] is True and "the band just past" in f.message


@needs_alsa
def test_genuine_recordings_show_no_images_just_past_any_standard_rate():
    """As recorded (48 and 44.1 kHz), the band just past no standard rate's Nyquist frequency
    mirrors the band under it: no rate is read, plain or near."""
    for x, sr in (speech(), hum()):
        frames = frames_of(x, sr)
        assert imaging.measure(frames, sr) is None
        for rate in imaging.OLD_RATES:
            near = imaging.compare(frames, sr, rate, upto=imaging.NEAR)
            assert near is None or near["corr"] < imaging.MIN_CORR


@needs_alsa
@pytest.mark.parametrize("old", [16000, 22050, 24000, 32000])
@pytest.mark.parametrize("window", ["hamming", ("kaiser", 5.0), "blackman"])
def test_a_copy_with_nothing_near_its_old_nyquist_frequency_names_no_wrong_rate(
    tmp_path, old, window
):
    """Speech with nothing left over 0.8 N before it is brought up gently: no evidence near N,
    so T002 is absent (the fidelity verdict inconclusive or upsampled), or names the old rate;
    never another."""
    x, sr = speech()
    found, fid = t002(tmp_path, copy(x, sr, old, 48000, window, cut=0.8), 48000)
    assert all(f.data["upsampled_from"] == old for f in found)
    assert fid["verdict"] in ("inconclusive", "upsampled")


@needs_alsa
@pytest.mark.parametrize(
    ("window", "codec", "fmt", "kbps"),
    [
        ("hamming", "libmp3lame", "mp3", 144),
        (("kaiser", 5.0), "libmp3lame", "mp3", 144),
        ("hamming", "aac", "adts", 128),
    ],
)
def test_a_decode_of_a_source_with_near_images_stays_lossy_origin(
    tmp_path, window, codec, fmt, kbps
):
    """Review 1 M1: speech brought up from 22.05 kHz by resample_poly (images just past
    11.025 kHz), then through LAME at 144 kbps or FFmpeg's AAC at 128 kbps and decoded: the
    codec is the last process, so the verdict stays lossy-origin (T001), and the images stand
    beside it naming 22.05 kHz. The near read made the LAME decodes 'upsampled' without T001
    (cdca140: both fail here)."""
    from rules.test_fidelity_median_real import encode

    x, sr = speech()
    dec = encode(copy(x, sr, 22050, 44100, window).astype(np.float32), 44100, kbps, codec, fmt)
    sf.write(tmp_path / "dec.wav", np.clip(dec, -1, 1), 44100, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "dec.wav", read_config=False)
    assert report.fidelity["verdict"] == "lossy-origin"
    assert any(f.rule == "T001" for f in report.findings)
    [t002] = [f for f in report.findings if f.rule == "T002"]
    assert t002.data["upsampled_from"] == 22050


@needs_espeak
@pytest.mark.parametrize("window", ["hamming", ("kaiser", 5.0)])
def test_a_decode_of_a_source_with_full_images_is_lossy_origin(tmp_path, window):
    """Review 2 S2: espeak-ng speaks at 22.05 kHz (content up to 11.025 kHz); resample_poly
    brings it to 44.1 kHz, whose images fill the band above; LAME at 192 kbps then encodes it.
    The full image read made it 'upsampled' and left MP3's grid unsearched, so T001 was missing
    (both fail at 4cea0a0). The codec is the last process: lossy-origin by MP3's grid, the images
    beside it."""
    from rules.test_fidelity_median_real import encode

    text = "The quick brown fox jumps over the lazy dog, then rests under the old tree for a while."
    x, sr = espeak(tmp_path / "e.wav", text, "en+f3")
    assert sr == 22050
    g = gcd(sr, 44100)
    up = signal.resample_poly(x.astype(np.float64), 44100 // g, sr // g, window=window)
    dec = encode((0.5 * up / np.abs(up).max()).astype(np.float32), 44100, 192, "libmp3lame", "mp3")
    sf.write(tmp_path / "dec.wav", np.clip(dec, -1, 1), 44100, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "dec.wav", read_config=False)
    assert report.fidelity["verdict"] == "lossy-origin"
    assert report.fidelity["mp3_grid"]["found"] is True
    assert any(f.rule == "T001" for f in report.findings)
    [t002] = [f for f in report.findings if f.rule == "T002"]
    assert t002.data["upsampled_from"] == 22050
