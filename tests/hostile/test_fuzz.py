"""Property-based: real files of every format, damaged at random, always get a bounded, honest
answer. A longer run of the same property: ``python benchmarks/hostile_count.py --fuzz 5000``."""

from __future__ import annotations

import time

import hostilegen
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audiolint import pipeline
from audiolint.config import Config

CONFIG = Config(cache_dir=None)
PER_FILE_S = 5.0  # a 0.3 s file; the time limit of a real run is far longer


def check_one(path):
    """Probe, analyse and run the rules in-process: exceptions would escape, not be contained
    by a worker, so the property is stricter than a real run."""
    ctx = pipeline.build_context(path, CONFIG)
    return pipeline.file_report(ctx, CONFIG)


@settings(
    max_examples=120,
    deadline=None,  # timed below, so a slow CI machine fails with a clear message
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_files_are_reported_without_internal_errors(data, base, tmp_path):
    name = data.draw(st.sampled_from(sorted(base)), label="format")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rounds = data.draw(st.integers(1, 3), label="mutations")
    rng = np.random.default_rng(seed)
    blob = base[name].read_bytes()
    for _ in range(rounds):
        blob = hostilegen.mutate(blob, rng)
    path = tmp_path / f"fuzz{base[name].suffix}"
    path.write_bytes(blob)
    started = time.monotonic()
    fr = check_one(path)
    elapsed = time.monotonic() - started
    assert elapsed < PER_FILE_S, f"{name} seed {seed}: {elapsed:.1f} s"
    assert fr.path == str(path)
    assert not [f.message for f in fr.findings if f.rule == "F005"]
    if not blob:
        assert any("empty" in f.message for f in fr.findings if f.rule == "F001")


def test_mutate_changes_the_bytes(base):
    rng = np.random.default_rng(0)
    blob = base["flac"].read_bytes()
    assert sum(hostilegen.mutate(blob, rng) != blob for _ in range(50)) >= 45
