"""The pre-commit hooks: both match every audio extension audiolint checks; ``audiolint`` checks
the staged files one by one (no dataset rules), ``audiolint-dataset`` judges a folder."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from audiolint.cli import cli
from audiolint.probe.sniff import AUDIO_EXTENSIONS

HOOKS = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def hooks() -> dict:
    return {h["id"]: h for h in yaml.safe_load(HOOKS.read_text())}


def test_files_regex_matches_exactly_the_audio_extensions():
    for h in hooks().values():
        assert h["language"] == "python" and h["require_serial"] is True
        files = re.compile(h["files"])  # pre-commit uses Python's re.search
        for ext in AUDIO_EXTENSIONS:
            assert files.search(f"data/take{ext}") and files.search(f"DATA/TAKE{ext.upper()}"), ext
        for name in ("notes.txt", "wav.json", "take.wav.bak", "flac", "take.wavx"):
            assert not files.search(name), name
    assert set(hooks()) == {"audiolint", "audiolint-dataset"}


def _argv(h: dict) -> list[str]:
    argv = shlex.split(h["entry"]) + h.get("args", [])
    assert argv[:2] == ["audiolint", "check"]
    return argv[1:]


def test_entry_runs_on_the_files_pre_commit_passes(mixed_dataset):
    h = hooks()["audiolint"]
    files = [str(p) for p in sorted(mixed_dataset.rglob("*")) if re.search(h["files"], str(p))]
    res = CliRunner().invoke(cli, _argv(h) + files)
    assert res.exit_code == 1  # low.wav and the 96 kbps MP3 are errors
    assert f"{mixed_dataset / 'low.wav'}: Q003 error" in res.stdout
    assert not re.search(r": D00\d ", res.stdout)  # staged files are not a dataset


def test_two_clean_clips_commit_cleanly(tmp_path, gen):
    """Committing two clean clips failed: 'only 11 s of usable audio' (D001) is an error for a
    dataset, and the staged files were judged as one."""
    for i in range(2):
        gen.write_flac(tmp_path / f"take{i}.flac", gen.speechlike(48000, 5.0, seed=i), 48000)
    files = [str(p) for p in sorted(tmp_path.glob("*.flac"))]
    res = CliRunner().invoke(cli, _argv(hooks()["audiolint"]) + files)
    assert res.exit_code == 0, res.stdout
    dataset = CliRunner().invoke(cli, [*_argv(hooks()["audiolint-dataset"])[:-1], str(tmp_path)])
    assert dataset.exit_code == 1 and f"{tmp_path}: D001 error" in dataset.stdout


def test_dataset_findings_sit_at_the_folder_not_at_a_file(tmp_path, gen):
    for i in range(2):
        gen.write_flac(tmp_path / f"take{i}.flac", gen.speechlike(48000, 5.0, seed=i), 48000)
    files = [str(p) for p in sorted(tmp_path.glob("*.flac"))]
    res = CliRunner().invoke(cli, ["check", "--format", "concise", *files])
    d001 = [line for line in res.stdout.splitlines() if ": D001 " in line]
    assert d001 and all(line.startswith(f"{tmp_path}: D001") for line in d001), res.stdout
