"""--baseline: record today's findings, then fail only on new ones; old ones stay reported."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from audiolint import api, baseline
from audiolint.cli import cli


@pytest.fixture
def project(mixed_dataset, monkeypatch):
    monkeypatch.chdir(mixed_dataset.parent)
    return mixed_dataset.parent


def check(*args: str):
    # The tiny fixture is also too short (D001) and mixes rates (D002): left out to keep the
    # recorded set to the three file findings these tests are about.
    return CliRunner().invoke(cli, ["check", "data", "--ignore", "D001", "--ignore", "D002", *args])


def test_first_run_records_and_passes_later_runs_fail_only_on_new(project, gen):
    res = check("--baseline", "audiolint-baseline.json")
    assert res.exit_code == 0, res.output  # two errors today, but all recorded
    assert "recorded 3 findings in audiolint-baseline.json" in res.stderr
    doc = json.loads((project / "audiolint-baseline.json").read_text())
    assert {(r["path"], r["rule"]) for r in doc["findings"]} == {
        ("data/low.wav", "Q003"),
        ("data/sub/lossy.mp3", "Q001"),
        ("data/sub/lossy.mp3", "Q002"),
    }
    # the same findings again: still reported, marked, and the run passes
    res = check("--baseline", "audiolint-baseline.json", "--format", "json")
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    low = out["files"][1]["findings"]
    assert low[0]["rule"] == "Q003" and low[0]["baselined"] is True
    assert out["summary"]["baselined"] == 3 and out["summary"]["error"] == 2
    # a new bad file fails the run; only its finding is unmarked
    gen.write_wav(project / "data" / "new.wav", gen.speechlike(16000, 2.0), 16000)
    res = check("--baseline", "audiolint-baseline.json", "--format", "json")
    assert res.exit_code == 1
    fresh = [
        (fr["path"], f.get("baselined", False))
        for fr in json.loads(res.stdout)["files"]
        for f in fr["findings"]
    ]
    assert ("data/new.wav", False) in fresh
    assert [b for p, b in fresh if p != "data/new.wav"] == [True, True, True]


def test_match_ignores_measured_numbers_in_the_message(project):
    check("--baseline", "b.json")
    # a different target changes Q003's message ("far below the 48 kHz target")
    res = check("--baseline", "b.json", "--target-rate", "48000", "--format", "json")
    doc = json.loads(res.stdout)
    q003 = [f for fr in doc["files"] for f in fr["findings"] if f["rule"] == "Q003"]
    low = [f for f in q003 if "16 kHz" in f["message"]]
    assert "48 kHz" in low[0]["message"] and low[0]["baselined"] is True
    # 44.1 kHz under a 48 kHz target is a new (warning) finding: not baselined
    assert any("44.1 kHz" in f["message"] and not f.get("baselined") for f in q003)


def test_paths_are_relative_to_the_baseline_file(project, monkeypatch):
    check("--baseline", "b.json")
    monkeypatch.chdir(project / "data")
    res = CliRunner().invoke(cli, ["check", ".", "--baseline", "../b.json", "--ignore", "D00"])
    assert res.exit_code == 0, res.output
    assert "(3 in the baseline)" in res.stdout and "(baselined)" in res.stdout


def test_write_baseline_refreshes(project, gen):
    check("--baseline", "b.json")
    gen.write_wav(project / "data" / "new.wav", gen.speechlike(16000, 2.0), 16000)
    assert check("--baseline", "b.json").exit_code == 1
    assert check("--baseline", "b.json", "--write-baseline").exit_code == 0
    assert check("--baseline", "b.json").exit_code == 0
    assert check("--write-baseline").exit_code == 2  # needs --baseline


def test_multiset_matching_per_rule_and_path(project):
    rep = api.check(["data"])
    keys = [(p, f.rule, k) for p, f, k in baseline.keyed(rep)]
    assert len(keys) == len(set(keys))
    assert ("data/sub/lossy.mp3", "Q002", "0") in keys


@pytest.mark.parametrize(
    "text", ["not json", '{"format": "other"}', '{"format": "audiolint-baseline"}']
)
def test_bad_baseline_file_is_a_one_line_error(project, text):
    (project / "b.json").write_text(text)
    res = check("--baseline", "b.json")
    assert res.exit_code == 2 and res.stderr.startswith("audiolint: --baseline: b.json is not")
    assert len(res.stderr.strip().splitlines()) == 1


def test_baselined_findings_are_marked_in_every_format(project):
    check("--baseline", "b.json")
    assert "(baselined)" in check("--baseline", "b.json", "--format", "concise").stdout
    sarif = json.loads(check("--baseline", "b.json", "--format", "sarif").stdout)
    states = {r["baselineState"] for r in sarif["runs"][0]["results"]}
    assert states == {"unchanged"}
    github = check("--baseline", "b.json", "--format", "github").stdout
    assert all(line.startswith("::notice ") for line in github.splitlines())


def test_markdown_heading_passes_when_every_error_is_baselined(project):
    check("--baseline", "b.json")
    res = check("--baseline", "b.json", "--format", "markdown")
    assert res.exit_code == 0, res.output
    heading = res.stdout.splitlines()[0]
    assert heading.startswith("## audiolint: ✔ passed"), heading
    assert "| 3 |" in res.stdout  # the baselined count is still shown
