"""Opus decoded at 44.1 kHz (issue 11): CELT's grid found again on the 48 kHz lattice.

ALSA's recorded prompts go through libopus (PyAV, as opusenc and FFmpeg's libopus encode) and
its decode is written at 44.1 kHz through FFmpeg's resampler (PyAV's AudioResampler, as
``ffmpeg -ar 44100`` converts a video site's Opus audio) to 16-bit WAV. At 44.1 kHz CELT's
20 ms frames are 882 and a fraction samples, so the codec grid finds nothing there; brought
back to 48 kHz the frames' zeros return at the pre-skip's offset. The same prompts through the
same resampler, never encoded, show no grid.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint.analysis import codecgrid, opusgrid
from rules.test_fidelity_median_real import encode


def to_44k(x: np.ndarray, sr: int) -> np.ndarray:
    """Mono ``x`` at ``sr`` through FFmpeg's resampler to 44.1 kHz, rounded to 16 bits."""
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=44100)
    frame = av.AudioFrame.from_ndarray(x[None].astype(np.float32), format="flt", layout="mono")
    frame.sample_rate, frame.pts = sr, 0
    out = [f.to_ndarray()[0] for f in [*resampler.resample(frame), *resampler.resample(None)]]
    return (np.round(np.clip(np.concatenate(out), -1, 1) * 32767) / 32768).astype(np.float32)


def record(x: np.ndarray) -> dict | None:
    excerpt = codecgrid.Excerpt()
    for i in range(0, len(x), 1000):
        excerpt.update(x[i : i + 1000, None])
    return opusgrid.measure(excerpt.spans(), 44100, 16)


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Left", "Rear_Center"])
def test_an_opus_decode_at_44k_shows_celts_grid_and_the_recording_none(name):
    x, sr = prompt(name)
    decoded = to_44k(encode(x, sr, 96, "libopus", "ogg"), sr)
    at_44k = record(decoded)
    assert at_44k["found"] and at_44k["offset"] == opusgrid.PRESKIP_OFFSET
    assert at_44k["zero_share"] >= 3 * at_44k["off_grid_share"]
    # cut after the decode at 10 ms (441 samples): the grid moves half a frame on the lattice
    cut = record(decoded[441:])
    assert cut["found"] and cut["offset"] == opusgrid.PRESKIP_OFFSET + 480
    genuine = record(to_44k(x, sr))
    assert not genuine["found"] and genuine["z"] < codecgrid.MIN_Z / 2


@needs_alsa
def test_t001_names_celts_grid_in_an_opus_decode_at_44k(tmp_path, run_rule):
    """A source rolled off from 12 kHz (a 4th-order low-pass, as a dull microphone leaves it)
    shows no 20 kHz wall after the decode: before the grid on the 48 kHz lattice, audiolint
    called it inconclusive and T001 said nothing."""
    from scipy.signal import butter, sosfilt

    from audiolint import api

    x, sr = prompt("Side_Left")
    x = sosfilt(butter(4, 12000, fs=sr, output="sos"), x)
    path = tmp_path / "opus.wav"
    sf.write(path, to_44k(encode(x, sr, 96, "libopus", "ogg"), sr), 44100, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["opus_grid"]["decided"]
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(
        "decoded from lossy audio, most likely Opus: brought back to Opus's 48 kHz rate, "
    )
    assert "on CELT's 20 ms grid are zero" in finding.message
    assert finding.data["codec"] == "Opus" and finding.data["offset"] == 228
    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, to_44k(x, sr), 44100, subtype="PCM_16")
    assert run_rule(genuine, "T001") == []
    assert api.inspect(genuine, read_config=False).fidelity["opus_grid"]["found"] is False
