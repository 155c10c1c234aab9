"""Signal measurements: known values on generated audio, block-size independence, the JSON keys."""

import json

import numpy as np
import pytest
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.analysis import feed, registry
from audiolint.analysis.frames import FrameSums
from audiolint.models import Properties

KEYS = (
    "peak_dbfs",
    "true_peak_dbfs",
    "rms_dbfs",
    "clipped_samples",
    "clipped_runs",
    "clipped_ratio",
    "silence_ratio",
    "leading_silence_s",
    "trailing_silence_s",
    "dc_offset",
    "loudness_lufs",
    "noise_floor_dbfs",
    "channel_correlation",
    "channel_balance_db",
    "usable_duration_s",
)
INT16 = Properties(sample_format="int", bit_depth=16)
FLOAT = Properties(sample_format="float", bit_depth=32)


def measure(x, sr, block=65536, props=INT16):
    """The merged "signal" record for array ``x``, fed in ``block``-frame pieces."""
    x = np.asarray(x, dtype=np.float32)
    analysers = {k: registry.FACTORIES[k](sr, x.shape[1], props) for k in registry.SIGNAL}
    feed((x[i : i + block] for i in range(0, len(x), block)), analysers)
    out = {}
    for name in registry.SIGNAL:
        out.update(analysers[name].result())
    return out


def sine(sr, seconds, freq=997.0, amp=1.0, phase=0.0):
    t = np.arange(int(sr * seconds)) / sr
    return (amp * np.sin(2 * np.pi * freq * t + phase))[:, None]


def test_full_scale_sine_reads_as_the_standard_says():
    m = measure(sine(48000, 5.0), 48000, props=FLOAT)
    # BS.1770-4: a 0 dBFS 997 Hz sine on one channel reads -3.01 LKFS
    assert m["loudness_lufs"] == pytest.approx(-3.01, abs=0.02)
    assert m["rms_dbfs"] == pytest.approx(-3.01, abs=0.01)
    assert m["peak_dbfs"] == pytest.approx(0.0, abs=0.01)
    assert m["dc_offset"] == pytest.approx(0.0, abs=1e-4)
    assert m["silence_ratio"] == 0.0 and m["usable_duration_s"] == pytest.approx(5.0)
    assert m["noise_floor_dbfs"] is None  # a steady tone has no pauses to measure in
    assert m["channel_correlation"] is None and m["channel_balance_db"] is None


@pytest.mark.parametrize("sr", [48000, 44100, 22050, 11025])
def test_loudness_matches_pyloudnorm(gen, sr):
    pyln = pytest.importorskip("pyloudnorm")
    x = gen.speechlike(sr, 2.0, channels=2, seed=3)
    x[:, 1] *= 0.5
    ours = measure(x, sr)["loudness_lufs"]
    # pyloudnorm's "DeMan" filter is the same rate-independent K-weighting design
    same = pyln.Meter(sr, filter_class="DeMan").integrated_loudness(x.astype(float))
    assert ours == pytest.approx(same, abs=0.02)
    # its default filter is a slightly different fit of the 48 kHz curve
    default = pyln.Meter(sr).integrated_loudness(x.astype(float))
    assert ours == pytest.approx(default, abs=0.25)


def test_loudness_gates_out_silence_and_needs_one_block():
    tone = sine(48000, 2.0, amp=0.1)
    alone = measure(tone, 48000)["loudness_lufs"]  # 17 whole 400 ms blocks
    padded = np.concatenate([np.zeros((48000 * 6, 1)), tone])
    # the silent blocks are gated out; the three straddling the onset (a quarter, half and
    # three quarters tone) pass both gates: 18.5 blocks' energy over 20 blocks
    expected = alone + 10 * np.log10(18.5 / 20)
    assert measure(padded, 48000)["loudness_lufs"] == pytest.approx(expected, abs=0.01)
    assert measure(sine(48000, 0.39), 48000)["loudness_lufs"] is None
    assert measure(np.zeros((48000, 1)), 48000)["loudness_lufs"] is None


@pytest.mark.parametrize("name", ["loudness", "harmony"])
def test_filter_state_stays_normal_through_digital_silence(name):
    # subnormal floats in the K-weighting (loudness) or low-pass (harmony) state made pauses of
    # digital silence ~25x (loudness) and ~2x (harmony) slower
    meter = registry.FACTORIES[name](48000, 2, INT16)
    tone_then_silence = np.concatenate([sine(48000, 0.5, amp=0.3), np.zeros((48000 * 5, 1))])
    for i in range(0, len(tone_then_silence), 65536):
        meter.update(np.repeat(tone_then_silence[i : i + 65536], 2, axis=1).astype(np.float32))
    state = np.abs(meter.zi[meter.zi != 0])
    assert len(state) and state.min() >= np.finfo(np.float64).tiny


@needs_alsa
@pytest.mark.parametrize("gain", [1.0, 2.5])  # 2.5: the loudest stretches clip past full scale
def test_true_peak_skips_nothing_that_could_raise_it(gain):
    # the meter oversamples only chunks whose bound reaches the running peak: on real speech in
    # uneven blocks it must equal every interpolated value of the whole signal, computed outright
    from audiolint.analysis.levels import _TP_HIST, _TP_TAPS32, TruePeak

    x = np.stack([prompt("Front_Left")[0][:60000], prompt("Rear_Right")[0][:60000]], axis=1) * gain
    x = x.astype(np.float32)
    meter = TruePeak(2)
    for a, b in zip([0, 1, 40000, 40007], [1, 40000, 40007, len(x)], strict=True):
        meter.update(x[a:b])
    meter.update(np.zeros((_TP_HIST, 2), np.float32))
    padded = np.concatenate([np.zeros((_TP_HIST, 2), np.float32), x, np.zeros((_TP_HIST, 2))])
    windows = np.lib.stride_tricks.sliding_window_view(padded.astype(np.float32), 12, axis=0)
    outright = max(float(np.abs(_TP_TAPS32 @ w).max()) for w in windows.transpose(1, 2, 0))
    assert meter.peak == max(outright, float(np.abs(x).max()))


def test_true_peak_finds_the_peak_between_samples():
    # fs/4 sine at 45 degrees: every sample sits at 0.707 of the real crest
    m = measure(sine(48000, 1.0, freq=12000.0, amp=0.5, phase=np.pi / 4), 48000, props=FLOAT)
    assert m["peak_dbfs"] == pytest.approx(-9.03, abs=0.02)
    assert -6.3 < m["true_peak_dbfs"] < -5.9


def test_clipping_counts_runs_and_float_overs():
    x = np.full((10000, 1), 0.1)
    x[100:102] = 1.0  # a run of 2: a loud sample pair, not clipping
    x[200:203] = 1.0  # a run of 3
    x[300:310] = -1.0  # a run of 10
    x[500] = 1.5  # a float sample beyond full scale, on its own
    m = measure(x, 8000, block=305, props=FLOAT)  # a block boundary cuts the long run
    assert (m["clipped_runs"], m["clipped_samples"]) == (2, 14)
    assert m["first_clip_s"] == pytest.approx(200 / 8000, abs=1e-3)
    assert m["clipped_ratio"] == pytest.approx(14 / 10000)
    # in a 16-bit file the ceiling is 32767/32768 and there are no overs
    y = x.clip(-1.0, 32767 / 32768)
    assert measure(y, 8000, block=305)["clipped_samples"] == 13


def test_silence_edges_and_usable_time():
    sr = 16000
    x = np.concatenate([np.zeros((sr, 1)), sine(sr, 2.0, amp=0.5), np.zeros((sr // 2, 1))])
    m = measure(x, sr, block=999)
    assert m["leading_silence_s"] == pytest.approx(1.0, abs=0.02)
    assert m["trailing_silence_s"] == pytest.approx(0.5, abs=0.02)
    assert m["usable_duration_s"] == pytest.approx(2.0, abs=0.02)
    assert m["silence_ratio"] == pytest.approx(1.5 / 3.5, abs=0.01)
    empty = measure(np.zeros((sr, 1)), sr)
    assert empty["silence_ratio"] == 1.0 and empty["usable_duration_s"] == 0.0
    assert empty["peak_dbfs"] is None and empty["noise_floor_dbfs"] is None


def test_noise_floor_reads_the_pauses(gen):
    sr = 22050
    speech = gen.speechlike(sr, 8.0)  # a few phrases: enough pause (0.4 s) to read a floor in
    clean = measure(speech, sr)
    assert clean["noise_floor_dbfs"] < -65 and clean["noise_pause_s"] >= 0.4
    assert measure(speech[: 3 * sr], sr)["noise_floor_dbfs"] is None  # 0.2 s: cannot tell
    hiss = gen.noise(sr, 8.0, amp=10 ** (-40 / 20) * np.sqrt(3), seed=5)  # RMS -40 dBFS
    assert measure(speech + hiss, sr)["noise_floor_dbfs"] == pytest.approx(-40, abs=1.5)
    assert measure(hiss, sr)["noise_floor_dbfs"] is None  # steady noise: no pauses


def test_stereo_correlation_and_balance(gen):
    sr = 22050
    voice = gen.speechlike(sr, 3.0, seed=4)[:, 0]
    m = measure(np.stack([voice, -voice], axis=1), sr)
    assert m["channel_correlation"] == pytest.approx(-1.0) and m["mono_loss_db"] >= 100
    m = measure(np.stack([voice, 0.5 * voice], axis=1), sr)
    assert m["channel_correlation"] == pytest.approx(1.0)
    assert m["channel_balance_db"] == pytest.approx(6.02, abs=0.01)
    m = measure(gen.noise(sr, 3.0, channels=2, seed=1), sr)
    assert abs(m["channel_correlation"]) < 0.02
    assert m["mono_loss_db"] == pytest.approx(3.0, abs=0.1)


@pytest.mark.filterwarnings("error")  # an overflow on the way is a poisoned sum too
def test_nan_and_inf_samples_do_not_poison_the_record(gen):
    x = gen.speechlike(8000, 2.0).copy()
    x[100], x[5000], x[9000] = np.nan, np.inf, -np.inf
    m = measure(x, 8000, props=FLOAT)
    json.dumps(m, allow_nan=False)  # raises on NaN or infinity
    assert m["nonfinite_samples"] == 3 and m["loudness_lufs"] is not None
    clean = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
    assert m["rms_dbfs"] == measure(clean, 8000, props=FLOAT)["rms_dbfs"]
    huge = measure(np.full((8000, 1), 3e38), 8000, props=FLOAT)
    json.dumps(huge, allow_nan=False)


def test_dc_offset_is_the_worst_channel_and_not_sound_or_noise(gen):
    x = np.zeros((4800, 2))
    x[:, 0] += 0.003
    x[:, 1] -= 0.02
    m = measure(x, 48000)
    assert m["dc_offset"] == pytest.approx(-0.02, abs=1e-6) and m["silence_ratio"] == 1.0
    voice = gen.speechlike(22050, 3.0)
    shifted = measure(voice + 0.03, 22050)
    assert shifted["noise_floor_dbfs"] == pytest.approx(measure(voice, 22050)["noise_floor_dbfs"])
    assert shifted["dc_offset"] == pytest.approx(0.03, abs=1e-3)


@pytest.mark.parametrize("block", [7, 777, 4410, 10**6])
def test_block_size_does_not_change_any_result(gen, block):
    sr = 11025  # 100 ms loudness steps and 20 ms frames are not whole samples here
    x = gen.speechlike(sr, 4.0, channels=2, seed=9) * 2.2
    x[:, 1] += gen.noise(sr, 4.0, amp=0.01, seed=2)[:, 0]
    x[sr : sr + 40, 0] = 1.3  # overs and a long clipped run
    seconds = 0.3 if block == 7 else 4.0  # tiny blocks are slow: use a short piece
    x = x[: int(sr * seconds)]
    ref = measure(x, sr, block=65536, props=FLOAT)
    got = measure(x, sr, block=block, props=FLOAT)
    assert got.keys() == ref.keys()
    for key, value in ref.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, abs=0.011), key
        else:
            assert got[key] == value, key


def test_frames_tile_the_stream_exactly():
    frames = FrameSums(11025, 100, 1)  # 1102.5 samples per frame
    sums, counts = frames.push(np.ones((5000, 1)))
    more, more_counts = frames.push(np.ones((513, 1)))  # 5513: one sample into frame 6
    assert list(counts) + list(more_counts) == [1102, 1103, 1102, 1103, 1102]
    assert sums[:, 0].tolist() == counts.tolist()
    assert frames.remainder() == (pytest.approx([1.0]), 1)


def test_signal_record_in_the_json(tmp_path, gen):
    path = gen.write_wav(tmp_path / "a.wav", gen.speechlike(44100, 2.0, channels=2), 44100)
    record = api.check(path).to_dict()["files"][0]["signal"]
    assert set(KEYS) <= set(record)
    assert record["channel_correlation"] == pytest.approx(1.0)


def test_true_peak_counts_the_filter_tail_after_the_last_sample():
    """A file that ends abruptly at full level peaks in the interpolation filter's ring-out
    after its last sample: the same as the file followed by digital silence (it read 0.0)."""
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(4800) * 0.05).astype(np.float32)[:, None]
    x[-3:, 0] = [1.0, -1.0, 1.0]
    padded = np.concatenate([x, np.zeros((50, 1), np.float32)])
    assert measure(x, 48000)["true_peak_dbfs"] == measure(padded, 48000)["true_peak_dbfs"] > 1.0
    blocks = measure(x, 48000, block=1000)  # streaming: the tail is flushed once, at the end
    assert blocks["true_peak_dbfs"] == measure(padded, 48000)["true_peak_dbfs"]
