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


@needs_espeak
def test_the_source_s_finding_is_kept_in_the_manifest(tmp_path):
    words, low = espeak(tmp_path / "s.wav", "Seven silver swans swam silently seaward.")
    src = tmp_path / "src"
    src.mkdir()
    sf.write(src / "upsampled.wav", soxr.resample(words, low, 48000), 48000)
    audiolint.fix([src], tmp_path / "out", keep_suspect=True, jobs=1, read_config=False)
    [entry] = json.loads((tmp_path / "out" / "audiolint-fix.json").read_text())["files"]
    assert entry["status"] == "written"
    [note] = [n for n in entry["notes"] if "--keep-suspect" in n]
    assert note.startswith("written by --keep-suspect despite T002: ")
    assert "22.05 kHz" in note  # the source's own finding, with the rate it names
