"""Issue 18: no output path can destroy what it inspects. Writing onto an input, into an input's
place, or onto any existing audio file is refused with one line and exit 2, the file untouched;
a cache folder is only ever written when audiolint made it."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from audiolint import outputs
from audiolint.cli import cli


def state(path) -> tuple[bytes, int]:
    """A file's bytes and modification time."""
    return path.read_bytes(), os.stat(path).st_mtime_ns


@pytest.fixture
def files(tmp_path, gen):
    """in.wav, folder/in.flac and an unrelated existing other.mp3 (name -> path)."""
    return {
        "wav": gen.write_wav(tmp_path / "in.wav", gen.speechlike(16000, 1.0, seed=1), 16000),
        "flac": gen.write_flac(
            tmp_path / "folder" / "in.flac", gen.speechlike(16000, 1.0, seed=2), 16000
        ),
        "mp3": gen.write_mp3(
            tmp_path / "other.mp3", gen.speechlike(16000, 1.0, seed=3), 16000, kbps=64
        ),
    }


def refused(args, victim, message):
    """Run ``args``; assert exit 2, one line naming the refusal, and ``victim`` unchanged."""
    before = state(victim)
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert res.exit_code == 2, res.output
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("audiolint: ") and message in line and "refusing" in line
    assert state(victim) == before


def test_report_onto_the_input(files):
    wav = files["wav"]
    refused(["check", wav, "--no-cache", "-o", wav], wav, "is one of the inputs")


def test_report_into_an_input_folder_file(files):
    flac = files["flac"]
    refused(["check", flac.parent, "--no-cache", "-o", flac], flac, "audio")


def test_report_through_a_link_to_the_input(files, tmp_path):
    wav = files["wav"]
    os.symlink(wav, tmp_path / "report.txt")
    refused(["check", wav, "--no-cache", "-o", tmp_path / "report.txt"], wav, "inputs")


def test_spectrogram_onto_the_input(files):
    wav = files["wav"]
    refused(["inspect", wav, "--spectrogram", wav], wav, "--spectrogram")


def test_several_spectrograms_onto_existing_audio(files, tmp_path, gen):
    """The second file's PNG would be pic-2.wav: refused before any PNG is written."""
    victim = gen.write_wav(tmp_path / "pic-2.wav", gen.speechlike(8000, 0.5, seed=4), 8000)
    refused(
        ["inspect", files["wav"], files["flac"], "--spectrogram", tmp_path / "pic.wav"],
        victim,
        "pic-2.wav",
    )
    assert not (tmp_path / "pic-1.wav").exists()


def test_baseline_written_onto_audio(files):
    flac = files["flac"]
    args = ["check", files["wav"], "--no-cache", "--baseline", flac, "--write-baseline"]
    refused(args, flac, "--baseline")


def test_report_onto_an_unrelated_existing_audio_file(files):
    mp3 = files["mp3"]
    refused(["check", files["wav"], "--no-cache", "-o", mp3], mp3, "existing audio file")


def test_report_onto_audio_by_content_whatever_its_name(files, tmp_path):
    disguised = tmp_path / "notes.txt"
    disguised.write_bytes(files["mp3"].read_bytes())
    refused(["check", files["wav"], "--no-cache", "-o", disguised], disguised, "audio file (mp3)")


def test_cache_dir_is_an_input_folder(files):
    flac = files["flac"]
    refused(["check", flac.parent, "--cache-dir", flac.parent], flac, "--cache-dir")
    assert sorted(os.listdir(flac.parent)) == ["in.flac"]


def test_foreign_cache_folder_is_left_alone(files, tmp_path):
    """Another program's cache.sqlite3: not deleted, no .gitignore written, the run goes on."""
    foreign = tmp_path / "theirs"
    foreign.mkdir()
    (foreign / "cache.sqlite3").write_bytes(b"their data, not SQLite")
    before = state(foreign / "cache.sqlite3")
    res = CliRunner().invoke(cli, ["check", str(files["wav"]), "--cache-dir", str(foreign)])
    assert res.exit_code in (0, 1) and "not using" in res.stderr
    assert sorted(os.listdir(foreign)) == ["cache.sqlite3"]
    assert state(foreign / "cache.sqlite3") == before


def test_own_cache_folder_is_tagged_and_reused(files, tmp_path):
    mine = tmp_path / "mine"
    for _ in range(2):
        res = CliRunner().invoke(cli, ["check", str(files["wav"]), "--cache-dir", str(mine)])
        assert res.exit_code in (0, 1) and "not using" not in res.stderr
    assert (mine / outputs.TAG_NAME).read_text().startswith("Signature: 8a477f597d28d172789f")
    assert {"cache.sqlite3", ".gitignore"} <= set(os.listdir(mine))


def test_legacy_cache_folder_is_still_ours(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / ".gitignore").write_text(outputs.LEGACY_MARK)
    (old / "cache.sqlite3").write_bytes(b"")
    assert outputs.claim_folder(old) and (old / outputs.TAG_NAME).exists()


def test_regular_file_named_like_the_cache_is_a_usage_error(files, tmp_path):
    (tmp_path / ".audiolint_cache").write_text("mine")
    res = CliRunner().invoke(cli, ["check", str(files["wav"])])
    assert res.exit_code == 2 and (tmp_path / ".audiolint_cache").read_text() == "mine"


@pytest.mark.parametrize("target", ["-", "/dev/null", "report.json"])
def test_ordinary_outputs_are_allowed(files, target):
    assert outputs.refusal(target, [files["wav"]], "--output") is None
