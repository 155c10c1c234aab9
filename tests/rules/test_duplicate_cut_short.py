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


def _cut_copy(x: np.ndarray, edge_hz: float, noise_db: float | None = -80) -> np.ndarray:
    """``x`` at 48 kHz, low-passed at ``edge_hz``, under a noise floor over the samples' own (a
    decoder's dither hides the reach past the edge), or none (the reach is read at the edge)."""
    from scipy import signal

    sos = signal.ellip(10, 0.1, 80, edge_hz, fs=48000, output="sos")
    y = signal.sosfiltfilt(sos, _to_48k(x), axis=0)
    if noise_db is None:
        return y
    return y + np.random.default_rng(1).standard_normal(y.shape) * 10 ** (noise_db / 20)


@pytest.mark.parametrize(("edge_hz", "says"), [(12000, "12.2 kHz"), (20000, None)])
def test_a_full_band_take_is_kept_over_a_48k_copy_cut_short(tmp_path, edge_hz, says):
    """At 12 kHz (review 51b's Opus 12 kbps decode) and at Opus's 20 kHz wall (review 52d:
    opusdec's 14-28 kbps decodes at 48 kHz of a full-band 44.1 kHz take, kept for their rate)."""
    x, rate = sf.read(str(DATA / "myprosody_suun3.flac"), dtype="float64")
    sf.write(tmp_path / "b_take.wav", x, rate, subtype="PCM_16")
    sf.write(tmp_path / "a_copy.wav", _cut_copy(x, edge_hz), 48000, subtype="PCM_16")
    [dup], fid = _findings(tmp_path)
    # the scenario: the take's content reaches Nyquist, the copy's edge has no reach past it
    assert fid["b_take.wav"]["bandwidth_limited"] is False
    assert fid["a_copy.wav"]["bandwidth_limited"] and fid["a_copy.wav"].get("reach_hz") is None
    assert fid["a_copy.wav"]["cutoff_hz"] == pytest.approx(edge_hz + 150, abs=300)
    assert dup.data["keep"].endswith("b_take.wav"), dup.message
    if says:  # the two tie but for the edge: the advice says where the copy stops
        assert f"a_copy.wav stops at {says}" in dup.message
        assert "Nyquist frequency (22.05 kHz)" in dup.message


def test_a_copy_whose_content_is_read_to_its_edge_stops_short_too(tmp_path):
    """Review 52d's d9: an FFmpeg decode at 48 kHz whose reach is read just past its edge (13.0
    kHz over a 12.4 kHz edge) tied with the full-band take ("their content stops at 13.0-22.1
    kHz, and nothing measured ranks them apart") and was kept for its rate."""
    x, rate = sf.read(str(DATA / "myprosody_suun3.flac"), dtype="float64")
    sf.write(tmp_path / "b_take.wav", x, rate, subtype="PCM_16")
    sf.write(tmp_path / "a_copy.wav", _cut_copy(x, 12000, None), 48000, subtype="PCM_16")
    [dup], fid = _findings(tmp_path)
    assert fid["a_copy.wav"]["reach_hz"] <= 1.1 * fid["a_copy.wav"]["stop_hz"]
    assert dup.data["keep"].endswith("b_take.wav"), dup.message
    assert "nothing measured ranks them apart" not in dup.message


def test_a_dual_mono_take_is_kept_over_a_mono_copy_cut_short(tmp_path):
    """Review 52d: the take as two identical channels (S006's dual mono, ranked after a copy that
    is not) lost to its mono copy cut at 12 kHz. What a copy holds comes first."""
    x, rate = sf.read(str(DATA / "myprosody_suun3.flac"), dtype="float64")
    sf.write(tmp_path / "b_take.wav", np.stack([x, x], axis=1), rate, subtype="PCM_16")
    sf.write(tmp_path / "a_copy.wav", _cut_copy(x, 12000), 48000, subtype="PCM_16")
    [dup], _ = _findings(tmp_path)
    assert dup.data["keep"].endswith("b_take.wav"), dup.message


def test_a_copy_under_hiss_is_no_witness():
    """Review 52d's measured pair, its edge moved to Opus's 20 kHz: a clean 24-bit take with an
    edge and no reach read past it, and the same with white noise at -60 dBFS, whose hiss
    reaches Nyquist. The hiss fills the band over the take's edge: the take does not stop
    short of its noisy copy."""
    from types import SimpleNamespace

    from audiolint.models import Properties
    from audiolint.rules import duplicate_traits

    def copy(fidelity, floor):
        props = Properties(sample_rate=44100, lossless=True)
        signal = {"noise_floor_dbfs": floor, "rms_dbfs": -22.23, "peak_dbfs": 0.0}
        return SimpleNamespace(props=props, fidelity=fidelity, signal=signal)

    take = copy({"verdict": "genuine", "analysed": True, "bandwidth_limited": True,
                 "cutoff_hz": 20095, "stop_hz": 20318}, -120.0)  # fmt: skip
    hiss = copy({"verdict": "genuine", "analysed": True, "bandwidth_limited": False,
                 "cutoff_hz": 22050}, -60.0)  # fmt: skip
    assert duplicate_traits.cut_short(take, [take, hiss]) is None
    hiss.signal["noise_floor_dbfs"] = -110.0  # as quiet as the take: then it is a witness
    assert duplicate_traits.cut_short(take, [take, hiss]) == 20318


def test_an_edge_every_copy_shares_is_the_audios_own(tmp_path):
    """The guard: a take with an edge of its own (a hum recording's 13.3 kHz) beside its 48 kHz
    copy keeps that edge; neither stops short of the other, and the advice stays as it was."""
    x, rate = sf.read(str(DATA / "ambi_haunted_hum.flac"), dtype="float64")
    sf.write(tmp_path / "b_take.wav", x, rate, subtype="PCM_16")
    sf.write(tmp_path / "a_copy.wav", _to_48k(x), 48000, subtype="PCM_16")
    [dup], fid = _findings(tmp_path)
    assert fid["a_copy.wav"]["cutoff_hz"] == pytest.approx(fid["b_take.wav"]["cutoff_hz"], abs=100)
    assert "stops at" not in dup.message and "Nyquist frequency" not in dup.message


def test_a_take_low_passed_at_18k_is_not_said_to_stop_short_of_its_dithered_copy(tmp_path):
    """Review 52e: a 24-bit take with its own low-pass at 18 kHz beside its 16-bit copy, whose
    dither fills the band past the edge to Nyquist: the copy was advised and the take said to
    "stop short". Only an edge where an Opus decode's band ends counts."""
    from scipy import signal

    x, rate = sf.read(str(DATA / "myprosody_suun3.flac"), dtype="float64")
    take = signal.sosfiltfilt(signal.butter(8, 18000, fs=rate, output="sos"), x)
    take += np.random.default_rng(3).standard_normal(take.size) * 10 ** (-100 / 20)
    sf.write(tmp_path / "b_take.wav", take, rate, subtype="PCM_24")
    hiss = take + np.random.default_rng(4).standard_normal(take.size) * 10 ** (-80 / 20)
    sf.write(tmp_path / "a_copy.wav", hiss, rate, subtype="PCM_16")
    [dup], fid = _findings(tmp_path)
    # the scenario: the take's edge has no reach read past it, the copy's hiss reaches Nyquist
    assert fid["b_take.wav"]["bandwidth_limited"] and fid["b_take.wav"].get("reach_hz") is None
    assert fid["a_copy.wav"]["bandwidth_limited"] is False
    assert "stops at" not in dup.message, dup.message
    assert not dup.data["keep"].endswith("a_copy.wav") or "ideally" not in dup.message


def test_a_24_bit_copy_is_a_masters_not_a_decodes():
    """A decode is written at 16 bits; a 24-bit or float copy with an edge at Opus's 20 kHz (a
    master low-passed in an editor) beside its 16-bit export, whose dither fills the band to
    Nyquist, does not stop short of it (review 52e's masters, at other edges)."""
    from types import SimpleNamespace

    from audiolint.models import Properties
    from audiolint.rules import duplicate_traits

    edge = {"verdict": "inconclusive", "analysed": True, "bandwidth_limited": True,
            "cutoff_hz": 20095, "stop_hz": 20318}  # fmt: skip
    full = {"verdict": "inconclusive", "analysed": True, "bandwidth_limited": False}
    export = SimpleNamespace(
        props=Properties(sample_rate=44100, lossless=True, bit_depth=16, sample_format="int"),
        fidelity=full,
        signal={},
    )
    for bits, fmt, stops in ((24, "int", None), (32, "float", None), (16, "int", 20318)):
        props = Properties(sample_rate=48000, lossless=True, bit_depth=bits, sample_format=fmt)
        master = SimpleNamespace(props=props, fidelity=edge, signal={})
        assert duplicate_traits.cut_short(master, [master, export]) == stops, bits


def test_a_copy_cut_at_an_edge_with_no_reach_read_is_no_more_genuine_than_a_decode(tmp_path):
    """Review 55a: FFmpeg's native Vorbis encoder (q3), decoded and normalised by sox, cut at
    18.8 kHz with no reach read past its edge; T001 read it inconclusive, and D003 counted it as
    reaching its Nyquist frequency, tied it with the full-band take and kept it, first by name.
    A copy's band ends at its edge when no reach was read: here the take's Vorbis decode
    (PyAV's native encoder), normalised and dithered, its verdict set as T001 read review 55a's,
    reaches no further than the decode beside it; the take does."""
    from types import SimpleNamespace

    from audiolint.rules import duplicate_rank
    from rules.test_fidelity_median_real import encode

    x, rate = sf.read(str(DATA / "voicebook_38_2.flac"), dtype="float64")
    x = x.mean(axis=1)
    v = encode(x, rate, 96, "vorbis", "ogg", 2, options={"strict": "-2"})
    rng = np.random.default_rng(0)
    norm = 10 ** (-1 / 20) * v / np.abs(v).max() + (rng.random(len(v)) - rng.random(len(v))) / 2**15
    files = {}
    for name, y in (("take", x), ("decode", v), ("norm", norm)):
        sf.write(tmp_path / f"{name}.wav", y, rate, subtype="PCM_16")
        fid = dict(api.inspect(tmp_path / f"{name}.wav").fidelity)
        files[name] = SimpleNamespace(fidelity=fid, props=SimpleNamespace(source_rate=rate))
    norm_fid = files["norm"].fidelity
    assert norm_fid["bandwidth_limited"] and norm_fid["cutoff_hz"] < 18000
    norm_fid["verdict"], norm_fid["reach_hz"] = "inconclusive", None  # as T001 read review 55a's
    decoded = files["decode"].fidelity["reach_hz"]
    assert decoded and decoded < 18000
    assert duplicate_rank.same_history(files["norm"], decoded)
    assert not duplicate_rank.same_history(files["take"], decoded)
