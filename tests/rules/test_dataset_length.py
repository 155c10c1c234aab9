"""D001 dataset-length: under a minute of usable audio is an error, under ten a warning."""

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompt

from audiolint import api, pipeline
from audiolint.config import Config
from audiolint.rules import dataset_length
from audiolint.rules.base import DatasetContext


def test_seconds_of_audio_is_an_error(tmp_path, gen, run_rule):
    for i in range(2):
        gen.write_wav(tmp_path / f"{i}.wav", gen.speechlike(22050, 2.0, seed=i), 22050)
    [f] = run_rule(tmp_path, "D001")
    assert f.severity == "error" and f.term == "Dataset length"
    assert 0 < f.data["usable_duration_s"] <= 4.0 and f.data["files"] == 2
    assert "in 2 files" in f.message and "10-50 minutes" in f.message
    assert f"{f.data['usable_duration_s']:.1f} s" in f.message


def test_a_few_minutes_is_a_warning(tmp_path, gen, run_rule):
    for i in range(2):  # 2 x 45 s of steady noise: 1.5 minutes, none of it silent
        gen.write_wav(tmp_path / f"{i}.wav", gen.noise(8000, 45.0, amp=0.3, seed=i), 8000)
    [f] = run_rule(tmp_path, "D001")
    assert f.severity == "warning" and "1.5 minutes" in f.message


def test_enough_audio_is_quiet(tmp_path, gen, run_rule):
    for i in range(2):  # 2 x 5.5 minutes; header-only keeps the test fast
        x = gen.noise(8000, 330.0, amp=0.3, seed=i)
        gen.write_wav(tmp_path / f"{i}.wav", x, 8000, subtype="PCM_U8")
    assert run_rule(tmp_path, "D001", analyse=False) == []
    # ...and the limits are options.
    [f] = run_rule(tmp_path, "D001", analyse=False, rule_options={"D001": {"min_minutes": 12}})
    assert f.severity == "warning" and "at least 12 minutes" in f.message


def test_header_only_counts_total_time_and_says_so(tmp_path, gen, run_rule):
    for i in range(2):
        gen.write_wav(tmp_path / f"{i}.wav", gen.tone(22050, 3.0), 22050)
    [f] = run_rule(tmp_path, "D001", analyse=False)
    assert f.data["files_not_measured"] == 2 and f.data["usable_duration_s"] == 6.0
    assert "silence not measured" in f.message


def test_usable_time_comes_from_the_signal_analysis(tmp_path, gen):
    paths = [gen.write_wav(tmp_path / f"{i}.wav", gen.tone(22050, 30.0), 22050) for i in range(2)]
    contexts = [pipeline.build_context(p, Config(analyse=False)) for p in paths]
    contexts[0].signal = {"usable_duration_s": 12.5}  # as the silence analyser reports it
    [p] = dataset_length.check(DatasetContext(contexts), dict(dataset_length.DEFAULT))
    assert p.data["usable_duration_s"] == 42.5 and p.data["files_not_measured"] == 1
    assert "1 counted in full" in p.message
    contexts[1].signal = {"usable_duration_s": 30.0}
    [p] = dataset_length.check(DatasetContext(contexts), dict(dataset_length.DEFAULT))
    assert p.message.startswith("only 42.5 s of usable audio in 2 files;")


def test_one_file_named_alone_is_not_a_dataset_and_broken_files_add_nothing(
    tmp_path, gen, run_rule
):
    a = gen.write_wav(tmp_path / "a.wav", gen.tone(22050, 2.0), 22050)
    assert run_rule(a, "D001") == []  # a file named on its own is a file check
    b = gen.write_text_as(tmp_path / "b.wav")
    assert run_rule([a, b], "D001") == []  # still one readable file
    c = gen.write_wav(tmp_path / "c.wav", gen.tone(22050, 2.0), 22050)
    [f] = run_rule([a, b, c], "D001")
    assert f.data["files"] == 2
    assert api.check([a, b, c], select=("D001",)).dataset_findings == (f,)


def test_a_folder_of_one_recording_is_a_dataset(tmp_path, gen, run_rule):
    """Many RVC sets are one long WAV in a folder (review 41: 116 s of words in one file read
    "no problems found", ready to train, where its 7 slices read "only 1.9 minutes")."""
    gen.write_wav(tmp_path / "long.wav", gen.speechlike(48000, 20.0, seed=2), 48000)
    [f] = run_rule(tmp_path, "D001")
    assert f.severity == "error" and f.data["files"] == 1
    assert "of usable audio in 1 file;" in f.message
    s = api.check(tmp_path).dataset_summary
    assert not s["ready"] and s["verdict"].startswith("fix first: only ")


def test_a_duplicate_copy_adds_no_time(tmp_path, gen, run_rule):
    voice = gen.speechlike(22050, 3.0, seed=4)
    gen.write_wav(tmp_path / "a.wav", voice, 22050)
    gen.write_flac(tmp_path / "b_copy.flac", voice, 22050)  # the same take again
    gen.write_wav(tmp_path / "c.wav", gen.speechlike(22050, 2.0, seed=5), 22050)
    [f] = run_rule(tmp_path, "D001")
    assert f.data["duplicate_copies"] == 1 and "not counting 1 duplicate copy" in f.message
    assert 3.0 < f.data["usable_duration_s"] < 5.0  # a's and c's time, not b's again


def test_the_summary_counts_usable_time_the_way_d001_does(tmp_path, gen):
    """The summary said 'Usable audio: 11.9 s' beside D001's '7.8 s (not counting 2 duplicate
    copies)'; it now gives both, and the JSON summary gains the figure D001 used."""
    from click.testing import CliRunner

    from audiolint.cli import cli

    voice = gen.speechlike(22050, 3.0, seed=4)
    gen.write_wav(tmp_path / "a.wav", voice, 22050)
    gen.write_flac(tmp_path / "b_copy.flac", voice, 22050)
    gen.write_wav(tmp_path / "c.wav", gen.speechlike(22050, 2.0, seed=5), 22050)
    s = api.check(tmp_path).dataset_summary
    assert s["duplicate_copies"] == 1
    assert s["usable_unique_duration_s"] < s["usable_duration_s"]
    [d001] = [f for f in api.check(tmp_path).dataset_findings if f.rule == "D001"]
    assert d001.data["usable_duration_s"] == pytest.approx(s["usable_unique_duration_s"], abs=0.01)
    out = CliRunner().invoke(cli, ["check", "--no-cache", str(tmp_path)]).stdout
    assert "without 1 duplicate copy)" in out
    assert "duplicate_copies" not in api.check(tmp_path, select=("Q003",)).dataset_summary


@needs_alsa
def test_slices_kept_beside_their_recording_count_once(tmp_path):
    """A recording and the slices a slicer cut from it (review 41: 152 s and its 7 slices read
    "3.9 minutes of usable audio" where the material holds 1.9): D003 says each slice "also
    appears inside" the long file, and D001 and the summary count the long file's time alone."""

    names = ("Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left")
    parts = [prompt(n)[0] for n in names]
    sr = prompt(names[0])[1]
    gap = np.zeros(int(0.4 * sr))
    whole = np.concatenate([np.concatenate([p, gap]) for p in parts])
    sf.write(tmp_path / "long.wav", whole, sr, subtype="PCM_16")
    for i, p in enumerate(parts[:3]):
        sf.write(tmp_path / f"slice{i}.wav", p, sr, subtype="PCM_16")
    report = api.check(tmp_path, select=("D001", "D003"))
    [d001] = [f for f in report.dataset_findings if f.rule == "D001"]
    by = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    alone = by["long.wav"].signal["usable_duration_s"]
    assert d001.data["duplicate_copies"] == 0
    _counted_alike(report, d001, tmp_path, alone, "contained_copies", 3, "files inside longer ones")


@needs_alsa
@needs_csound_doc
def test_files_with_no_voice_add_no_usable_time(tmp_path, gen):
    """A voice dataset's music and noise files are no voice's time (review 42: 3.9 s of speech
    beside 33 s of guitar, noise and hum read "41.1 s of usable audio"): the files S007 finds no
    voice in this run are left out of D001's time and the summary's, and counted apart; where
    S007 does not run, they count as before."""
    for name in ("Front_Center", "Rear_Left"):
        x, sr = prompt(name)
        sf.write(tmp_path / f"{name}.wav", x, sr, subtype="PCM_16")
    csound_example("oboe.aiff", tmp_path)  # a recorded oboe: music
    gen.write_wav(tmp_path / "hiss.wav", gen.noise(44100, 4.0, amp=0.1, seed=3), 44100)
    report = api.check(tmp_path)
    by = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    no_voice = {n for n, fr in by.items() if any(f.rule == "S007" for f in fr.findings)}
    assert no_voice == {"oboe.aiff", "hiss.wav"}
    [d001] = [f for f in report.dataset_findings if f.rule == "D001"]
    speech = sum(by[f"{n}.wav"].signal["usable_duration_s"] for n in ("Front_Center", "Rear_Left"))
    assert "in 4 files (not counting 2 files with no voice (S007))" in d001.message
    _counted_alike(
        report, d001, tmp_path, speech, "voiceless_files", 2, "files with no voice (S007)"
    )
    # S007 not run (ignored): nothing tells D001 the files hold no voice, so they count
    alone = api.check(tmp_path, ignore=("S007",))
    [d001] = [f for f in alone.dataset_findings if f.rule == "D001"]
    assert d001.data["voiceless_files"] == 0 and "no voice" not in d001.message
    assert d001.data["usable_duration_s"] > speech + 4.0


def _counted_alike(report, d001, folder, seconds: float, field: str, n: int, words: str):
    """D001, the JSON summary and the terminal's summary line leave the same ``n`` files out
    (``field``, said as "N ``words``") and count the same ``seconds``."""
    from click.testing import CliRunner

    from audiolint.cli import cli

    s = report.dataset_summary
    assert d001.data[field] == s[field] == n
    assert f"not counting {n} {words}" in d001.message
    assert d001.data["usable_duration_s"] == pytest.approx(seconds, abs=0.01)
    assert s["usable_unique_duration_s"] == pytest.approx(seconds, abs=0.01)
    out = " ".join(CliRunner().invoke(cli, ["check", "--no-cache", str(folder)]).stdout.split())
    assert f"without {n} {words})" in out
