"""Issue 18: SIGKILL or SIGTERM to the main process leaves no worker behind."""

from __future__ import annotations

import hostile_staged
import pytest


def _dataset(folder, gen, n=12):
    for i in range(n):
        gen.write_wav(folder / f"c{i:02d}.wav", gen.speechlike(16000, 20.0, seed=i), 16000)
    return folder


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_workers_end_with_their_parent(tmp_path, gen, sig):
    data = _dataset(tmp_path / "data", gen)
    assert hostile_staged.kill_mid_run(data, sig, jobs=2) == []
