"""The blind set's tools (``blindset.py``): its lossy settings, decoders, resamplers and
generated no-voice signals, each run through the real program or library it names."""

# ruff: noqa: E501  (the setting tables read better one entry a line)
from __future__ import annotations

from math import gcd

import crosscheck as cc
import numpy as np
import realcorpus as rc


def _ff(*a):
    return ["ffmpeg", "-y", "-loglevel", "error", "-i", "{i}", *a, "{o}"]


def _lame(*a):
    return ["lame", "--quiet", "--resample", "{khz}", *a, "{i}", "{o}"]


def _ogg(*a):
    return ["oggenc", "-Q", *a, "-o", "{o}", "{i}"]


def _opus(*a):
    return ["opusenc", "--quiet", *a, "{i}", "{o}"]


# (codec, setting, nominal kbps, encoder command, coded extension, decoder)
LOSSY = [
    ("mp3", "lame-abr128", 128, _lame("--abr", "128"), "mp3", "madplay"),
    ("mp3", "lame-abr200", 200, _lame("--abr", "200"), "mp3", "ffmpeg"),
    ("mp3", "lame-V6", 115, _lame("-V", "6"), "mp3", "ffmpeg"),
    ("mp3", "lame-V3", 175, _lame("-V", "3"), "mp3", "lame"),
    ("mp3", "lame-cbr112-q9", 112, _lame("-b", "112", "--cbr", "-q", "9"), "mp3", "mpg123"),
    ("mp3", "lame-cbr80", 80, _lame("-b", "80", "--cbr"), "mp3", "pyav"),
    ("mp3", "ffmpeg-lame-q2", 190, _ff("-c:a", "libmp3lame", "-q:a", "2"), "mp3", "madplay"),
    ("mp3", "ffmpeg-lame-q4", 165, _ff("-c:a", "libmp3lame", "-q:a", "4"), "mp3", "pyav"),
    ("mp3", "ffmpeg-lame-cbr96-cl9", 96, _ff("-c:a", "libmp3lame", "-b:a", "96k", "-compression_level", "9"), "mp3", "ffmpeg"),
    ("aac", "ffmpeg-aac-56k", 56, _ff("-c:a", "aac", "-b:a", "56k"), "m4a", "faad"),
    ("aac", "ffmpeg-aac-72k", 72, _ff("-c:a", "aac", "-b:a", "72k"), "m4a", "ffmpeg"),
    ("aac", "ffmpeg-aac-128k-cutoff16k", 128, _ff("-c:a", "aac", "-b:a", "128k", "-cutoff", "16000"), "m4a", "pyav"),
    ("aac", "ffmpeg-aac-144k", 144, _ff("-c:a", "aac", "-b:a", "144k"), "m4a", "pyav"),
    ("aac", "ffmpeg-aac-176k", 176, _ff("-c:a", "aac", "-b:a", "176k"), "m4a", "faad"),
    ("aac", "ffmpeg-aac-208k-nopns", 208, _ff("-c:a", "aac", "-aac_pns", "0", "-b:a", "208k"), "m4a", "ffmpeg"),
    ("vorbis", "oggenc-q0", 64, _ogg("-q", "0"), "ogg", "soundfile"),
    ("vorbis", "oggenc-q1", 80, _ogg("-q", "1"), "ogg", "ffmpeg"),
    ("vorbis", "oggenc-q3.5", 120, _ogg("-q", "3.5"), "ogg", "pyav"),
    ("vorbis", "oggenc-q7", 224, _ogg("-q", "7"), "ogg", "oggdec"),
    ("vorbis", "oggenc-managed-112k", 112, _ogg("--managed", "-b", "112"), "ogg", "soundfile"),
    ("opus", "opusenc-40k-fs40", 40, _opus("--bitrate", "40", "--framesize", "40"), "opus", "ffmpeg"),
    ("opus", "opusenc-56k-cvbr", 56, _opus("--cvbr", "--bitrate", "56"), "opus", "pyav"),
    ("opus", "opusenc-72k-fs10", 72, _opus("--bitrate", "72", "--framesize", "10"), "opus", "opusdec"),
    ("opus", "opusenc-96k-fs60", 96, _opus("--bitrate", "96", "--framesize", "60"), "opus", "ffmpeg"),
    ("opus", "opusenc-112k-hardcbr", 112, _opus("--hard-cbr", "--bitrate", "112"), "opus", "opusdec"),
    ("opus", "opusenc-200k-comp0", 200, _opus("--comp", "0", "--bitrate", "200"), "opus", "pyav"),
    ("mp2", "twolame-192k", 192, ["twolame", "--quiet", "-b", "192", "{i}", "{o}"], "mp2", "madplay"),
    ("mp2", "ffmpeg-mp2fixed-160k", 160, _ff("-c:a", "mp2fixed", "-b:a", "160k"), "mp2", "ffmpeg"),
    ("eac3", "ffmpeg-eac3-160k", 160, _ff("-c:a", "eac3", "-b:a", "160k"), "eac3", "ffmpeg"),
    ("wma", "ffmpeg-wmav2-128k", 128, _ff("-c:a", "wmav2", "-b:a", "128k"), "wma", "ffmpeg"),
]  # fmt: skip
# crosscheck.upsample runs sox / swresample / libsamplerate / soxr settings from these tables
cc.SOX_RATE.update({"sox-hM": ["-h", "-M"], "sox-vb90": ["-v", "-b", "90"]})
cc.SWR.update({"ffmpeg-cubic": "filter_type=cubic", "ffmpeg-bnuttall": "filter_type=blackman_nuttall",
               "ffmpeg-kaiser12": "filter_type=kaiser:kaiser_beta=12", "ffmpeg-fs16": "filter_size=16"})  # fmt: skip
cc.SRC_TYPE["samplerate-zoh"] = "zero_order_hold"
WINDOWS = {"scipy-poly-kaiser10": ("kaiser", 10.0), "scipy-poly-hann": "hann"}
RESAMPLERS = ["sox-hM", "sox-vb90", "soxr-MQ", "soxr-QQ", "samplerate-zoh", *WINDOWS, "resampy-kaiser_best",
              "resampy-kaiser_fast", "ffmpeg-cubic", "ffmpeg-bnuttall", "ffmpeg-kaiser12", "ffmpeg-fs16", "zita"]  # fmt: skip
INTERP = ("soxr-QQ", "samplerate-zoh", "ffmpeg-cubic")  # no clean edge at the old Nyquist frequency
NOISE = [("white", -70), ("pink", -62), ("white", -44), ("pink", -38), ("white", -32)]
GENERATED = ["noise-brown", "noise-fan", "tone-hum", "tone-3k", "tone-chord"]


def upsample(x, old, new, tool, tmp):
    """Resample float frames with one of RESAMPLERS (the table-driven ones by crosscheck's)."""
    if tool in WINDOWS:
        from scipy.signal import resample_poly

        g = gcd(old, new)
        return resample_poly(x, new // g, old // g, axis=0, window=WINDOWS[tool])
    if tool.startswith("resampy-"):
        import resampy

        return resampy.resample(x, old, new, filter=tool[8:], axis=0)
    if tool != "zita":
        return cc.upsample(x, old, new, tool, tmp)
    a, b = tmp.with_suffix(".z-in.wav"), tmp.with_suffix(".z-out.wav")
    rc.write(a, x, old, "FLOAT")
    try:
        cc.run(["zita-resampler", "--rate", str(new), "--float", str(a), str(b)])
        return rc.read_f(b)[0]
    finally:
        a.unlink(missing_ok=True)
        b.unlink(missing_ok=True)


DECODE = {"ffmpeg": _ff("-ar", "{sr}", "-c:a", "pcm_f32le"), "madplay": ["madplay", "-Q", "-b", "16", "-o", "wave:{o}", "{i}"],
          "lame": ["lame", "--quiet", "--decode", "{i}", "{o}"], "mpg123": ["mpg123", "-q", "-w", "{o}", "{i}"],
          "faad": ["faad", "-q", "-o", "{o}", "{i}"], "oggdec": ["oggdec", "-Q", "-o", "{o}", "{i}"],
          "opusdec": ["opusdec", "--quiet", "--rate", "{sr}", "{i}", "{o}"]}  # fmt: skip


def encode_decode(x, sr, enc, ext, dec, tmp):
    """16-bit WAV -> ``enc`` -> ``dec`` (PyAV, libsndfile or a DECODE tool) -> float frames at sr."""
    wav, coded, dwav = (tmp.with_suffix(e) for e in (".in.wav", "." + ext, ".dec.wav"))
    rc.write(wav, x, sr)
    try:
        cc.run([a.format(i=wav, o=coded, khz=f"{sr / 1000:g}") for a in enc])
        if dec == "pyav":
            return cc.pyav_decode(coded, sr)
        if dec == "soundfile":  # libsndfile reads Ogg Vorbis itself
            return rc.read_f(coded)[0]
        cc.run([a.format(i=coded, o=dwav, sr=sr) for a in DECODE[dec]])
        return rc.read_f(dwav)[0]
    finally:
        for p in (wav, coded, dwav):
            p.unlink(missing_ok=True)


def tight(x, sr):
    """Drop every 20 ms frame under -48 dBFS; each kept run fades in and out over 3 ms."""
    n, f = int(0.02 * sr), int(0.003 * sr)
    fr = x[: len(x) // n * n].reshape(-1, n, x.shape[1])
    keep = np.concatenate([[0], 10 * np.log10(np.mean(fr**2, axis=(1, 2)) + 1e-20) > -48, [0]])
    edges = np.diff(keep.astype(int))
    ramp, runs = np.linspace(0, 1, f)[:, None], []
    for a, b in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True):
        seg = fr[a:b].reshape(-1, x.shape[1]).copy()
        seg[:f] *= ramp
        seg[-f:] *= ramp[::-1]
        runs.append(seg)
    return np.concatenate(runs) if runs else x


def generated(name, sr, rng):
    """Signals with no voice: brown and fan-like noise, a mains hum, a tone, a chord."""
    from scipy.signal import butter, sosfilt

    t = np.arange(5 * sr) / sr
    if name.startswith("noise"):
        brown = name == "noise-brown"
        w = np.cumsum(rng.standard_normal(len(t))) if brown else rng.standard_normal(len(t))
        band = (20, "highpass") if brown else ([150, 1800], "bandpass")
        y = sosfilt(butter(2 if brown else 4, *band, fs=sr, output="sos"), w)
    else:
        freqs = {"tone-hum": [50 * k for k in range(1, 12)], "tone-3k": [3000], "tone-chord": [261.6, 329.6, 392.0]}[name]  # fmt: skip
        y = sum(np.sin(2 * np.pi * f * t) / (i + 1) for i, f in enumerate(freqs))
    return (y / np.sqrt(np.mean(y**2)) * 10 ** (-22 / 20))[:, None]
