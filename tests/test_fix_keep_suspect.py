"""``audiolint fix --keep-suspect``: a fake-lossless source written anyway says so in the manifest.

Resampled to 40 kHz, a copy loses what told its source's origin (a codec's grid; a resampler's
wall above the new Nyquist frequency), so a later check of the copy may name it otherwise: in
the newcomer audit, MP3 decodes with a 16 kHz low-pass came back "upsampled from 32 kHz". The
copy's manifest entry keeps the source's own finding.
"""

from __future__ import annotations

import json

import soundfile as sf
import soxr
from realaudio import espeak, needs_espeak

import audiolint


def _upsampled(tmp_path):
    """A folder holding espeak-ng's words (22.05 kHz) brought to 48 kHz by libsoxr, and their
    own rate."""
    words, low = espeak(tmp_path / "s.wav", "Seven silver swans swam silently seaward.")
    src = tmp_path / "src"
    src.mkdir()
    sf.write(src / "upsampled.wav", soxr.resample(words, low, 48000), 48000)
    return src, low


@needs_espeak
def test_the_source_s_finding_is_kept_in_the_manifest(tmp_path):
    src, low = _upsampled(tmp_path)
    audiolint.fix([src], tmp_path / "out", keep_suspect=True, jobs=1, read_config=False)
    [entry] = json.loads((tmp_path / "out" / "audiolint-fix.json").read_text())["files"]
    assert entry["status"] == "written"
    [note] = [n for n in entry["notes"] if "--keep-suspect" in n]
    assert note.startswith("written by --keep-suspect despite T002: ")
    assert "22.05 kHz" in note  # the source's own finding, with the rate it names


@needs_espeak
def test_without_it_the_summary_names_the_flag(tmp_path):
    """Review 43d: "wrote 1 of 181 files" after a check that called the set "nearly ready" (every
    slice of a download read T001), with --keep-suspect named only on each "leave" line. The
    last line now counts the suspect files left out and names the flag."""
    from audiolint.fixer.manifest import lines

    src, low = _upsampled(tmp_path)
    result = audiolint.fix([src], tmp_path / "out", jobs=1, read_config=False)
    last = lines(result)[-1]
    assert last.startswith("1 of the files left out read as decoded from lossy audio or upsampled")
    assert last.endswith("--keep-suspect writes them")


@needs_espeak
def test_an_upsampling_the_target_undoes_is_written(tmp_path):
    """Review 43d: at --target-rate 32000, files "upsampled from 32 kHz" were left out, though a
    32 kHz copy holds all they hold. espeak-ng's 22.05 kHz words brought to 48 kHz, fixed to a
    22.05 kHz target: written, with a note; to the default 40 kHz target: left out (T002)."""
    src, low = _upsampled(tmp_path)
    audiolint.fix([src], tmp_path / "low", target_rate=low, jobs=1, read_config=False)
    [entry] = json.loads((tmp_path / "low" / "audiolint-fix.json").read_text())["files"]
    assert entry["status"] == "written"
    assert any(f"at or over the {low} Hz target" in n for n in entry["notes"])
    audiolint.fix([src], tmp_path / "high", jobs=1, read_config=False)
    [entry] = json.loads((tmp_path / "high" / "audiolint-fix.json").read_text())["files"]
    assert entry["status"] == "excluded"
