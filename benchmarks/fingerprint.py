"""Cost of the duplicate detection: the fingerprint analyser per file, and the dataset matching.

    python benchmarks/fingerprint.py                 # 10 min 48 kHz stereo, 5,000-file match
    python benchmarks/fingerprint.py --minutes 2 --files 20000
    python benchmarks/fingerprint.py --copies 2500 5000 10000   # identical files only

1. Fingerprint: a speech-like signal (tests/audiogen.py) fed in the pipeline's 65,536-frame
   blocks, straight from memory (no decode), timed alone; printed in times real time with the
   fingerprint's size.
2. Matching: ``dedupe.find`` over N random 6 s fingerprints with 1% planted copies (5% of the
   bits flipped, shifted by 3 steps, as a lossy copy with encoder delay), timed, with how many
   copies it found. Pairwise comparison would be N^2/2 full comparisons.
3. Identical copies (``--copies N ...``, instead of 1 and 2): N files holding one 3 s clip (the
   analyser's result on it, copied N times), so every word is shared N times; times
   ``dedupe.find`` and D003's grouping of its matches (rules/duplicate.py), which should both
   grow linearly with N.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import audiogen  # noqa: E402

from audiolint.analysis import dedupe, fingerprint  # noqa: E402
from audiolint.probe.decode import BLOCK_FRAMES  # noqa: E402
from audiolint.rules import duplicate  # noqa: E402


def fingerprint_cost(minutes: float, rate: int, channels: int) -> None:
    clip = audiogen.speechlike(rate, 20.0, channels=channels)
    reps = max(1, int(round(minutes * 3)))
    audio = np.concatenate([clip * g for g in np.linspace(0.6, 1.0, reps)])
    seconds = len(audio) / rate
    fp = fingerprint.factory(rate, channels)
    start = time.perf_counter()
    for i in range(0, len(audio), BLOCK_FRAMES):
        fp.update(audio[i : i + BLOCK_FRAMES])
    result = fp.result()
    took = time.perf_counter() - start
    size = result["words"].nbytes + result["levels"].nbytes
    print(
        f"fingerprint: {seconds / 60:.1f} min at {rate} Hz x{channels}: {took:.2f} s "
        f"= {took / seconds:.4f}x real time; {size / 1024:.0f} KiB ({size / seconds:.0f} B/s)"
    )


def match_cost(files: int, frames: int = 300) -> None:
    rng = np.random.default_rng(0)
    levels = np.full(frames, -20, np.int8)

    def words(n):
        return rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)

    prints = [{"words": words(frames), "levels": levels, "hop_s": 0.02} for _ in range(files)]
    planted = max(1, files // 100)
    copies = rng.choice(files, 2 * planted, replace=False).reshape(planted, 2)
    for a, b in copies:
        flips = (rng.random((frames, 32)) < 0.05) @ (1 << np.arange(32, dtype=np.uint64))
        shifted = np.roll(prints[a]["words"] ^ flips.astype(np.uint32), 3)  # 60 ms later
        prints[b] = {"words": shifted, "levels": levels, "hop_s": 0.02}
    start = time.perf_counter()
    found = dedupe.find(prints)
    took = time.perf_counter() - start
    want = {tuple(sorted(map(int, pair))) for pair in copies}
    got = {tuple(sorted((m.a, m.b))) for m in found}
    print(
        f"matching: {files} files x {frames * 0.02:g} s ({files * frames} words): {took:.2f} s; "
        f"found {len(got & want)} of {planted} planted copies (5% bit errors, 60 ms shift), "
        f"{len(got - want)} false"
    )


def copies_cost(counts: list[int]) -> None:
    rate = 16000
    fp = fingerprint.factory(rate, 1)
    fp.update(audiogen.speechlike(rate, 3.0, channels=1))
    one = fp.result()
    props = SimpleNamespace(sample_rate=rate, bit_depth=16, lossless=True, bitrate_bps=None)
    for n in counts:
        prints = [
            {k: (v.copy() if hasattr(v, "copy") else v) for k, v in one.items()} for _ in range(n)
        ]
        start = time.perf_counter()
        found = dedupe.find(prints)
        took = time.perf_counter() - start
        # D003 on those matches, with stand-in files (only what the rule reads).
        files = [SimpleNamespace(display=f"{i}.wav", props=props, fidelity=None) for i in range(n)]
        ctx = SimpleNamespace(files=files, matches=lambda *_, found=found: found)
        start = time.perf_counter()
        flagged = sum(1 for _ in duplicate.check(ctx, duplicate.DEFAULT))
        rule = time.perf_counter() - start
        print(
            f"identical: {n} copies of a {len(one['words']) * 0.02:.1f} s clip: find {took:.2f} s "
            f"({len(found)} matches), D003 grouping {rule:.2f} s ({flagged} flagged), "
            f"{(took + rule) / n * 1000:.2f} ms per file"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--rate", type=int, default=48000)
    ap.add_argument("--channels", type=int, default=2)
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--copies", type=int, nargs="+", metavar="N", help="identical files only")
    args = ap.parse_args()
    if args.copies:
        copies_cost(args.copies)
        return
    fingerprint_cost(args.minutes, args.rate, args.channels)
    match_cost(args.files)


if __name__ == "__main__":
    main()
