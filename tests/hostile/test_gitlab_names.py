"""Issue 18: bidi and C1 control characters (and U+FFFF) in a file name never reach the GitLab
Code Quality report raw: the description shows them escaped, as the JUnit report does, and the
path keeps the file's real name (for GitLab's link) written as JSON escapes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from audiolint.cli import cli

NAME = "odd \uffff \u202egnp \x85 \x9b \u2067.wav"
RAW = ("\uffff", "\u202e", "\x85", "\x9b", "\u2067")


def test_gitlab_report_carries_no_raw_controls(tmp_path, gen):
    voice = gen.speechlike(16000, 1.0, seed=8)
    gen.write_wav(tmp_path / NAME, voice, 16000)
    gen.write_wav(tmp_path / "z.wav", voice, 16000)  # a duplicate: its D003 names the odd file
    out = tmp_path / "gl.json"
    args = ["check", "--no-cache", "--format", "gitlab", "-o", str(out), str(tmp_path)]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1, res.output
    text = out.read_text(encoding="utf-8")
    for raw in RAW:
        assert raw not in text
    issues = json.loads(text)
    assert issues
    assert any(i["location"]["path"].endswith(NAME) for i in issues)
    [named] = [i["description"] for i in issues if i["check_name"].startswith("D003")]
    assert "\\u202e" in named and "\\x85" in named and "\\uffff" in named
