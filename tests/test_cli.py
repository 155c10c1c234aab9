"""The command line: commands, formats, exit codes and one-line errors."""

import json

import pytest
from click.testing import CliRunner
from realaudio import ALSA, needs_alsa
from reportcheck import untimed

import audiolint
from audiolint.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def dataset(tmp_path, gen):
    # Distinct seeds: one seed at three rates is the same audio three times (D003 duplicate).
    gen.write_flac(tmp_path / "good.flac", gen.speechlike(48000, 2.0, seed=1), 48000)
    gen.write_wav(tmp_path / "low.wav", gen.speechlike(16000, 2.0, seed=2), 16000)
    lossy = gen.speechlike(44100, 2.0, seed=3)
    gen.write_mp3(tmp_path / "sub" / "lossy.mp3", lossy, 44100, kbps=192)
    (tmp_path / "readme.txt").write_text("not audio")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    return tmp_path


def test_check_json_contract(runner, dataset):
    res = runner.invoke(cli, ["check", str(dataset), "--format", "json"])
    assert res.exit_code == 1  # low.wav is an error
    doc = json.loads(res.output)
    assert doc["tool"]["name"] == "audiolint"
    assert [f["path"].rsplit("/", 1)[-1] for f in doc["files"]] == [
        "good.flac",
        "low.wav",
        "lossy.mp3",
    ]
    props = doc["files"][0]["properties"]
    for key in (
        "container",
        "codec",
        "lossless",
        "sample_rate",
        "bit_depth",
        "channels",
        "duration_s",
        "bitrate_bps",
        "bitrate_mode",
        "encoder",
        "size_bytes",
    ):
        assert key in props
    low = doc["files"][1]["findings"]
    assert {"rule", "severity", "term", "message", "definition"} <= set(low[0])
    assert any(f["rule"] == "Q003" and f["severity"] == "error" for f in low)
    assert doc["summary"]["files"] == 3 and doc["summary"]["error"] >= 1
    assert doc["summary"]["skipped"] == 2
    assert "summary" in doc["dataset"] and "findings" in doc["dataset"]


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(runner, dataset, fail_on, code):
    res = runner.invoke(cli, ["check", str(dataset), "--fail-on", fail_on])
    assert res.exit_code == code


def test_exit_zero_on_clean_files(runner, tmp_path, gen):
    good = gen.write_flac(tmp_path / "good.flac", gen.speechlike(48000, 2.0), 48000)
    res = runner.invoke(cli, ["check", str(good)])
    assert res.exit_code == 0, res.output
    # the folder holding it is a dataset of 2 s: D001's error (RVC asks for 10-50 minutes)
    res = runner.invoke(cli, ["check", str(tmp_path)])
    assert res.exit_code == 1 and "D001" in res.output, res.output


def test_warning_only_passes_default_fail_on(runner, tmp_path, gen):
    a = gen.write_wav(tmp_path / "a.wav", gen.speechlike(32000, 2.0), 32000)
    assert runner.invoke(cli, ["check", str(a)]).exit_code == 0
    assert runner.invoke(cli, ["check", str(a), "--fail-on", "warning"]).exit_code == 1


def test_terminal_output_names_rule_term_and_explains(runner, dataset):
    res = runner.invoke(cli, ["check", str(dataset), "--no-color"])
    out = "".join(res.output.split())  # a long temporary path may wrap anywhere
    assert "low.wav" in out and "Q003" in out and "Samplerate" in out
    assert "Whatthesemean" in out
    assert "good.flac" not in out  # clean files only with --verbose
    assert "Traceback" not in out


def test_output_file(runner, dataset, tmp_path):
    out = tmp_path / "report.json"
    runner.invoke(cli, ["check", str(dataset), "--format", "json", "-o", str(out)])
    assert json.loads(out.read_text())["summary"]["files"] == 3


def test_missing_path_is_a_one_line_error(runner, tmp_path):
    res = runner.invoke(cli, ["check", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "no such file" in res.output


def test_bad_option_exits_2(runner, dataset):
    assert runner.invoke(cli, ["check", str(dataset), "--fail-on", "bogus"]).exit_code == 2
    assert runner.invoke(cli, ["check", str(dataset), "--format", "nope"]).exit_code == 2


def test_inspect_table(runner, tmp_path, gen):
    p = gen.write_flac(tmp_path / "a.flac", gen.speechlike(48000, 2.0), 48000, subtype="PCM_24")
    res = runner.invoke(cli, ["inspect", str(p), "--no-color"])
    assert res.exit_code == 0
    for text in ("FLAC", "48,000 Hz", "24-bit", "lossless", "Sample rate", "Bit depth", "Codec"):
        assert text in res.output


@needs_alsa
def test_inspect_bandwidth_of_a_recording_that_fades_out_is_not_full():
    """Session 17's newcomer run: inspect said "full: content reaches 24.0 kHz (Nyquist)" on
    files whose content fades into the 16-bit floor near 20 kHz (ALSA's 48 kHz prompts: -108 dB
    RMS above 22 kHz in the newcomer's 44.1 -> 48 kHz copy)."""
    from audiolint.report import inspect_view

    fr = audiolint.inspect(str(ALSA / "Front_Center.wav"))
    text = inspect_view._bandwidth(fr)
    assert text.startswith("content fades into the noise floor by "), text
    assert 18.0 <= float(text.rsplit(" ", 2)[-2]) < 23.0, text


def test_inspect_explain_adds_definitions(runner, tmp_path, gen):
    from audiolint import glossary

    p = gen.write_wav(tmp_path / "a.wav", gen.speechlike(48000, 2.0), 48000)
    res = runner.invoke(cli, ["inspect", str(p), "--explain", "--no-color"])
    definition = glossary.load().terms["Sample rate"].definition
    assert definition.split(". ")[0][:40] in " ".join(res.output.split())


def test_inspect_json(runner, tmp_path, gen):
    p = gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=128)
    doc = json.loads(runner.invoke(cli, ["inspect", str(p), "--format", "json"]).output)
    props = doc["files"][0]["properties"]
    assert props["codec"] == "mp3" and props["lossless"] is False and props["bit_depth"] is None


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("bitrate", "Bitrate"),
        ("sr", "Sample rate"),
        ("Q003", "low-sample-rate"),
        ("low-bitrate", "Q002"),
        ("fidelity", "Transcoding"),  # inspect's row name (session 17's newcomer run)
    ],
)
def test_explain(runner, name, expect):
    res = runner.invoke(cli, ["explain", name, "--no-color"])
    assert res.exit_code == 0 and expect in res.output


def test_explain_a_rule_says_what_it_finds_first_and_how_it_measures_on_full(runner):
    """Session 17's newcomer run: `explain S007` printed 1,831 words of measurement notes
    (option names, benchmark figures). A rule's text is cut at a sentence's end after about 90
    words, with the way to the rest; --full prints all of it."""
    from audiolint import rules
    from audiolint.report.explain_view import SHORT_WORDS

    for rule in rules.ALL:
        short = runner.invoke(cli, ["explain", rule.ID, "--no-color"]).output
        full = runner.invoke(cli, ["explain", rule.ID, "--full", "--no-color"]).output
        head = short.split("\n\n")[0]  # the rule's part, before the term's
        words = len(" ".join(rules.describe(rule)).split())
        if words > SHORT_WORDS + 40:
            assert f"explain {rule.ID} --full" in head, rule.ID
            assert len(head.split()) < len(full.split("\n\n")[0].split()), rule.ID
        assert " ".join(rules.describe(rule)[1].split()[-8:]) in " ".join(full.split()), rule.ID
    s007 = runner.invoke(cli, ["explain", "S007", "--no-color"]).output.split("\n\n")[0]
    assert len(s007.split()) < 300 and "Defaults:" in s007


def test_explain_typo_suggests(runner):
    res = runner.invoke(cli, ["explain", "bitrat"])
    assert res.exit_code == 2 and "Did you mean" in res.output and "Bitrate" in res.output


def test_rules_and_glossary_lists(runner):
    from audiolint import rules

    out = runner.invoke(cli, ["rules", "--no-color"]).output
    assert all(r.ID in out for r in rules.ALL)
    assert "Sample rate" in runner.invoke(cli, ["glossary", "--no-color"]).output


def test_python_api_matches_json(runner, dataset):
    import audiolint

    res = runner.invoke(cli, ["check", str(dataset), "--format", "json"])
    assert untimed(audiolint.check(dataset).to_dict()) == untimed(res.output)
    fr = audiolint.inspect(dataset / "good.flac")
    assert fr.properties.codec == "flac" and fr.findings == ()


def test_inspect_reads_the_configuration_file(runner, tmp_path, gen):
    p = gen.write_wav(tmp_path / "a.wav", gen.speechlike(16000, 2.0), 16000)
    found = lambda: [  # noqa: E731
        f["rule"]
        for f in json.loads(runner.invoke(cli, ["inspect", str(p), "--format", "json"]).output)[
            "files"
        ][0]["findings"]
    ]
    assert "Q003" in found()
    (tmp_path / "audiolint.toml").write_text('ignore = ["Q003"]\n')
    assert "Q003" not in found()


def test_a_folder_with_no_audio_is_an_error_not_a_pass(tmp_path):
    """A mistyped or empty CI path passed silently (exit 0, nothing checked)."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no audio here")
    res = CliRunner().invoke(cli, ["check", str(tmp_path / "empty")])
    assert res.exit_code == 2 and "no audio files found" in res.stderr
    assert CliRunner().invoke(cli, ["check", "--exit-zero", str(tmp_path / "empty")]).exit_code == 0


def test_selectors_take_comma_lists(tmp_path, gen):
    mp3 = gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=96)
    res = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "concise",
                                   "--ignore", "Q001,Q002", str(mp3)])  # fmt: skip
    assert res.exit_code == 0 and "Q001" not in res.stdout and "Q002" not in res.stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "concise"])
def test_a_closed_pipe_keeps_the_exit_code(tmp_path, gen, fmt):
    """`audiolint check ... --exit-zero | head -1` exited 1 on the broken pipe. The reader
    closes its end before the report is written (a report smaller than the pipe's buffer,
    read in part and then closed, would never meet a broken pipe), so every write fails."""
    import subprocess
    import sys

    for i in range(3):
        gen.write_wav(tmp_path / f"{i}.wav", gen.speechlike(16000, 2.0, seed=i), 16000)
    code = (
        "import sys; from audiolint.cli import main; "
        f"sys.argv = ['audiolint', 'check', '--no-cache', '--exit-zero', '--format', {fmt!r}, "
        f"{str(tmp_path)!r}]; main()"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    proc.stdout.close()  # the reader goes away, as `head -1` does once it has its line
    proc.wait(timeout=120)
    err = proc.stderr.read().decode()
    assert proc.returncode == 0 and "Traceback" not in err and "Broken pipe" not in err, err


def test_inspect_bandwidth_of_a_gentle_roll_off_is_no_cut_off():
    """Review 54a: inspect read "Bandwidth 1.4 kHz, edge 21 dB deep over 366 Hz" on a singer's
    63 s scale (wcgbg/solfege-samples' jennifer), whose verdict says "gentle roll-off with a
    floor above it": her level falls 21 dB past 1.4 kHz and goes on to 21 kHz. The measured
    record of that file, as the JSON report gave it, rendered by the inspect view alone."""
    from audiolint.models import FileReport, Properties
    from audiolint.report import inspect_view

    props = Properties(sample_rate=44100, channels=1, duration_s=63.0)
    fid = {"analysed": True, "verdict": "genuine", "confidence": 0.7, "bandwidth_limited": True}
    fid |= {"cutoff_hz": 1378, "depth_db": 21.3, "width_hz": 366, "reach_hz": None}
    text = inspect_view._bandwidth(FileReport("scale.wav", props, fidelity=fid))
    said = "no cut-off: the level rolls off from 1.4 kHz (21 dB over 366 Hz), content goes on"
    assert text == said + " above it", text
    # a genuine file's own anti-alias filter, just under Nyquist, is its band's edge
    fid |= {"cutoff_hz": 21200, "confidence": 0.8}
    text = inspect_view._bandwidth(FileReport("own.wav", props, fidelity=fid))
    assert text == "21.2 kHz, edge 21 dB deep over 366 Hz", text
