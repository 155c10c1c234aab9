""".gitignore is respected in a git work tree (no git program needed), with an opt-out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiolint.cli import cli
from audiolint.discover import GITIGNORED, discover

FILES = [
    "clean.wav",
    "scratch/a.wav",
    "scratch/deep/b.flac",
    "x.tmp.wav",
    "keep.tmp.wav",
    "rootonly.wav",
    "d/rootonly.wav",
    "sub/local.wav",
    "sub/ok.wav",
    "sub/y.tmp.wav",
    "private.wav",
    "Takes/[1].WAV",
    "deep/cache/c.wav",
    "a/b.wav",
    "a/q/r/b.wav",
    "doc/d.wav",
    "doc/x/d.wav",
    "x1.flac",
    "z1.flac",
    "#hash.wav",
    "trail.wav",
]
TOP = r"""# scratch work
scratch/
*.tmp.wav
!keep.tmp.wav
/rootonly.wav
Takes/\[1\].WAV
**/cache/
a/**/b.wav
doc/*.wav
[xy]?.flac
\#hash.wav
trail.wav   
"""  # noqa: W291 - the trailing spaces are part of the test
IGNORES = {
    ".gitignore": TOP,
    "sub/.gitignore": "local.wav\n!y.tmp.wav\n",
    ".git/info/exclude": "private.wav\n",
}
CHECKED = {"clean.wav", "keep.tmp.wav", "d/rootonly.wav", "sub/ok.wav", "sub/y.tmp.wav"}
CHECKED |= {"doc/x/d.wav", "z1.flac"}


def tree(root: Path) -> Path:
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"")
    for name, text in IGNORES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def rel(root: Path, paths) -> set[str]:
    return {p.relative_to(root).as_posix() for p in paths}


def test_gitignored_files_are_skipped_without_git(tmp_path):
    root = tree(tmp_path / "repo")  # a .git folder is all a work tree needs here
    found = discover([root])
    assert rel(root, found.files) == CHECKED
    assert rel(root, (p for p, r in found.skipped if r == GITIGNORED)) == {
        "scratch",  # an ignored folder is not entered
        "x.tmp.wav",
        "rootonly.wav",
        "sub/local.wav",
        "private.wav",
        "Takes/[1].WAV",
        "deep/cache",
        "a/b.wav",
        "a/q/r/b.wav",
        "doc/d.wav",
        "x1.flac",
        "#hash.wav",
        "trail.wav",
    }
    assert rel(root, discover([root], gitignore=False).files) == set(FILES)
    # from a subfolder the top's .gitignore still applies; a file named is always checked
    assert rel(root, discover([root / "sub"]).files) == {"sub/ok.wav", "sub/y.tmp.wav"}
    assert rel(root, discover([root / "x.tmp.wav"]).files) == {"x.tmp.wav"}


def test_outside_a_work_tree_gitignore_is_not_read(tmp_path):
    root = tree(tmp_path / "plain")
    shutil.rmtree(root / ".git")
    assert rel(root, discover([root]).files) == set(FILES)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_same_files_as_git_itself(tmp_path):
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    tree(root)
    out = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {p for p in out if not p.endswith(".gitignore")} == CHECKED
    assert rel(root, discover([root]).files) == CHECKED


def test_a_gitignored_broken_file_does_not_fail_the_check(tmp_path, gen):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    gen.write_wav(root / "take.wav", gen.speechlike(48000, 2.0, seed=1), 48000)
    (root / "scratch.wav").write_bytes(b"RIFF\x00\x00\x00\x00not a wave file")
    (root / ".gitignore").write_text("scratch.wav\n")
    args = ["check", str(root), "--quick", "--no-dataset", "--no-cache", "--format", "json"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    skipped = json.loads(res.stdout)["skipped"]
    assert {"path": str(root / "scratch.wav"), "reason": GITIGNORED} in skipped
    res = CliRunner().invoke(cli, [*args, "--no-respect-gitignore"])
    assert res.exit_code == 1 and '"F001"' in res.stdout
    (root / "audiolint.toml").write_text("respect-gitignore = false\n")
    assert CliRunner().invoke(cli, args).exit_code == 1
    assert CliRunner().invoke(cli, [*args, "--respect-gitignore"]).exit_code == 0


ODD_NAMES = ["a.wav", "b.wav", "z.wav", "Z.wav", "1.wav", "-.wav", "].wav", "a[.wav", "!.wav"]
ODD_PATTERNS = [
    "[z-a].wav",  # a backwards range: only its low end
    "[[:alpha:]].wav",
    "[[:digit:][:upper:]].wav",
    "[[:bogus:]].wav",  # an unknown class: nothing
    "[]]*",
    "[!]",
    "a[*",  # unclosed: nothing
    "[a-]*.wav",
    "[^b].wav",
    "[!a-z]*",
    "[]-a]*",
    "[\\]]*",
]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_odd_bracket_patterns_match_what_git_matches(tmp_path):
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name in ODD_NAMES:
        (root / name).write_bytes(b"")
    for pattern in ODD_PATTERNS:
        (root / ".gitignore").write_text(pattern + "\n")
        out = subprocess.run(
            ["git", "check-ignore", "--stdin"],
            input="\n".join(ODD_NAMES),
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.split()
        found = rel(root, discover([root]).files)
        assert found == set(ODD_NAMES) - set(out), pattern


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_an_ignore_file_that_is_no_regular_file_is_not_read(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "a.wav").write_bytes(b"")
    (tmp_path / "elsewhere").write_text("a.wav\n")
    makers = [
        lambda p: os.mkfifo(p),  # opening it for reading would wait for a writer
        lambda p: os.symlink("/dev/zero", p),  # reading it would never end
        lambda p: os.symlink(tmp_path / "elsewhere", p),  # git does not follow it either
        lambda p: p.mkdir(),
    ]
    for make in makers:
        make(root / ".gitignore")
        assert rel(root, discover([root]).files) == {"a.wav"}
        path = root / ".gitignore"
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
