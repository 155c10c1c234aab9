"""S001 clipping: flat-topped runs or float overs warn; over 0.1 % of samples is an error."""

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

SR = 22050


def test_a_few_clipped_runs_warn_with_count_and_time(tmp_path, gen, run_rule):
    x = gen.speechlike(SR, 3.0).copy()
    for start in (SR, SR + 500, SR + 900, 2 * SR):
        x[start : start + 5] = 1.0  # written as 32767: four flat tops of five samples
    p = gen.write_wav(tmp_path / "a.wav", x, SR)
    [f] = run_rule(p, "S001")
    assert f.severity == "warning" and f.term == "Clipping"
    assert f.data["clipped_samples"] == 20 and f.data["clipped_runs"] == 4
    assert f.message.startswith(
        "20 clipped samples (0.037% of the samples outside silence) in 4 flat-topped runs"
    )
    assert f.message.endswith("the first at 1.000 s")


def test_heavy_clipping_is_an_error(tmp_path, gen, run_rule):
    p = gen.write_flac(tmp_path / "a.flac", np.clip(gen.tone(SR, 2.0, amp=2.0), -1, 1), SR)
    [f] = run_rule(p, "S001")
    assert f.severity == "error" and f.data["clipped_ratio"] > 0.5


def test_float_sample_beyond_full_scale(tmp_path, gen, run_rule):
    x = gen.speechlike(SR, 3.0).copy()
    x[SR // 2, 0] = 1.25
    p = gen.write_wav(tmp_path / "f.wav", x, SR, subtype="FLOAT")
    [f] = run_rule(p, "S001")
    assert f.severity == "warning" and f.data["clipped_samples"] == 1
    assert f.message.startswith("1 sample beyond full scale") and "0.500 s" in f.message


def test_loud_but_unclipped_is_quiet(tmp_path, gen, run_rule):
    x = gen.speechlike(SR, 3.0, amp=1.0)  # one sample touches full scale
    gen.write_wav(tmp_path / "peak.wav", x, SR)
    gen.write_wav(tmp_path / "tone.wav", gen.tone(SR, 2.0, amp=0.99), SR, subtype="PCM_24")
    gen.write_wav(tmp_path / "float.wav", x, SR, subtype="FLOAT")
    assert run_rule(tmp_path, "S001") == []


@needs_alsa
def test_a_float_copy_turned_up_keeps_its_overs_and_is_no_flat_topped_error(tmp_path, run_rule):
    """Review 39: a clip turned up 6 dB and written as float read "3,643 clipped samples (3.2%)
    in 370 flat-topped runs", an error, though no two samples over 1.0 were equal and lowering
    it gave every sample back. ALSA's prompt turned up 6 dB: as float, a warning that names the
    samples beyond full scale and the peak; as 16-bit, its tops cut flat, an error."""
    x, sr = prompt("Front_Left")
    y = x * 2 / np.abs(x).max()  # peaks at +6 dBFS
    path = tmp_path / "float.wav"
    sf.write(path, y.astype(np.float32), sr, subtype="FLOAT")
    [f] = run_rule(path, "S001")
    assert f.severity == "warning" and "flat-topped" not in f.message
    assert "beyond full scale" in f.message and "peaking at +6.0 dBFS" in f.message
    assert f.data["peak_dbfs"] == pytest.approx(6.0, abs=0.05)
    assert f.data["clipped_overs"] == int(np.count_nonzero(np.abs(y.astype(np.float32)) > 1.0))
    cut = tmp_path / "int16.wav"
    sf.write(cut, np.clip(y, -1, 1), sr, subtype="PCM_16")
    [g] = run_rule(cut, "S001")
    assert g.severity == "error" and "flat-topped run" in g.message


@needs_alsa
def test_a_float_file_stuck_at_full_scale_stays_clipped_with_one_over(tmp_path, run_rule):
    """A review of the change above: a float file clipped flat at exactly 1.0, one sample set
    to 1.02, must not read as overs kept: its tops are stuck (an error, flat-topped runs)."""
    x, sr = prompt("Front_Left")
    y = np.clip(x * 2 / np.abs(x).max(), -1, 1).astype(np.float32)
    y[int(np.argmax(np.abs(y)))] = 1.02
    path = tmp_path / "stuck.wav"
    sf.write(path, y, sr, subtype="FLOAT")
    [f] = run_rule(path, "S001")
    assert f.severity == "error" and "flat-topped run" in f.message


@needs_alsa
def test_tiny_float_overs_are_overs_not_flat_tops(tmp_path, run_rule):
    """Overs peaking under +0.005 dBFS (peak_dbfs reads 0.0) are still overs, kept."""
    x, sr = prompt("Front_Left")
    y = (x * 1.0004 / np.abs(x).max()).astype(np.float32)
    path = tmp_path / "tiny.wav"
    sf.write(path, y, sr, subtype="FLOAT")
    [f] = run_rule(path, "S001")
    assert f.severity == "warning" and "beyond full scale" in f.message
    assert "peaking at +0.01 dBFS" in f.message and "more than 0.01 dB" in f.message


def test_a_clipped_16_bit_take_reads_alike_as_24_bit_and_float(tmp_path):
    """KTuberling's clipped word (tests/data, 16-bit: flat tops at -32768), its polarity
    inverted (its tops then sit at +32767, as a clipped take's positive tops do), as it is and
    written as 24-bit and float. 32767/32768 lies under the 24-bit and float ceilings, and
    review 54a's copies of a clipped 16-bit take read half its runs (the negative tops alone).
    Each now reads as many clipped samples, in as many runs, as the take."""
    from pathlib import Path

    import soundfile as sf

    from audiolint import api

    data = Path(__file__).parents[1] / "data" / "ktuberling_fr_robin_vase.flac"
    x, sr = sf.read(data, dtype="int16")
    x = np.clip(-x.astype(np.int32), -32768, 32767).astype(np.int16)
    read = {}
    for subtype in ("PCM_16", "PCM_24", "FLOAT"):
        path = tmp_path / f"{subtype}.wav"
        sf.write(path, x if subtype == "PCM_16" else x / 32768.0, sr, subtype=subtype)
        s = api.inspect(path).signal
        read[subtype] = (s["clipped_samples"], s["clipped_runs"])
    assert read["PCM_16"][1] >= 10, read
    assert read["PCM_24"] == read["PCM_16"] == read["FLOAT"], read
