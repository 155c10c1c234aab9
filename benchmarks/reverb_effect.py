"""S008 on a reverb effect's tail: pedalboard's Reverb (Freeverb) over real dry speech.

    python benchmarks/reverb_effect.py [--corpus /tmp/audiolint-realcorpus]

Freeverb keeps the dry voice at full level (dry_level) and lays a tail of up to several seconds
under it (wet_level, room_size, damping): a shape no simulated room of benchmarks/reverb.py has.
Each setting of a grid (room size 0.2/0.5/0.8, damping 0.2/0.5/0.8, wet 0.15/0.33, dry 0.4/0.7)
is run on every speaker of benchmarks/reverb.py at 16 kHz; the truth is the effect's own
impulse response (the effect run on a unit impulse: it is linear): its C50 and its Schroeder
curve 200 ms after the direct sound. Printed: how many files got an estimate, the median error
of c50_db against the true C50 and of reverb_fall_db against the response's own fall, and, by
true C50, how many S008 fires on. pedalboard is pip-installed when missing (skipped, saying so,
when it cannot be).
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
from reverb import RATE, c50, estimate, speakers
from signal_rule import fires

from audiolint.rules import reverb as rule

GRID = tuple(itertools.product((0.2, 0.5, 0.8), (0.2, 0.5, 0.8), (0.15, 0.33), (0.4, 0.7)))


def ensure_pedalboard():
    """Import pedalboard, pip-installing it first when missing (None when it cannot be)."""
    try:
        import pedalboard
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pedalboard"])
        try:
            import pedalboard
        except ImportError:
            return None
    return pedalboard


def fall_200(h: np.ndarray) -> float:
    """The response's Schroeder curve 200 ms after its strongest peak, in dB (positive)."""
    e = h[int(np.argmax(np.abs(h))) :] ** 2
    return float(-10 * np.log10(e[int(0.2 * RATE) :].sum() / e.sum()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    args = parser.parse_args(argv)
    pb = ensure_pedalboard()
    if pb is None:
        print("skipped: pedalboard (pip install failed)")
        return 0
    voices = speakers(args.corpus)
    rows = []
    for room, damping, wet, dry in GRID:
        effect = pb.Pedalboard(
            [pb.Reverb(room_size=room, damping=damping, wet_level=wet, dry_level=dry, width=1.0)]
        )
        impulse = np.zeros(5 * RATE, np.float32)
        impulse[100] = 1.0
        h = effect(impulse[None, :], RATE)[0].astype(np.float64)
        true_c50, true_fall = c50(h), fall_200(h)
        for x in voices.values():
            y = effect(x.astype(np.float32)[None, :], RATE)[0].astype(np.float64)
            read = estimate(0.5 * y / max(1e-9, float(np.abs(y).max())))
            rows.append((true_c50, true_fall, read, fires(rule, read)))
    got = [r for r in rows if r[2]["c50_db"] is not None]
    print(f"{len(rows)} files ({len(GRID)} settings x {len(voices)} speakers), "
          f"{len(got)} with an estimate")  # fmt: skip
    if got:
        c50_err = np.median([r[2]["c50_db"] - r[0] for r in got])
        fall_err = np.median([r[2]["reverb_fall_db"] - r[1] for r in got])
        print(f"median error: c50_db {c50_err:+.1f} dB, reverb_fall_db {fall_err:+.1f} dB")
    for lo, hi in ((-99.0, 8.0), (8.0, 12.0), (12.0, 99.0)):
        part = [r for r in rows if lo <= r[0] < hi]
        fired = sum(r[3] for r in part)
        print(f"true C50 {max(lo, 0):g}-{min(hi, 99):g} dB: {len(part)} files, S008 on {fired}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
