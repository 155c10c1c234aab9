"""F005 internal-error: an exception inside audiolint becomes a finding on that file only."""

import shutil

import pytest
from realaudio import ALSA, needs_alsa

from audiolint import api, pipeline, rules
from audiolint.analysis import registry


@pytest.fixture
def two_files(tmp_path, gen):
    gen.write_wav(tmp_path / "a.wav", gen.tone(16000, 1.0), 16000)
    gen.write_wav(tmp_path / "b.wav", gen.tone(48000, 1.0), 48000)
    return tmp_path


@pytest.fixture
def tone_and_voice(tmp_path, gen):
    """a.wav a tone; b.wav a clean file: a real voice (ALSA's recorded prompt, 48 kHz), as a
    tone is no voice (S007)."""
    gen.write_wav(tmp_path / "a.wav", gen.tone(16000, 1.0), 16000)
    shutil.copyfile(ALSA / "Side_Left.wav", tmp_path / "b.wav")
    return tmp_path


def _by_name(report):
    return {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}


@needs_alsa
def test_probe_crash_on_one_file(tone_and_voice, monkeypatch):
    real = pipeline.probe

    def flaky(path):
        if path.name == "a.wav":
            raise ZeroDivisionError("division by zero")
        return real(path)

    monkeypatch.setattr(pipeline, "probe", flaky)
    files = _by_name(api.check(tone_and_voice))
    [f] = [f for f in files["a.wav"].findings if f.rule == "F005"]
    assert f.severity == "error" and f.term == "Internal error"
    assert f.message == (
        "internal error while reading this file's headers: "
        "ZeroDivisionError: division by zero; please report it"
    )
    assert all(f.rule != "F001" for f in files["a.wav"].findings)  # not blamed on the file
    assert files["b.wav"].properties.sample_rate == 48000 and not files["b.wav"].findings


def test_rule_crash_keeps_other_rules(two_files, monkeypatch):
    def boom(ctx, options):
        yield from ()
        raise KeyError("sample_rate")

    monkeypatch.setattr(rules.get("Q004"), "check", boom)
    files = _by_name(api.check(two_files))
    for fr in files.values():
        [f] = [f for f in fr.findings if f.rule == "F005"]
        assert "running rule Q004 (low-bit-depth)" in f.message and "KeyError" in f.message
    assert any(f.rule == "Q003" for f in files["a.wav"].findings)  # 16 kHz still reported


def test_analyser_crash(two_files, monkeypatch):
    class Broken:
        def update(self, block):
            raise ValueError("cannot reshape array")

        def result(self):
            return {}

    monkeypatch.setitem(registry.FACTORIES, "broken", lambda sr, ch, props: Broken())
    files = _by_name(api.check(two_files))
    for fr in files.values():
        [f] = [f for f in fr.findings if f.rule == "F005"]
        assert "analysing this file's signal: ValueError: cannot reshape array" in f.message


def test_healthy_run_has_no_internal_errors(two_files):
    assert all(f.rule != "F005" for f in api.check(two_files).all_findings())
