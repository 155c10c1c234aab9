"""The dataset summary (counts and totals on a generated dataset) and its one-line verdict."""

import pytest
from click.testing import CliRunner

from audiolint import api
from audiolint.cli import cli
from audiolint.models import FileReport, Finding
from audiolint.summary import verdict


@pytest.fixture
def mixed(tmp_path, gen):
    """Known totals: 4 readable files (10 s), 1 broken, 1 skipped text file."""
    gen.write_flac(tmp_path / "a.flac", gen.tone(48000, 3.0, channels=2), 48000, subtype="PCM_24")
    gen.write_flac(tmp_path / "b.flac", gen.noise(48000, 3.0, channels=2), 48000, subtype="PCM_24")
    gen.write_wav(tmp_path / "c.wav", gen.tone(44100, 2.0, 330.0), 44100)
    gen.write_mp3(tmp_path / "d.mp3", gen.tone(44100, 2.0, 550.0), 44100, kbps=192)
    gen.write_text_as(tmp_path / "e.wav")
    (tmp_path / "notes.txt").write_text("not audio")
    return tmp_path


def test_summary_counts_and_totals(mixed):
    s = api.check(mixed).dataset_summary
    assert (s["files"], s["readable"], s["unreadable"], s["skipped"]) == (5, 4, 1, 1)
    assert s["total_duration_s"] == pytest.approx(10.0, abs=0.1)
    assert 0 < s["usable_duration_s"] <= s["total_duration_s"] + 0.1
    assert s["by_codec"] == {"flac": 2, "mp3": 1, "pcm": 1}
    assert s["by_container"] == {"flac": 2, "mp3": 1, "wav": 1}
    assert s["by_sample_rate"] == {"44100": 2, "48000": 2}
    assert s["by_bit_depth"] == {"16": 1, "24": 2}  # MP3 has no bit depth
    assert s["by_channels"] == {"1": 2, "2": 2}
    assert s["ready"] is False and s["verdict"].startswith("fix first: ")


def test_header_only_usable_is_the_total(mixed):
    s = api.check(mixed, analyse=False).dataset_summary
    assert s["usable_duration_s"] == s["total_duration_s"] and s["usable_measured_files"] == 0


def test_ready_to_train(tmp_path, gen):
    for i in range(2):  # 11 minutes, header-only to stay fast; only the dataset rules
        x = gen.noise(8000, 330.0, amp=0.3, seed=i)
        gen.write_wav(tmp_path / f"{i}.wav", x, 8000, subtype="PCM_U8")
    s = api.check(tmp_path, select=("D",), analyse=False).dataset_summary
    assert s["verdict"] == "ready to train" and s["ready"] is True


def _f(rule, severity, message="m"):
    return Finding(rule=rule, severity=severity, term="t", message=message)


def _fr(name, *findings):
    return FileReport(path=name, properties=None, findings=findings)


def test_verdict_prefers_errors_then_family_then_reach():
    files = [
        _fr("a", _f("Q001", "warning"), _f("Q001", "warning")),
        _fr("c", _f("Q003", "error")),
        _fr("d", _f("Q003", "error")),
    ]
    assert verdict(files, [], 3)["verdict"] == "fix first: low-sample-rate in 2 files (Q003)"
    # a few clipped samples in more files do not come before 16 kHz files...
    files += [_fr(n, _f("S001", "error")) for n in "xyz"]
    v = verdict(files, [], 6)["verdict"]
    assert v == "fix first: low-sample-rate in 2 files (Q003); then clipping (S001)"
    # ...nor before a corrupt file: files that cannot be read whole come first, named as F001's
    # term does (an MP3 decoded around a damaged stretch is read, and not "unreadable")
    files.append(_fr("b", _f("Q001", "warning"), _f("F001", "error")))
    v = verdict(files, [], 7)["verdict"]
    assert v == "fix first: 1 corrupt file; then low-sample-rate (Q003), clipping (S001)"
    short = _f("D001", "error", "only 7.5 s of usable audio in 4 files; aim for 10-50 minutes")
    files = [f for f in files if f.path != "b"]
    v = verdict(files, [short], 6)["verdict"]  # a dataset-wide problem touches every file
    assert v == (
        "fix first: only 7.5 s of usable audio in 4 files; aim for 10-50 minutes; then "
        "low-sample-rate (Q003), clipping (S001)"
    )


def test_the_verdict_names_the_other_rules_with_errors_after_the_first():
    """Review 45b: "fix first: low-sample-rate in 6 files (Q003)" was all the verdict said of a
    set that also held clipping errors in two files and three upsampled ones (T002): a first-time
    user fixed the 16 kHz files and took the rest as ready. Warnings are not named; past three
    rules, how many more."""
    files = [
        _fr("a", _f("Q003", "error"), _f("S003", "warning")),
        _fr("b", _f("S001", "error")),
        _fr("c", _f("T002", "error"), _f("T001", "warning")),
        _fr("d", _f("S008", "error"), _f("Q002", "error")),
    ]
    v = verdict(files, [], 4)["verdict"]
    assert v == (
        "fix first: low-bitrate in 1 file (Q002); then low-sample-rate (Q003), clipping (S001), "
        "reverb (S008) and 1 more"
    ), v


def test_verdict_for_warnings_single_files_and_nothing():
    assert verdict([_fr("a", _f("Q001", "warning"))], [], 1)["verdict"] == (
        "nearly ready; fix first: lossy-format in 1 file (Q001)"
    )
    # too little audio is no "nearly ready", even as a warning (review 39: 3.3 minutes of 10)
    few = _f("D001", "warning", "only 3.3 minutes of usable audio in 64 files")
    assert verdict([_fr("a", _f("Q005", "info"))], [few], 64)["verdict"] == (
        "fix first: only 3.3 minutes of usable audio in 64 files"
    )
    lossy = [_fr(n, _f("Q001", "warning")) for n in "abc"]  # named first, still not "nearly"
    assert verdict(lossy, [few], 64)["verdict"].startswith("fix first: ")
    assert verdict([_fr("a", _f("Q005", "info"))], [], 1) == {
        "verdict": "no problems found",
        "ready": True,
    }
    assert verdict([], [], 0)["ready"] is False


def test_terminal_prints_the_verdict(mixed):
    out = CliRunner().invoke(cli, ["check", str(mixed), "--no-color"]).output
    assert "Verdict: fix first: " in out and "10.0 s of audio" in out


def test_a_rule_s_files_are_counted_at_its_worst_severity():
    """Review 45b's set read "fix first: transcoded in 21 files (T001)" where 3 of the 21 T001
    findings were errors and 18 warnings: the verdict ranks a rule by its worst severity, so it
    counts the files at that severity, and the 16 kHz files (Q003, 6 errors) come first again."""
    files = [_fr(f"w{i}", _f("T001", "warning")) for i in range(18)]
    files += [_fr(f"e{i}", _f("T001", "error")) for i in range(3)]
    files += [_fr(f"q{i}", _f("Q003", "error")) for i in range(6)]
    v = verdict(files, [], len(files))["verdict"]
    assert v == "fix first: low-sample-rate in 6 files (Q003); then transcoded (T001)", v
    files = [_fr("e", _f("T001", "error"))] + [_fr(f"w{i}", _f("T001", "warning")) for i in "ab"]
    assert verdict(files, [], 3)["verdict"] == "fix first: transcoded in 1 file (T001)"
