"""Start-up stays light: ``--version`` and ``--help`` import no numpy, soundfile, scipy, rich or
analyser, and the command line's format names match the reporters (issue 14)."""

from __future__ import annotations

import subprocess
import sys

from audiolint import config, report

HEAVY = ("numpy", "soundfile", "scipy", "rich", "av", "audiolint.analysis", "audiolint.pipeline")


def _imported_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from audiolint.cli import cli\n"
        f"try:\n    cli({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_version_and_help_import_nothing_heavy():
    for args in (["--version"], ["--help"], ["check", "--help"]):
        loaded = _imported_after(args)
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY[-2:]))
        assert heavy == [], (args, heavy)


def test_format_names_match_the_reporters():
    assert sorted(config.FORMAT_NAMES) == sorted(report.FORMATS)


def test_a_run_that_analyses_imports_scipy_once_before_forking(tmp_path, gen):
    """Workers are forked: what the parent imported first they inherit. Without the preload,
    each worker imported scipy.signal (about 0.7 s) on its first file."""
    code = (
        "import sys, audiolint\n"
        f"audiolint.check([{str(gen.write_wav(tmp_path / 'a.wav', gen.tone(8000, 1.0), 8000))!r}],"
        " read_config=False, jobs=1)\n"
        "print('scipy.signal' in sys.modules, 'scipy.ndimage' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]
