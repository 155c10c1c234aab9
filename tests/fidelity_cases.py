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


def music(sr: int = SR, seconds: float = 4.0) -> np.ndarray:
    """A full-band stereo music-like mix."""
    return g.musiclike(sr, seconds, seed=5)


def via_mp3(path, data, sr=SR, kbps=128, store="flac"):
    """Encode ``data`` as MP3, decode it and store the result losslessly at ``path``."""
    mp3 = g.write_mp3(path.with_suffix(".tmp.mp3"), data, sr, kbps=kbps)
    decoded, _ = sf.read(str(mp3), dtype="float32", always_2d=True)
    mp3.unlink()
    sf.write(str(path), decoded, sr, subtype="PCM_16", format=store.upper())
    return path


def upsampled(low: int, high: int = SR, seconds: float = 3.0) -> np.ndarray:
    """Voice brought down to ``low`` Hz and back up to ``high`` Hz with scipy's polyphase filter.

    Real audio at a low rate went through an anti-alias filter on its way there (an ADC's or a
    resampler's), so it holds nothing at its own Nyquist frequency; a signal synthesised right
    up to it would not be what users' files hold.
    """
    from math import gcd

    import soxr

    k = gcd(low, high)
    # down with libsoxr (a steep anti-alias filter, as ADCs and good resamplers have), back up
    # with scipy's own gentle default filter
    x = soxr.resample(voice(high, seconds), high, low, quality="VHQ")
    return np.clip(signal.resample_poly(x, high // k, low // k, axis=0), -1, 1).astype(np.float32)


def via_vorbis(path, data, sr=SR, quality=0.5):
    """Encode ``data`` as Ogg Vorbis (0.5 is about q5, 160 kbps), decode it, store it as FLAC."""
    ogg = g.write_vorbis(path.with_suffix(".tmp.ogg"), data, sr, quality=quality)
    decoded, _ = sf.read(str(ogg), dtype="float32", always_2d=True)
    ogg.unlink()
    sf.write(str(path), decoded, sr, subtype="PCM_16", format="FLAC")
    return path


def converter_edge(data, sr=SR, frac=0.95):
    """Genuine audio through a converter-like FIR whose edge sits at ``frac`` of Nyquist."""
    taps = signal.firwin(63, frac * sr / 2, fs=sr, window=("kaiser", 8.0))
    return signal.lfilter(taps, 1, data, axis=0).astype(np.float32)
