"""audiolint fix: a training-ready copy of a messy dataset of real speech, originals untouched.

The dataset is built from real recordings (ALSA's spoken prompts, espeak-ng's voice) made messy
the way scraped material is: quiet with a DC offset and long edge silence, anti-phase stereo,
44.1 kHz dual-mono stereo, a WAV named .mp3, 8-bit, a low rate, an upsampled copy, a duplicate
pair, heavy clipping, silence, a clip too short, a broken file, names with spaces, brackets and
accents. ``audiolint check`` on the copy must not find what fix claims to fix.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os

import numpy as np
import pytest
import soundfile as sf
import soxr
from click.testing import CliRunner
from realaudio import espeak, needs_alsa, needs_espeak, prompt

import audiolint
from audiolint import api
from audiolint.cli import cli
from audiolint.fixer import plan, process
from audiolint.models import FileReport, Finding, Properties, Report

pytestmark = [needs_alsa, needs_espeak]
SR = 48000
CLAIMED = {"S003", "S004", "S006", "D003", "D004", "F002", "Q004", "T003"}  # and S002's edges
LEFT_OUT = {  # source -> the rule whose finding leaves it out
    "broken.wav": "F001",
    "silent.wav": "S002",
    "short.wav": "Q005",
    "clipped.wav": "S001",
    "upsampled.wav": "T002",
    "dup_b.flac": "D003",
}


def _messy(root):
    """Write the messy dataset under ``root``."""
    (root / "Sub Folder").mkdir(parents=True)
    fl, fr, rl = prompt("Front_Left")[0], prompt("Front_Right")[0], prompt("Rear_Left")[0]
    gap = np.zeros(2 * SR, np.float32)
    quiet = np.concatenate([gap, fl * 0.05, gap]) + 0.03  # -47 LUFS, DC +3 %, 2 s edges
    sf.write(root / "My Voice (1).wav", quiet, SR, subtype="PCM_16")
    sf.write(root / "Sub Folder" / "stéréo [take].flac", np.stack([fr, -fr], 1), SR, "PCM_24")
    stereo = soxr.resample(np.stack([rl, rl * 0.9], 1), SR, 44100)
    sf.write(root / "stereo44.wav", stereo, 44100)
    sf.write(root / "renamed.mp3", prompt("Side_Left")[0], SR, format="WAV")  # F002
    sf.write(root / "eight_bit.wav", prompt("Rear_Center")[0], SR, subtype="PCM_U8")
    speech, low = espeak(root / "low_rate.wav", "The quick brown fox jumps over the lazy dog.")
    words, _ = espeak(root.parent / "up.wav", "Seven silver swans swam silently seaward.")
    sf.write(root / "upsampled.wav", soxr.resample(words, low, SR), SR)
    dup = prompt("Front_Center")[0]
    sf.write(root / "dup_a.wav", dup, SR)
    sf.write(root / "dup_b.flac", dup, SR, subtype="PCM_24")
    sf.write(root / "clipped.wav", np.clip(prompt("Rear_Right")[0] * 12, -1, 1), SR)
    sf.write(root / "silent.wav", np.zeros(2 * SR, np.float32), SR)
    sf.write(root / "short.wav", prompt("Side_Right")[0][: SR // 2], SR)
    (root / "broken.wav").write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")


def _state(root):
    """Every file's bytes, mode and mtime, and the folder listing."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            digest = None
            if os.path.isfile(p):
                digest = hashlib.sha256(open(p, "rb").read()).hexdigest()  # noqa: SIM115
            out[os.path.relpath(p, root)] = (digest, st.st_mode, st.st_mtime_ns)
    return out


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    """(source folder, DST, its FixResult, the check of DST, the source's state before)."""
    base = tmp_path_factory.mktemp("fix")
    src, dst = base / "src", base / "dst"
    _messy(src)
    before = _state(src)
    result = audiolint.fix([src], dst, jobs=2, read_config=False)
    return src, dst, result, api.check([dst], read_config=False), before


def test_the_originals_are_untouched(fixed):
    src, _dst, _result, _check, before = fixed
    assert _state(src) == before


def test_the_copy_has_none_of_what_fix_claims_to_fix(fixed):
    _src, _dst, result, check, _ = fixed
    found = {(f.rule, f.severity) for f in check.all_findings()}
    assert not {rule for rule, _ in found} & CLAIMED, found
    assert ("S002", "info") not in found  # no edge silence left
    before = {f["rule"] for e in result.to_dict()["files"] for f in e["findings_before"]}
    assert CLAIMED - {"Q004"} <= before | {"D004"}  # the source really had them


def test_left_out_files_are_named_with_the_finding_that_excluded_them(fixed):
    _src, dst, result, check, _ = fixed
    entries = {e["source"].rsplit("/", 1)[-1]: e for e in result.to_dict()["files"]}
    left = {name: e["excluded_by"] for name, e in entries.items() if e["status"] == "excluded"}
    assert left == LEFT_OUT
    assert all(entries[n]["reason"] for n in left)
    written = sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*.flac"))
    assert written == sorted(e["output"] for e in entries.values() if e["status"] == "written")
    assert written == [
        "My_Voice_1.flac", "Sub_Folder/stereo_take.flac", "dup_a.flac", "eight_bit.flac",
        "low_rate.flac", "renamed.flac", "stereo44.flac",
    ]  # fmt: skip
    assert len(check.files) == len(written)
    rows = list(csv.DictReader(open(dst / "audiolint-fix.csv", encoding="utf-8")))  # noqa: SIM115
    assert [r["status"] for r in rows] == [e["status"] for e in entries.values()]
    on_disk = json.loads((dst / "audiolint-fix.json").read_text(encoding="utf-8"))
    assert on_disk["summary"]["written"] == 7 and on_disk["summary"]["excluded"] == 6


def test_loudness_peak_rate_and_bits_as_asked(fixed):
    _src, dst, result, check, _ = fixed
    for fr in check.files:
        p, s = fr.properties, fr.signal
        assert abs(s["loudness_lufs"] - -23.0) <= 0.5, fr.path
        assert s["true_peak_dbfs"] < -1.0, fr.path
        assert p.bit_depth == 16 and p.container == "flac" and p.channels == 1
        own = 22050 if fr.path.endswith("low_rate.flac") else 40000  # never upsampled
        assert p.sample_rate == own, fr.path
    low = next(e for e in result.of("written") if e.job.output == "low_rate.flac")
    assert "not upsampled" in low.job.notes[0]


def test_anti_phase_keeps_one_channel_and_the_quiet_file_is_trimmed(fixed):
    _src, _dst, result, _check, _ = fixed
    by_out = {e.job.output: e.outcome.actions for e in result.of("written")}
    assert any("anti-phase" in a for a in by_out["Sub_Folder/stereo_take.flac"])
    quiet = " ".join(by_out["My_Voice_1.flac"])
    assert "removed a DC offset" in quiet and "trimmed" in quiet and "gain +" in quiet


def test_dry_run_writes_nothing(fixed, tmp_path, monkeypatch):
    src, *_ = fixed
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["fix", str(src), "--out", "out", "--dry-run", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "dry run: would write 7 of 13 files" in result.output
    assert "leave  " in result.output and "F001" in result.output
    assert list(tmp_path.iterdir()) == []  # no DST, no cache, nothing


@pytest.mark.parametrize("where", ["same", "inside", "not-empty"])
def test_refusals_are_one_line_and_exit_2(fixed, tmp_path, where):
    src, *_ = fixed
    before = _state(src)
    out = {"same": src, "inside": src / "Sub Folder" / "out", "not-empty": tmp_path}
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["fix", str(src), "--out", str(out[where])])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("audiolint: --out ")
    assert _state(src) == before and os.listdir(tmp_path) == ["notes.txt"]


def test_wav_24_bit_keep_channels_and_level_untouched(fixed, tmp_path):
    src, *_ = fixed
    result = audiolint.fix(src / "stereo44.wav", tmp_path / "out", fmt="wav", bits=24,
                           mono=False, loudness=None, jobs=1, read_config=False)  # fmt: skip
    [entry] = result.of("written")
    info = sf.info(tmp_path / "out" / "stereo44.wav")
    assert (info.format, info.subtype, info.channels, info.samplerate) == (
        "WAV",
        "PCM_24",
        2,
        40000,
    )
    before = api.inspect(src / "stereo44.wav", read_config=False).signal["loudness_lufs"]
    assert abs(entry.outcome.loudness_lufs - before) < 0.2  # --loudness off: level kept


def test_keep_suspect_writes_the_upsampled_file(fixed, tmp_path):
    src, *_ = fixed
    kept = audiolint.fix(src, tmp_path / "out", keep_suspect=True, jobs=2, read_config=False)
    assert (tmp_path / "out" / "upsampled.flac").exists()
    assert "upsampled.wav" not in {e.job.display.rsplit("/", 1)[-1] for e in kept.of("excluded")}


def test_safe_names_and_collisions():
    assert plan.safe_part("stéréo (1) [take]") == "stereo_1_take"
    assert plan.safe_part("..") == "file" and plan.safe_part("日本") == "file"
    names = plan.Names("flac")
    taken = [names.take(plan.PurePosixPath(n)) for n in ("a b.wav", "a_b.wav", "A B.mp3")]
    assert taken == ["a_b.flac", "a_b-2.flac", "A_B-3.flac"]


def test_a_failure_while_writing_is_a_failed_entry_and_exit_1(fixed, tmp_path, monkeypatch):
    src, *_ = fixed
    monkeypatch.chdir(tmp_path)

    def boom(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(process, "process", boom)  # the forked worker inherits it
    result = CliRunner().invoke(cli, ["fix", str(src / "stereo44.wav"), "--out", "out", "-j", "1"])
    assert result.exit_code == 1
    assert "internal error while writing this file: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output
    assert sorted(os.listdir("out")) == ["audiolint-fix.csv", "audiolint-fix.json"]
    assert os.listdir(tmp_path) == ["out"]  # nothing written outside DST (no result cache)


def test_a_missing_source_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError):
        audiolint.fix(tmp_path / "nothing", tmp_path / "out")
    result = CliRunner().invoke(cli, ["fix", str(tmp_path / "nothing"), "--out", "out"])
    assert result.exit_code == 2 and "no such file or directory" in result.output
    assert os.listdir(tmp_path) == []


def test_the_ceiling_holds_the_gain_and_says_so(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    sf.write(src / "loud.wav", prompt("Front_Center")[0], SR)
    result = audiolint.fix(src, tmp_path / "out", loudness=-8.0, jobs=1, read_config=False)
    [entry] = result.of("written")
    assert any("held by the -1 dBTP ceiling" in a for a in entry.outcome.actions)
    assert entry.outcome.loudness_lufs < -8.5  # the target is out of reach for speech
    [fr] = api.check(tmp_path / "out", read_config=False).files
    assert fr.signal["true_peak_dbfs"] < -1.0
    assert abs(fr.signal["loudness_lufs"] - entry.outcome.loudness_lufs) < 0.1  # as recorded


def test_the_configured_target_rate_applies(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    sf.write(src / "a.wav", prompt("Rear_Left")[0], SR)
    (tmp_path / "audiolint.toml").write_text("target-rate = 32000\n")
    audiolint.fix(src, tmp_path / "out", jobs=1)
    assert sf.info(tmp_path / "out" / "a.flac").samplerate == 32000


def test_keep_channels_inverts_one_channel_of_an_anti_phase_pair(fixed, tmp_path):
    src, *_ = fixed
    anti = src / "Sub Folder" / "stéréo [take].flac"
    audiolint.fix(anti, tmp_path / "out", mono=False, jobs=1, read_config=False)
    [fr] = api.check(tmp_path / "out", read_config=False).files
    assert fr.properties.channels == 2
    assert fr.signal["channel_correlation"] > 0.99  # in phase now: mixing no longer cancels
    assert {(f.rule, f.severity) for f in fr.findings if f.rule == "S006"} == {("S006", "info")}


def test_a_bad_loudness_value_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["fix", str(tmp_path), "--out", "x", "--loudness", "loud"])
    assert result.exit_code == 2 and "not a LUFS figure" in result.output


def test_a_copy_hidden_by_anti_phase_is_found_among_the_copies(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    voice = prompt("Front_Left")[0]
    sf.write(src / "a.wav", voice, SR)
    sf.write(src / "b.flac", np.stack([voice, -voice], 1), SR)  # its mono mix cancels
    result = audiolint.fix(src, tmp_path / "out", jobs=1, read_config=False)
    # since 028512c the check's own D003 finds it (the fingerprint reads the channel that carries
    # the signal), so it is left out before it is written; before, only the copies' check did
    [entry] = result.of("excluded")
    assert entry.job.display[-6:] == "b.flac" and entry.job.excluded_by == "D003"
    on_disk = sorted(os.listdir(tmp_path / "out"))
    assert on_disk == ["a.flac", "audiolint-fix.csv", "audiolint-fix.json"]  # b.flac removed
    check = api.check(tmp_path / "out", read_config=False)
    assert [f.rule for f in check.all_findings() if f.rule == "D003"] == []


def _report(files):
    """A Report of (name, [(rule, severity, data)]) with a readable 48 kHz mono file each."""
    props = Properties(container="wav", sample_rate=SR, channels=1, lossless=True, bit_depth=16)
    return Report(
        files=tuple(
            FileReport(
                name,
                props,
                tuple(Finding(r, s, "t", f"{r} on {name}", data=d) for r, s, d in found),
                signal={},
            )  # fmt: skip
            for name, found in files
        )
    )


def test_a_duplicate_group_keeps_a_copy_when_the_named_one_is_left_out():
    dup = {"path": "b.wav", "duplicate_of": "a.wav", "keep": "a.wav"}
    rep = _report(
        [
            ("a.wav", [("S001", "error", {})]),  # the copy D003 names is heavily clipped
            ("b.wav", [("D003", "warning", dup)]),
            ("c.wav", [("D003", "warning", {**dup, "path": "c.wav"})]),
        ]
    )
    paths = {n: plan.Path(n) for n in ("a.wav", "b.wav", "c.wav")}
    jobs = plan.build(rep, paths, [plan.Path(".")], plan.FixOptions())
    assert [(j.display, j.excluded_by, j.output) for j in jobs] == [
        ("a.wav", "S001", None),
        ("b.wav", None, "b.flac"),  # the first copy still standing
        ("c.wav", "D003", None),
    ]
    assert "kept: b.wav; a.wav is left out (S001)" in jobs[2].reason


def test_with_the_named_copy_left_out_the_best_lossy_copy_standing_is_kept():
    """Review 50e: D003 named a WAV decoded from 32 kbps Opus (T001), which fix leaves out, and
    fix kept the first copy still standing, a 128 kbps AAC, over the 320 kbps MP3 beside it."""
    lossy = {"container": "mp4", "sample_rate": 44100, "channels": 2, "lossless": False}
    props = {
        "a_aac128.m4a": Properties(codec="aac", bitrate_bps=134136, **lossy),
        "b_mp3_320.mp3": Properties(codec="mp3", bitrate_bps=320000, **lossy),
        "c_opus160.webm": Properties(codec="opus", bitrate_bps=146920, **lossy),
        "d_decoded.wav": Properties(
            container="wav", sample_rate=44100, channels=2, lossless=True, bit_depth=16
        ),
    }
    dup = {"duplicate_of": "a_aac128.m4a", "keep": "d_decoded.wav"}
    found = {n: [("D003", "warning", {**dup, "path": n})] for n in props if n != "a_aac128.m4a"}
    found["d_decoded.wav"].append(("T001", "warning", {}))
    rep = Report(
        files=tuple(
            FileReport(n, p, tuple(Finding(r, s, "t", f"{r} on {n}", data=d)
                                   for r, s, d in found.get(n, [])), signal={})
            for n, p in props.items()
        )
    )  # fmt: skip
    jobs = plan.build(rep, {n: plan.Path(n) for n in props}, [plan.Path(".")], plan.FixOptions())
    kept = {j.display: j.excluded_by for j in jobs}
    assert kept == {
        "a_aac128.m4a": "D003",
        "b_mp3_320.mp3": None,
        "c_opus160.webm": "D003",
        "d_decoded.wav": "T001",
    }, kept


def test_fix_keeps_the_lossless_copy_when_a_clip_appears_inside_the_mp3(tmp_path):
    """Session 17's newcomer run, on real files: a take, its copy, its 320 kbps MP3 and a short
    clip whose audio appears inside them. The clip's match happened to be the MP3, and D003's
    "appears inside" finding named it to keep, so fix wrote the MP3 and left out every lossless
    copy. The clip's finding now names the copy the longer file's group keeps."""
    from audiogen import write_mp3

    names = ("Front_Center", "Rear_Left", "Side_Right", "Front_Left")
    x = np.concatenate([prompt(n)[0] for n in names]) * 0.7
    sf.write(tmp_path / "take.wav", x, SR, subtype="PCM_16")
    sf.write(tmp_path / "take copy.wav", x, SR, subtype="PCM_16")
    write_mp3(tmp_path / "dup.mp3", x, SR, kbps=320)
    n = sum(len(prompt(k)[0]) for k in names[:2])
    sf.write(tmp_path / "a_quiet.wav", x[:n] * 0.5, SR, subtype="PCM_16")
    rep = api.check([tmp_path], select=("D003",), read_config=False, jobs=1)
    inside = [f for f in rep.all_findings() if f.data.get("inside")]
    assert inside and inside[0].data["keep"].endswith(".wav"), [f.data for f in inside]
    paths = {fr.path: plan.Path(fr.path) for fr in rep.files}
    jobs = plan.build(rep, paths, [tmp_path], plan.FixOptions())
    kept = [plan.Path(j.display).name for j in jobs if j.excluded_by is None]
    assert len(kept) == 1 and kept[0].startswith("take"), [(j.display, j.reason) for j in jobs]
