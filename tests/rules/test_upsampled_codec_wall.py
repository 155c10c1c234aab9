"""T002 leaves a codec's narrow low-pass at 0.93 of a lower rate's Nyquist frequency alone.

Regression: FFmpeg's MP2 encoder at 64 kbps (mono, 44.1 kHz) keeps 16 of its 32 sub-bands, so
its decode falls half-way down at 11.2 kHz, 0.93 of 12 kHz, within 130-170 Hz (a quarter to
three quarters of the way down over 0.009-0.014 of 12 kHz). The wide-filter test
(``walls.wide``, for SoX ``-l``, libsoxr LQ and libsamplerate's sinc_fastest, which give up the
top 10-20 % of the band and fall over 0.025-0.07 of it) took that wall for a resampler's and
called ALSA's prompts and every csound and Sonic Pi recording of the tune half
"upsampled from 24 kHz". A fall that early and that narrow is no resampler's: a steep filter
puts it no earlier than 0.94 N.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import needs_alsa, prompt

from audiolint import api


def via_mp2(x: np.ndarray, sr: int, kbps: int) -> np.ndarray:
    """``x`` (mono float) through FFmpeg's MP2 encoder (PyAV) and back, as float32."""
    import av

    buf = io.BytesIO()
    with av.open(buf, "w", format="mp2") as out:
        stream = out.add_stream("mp2", rate=sr)
        stream.bit_rate, stream.layout = kbps * 1000, "mono"
        pcm = (np.clip(x, -1, 1)[None, :] * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = sr
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    buf.seek(0)
    with av.open(buf) as inp:
        y = np.concatenate([f.to_ndarray().reshape(-1) for f in inp.decode(audio=0)])
    return y.astype(np.float32) / (32768 if y.dtype == np.int16 else 1)


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Center", "Front_Left"])
def test_an_mp2_decode_is_not_upsampled(tmp_path, name):
    x, sr = prompt(name)
    path = tmp_path / "mp2.wav"
    y = via_mp2(soxr.resample(x, sr, 44100, quality="VHQ"), 44100, 64)
    sf.write(path, y, 44100, subtype="PCM_16")
    report = api.inspect(path, read_config=False)
    fid = report.fidelity
    assert 11000 < fid["cutoff_hz"] < 11400  # the codec's wall is there and measured
    assert fid["verdict"] != "upsampled" and "upsampled_from" not in fid, fid["evidence"]
    assert not [f for f in report.findings if f.rule == "T002"]
