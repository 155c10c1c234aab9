"""Generate real test audio in code, for audiolint's tests and demo samples.

This is a helper module, not a test module: it has no ``test_`` functions and
pytest does not collect it. Import it from tests with ``from audiogen import ...``
(``tests/`` is on ``sys.path`` under pytest's default rootdir-based import mode)
or load it by path as ``scripts/make_samples.py`` does.

Everything here is deterministic: signals take a ``seed`` where randomness is
involved, and encoders are fed the same samples every time. Nothing shells out;
encoding uses soundfile (libsndfile) and, for MP4/ASF, PyAV's bundled FFmpeg
libraries.

Signals are float32 arrays shaped ``(frames, channels)`` with values in [-1, 1].
Writers return the :class:`pathlib.Path` they wrote.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import soundfile as sf

PathLike = str | os.PathLike

__all__ = [
    "EncoderUnavailable",
    "FORMATS",
    "corrupt_truncate",
    "mp3_bitrates",
    "mp3_compression_level",
    "musiclike",
    "noise",
    "shaped_dither16",
    "silence",
    "speechlike",
    "strip_xing",
    "tone",
    "vbr_then_loud",
    "write_aiff",
    "write_flac",
    "write_m4a",
    "write_mp3",
    "write_opus",
    "write_text_as",
    "write_vorbis",
    "write_wav",
    "write_wma",
]


class EncoderUnavailable(RuntimeError):
    """Raised when an encoder (PyAV itself, or one of its codecs) is missing.

    Tests should catch it and ``pytest.skip(str(exc))``.
    """


# --------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------


def _frames(sr: int, seconds: float) -> int:
    if sr <= 0:
        raise ValueError(f"sample rate must be positive, got {sr}")
    if seconds < 0:
        raise ValueError(f"seconds must be >= 0, got {seconds}")
    return int(round(sr * seconds))


def _as_channels(mono: np.ndarray, channels: int) -> np.ndarray:
    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}")
    return np.repeat(mono.astype(np.float32)[:, None], channels, axis=1)


def tone(
    sr: int, seconds: float, freq: float = 440.0, amp: float = 0.5, channels: int = 1
) -> np.ndarray:
    """A sine wave of ``freq`` Hz and peak ``amp``, identical in every channel.

    Returns float32 ``(frames, channels)``.
    """
    n = _frames(sr, seconds)
    t = np.arange(n, dtype=np.float64) / sr
    mono = amp * np.sin(2.0 * np.pi * freq * t)
    return _as_channels(np.clip(mono, -1.0, 1.0), channels)


def noise(
    sr: int, seconds: float, amp: float = 0.1, channels: int = 1, seed: int = 0
) -> np.ndarray:
    """White noise, uniformly distributed in [-amp, amp] (so ``amp`` is the peak).

    Each channel is independent (uncorrelated). Deterministic for a given ``seed``.
    Returns float32 ``(frames, channels)``.
    """
    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}")
    n = _frames(sr, seconds)
    rng = np.random.default_rng(seed)
    data = rng.uniform(-amp, amp, size=(n, channels))
    return np.clip(data, -1.0, 1.0).astype(np.float32)


# A church bell's partials: (ratio to the strike note, amplitude, decay factor): hum, prime,
# tierce, quint, nominal and two upper partials; the higher ones die away sooner
_BELL_PARTIALS = ((0.5, 0.6, 1.6), (1.0, 1.0, 1.0), (1.19, 0.6, 0.8), (1.5, 0.4, 0.7),
                  (2.0, 0.5, 0.6), (2.52, 0.3, 0.4), (3.01, 0.2, 0.3))  # fmt: skip


def bell(
    sr: int, notes: list[float], tau: float = 0.15, gap: float = 0.9, seed: int = 0
) -> np.ndarray:
    """A struck bell: one strike per note in ``notes`` (Hz), ``gap`` seconds apart, each partial
    decaying exponentially (time constant ``tau`` times its decay factor), as a bell, a
    vibraphone or a struck glass rings. Peak 0.5; returns float32 ``(frames, 1)``."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(gap * sr)) / sr
    strikes = [
        sum(
            a * np.sin(2 * np.pi * f0 * r * t + rng.uniform(0, 2 * np.pi)) * np.exp(-t / (tau * d))
            for r, a, d in _BELL_PARTIALS
        )
        for f0 in notes
    ]
    x = np.concatenate(strikes)
    return (0.5 * x / np.abs(x).max()).astype(np.float32)[:, None]


# the vowel /a/'s formants: (centre Hz, bandwidth Hz)
_VOWEL_A = ((700, 130), (1220, 70), (2600, 160), (3300, 250))


def sung_vowel(
    sr: int, f0: float, vibrato_st: float, seconds: float = 4.0, seed: int = 0
) -> np.ndarray:
    """A held sung /a/: a glottal pulse train at ``f0`` Hz swinging ``vibrato_st`` semitones
    either way at 5.5 Hz (with a slow random drift) through four fixed formant resonators, faded
    in and out. Peak 0.5; returns float32 ``(frames, 1)``."""
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    t = np.arange(int(sr * seconds)) / sr
    drift = 0.15 * np.cumsum(rng.standard_normal(len(t))) / np.sqrt(sr)
    cycles = np.cumsum(f0 * 2 ** ((vibrato_st * np.sin(2 * np.pi * 5.5 * t) + drift) / 12)) / sr
    x = lfilter([1.0], [1.0, -0.97], np.diff(np.floor(cycles), prepend=0.0))  # pulses, tilted
    for centre, width in _VOWEL_A:
        r, theta = np.exp(-np.pi * width / sr), 2 * np.pi * centre / sr
        x = lfilter([1.0 - r], [1.0, -2.0 * r * np.cos(theta), r * r], x)
    x *= np.minimum(1.0, np.minimum(t / 0.1, (seconds - t) / 0.2))
    return (0.5 * x / np.abs(x).max()).astype(np.float32)[:, None]


def organ_scale(sr: int, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    """A synthetic organ playing the C major scale up from middle C: eight notes of 0.5 s, six
    harmonics each (each 0.6 of the one below), 20 ms fades, one note at a time, under white
    noise of standard deviation ``noise`` (the notes peak near 0.2). Returns float32
    ``(frames, 1)``."""
    fade, t = np.linspace(0.0, 1.0, int(0.02 * sr)), np.arange(int(0.5 * sr)) / sr
    notes = []
    for f0 in (262, 294, 330, 349, 392, 440, 494, 523):
        x = 0.1 * sum(0.6**k * np.sin(2 * np.pi * f0 * (k + 1) * t) for k in range(6))
        x[: len(fade)] *= fade
        x[-len(fade) :] *= fade[::-1]
        notes.append(x)
    x = np.concatenate(notes)
    x = x + noise * np.random.default_rng(seed).standard_normal(len(x))
    return x.astype(np.float32)[:, None]


def buzz_in_noise(
    sr: int, f0: float, snr_db: float, seconds: float = 4.0, seed: int = 0
) -> np.ndarray:
    """A steady buzz (five harmonics of ``f0`` Hz, the k-th at 1/k) in white noise ``snr_db``
    under it (power), as a hum or a machine under hiss. Peak 0.3; returns float32
    ``(frames, 1)``."""
    t = np.arange(int(sr * seconds)) / sr
    x = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))
    hiss = np.random.default_rng(seed).standard_normal(len(x))
    x = x + hiss * np.sqrt(np.mean(x**2) / np.mean(hiss**2) / 10 ** (snr_db / 10))
    return (0.3 * x / np.abs(x).max()).astype(np.float32)[:, None]


def silence(sr: int, seconds: float, channels: int = 1) -> np.ndarray:
    """Digital silence (all zeros). Returns float32 ``(frames, channels)``."""
    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}")
    return np.zeros((_frames(sr, seconds), channels), dtype=np.float32)


# Rough vowel formant targets (F1, F2, F3 in Hz) for an adult speaker.
_VOWELS = np.array(
    [
        (730, 1090, 2440),  # a
        (530, 1840, 2480),  # e
        (270, 2290, 3010),  # i
        (570, 840, 2410),  # o
        (300, 870, 2240),  # u
        (660, 1720, 2410),  # ae
        (490, 1350, 1690),  # schwa-ish / r-coloured
    ],
    dtype=np.float64,
)
_BANDWIDTHS = np.array([90.0, 110.0, 170.0])
_FORMANT_GAINS = np.array([1.0, 0.6, 0.3])


def _smooth(x: np.ndarray, width: int) -> np.ndarray:
    """Moving average with edge padding (same length as x)."""
    if width <= 1:
        return x
    pad = width // 2
    xp = np.pad(x, (pad, width - 1 - pad), mode="edge")
    c = np.cumsum(np.concatenate([[0.0], xp]))
    return (c[width:] - c[:-width]) / width


def _highpass_noise(rng: np.random.Generator, n: int, sr: int, corner: float) -> np.ndarray:
    """White noise high-passed in the frequency domain (gentle 2nd-order-like slope)."""
    w = rng.standard_normal(n)
    spec = np.fft.rfft(w)
    f = np.fft.rfftfreq(n, 1.0 / sr)
    mag = (f / corner) ** 2 / (1.0 + (f / corner) ** 2)
    out = np.fft.irfft(spec * mag, n)
    return out / (np.max(np.abs(out)) + 1e-12)


def speechlike(
    sr: int, seconds: float, channels: int = 1, seed: int = 0, amp: float = 0.5
) -> np.ndarray:
    """A voiced-speech-like, genuinely full-band signal (no real speech involved).

    Built from:

    * a harmonic series (all harmonics up to just below Nyquist) on a wandering
      fundamental that glides smoothly between 100 and 250 Hz;
    * per-harmonic gains from a formant-ish envelope (three resonances whose
      targets change per syllable, as vowels would) times a gentle spectral
      tilt that flattens out above ~4 kHz, so harmonics keep real energy up to
      Nyquist (at 44.1/48 kHz the 16 kHz..Nyquist band holds about -30 dB of the
      total energy, and the spectrum rolls off smoothly, with no cliff);
    * a syllable-rate amplitude envelope (3-5 syllables per second) with short
      pauses every few syllables;
    * fricative bursts (high-passed noise) at some syllable onsets, a little
      breath noise while voiced, and a very low room-noise floor everywhere,
      all reaching up to Nyquist.

    The result is peak-normalised to ``amp`` (so it never clips for amp <= 1).
    Multi-channel output is the same voice in every channel (a mono voice in a
    stereo file). Deterministic for a given ``seed``. Returns float32
    ``(frames, channels)``.
    """
    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}")
    mono = _speech_mono(int(sr), float(seconds), int(seed))
    return _as_channels(np.clip(mono * amp, -1.0, 1.0), channels)


@functools.lru_cache(maxsize=16)
def _speech_mono(sr: int, seconds: float, seed: int) -> np.ndarray:
    """The peak-normalised (peak 1.0) mono signal behind :func:`speechlike` (cached, read-only)."""
    n = _frames(sr, seconds)
    if n == 0:
        return np.zeros(0)
    rng = np.random.default_rng(seed)
    nyq = sr / 2.0
    t = np.arange(n) / sr

    # --- fundamental: random control points every 80 ms, smoothed, in [100, 250] Hz
    ctrl_t = np.arange(0.0, seconds + 0.16, 0.08)
    ctrl_f = rng.uniform(110.0, 240.0, ctrl_t.size)
    f0 = np.interp(t, ctrl_t, ctrl_f)
    f0 = _smooth(f0, max(1, int(0.06 * sr)))
    f0 *= 1.0 + 0.004 * np.sin(2 * np.pi * 5.5 * t)  # a touch of vibrato/jitter
    f0 = np.clip(f0, 100.0, 250.0)
    phase = 2.0 * np.pi * np.cumsum(f0) / sr

    # --- syllables: envelope, formant tracks, fricative envelope
    env = np.zeros(n)
    fric_env = np.zeros(n)
    vowel_ctrl_t = [0.0]
    vowel_ctrl = [_VOWELS[0]]
    pos = 0.08  # short lead-in (room tone only)
    syll_in_phrase = 0
    phrase_len = int(rng.integers(3, 6))
    end = seconds - 0.08
    while pos < end - 0.12:
        dur = min(float(rng.uniform(0.2, 0.33)), end - pos)  # 3-5 syllables per second
        i0, i1 = int(pos * sr), min(n, int((pos + dur) * sr))
        m = i1 - i0
        if m > 8:
            x = np.linspace(0.0, 1.0, m)
            # fast attack, slower decay; plus per-syllable loudness variation
            shape = np.sin(np.pi * x**0.7) ** 1.5
            env[i0:i1] = np.maximum(env[i0:i1], shape * rng.uniform(0.6, 1.0))
            if rng.random() < 0.45:  # fricative onset (s, sh, f, t...)
                fm = min(m, int(rng.uniform(0.03, 0.08) * sr))
                fx = np.linspace(0.0, 1.0, fm)
                fric_env[i0 : i0 + fm] = np.sin(np.pi * fx) * rng.uniform(0.15, 0.35)
        v = _VOWELS[int(rng.integers(len(_VOWELS)))] * rng.uniform(0.92, 1.08, 3)
        vowel_ctrl_t += [pos + 0.3 * dur, pos + 0.8 * dur]
        vowel_ctrl += [v, v]
        pos += dur
        syll_in_phrase += 1
        if syll_in_phrase >= phrase_len:  # short pause between phrases
            pos += float(rng.uniform(0.12, 0.25))
            syll_in_phrase = 0
            phrase_len = int(rng.integers(3, 6))
    vowel_ctrl_t.append(seconds + 1.0)
    vowel_ctrl.append(vowel_ctrl[-1])
    vct = np.asarray(vowel_ctrl_t)
    vc = np.asarray(vowel_ctrl)

    # --- harmonic synthesis; gains evaluated on a coarse control grid (f0 and
    # formants move slowly) and interpolated, so this stays fast.
    hop = 32
    tc = t[::hop]
    f0c = f0[::hop]
    formants = np.stack([_smooth(np.interp(tc, vct, vc[:, j]), 5) for j in range(3)], axis=1)
    voiced = np.zeros(n)
    kmax = int(nyq // 100.0)
    phis = rng.uniform(0, 2 * np.pi, kmax + 1)
    # linear interpolation weights from the control grid to every sample
    pos_c = np.arange(n) / hop
    idx = np.minimum(pos_c.astype(np.int64), tc.size - 1)
    idx1 = np.minimum(idx + 1, tc.size - 1)
    frac = pos_c - idx
    # harmonic k's phasor is z1**k, built by repeated complex multiplication, which is
    # far cheaper than evaluating sin(k * phase) for hundreds of harmonics
    z1 = np.exp(1j * (phase % (2.0 * np.pi)))
    zk = np.ones(n, dtype=np.complex128)
    for k in range(1, kmax + 1):
        zk *= z1
        fk = k * f0c
        if fk.min() >= 0.97 * nyq:
            break
        res = np.zeros_like(fk)
        for j in range(3):
            res += _FORMANT_GAINS[j] / (1.0 + ((fk - formants[:, j]) / (_BANDWIDTHS[j] / 2.0)) ** 2)
        # spectral tilt: about -6 dB/oct up to a few kHz, then much flatter
        tilt = (150.0 / np.maximum(fk, 150.0)) ** 0.9 + 0.012 * (1.0 + fk / 8000.0) ** -0.3
        # anti-alias taper just below Nyquist
        aa = np.clip((0.97 * nyq - fk) / (0.02 * nyq), 0.0, 1.0)
        g = (0.08 + res) * tilt * aa
        gain = g[idx] + (g[idx1] - g[idx]) * frac
        # Im(z^k * e^{i phi}) = sin(k * phase + phi)
        voiced += gain * (zk.imag * np.cos(phis[k]) + zk.real * np.sin(phis[k]))

    voiced *= env
    breath = _highpass_noise(rng, n, sr, 1500.0) * env * 0.02
    fric = _highpass_noise(rng, n, sr, 3500.0) * fric_env
    voiced /= np.max(np.abs(voiced)) + 1e-12
    mono = voiced + breath + fric
    mono /= np.max(np.abs(mono)) + 1e-12
    mono += rng.standard_normal(n) * 3e-4  # room tone ~ -70 dB below the peak, full band
    mono /= np.max(np.abs(mono)) + 1e-12
    mono.setflags(write=False)
    return mono


def vbr_then_loud(sr: int, seconds: float, channels: int = 1, seed: int = 0) -> np.ndarray:
    """Quiet first half then loud noise: frame bitrates in a VBR MP3 vary a lot.

    First 40 %: near-silence (a very quiet tone); remaining 60 %: loud white noise
    plus a tone. Used to make a VBR MP3 whose first frames are low-bitrate, so a
    reader that estimates duration from the first frame (no Xing header) gets
    it badly wrong.
    """
    n = _frames(sr, seconds)
    q = int(n * 0.4)
    quiet = tone(sr, q / sr, freq=220.0, amp=0.001, channels=channels)
    loud_n = n - q
    loud = noise(sr, loud_n / sr, amp=0.6, channels=channels, seed=seed)
    loud += tone(sr, loud_n / sr, freq=330.0, amp=0.3, channels=channels)
    out = np.concatenate([quiet, loud], axis=0)
    return np.clip(out, -1.0, 1.0).astype(np.float32)


def musiclike(
    sr: int, seconds: float, channels: int = 2, seed: int = 0, amp: float = 0.7
) -> np.ndarray:
    """A music-like, genuinely full-band signal: chords, a bass line, kick, snare and hi-hats.

    Chords change every 0.5-1 s; each note is a harmonic series (all harmonics to just below
    Nyquist, falling about 1/k) with a piano-like decay. Kick (pitched thump), snare (noise
    burst) and hi-hats (bright noise bursts, flat to Nyquist) follow an eighth-note grid, and
    a faint full-band room-noise floor (about -75 dB) runs throughout, so the 16 kHz-Nyquist
    band carries real energy in every loud stretch, as in a produced mix. With two channels,
    notes and hats are panned differently and the noise is independent per channel, so left,
    right, mid and side all differ. Peak-normalised to ``amp``; deterministic for ``seed``.
    Returns float32 ``(frames, channels)``.
    """
    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}")
    n = _frames(sr, seconds)
    rng = np.random.default_rng(seed)
    out = np.zeros((n, 2))
    t = np.arange(n) / sr
    nyq = sr / 2.0
    pos = 0.0
    while pos < seconds:  # chords
        dur = float(rng.choice([0.5, 0.75, 1.0]))
        root = 110.0 * 2 ** (int(rng.integers(0, 12)) / 12)
        i0, i1 = int(pos * sr), min(n, int((pos + dur + 0.3) * sr))
        tt = t[i0:i1] - pos
        for semis in (0, 4, 7, 12, 16) if rng.random() < 0.5 else (0, 3, 7, 10, 15):
            f0 = root * 2 ** (semis / 12) * 2
            pan = rng.uniform(0.2, 0.8)
            k = np.arange(1, int(0.97 * nyq // f0) + 1)
            gains = (1.0 / k) * np.exp(-k * f0 / 30000.0) * rng.uniform(0.5, 1.0, k.size)
            note = np.sin(2 * np.pi * f0 * np.outer(tt, k) + rng.uniform(0, 6.3, k.size)) @ gains
            note *= np.exp(-tt * rng.uniform(1.5, 4.0)) * np.minimum(tt / 0.005, 1.0) * 0.12
            out[i0:i1, 0] += note * (1 - pan)
            out[i0:i1, 1] += note * pan
        pos += dur
    step = 60.0 / float(rng.uniform(90, 140)) / 2  # eighth notes
    for i, start in enumerate(np.arange(0.0, seconds, step)):
        i0 = int(start * sr)
        m = min(n - i0, int(0.25 * sr))
        if m <= 0:
            break
        tt = np.arange(m) / sr
        if i % 4 == 0:  # kick
            kick = np.sin(2 * np.pi * (50 + 100 * np.exp(-tt * 30)) * tt) * np.exp(-tt * 12)
            out[i0 : i0 + m] += 0.5 * kick[:, None]
        if i % 4 == 2:  # snare
            sn = rng.standard_normal((m, 2)) * np.exp(-tt * 25)[:, None] * 0.15
            out[i0 : i0 + m] += sn
        hat = np.diff(rng.standard_normal((m + 1, 2)), axis=0) * np.exp(-tt * 40)[:, None]
        out[i0 : i0 + m] += hat * np.array([0.6, 0.4]) * rng.uniform(0.03, 0.07)
    out += rng.standard_normal((n, 2)) * 2e-4
    out /= np.max(np.abs(out)) + 1e-12
    out = np.clip(out * amp, -1.0, 1.0).astype(np.float32)
    if channels == 2:
        return out
    return _as_channels(out.mean(axis=1), channels)


# --------------------------------------------------------------------------------------
# soundfile-based writers
# --------------------------------------------------------------------------------------


def _prep(path: PathLike, data: np.ndarray) -> tuple[Path, np.ndarray]:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    arr = np.asarray(data)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"data must be (frames,) or (frames, channels), got shape {arr.shape}")
    return p, arr


_WAV_SUBTYPES = ("PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE")


# Lipshitz's minimally audible 5-tap error-feedback filter, as Audacity's shaped dither uses it
SHAPED_DITHER = (2.033, -2.165, 1.959, -1.590, 0.6149)


def shaped_dither16(data: np.ndarray, seed: int = 0) -> np.ndarray:
    """Float samples (full scale 1) as 16-bit integers, as Audacity writes a 16-bit export with
    its default "shaped" dither: per channel, TPDF dither of +-1 LSB added to the sample plus
    the past rounding errors through :data:`SHAPED_DITHER`, which lifts the rounding noise in
    the top octave 15-30 dB over plain dither's. A sample loop: about 0.15 s a 100,000 samples.
    Returns int16 ``(frames, channels)``."""
    rng = np.random.default_rng(seed)
    x = np.asarray(data, dtype=np.float64).reshape(len(data), -1) * 32768.0
    out = np.empty(x.shape, np.int16)
    b0, b1, b2, b3, b4 = SHAPED_DITHER
    for c in range(x.shape[1]):
        tri = (rng.random(len(x)) - rng.random(len(x))).tolist()
        e0 = e1 = e2 = e3 = e4 = 0.0  # the last five errors, newest first
        col = out[:, c]
        for n, s in enumerate(x[:, c].tolist()):
            xe = s + b0 * e0 + b1 * e1 + b2 * e2 + b3 * e3 + b4 * e4
            q = min(32767, max(-32768, round(xe + tri[n])))
            e4, e3, e2, e1, e0 = e3, e2, e1, e0, xe - q
            col[n] = q
    return out


def write_wav(
    path: PathLike, data: np.ndarray, sr: int, subtype: str = "PCM_16", extensible: bool = False
) -> Path:
    """Write a RIFF WAVE file.

    ``subtype``: PCM_U8, PCM_16, PCM_24, PCM_32, FLOAT or DOUBLE. With
    ``extensible=True`` the fmt chunk is WAVE_FORMAT_EXTENSIBLE (soundfile
    format 'WAVEX'), as written by many DAWs for >16-bit or multichannel audio.
    """
    if subtype not in _WAV_SUBTYPES:
        raise ValueError(f"unsupported WAV subtype {subtype!r}; use one of {_WAV_SUBTYPES}")
    p, arr = _prep(path, data)
    sf.write(p, arr, sr, subtype=subtype, format="WAVEX" if extensible else "WAV")
    return p


def write_flac(path: PathLike, data: np.ndarray, sr: int, subtype: str = "PCM_16") -> Path:
    """Write a FLAC file; ``subtype`` PCM_16, PCM_24 or PCM_S8 (8-bit)."""
    if subtype not in ("PCM_16", "PCM_24", "PCM_S8"):
        raise ValueError(f"unsupported FLAC subtype {subtype!r}")
    p, arr = _prep(path, data)
    sf.write(p, arr, sr, subtype=subtype, format="FLAC")
    return p


def write_aiff(path: PathLike, data: np.ndarray, sr: int, subtype: str = "PCM_16") -> Path:
    """Write an AIFF file; ``subtype`` e.g. PCM_S8, PCM_16, PCM_24, PCM_32, FLOAT."""
    p, arr = _prep(path, data)
    sf.write(p, arr, sr, subtype=subtype, format="AIFF")
    return p


# MP3 via libsndfile + LAME ----------------------------------------------------------------
#
# How libsndfile 1.2.2 maps ``compression_level`` (c, 0..1) for MP3 (src/mpeg_l3_encode.c,
# confirmed by experiment, reading back with mutagen):
#
#   * CBR/ABR: target = int(hi - c * (hi - lo)) kbps, where (lo, hi) depends on the MPEG
#     version LAME picks from the sample rate: sr >= 32000 -> MPEG-1 (32, 320);
#     16000 <= sr < 32000 -> MPEG-2 (8, 160); below -> MPEG-2.5 (8, 64).
#     CBR: LAME then snaps the target to the *nearest* legal bitrate (ties go down:
#     c=0.5 -> 176 -> 160). ABR: the target is used directly as the mean bitrate.
#   * VBR: LAME VBR quality = c * 10 (c=0 is V0, best; 0.9 is V9).
#   * c = 1.0 is rejected by soundfile/libsndfile ("Error set compression level"),
#     so the usable range is [0, 1).
#
# Measured at 44.1 kHz mono, CBR, c in steps of 0.05 (mutagen MP3.info.bitrate, kbps):
#   0.00-0.10 -> 320 | 0.15-0.25 -> 256 | 0.30-0.35 -> 224 | 0.40-0.45 -> 192 |
#   0.50-0.60 -> 160 | 0.65 -> 128 | 0.70 -> 112 | 0.75-0.80 -> 96 | 0.85 -> 80 |
#   0.90 -> 56 | 0.95 -> 48 | 1.0 -> error
# (mutagen shows 255/191/127 at 44.1 kHz because it derives the bitrate from the Info
# header's byte count, and 44.1 kHz frames alternate padding; 48 kHz shows exact values.)
# At 22.05/16 kHz (MPEG-2) the same c gives 160 ... 16 kbps, at 8 kHz 64 ... 8 kbps.
#
# Caveat: at low bitrates (roughly <= 48 kbps mono at 44.1 kHz, <= 56 kbps at 48 kHz)
# LAME cannot fit the Xing/Info/LAME tag in the first frame and omits it, so mutagen
# reports bitrate_mode UNKNOWN ("CBR?") instead of CBR; the bitrate is still right.

_MPEG1_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_KBPS = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)


def _mp3_range(sr: int) -> tuple[int, int]:
    if sr >= 32000:
        return 32, 320
    if sr >= 16000:
        return 8, 160
    return 8, 64


def mp3_bitrates(sr: int) -> tuple[int, ...]:
    """The CBR bitrates (kbps) reachable through libsndfile at sample rate ``sr``."""
    lo, hi = _mp3_range(sr)
    table = _MPEG1_KBPS if sr >= 32000 else _MPEG2_KBPS
    return tuple(b for b in table if lo <= b <= hi)


def mp3_compression_level(kbps: float, sr: int, mode: str = "CBR") -> float:
    """Return the soundfile ``compression_level`` that makes LAME use ``kbps``.

    Inverts libsndfile's linear map (see the comment above): we aim at
    ``kbps + 0.5`` so the ``int()`` truncation inside libsndfile lands exactly on
    ``kbps``. For CBR, ``kbps`` must be a legal bitrate for the sample rate
    (see :func:`mp3_bitrates`); for ABR any value in range works.
    """
    lo, hi = _mp3_range(sr)
    mode = mode.upper()
    if mode == "CBR" and int(kbps) not in mp3_bitrates(sr):
        raise ValueError(
            f"{kbps} kbps is not a CBR bitrate libsndfile/LAME can produce at "
            f"{sr} Hz; choose one of {mp3_bitrates(sr)}"
        )
    if not lo <= kbps <= hi:
        raise ValueError(f"{kbps} kbps is outside [{lo}, {hi}] for {sr} Hz")
    c = (hi - (kbps + 0.5)) / (hi - lo)
    return float(min(max(c, 0.0), 0.999))


# LAME's documented typical bitrates for its VBR presets V0..V9 (stereo music, 44.1 kHz).
# Used only to choose a VBR quality from a kbps hint; real VBR bitrates depend on the
# signal (mono speech lands far lower, roughly half).
_LAME_VBR_TYPICAL_KBPS = (245, 225, 190, 175, 165, 130, 115, 100, 85, 65)


def _vbr_quality_for(kbps: float) -> float:
    table = np.asarray(_LAME_VBR_TYPICAL_KBPS, dtype=float)
    # table is decreasing; interpolate on reversed arrays
    return float(np.interp(kbps, table[::-1], np.arange(10)[::-1].astype(float)))


def write_mp3(
    path: PathLike,
    data: np.ndarray,
    sr: int,
    kbps: float = 128,
    mode: str = "CBR",
    vbr_quality: float | None = None,
) -> Path:
    """Write an MP3 with LAME through soundfile (libsndfile >= 1.1).

    ``mode``: 'CBR' (constant; ``kbps`` must be a legal MPEG bitrate), 'ABR'
    (average; LAME aims at ``kbps`` on average) or 'VBR' (variable; quality
    ``vbr_quality`` 0 = best .. 9.99, by default picked from ``kbps`` using LAME's
    typical V0-V9 bitrates, so the result is only loosely related to ``kbps``).
    LAME writes a Xing ('Info' for CBR) + LAME header frame first, except at very
    low bitrates where it does not fit (see the module comment).
    """
    mode = mode.upper()
    p, arr = _prep(path, data)
    if mode == "CBR":
        level, brmode = mp3_compression_level(kbps, sr, "CBR"), "CONSTANT"
    elif mode == "ABR":
        level, brmode = mp3_compression_level(kbps, sr, "ABR"), "AVERAGE"
    elif mode == "VBR":
        q = _vbr_quality_for(kbps) if vbr_quality is None else float(vbr_quality)
        level, brmode = min(max(q / 10.0, 0.0), 0.999), "VARIABLE"
    else:
        raise ValueError(f"mode must be CBR, VBR or ABR, not {mode!r}")
    sf.write(
        p,
        arr,
        sr,
        format="MP3",
        subtype="MPEG_LAYER_III",
        bitrate_mode=brmode,
        compression_level=level,
    )
    return p


def write_vorbis(path: PathLike, data: np.ndarray, sr: int, quality: float = 0.5) -> Path:
    """Write Ogg Vorbis. ``quality`` 0..1 (libsndfile maps compression_level = 1 - quality;
    0.4 is libsndfile's default, roughly Vorbis q4)."""
    if not 0.0 <= quality <= 1.0:
        raise ValueError("quality must be in [0, 1]")
    p, arr = _prep(path, data)
    sf.write(p, arr, sr, format="OGG", subtype="VORBIS", compression_level=1.0 - quality)
    return p


_OPUS_RATES = (8000, 12000, 16000, 24000, 48000)


def write_opus(path: PathLike, data: np.ndarray, sr: int = 48000, kbps: float = 64) -> Path:
    """Write Ogg Opus at total bitrate ``kbps``.

    Opus only takes 8/12/16/24/48 kHz input. libsndfile maps compression_level c to
    a target bitrate of ``int((1 - c) * 250000 + 6000) * channels`` bit/s, i.e. 6-256
    kbps per channel; we invert that. Note Opus always *decodes* at 48 kHz (mutagen
    reports 48000 whatever the input rate).
    """
    if sr not in _OPUS_RATES:
        raise ValueError(f"Opus needs a sample rate in {_OPUS_RATES}, got {sr}")
    p, arr = _prep(path, data)
    per_ch = kbps * 1000.0 / arr.shape[1]
    if not 6000 <= per_ch <= 256000:
        raise ValueError("Opus bitrate must be 6-256 kbps per channel")
    level = 1.0 - (per_ch - 6000.0) / 250000.0
    sf.write(p, arr, sr, format="OGG", subtype="OPUS", compression_level=min(max(level, 0.0), 1.0))
    return p


# --------------------------------------------------------------------------------------
# PyAV-based writers (MP4/M4A and ASF/WMA); libsndfile cannot write these.
# --------------------------------------------------------------------------------------


def _require_av(codec: str):
    try:
        import av  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise EncoderUnavailable(f"PyAV is not installed; cannot encode {codec}") from exc
    try:
        av.Codec(codec, "w")
    except Exception as exc:  # av.codec.codec.UnknownCodecError et al.
        raise EncoderUnavailable(
            f"PyAV {av.__version__} has no {codec!r} encoder in its FFmpeg build"
        ) from exc
    return av


def _pyav_encode(
    path: Path,
    fmt: str,
    codec: str,
    arr: np.ndarray,
    sr: int,
    *,
    bit_rate: int | None = None,
    sample_fmt: str | None = None,
    options: dict | None = None,
    container_options: dict | None = None,
) -> Path:
    """``arr`` (float, frames x channels) through FFmpeg's ``codec`` into a ``fmt`` container at
    ``path`` (a path, or a file object such as io.BytesIO), its codec and container given
    ``options`` and ``container_options`` (FFmpeg's own: ``{"dtx": "1"}``, ``{"movflags":
    ...}``); raises EncoderUnavailable where this FFmpeg cannot encode it."""
    av = _require_av(codec)
    channels = arr.shape[1]
    if channels not in (1, 2):
        raise ValueError("only mono or stereo supported")
    layout = "mono" if channels == 1 else "stereo"
    codec_obj = av.Codec(codec, "w")
    try:
        small_last = bool(codec_obj.capabilities & av.codec.codec.Capabilities.small_last_frame)
    except Exception:  # pragma: no cover - older/newer PyAV
        small_last = False
    target = str(path) if isinstance(path, (str, Path)) else path
    with av.open(target, "w", format=fmt, options=container_options or {}) as container:
        stream = container.add_stream(codec, rate=sr, options=options or {})
        stream.layout = layout
        if sample_fmt:
            stream.format = sample_fmt
        if bit_rate:
            stream.bit_rate = bit_rate
        ctx = stream.codec_context
        ctx.time_base = Fraction(1, sr)
        try:
            ctx.open()
        except Exception as exc:
            raise EncoderUnavailable(f"could not open {codec!r} encoder: {exc}") from exc
        fs = ctx.frame_size or 4096
        fmt_name = stream.format.name
        planar = stream.format.is_planar
        data = arr
        rem = data.shape[0] % fs
        if rem and not small_last:
            # encoder wants full frames: pad the final frame with silence
            data = np.concatenate([data, np.zeros((fs - rem, channels), dtype=data.dtype)])
        pts = 0
        for i in range(0, data.shape[0], fs):
            chunk = data[i : i + fs]
            x = chunk.T if planar else chunk.reshape(1, -1)
            if fmt_name.startswith("s16"):
                x = np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)
            elif fmt_name.startswith("s32"):
                x = np.clip(
                    np.round(x.astype(np.float64) * 2147483647.0), -2147483648, 2147483647
                ).astype(np.int32)
            else:
                x = x.astype(np.float32)
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(x), format=fmt_name, layout=layout
            )
            frame.sample_rate = sr
            frame.pts = pts
            frame.time_base = Fraction(1, sr)
            pts += chunk.shape[0]
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def write_m4a(
    path: PathLike,
    data: np.ndarray,
    sr: int,
    codec: str = "aac",
    kbps: float = 128,
    bit_depth: int = 16,
) -> Path:
    """Write an MPEG-4 audio file (.m4a, 'ipod' muxer) with PyAV.

    ``codec``: 'aac' (FFmpeg's native AAC-LC encoder at ``kbps``) or 'alac'
    (Apple Lossless; ``bit_depth`` 16 or 24, ``kbps`` ignored). Raises
    :class:`EncoderUnavailable` if PyAV or the encoder is missing.
    """
    p, arr = _prep(path, data)
    if codec == "aac":
        return _pyav_encode(p, "ipod", "aac", arr, sr, bit_rate=int(kbps * 1000))
    if codec == "alac":
        if bit_depth not in (16, 24):
            raise ValueError("ALAC bit_depth must be 16 or 24")
        # FFmpeg's ALAC encoder writes 24-bit when fed s32p
        return _pyav_encode(
            p, "ipod", "alac", arr, sr, sample_fmt="s16p" if bit_depth == 16 else "s32p"
        )
    raise ValueError(f"codec must be 'aac' or 'alac', not {codec!r}")


def write_wma(path: PathLike, data: np.ndarray, sr: int, kbps: float = 128) -> Path:
    """Write Windows Media Audio 2 ('wmav2') in an ASF container with PyAV.

    The encoder needs whole frames (2048 samples at >= 44.1 kHz), so the end is
    padded with up to one frame of silence. FFmpeg's wmav2 encoder does not signal
    its one-frame delay, so decoders (FFmpeg's included) drop the first frame: the
    decoded audio is the input minus its first 2048 samples (~46 ms), and the ASF
    header claims about 2.04 s for a 2.0 s input. Raises :class:`EncoderUnavailable`
    if PyAV or the encoder is missing.
    """
    p, arr = _prep(path, data)
    return _pyav_encode(p, "asf", "wmav2", arr, sr, bit_rate=int(kbps * 1000))


# --------------------------------------------------------------------------------------
# Damaged / tricky files
# --------------------------------------------------------------------------------------

# MPEG audio frame header tables
_MPEG_BITRATES = {  # is MPEG-1? -> Layer III kbps by bitrate index
    True: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0),
    False: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0),
}
_MPEG_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _skip_id3v2(buf: bytes) -> int:
    if buf[:3] == b"ID3" and len(buf) >= 10:
        size = (
            ((buf[6] & 0x7F) << 21)
            | ((buf[7] & 0x7F) << 14)
            | ((buf[8] & 0x7F) << 7)
            | (buf[9] & 0x7F)
        )
        footer = 10 if buf[5] & 0x10 else 0
        return 10 + size + footer
    return 0


def _parse_l3_header(buf: bytes, off: int) -> dict | None:
    """Parse an MPEG Layer III frame header at ``off``; None if it is not one."""
    if off + 4 > len(buf):
        return None
    b1, b2, b3 = buf[off + 1], buf[off + 2], buf[off + 3]
    if buf[off] != 0xFF or (b1 & 0xE0) != 0xE0:
        return None
    version = (b1 >> 3) & 3  # 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
    layer = (b1 >> 1) & 3  # 1 = Layer III
    if version == 1 or layer != 1:
        return None
    protected = not (b1 & 1)
    br_idx, sr_idx, padding = (b2 >> 4) & 0xF, (b2 >> 2) & 3, (b2 >> 1) & 1
    if br_idx in (0, 15) or sr_idx == 3:
        return None
    mpeg1 = version == 3
    kbps = _MPEG_BITRATES[mpeg1][br_idx]
    sr = _MPEG_RATES[version][sr_idx]
    mono = ((b3 >> 6) & 3) == 3
    length = (144000 * kbps // sr if mpeg1 else 72000 * kbps // sr) + padding
    side = {(True, True): 17, (True, False): 32, (False, True): 9, (False, False): 17}[
        (mpeg1, mono)
    ]  # Layer III side-information size in bytes
    return {
        "length": length,
        "kbps": kbps,
        "sr": sr,
        "xing_offset": 4 + (2 if protected else 0) + side,
    }


def strip_xing(src: PathLike, dst: PathLike) -> Path:
    """Copy an MP3 with its Xing/Info (+LAME) header frame removed.

    Finds the first MPEG Layer III frame (after any ID3v2 tag) and, if it carries
    b'Xing' or b'Info' right after the side information, drops that frame and
    keeps everything else byte-for-byte. A VBR file without this header is the
    classic case where readers estimate duration from the first frame's bitrate
    and file size, and get it wrong. Raises ValueError if no such frame exists.
    """
    buf = Path(src).read_bytes()
    start = _skip_id3v2(buf)
    off = start
    limit = min(len(buf), start + 64 * 1024)
    while off < limit:
        hdr = _parse_l3_header(buf, off)
        if hdr is not None:
            nxt = off + hdr["length"]
            # require a plausible following frame to avoid false syncs
            if nxt == len(buf) or _parse_l3_header(buf, nxt) is not None:
                tag = buf[off + hdr["xing_offset"] : off + hdr["xing_offset"] + 4]
                if tag in (b"Xing", b"Info"):
                    out = Path(dst)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(buf[:off] + buf[nxt:])
                    return out
                raise ValueError(f"{src}: first MPEG frame has no Xing/Info header")
        off += 1
    raise ValueError(f"{src}: no MPEG Layer III frame found")


def corrupt_truncate(src: PathLike, dst: PathLike, keep_bytes: int) -> Path:
    """Copy only the first ``keep_bytes`` bytes of ``src`` to ``dst`` (a truncated file)."""
    if keep_bytes < 0:
        raise ValueError("keep_bytes must be >= 0")
    out = Path(dst)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as f:
        out.write_bytes(f.read(keep_bytes))
    return out


def write_text_as(path: PathLike) -> Path:
    """Write a plain-text file under an audio name (e.g. ``notes.wav``): not audio at all."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(
        "This is a plain text file that only pretends to be audio.\n"
        "It has an audio file extension but no audio header or samples.\n" * 4,
        encoding="utf-8",
    )
    return p


# --------------------------------------------------------------------------------------
# FORMATS: one 2-second example per format case
# --------------------------------------------------------------------------------------

EXAMPLE_SECONDS = 2.0


def _case(
    name: str,
    ext: str,
    writer: Callable[[Path, np.ndarray, int], Path],
    *,
    container: str,
    codec: str,
    lossless: bool,
    sr: int,
    bit_depth: int | None,
    channels: int,
    seed: int,
) -> Callable[[PathLike], tuple[Path, dict]]:
    expected = {
        "container": container,
        "codec": codec,
        "lossless": lossless,
        "sample_rate": sr,
        "bit_depth": bit_depth,
        "channels": channels,
        "duration_s": EXAMPLE_SECONDS,
    }

    def make(path_dir: PathLike) -> tuple[Path, dict]:
        data = speechlike(sr, EXAMPLE_SECONDS, channels=channels, seed=seed)
        path = writer(Path(path_dir) / f"{name}.{ext}", data, sr)
        return path, dict(expected)

    make.__name__ = f"make_{name}"
    make.expected = dict(expected)  # type: ignore[attr-defined]  # peek without writing
    make.__doc__ = f"Write the {name!r} example ({container}/{codec}, {sr} Hz, {channels} ch)."
    return make


def _w(func, **kw):
    return lambda p, d, sr: func(p, d, sr, **kw)


#: name -> callable(path_dir) -> (path, expected). Each writes a 2 s speechlike example.
#: ``expected`` keys: container (wav, flac, aiff, mp3, ogg, mp4, asf), codec (pcm, flac,
#: alac, mp3, vorbis, opus, aac, wma), lossless, sample_rate, bit_depth (None for lossy;
#: 32 for 32-bit float, 64 for double), channels, duration_s (approximate: lossy codecs
#: add encoder delay/padding, e.g. AAC ~2.02 s, WMA ~2.04 s; allow ~0.1 s).
#: The mp4/asf cases raise EncoderUnavailable if PyAV or its encoder is missing.
#: ``FORMATS[name].expected`` gives the expected dict without writing anything.
FORMATS: dict[str, Callable[[PathLike], tuple[Path, dict]]] = {}


def _add(name, ext, writer, **kw):
    FORMATS[name] = _case(name, ext, writer, seed=len(FORMATS), **kw)


_add(
    "wav_pcm16",
    "wav",
    _w(write_wav, subtype="PCM_16"),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=44100,
    bit_depth=16,
    channels=1,
)
_add(
    "wav_pcm24_stereo",
    "wav",
    _w(write_wav, subtype="PCM_24"),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=48000,
    bit_depth=24,
    channels=2,
)
_add(
    "wav_pcm32",
    "wav",
    _w(write_wav, subtype="PCM_32"),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=48000,
    bit_depth=32,
    channels=1,
)
_add(
    "wav_u8",
    "wav",
    _w(write_wav, subtype="PCM_U8"),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=22050,
    bit_depth=8,
    channels=1,
)
_add(
    "wav_float",
    "wav",
    _w(write_wav, subtype="FLOAT"),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=48000,
    bit_depth=32,
    channels=1,
)
_add(
    "wav_double",
    "wav",
    _w(write_wav, subtype="DOUBLE"),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=44100,
    bit_depth=64,
    channels=1,
)
_add(
    "wavex_pcm24",
    "wav",
    _w(write_wav, subtype="PCM_24", extensible=True),
    container="wav",
    codec="pcm",
    lossless=True,
    sr=48000,
    bit_depth=24,
    channels=2,
)
_add(
    "flac_16",
    "flac",
    _w(write_flac, subtype="PCM_16"),
    container="flac",
    codec="flac",
    lossless=True,
    sr=44100,
    bit_depth=16,
    channels=1,
)
_add(
    "flac_24_96k",
    "flac",
    _w(write_flac, subtype="PCM_24"),
    container="flac",
    codec="flac",
    lossless=True,
    sr=96000,
    bit_depth=24,
    channels=2,
)
_add(
    "flac_8",
    "flac",
    _w(write_flac, subtype="PCM_S8"),
    container="flac",
    codec="flac",
    lossless=True,
    sr=16000,
    bit_depth=8,
    channels=1,
)
_add(
    "aiff_16",
    "aiff",
    _w(write_aiff, subtype="PCM_16"),
    container="aiff",
    codec="pcm",
    lossless=True,
    sr=44100,
    bit_depth=16,
    channels=2,
)
_add(
    "aiff_24",
    "aiff",
    _w(write_aiff, subtype="PCM_24"),
    container="aiff",
    codec="pcm",
    lossless=True,
    sr=48000,
    bit_depth=24,
    channels=1,
)
_add(
    "mp3_cbr128",
    "mp3",
    _w(write_mp3, kbps=128, mode="CBR"),
    container="mp3",
    codec="mp3",
    lossless=False,
    sr=44100,
    bit_depth=None,
    channels=1,
)
_add(
    "mp3_cbr320_stereo",
    "mp3",
    _w(write_mp3, kbps=320, mode="CBR"),
    container="mp3",
    codec="mp3",
    lossless=False,
    sr=48000,
    bit_depth=None,
    channels=2,
)
_add(
    "mp3_vbr",
    "mp3",
    _w(write_mp3, mode="VBR", vbr_quality=2),
    container="mp3",
    codec="mp3",
    lossless=False,
    sr=44100,
    bit_depth=None,
    channels=1,
)
_add(
    "mp3_abr",
    "mp3",
    _w(write_mp3, kbps=96, mode="ABR"),
    container="mp3",
    codec="mp3",
    lossless=False,
    sr=44100,
    bit_depth=None,
    channels=1,
)
_add(
    "ogg_vorbis",
    "ogg",
    _w(write_vorbis, quality=0.5),
    container="ogg",
    codec="vorbis",
    lossless=False,
    sr=44100,
    bit_depth=None,
    channels=2,
)
_add(
    "ogg_opus",
    "opus",
    _w(write_opus, kbps=64),
    container="ogg",
    codec="opus",
    lossless=False,
    sr=48000,
    bit_depth=None,
    channels=1,
)
_add(
    "m4a_aac",
    "m4a",
    _w(write_m4a, codec="aac", kbps=128),
    container="mp4",
    codec="aac",
    lossless=False,
    sr=44100,
    bit_depth=None,
    channels=2,
)
_add(
    "m4a_alac",
    "m4a",
    _w(write_m4a, codec="alac", bit_depth=16),
    container="mp4",
    codec="alac",
    lossless=True,
    sr=48000,
    bit_depth=16,
    channels=1,
)
_add(
    "m4a_alac24",
    "m4a",
    _w(write_m4a, codec="alac", bit_depth=24),
    container="mp4",
    codec="alac",
    lossless=True,
    sr=44100,
    bit_depth=24,
    channels=2,
)
_add(
    "wma",
    "wma",
    _w(write_wma, kbps=128),
    container="asf",
    codec="wma",
    lossless=False,
    sr=44100,
    bit_depth=None,
    channels=2,
)
