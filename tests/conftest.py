"""Shared fixtures: generated audio in a temp folder, and a helper to run one rule on a file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import audiogen  # noqa: E402

from audiolint import api  # noqa: E402
from audiolint.config import Config  # noqa: E402


@pytest.fixture
def gen():
    """The test-audio generator module."""
    return audiogen


def findings_for(path, rule: str, **settings):
    """Findings of one rule on one path (a file or folder)."""
    config = Config(select=(rule,), **settings)
    report = api.check([path], config)
    return [f for f in report.all_findings() if f.rule == rule]


@pytest.fixture
def run_rule():
    """``run_rule(path, "Q003", target_rate=48000)`` -> that rule's findings."""
    return findings_for
