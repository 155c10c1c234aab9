"""Shared audio for the fidelity tests: one full-band voice, and fakes made from it."""

from __future__ import annotations

import audiogen as g
import numpy as np
import soundfile as sf
from scipy import signal

SR = 44100


def voice(sr: int = SR, seconds: float = 3.0) -> np.ndarray:
    """A full-band stereo voice (cached by audiogen)."""
    return g.speechlike(sr, seconds, channels=2, seed=1)


def via_mp3(path, data, sr=SR, kbps=128, store="flac"):
    """Encode ``data`` as MP3, decode it and store the result losslessly at ``path``."""
    mp3 = g.write_mp3(path.with_suffix(".tmp.mp3"), data, sr, kbps=kbps)
    decoded, _ = sf.read(str(mp3), dtype="float32", always_2d=True)
    mp3.unlink()
    sf.write(str(path), decoded, sr, subtype="PCM_16", format=store.upper())
    return path


def upsampled(low: int, high: int = SR, seconds: float = 3.0) -> np.ndarray:
    """Voice made at ``low`` Hz and resampled to ``high`` Hz with scipy's polyphase filter."""
    from math import gcd

    k = gcd(low, high)
    x = voice(low, seconds)
    return np.clip(signal.resample_poly(x, high // k, low // k, axis=0), -1, 1).astype(np.float32)
