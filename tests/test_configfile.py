"""Configuration files: discovery, precedence, every key, flags over file, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiolint import configfile
from audiolint.cli import cli
from audiolint.errors import ConfigError


def check(*args: str):
    return CliRunner().invoke(cli, ["check", *args, "--format", "json"])


def findings(res) -> dict[str, list[tuple[str, str]]]:
    """File name -> [(rule, severity)] from a JSON run."""
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(res.stdout)
    return {
        Path(fr["path"]).name: [(f["rule"], f["severity"]) for f in fr["findings"]]
        for fr in doc["files"]
    }


def test_defaults_without_a_file(mixed_dataset):
    got = findings(check(str(mixed_dataset)))
    assert got["low.wav"] == [("Q003", "error")]
    assert got["lossy.mp3"] == [("Q001", "warning"), ("Q002", "error")]


def test_audiolint_toml_every_key(mixed_dataset):
    (mixed_dataset / "audiolint.toml").write_text(
        """
target-rate = 48000
ignore = ["lossy-format", "dataset-length"]
fail-on = "warning"
exclude = ["*/excluded/*"]

[per-path-ignores]
"*/sub/*" = ["Q002"]

[rules.low-sample-rate]
error-below = 8000

[rules.Q005]
min-seconds = 3          # every 2 s clip is now too short
severity = "info"
"""
    )
    (mixed_dataset / "excluded").mkdir()
    (mixed_dataset / "good.flac").rename(mixed_dataset / "excluded" / "good.flac")
    res = check(str(mixed_dataset))
    got = findings(res)
    assert "good.flac" not in got  # excluded
    assert got["low.wav"] == [("Q003", "warning"), ("Q005", "info")]  # floor lowered
    # 44.1 kHz is under the 48 kHz target; Q001 ignored; Q002 ignored under sub/
    assert got["lossy.mp3"] == [("Q003", "warning"), ("Q005", "info")]
    assert res.exit_code == 1  # fail-on warning
    assert check(str(mixed_dataset), "--fail-on", "error").exit_code == 0


def test_fail_on_and_select_from_file_and_flags_override_them(mixed_dataset):
    (mixed_dataset / "audiolint.toml").write_text('fail-on = "never"\nselect = ["Q003"]\n')
    assert check(str(mixed_dataset)).exit_code == 0
    assert findings(check(str(mixed_dataset)))["lossy.mp3"] == []
    assert check(str(mixed_dataset), "--fail-on", "error").exit_code == 1
    # --select replaces the file's select
    got = findings(check(str(mixed_dataset), "--select", "Q001"))
    assert got["lossy.mp3"] == [("Q001", "warning")] and got["low.wav"] == []


def test_rule_option_changes_a_threshold(mixed_dataset):
    (mixed_dataset / "audiolint.toml").write_text("[rules.low-bitrate]\nerror_below_kbps = 64\n")
    assert ("Q002", "warning") in findings(check(str(mixed_dataset)))["lossy.mp3"]


def q003_on_mp3(*args: str) -> bool:
    return ("Q003", "warning") in findings(check(*args))["lossy.mp3"]


def test_pyproject_table_found_by_walking_up(mixed_dataset):
    project = mixed_dataset.parent
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.audiolint]\ntarget-rate = 48000\n'
    )
    # a nearer pyproject.toml without [tool.audiolint] is passed over
    (mixed_dataset / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    assert configfile.find(mixed_dataset / "sub") == project / "pyproject.toml"
    assert configfile.find(mixed_dataset / "low.wav") == project / "pyproject.toml"
    assert q003_on_mp3(str(mixed_dataset / "sub" / "lossy.mp3"))


def test_audiolint_toml_beats_pyproject_in_the_same_folder(mixed_dataset):
    (mixed_dataset / "pyproject.toml").write_text("[tool.audiolint]\ntarget-rate = 48000\n")
    (mixed_dataset / "audiolint.toml").write_text("target-rate = 40000\n")
    assert configfile.find(mixed_dataset) == mixed_dataset / "audiolint.toml"
    assert not q003_on_mp3(str(mixed_dataset))


def test_nearest_file_wins(mixed_dataset):
    (mixed_dataset.parent / "audiolint.toml").write_text("target-rate = 40000\n")
    (mixed_dataset / "audiolint.toml").write_text("target-rate = 48000\n")
    assert q003_on_mp3(str(mixed_dataset))


def test_config_flag_overrides_discovery_and_flags_override_it(mixed_dataset, tmp_path):
    (mixed_dataset / "audiolint.toml").write_text("target-rate = 48000\n")
    other = tmp_path / "ci.toml"
    other.write_text("target-rate = 40000\n")
    assert not q003_on_mp3(str(mixed_dataset), "--config", str(other))
    assert q003_on_mp3(str(mixed_dataset), "--config", str(other), "--target-rate", "48000")


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("target_rat = 16000", "target_rat: unknown key"),
        ('target-rate = "16k"', "target-rate: expected a whole number"),
        ("target-rate = 1000", "target-rate: 1000 is outside"),
        ('fail-on = "fatal"', "fail-on: expected one of error, warning, info, never"),
        ('select = ["Z9"]', "select: 'Z9' matches no rule"),
        ("ignore = 3", "ignore: expected a list of strings"),
        ("[rules.Q999]\nx = 1", "rules.Q999: no rule called 'Q999'"),
        ("[rules.Q002]\nwarn_below = 1", "rules.Q002.warn_below: Q002 has no option"),
        ('[rules.Q002]\nwarn_below_kbps = "lots"', "rules.Q002.warn_below_kbps: expected int"),
        ("[rules.Q005]\nmin_seconds = true", "rules.Q005.min_seconds: expected float"),
        ('[rules.Q003]\nseverity = "fatal"', "rules.Q003.severity: expected one of"),
        ('[per-path-ignores]\n"*.wav" = ["nope"]', "per-path-ignores.*.wav: 'nope' matches"),
        ("target-rate = = 3", "not valid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(mixed_dataset, text, expect):
    (mixed_dataset / "audiolint.toml").write_text(text + "\n")
    res = check(str(mixed_dataset))
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output
    assert lines[0].startswith("audiolint: ") and "audiolint.toml" in lines[0]
    assert expect in lines[0]


def test_bad_key_in_pyproject_names_the_table(mixed_dataset):
    (mixed_dataset / "pyproject.toml").write_text("[tool.audiolint]\nslect = ['Q']\n")
    res = check(str(mixed_dataset))
    assert res.exit_code == 2 and "pyproject.toml: tool.audiolint.slect: unknown key" in res.stderr


def test_missing_config_file_and_unknown_flag_selector(mixed_dataset):
    res = check(str(mixed_dataset), "--config", str(mixed_dataset / "nope.toml"))
    assert res.exit_code == 2 and "--config: no such file" in res.stderr
    res = check(str(mixed_dataset), "--ignore", "XYZ")
    assert res.exit_code == 2 and "--ignore: 'XYZ' matches no rule" in res.stderr


def test_parse_accepts_snake_and_kebab_and_converts_numbers():
    got = configfile.parse({"target_rate": 32000, "rules": {"clip-length": {"max_seconds": 20}}})
    assert got["target_rate"] == 32000
    assert got["rule_options"] == {"Q005": {"max_seconds": 20.0}}
    assert isinstance(got["rule_options"]["Q005"]["max_seconds"], float)
    with pytest.raises(ConfigError, match="expected int"):
        configfile.parse({"rules": {"Q004": {"min_bits": 16.5}}})


def test_every_rule_accepts_its_own_defaults_as_options():
    from audiolint import rules

    for rule in rules.ALL:
        table = {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in rule.DEFAULT.items()
            if v is not None
        }
        got = configfile.parse({"rules": {rule.ID: table}}, "test")
        assert got["rule_options"].get(rule.ID, {}).keys() == table.keys(), rule.ID


def test_target_rate_flag_beats_the_rule_table_in_the_file(mixed_dataset):
    # The flag is the most specific setting of all: it beats [rules.Q003] target-rate.
    (mixed_dataset / "audiolint.toml").write_text("[rules.Q003]\ntarget-rate = 48000\n")
    assert q003_on_mp3(str(mixed_dataset))  # the file alone: 44.1 kHz is under 48 kHz
    assert not q003_on_mp3(str(mixed_dataset), "--target-rate", "40000")


def test_rule_table_beats_the_global_key_in_the_same_file(mixed_dataset):
    (mixed_dataset / "audiolint.toml").write_text(
        "target-rate = 40000\n[rules.Q003]\ntarget-rate = 48000\n"
    )
    assert q003_on_mp3(str(mixed_dataset))
    config, _ = configfile.resolve([str(mixed_dataset)], None, {"target_rate": 32000})
    assert config.rule_options["Q003"]["target_rate"] == 32000
