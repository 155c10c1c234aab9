"""Run every attack of issue 18 and say which promises held: ``N/N held`` and one line each.

    python benchmarks/hostile_attacks.py

Each attack builds its hostile input in a fresh temporary folder (from the real base files of
tests/hostilegen.py) and checks the promise: no traceback or internal error, the expected exit
code, inputs untouched, no process left behind, nothing outside the folders given. Most run the
CLI in this process (click's runner); the signal and file-limit attacks run it as a child.
Attacks that cannot be staged here (as root every folder is searchable) are listed as not run.
The slow ones (duplicate matching at 10,000 files, memory per hour of audio) are left to
benchmarks/scale.py and benchmarks/memory.py. Exits 1 when any promise broke.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import struct
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import audiogen  # noqa: E402
import hostile_staged  # noqa: E402
import hostilegen  # noqa: E402
from hostile_staged import Skip, clean, cli_run, copy, refused, reported, state  # noqa: E402

from audiolint import executor, pipeline  # noqa: E402
from audiolint.config import Config  # noqa: E402
from audiolint.probe import probe  # noqa: E402

ATTACKS: list = []


def attack(name: str):
    """Register ``fn(folder, base) -> bool | (bool, note)`` as the attack called ``name``."""

    def register(fn):
        ATTACKS.append((name, fn))
        return fn

    return register


# ------------------------------------------------------------------- outputs onto inputs


ONTO_INPUT = {  # attack -> (where the input is, the command line given the folder and input)
    "check in.wav -o in.wav": ("in.wav", lambda t, w: ["check", w, "-o", w]),
    "check folder -o folder/in.wav": ("dir/in.wav", lambda t, w: ["check", t / "dir", "-o", w]),
    "inspect in.wav --spectrogram in.wav": (
        "in.wav",
        lambda t, w: ["inspect", w, "--spectrogram", w],
    ),
}
for _name, (_where, _args) in ONTO_INPUT.items():

    @attack(_name)
    def _onto_input(t, base, where=_where, args=_args):
        wav = copy(base, "wav16", t / where)
        return refused(args(t, wav), [wav])


@attack("--baseline in.flac --write-baseline")
def _baseline_onto_audio(t, base):
    wav, flac = copy(base, "wav16", t / "in.wav"), copy(base, "flac", t / "in.flac")
    return refused(["check", wav, "--baseline", flac, "--write-baseline"], [wav, flac])


@attack("--cache-dir at another program's cache.sqlite3")
def _foreign_cache(t, base):
    wav = copy(base, "wav16", t / "in.wav")
    (t / "theirs").mkdir()
    (t / "theirs" / "cache.sqlite3").write_bytes(b"their data")
    before = state(t / "theirs" / "cache.sqlite3")
    res = cli_run("check", wav, "--cache-dir", t / "theirs")
    left_alone = os.listdir(t / "theirs") == ["cache.sqlite3"]
    return clean(res) and left_alone and state(t / "theirs" / "cache.sqlite3") == before


@attack("a regular file named .audiolint_cache")
def _cache_is_a_file(t, base):
    wav = copy(base, "wav16", t / "in.wav")
    (t / ".audiolint_cache").write_text("mine")
    res = cli_run("check", wav)
    held = res.exit_code == 2 and clean(res) and (t / ".audiolint_cache").read_text() == "mine"
    return held, f"exit {res.exit_code}"


# ------------------------------------------------------------------- one file aborts the run


for _name in (
    "xing_frames_max.mp3",
    "flac_2e36_at_1khz.flac",
    "opus_granule_max.opus",
    "ape_284_bytes.ape",
):

    @attack(f"absurd claimed length: {_name}")
    def _absurd(t, base, name=_name):
        (t / name).write_bytes(hostilegen.absurd_lengths(base)[name])
        return reported([t / name, copy(base, "wav16", t / "good.wav")])


@attack("a path component over 255 bytes")
def _long_name(t, base):
    return reported([t / ("a" * 300 + ".wav"), copy(base, "wav16", t / "good.wav")])


@attack("a folder that cannot be searched, named on the command line")
def _unsearchable(t, base):
    if os.geteuid() == 0:
        raise Skip("root searches any folder")
    (t / "locked" / "sub").mkdir(parents=True)
    os.chmod(t / "locked", 0)
    try:
        return reported([t / "locked" / "sub", copy(base, "wav16", t / "good.wav")])
    finally:
        os.chmod(t / "locked", 0o700)


@attack("an unreadable file named on the command line")
def _unreadable(t, base):
    if os.geteuid() == 0:
        raise Skip("root reads any file")
    bad = copy(base, "wav16", t / "bad.wav")
    os.chmod(bad, 0)
    return reported([bad, copy(base, "wav16", t / "good.wav")])


@attack("a Latin-1 pyproject.toml that is not ours, in a parent folder")
def _latin1_pyproject(t, base):
    (t / "pyproject.toml").write_bytes('[project]\nname = "café"\n'.encode("latin-1"))
    return reported([copy(base, "wav16", t / "sub" / "a.wav")])


@attack("a cache entry nested 200,000 deep")
def _nested_cache(t, base):
    copy(base, "wav16", t / "data" / "a.wav")
    config = Config(cache_dir=str(t / "cache"), jobs=1)
    pipeline.run([t / "data"], config)
    with contextlib.closing(sqlite3.connect(t / "cache" / "cache.sqlite3")) as db:
        db.execute("UPDATE entries SET v = ?", ("[" * 200_000 + "]" * 200_000,))
        db.commit()
    report = pipeline.run([t / "data"], config)
    return not any(f.rule == "F005" for f in report.all_findings())


@attack("--jobs 200 under a 96 open-file limit")
def _many_jobs(t, base):
    for i in range(8):
        copy(base, "wav16", t / f"c{i}.wav")
    res = hostile_staged.child(["check", "--no-cache", "-j", "200", str(t)], nofile=96)
    held = res.returncode in (0, 1) and "Too many open files" not in res.stderr
    return held and "Traceback" not in res.stderr, f"exit {res.returncode}"


# ------------------------------------------------------------------- processes, walking


for _sig in ("SIGKILL", "SIGTERM"):

    @attack(f"{_sig} to the main process: no worker left behind")
    def _orphans(t, base, sig=_sig):
        for i in range(6):  # long enough that the workers are still busy when it is killed
            audiogen.write_wav(t / f"c{i}.wav", audiogen.speechlike(16000, 20.0, seed=i), 16000)
        left = hostile_staged.kill_mid_run(t, sig)
        return not left, f"{len(left)} workers left" if left else "workers gone"


@attack("a link to / inside the dataset")
def _link_to_root(t, base):
    copy(base, "wav16", t / "data" / "a.wav")
    os.symlink("/", t / "data" / "root")
    started = time.monotonic()
    held, note = reported([t / "data"])
    took = time.monotonic() - started
    return held and took < 30, f"{note}, {took:.1f} s"


@attack("links to /proc, /sys, /dev with --follow-links")
def _system_links(t, base):
    copy(base, "wav16", t / "data" / "a.wav")
    for name in ("proc", "sys", "dev"):
        os.symlink(f"/{name}", t / "data" / name)
    res = cli_run("check", "--no-cache", "--follow-links", "--format", "json", t / "data")
    files = json.loads(res.stdout)["files"] if clean(res) else []
    return len(files) == 1, f"{len(files)} files reported"


# ------------------------------------------------------------------- reports, cache, decode


@attack("a U+FFFF/bidi/C1 name in the JUnit report")
def _junit_name(t, base):
    copy(base, "wav16", t / "odd \uffff \u202egnp \x85.wav")
    res = cli_run("check", "--no-cache", "--format", "junit", t)
    ET.fromstring(res.stdout.encode("utf-8"))
    return clean(res) and not any(c in res.stdout for c in "\uffff\u202e\x85")


@attack("a U+FFFF/bidi/C1 name in the GitLab report")
def _gitlab_name(t, base):
    copy(base, "wav16", t / "odd \uffff \u202egnp \x85 \u2067.wav")
    res = cli_run("check", "--no-cache", "--format", "gitlab", t)
    json.loads(res.stdout)
    return clean(res) and not any(c in res.stdout for c in "\uffff\u202e\x85\u2067")


@attack("an in-place edit that puts the mtime back (cache)")
def _stale_cache(t, base):
    wav = copy(base, "wav16", t / "data" / "a.wav")
    config = Config(cache_dir=str(t / "cache"), jobs=1)
    before = pipeline.run([t / "data"], config)
    hostile_staged.rewrite_keeping_times(wav, bytes(len(wav.read_bytes())))
    after = pipeline.run([t / "data"], config)
    fresh = pipeline.run([t / "data"], Config(cache_dir=None, jobs=1))
    return after.to_dict() == fresh.to_dict() != before.to_dict()


@attack("a WAV cut short while it is decoded")
def _cut_while_decoded(t, base):
    wav = copy(base, "wav16", t / "a.wav")
    with hostile_staged.cut_after_probe(pipeline):
        report = pipeline.run([wav], Config(cache_dir=None, jobs=1))
    return any(f.rule == "F001" for f in report.all_findings())


@attack("a WAV whose data chunk claims more than the file holds")
def _data_claims_more(t, base):
    data = bytearray(base["wav16"].read_bytes())
    at = data.find(b"data")
    struct.pack_into("<I", data, at + 4, struct.unpack_from("<I", data, at + 4)[0] * 4)
    (t / "a.wav").write_bytes(bytes(data))
    report = pipeline.run([t / "a.wav"], Config(cache_dir=None, jobs=1))
    return any(f.rule == "F001" for f in report.all_findings())


@attack("a 10 GB sparse WAV: time limit bounded by the bytes on disk")
def _sparse(t, base):
    """Issue 18: "bound it by bytes, not claimed duration". Judged here by the bytes the file
    really holds on disk (a few KB), through the executor's own formula."""
    wav = copy(base, "wav16", t / "sparse.wav")
    data = bytearray(wav.read_bytes()[:44])
    struct.pack_into("<I", data, 4, 0xFFFFFFFF)
    struct.pack_into("<I", data, 40, 0xFFFFFFFF)  # as long as RIFF allows; the rest sparse
    wav.write_bytes(bytes(data))
    os.truncate(wav, 10 * 10**9)
    on_disk = os.stat(wav).st_blocks * 512
    claimed = probe(wav).properties.duration_s
    limit = executor.BASE_TIMEOUT_S + executor.extra_time(claimed, executor.bytes_on_disk(wav))
    bound = executor.BASE_TIMEOUT_S + executor.extra_time(claimed, on_disk)
    return limit <= bound, f"time limit {limit / 3600:.1f} h for {on_disk // 1024} KB on disk"


def main() -> int:
    """Run every attack, print one line each and ``N/N held``; 1 when any broke."""
    started = time.monotonic()
    held = tried = 0
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="audiolint-attacks-") as tmp:
        base = hostilegen.base_files(Path(tmp) / "base")
        for i, (name, fn) in enumerate(ATTACKS):
            folder = Path(tmp) / f"a{i:02d}"
            folder.mkdir()
            os.chdir(folder)
            try:
                out = fn(folder, base)
            except Skip as why:
                print(f"  not run  {name} ({why})")
                continue
            except Exception as exc:  # the attack broke the tool, or the tool broke it
                out = False, f"{type(exc).__name__}: {exc}"
            finally:
                os.chdir(here)
            ok, note = out if isinstance(out, tuple) else (out, "")
            tried, held = tried + 1, held + bool(ok)
            print(f"{'held' if ok else 'BROKEN':>8}  {name}" + (f" ({note})" if note else ""))
    print(f"{held}/{tried} held ({time.monotonic() - started:.0f} s)")
    return 0 if held == tried else 1


if __name__ == "__main__":
    sys.exit(main())
