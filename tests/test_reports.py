"""The CI formats, each parsed by its consumer's own rules: the SARIF 2.1.0 schema, an XML
parser for JUnit, the GitHub workflow-command syntax, GitLab's Code Quality fields, and a
CommonMark + GFM-tables parser for Markdown. (HTML has its own module: test_html_report.py.)
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from audiolint import api, engine, rules
from audiolint.cli import cli
from audiolint.config import Config
from audiolint.report import FORMATS, gitlab, sarif
from audiolint.rules.base import Problem

# The official schema: the shared copy beside the checkout, else the one vendored in tests/data
# (from the OASIS SARIF TC's sarif-spec repository, Schemata/sarif-schema-2.1.0.json).
SCHEMAS = [
    Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json",
    Path(__file__).parent / "data" / "sarif-schema-2.1.0.json",
]
HOSTILE = "odd, name: 100%_[x]|*y* <b>.wav"


@pytest.fixture
def data(mixed_dataset, monkeypatch, gen):
    """The mixed dataset plus a 16 kHz WAV with a hostile name; cwd is its parent."""
    gen.write_wav(mixed_dataset / HOSTILE, gen.speechlike(16000, 1.5), 16000)
    monkeypatch.chdir(mixed_dataset.parent)
    return Path("data")


def run(fmt: str, *args: str) -> str:
    # The dataset rules (D: the tiny fixture is too short, mixes rates, has an odd name) are left
    # out so the counts below stay about files; with_dataset_finding covers dataset findings.
    ignore = ["--ignore", "D"]
    res = CliRunner().invoke(cli, ["check", "data", "--format", fmt, *ignore, *args])
    assert res.exit_code in (0, 1), res.output
    return res.stdout


def expected() -> list[tuple[str, str, str, str]]:
    """(path, rule, severity, message) of every finding, from the JSON contract."""
    doc = json.loads(run("json"))
    out = [
        (fr["path"], f["rule"], f["severity"], f["message"])
        for fr in doc["files"]
        for f in fr["findings"]
    ]
    assert len(out) >= 4  # low.wav, the hostile name, and two on lossy.mp3
    return out


def with_dataset_finding(report):
    """The report plus one dataset-level finding (made by the engine, as a dataset rule's)."""
    finding = engine.make_finding(rules.get("Q005"), Problem("clips too short overall"), Config())
    return dataclasses.replace(report, dataset_findings=(finding,))


def test_every_format_is_registered_and_writes_to_a_file(data, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        res = CliRunner().invoke(cli, ["check", "data", "--format", fmt, "-o", str(out)])
        assert res.exit_code == 1 and res.stdout == "", fmt
        assert out.stat().st_size > 0, fmt


def test_concise_one_line_per_finding(data):
    lines = run("concise").splitlines()
    assert lines == [f"{p}: {r} {s} {m}" for p, r, s, m in expected()]


def _schema():
    for path in SCHEMAS:
        if path.is_file():
            return json.loads(path.read_text())
    pytest.skip("SARIF 2.1.0 schema not found in ../shared/schemas or tests/data")


def test_sarif_validates_against_the_official_schema(data):
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(run("sarif"))
    jsonschema.validate(doc, _schema())
    (run_,) = doc["runs"]
    driver = run_["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.ID for r in rules.ALL]
    from audiolint import glossary

    q003 = driver["rules"][[r["id"] for r in driver["rules"]].index("Q003")]
    assert glossary.load().lookup("Sample rate").definition in q003["help"]["text"]
    assert q003["shortDescription"]["text"] and q003["fullDescription"]["text"]
    got = []
    for res in run_["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["region"]["startLine"] == 1
        uri = loc["artifactLocation"]["uri"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert re.fullmatch(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+", uri), uri  # a URI, encoded
        level = {"error": "error", "warning": "warning", "note": "info"}[res["level"]]
        got.append((unquote(uri), res["ruleId"], level))
    assert got == [(p, r, s) for p, r, s, _ in expected()]
    assert f"data/{HOSTILE}" in [g[0] for g in got]


def test_sarif_dataset_finding_points_at_the_root_folder(data):
    jsonschema = pytest.importorskip("jsonschema")
    rep = with_dataset_finding(api.check(["data"]))
    doc = sarif.document(rep, root="data")
    jsonschema.validate(doc, _schema())
    last = doc["runs"][0]["results"][-1]
    assert last["ruleId"] == "Q005"
    assert last["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "data"


def test_junit_parses_and_counts(data):
    root = ET.fromstring(run("junit", "--fail-on", "error"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    n_rules = len(engine.enabled_rules(Config(), "file"))
    for name, suite in suites.items():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) == n_rules, name
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    assert suites["data/good.flac"].get("failures") == "0"
    hostile = suites[f"data/{HOSTILE}"]
    assert hostile.find("testcase[@name='Q003 low-sample-rate']/failure") is not None
    lossy = suites["data/sub/lossy.mp3"]
    assert lossy.find("testcase[@name='Q002 low-bitrate']/failure") is not None
    # the warning is below --fail-on error: reported, but not a failure
    q001 = lossy.find("testcase[@name='Q001 lossy-format']")
    assert q001.find("failure") is None and "lossy" in q001.find("system-out").text
    total = sum(int(s.get("failures")) for s in suites.values())
    assert int(root.get("failures")) == total == 3


def test_junit_fail_on_warning_turns_warnings_into_failures(data):
    root = ET.fromstring(run("junit", "--fail-on", "warning"))
    case = root.find("testsuite[@name='data/sub/lossy.mp3']/testcase[@name='Q001 lossy-format']")
    assert case.find("failure") is not None


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse ``::cmd k=v,k=v::message`` as the Actions runner does, unescaping values."""
    m = re.fullmatch(r"::([a-z]+)(?: ([^:]*))?::(.*)", line)
    assert m, line

    def data(v):
        return v.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

    def prop(v):
        v = v.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        return v.replace("%25", "%")

    props = {}
    for pair in (m.group(2) or "").split(","):
        key, _, value = pair.partition("=")
        props[key] = prop(value)
    return m.group(1), props, data(m.group(3))


def test_github_annotations_round_trip(data):
    lines = run("github").splitlines()
    want = expected()
    assert len(lines) == len(want)
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for line, (path, rule, sev, msg) in zip(lines, want, strict=True):
        cmd, props, message = parse_workflow_command(line)
        assert (cmd, props["file"], message) == (level[sev], path, msg)
        assert props["title"].startswith(rule + " ")


def test_github_escapes_newlines_percent_colon_comma(data, gen):
    gen.write_wav(Path("data") / "two\nlines%.wav", gen.speechlike(16000, 1.0), 16000)
    out = run("github")
    line = next(x for x in out.splitlines() if "two" in x)
    assert "file=data/two%0Alines%25.wav," in line
    assert "file=data/odd%2C name%3A 100%25_" in out
    assert parse_workflow_command(line)[1]["file"] == "data/two\nlines%.wav"


def test_gitlab_code_quality_fields(data):
    issues = json.loads(run("gitlab"))
    assert len(issues) == len(expected())
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["description"], str) and issue["check_name"]
        assert issue["location"]["lines"]["begin"] == 1
        assert not Path(issue["location"]["path"]).is_absolute()
        assert Path(issue["location"]["path"]).exists()
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    # fingerprints are stable across runs and do not depend on the message's numbers
    again = json.loads(run("gitlab", "--target-rate", "48000"))
    assert {i["fingerprint"] for i in again} >= {
        i["fingerprint"] for i in issues if "Q003" in i["check_name"]
    }


def test_github_dataset_finding_points_at_the_folder_never_at_a_file(data):
    """A dataset finding was annotated at the first file named (cli.py pinned it to paths[0]);
    it sits at the checked folder, or at the files' common folder when several are named."""
    from audiolint.report import github

    rep = with_dataset_finding(api.check(["data"]))
    for root in ("data", None):
        out = io.StringIO()
        github.render(rep, out, root=root)
        cmd, props, message = parse_workflow_command(out.getvalue().splitlines()[-1])
        assert (props["file"], message) == ("data", "clips too short overall"), root
        assert props["title"].startswith("Q005 ")


def test_gitlab_dataset_finding_points_at_root(data):
    rep = with_dataset_finding(api.check(["data"]))
    assert gitlab.issues(rep, root="data")[-1]["location"]["path"] == "data"


class _Cells(HTMLParser):
    """Collects the text of every table row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, text):
        if self._cell is not None:
            self._cell += text


def test_markdown_renders_as_tables_with_plain_text_cells(data):
    from markdown_it import MarkdownIt  # installed with rich

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(run("markdown"))
    parser = _Cells()
    parser.feed(html)
    summary, findings = parser.rows[:2], parser.rows[2:]
    assert summary[0][:3] == ["Files", "Clean", "Errors"] and summary[1][0] == "4"
    assert findings[0] == ["File", "Rule", "Severity", "Message", "Term"]
    rows = findings[1:]
    assert all(len(r) == 5 for r in rows)
    assert [(r[0], r[1].split()[0], r[3]) for r in rows] == [(p, r, m) for p, r, _, m in expected()]
    assert "<details>" in html and "Sample rate" in html


def test_statistics_counts_per_rule_on_stderr_for_machine_formats(data):
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "audiolint", "check", "data", "--statistics", "--format", "json"]
    cmd += ["--ignore", "D"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1
    json.loads(proc.stdout)  # the report alone on stdout
    lines = proc.stderr.splitlines()
    assert re.fullmatch(r"2  Q003  low-sample-rate\s+error", lines[0])
    assert lines[-1] == "4 findings"


def test_statistics_follows_a_human_report_on_stdout(data):
    out = run("concise", "--statistics")
    assert out.splitlines()[-1] == "4 findings" and "1  Q001  lossy-format" in out


def test_exit_zero(data):
    res = CliRunner().invoke(cli, ["check", "data", "--exit-zero"])
    assert res.exit_code == 0 and "Q003" in res.stdout


def test_junit_marks_rules_that_could_not_run_on_an_unreadable_file(data, gen):
    gen.write_text_as(Path("data") / "broken.wav")
    suite = ET.fromstring(run("junit")).find("testsuite[@name='data/broken.wav']")
    assert suite.find("testcase[@name='F001 corrupt-file']/failure") is not None
    skipped = suite.findall("testcase/skipped")
    assert int(suite.get("skipped")) == len(skipped) >= 5  # the rules that need a readable file
    assert suite.find("testcase[@name='Q003 low-sample-rate']/skipped") is not None
    assert suite.find("testcase[@name='F002 extension-mismatch']/skipped") is None  # header rule


def test_concise_keeps_a_name_with_a_line_break_on_one_line(data, gen):
    gen.write_wav(Path("data") / "two\nlines.wav", gen.speechlike(16000, 1.0), 16000)
    lines = run("concise").splitlines()
    assert len(lines) == len(expected())
    assert "data/two\\nlines.wav: Q003 error 16 kHz" in "\n".join(lines)


def test_terminal_file_line_without_properties_has_no_trailing_spaces(data, gen):
    gen.write_text_as(Path("data") / "broken.wav")  # no properties to show beside the name
    out = CliRunner().invoke(cli, ["check", "data", "--no-color"]).stdout
    assert "\ndata/broken.wav\n" in "\n" + out


def test_junit_renders_the_rules_the_record_says_ran_without_the_pipeline():
    """A reporter only renders: the rules listed are the ones the engine recorded, whatever
    the configuration passed to the reporter would select today."""
    from audiolint.models import FileReport, Finding, Report
    from audiolint.report import junit

    q003 = Finding("Q003", "error", "Sample rate", "16 kHz is far below", name="low-sample-rate")
    fr = FileReport(
        "a.wav",
        None,
        findings=(q003,),
        rules_run=(("Q003", None), ("S001", "the signal was not analysed")),
    )
    doc = junit.document(Report(files=(fr,), dataset_rules=("D002",)), Config())
    suite = doc.find("testsuite[@name='a.wav']")
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == ["Q003 low-sample-rate", "S001 clipping"]
    assert suite.find("testcase[@name='S001 clipping']/skipped") is not None
    assert int(doc.get("tests")) == 3 and int(doc.get("failures")) == 1


def test_engine_records_the_rules_run_on_each_file(data):
    report = api.check(data / "low.wav", select=("Q003", "S001", "D002"), analyse=False)
    assert report.files[0].rules_run == (
        ("F001", None),  # F001 and F005 run whatever is selected (engine.ALWAYS)
        ("Q003", None),
        ("S001", "the signal was not analysed"),
        ("F005", None),
    )
    assert report.dataset_rules == ("D002",)


def test_terminal_summary_counts_in_words(tmp_path):
    """One file and one error read "1 file", "1 error"; none or several take the plural."""
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")  # cut off inside its header
    out = CliRunner().invoke(cli, ["check", str(broken), "--no-cache", "--no-dataset"]).output
    [line] = [x for x in out.splitlines() if "checked" in x]
    assert line.startswith("1 file checked (0 clean), ") and line.rstrip().endswith(
        "1 error, 0 warnings, 0 info"
    ), line


def test_quick_mode_does_not_call_a_silent_file_clean(tmp_path):
    """Session 17's newcomer run: with --quick a silent file read "✔ no findings" and counted as
    clean, though only its header was read. It now says so, in the file's line and the count."""
    import numpy as np
    import soundfile as sf

    sf.write(tmp_path / "silent.wav", np.zeros(48000 * 3, dtype="float32"), 48000)
    args = ["check", str(tmp_path), "--no-cache", "--no-dataset", "--no-color"]
    quick = CliRunner().invoke(cli, [*args, "--quick", "-v"]).output
    assert "✔ no findings in its header (sound not analysed)" in quick, quick
    [line] = [x for x in quick.splitlines() if "checked" in x]
    assert line.startswith("1 file checked (0 clean, 1 read from the header only), "), line
    full = CliRunner().invoke(cli, args).output
    assert "S002" in full and "header" not in full


def test_select_band_rule_counts_its_file_as_heard():
    """Session 53's note: ``--select Q002`` measures the decoded band of an FFmpeg VBR MP3 (its
    fidelity analysis runs) yet the tally said "read from the header only". A file whose sound
    was analysed counts as clean; only one with nothing decoded is "header only"."""
    clip = Path(__file__).parent / "data" / "voicebook_38_2_ffmpeg_q2.mp3"
    args = ["check", str(clip), "--no-cache", "--no-dataset", "--no-color", "-v"]
    out = CliRunner().invoke(cli, [*args, "--select", "Q002"]).output
    assert "sound not analysed" not in out, out
    [line] = [x for x in out.splitlines() if "checked" in x]
    assert line.startswith("1 file checked (1 clean), "), line
