"""T001 on real AAC and MP3: a codec's low-pass judged in the median loud frame (issue 11).

Regression: ALSA's "Front left" prompt through FFmpeg's AAC encoder (PyAV) at 64 kbps mono
was not called lossy-origin: its mean spectrum shows no cliff deep and steep enough, although
the encoder's 17.3 kHz low-pass holds in every loud frame. A loud transient filling the band
above the edge for 20 ms must not hide it either.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt


def encode(
    x: np.ndarray, sr: int, kbps: int, codec: str = "aac", fmt: str = "adts", channels: int = 1,
    options: dict[str, str] | None = None,
):  # fmt: skip
    """``x`` encoded to ``codec`` in ``fmt`` at ``kbps`` (0: the encoder's default) with PyAV,
    as ``channels`` identical channels, and decoded back to their mean."""
    import av

    layout = "mono" if channels == 1 else "stereo"
    buf = io.BytesIO()
    with av.open(buf, "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=sr)
        stream.layout, stream.codec_context.options = layout, options or {}
        if kbps:
            stream.bit_rate = kbps * 1000
        planes = np.repeat(x[None].astype(np.float32), channels, axis=0)
        frame = av.AudioFrame.from_ndarray(planes, format="fltp", layout=layout)
        frame.sample_rate = sr
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    buf.seek(0)
    with av.open(buf) as inp:
        return np.concatenate([f.to_ndarray().mean(axis=0) for f in inp.decode(audio=0)])


@needs_alsa
@pytest.mark.parametrize(("name", "burst"), [("Front_Left", False), ("Front_Center", True)])
def test_aac_prompt_is_lossy_origin_in_the_median_frame(tmp_path, run_rule, name, burst):
    from audiolint import api

    x, sr = prompt(name)
    if burst:  # a 20 ms broadband crack in the middle: it fills the mean spectrum's top band
        n = int(0.02 * sr)
        noise = np.random.default_rng(0).standard_normal(n) * np.hanning(n)
        x = x.copy()
        x[len(x) // 2 : len(x) // 2 + n] += 0.5 * noise
    path = tmp_path / "aac.wav"
    sf.write(path, np.clip(encode(x, sr, 64), -1, 1), sr, subtype="PCM_16")
    fidelity = api.inspect(path).fidelity
    assert fidelity["verdict"] == "lossy-origin"
    assert fidelity["evidence"][0].startswith("in the median loud frame")
    assert 17000 <= fidelity["cutoff_hz"] <= 17600
    # the band is limited, as inspect says and the spectrogram marks (not "full: reaches Nyquist")
    assert fidelity["bandwidth_limited"] is True
    assert [f.rule for f in run_rule(path, "T001")] == ["T001"]


@needs_alsa
def test_an_edge_found_only_in_the_median_frame_limits_the_band(tmp_path):
    """Regression: "Rear right" through LAME at 96 kbps is lossy-origin from the median loud
    frame alone; the record said ``bandwidth_limited: false`` beside a 16.1 kHz cut-off, and
    inspect printed "full: content reaches 16.1 kHz (Nyquist)"."""
    from audiolint import api
    from audiolint.report.inspect_view import _bandwidth

    path = _mp3_prompt(tmp_path, "Rear_Right", 96)
    report = api.inspect(path, read_config=False)
    assert report.fidelity["verdict"] == "lossy-origin"
    assert 15500 <= report.fidelity["cutoff_hz"] <= 16500
    assert report.fidelity["bandwidth_limited"] is True
    assert not _bandwidth(report).startswith("full")


def _mp3_prompt(tmp_path, name: str, kbps: int):
    """ALSA's prompt ``name`` through LAME (PyAV) at ``kbps`` mono, decoded to 16-bit WAV."""
    import av

    if "libmp3lame" not in av.codecs_available:
        pytest.skip("this PyAV build has no LAME encoder")
    x, sr = prompt(name)
    path = tmp_path / f"{name}-{kbps}.wav"
    sf.write(path, np.clip(encode(x, sr, kbps, "libmp3lame", "mp3"), -1, 1), sr, subtype="PCM_16")
    return path


@needs_alsa
def test_lame_low_pass_near_16k_is_not_a_resampler(tmp_path, run_rule):
    """Regression: "Rear center" through LAME at 96 kbps was "upsampled from 32 kHz": the
    mean spectrum is half-way down at 0.98 of 16 kHz, but the band above comes and goes
    from frame to frame (MP3's sfb21), where a resampler's wall holds in every loud frame."""
    from audiolint import api

    path = _mp3_prompt(tmp_path, "Rear_Center", 96)
    fidelity = api.inspect(path, read_config=False).fidelity
    # 16 kHz is no resampler's candidate (content above it that is no mirror image rules it
    # out), or one whose band above flickers
    assert fidelity.get("resampler_spread_db", 10) >= 10
    assert fidelity["verdict"] == "lossy-origin"
    assert any("comes and goes from frame to frame" in e for e in fidelity["evidence"])
    assert run_rule(path, "T002") == []


@needs_alsa
def test_a_flickering_28_db_fall_is_not_a_gentle_roll_off(tmp_path, run_rule):
    """Regression: "Side left" through LAME at 128 kbps was "genuine" with a "gentle roll-off"
    although its level falls 28 dB within about 560 Hz at 17.5 kHz, and the band above it
    switches on and off from frame to frame."""
    from audiolint import api

    path = _mp3_prompt(tmp_path, "Side_Left", 128)
    fidelity = api.inspect(path, read_config=False).fidelity
    assert fidelity["verdict"] == "lossy-origin"
    assert fidelity["spread_db"] >= 10
    assert not any("gentle" in e for e in fidelity["evidence"])
    [finding] = run_rule(path, "T001")
    assert 17000 <= finding.data["cutoff_hz"] <= 18000


# Regression (issue 11; the cross-check set's upsampled files showed it): ALSA prompts taken to
# 32 kHz and back up to 44.1 or 48 kHz by libsoxr's 'LQ' filter were "lossy-origin, MP3 around
# 96 kbps": the resampler's edge sits at 14.6-15.0 kHz, 0.92-0.94 of 16 kHz, where LAME's
# 96 kbps low-pass sits too. With the band above it steady, no codec's empty cells or grid and
# a fall wider than a codec's wall (474-680 Hz), the edge alone cannot tell them apart:
# inconclusive, never T001. Real MP3 stays lossy-origin.


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Center", "Side_Left"])
@pytest.mark.parametrize("rate", [44100, 48000])
def test_soxr_lq_upsampling_from_32k_is_not_lossy(tmp_path, run_rule, name, rate):
    import soxr

    from audiolint import api

    x, sr = prompt(name)
    up = soxr.resample(soxr.resample(x, sr, 32000, quality="HQ"), 32000, rate, quality="LQ")
    path = tmp_path / f"{name}-{rate}.wav"
    sf.write(path, up, rate, subtype="PCM_16")
    fidelity = api.inspect(path, read_config=False).fidelity
    assert 14000 <= fidelity["cutoff_hz"] <= 16000
    assert fidelity["verdict"] in ("inconclusive", "upsampled")
    assert run_rule(path, "T001") == []


@needs_alsa
@pytest.mark.parametrize(("name", "kbps"), [("Rear_Center", 96), ("Side_Left", 128)])
def test_real_mp3_is_still_lossy(tmp_path, run_rule, name, kbps):
    import av

    from audiolint import api

    if "libmp3lame" not in av.codecs_available:
        pytest.skip("this PyAV build has no LAME encoder")
    x, sr = prompt(name)
    path = tmp_path / f"{name}-{kbps}.wav"
    sf.write(path, np.clip(encode(x, sr, kbps, "libmp3lame", "mp3"), -1, 1), sr, subtype="PCM_16")
    assert api.inspect(path, read_config=False).fidelity["verdict"] == "lossy-origin"
    assert [f.rule for f in run_rule(path, "T001")] == ["T001"]
