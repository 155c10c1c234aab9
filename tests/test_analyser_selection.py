"""The pipeline runs only the analysers the selected rules read (``ANALYSERS``)."""

from __future__ import annotations

import pytest

from audiolint import api, pipeline
from audiolint.analysis import registry
from audiolint.config import Config


@pytest.fixture
def wav(tmp_path, gen):
    return gen.write_wav(tmp_path / "a.wav", gen.speechlike(16000, 2.0), 16000)


def test_header_rules_decode_nothing(wav):
    assert pipeline.needed_analysers(Config(select=("Q003",))) == frozenset()
    [fr] = api.check(wav, select=("Q003",)).files
    assert fr.signal is None and fr.fidelity is None
    assert [f.rule for f in fr.findings] == ["Q003"]


def test_a_signal_rule_gets_its_analyser_only(wav):
    assert pipeline.needed_analysers(Config(select=("S001",))) == {"clipping", "silence", "levels"}
    [fr] = api.check(wav, select=("S001",)).files
    assert "clipped_ratio" in fr.signal and "loudness_lufs" not in fr.signal


def test_a_full_run_measures_everything(wav):
    every = set(registry.FACTORIES) | {registry.DECODE}
    assert pipeline.needed_analysers(Config()) == every
    assert pipeline.needed_analysers(Config(select=("Q003",), keep_artifacts=True)) == every
    assert pipeline.needed_analysers(Config(analyse=False)) == frozenset()
    [fr] = api.check(wav).files
    assert {"clipped_ratio", "loudness_lufs", "usable_duration_s"} <= set(fr.signal)
    assert fr.fidelity is not None


def test_a_narrow_run_in_the_cache_does_not_serve_a_full_one(tmp_path, wav):
    cache_dir = str(tmp_path / "cache")
    api.check(wav, select=("Q003",), cache_dir=cache_dir, jobs=1)
    [fr] = api.check(wav, cache_dir=cache_dir, jobs=1).files
    assert fr.signal is not None and fr.fidelity is not None
