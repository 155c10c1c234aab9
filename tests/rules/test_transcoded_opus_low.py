"""Content above a resampler's candidate Nyquist frequency rules that rate out
(audiolint.analysis.upsampled.content_past): a low-bitrate Opus decode whose level dips at
15.6-16 kHz is not 32 kHz audio upsampled when Opus's 20 kHz wall stands above the dip. csound's
recorded Finnegan (its own wall at 15.3 kHz as shipped) through libopus at 16 kbps, decoded at 48
kHz by FFmpeg's libraries (PyAV): at 3d65b65 T002 said 'upsampled from 32 kHz'."""

from __future__ import annotations

import av
import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_csound_doc

from audiolint import api


def _libopus(x: np.ndarray, sr: int, kbps: int, path) -> np.ndarray:
    """Mono ``x`` written to ``path`` (Ogg) by libopus at ``kbps`` from 48 kHz, and read back
    (libsndfile's decoder), float64."""
    import soxr

    x48 = soxr.resample(x, sr, 48000, "VHQ").astype(np.float32)
    with av.open(str(path), "w", format="ogg") as box:
        stream = box.add_stream("libopus", rate=48000)
        stream.bit_rate, stream.layout = kbps * 1000, "mono"
        frame = av.AudioFrame.from_ndarray(x48[None, :], format="flt", layout="mono")
        frame.sample_rate = 48000
        for packet in list(stream.encode(frame)) + list(stream.encode(None)):
            box.mux(packet)
    return sf.read(path, dtype="float64")[0]


@needs_csound_doc
@pytest.mark.parametrize("kbps", [16, 24])
def test_low_bitrate_opus_is_not_upsampled_from_32_khz(tmp_path, kbps):
    x, sr = sf.read(csound_example("finneganswake1.flac", tmp_path), always_2d=True)
    y = _libopus(0.9 * x.mean(axis=1) / np.abs(x).max(), sr, kbps, tmp_path / "o.ogg")
    sf.write(tmp_path / "o.wav", np.clip(y, -1, 1), 48000, subtype="PCM_16")
    report = api.inspect(tmp_path / "o.wav")
    fid = report.fidelity
    assert not fid.get("upsampled_from") and fid["verdict"] != "upsampled", fid
    assert [f.rule for f in report.findings if f.rule == "T002"] == []
    assert fid["verdict"] == "lossy-origin", fid  # the codec's edge is judged instead
