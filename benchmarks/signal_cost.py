"""CPU cost of the signal analysers, side by side: x real time per core with and without the
ones named (default: reverb and harmony, issue 17), on real speech.

    python benchmarks/signal_cost.py [NAME ...]

ALSA's recorded prompts (48 kHz) with half a second between them, tiled to 60 s and made stereo,
are fed in 65,536-frame blocks to the analysers in ``registry.SIGNAL`` (CPU seconds, best of 5,
one analyser set after the other in each round so that load on the machine hits both alike).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import registry

ALSA = Path("/usr/share/sounds/alsa")
SECONDS = 60


def speech() -> tuple[np.ndarray, int]:
    """60 s of stereo speech from the ALSA prompts."""
    parts, sr = [], 48000
    for path in sorted(ALSA.glob("[FRS]*_*.wav")):
        x, sr = sf.read(path, dtype="float32", always_2d=True)
        parts += [x.mean(axis=1), np.zeros(sr // 2, np.float32)]
    x = np.concatenate(parts)
    x = np.tile(x, SECONDS * sr // len(x) + 1)[: SECONDS * sr]
    return np.stack([x, 0.9 * x], axis=1), sr


def cpu_seconds(names, blocks, sr: int) -> float:
    """CPU seconds for the analysers ``names`` over ``blocks``."""
    analysers = [registry.FACTORIES[n](sr, 2, None) for n in names]
    start = time.process_time()
    for block in blocks:
        for a in analysers:
            a.update(block)
    for a in analysers:
        a.result()
    return time.process_time() - start


def main(argv: list[str]) -> int:
    if not (ALSA / "Front_Left.wav").exists():
        print("skipped: ALSA prompts missing (Debian package alsa-utils)")
        return 0
    named = argv or ["reverb", "harmony"]
    x, sr = speech()
    blocks = [x[i : i + 65536] for i in range(0, len(x), 65536)]
    sets = {"without " + "+".join(named): [n for n in registry.SIGNAL if n not in named],
            "all signal analysers": list(registry.SIGNAL)}  # fmt: skip
    sets.update({n + " alone": [n] for n in named})
    best = {k: cpu_seconds(v, blocks, sr) for k, v in sets.items()}
    for _ in range(4):
        for k, v in sets.items():
            best[k] = min(best[k], cpu_seconds(v, blocks, sr))
    for k, s in best.items():
        print(f"{k:<32} {SECONDS / s:7.0f}x real time per core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
