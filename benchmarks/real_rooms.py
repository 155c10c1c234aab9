"""S008 and the blind clarity estimate (c50_db) on speech in REAL measured rooms.

    python benchmarks/real_rooms.py --irs DIR [--speech DIR] [--per-ir 3] [--files]

benchmarks/reverb.py measures S008 on pyroomacoustics' shoebox rooms, whose walls absorb alike at
every frequency; real rooms ring longer in the lows, and near the talker a strong direct sound
stands over a long tail (two slopes). This script convolves dry speech with measured impulse
responses and compares what audiolint reads with each response's own clarity.

``--irs``: a folder of measured responses (WAV or FLAC; the first channel is used, at its own
rate). Review 47a (session 47) gathered 33 from public repositories; none is on Debian, PyPI or
npm, so they are not fetched here: clone the repositories and copy the files named below into
one folder (a ``.mat`` of the AIR database holds ``h_air`` and ``air_info.fs``; save each as a
WAV first):

* ShotaroUeji/creating_sofa_air ``data/*.mat``: the Aachen Impulse Response database 1.4
  (RWTH Aachen; research use with citation): booth, office, meeting, lecture, stairway,
  aula carolina, and the phone-position rooms;
* rerdavies/ToobAmp ``impulseFiles/reverb/*.wav``: OpenAIR's Arthur Sykes Rymer Auditorium,
  Genesis 6 live room, Jack Lyons Hall, St Margaret's Church (CC BY 4.0; B-format, W first);
* edward-ly/GeneticReverb ``examples/202004/irs/ir_*_ch1.wav``: OpenAIR (not its ``_ga_``
  files, which are synthetic); ASSERT-KTH/ci-hackathon's Reaktorhallen ``r1_omni_48k.wav``
  (CC BY-NC-SA 3.0); rern/camilladsp_plot ``FIR_wav``'s bathroom hand clap (CC BY-NC 4.0).

``--speech``: dry close-talk clips (review 47a used eight TIMIT sentences from
dingzeyuli/SpEAR-speech-database ``data/TIMIT``); by default ALSA's recorded prompts (Debian's
alsa-utils), three clips of two or three prompts each, at 16 kHz.

Truth, from each response as applied (cut 2.5 ms before its direct sound, at the point where
its decay meets its noise floor (Lundeby's method, the noise subtracted and the decay past that
point added back), resampled to the speech's rate): C50 (50 ms after the direct sound's peak),
EDT and T20 from Schroeder's backward integral; "double" slope where EDT/T20 is outside
0.75-1.33. Each wet file is normalised to -3 dBFS and rounded to 16 bits, then fed to the reverb
and voice analysers as a check feeds them. Printed: per band of true C50, how many S008 fires
on and the estimate's error; per slope; every file of true C50 8 dB or more that S008 fires on
(its false alarms, by the rule's own line) and every one under 8 dB it misses (``--files``: every
file). Responses are split tune / held-out by a SHA-1 of their name, for whoever tunes on it
next; session 47's change was measured on all of them, none tuned on. The truth code follows
review 47a's build_rooms.py.
"""

from __future__ import annotations

import argparse
import hashlib
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import fftconvolve, resample_poly
from signal_rule import feed, fires

from audiolint.analysis.reverb import Reverb
from audiolint.analysis.voice import Voice
from audiolint.rules import reverb as rule

ALSA = Path("/usr/share/sounds/alsa")
ALSA_CLIPS = (
    ("Front_Center", "Rear_Left", "Side_Right"),
    ("Front_Left", "Rear_Center"),
    ("Front_Right", "Rear_Right", "Side_Left"),
)
RATE = 16000
PRE_S, SPLIT_S = 0.0025, 0.050
BANDS = ((-99, 0, "<0"), (0, 4, "0-4"), (4, 8, "4-8"), (8, 12, "8-12"), (12, 99, ">12"))


def lundeby(e: np.ndarray, fs: int, start: int) -> tuple[float, int, float]:
    """Noise energy per sample, the index where the decay meets it, and the decay's slope
    (dB a sample) of the energy ``e`` from ``start`` (10 ms blocks, five passes)."""
    blk = max(1, int(0.010 * fs))
    seg = e[start:]
    nb = len(seg) // blk
    env = seg[: nb * blk].reshape(nb, blk).mean(1)
    envdb = 10 * np.log10(env + 1e-30)
    noise = float(np.mean(env[int(nb * 0.9) :])) if nb else 1e-30
    cross, slope = nb, None
    for _ in range(5):
        ndb = 10 * np.log10(noise + 1e-30)
        i0 = int(np.argmax(envdb <= envdb.max() - 5)) if np.any(envdb <= envdb.max() - 5) else 0
        below = np.flatnonzero(envdb[i0:] <= ndb + 10)
        i1 = i0 + (int(below[0]) if len(below) else len(envdb) - i0)
        if i1 - i0 < 3:
            break
        a, b = np.polyfit(np.arange(i0, i1), envdb[i0:i1], 1)
        if a >= 0:
            break
        slope, cross = a, int(min(nb, max(i1, (ndb - b) / a)))
        after = cross + int(5 / -a)
        if after >= nb - max(3, nb // 10):
            break
        noise = float(np.mean(env[after:]))
    slope = -60.0 / max(nb, 1) if slope is None else slope
    return noise, start + cross * blk, slope / blk


def truths(h: np.ndarray, fs: int) -> dict:
    """C50 (dB), EDT and T20 (s), the slope's shape and where the response ends (s)."""
    a = np.abs(h)
    on = int(np.argmax(a >= 0.1 * a.max()))
    peak = on + int(np.argmax(a[on : on + int(0.002 * fs) + 1]))
    t0 = max(0, peak - int(PRE_S * fs))
    e = h.astype(np.float64) ** 2
    noise, cross, slope = lundeby(e, fs, t0)
    cross = min(max(cross, peak + int(SPLIT_S * fs) + 1), len(h))
    k = -slope * np.log(10) / 10
    ec = np.clip(e[t0:cross] - noise, 0, None)
    tail = float(np.mean(ec[-max(1, int(0.010 * fs)) :])) / k if k > 0 else 0.0
    split = peak + int(SPLIT_S * fs) - t0
    c50 = 10 * np.log10(ec[:split].sum() / max(ec[split:].sum() + tail, 1e-30))
    sch = np.cumsum(ec[::-1])[::-1] + tail
    level = 10 * np.log10(sch / sch[0] + 1e-30)
    t = np.arange(len(level)) / fs

    def fit(hi: float, lo: float) -> float | None:
        m = (level <= hi) & (level >= lo)
        if not np.any(level <= lo) or m.sum() < 3:
            return None
        s = np.polyfit(t[m], level[m], 1)[0]
        return float(-60 / s) if s < 0 else None

    edt, t20 = fit(0, -10), fit(-5, -25)
    ratio = edt / t20 if edt and t20 else None
    shape = None if ratio is None else "single" if 0.75 <= ratio <= 1.33 else "double"
    return {"c50": float(c50), "edt": edt, "t20": t20, "slope": shape, "t0": t0, "end": cross}


def applied(h: np.ndarray, fs: int, sr: int) -> np.ndarray:
    """The response cut from its direct sound to where it meets its noise (50 ms fade after),
    resampled to ``sr``."""
    info = truths(h, fs)
    g = h[info["t0"] : min(len(h), info["end"] + int(0.05 * fs))].astype(np.float64)
    f = min(int(0.05 * fs), len(g) // 4)
    g[-f:] *= 0.5 * (1 + np.cos(np.linspace(0, np.pi, f)))
    q = gcd(fs, sr)
    return resample_poly(g, sr // q, fs // q) if fs != sr else g


def speech(folder: Path | None) -> list[tuple[str, np.ndarray, int]]:
    """The dry clips: ``folder``'s WAV and FLAC files, or ALSA's prompts at 16 kHz."""
    if folder is not None:
        out = []
        for p in sorted(folder.glob("*.wav")) + sorted(folder.glob("*.flac")):
            x, sr = sf.read(p, always_2d=True)
            out.append((p.stem, x[:, 0], sr))
        return out
    out = []
    for names in ALSA_CLIPS:
        if not all((ALSA / f"{n}.wav").exists() for n in names):
            continue
        parts = [resample_poly(sf.read(ALSA / f"{n}.wav", always_2d=True)[0][:, 0], 1, 3)
                 for n in names]  # fmt: skip
        out.append(("alsa_" + "_".join(n.lower() for n in names), np.concatenate(parts), RATE))
    return out


def heldout(name: str) -> bool:
    """Whether a response is in the held-out half (a SHA-1 of its name)."""
    return hashlib.sha1(name.encode()).digest()[0] % 2 == 1


def measure(x: np.ndarray, sr: int) -> dict:
    """The reverb and voice analysers on ``x`` at -3 dBFS, rounded to 16 bits."""
    y = np.round(x / np.abs(x).max() * 10 ** (-3 / 20) * 32767) / 32768
    return {**feed(Reverb(sr, 1), y), **feed(Voice(sr, 1), y)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--irs", type=Path, default=Path("/tmp/audiolint-rooms/irs"))
    ap.add_argument("--speech", type=Path, default=None)
    ap.add_argument("--per-ir", type=int, default=3)
    ap.add_argument("--files", action="store_true")
    args = ap.parse_args(argv)
    irs = sorted(args.irs.glob("*.wav")) + sorted(args.irs.glob("*.flac"))
    if not irs:
        print(f"skipped: no measured responses in {args.irs} (see this script's docstring)")
        return 0
    clips = speech(args.speech)
    if not clips:
        print("skipped: no dry speech (--speech DIR, or Debian's alsa-utils for its prompts)")
        return 0
    rows = []
    for dry_name, x, sr in clips:
        got = measure(x, sr)
        rows.append({"half": "dry", "file": dry_name, "truth": None, "slope": None,
                     "est": got["c50_db"], "fired": fires(rule, got)})  # fmt: skip
    for n, path in enumerate(irs):
        h, fs = sf.read(path, always_2d=True)
        h = h[:, 0]
        for j in range(min(args.per_ir, len(clips))):
            dry_name, x, sr = clips[(n + j) % len(clips)]
            g = applied(h, fs, sr)
            info = truths(g, sr)
            got = measure(fftconvolve(x, g), sr)
            rows.append({
                "half": "held-out" if heldout(path.stem) else "tune",
                "file": f"{path.stem}__{dry_name}", "truth": info["c50"],
                "slope": info["slope"], "est": got["c50_db"], "fired": fires(rule, got),
            })  # fmt: skip
    line = rule.DEFAULT["max_c50_db"]
    dry = [r for r in rows if r["half"] == "dry"]
    print(f"{len(irs)} measured responses x {args.per_ir} clips; S008 line {line:g} dB")
    print(f"dry speech: S008 on {sum(r['fired'] for r in dry)} of {len(dry)}")
    wet = [r for r in rows if r["half"] != "dry"]
    for half in ("tune", "held-out", "all"):
        rs = [r for r in wet if half in ("all", r["half"])]
        if not rs:
            continue
        print(f"\n[{half}] {len(rs)} files")
        print("  true C50   files  S008 fired  estimates  estimate - truth (mean, sd)")
        for lo, hi, label in BANDS:
            b = [r for r in rs if lo <= r["truth"] < hi]
            if not b:
                continue
            err = np.array([r["est"] - r["truth"] for r in b if r["est"] is not None])
            said = f"{err.mean():+5.1f} {err.std():4.1f}" if len(err) else "    -"
            fired = sum(r["fired"] for r in b)
            print(f"  {label:>8} {len(b):7d} {fired:6d} of {len(b):<3d} {len(err):9d}  {said}")
        for shape in ("single", "double"):
            s = [r for r in rs if r["slope"] == shape]
            under = [r for r in s if r["truth"] < line]
            over = [r for r in s if r["truth"] >= line]
            print(f"  {shape} slope: {len(s)} files; fired on {sum(r['fired'] for r in under)} "
                  f"of {len(under)} under {line:g} dB, {sum(r['fired'] for r in over)} of "
                  f"{len(over)} at or over it")  # fmt: skip
    for r in sorted(wet, key=lambda r: r["truth"]):
        wrong = r["fired"] != (r["truth"] < line)
        if wrong or args.files:
            est = "-" if r["est"] is None else f"{r['est']:.1f}"
            tag = ("FALSE ALARM" if r["fired"] else "MISSED") if wrong else "ok"
            print(f"  {tag:11s} {r['file']}: true C50 {r['truth']:.1f} dB ({r['slope']}), "
                  f"read {est}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
