"""Channels in antiphase (L = x, R = -x) keep the verdict their in-phase file gets.

Regression: the loud-span excerpt that the codec-grid and imaging searches read was the channel
mean, which cancels to silence when one channel's polarity is flipped. The tune half's antiphase
copy of csound's Finnegan (an MP3 decode as shipped, lossy-origin by MP3's grid) was called
'upsampled from 32 kHz' (LAME's 15.3 kHz low-pass read as a 32 kHz resampler's wall): no grid
was searched. The excerpt now keeps the first channel where the mean cancels the channels.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.analysis.excerpt import Excerpt
from rules.test_fidelity_median_real import encode


@needs_alsa
@pytest.mark.parametrize(
    ("codec", "fmt", "kbps", "grid"),
    [("libmp3lame", "mp3", 192, "mp3_grid"), ("aac", "adts", 128, "codec_grid")],
)
def test_an_antiphase_decode_keeps_its_codecs_grid(tmp_path, codec, fmt, kbps, grid):
    """PyAV's LAME at 192 kbps and FFmpeg's AAC at 128 kbps, ALSA's Front_Center: the in-phase
    decode is lossy-origin by the codec's grid; its antiphase copy read inconclusive (no grid)."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, kbps, codec, fmt)
    verdicts = {}
    for name, sign in (("inphase", 1.0), ("antiphase", -1.0)):
        path = tmp_path / f"{name}.wav"
        sf.write(path, np.stack([y, sign * y], axis=1), sr, subtype="PCM_16")
        fid = api.inspect(path, read_config=False).fidelity
        verdicts[name] = (fid["verdict"], bool((fid.get(grid) or {}).get("found")))
    assert verdicts["inphase"] == ("lossy-origin", True)
    assert verdicts["antiphase"] == verdicts["inphase"]


@needs_alsa
def test_the_excerpt_keeps_the_mean_of_channels_in_phase():
    """Channels merely different (two prompts) keep their mean; L = x, R = -x keeps the first."""
    a, _ = prompt("Front_Left")
    b, _ = prompt("Front_Right")
    n = min(len(a), len(b))
    both = np.stack([a[:n], b[:n]], axis=1).astype(np.float32)
    flipped = np.stack([a[:n], -a[:n]], axis=1).astype(np.float32)
    for block, want in ((both, both.mean(axis=1)), (flipped, flipped[:, 0])):
        excerpt = Excerpt()
        excerpt.update(np.ascontiguousarray(block, dtype=np.float32))
        pos, kept = excerpt.spans()[0]
        assert np.allclose(kept, want[pos : pos + len(kept)], atol=1e-6)


@needs_alsa
def test_a_silent_first_channel_gives_way_to_the_loudest(tmp_path):
    """Three channels (0, y, -y) of an MP3 decode (PyAV's LAME at 192 kbps, ALSA's
    Front_Center): the mean cancels and the first channel is silent, so the excerpt kept no span
    and no grid was searched (verdict inconclusive, grid records null); the loudest channel keeps
    the MP3 grid that the in-phase decode shows."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, 192, "libmp3lame", "mp3")
    path = tmp_path / "three.wav"
    sf.write(path, np.stack([0 * y, y, -y], axis=1), sr, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin"
    assert (fid.get("mp3_grid") or {}).get("found") is True


@needs_alsa
def test_the_excerpt_keeps_the_first_loud_channel_of_an_antiphase_block():
    """(0, a, -a) keeps a; (0.5 a, -a, 0) keeps -a: the first channel with half the loudest
    one's energy, not the first channel."""
    a, _ = prompt("Front_Left")
    z = np.zeros_like(a)
    for block, want in (((z, a, -a), a), ((0.5 * a, -a, z), -a)):
        excerpt = Excerpt()
        excerpt.update(np.stack(block, axis=1).astype(np.float32))
        pos, kept = excerpt.spans()[0]
        assert np.array_equal(kept, want[pos : pos + len(kept)].astype(np.float32))


@needs_alsa
def test_noise_in_the_flipped_channel_does_not_hide_the_grid(tmp_path):
    """L = the decode, R = -(the decode) + noise 30 dB under its level (PyAV's LAME at
    192 kbps, ALSA's Front_Center): R is the louder channel but not the one holding the grid;
    the first loud channel (L) keeps the MP3 grid. b5f5291, which kept the loudest, read
    genuine."""
    x, sr = prompt("Front_Center")
    y = encode(x, sr, 192, "libmp3lame", "mp3")
    noise = np.random.default_rng(1).normal(0, np.std(y) * 10 ** (-30 / 20), len(y))
    path = tmp_path / "noisy.wav"
    sf.write(path, np.stack([y, -y + noise], axis=1), sr, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin"
    assert (fid.get("mp3_grid") or {}).get("found") is True
