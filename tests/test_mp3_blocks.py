"""An MP3 decodes the same in blocks as in one read (review 43c: libsndfile, read in 65,536-frame
blocks, put 0.35 s of zeros at every block of an 8 kbps MP3, and glitches up to 0.37 of full
scale at 8-64 kbps, erratically: 48 kbps mono too, 128 kbps stereo not; one read of the whole
file, and FFmpeg, agree to 1e-6). The probe names FFmpeg for MP3, whose blocks match."""

from __future__ import annotations

from pathlib import Path

import audiogen
import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts

from audiolint.probe import probe
from audiolint.probe.decode import blocks


def _mp3(path: Path, x: np.ndarray, sr: int, kbps: int) -> Path:
    """Stereo ``x`` through FFmpeg's libmp3lame (PyAV) at ``kbps``."""
    pcm = np.stack([x, x], axis=1).astype(np.float32)
    return audiogen._pyav_encode(path, "mp3", "libmp3lame", pcm, sr, bit_rate=kbps * 1000)


@needs_alsa
def test_a_low_bitrate_mp3_decodes_the_same_in_blocks(tmp_path):
    x, sr = prompts(0.2)
    x = np.tile(x, 12)  # about 3 minutes: many blocks
    path = _mp3(tmp_path / "low.mp3", 0.5 * x, sr, 32)
    result = probe(path)
    assert result.properties.decoder == "ffmpeg"
    got = np.concatenate(list(blocks(path, result.detected, decoder=result.properties.decoder)))
    whole, _ = sf.read(path, dtype="float32", always_2d=True)  # one read: no block boundary
    n = min(len(got), len(whole))
    assert abs(len(got) - len(whole)) <= 1152 and n > 20 * 65536
    assert float(np.abs(got[:n] - whole[:n]).max()) < 1e-3
