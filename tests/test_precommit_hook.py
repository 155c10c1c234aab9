"""The pre-commit hooks: both match every audio extension audiolint checks; ``audiolint`` checks
the staged files one by one (no dataset rules), ``audiolint-dataset`` judges a folder."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from realaudio import ALSA, needs_alsa

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


def _git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_alsa
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_real_pre_commit_run_passes_clean_clips_and_blocks_a_broken_one(tmp_path):
    """pre-commit itself (from PyPI) runs the ``audiolint`` hook as the hooks file declares it
    (``repo: local``, ``language: system``: nothing is downloaded) on two real recordings,
    then on a copy whose 'data' chunk marker is damaged."""
    pytest.importorskip("pre_commit")
    h = hooks()["audiolint"]
    entry = h["entry"].replace("audiolint", f"{shlex.quote(sys.executable)} -m audiolint", 1)
    local = {k: h[k] for k in ("id", "name", "args", "types", "files", "require_serial")}
    config = {
        "repos": [{"repo": "local", "hooks": [local | {"entry": entry, "language": "system"}]}]
    }
    repo = tmp_path / "voice"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "HOME": str(tmp_path)}
    env.pop("CI", None)  # pre-commit reads no CI variable, but keep the run as a person's
    assert _git(repo, "init", "-q", env=env).returncode == 0
    hook = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True
    )
    assert hook.returncode == 0, hook.stderr
    for name in ("Front_Center", "Rear_Left"):  # two clean takes: no finding at error level
        shutil.copy(ALSA / f"{name}.wav", repo / f"{name}.wav")
    _git(repo, "add", ".", env=env)
    ok = _git(repo, "commit", "-q", "-m", "two takes", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "audiolint" in ok.stdout + ok.stderr and "Passed" in ok.stdout + ok.stderr

    data = (ALSA / "Front_Right.wav").read_bytes()
    assert data[36:40] == b"data"
    (repo / "broken.wav").write_bytes(data[:36] + b"LIST" + data[40:])
    _git(repo, "add", "broken.wav", env=env)
    blocked = _git(repo, "commit", "-q", "-m", "a broken take", env=env)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0 and "Failed" in out
    assert "broken.wav: F001 error unreadable WAV file" in out and "No 'data' chunk" in out
    assert "Front_Center" not in out  # only the staged file is checked
    log = _git(repo, "log", "--oneline", env=env).stdout.splitlines()
    assert len(log) == 1  # the broken take was not committed
