"""D003 and a copy at a higher rate whose content stops short (duplicate_traits.cut_short).

Review 51b: an Opus 12 kbps decode by opusdec at 48 kHz, cut at 12.1 kHz over a dither floor 33
dB down (so no reach is read past the edge), read inconclusive, and D003 kept it for its rate
over its full-band 44.1 kHz original. Built from a committed real recording
(tests/data/myprosody_suun3.txt gives its source): the copy is brought to 48 kHz and low-passed
at 12 kHz by SciPy, with a noise floor over the samples' own, as a decoder's dither leaves it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from audiolint import api
from audiolint.config import Config

DATA = Path(__file__).parents[1] / "data"


def _findings(folder: Path):
    report = api.check([folder], Config(select=("D003", "T001", "T002")))
    fid = {Path(fr.path).name: fr.fidelity or {} for fr in report.files}
    return [f for f in report.all_findings() if f.rule == "D003"], fid


def _to_48k(x: np.ndarray) -> np.ndarray:
    from scipy import signal

    return signal.resample_poly(x, 160, 147)


def test_a_full_band_take_is_kept_over_a_48k_copy_cut_at_12k(tmp_path):
    from scipy import signal

    x, rate = sf.read(str(DATA / "myprosody_suun3.flac"), dtype="float64")
    sf.write(tmp_path / "b_take.wav", x, rate, subtype="PCM_16")
    y = signal.sosfiltfilt(signal.ellip(10, 0.1, 80, 12000, fs=48000, output="sos"), _to_48k(x))
    y += np.random.default_rng(1).standard_normal(y.size) * 10 ** (-80 / 20)
    sf.write(tmp_path / "a_copy.wav", y, 48000, subtype="PCM_16")
    [dup], fid = _findings(tmp_path)
    # the scenario: the take's content reaches Nyquist, the copy's edge has no reach past it
    assert fid["b_take.wav"]["bandwidth_limited"] is False
    assert fid["a_copy.wav"]["bandwidth_limited"] and fid["a_copy.wav"].get("reach_hz") is None
    assert fid["a_copy.wav"]["cutoff_hz"] == pytest.approx(12150, abs=300)
    assert dup.data["keep"].endswith("b_take.wav"), dup.message
    assert "a_copy.wav stops at 12.2 kHz" in dup.message
    assert "Nyquist frequency (22.05 kHz)" in dup.message


def test_an_edge_every_copy_shares_is_the_audios_own(tmp_path):
    """The guard: a take with an edge of its own (a hum recording's 13.3 kHz) beside its 48 kHz
    copy keeps that edge; neither stops short of the other, and the advice stays as it was."""
    x, rate = sf.read(str(DATA / "ambi_haunted_hum.flac"), dtype="float64")
    sf.write(tmp_path / "b_take.wav", x, rate, subtype="PCM_16")
    sf.write(tmp_path / "a_copy.wav", _to_48k(x), 48000, subtype="PCM_16")
    [dup], fid = _findings(tmp_path)
    assert fid["a_copy.wav"]["cutoff_hz"] == pytest.approx(fid["b_take.wav"]["cutoff_hz"], abs=100)
    assert "stops at" not in dup.message and "Nyquist frequency" not in dup.message
