"""Helpers for the benchmarks that judge a signal rule without files: feed one analyser the
samples in blocks, as the pipeline does, and run one rule's check on its result."""

from __future__ import annotations

import numpy as np


def feed(analyser, x: np.ndarray, block: int = 65536) -> dict:
    """``analyser``'s result for mono ``x``, scaled to a 0.5 peak and fed in ``block`` frames."""
    x = (0.5 * x / max(float(np.abs(x).max()), 1e-9)).astype(np.float32)[:, None]
    for i in range(0, len(x), block):
        analyser.update(x[i : i + block])
    return analyser.result()


class _Ctx:
    def __init__(self, signal):
        self.signal = signal


def fires(rule, signal: dict) -> bool:
    """True when ``rule`` (a rule module) yields a finding on this signal record with its
    default options."""
    return any(True for _ in rule.check(_Ctx(signal), rule.DEFAULT))
