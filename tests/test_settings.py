"""Rule selection layered as ruff layers it (file, then flags), and ``check --show-settings``.

ruff 0.17, measured: with ``ignore = ["E501"]`` in the file, ``--ignore F401`` keeps E501
ignored (adds), ``--select E501`` reports E501 (replaces, the file's ignore included), and
``--extend-select E501`` reports it too (a later layer re-enables what the file ignored).
"""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from audiolint import rules
from audiolint.cli import cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FILE = 'select = ["Q"]\nignore = ["Q002"]\nextend-select = ["D001"]\n'


def enabled(folder, *flags: str) -> list[str]:
    res = CliRunner().invoke(
        cli, ["check", str(folder), "--show-settings", "--format", "json", *flags]
    )
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)["enabled-rules"]


@pytest.mark.parametrize(
    "flags, expected",
    [
        ((), "F001 Q001 Q003 Q004 Q005 F005 D001"),
        (("--ignore", "Q001"), "F001 Q003 Q004 Q005 F005 D001"),  # adds to the file's ignore
        (("--extend-ignore", "Q001,Q003"), "F001 Q004 Q005 F005 D001"),  # the same, as in ruff
        (
            ("--extend-select", "Q002"),
            "F001 Q001 Q002 Q003 Q004 Q005 F005 D001",
        ),  # beats the file
        (("--extend-select", "F001"), "F001 Q001 Q003 Q004 Q005 F005 D001"),
        (
            ("--select", "Q002"),
            "F001 Q002 F005",
        ),  # starts afresh: the file's ignore no longer counts
        (("--select", "Q", "--ignore", "Q00"), "F001 F005"),
        (
            ("--select", "Q001", "--ignore", "Q"),
            "F001 Q001 F005",
        ),  # the more specific selector wins
        (("--select", "Q", "--ignore", "Q001"), "F001 Q002 Q003 Q004 Q005 F005"),
    ],
)
def test_flags_layer_over_the_file_as_in_ruff(tmp_path, flags, expected):
    (tmp_path / "audiolint.toml").write_text(FILE)
    assert enabled(tmp_path, *flags) == expected.split()


def test_could_not_check_findings_run_whatever_select_says(tmp_path):
    """A file audiolint cannot read is reported under --select S007 (as ruff reports syntax
    errors whatever is selected), so a gate never passes a broken file as clean; an ignore
    naming F001 itself still turns it off."""
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00")
    res = CliRunner().invoke(cli, ["check", str(bad), "--select", "S007", "--format", "json"])
    assert res.exit_code == 1, res.output
    assert [f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]] == ["F001"]
    res = CliRunner().invoke(cli, ["check", str(bad), "--select", "S007", "--ignore", "F001"])
    assert res.exit_code == 0, res.output
    assert "F001" not in res.output


def test_without_a_file_select_and_extend_select(tmp_path):
    every = [r.ID for r in rules.ALL]
    assert enabled(tmp_path) == every
    assert enabled(tmp_path, "--select", "Q003", "--extend-select", "D") == [
        "F001",
        "Q003",
        "F005",
        "D001",
        "D002",
        "D003",
        "D004",
    ]
    assert enabled(tmp_path, "--ignore", "D,T") == [i for i in every if i[0] not in "DT"]


def test_an_added_ignore_changes_the_findings(mixed_dataset):
    """--ignore replaced the file's ignore list, so Q001 came back when Q002 was ignored."""
    (mixed_dataset / "audiolint.toml").write_text('ignore = ["Q001"]\n')
    res = CliRunner().invoke(
        cli, ["check", str(mixed_dataset), "--quick", "--format", "json", "--ignore", "Q002"]
    )
    rules_found = {f["rule"] for fr in json.loads(res.stdout)["files"] for f in fr["findings"]}
    assert "Q003" in rules_found and not rules_found & {"Q001", "Q002"}
    res = CliRunner().invoke(
        cli, ["check", str(mixed_dataset), "--quick", "--format", "json", "--extend-select", "Q001"]
    )
    assert "Q001" in {f["rule"] for fr in json.loads(res.stdout)["files"] for f in fr["findings"]}


def test_show_settings_prints_the_resolved_settings_as_toml(mixed_dataset):
    config = mixed_dataset / "audiolint.toml"
    config.write_text(
        'target-rate = 48000\nfail-on = "warning"\nignore = ["lossy-format"]\n'
        'respect-gitignore = false\n[per-path-ignores]\n"*/sub/*" = ["Q002"]\n'
        '[rules.Q003]\nerror-below = 8000\nseverity = "info"\n'
    )
    res = CliRunner().invoke(cli, ["check", str(mixed_dataset), "--show-settings", "--no-dataset"])
    assert res.exit_code == 0, res.output
    assert f"# Settings file: {config.absolute()}" in res.stdout
    doc = tomllib.loads(res.stdout)
    assert doc["settings-file"] == str(config.absolute()) and doc["fail-on"] == "warning"
    assert doc["ignore"] == ["lossy-format"] and "Q001" in doc["disabled-rules"]
    assert doc["respect-gitignore"] is False and doc["dataset"] is False
    assert "D001" in doc["disabled-rules"]  # --no-dataset
    assert doc["per-path-ignores"] == {"*/sub/*": ["Q002"]}
    q003 = doc["rules"]["Q003"]
    assert (q003["target-rate"], q003["error-below"], q003["severity"]) == (48000, 8000, "info")
    assert doc["rules"]["D004"]["characters"] == rules.get("D004").DEFAULT["characters"]
    assert not (mixed_dataset.parent / ".audiolint_cache").exists()  # nothing was checked


def test_show_settings_without_paths_or_file(tmp_path):
    res = CliRunner().invoke(cli, ["check", "--show-settings"])
    assert res.exit_code == 0 and "# Settings file: none found (defaults)" in res.stdout
    assert tomllib.loads(res.stdout)["paths"] == ["."]
    # a 0 that stands for "unset" says what it means (not "no time limit", not "no workers")
    assert "\njobs = 0  # one worker per core\n" in res.stdout
    assert "\ntimeout = 0.0  # the default: 60 s plus 0.2 s per second of audio\n" in res.stdout
    res = CliRunner().invoke(cli, ["check", "--show-settings", "--jobs", "2", "--timeout", "5"])
    assert "\njobs = 2\n" in res.stdout and "\ntimeout = 5.0\n" in res.stdout
    missing = CliRunner().invoke(cli, ["check"])
    assert missing.exit_code == 2 and "Missing argument 'PATHS...'" in missing.output


def test_config_keys_extend_select_and_respect_gitignore_are_checked(tmp_path):
    (tmp_path / "audiolint.toml").write_text('extend-select = ["Z9"]\n')
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--show-settings"])
    assert res.exit_code == 2 and "extend-select: 'Z9' matches no rule" in res.stderr
    (tmp_path / "audiolint.toml").write_text('respect-gitignore = "yes"\n')
    res = CliRunner().invoke(cli, ["check", str(tmp_path), "--show-settings"])
    assert res.exit_code == 2 and "respect-gitignore: expected true or false" in res.stderr
