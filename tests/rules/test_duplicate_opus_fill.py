"""D003 and a low-bitrate Opus decode of a band-limited take (duplicate_traits.filled_over).

Review 51b: of 144 groups of a band-limited or upsampled take beside its Opus 12-96k decode,
D003 kept the decode in 82. CELT folds the coded band up to the Nyquist frequency, so the decode
reads inconclusive with content far past the take's own band, and outranked the take. Built from
a committed real recording (tests/data/sr_english.txt gives its source) by scipy's low-pass and
FFmpeg's libopus through PyAV.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import opus_decode

from audiolint import api
from audiolint.config import Config

av = pytest.importorskip("av", reason="FFmpeg's libopus (PyAV) makes the decode")
DATA = Path(__file__).parents[1] / "data"


def _opus_decode(x: np.ndarray, rate: int, kbps: int) -> np.ndarray:
    """``x`` through libopus at ``kbps`` and back, at Opus's 48 kHz."""
    return opus_decode((x * 32767).astype(np.int16), rate, kbps)


@pytest.mark.parametrize("kbps", [16, 24])
def test_a_band_limited_take_is_kept_over_its_low_bitrate_opus_decode(tmp_path, kbps):
    from scipy import signal

    x, rate = sf.read(str(DATA / "sr_english.flac"), dtype="float32")
    take = signal.sosfilt(signal.cheby2(12, 80, 6000, fs=rate, output="sos"), x)
    sf.write(tmp_path / "b_take.wav", take, rate, subtype="PCM_16")
    sf.write(tmp_path / "a_decoded.wav", _opus_decode(take, rate, kbps), 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001", "T002")))
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    fid = {Path(fr.path).name: fr.fidelity or {} for fr in report.files}
    assert fid["a_decoded.wav"].get("verdict") != "lossy-origin"  # its grid not found
    assert fid["a_decoded.wav"]["cutoff_hz"] < fid["b_take.wav"]["reach_hz"]
    assert dup.data["keep"].endswith("b_take.wav"), dup.message


def test_a_take_whose_own_edge_a_gentler_copy_shares_is_not_filled(tmp_path):
    """The guard: a take with an edge of its own (a hum recording's 13.3 kHz) beside its copy
    through a gentle low-pass, which keeps that edge to the bin, stays the copy to keep."""
    from scipy import signal

    x, rate = sf.read(str(DATA / "ambi_haunted_hum.flac"), dtype="float32")
    sf.write(tmp_path / "a_take.wav", x, rate, subtype="PCM_16")
    gentle = signal.sosfilt(signal.butter(2, 8000, fs=rate, output="sos"), x)
    sf.write(tmp_path / "b_gentle.wav", gentle, rate, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001", "T002")))
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    fid = {Path(fr.path).name: fr.fidelity or {} for fr in report.files}
    assert fid["a_take.wav"]["cutoff_hz"] == pytest.approx(fid["b_gentle.wav"]["reach_hz"], abs=50)
    assert dup.data["keep"].endswith("a_take.wav"), dup.message


def test_a_take_with_hiss_over_its_edge_is_kept_over_its_low_pass_and_an_mp3_decode(tmp_path):
    """Review 51e: a take whose roll-off has hiss over it (an old recording) read as filling past
    its own low-passed copy; ranked as a decode of it, the take lost to its MP3 128k decode
    ("no copy is clean"). Hiss hides the take's edge in most frames (``held`` 0.07 here), where
    a codec's low-pass holds in every one."""
    import audiogen
    from scipy import signal

    x, rate = sf.read(str(DATA / "sr_english.flac"), dtype="float64")
    old = signal.sosfilt(signal.butter(10, 7000, fs=rate, output="sos"), x)
    old += np.random.default_rng(51).standard_normal(len(x)) * 10 ** (-60 / 20)
    sf.write(tmp_path / "b_take.wav", old, rate, subtype="PCM_16")
    copy = np.convolve(old, signal.firwin(511, 7700, fs=rate, window=("kaiser", 10)), "same")
    sf.write(tmp_path / "a_copy.wav", copy, rate, subtype="PCM_16")
    mp3 = audiogen.write_mp3(tmp_path / "e.mp3", old.astype(np.float32), rate, kbps=128)
    sf.write(tmp_path / "a_mp3dec.wav", sf.read(str(mp3))[0][: len(old)], rate, subtype="PCM_16")
    mp3.unlink()
    report = api.check([tmp_path], Config(select=("D003", "T001", "T002")))
    fid = {Path(fr.path).name: fr.fidelity or {} for fr in report.files}
    assert fid["a_mp3dec.wav"]["verdict"] == "lossy-origin"
    assert fid["b_take.wav"]["cutoff_hz"] < fid["a_copy.wav"]["reach_hz"]  # as a fill's would
    keeps = {Path(f.data["keep"]).name for f in report.all_findings() if f.rule == "D003"}
    assert keeps == {"b_take.wav"}, keeps
