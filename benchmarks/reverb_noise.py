"""S008 on dry real speech with a steady noise floor: no finding expected on any file.

    python benchmarks/reverb_noise.py [--corpus /tmp/audiolint-realcorpus] [--only tune]

Every speech source of the real corpus (benchmarks/realcorpus.py: ALSA's prompts, espeak-ng,
CMU ARCTIC, csound, praat, puredata, supercollider recordings, each in the corpus's half) and
each single ALSA prompt (in the half of the corpus source it belongs to) is taken as it comes
and peaking at -6 and -12 dBFS, at its own rate, 44.1 or 48 kHz, 16 and 8 kHz (scipy's
resample_poly), with pauses of 0.8 and 0.6 s cut in at its quietest frames near a third and two
thirds, and white or pink noise at -30, -35, -40, -45 and -50 dBFS (RMS) laid into the pauses
only or over the whole file. Printed per half: how many files S008 fires on (naming them), and
how many get a clarity estimate at all. Missing sources are skipped, and the script says so.
"""

from __future__ import annotations

import argparse
import csv
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
from realcorpus import noise
from scipy.signal import resample_poly
from signal_rule import fires

from audiolint.analysis.reverb import Reverb
from audiolint.analysis.voice import Voice
from audiolint.rules import reverb as rule

ALSA = Path("/usr/share/sounds/alsa")
PROMPT_HALF = {"Front": "heldout", "Rear": "heldout", "Side": "tune"}  # as the corpus splits them
LEVELS = (-30.0, -35.0, -40.0, -45.0, -50.0)
PEAKS = (-6.0, -12.0)


def sources(corpus: Path) -> list[tuple[str, str, np.ndarray, int]]:
    """(half, name, mono samples, rate) of every dry speech source found."""
    out = []
    manifest = corpus / "manifest.csv"
    if manifest.exists():
        for row in csv.DictReader(manifest.open()):
            if row["class"] == "genuine" and row["kind"] in ("speech", "speech-lowrate",
                                                              "synthetic"):  # fmt: skip
                x, sr = sf.read(corpus / row["path"], always_2d=True)
                out.append((row["half"], row["source"], x.mean(axis=1), sr))
    else:
        print(f"skipped: the real corpus ({manifest} missing; run benchmarks/realcorpus.py)")
    prompts = sorted(ALSA.glob("*_*.wav"))
    if not prompts:
        print("skipped: single ALSA prompts (Debian alsa-utils not installed)")
    for path in prompts:
        x, sr = sf.read(path, always_2d=True)
        out.append((PROMPT_HALF[path.stem.split("_")[0]], f"alsa/{path.stem}", x.mean(axis=1), sr))
    return out


def with_pauses(x: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """``x`` with 0.8 and 0.6 s of digital silence cut in at its quietest 20 ms near a third
    and two thirds (as realcorpus.py's 'pauses' class), and where the pauses are."""
    n = int(0.02 * sr)
    frames = np.abs(x[: len(x) // n * n]).reshape(-1, n).mean(axis=1)
    parts, mask, prev = [], [], 0
    for frac, gap in ((1 / 3, 0.8), (2 / 3, 0.6)):
        c = int(len(frames) * frac)
        lo, hi = max(1, c - len(frames) // 8), min(len(frames) - 1, c + len(frames) // 8)
        cut = (lo + int(np.argmin(frames[lo:hi]))) * n
        parts += [x[prev:cut], np.zeros(int(gap * sr))]
        mask += [np.zeros(cut - prev, bool), np.ones(int(gap * sr), bool)]
        prev = cut
    mask.append(np.zeros(len(x) - prev, bool))
    return np.concatenate([*parts, x[prev:]]), np.concatenate(mask)


def judge(x: np.ndarray, sr: int) -> dict:
    """The reverb and voice analysers' results for mono ``x`` as it is (no rescaling)."""
    a, v = Reverb(sr, 1), Voice(sr, 1)
    x = np.clip(x, -1.0, 1.0).astype(np.float32)[:, None]
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096])
        v.update(x[i : i + 4096])
    return {**a.result(), **v.result()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--only", choices=("tune", "heldout"))
    args = ap.parse_args(argv)
    rng = np.random.default_rng(5)
    counts: dict[str, list[int]] = {}
    for half, name, x, sr in sources(args.corpus):
        if args.only and half != args.only:
            continue
        tally = counts.setdefault(half, [0, 0, 0])
        for rate in sorted({sr, 44100 if sr % 44100 == 0 else 48000, 16000, 8000}):
            g = gcd(sr, rate)
            y = resample_poly(x, rate // g, sr // g) if rate != sr else x
            for peak in PEAKS:
                z, pauses = with_pauses(y / np.abs(y).max() * 10 ** (peak / 20), rate)
                for color in ("white", "pink"):
                    for dbfs in LEVELS:
                        for where in ("pauses", "throughout"):
                            laid = noise(len(z), 1, color, dbfs, rng)[:, 0]
                            r = judge(z + (laid * pauses if where == "pauses" else laid), rate)
                            tally[0] += 1
                            tally[1] += r["c50_db"] is not None
                            if fires(rule, r):
                                tally[2] += 1
                                print(f"  fires: {half} {name} {rate} Hz peak {peak:g} {color} "
                                      f"{dbfs:g} dBFS in {where}: C50 {r['c50_db']} over "
                                      f"{r['reverb_offsets']}")  # fmt: skip
    for half, (n, estimated, fired) in counts.items():
        print(f"== {half}: {n} noisy dry speech files; S008 fires on {fired} "
              f"({fired / max(n, 1):.1%}); a clarity estimate on {estimated}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
