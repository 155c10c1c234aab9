"""How fast a level falls in a room of a given clarity: the line S008's dry-fall bound follows.

    python benchmarks/reverb_falls.py [--corpus /tmp/audiolint-realcorpus] [--rooms 40]

The same real speech in the same simulated rooms as benchmarks/reverb.py (its ``speakers``,
``rooms`` and halves; pyroomacoustics is pip-installed when missing), and the same speech dry
under noise. For each file: the clarity the reverb analyser reads before any bound (its first
read, or its second where the first cannot tell) and its fastest falls within 50 ms and within
``LONG_FALL_S`` (200 ms) after a held sound (``analysis.reverb.fastest_fall``). Printed per
half: per 2 dB of clarity read, how many rooms and their largest falls; the least margin of
every room reading under 8 dB under the line ``dry_fall_db`` and under ``LONG_FALL_DB`` (and how
many rooms each bound would silence); the dry files' falls.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.signal import fftconvolve

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reverb as bench  # noqa: E402 - benchmarks/reverb.py: speakers, rooms, halves

from audiolint.analysis import reverb  # noqa: E402
from audiolint.analysis.quantile import percentile  # noqa: E402


def unbounded(x: np.ndarray, sr: int = bench.RATE) -> tuple[float | None, float, float]:
    """The clarity read before the dry-fall bounds, and the fastest falls (50 and 200 ms)."""
    a = reverb.Reverb(sr, 1)
    for i in range(0, len(x), 4096):
        a.update(x[i : i + 4096, None].astype(np.float32))
    power = np.minimum(np.concatenate(a.power), 1.0)
    kernel = np.ones(reverb.SMOOTH_FRAMES) / reverb.SMOOTH_FRAMES
    level = reverb._db(np.convolve(power, kernel, mode="same"))
    raw = reverb._db(np.maximum(power, 1e-13))
    rest = reverb.floor_levels(level, a.frame_s, raw)
    floor = float(percentile(rest, reverb.FLOOR_PERCENTILE))
    return (
        a._found(level, rest, floor)["c50_db"],
        reverb.fastest_fall(level, a.frame_s, floor),
        reverb.fastest_fall(level, a.frame_s, floor, reverb.LONG_FALL_S),
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--rooms", type=int, default=40)
    args = ap.parse_args(argv)
    pra = bench.ensure_pra()
    voices = bench.speakers(args.corpus)
    rooms = bench.rooms(pra, args.rooms)
    rng = np.random.default_rng(1)
    print(f"line: dry_fall_db(c50) = min({reverb.DRY_FALL_DB:g}, {reverb.DRY_FALL_AT_0:g} + "
          f"{reverb.DRY_FALL_SLOPE:g} x c50)")  # fmt: skip
    for half in (False, True):
        wet, dry = [], []
        for name, x in voices.items():
            if bench.held_out(name) != half:
                continue
            for room in rooms:
                if room["heldout"] == half:
                    y = fftconvolve(x, room["h"])
                    y = y + rng.standard_normal(len(y)) * 10 ** (-60 / 20) * np.abs(y).max()
                    wet.append(unbounded(y))
            for noise_db in bench.DRY_NOISE_DB:
                noisy = x + rng.standard_normal(len(x)) * 10 ** (noise_db / 20) * np.abs(x).max()
                dry.append(unbounded(noisy))
        print(f"\n== {'held-out' if half else 'tune'}: {len(wet)} room files, {len(dry)} dry")
        read = [(c, f, g) for c, f, g in wet if c is not None]
        for lo in range(-10, 30, 2):
            falls = [(f, g) for c, f, g in read if lo <= c < lo + 2]
            if falls:
                print(f"  clarity read {lo:4d}..{lo + 2:3d} dB: {len(falls):3d} rooms, fastest "
                      f"fall at most {max(f for f, _ in falls):5.1f} dB in 50 ms, "
                      f"{max(g for _, g in falls):5.1f} dB in 200 ms")  # fmt: skip
        under = [(reverb.dry_fall_db(c) - f, reverb.LONG_FALL_DB - g) for c, f, g in read if c < 8]
        if under:
            print(
                f"  rooms read under 8 dB: {len(under)}; least margin under the line "
                f"{min(m for m, _ in under):.1f} dB, under LONG_FALL_DB "
                f"{min(m for _, m in under):.1f} dB; silenced by the bounds "
                f"{sum(m <= 0 for m, _ in under)}, {sum(m <= 0 for _, m in under)}"
            )
        falls = sorted(round(f, 1) for _, f, _ in dry)
        longer = sorted(round(g, 1) for _, _, g in dry)
        print(f"  dry speech under noise: fastest falls {falls}; in 200 ms {longer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
