"""A codec's grid that the channel mix hides is read in a channel (excerpt.searched).

Regression (review 2 NOTE): an MP3 decode with noise 30 dB down added to one channel read
"genuine": the mix holds the noise 36 dB under the decode, which fills the zeros LAME left, and
the grid searches read only the mix. They now read each channel where the mix holds no grid.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompt

from audiolint import api
from rules.test_fidelity_median_real import encode

DATA = Path(__file__).parents[1] / "data"


@needs_alsa
def test_noise_in_one_channel_does_not_hide_an_mp3_grid(tmp_path):
    """PyAV's LAME at 192 kbps, ALSA's Front_Center: L = the decode, R = the decode + noise
    30 dB under its level, 16-bit: lossy-origin by MP3's grid, as L = R is."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, 192, "libmp3lame", "mp3")
    noise = np.random.default_rng(1).normal(0, np.std(y) * 10 ** (-30 / 20), len(y))
    path = tmp_path / "noisy.wav"
    sf.write(path, np.stack([y, y + noise], axis=1), sr, subtype="PCM_16")
    noisy = api.inspect(path, read_config=False)
    fid = noisy.fidelity
    [t001] = [f.message for f in noisy.findings if f.rule == "T001"]
    assert "MP3's 576-sample grid" in t001 and "in channel 1 alone" in t001  # says where
    assert fid["verdict"] == "lossy-origin"
    assert (fid.get("mp3_grid") or {}).get("found") is True
    assert fid["mp3_grid"]["channel"] == 0  # found in L alone, and the evidence says so
    assert any("measured in channel 1 alone" in line for line in fid["evidence"])
    clean = tmp_path / "clean.wav"  # found in the mix: no channel named
    sf.write(clean, np.stack([y, y], axis=1), sr, subtype="PCM_16")
    both = api.inspect(clean, read_config=False)
    fid = both.fidelity
    assert not any("alone" in f.message for f in both.findings)
    assert fid["mp3_grid"]["found"] and "channel" not in fid["mp3_grid"]
    assert not any("alone" in line for line in fid["evidence"])


def _stereo_aac(left: np.ndarray, right: np.ndarray, sr: int, kbps: int) -> np.ndarray:
    """``left`` and ``right`` through PyAV's AAC encoder as one stereo stream, decoded back
    channel by channel: (frames, 2)."""
    import io

    import av

    buf = io.BytesIO()
    with av.open(buf, "w", format="adts") as out:
        stream = out.add_stream("aac", rate=sr)
        stream.layout, stream.bit_rate = "stereo", kbps * 1000
        planes = np.stack([left, right]).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(planes, format="fltp", layout="stereo")
        frame.sample_rate = sr
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    buf.seek(0)
    with av.open(buf) as inp:
        return np.concatenate([f.to_ndarray() for f in inp.decode(audio=0)], axis=1).T


@needs_csound_doc
def test_a_voice_and_its_backing_in_two_channels_do_not_hide_an_aac_grid(tmp_path):
    """Review 48a: a karaoke stem (iKala: the voice in one channel, the backing in the other)
    through FFmpeg's AAC at 192k read inconclusive, its mix's grid z 8.2: the mix adds the two
    channels' coded spectra and fills each one's zeros. Here csound's Mathews (speech, 2 s) in L
    and the committed guitar clip in R, through AAC 256k: the mix showed no grid; the channels
    correlate under 0.3, so one is searched alone."""
    voice, sr = sf.read(csound_example("Mathews.wav", tmp_path), dtype="float64", always_2d=True)
    voice = voice.mean(axis=1)[3 * sr : 5 * sr]
    guitar = sf.read(DATA / "guit_em9_sbc229k.flac", dtype="float64", always_2d=True)[0]
    backing = np.resize(guitar.mean(axis=1), len(voice))
    y = _stereo_aac(0.7 * voice, 0.5 * backing, sr, 256)
    sf.write(tmp_path / "stem.wav", y, sr, subtype="PCM_16")
    report = api.inspect(tmp_path / "stem.wav", read_config=False)
    grid = report.fidelity.get("codec_grid") or {}
    assert report.fidelity["verdict"] == "lossy-origin", report.fidelity["evidence"]
    assert grid.get("found") and grid.get("codec") == "AAC" and grid.get("channel") is not None
    assert any(f.rule == "T001" and "alone" in f.message for f in report.findings)
