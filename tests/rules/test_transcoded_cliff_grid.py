"""T001 on a cliff with no empty cells under it: the codecs' grids are searched (issue 11).

Regression: a lossy-origin verdict on a codec-like cliff alone skipped the grid searches, yet
T001 said "no codec's empty cells or frame grid were found under it, and a resampler's filter
leaves such a cliff too". On ALSA's prompts through LAME at 128-256 kbps, 65 of 100 findings
said so; on benchmarks' real MP3 decodes, 4 in 10. The grids are now searched there: an MP3
decode names MP3 on its granule grid, and a pitch shift's cliff keeps its wording, true now.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
import soxr
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompt

from audiolint import api
from audiolint.rules import transcoded
from rules.test_mp3grid_real import mp3


@needs_alsa
def test_an_mp3_decode_on_a_cliff_alone_names_mp3_by_its_grid(tmp_path, run_rule):
    """ALSA's "Front center" brought to 44.1 kHz by soxr, through LAME at 128 kbps mono: its
    17.5 kHz cliff leaves under 0.5 % empty cells; MP3's granule grid holds 14 % zeros."""
    x, sr = prompt("Front_Center")
    y = mp3(soxr.resample(x, sr, 44100), 44100, 128)
    path = tmp_path / "decoded.wav"
    sf.write(path, np.clip(y, -1, 1), 44100, subtype="PCM_16")
    fidelity = api.inspect(path).fidelity
    assert fidelity["verdict"] == "lossy-origin" and (fidelity.get("holes") or 0) < 0.005
    assert 17000 <= fidelity["cutoff_hz"] <= 18000
    assert fidelity["mp3_grid"]["found"] and fidelity["mp3_grid"]["decided"]
    assert fidelity["confidence"] >= 0.9
    assert any(e.startswith("content stops at 17.") for e in fidelity["evidence"])  # kept
    [f] = run_rule(path, "T001")
    assert f.message.startswith("decoded from lossy audio, most likely MP3: ")
    assert transcoded.RESAMPLED not in f.message


@needs_csound_doc
def test_a_pitch_shifts_cliff_is_said_to_hold_no_grid_after_a_search(tmp_path):
    """csound's singer two semitones down (as test_transcoded's pitch shift): every grid
    searched, none found, so the finding's "no ... frame grid were found" is measured."""
    x, sr = sf.read(csound_example("sing.wav", tmp_path), always_2d=True)
    y = soxr.resample(x.mean(axis=1), sr, round(sr * 2 ** (200 / 1200)), quality="VHQ")
    path = tmp_path / "shifted.wav"
    sf.write(path, 0.5 * y / np.abs(y).max(), sr, subtype="PCM_16")
    fidelity = api.inspect(path).fidelity
    assert fidelity["verdict"] == "lossy-origin"
    for key in ("codec_grid", "mp3_grid"):
        assert fidelity[key] is not None and not fidelity[key]["found"]


@needs_csound_doc
def test_a_grid_under_a_cliff_is_said_once(tmp_path, run_rule):
    """csound's Finnegans Wake reader (an MP3 source) through LAME at 160 kbps: its 15.3 kHz
    cliff stands half-way at 0.956 of 16 kHz, where a resampler's would, and MP3's grid is
    found under it. The finding took the evidence's last sentence for the resampler's edge,
    and that sentence was the grid's: the grid was said twice, in short and at length."""
    x, sr = sf.read(csound_example("finneganswake1.flac", tmp_path))
    path = tmp_path / "decoded.wav"
    sf.write(path, np.clip(mp3(x, sr, 160), -1, 1), sr, subtype="PCM_16")
    fidelity = api.inspect(path).fidelity
    assert fidelity["mp3_grid"]["cliff"] and fidelity["resampler_position"] is not None
    [f] = run_rule(path, "T001")
    assert f.message.startswith("decoded from lossy audio, most likely MP3: ")
    assert f.message.count("576-sample") == 1
    assert "content stops at 15." in f.message
