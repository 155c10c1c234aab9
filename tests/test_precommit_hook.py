"""The pre-commit hook definition: it matches every audio extension audiolint checks, and runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from audiolint.cli import cli
from audiolint.probe.sniff import AUDIO_EXTENSIONS

HOOKS = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def hook() -> dict:
    (only,) = yaml.safe_load(HOOKS.read_text())
    return only


def test_files_regex_matches_exactly_the_audio_extensions():
    h = hook()
    assert h["id"] == "audiolint" and h["language"] == "python"
    assert h["require_serial"] is True  # dataset rules need every file in one run
    files = re.compile(h["files"])  # pre-commit uses Python's re.search
    for ext in AUDIO_EXTENSIONS:
        assert files.search(f"data/take{ext}") and files.search(f"DATA/TAKE{ext.upper()}"), ext
    for name in ("notes.txt", "wav.json", "take.wav.bak", "flac", "take.wavx"):
        assert not files.search(name), name


def test_entry_runs_on_the_files_pre_commit_passes(mixed_dataset):
    h = hook()
    argv = shlex.split(h["entry"]) + h.get("args", [])
    assert argv[:2] == ["audiolint", "check"]
    files = [str(p) for p in sorted(mixed_dataset.rglob("*")) if re.search(h["files"], str(p))]
    res = CliRunner().invoke(cli, argv[1:] + files)
    assert res.exit_code == 1  # low.wav and the 96 kbps MP3 are errors
    assert f"{mixed_dataset / 'low.wav'}: Q003 error" in res.stdout
