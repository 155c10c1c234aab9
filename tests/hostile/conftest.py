"""Shared hostile fixtures: real base files, and the hostile corpus checked once per session."""

from __future__ import annotations

import hostilegen
import pytest

from audiolint import pipeline
from audiolint.config import Config


@pytest.fixture(scope="session")
def base(tmp_path_factory):
    """One short real file per format (name -> path)."""
    return hostilegen.base_files(tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, base):
    """(root, cases, report, verdicts): the hostile corpus and one full check of it."""
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    cases = hostilegen.build_corpus(root, base)
    report = pipeline.run([root], Config(cache_dir=None, jobs=4))
    verdicts = hostilegen.judge(report, root, cases, pipeline.display_path)
    return root, cases, report, verdicts
