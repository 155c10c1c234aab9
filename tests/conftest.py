"""Shared fixtures: generated audio in a temp folder, and a helper to run one rule on a file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import audiogen  # noqa: E402

from audiolint import api  # noqa: E402
from audiolint.config import Config  # noqa: E402


@pytest.fixture(autouse=True)
def _work_in_tmp(tmp_path, monkeypatch):
    """Run every test in its own folder, so nothing (a cache, a report) lands in the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def gen():
    """The test-audio generator module."""
    return audiogen


def findings_for(path, rule: str, **settings):
    """Findings of one rule on one path (a file or folder), or on a list of them."""
    config = Config(select=(rule,), **settings)
    report = api.check(list(path) if isinstance(path, (list, tuple)) else [path], config)
    return [f for f in report.all_findings() if f.rule == rule]


@pytest.fixture
def run_rule():
    """``run_rule(path, "Q003", target_rate=48000)`` -> that rule's findings."""
    return findings_for


@pytest.fixture
def mixed_dataset(tmp_path):
    """A folder with a clean FLAC, a 16 kHz WAV (Q003 error), a 56 kbps mono MP3 (Q001
    warning, Q002 error) in a subfolder, and a non-audio file; returns the folder."""
    root = tmp_path / "data"
    # Distinct seeds: one seed at three rates is the same audio three times (D003 duplicate).
    audiogen.write_flac(root / "good.flac", audiogen.speechlike(48000, 2.0, seed=1), 48000)
    audiogen.write_wav(root / "low.wav", audiogen.speechlike(16000, 2.0, seed=2), 16000)
    lossy = audiogen.speechlike(44100, 2.0, seed=3)
    audiogen.write_mp3(root / "sub" / "lossy.mp3", lossy, 44100, kbps=56)
    (root / "notes.txt").write_text("not audio")
    return root
