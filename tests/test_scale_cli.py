"""--quick, --jobs, the cache options and the progress bar, from the command line."""

import json

from click.testing import CliRunner
from reportcheck import untimed

from audiolint import progress
from audiolint.cli import cli


def _data(tmp_path, gen):
    d = tmp_path / "data"
    gen.write_flac(d / "a.flac", gen.speechlike(48000, 2.0), 48000)
    gen.write_wav(d / "b.wav", gen.speechlike(16000, 2.0), 16000)
    return d


def test_quick_reads_headers_only(tmp_path, gen, monkeypatch):
    d = _data(tmp_path, gen)
    import audiolint.probe.decode as decode

    def no_decoding(*a, **k):
        raise AssertionError("--quick must not decode")

    monkeypatch.setattr(decode, "blocks", no_decoding)
    res = CliRunner().invoke(cli, ["check", str(d), "--quick", "--no-cache", "--format", "json"])
    doc = json.loads(res.output)
    assert [f["signal"] for f in doc["files"]] == [None, None]
    assert any(f["rule"] == "Q003" for f in doc["files"][1]["findings"])


def test_jobs_gives_the_same_report(tmp_path, gen):
    d = _data(tmp_path, gen)
    runner = CliRunner()
    one = runner.invoke(cli, ["check", str(d), "-j", "1", "--no-cache", "--format", "json"])
    two = runner.invoke(cli, ["check", str(d), "-j", "2", "--no-cache", "--format", "json"])
    assert untimed(one.output) == untimed(two.output)


def test_cache_dir_is_created_and_reused(tmp_path, gen):
    d = _data(tmp_path, gen)
    cache_dir = tmp_path / "c"
    args = ["check", str(d), "--cache-dir", str(cache_dir), "--format", "json"]
    first = CliRunner().invoke(cli, args)
    assert (cache_dir / "cache.sqlite3").is_file()
    assert "*" in (cache_dir / ".gitignore").read_text()
    assert untimed(CliRunner().invoke(cli, args).output) == untimed(first.output)


def test_default_cache_is_in_the_working_folder(tmp_path, gen):
    d = _data(tmp_path, gen)
    CliRunner().invoke(cli, ["check", str(d)])  # the test runs in tmp_path (conftest)
    assert (tmp_path / ".audiolint_cache" / "cache.sqlite3").is_file()
    assert sorted(p.name for p in d.iterdir()) == ["a.flac", "b.wav"]


def test_no_cache_creates_nothing(tmp_path, gen):
    d = _data(tmp_path, gen)
    CliRunner().invoke(cli, ["check", str(d), "--no-cache"])
    assert not (tmp_path / ".audiolint_cache").exists()


def test_progress_only_on_a_terminal(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    class Pipe:
        def isatty(self):
            return False

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delenv("JPY_PARENT_PID", raising=False)
    assert progress.wanted(Tty()) and not progress.wanted(Pipe())
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab-1")
    assert progress.wanted(Pipe())  # "!audiolint" in a notebook cell
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(Tty())


def test_no_progress_drawn_into_piped_output(tmp_path, gen):
    d = _data(tmp_path, gen)
    res = CliRunner().invoke(cli, ["check", str(d), "--no-cache"])
    assert "files/s" not in res.output and "checking" not in res.output
