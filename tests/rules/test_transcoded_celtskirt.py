"""Opus's skirt above its 20 kHz wall rises on CELT's 20 ms frame grid; a converter's filter
at the same place leaks the same share at every moment (audiolint.analysis.celtskirt).

csound's recorded drum loop (beats.wav, 44.1 kHz) brought to 48 kHz by libsoxr, through libopus
at 64 kbps (PyAV) and decoded by libsndfile: contrast 14.1 dB on the grid, the same place
highest in 80 % of the loud spans. The same recording brought to 48 kHz by libsoxr and low-
passed at 20 kHz by a 255-tap FIR (a steady wall where Opus's stands): 4.0 dB, its own highest
place agreeing in 12 % of the spans; as shipped (44.1 kHz): 2.9 dB, 50 %. In
benchmarks/encoder_sweep.py's 48 kHz Opus decodes the tune half's skirts read up to 28.8 dB
(75-100 %); the 44.1 -> 48 kHz converter copies of the tune sources
(benchmarks/converter_zone.py --to 48000) at most 3.9 dB (12-50 %)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_csound_doc

from audiolint import api
from audiolint.analysis import celtskirt
from audiolint.analysis.excerpt import Excerpt
from rules.test_transcoded_opus_low import _libopus


def _skirt(x: np.ndarray, sr: int) -> dict:
    ex = Excerpt()
    ex.update(x.astype(np.float32)[:, None])
    return celtskirt.measure(ex.spans(), sr)


def _at16(x: np.ndarray) -> np.ndarray:
    return (np.round(np.clip(x, -1, 32767 / 32768) * 32768) / 32768).astype(np.float32)


@pytest.fixture(scope="module")
def beats(tmp_path_factory):
    """csound's drum loop as mono float32 at 48 kHz (libsoxr VHQ), as shipped, and its rate."""
    import soxr

    path = csound_example("beats.wav", tmp_path_factory.mktemp("beats"))
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    x = 0.9 * x.mean(axis=1) / np.abs(x).max()
    return soxr.resample(x, sr, 48000, "VHQ").astype(np.float32), x, sr


@needs_csound_doc
def test_opus_decode_skirt_rises_on_the_frame_grid(beats, tmp_path):
    _, x, sr = beats
    y = _at16(_libopus(x, sr, 64, tmp_path / "o.ogg"))
    skirt = _skirt(y, 48000)
    assert skirt["found"] and skirt["contrast_db"] >= 10 and skirt["agree"] >= 0.75, skirt
    sf.write(tmp_path / "o.wav", y, 48000, subtype="PCM_16")
    fid = api.inspect(tmp_path / "o.wav").fidelity
    assert fid["verdict"] == "lossy-origin", fid


@needs_csound_doc
def test_steady_wall_and_recording_have_no_skirt_on_the_grid(beats):
    x48, x, sr = beats
    taps = 255  # a windowed-sinc low-pass at 20 kHz, numpy only
    t = np.arange(taps) - taps // 2
    h = 2 * 20000 / 48000 * np.sinc(2 * 20000 / 48000 * t) * np.kaiser(taps, 10.0)
    walled = _at16(np.convolve(x48, h / h.sum(), mode="same"))
    for signal, rate in ((walled, 48000), (_at16(x), sr)):
        skirt = _skirt(signal, rate)
        assert skirt is not None and not skirt["found"], skirt
        assert skirt["contrast_db"] < celtskirt.MIN_CONTRAST_DB and skirt["agree"] <= 0.5, skirt
