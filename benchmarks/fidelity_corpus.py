"""Labelled fake-lossless corpus: build it in a temp dir, classify it, print the confusion matrix.

    python benchmarks/fidelity_corpus.py [--seconds 8] [--keep DIR] [--quick]

Sources are generated (music-like and speech-like, 44.1 and 48 kHz). Fakes are made the way
they happen in the wild: encoded with LAME (CBR 128-320, VBR V0/V2/V5), FFmpeg AAC (PyAV),
Vorbis and Opus, decoded and stored as FLAC/WAV; upsampled from 16/22.05/32/44.1 kHz; 16-bit
audio padded to 24 bits. Genuine files include full-band sources, 24-bit, converter-like
edges at 20-21.5 kHz, analog-style roll-offs with a floor, and 22.05/32 kHz native material.
Prints the confusion matrix, detection rates against the issue's targets and the analysis
speed (x real time per core on 44.1 kHz stereo).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy import signal

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import audiogen as g  # noqa: E402

from audiolint.analysis import analyse  # noqa: E402
from audiolint.analysis.fidelity import factory  # noqa: E402
from audiolint.probe import decode, probe  # noqa: E402

VERBOSE = "-v" in sys.argv
LABELS = ("genuine", "lossy-origin", "upsampled", "padded-bits")
VERDICTS = ("genuine", "lossy-origin", "upsampled", "padded-bits", "inconclusive")


def source(kind: str, sr: int, seconds: float, seed: int) -> np.ndarray:
    """A full-band source signal (stereo)."""
    if kind == "music":
        return g.musiclike(sr, seconds, seed=seed)
    return g.speechlike(sr, seconds, channels=2, seed=seed)


def _decode(path: Path) -> tuple[np.ndarray, int]:
    if path.suffix == ".m4a":
        import av

        with av.open(str(path)) as box:
            frames = [f.to_ndarray() for f in box.decode(audio=0)]
            sr = box.streams.audio[0].rate
        return np.concatenate(frames, axis=1).T.astype(np.float32), sr
    y, sr = sf.read(str(path), dtype="float32", always_2d=True)
    return y, sr


def lossy(x: np.ndarray, sr: int, work: Path, codec: str, **kw) -> tuple[np.ndarray, int]:
    """Encode and decode back (the fake's content)."""
    if codec == "mp3":
        p = g.write_mp3(work / "t.mp3", x, sr, **kw)
    elif codec == "aac":
        p = g.write_m4a(work / "t.m4a", x, sr, codec="aac", **kw)
    elif codec == "vorbis":
        p = g.write_vorbis(work / "t.ogg", x, sr, **kw)
    else:
        p = g.write_opus(work / "t.opus", x, sr, **kw)
    return _decode(p)


def resample(x: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Polyphase resampling with scipy's default filter (a slope centred on the old Nyquist)."""
    from math import gcd

    k = gcd(src, dst)
    return signal.resample_poly(x, dst // k, src // k, axis=0).astype(np.float32)


def genuine_variants(x, sr, rng):
    """(name, audio, rate, subtype) of genuine material derived from a full-band source."""
    nyq = sr / 2
    yield "full", x, sr, "PCM_16"
    dith = x + rng.standard_normal(x.shape).astype(np.float32) * 2e-6
    yield "full24", dith, sr, "PCM_24"
    # converter-like edges: a half-band ADC filter (6 dB down near Nyquist), and at 44.1 kHz
    # recordings whose edge sits at 20-21.5 kHz (early converter or resampler filters)
    for frac in (0.98, 0.91, 0.95) if sr == 44100 else (0.98,):
        taps = signal.firwin(63, frac * nyq, fs=sr, window=("kaiser", 8.0))
        yield f"adc{frac}", signal.lfilter(taps, 1, x, axis=0).astype(np.float32), sr, "PCM_16"
    for fc, order in ((9000, 2), (12000, 4), (5000, 2)):  # analog roll-off, tape-like hiss
        sos = signal.butter(order, fc, fs=sr, output="sos")
        y = signal.sosfilt(sos, x, axis=0) + rng.standard_normal(x.shape) * 3e-4
        yield f"analog{fc}", y.astype(np.float32), sr, "PCM_16"


def fake_variants(x, sr, work, kind, seed):
    """(label, name, audio, rate, subtype, at_or_under_256_kbps) of fakes from one source."""
    mp3 = [("cbr128", {"kbps": 128}), ("cbr160", {"kbps": 160}), ("cbr192", {"kbps": 192})]
    mp3 += [("cbr256", {"kbps": 256}), ("cbr320", {"kbps": 320})]
    mp3 += [("v5", {"mode": "VBR", "vbr_quality": 5}), ("v2", {"mode": "VBR", "vbr_quality": 2})]
    mp3 += [("v0", {"mode": "VBR", "vbr_quality": 0})]
    for name, kw in mp3:
        small = name not in ("cbr320", "v0")
        yield "lossy-origin", f"mp3-{name}", *lossy(x, sr, work, "mp3", **kw), "PCM_16", small
    for kbps in (128, 192, 256):
        y, r = lossy(x, sr, work, "aac", kbps=kbps)
        yield "lossy-origin", f"aac{kbps}", y, r, "PCM_16", True
    for q in (0.3, 0.5):
        y, r = lossy(x, sr, work, "vorbis", quality=q)
        yield "lossy-origin", f"vorbis{q}", y, r, "PCM_16", True
    if sr == 48000:
        for kbps in (64, 96, 128, 192):
            y, r = lossy(x, sr, work, "opus", kbps=kbps)
            yield "lossy-origin", f"opus{kbps}", y, r, "PCM_16", True
    for low in (16000, 22050, 32000, 44100):
        if low < sr:
            # Material at the low rate went through an anti-alias filter on its way there (an
            # ADC's or a resampler's: libsoxr's here), then up once with scipy's gentle filter.
            # Synthesising right up to the low Nyquist frequency, as this benchmark once did,
            # makes signals no recorder makes.
            import soxr

            native = soxr.resample(x, sr, low, quality="VHQ").astype(np.float32)
            yield "upsampled", f"up{low}", resample(native, low, sr), sr, "PCM_16", True
    yield "padded-bits", "pad16in24", x, sr, "PCM_24", True


def build_one(args) -> list[dict]:
    """Write every variant of one source; return the labelled entries."""
    kind, sr, seed, seconds, out = args
    out = Path(out)
    work = out / f"work-{kind}-{sr}-{seed}"
    work.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    x = source(kind, sr, seconds, seed)
    entries = []

    def store(label, name, y, rate, subtype, small=True):
        path = out / f"{label}__{kind}{sr // 1000}-{seed}__{name}.flac"
        if subtype == "PCM_24" and label == "padded-bits":
            y = np.round(np.clip(y, -1, 1 - 2**-15) * 32768) / 32768  # 16-bit values...
            path = path.with_suffix(".wav")  # ...stored as 24-bit WAV
        sf.write(path, np.clip(y, -1, 1), rate, subtype=subtype)
        entries.append({"path": str(path), "label": label, "small": small, "kind": kind})

    for name, y, rate, subtype in genuine_variants(x, sr, rng):
        store("genuine", name, y, rate, subtype)
    for label, name, y, rate, subtype, small in fake_variants(x, sr, work, kind, seed):
        store(label, name, y, rate, subtype, small)
    if sr == 44100:  # native low-rate material whose band ends at its own Nyquist
        for low in (22050, 32000):
            store("genuine", f"native{low}", source(kind, low, seconds, seed), low, "PCM_16")
    return entries


def classify(entries: list[dict]) -> tuple[list[dict], float, float]:
    """Run the analyser on every file; return entries with verdicts, audio s and CPU s (44.1k)."""
    audio_s = cpu_s = 0.0
    for e in entries:
        path = Path(e["path"])
        props = probe(path).properties
        t0 = time.process_time()
        stream = decode.blocks(path, props.container, decoder=props.decoder)
        res = analyse(stream, props, {"fidelity": factory})["fidelity"]
        dt = time.process_time() - t0
        if props.sample_rate == 44100 and props.channels == 2:
            audio_s += props.duration_s
            cpu_s += dt
        e["verdict"] = res.get("verdict")
        e["cutoff"] = res.get("cutoff_hz")
        e["res"] = {
            k: v for k, v in res.items() if k not in ("evidence", "verdict") and k[0] != "_"
        }
    return entries, audio_s, cpu_s


def decode_cpu(entries) -> float:
    """CPU seconds spent decoding alone the 44.1 kHz stereo files (to split the speed figure)."""
    t0 = time.process_time()
    for e in entries:
        info = sf.info(e["path"])
        if info.samplerate == 44100 and info.channels == 2:
            for _ in decode.blocks(Path(e["path"]), None):
                pass
    return time.process_time() - t0


def report(entries, audio_s, cpu_s, dec_s) -> None:
    """Print the confusion matrix, the rates against targets and the speed."""
    matrix = defaultdict(Counter)
    for e in entries:
        matrix[e["label"]][e["verdict"]] += 1
    print(f"{'true/verdict':<14}" + "".join(f"{v:>14}" for v in VERDICTS) + f"{'total':>8}")
    for label in LABELS:
        row = matrix[label]
        print(
            f"{label:<14}" + "".join(f"{row[v]:>14}" for v in VERDICTS) + f"{sum(row.values()):>8}"
        )
    small = [e for e in entries if e["label"] == "lossy-origin" and e["small"]]
    big = [e for e in entries if e["label"] == "lossy-origin" and not e["small"]]

    def rate(items, verdict):
        hit = sum(e["verdict"] == verdict for e in items)
        return f"{hit}/{len(items)} = {100 * hit / max(1, len(items)):.1f}%"

    genuine = [e for e in entries if e["label"] == "genuine"]
    false = sum(e["verdict"] in ("lossy-origin", "upsampled") for e in genuine)
    print()
    print(f"lossy-origin found, sources <= 256 kbps: {rate(small, 'lossy-origin')} (target >= 95%)")
    print(f"lossy-origin found, 320 kbps / LAME V0: {rate(big, 'lossy-origin')} (no target)")
    ups = [e for e in entries if e["label"] == "upsampled"]
    pad = [e for e in entries if e["label"] == "padded-bits"]
    print(f"upsampling found: {rate(ups, 'upsampled')} (target 100%)")
    print(f"padding found: {rate(pad, 'padded-bits')} (target 100%)")
    print(
        f"genuine called lossy-origin or upsampled: {false}/{len(genuine)} = "
        f"{100 * false / max(1, len(genuine)):.1f}% (target <= 2%)"
    )
    print(
        f"speed, 44.1 kHz stereo, decode + fidelity analysis: {audio_s / cpu_s:.0f}x real time "
        f"per core ({audio_s:.0f} s of audio in {cpu_s:.2f} CPU s; decoding alone {dec_s:.2f} s, "
        f"so analysis alone {audio_s / max(1e-9, cpu_s - dec_s):.0f}x)"
    )
    misses = [e for e in entries if e["verdict"] != e["label"]]
    if misses:
        print("\nmisclassified:")
        for e in misses:
            print(f"  {Path(e['path']).name}: {e['verdict']} {e['res'] if VERBOSE else ''}")


def main() -> None:
    """Build, classify, report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--keep", help="build the corpus in this folder and keep it")
    ap.add_argument("--quick", action="store_true", help="two sources only")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", help="classify a corpus built before with --keep")
    ap.add_argument("-v", action="store_true", help="show the measurements of misses")
    a = ap.parse_args()
    srcs = [("music", 44100, 1), ("music", 48000, 2), ("speech", 44100, 3), ("speech", 48000, 4)]
    if not a.quick:
        srcs += [("music", 44100, 5), ("music", 48000, 6), ("speech", 44100, 7)]
        srcs += [("speech", 48000, 8), ("music", 44100, 9), ("music", 48000, 10)]
    if a.reuse:
        entries = []
        for p in sorted(Path(a.reuse).glob("*__*")):
            label, src, name = p.stem.split("__")
            small = label != "lossy-origin" or name not in ("mp3-cbr320", "mp3-v0")
            entries.append({"path": str(p), "label": label, "small": small, "kind": src})
        entries, audio_s, cpu_s = classify(entries)
        report(entries, audio_s, cpu_s, decode_cpu(entries))
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(a.keep or tmp)
        t0 = time.time()
        jobs = [(k, sr, seed, a.seconds, str(out)) for k, sr, seed in srcs]
        with ProcessPoolExecutor(a.jobs) as pool:
            entries = [e for batch in pool.map(build_one, jobs) for e in batch]
        print(f"built {len(entries)} files in {time.time() - t0:.0f} s\n")
        entries, audio_s, cpu_s = classify(entries)
        report(entries, audio_s, cpu_s, decode_cpu(entries))


if __name__ == "__main__":
    main()
