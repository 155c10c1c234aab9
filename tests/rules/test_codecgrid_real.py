"""The codec-grid detector on real speech through real encoders (issue 11).

ALSA's recorded prompts go through FFmpeg's AAC, libopus and FFmpeg's Vorbis encoders (PyAV) and
back to 16-bit PCM: the decode's MDCT grid is found, with its codec; the original recordings
and their soxr-resampled copies show none. A clip cut at an arbitrary sample keeps its grid,
moved by the cut. End to end, T001 names the grid when the verdict rests on it.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint.analysis import codecgrid, mdct
from audiolint.analysis import excerpt as excerpt_module
from rules.test_fidelity_median_real import encode


def vorbis(x: np.ndarray, sr: int) -> np.ndarray:
    """``x`` through FFmpeg's own Vorbis encoder (experimental, stereo only; PyAV has no
    libvorbis)."""
    return encode(x, sr, 0, "vorbis", "ogg", channels=2, options={"strict": "-2"})


def pcm16(x: np.ndarray) -> np.ndarray:
    """As a 16-bit file stores it."""
    return (np.round(np.clip(x, -1, 1) * 32767) / 32768).astype(np.float32)


def grid(x: np.ndarray, sr: int) -> dict:
    """The grid record of 16-bit ``x``, fed in 1000-frame blocks as a decoder would."""
    excerpt = codecgrid.Excerpt()
    y = pcm16(x)[:, None]
    for i in range(0, len(y), 1000):
        excerpt.update(y[i : i + 1000])
    assert len(excerpt.heap) <= excerpt_module.KEPT  # bounded memory
    assert len(excerpt.spans()) <= codecgrid.SPANS  # what the searches read
    return codecgrid.measure(excerpt.spans(), sr, 16)


@needs_alsa
@pytest.mark.parametrize(
    ("codec", "fmt", "kbps", "family"),
    [("aac", "adts", 128, "AAC"), ("aac", "adts", 256, "AAC"), ("libopus", "ogg", 96, "Opus"),
     ("vorbis", "ogg", 0, "Vorbis")],
)  # fmt: skip
def test_a_decode_shows_its_codecs_grid(codec, fmt, kbps, family):
    x, sr = prompt("Front_Left")
    y = vorbis(x, sr) if codec == "vorbis" else encode(x, sr, kbps, codec, fmt)
    found = grid(y, sr)
    assert found["found"] and found["codec"] == family
    assert found["zero_share"] >= 4 * found["off_grid_share"]


@needs_alsa
def test_a_clip_cut_anywhere_keeps_the_grid_moved_by_the_cut():
    x, sr = prompt("Front_Left")
    y = encode(x, sr, 128)
    whole = grid(y, sr)
    cut = grid(y[333:], sr)
    assert whole["found"] and cut["found"]
    assert cut["offset"] == (whole["offset"] - 333) % 1024


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Center", "Rear_Left", "Side_Right"])
def test_genuine_and_resampled_recordings_show_no_grid(name):
    import soxr

    x, sr = prompt(name)
    assert not grid(x, sr)["found"]
    assert not grid(soxr.resample(x, sr, 44100), 44100)["found"]
    up = soxr.resample(soxr.resample(x, sr, 16000), 16000, sr)
    assert not grid(up, sr)["found"]


def dithered(x: np.ndarray) -> np.ndarray:
    """``x`` with 16-bit TPDF dither, as sox writes a generated tone (fixed seed)."""
    rng = np.random.default_rng(7)
    return x + (rng.random(len(x)) - rng.random(len(x))) / 32768


@pytest.mark.parametrize(
    ("sr", "periods"),
    [(48000, [(4000, 1.0)]), (48000, [(2000, 1.0)]), (44100, [(500, 1.0)]),
     (48000, [(93.75 * k, 1 / k) for k in range(1, 40)]),  # a buzz whose period divides 128
     (48000, [(375 * k, 1 / k) for k in range(1, 30)])],  # ... and one dividing Opus's 960
)  # fmt: skip
def test_a_steady_periodic_signal_shows_no_grid(sr, periods):
    """A tone or a buzz repeats every period, and so do the offsets where its MDCT has zeros:
    the best offset never stands alone (contrast 1.0), unlike a codec's (review: a 4 kHz sine
    at 48 kHz was called AAC at z 161, a 93.75 Hz buzz Vorbis at z 229)."""
    t = np.arange(3 * sr) / sr
    x = sum(a * np.sin(2 * np.pi * f * t) for f, a in periods if f < sr / 2)
    record = grid(dithered(0.5 * x / np.abs(x).max()), sr)
    assert record["peak_contrast"] < codecgrid.MIN_PEAK and not record["found"], record


@needs_alsa
def test_t001_names_the_grid_when_no_low_pass_shows(tmp_path, run_rule):
    """A source rolled off gently from 6 kHz (a 4th-order low-pass: 24 dB per octave, as a
    dull microphone or a phone line leaves it) through AAC at 128 kbps: the spectrum shows
    only that roll-off, under any AAC low-pass; the grid decides."""
    from scipy.signal import butter, sosfilt

    from audiolint import api

    x, sr = prompt("Front_Left")
    narrow = sosfilt(butter(4, 6000, fs=sr, output="sos"), x)
    path = tmp_path / "aac.wav"
    sf.write(path, pcm16(encode(narrow, sr, 128)), sr, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin"
    assert fid["codec_grid"]["decided"] and fid["codec_grid"]["codec"] == "AAC"
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith("decoded from lossy audio, most likely AAC: ")
    assert (
        "of the loud frequency coefficients on a 1024-sample MDCT grid are zero" in finding.message
    )
    assert "as a transform codec such as AAC leaves them (half a step off: " in finding.message
    # the window, offset and count stay in the evidence (audiolint inspect)
    assert "1024-sample MDCT grid (kbd window) at offset" in fid["evidence"][0]
    genuine = tmp_path / "narrow.wav"
    sf.write(genuine, pcm16(narrow), sr, subtype="PCM_16")
    assert api.inspect(genuine, read_config=False).fidelity["codec_grid"]["found"] is False
    assert run_rule(genuine, "T001") == []


def test_the_dct_kernel_is_scipys_without_importing_scipy_fft():
    """The MDCT's DCT-IV is scipy's compiled pocketfft, loaded alone: the same numbers as
    ``scipy.fft.dct``, and ``scipy.fft`` (about as slow to import as ``scipy.signal``) stays
    out of a run."""
    import subprocess
    import sys

    import scipy.fft

    u = np.random.default_rng(0).standard_normal((3, 1024))
    want = scipy.fft.dct(u, type=4, axis=-1, norm="ortho")
    np.testing.assert_array_equal(mdct.dct4_kernel()(u.copy()), want)
    code = (
        "import sys; from audiolint.analysis import codecgrid, mdct; mdct.dct4_kernel()"
        "(codecgrid.np.zeros((1, 8))); print('scipy.fft' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


@needs_alsa
@pytest.mark.parametrize(("ms", "hop"), [("10", 480), ("5", 240), ("60", 960)])
def test_opus_frames_of_any_size_show_their_grid(ms, hop):
    """opusenc --framesize / libopus's frame_duration: 10 and 5 ms CELT frames code on an MDCT
    grid of 480 and 240 samples (issue 11: neither was found when only CELT's 20 ms frame was
    searched); 60 ms packets hold 20 ms frames."""
    x, sr = prompt("Front_Left")
    y = encode(x, sr, 128, "libopus", "ogg", options={"frame_duration": ms})
    found = grid(y, sr)
    assert found["found"] and found["codec"] == "Opus" and found["hop"] == hop, found


@pytest.mark.parametrize("kind", ["buzz200", "buzz100", "chirp", "tone375"])
def test_signals_on_celts_smaller_grids_show_no_grid(kind):
    """Signals whose period divides CELT's 10 and 5 ms frames (200 Hz: 240 samples at 48 kHz,
    100 Hz: 480, 375 Hz: 128) and a linear chirp: no grid, at any frame size."""
    sr = 48000
    t = np.arange(3 * sr) / sr
    if kind == "chirp":
        x = np.sin(2 * np.pi * (100 + 3000 * t) * t)
    else:
        f0 = {"buzz200": 200, "buzz100": 100, "tone375": 375}[kind]
        ks = range(1, 2 if kind == "tone375" else int(20000 / f0))
        x = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in ks)
    record = grid(dithered(0.5 * x / np.abs(x).max()), sr)
    assert not record["found"], record


@needs_alsa
def test_no_grid_is_searched_under_a_lossy_verdict_the_grid_cannot_change(tmp_path, run_rule):
    """LAME at 128 kbps leaves a codec's low-pass near 17.7 kHz that no resampler's filter
    leaves: lossy-origin on the edge, which no codec grid, found or not, changes; the search
    is skipped (issue 15) and the record is null, as the schema says. T001 names the
    low-pass. The low-pass is asked for (FFmpeg's ``cutoff``, 18 kHz: 17.95-18.05 kHz read by
    PyAV 18.1.0 and 18.1.1): PyAV 18.1.1's LAME, through FFmpeg 8, left no cliff at 128 kbps
    by itself (-53 dB at 18-19 kHz), and T001 named MP3's grid instead."""
    from audiolint import api
    from rules.test_fidelity_median_real import encode

    x, sr = prompt("Front_Left")
    path = tmp_path / "mp3.wav"
    lame = encode(x, sr, 128, "libmp3lame", "mp3", options={"cutoff": "18000"})
    sf.write(path, pcm16(lame), sr, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["cutoff_hz"] < 18500
    assert fid["codec_grid"] is None and "mp3_grid" not in fid
    [finding] = run_rule(path, "T001")
    assert "typical of MP3" in finding.message and "grid" not in finding.message


def float_spans(y: np.ndarray) -> list:
    """The excerpt of float samples ``y``, fed in 1000-frame blocks."""
    excerpt = codecgrid.Excerpt()
    y = np.asarray(y, np.float32)[:, None]
    for i in range(0, len(y), 1000):
        excerpt.update(y[i : i + 1000])
    return excerpt.spans()


@needs_alsa
@pytest.mark.parametrize("codec", ["libopus", "vorbis"])
def test_a_float_decode_shows_its_grid_at_16_bit_noise(codec):
    """A decoder's own arithmetic leaves its zeros above 24-bit rounding: libopus at 96 kbps
    and FFmpeg's Vorbis decoded to float (PyAV) show no grid at 24-bit noise (z 3.5 and 1.0)
    and are searched again at 16-bit noise, where they do (issue 11: opusdec --float and
    oggenc q6 decoded to float, benchmarks/encoder_sweep.py)."""
    x, sr = prompt("Front_Left")
    spans = float_spans(vorbis(x, sr) if codec == "vorbis" else encode(x, sr, 96, codec, "ogg"))
    assert not codecgrid.search_at(spans, sr, 24)["found"]
    record = codecgrid.measure(spans, sr, 24)  # float samples: 24-bit rounding noise
    assert record["found"] and record["codec"] == {"libopus": "Opus"}.get(codec, "Vorbis")


@needs_alsa
def test_a_float_recording_shows_no_grid_at_16_bit_noise_either():
    """ALSA's prompt resampled by soxr to 44.1 kHz and kept as float (no codec): no grid at
    24-bit noise, nor when searched again at 16-bit noise."""
    import soxr

    x, sr = prompt("Front_Center")
    assert not codecgrid.measure(float_spans(soxr.resample(x, sr, 44100)), 44100, 24)["found"]


@needs_alsa
def test_t001_names_the_grid_of_a_float_decode(tmp_path, run_rule):
    """The prompt rolled off from 6 kHz through FFmpeg's Vorbis and kept as float: the edge
    alone leaves it inconclusive (12.4 kHz, no codec's wall), and at 24-bit noise the grid
    is not found; searched again at 16-bit noise it is, and T001 names it."""
    from scipy.signal import butter, sosfilt

    from audiolint import api

    x, sr = prompt("Front_Left")
    path = tmp_path / "vorbis-float.wav"
    narrow = sosfilt(butter(4, 6000, fs=sr, output="sos"), x)
    sf.write(path, np.asarray(vorbis(narrow, sr), np.float32), sr, subtype="FLOAT")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin"
    assert fid["codec_grid"]["decided"] and fid["codec_grid"]["codec"] == "Vorbis"
    [finding] = run_rule(path, "T001")
    assert "such as Vorbis" in finding.message
