"""AC-3 and E-AC-3 decodes (film, DVD and broadcast soundtracks) are found by their 256-sample
MDCT grid: real speech with a gentle roll-off (no codec low-pass to see), through FFmpeg's own
encoders (PyAV) and decoded to a 16-bit WAV, reads lossy-origin, "most likely AC-3"; the same
speech not encoded reads no grid."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from audiogen import _pyav_encode
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts
from scipy.signal import butter, resample_poly, sosfilt
from scipy.signal.windows import kaiser_bessel_derived

import audiolint
from audiolint.analysis.mdct import window

av = pytest.importorskip("av", reason="PyAV (a default dependency) encodes AC-3 here")


def _speech() -> tuple[np.ndarray, int]:
    """ALSA's eight recorded prompts (48 kHz), rolled off gently from 7 kHz (as a phone's or an
    old recording's band ends): no encoder's low-pass edge is left to see, only its grid."""
    x, sr = prompts(0.3)
    return sosfilt(butter(4, 7000, fs=sr, output="sos"), x).astype(np.float32), sr


def _decoded(path, sr: int, dest) -> None:
    """``path`` decoded by FFmpeg (PyAV) to a 16-bit WAV at ``dest``, as a rip is saved."""
    with av.open(str(path)) as box:
        parts = [f.to_ndarray().reshape(-1, f.samples) for f in box.decode(audio=0)]
    sf.write(dest, np.concatenate(parts, axis=1).T, sr, subtype="PCM_16")


@needs_alsa
@pytest.mark.parametrize(
    ("codec", "fmt", "kbps", "rate"),
    [("ac3", "ac3", 192, 48000), ("eac3", "eac3", 128, 48000), ("ac3", "ac3", 192, 44100)],
)
def test_an_ac3_decode_is_found_by_its_grid(tmp_path, codec, fmt, kbps, rate):
    x, sr = _speech()
    if rate != sr:  # a CD-rate soundtrack (AC-3 also codes 44.1 and 32 kHz)
        x, sr = resample_poly(x, 147, 160).astype(np.float32), rate
    enc = _pyav_encode(tmp_path / f"s.{fmt}", fmt, codec, np.stack([x, x], 1), sr,
                       bit_rate=kbps * 1000)  # fmt: skip
    _decoded(enc, sr, tmp_path / "rip.wav")
    report = audiolint.inspect(tmp_path / "rip.wav")
    grid = report.fidelity["codec_grid"]
    assert grid["found"] and grid["codec"] == "AC-3" and grid["hop"] == 256
    assert report.fidelity["verdict"] == "lossy-origin"
    (t001,) = [f for f in report.findings if f.rule == "T001"]
    assert "AC-3" in t001.message and "256-sample MDCT grid" in t001.message


@needs_alsa
def test_the_same_speech_not_encoded_shows_no_grid(tmp_path):
    x, sr = _speech()
    sf.write(tmp_path / "clean.wav", x, sr, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "clean.wav")
    grid = report.fidelity["codec_grid"]
    assert grid is not None and not grid["found"]
    assert not [f for f in report.findings if f.rule == "T001"]


def test_the_ac3_window_is_kbd_alpha_5():
    """A/52's window: Kaiser-Bessel-derived, alpha 5, 512 samples (scipy's own construction)."""
    ours = window("ac3", 256)
    assert np.allclose(ours, kaiser_bessel_derived(512, 5 * np.pi), atol=1e-12)
    assert np.allclose(ours[:256] ** 2 + ours[256:] ** 2, 1.0)  # Princen-Bradley: TDAC holds
    assert not np.allclose(ours, window("kbd", 256), atol=1e-3)  # AAC's alpha 4 differs


@needs_csound_doc
def test_a_high_bitrate_ac3_decode_s_edge_names_ac3(tmp_path):
    """csound's recorded fox sentence (44.1 kHz, its band to 22 kHz) brought to 48 kHz, through
    FFmpeg's AC-3 encoder at 448 kbps (a DVD soundtrack's rate) and decoded: too few empty cells
    for its grid to show, its low-pass at 20.4 kHz. That edge was named "typical of Opus ... or
    MP3 around 320 kbps" alone; AC-3 cuts there too and is named with them."""
    x, sr = sf.read(csound_example("fox.wav", tmp_path), dtype="float32")
    x = resample_poly(x, 160, 147).astype(np.float32)
    enc = _pyav_encode(tmp_path / "s.ac3", "ac3", "ac3", np.stack([x, x], 1), 48000,
                       bit_rate=448000)  # fmt: skip
    _decoded(enc, 48000, tmp_path / "rip.wav")
    report = audiolint.inspect(tmp_path / "rip.wav")
    assert not report.fidelity["codec_grid"]["found"]
    assert 20300 <= report.fidelity["cutoff_hz"] <= 20600, report.fidelity["cutoff_hz"]
    (t001,) = [f for f in report.findings if f.rule == "T001"]
    assert "AC-3/E-AC-3 (film and TV sound) from 256 kbps" in t001.message, t001.message
