"""Issue 18: a file name with U+FFFF, C1 or bidi controls still makes a valid JUnit report,
with those characters shown escaped rather than emitted raw."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from click.testing import CliRunner

from audiolint.cli import cli

NAME = "odd \uffff \u202egnp \x85 \x9b.wav"


def test_junit_with_hostile_names_is_valid_xml(tmp_path, gen):
    gen.write_wav(tmp_path / NAME, gen.speechlike(16000, 1.0, seed=8), 16000)
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "junit", str(tmp_path)])
    assert res.exit_code == 1, res.output
    ET.fromstring(res.stdout.encode("utf-8"))  # raises on characters XML 1.0 forbids
    for raw in ("\uffff", "\u202e", "\x85", "\x9b"):
        assert raw not in res.stdout
    assert "\\uffff" in res.stdout and "\\u202e" in res.stdout
