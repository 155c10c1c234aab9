"""The Python API: settings are resolved and checked the way the command line does it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audiolint import api
from audiolint.config import Config
from audiolint.errors import ConfigError


@pytest.fixture
def lossy(tmp_path, gen):
    """A 56 kbps mono MP3 at 44.1 kHz: Q001 (lossy) and Q002 (low bitrate)."""
    return gen.write_mp3(tmp_path / "a.mp3", gen.speechlike(44100, 2.0), 44100, kbps=56)


def rules_found(report) -> list[str]:
    return sorted(f.rule for f in report.all_findings())


@pytest.mark.parametrize("where", ["select", "ignore"])
def test_unknown_selector_is_an_error_not_an_empty_run(lossy, where):
    with pytest.raises(ConfigError, match="'Z9' matches no rule"):
        api.check(lossy, **{where: ("Z9",)})
    with pytest.raises(ConfigError, match="'Z9' matches no rule"):
        api.check(lossy, Config(**{where: ("Z9",)}))


def test_a_single_string_is_one_selector(lossy):
    # "Q001" read as characters would ignore every Q rule ("Q") and Q002 with them.
    assert rules_found(api.check(lossy, ignore="Q001", analyse=False)) == ["Q002"]
    assert rules_found(api.check(lossy, select="Q002", analyse=False)) == ["Q002"]


def test_target_rate_keyword_reaches_the_rule(lossy):
    assert "Q003" not in rules_found(api.check(lossy, analyse=False))
    assert "Q003" in rules_found(api.check(lossy, target_rate=48000, analyse=False))


def test_a_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.wav"):
        api.check(tmp_path / "nope.wav")


def test_the_configuration_file_applies_unless_opted_out(tmp_path, lossy):
    """The command line reads audiolint.toml; the API ignored it."""
    (tmp_path / "audiolint.toml").write_text('ignore = ["Q001"]\n')
    assert "Q001" not in rules_found(api.check(lossy))
    assert "Q001" in rules_found(api.check(lossy, read_config=False))
    assert "Q001" in rules_found(api.check(lossy, ignore=()))  # a keyword beats the file


def test_a_report_is_short_in_a_notebook(lossy):
    """A Report's repr was thousands of characters; a notebook shows its HTML summary inline."""
    report = api.check(lossy)
    text = repr(report)
    assert text.startswith("<Report: 1 files, 1 errors, 1 warnings") and len(text) < 200
    assert repr(report.files[0]) == "<FileReport " + report.files[0].path + (
        ": MP3 44.1 kHz 1ch 2.00 s; Q001, Q002>"
    )
    html = report._repr_html_()
    assert "<script" not in html and "<style" not in html and "a.mp3" in html


def test_the_package_is_typed():
    from importlib.resources import files

    assert files("audiolint").joinpath("py.typed").is_file()


def test_a_script_using_the_api_passes_mypy_strict(tmp_path):
    """``mypy --strict`` on tests/api_script.py, with audiolint found only as an installed
    package is (a bare virtual environment whose site-packages names, in a ``.pth`` file, the
    source tree these tests import): PEP 561, so without ``py.typed`` every audiolint import
    is an error. A second script that assigns a Report to a str must fail: the types are read,
    not taken as Any."""
    pytest.importorskip("mypy")
    import audiolint

    venv = tmp_path / "venv"
    # Debian splits the venv module's parts out (python3-venv): no environment is no fault of ours
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], capture_output=True, text=True
    )
    if made.returncode:
        why = (made.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"python -m venv cannot make an environment here: {why}")
    python = venv / "bin" / "python"
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = subprocess.run([python, "-c", where], capture_output=True, text=True, check=True)
    src = Path(audiolint.__file__).resolve().parents[1]
    Path(site.stdout.strip(), "audiolint_under_test.pth").write_text(f"{src}\n")
    shutil.copy(Path(__file__).with_name("api_script.py"), tmp_path / "api_script.py")
    (tmp_path / "wrong.py").write_text("import audiolint\n\nname: str = audiolint.check('.')\n")
    argv = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    argv += ["--python-executable", str(python), "--cache-dir", str(tmp_path / "cache")]
    env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    out = subprocess.run(
        [*argv, "api_script.py", "wrong.py"], cwd=tmp_path, env=env, capture_output=True, text=True
    ).stdout
    errors = [line for line in out.splitlines() if ": error:" in line]
    # The line, the error code and the type named, not mypy's wording (which a release may change).
    assert len(errors) == 1, out
    assert errors[0].startswith("wrong.py:3: error:") and errors[0].endswith("[assignment]"), out
    assert '"Report"' in errors[0] and '"str"' in errors[0], out
