"""T002 at 32 kHz's Nyquist frequency with empty cells under the wall: named, both causes said.

A wall at 16 kHz is where a resampler from 32 kHz stands and where MP3 at 96-128 kbps and low-
bitrate AAC and Vorbis cut, and T002's message there names both (``ENCODER_LOWPASS``): "either
way nothing above 16 kHz is left". Empty cells under the wall (a codec's, or a sparse sound's
decays) used to make such a file inconclusive, and T002 said nothing. Regression (session 37):
csound's drum loop ``beats.wav`` (csound-doc ships ``beats.mp3`` beside it; the WAV leaves 14-17 %
of the cells under its wall empty) brought from 32 kHz to 44.1 and 48 kHz by soxr. Elsewhere
(44.1 kHz's Nyquist, 22.05 kHz, where T002 names the resampler alone) the cells still make it
inconclusive.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import csound_example, needs_csound_doc

from audiolint.analysis import upsampled


@needs_csound_doc
@pytest.mark.parametrize("new", [44100, 48000])
def test_a_drum_loop_from_32k_is_named_with_both_causes(tmp_path, run_rule, new):
    x, sr = sf.read(csound_example("beats.wav", tmp_path), always_2d=True)
    y = soxr.resample(soxr.resample(x.mean(axis=1), sr, 32000), 32000, new)
    sf.write(tmp_path / "up.wav", np.clip(y, -1, 1), new, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 32000
    assert "or the low-pass of a lossy encode" in f.message
    assert "either way nothing above 16 kHz is left" in f.message


def judged(rate: int, holes: float) -> dict:
    """upsampled.judge on a steep wall at ``rate``'s Nyquist frequency in a 48 kHz file
    (records as fidelity gives them), ``holes`` of the cells under it empty."""
    old = rate / 2
    resampled = {"rate": rate, "position": 0.96, "drop_db": 60.0, "spread_db": 0.5}
    edge = {"found": True, "cutoff_hz": 0.96 * old, "depth_db": 60.0, "width_hz": 150}
    return upsampled.judge(resampled, edge, {"holes": holes, "held": 1.0}, 48000)


def test_empty_cells_keep_inconclusive_only_where_the_message_names_one_cause():
    assert judged(32000, 0.03)["verdict"] == "upsampled"
    assert judged(24000, 0.03)["verdict"] == "upsampled"  # 12 kHz: AAC 64k cuts there too
    assert any("sparse sound's decays" in e for e in judged(32000, 0.03)["evidence"])
    # 21.2 kHz, 44.1 kHz's wall, is where Vorbis q5 cuts too, and T002 names the resampler alone
    assert judged(44100, 0.03)["verdict"] == "inconclusive"
    assert judged(44100, 0.0)["verdict"] == "upsampled"
