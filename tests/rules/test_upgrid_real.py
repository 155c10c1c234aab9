"""A lossy file decoded at 16-24 kHz, then upsampled (issue 11): found on the old rate's lattice.

ALSA's recorded prompts brought to 22.05 kHz by soxr, through LAME at 64 kbps (PyAV), decoded,
then upsampled by soxr to 44.1 or 48 kHz and rounded to 16 bits. LAME's 10 kHz low-pass stands
under 22.05 kHz audio's Nyquist frequency, so no resampler's wall shows and the verdict was
inconclusive: no finding at all. On the 22.05 kHz lattice the decode's samples return, and with
them MP3's zeros. The same prompts upsampled without the encode show none. So for FFmpeg's AAC
(audiobooks and podcasts are AAC at 22.05 kHz) and its Vorbis encoder at 16-24 kHz: before
upgrid searched their grids, T002 alone ("upsampled from ...") or nothing.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from rules.test_fidelity_median_real import encode


def _up(x: np.ndarray, rate: int, new: int) -> np.ndarray:
    soxr = pytest.importorskip("soxr")
    return np.round(np.clip(soxr.resample(x, rate, new), -1, 1) * 32767) / 32768


# (PyAV's encoder, its container, the codec T001 names, its grid's hop on the lattice)
MP3 = ("libmp3lame", "mp3", "MP3", 576)
AAC = ("aac", "adts", "AAC", 1024)
VORBIS = ("vorbis", "ogg", "Vorbis", 1024)  # FFmpeg's own encoder: 2048-sample blocks only


@needs_alsa
@pytest.mark.parametrize(
    ("name", "old", "kbps", "new", "codec"),
    [
        ("Rear_Center", 22050, 64, 44100, MP3),
        ("Side_Left", 22050, 64, 48000, MP3),
        ("Front_Left", 16000, 32, 48000, MP3),
        ("Rear_Center", 22050, 48, 44100, AAC),
        ("Front_Left", 16000, 32, 48000, AAC),
        ("Side_Left", 24000, 48, 48000, VORBIS),
    ],  # fmt: skip
)
def test_t001_names_a_codec_decoded_at_a_low_rate_and_upsampled(
    tmp_path, run_rule, name, old, kbps, new, codec
):
    x, sr = prompt(name)
    low = _up(x, sr, old)
    path = tmp_path / "up.wav"
    encoder, fmt, named, hop = codec
    # FFmpeg's Vorbis encoder is "experimental" and codes stereo only
    options, channels = ({"strict": "-2"}, 2) if encoder == "vorbis" else (None, 1)
    sf.write(path, _up(encode(low, old, kbps, encoder, fmt, channels, options), old, new), new)
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["upsampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["lattice_rate"] == old
    assert grid["codec"] == named and grid["hop"] == hop
    assert grid["zero_share"] >= 5 * grid["off_grid_share"]
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(f"decoded from lossy audio, most likely {named}: brought ")
    assert f"decoded at {old / 1000:g} kHz, then upsampled" in finding.message

    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, _up(low, old, new), new)
    fid = api.inspect(genuine, read_config=False).fidelity
    assert not (fid.get("upsampled_grid") or {}).get("found")
    assert run_rule(genuine, "T001") == []


@needs_alsa
@pytest.mark.parametrize(
    ("name", "codec", "rate"), [("Rear_Left", MP3, 40000), ("Front_Right", AAC, 32000)]
)
def test_t001_names_a_low_rate_decode_upsampled_then_brought_to_rvc_rates(
    tmp_path, run_rule, name, codec, rate
):
    """A 22.05 kHz decode upsampled to 44.1 kHz (a WAV made from a low-bitrate download), then
    brought to RVC's 40 or 32 kHz: both resamplers keep time, so the decode's samples are still
    on the 22.05 kHz lattice, and its grid is found there; the prompt so made without the
    encode shows none."""
    x, sr = prompt(name)
    low = _up(x, sr, 22050)
    encoder, fmt, named, hop = codec
    path = tmp_path / "chain.wav"
    decoded = encode(low, 22050, 48, encoder, fmt)
    sf.write(path, _up(_up(decoded, 22050, 44100), 44100, rate), rate)
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["upsampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["lattice_rate"] == 22050
    assert grid["codec"] == named and grid["hop"] == hop
    [finding] = run_rule(path, "T001")
    assert "decoded at 22.05 kHz, then upsampled" in finding.message

    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, _up(_up(low, 22050, 44100), 44100, rate), rate)
    assert not (api.inspect(genuine, read_config=False).fidelity.get("upsampled_grid") or {}).get(
        "found"
    )
    assert run_rule(genuine, "T001") == []
