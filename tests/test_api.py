"""The Python API: settings are resolved and checked the way the command line does it."""

from __future__ import annotations

import pytest

from audiolint import api
from audiolint.config import Config
from audiolint.errors import ConfigError


@pytest.fixture
def lossy(tmp_path, gen):
    """A 96 kbps MP3 at 44.1 kHz: Q001 (lossy) and Q002 (low bitrate)."""
    return gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=96)


def rules_found(report) -> list[str]:
    return sorted(f.rule for f in report.all_findings())


@pytest.mark.parametrize("where", ["select", "ignore"])
def test_unknown_selector_is_an_error_not_an_empty_run(lossy, where):
    with pytest.raises(ConfigError, match="'Z9' matches no rule"):
        api.check(lossy, **{where: ("Z9",)})
    with pytest.raises(ConfigError, match="'Z9' matches no rule"):
        api.check(lossy, Config(**{where: ("Z9",)}))


def test_a_single_string_is_one_selector(lossy):
    # "Q001" read as characters would ignore every Q rule ("Q") and Q002 with them.
    assert rules_found(api.check(lossy, ignore="Q001", analyse=False)) == ["Q002"]
    assert rules_found(api.check(lossy, select="Q002", analyse=False)) == ["Q002"]


def test_target_rate_keyword_reaches_the_rule(lossy):
    assert "Q003" not in rules_found(api.check(lossy, analyse=False))
    assert "Q003" in rules_found(api.check(lossy, target_rate=48000, analyse=False))


def test_a_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.wav"):
        api.check(tmp_path / "nope.wav")


def test_the_configuration_file_applies_unless_opted_out(tmp_path, lossy):
    """The command line reads audiolint.toml; the API ignored it."""
    (tmp_path / "audiolint.toml").write_text('ignore = ["Q001"]\n')
    assert "Q001" not in rules_found(api.check(lossy))
    assert "Q001" in rules_found(api.check(lossy, read_config=False))
    assert "Q001" in rules_found(api.check(lossy, ignore=()))  # a keyword beats the file


def test_a_report_is_short_in_a_notebook(lossy):
    """A Report's repr was thousands of characters; a notebook shows its HTML summary inline."""
    report = api.check(lossy)
    text = repr(report)
    assert text.startswith("<Report: 1 files, 1 errors, 1 warnings") and len(text) < 200
    assert repr(report.files[0]) == "<FileReport " + report.files[0].path + (
        ": MP3 44.1 kHz 1ch 2.00 s; Q001, Q002>"
    )
    html = report._repr_html_()
    assert "<script" not in html and "<style" not in html and "a.mp3" in html


def test_the_package_is_typed():
    from importlib.resources import files

    assert files("audiolint").joinpath("py.typed").is_file()
