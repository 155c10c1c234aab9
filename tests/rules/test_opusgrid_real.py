"""Opus decoded at 44.1 kHz and at its source's lower rate (issue 11): CELT's grid found again
on the 48 kHz lattice.

ALSA's recorded prompts go through libopus (PyAV, as opusenc and FFmpeg's libopus encode) and
its decode is written at 44.1 kHz through FFmpeg's resampler (PyAV's AudioResampler, as
``ffmpeg -ar 44100`` converts a video site's Opus audio) to 16-bit WAV. At 44.1 kHz CELT's
20 ms frames are 882 and a fraction samples, so the codec grid finds nothing there; brought
back to 48 kHz the frames' zeros return at the pre-skip's offset. The same prompts through the
same resampler, never encoded, show no grid. At 48 kHz, counting every frame at that offset finds
decodes (24-bit, 10 ms frames) that codecgrid's search left under its thresholds.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint.analysis import codecgrid, opusgrid
from rules.test_fidelity_median_real import encode


def to_44k(x: np.ndarray, sr: int, rate: int = 44100) -> np.ndarray:
    """Mono ``x`` at ``sr`` through FFmpeg's resampler to 44.1 kHz (or ``rate``), rounded to
    16 bits."""
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
    frame = av.AudioFrame.from_ndarray(x[None].astype(np.float32), format="flt", layout="mono")
    frame.sample_rate, frame.pts = sr, 0
    out = [f.to_ndarray()[0] for f in [*resampler.resample(frame), *resampler.resample(None)]]
    return (np.round(np.clip(np.concatenate(out), -1, 1) * 32767) / 32768).astype(np.float32)


def record(x: np.ndarray, sr: int = 44100, bits: int = 16) -> dict | None:
    """opusgrid's record of mono ``x``, fed in 1000-frame blocks as a decoder would."""
    excerpt = codecgrid.Excerpt()
    for i in range(0, len(x), 1000):
        excerpt.update(x[i : i + 1000, None])
    return opusgrid.measure(excerpt.spans(), sr, bits)


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Left", "Rear_Center"])
def test_an_opus_decode_at_44k_shows_celts_grid_and_the_recording_none(name):
    x, sr = prompt(name)
    decoded = to_44k(encode(x, sr, 96, "libopus", "ogg"), sr)
    at_44k = record(decoded)
    assert at_44k["found"] and at_44k["offset"] == opusgrid.PRESKIP_OFFSET
    assert at_44k["zero_share"] >= 3 * at_44k["off_grid_share"]
    # cut after the decode at 10 ms (441 samples): the grid moves half a frame on the lattice
    cut = record(decoded[441:])
    assert cut["found"] and cut["offset"] == opusgrid.PRESKIP_OFFSET + 480
    genuine = record(to_44k(x, sr))
    assert not genuine["found"] and genuine["z"] < codecgrid.MIN_Z / 2


@needs_alsa
def test_t001_names_celts_grid_in_an_opus_decode_at_44k(tmp_path, run_rule):
    """A source rolled off from 12 kHz (a 4th-order low-pass, as a dull microphone leaves it)
    shows no 20 kHz wall after the decode: before the grid on the 48 kHz lattice, audiolint
    called it inconclusive and T001 said nothing."""
    from scipy.signal import butter, sosfilt

    from audiolint import api

    x, sr = prompt("Side_Left")
    x = sosfilt(butter(4, 12000, fs=sr, output="sos"), x)
    path = tmp_path / "opus.wav"
    sf.write(path, to_44k(encode(x, sr, 96, "libopus", "ogg"), sr), 44100, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["opus_grid"]["decided"]
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(
        "decoded from lossy audio, most likely Opus: read at Opus's own 48 kHz rate (this file "
        "is at 44.1 kHz), "
    )  # review 40: "brought back to Opus's 48 kHz rate" read as if the file were at 48 kHz
    assert "on CELT's 20 ms grid are zero" in finding.message
    assert finding.data["codec"] == "Opus" and finding.data["offset"] == 228
    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, to_44k(x, sr), 44100, subtype="PCM_16")
    assert run_rule(genuine, "T001") == []
    assert api.inspect(genuine, read_config=False).fidelity["opus_grid"]["found"] is False


@needs_alsa
@pytest.mark.parametrize(
    ("name", "ms", "kbps", "rolled_off"),
    [("Rear_Left", "20", 128, False), ("Rear_Center", "10", 64, True)],
)
def test_t001_finds_a_48k_opus_decode_the_grid_search_missed(
    tmp_path, run_rule, name, ms, kbps, rolled_off
):
    """libopus decoded to 24-bit FLAC at 48 kHz: 20 ms frames at 128 kbps, and 10 ms frames
    (opusenc --framesize 10) of a prompt rolled off from 12 kHz. codecgrid's search (two spans
    searched, one frame a span checked) left both under its thresholds and the verdict was
    inconclusive; every frame the spans hold at the pre-skip's offset finds them."""
    from scipy.signal import butter, sosfilt

    from audiolint import api

    x, sr = prompt(name)
    if rolled_off:
        x = sosfilt(butter(4, 12000, fs=sr, output="sos"), x)
    y = encode(x, sr, kbps, "libopus", "ogg", options={"frame_duration": ms})
    path = tmp_path / "opus.flac"
    sf.write(path, np.clip(y, -1, 1), sr, subtype="PCM_24")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["opus_grid"]["decided"]
    assert fid["origin"].startswith("Opus") and fid["opus_grid"]["from_44k"] is False
    # opusgrid's own measure on the file's samples finds CELT's grid of that frame size where
    # the pre-skip puts it (whatever codecgrid's search made of them)
    own = record(sf.read(path, dtype="float32")[0], sr, 24)
    assert own["found"] and own["hop"] == int(ms) * 48 and own["z"] >= codecgrid.MIN_Z
    assert own["offset"] in ((228, 708) if ms == "20" else (468, 228))
    [finding] = run_rule(path, "T001")
    share = 100 * fid["opus_grid"]["zero_share"]
    assert finding.message.startswith(
        f"decoded from lossy audio, most likely Opus: {share:.0f}% of the loud frequency "
        f"coefficients on CELT's {ms} ms grid where libopus's pre-skip puts it are zero"
    )
    assert finding.data["hop"] == int(ms) * 48
    genuine = tmp_path / "genuine.flac"
    sf.write(genuine, x, sr, subtype="PCM_24")
    assert run_rule(genuine, "T001") == []


@pytest.mark.parametrize("sr", [8000, 16000, 22050, 44100, 48000])
@pytest.mark.parametrize(
    "kind",
    ["tone375", "tone2k", "buzz200", "chirp", "tone1050", "tone425", "tone2675", "tone3437.5"],
)
def test_steady_signals_show_no_opus_grid(sr, kind):
    """A tone or buzz whose period divides CELT's frames (375 Hz: 128 samples at 48 kHz;
    200 Hz: 240) repeats its MDCT's zeros every period, so the pre-skip's offset never stands
    1.3 times over its neighbours (a 375 Hz tone: z 17.5, contrast 0.35); a chirp has none.
    Review 36: tones that repeat every 20, 40 or 80 ms (1050 Hz, 425 Hz, 2675 and 3437.5 Hz:
    multiples of 12.5 Hz) kept their zeros at the pre-skip's offset in every frame (z 16-1385,
    contrast over the old 2-8 sample neighbours 1.4-2.6) and were called Opus at 16-48 kHz;
    the offsets 2-64 samples away and the frame-to-frame change (opusgrid.change_db) hold
    them now."""
    t = np.arange(3 * sr) / sr
    if kind == "chirp":
        x = np.sin(2 * np.pi * (100 + 3000 * t) * t)
    else:
        f0 = {"tone375": 375, "tone2k": 2000, "buzz200": 200}.get(kind) or float(kind[4:])
        # (a phase of 0.3 rad: where a tone's zeros fall depends on it)
        x = sum(
            np.sin(2 * np.pi * f0 * k * t + 0.3) / k for k in range(1, 100 if "buzz" in kind else 2)
        )
    rng = np.random.default_rng(7)
    x = 0.5 * x / np.abs(x).max() + (rng.random(len(t)) - rng.random(len(t))) / 32768  # TPDF
    excerpt = codecgrid.Excerpt()
    excerpt.update((np.round(x * 32767) / 32768).astype(np.float32)[:, None])
    record = opusgrid.measure(excerpt.spans(wide=True), sr, 16)  # as fidelity reads them
    assert not record["found"] and record["hop"] == 960, record


@needs_alsa
@pytest.mark.parametrize(("name", "rate"), [("Front_Left", 22050), ("Side_Right", 16000)])
def test_t001_names_an_opus_decode_written_at_its_sources_lower_rate(
    tmp_path, run_rule, name, rate
):
    """A prompt brought down to 22.05 or 16 kHz (a TTS corpus's rate, a phone's), through
    libopus at 64 kbps (FFmpeg brings it to 48 kHz first) and written back at its own rate, as
    opusdec does by default and ``ffmpeg -ar`` does: CELT's grid lies between the file's
    samples, and before the spans were brought to 48 kHz at such rates T001 said nothing."""
    from audiolint import api

    x, sr = prompt(name)
    source = to_44k(x, sr, rate)
    path = tmp_path / "opus.wav"
    decoded = to_44k(encode(to_44k(source, rate, 48000), 48000, 64, "libopus", "ogg"), 48000, rate)
    sf.write(path, decoded, rate, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["opus_grid"]["decided"]
    grid = fid["opus_grid"]
    assert grid["from_rate"] == rate and grid["from_44k"] is False and grid["offset"] == 228
    assert grid["z"] >= codecgrid.MIN_Z and grid["peak_contrast"] >= codecgrid.MIN_PEAK
    [said] = [e for e in fid["evidence"] if f"written at {rate / 1000:g} kHz" in e]
    assert "this file is at" not in said  # the rate said once (helper-227's nit)
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(
        "decoded from lossy audio, most likely Opus: read at Opus's own 48 kHz rate (this file "
        f"is at {rate / 1000:g} kHz), "
    )
    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, source, rate, subtype="PCM_16")
    assert run_rule(genuine, "T001") == []
    assert api.inspect(genuine, read_config=False).fidelity["opus_grid"]["found"] is False


@needs_alsa
def test_opusgrid_counts_past_the_loudest_spans_where_transients_leave_no_zeros(tmp_path, run_rule):
    """A prompt at 16 kHz through libopus at 96 kbps (FFmpeg brings it to 48 kHz first),
    decoded at 48 kHz as FFmpeg decodes Opus: its 8 loudest spans hold the onsets, which CELT
    codes in short blocks, and show no grid at the pre-skip's offset (z 2.7); counted over more
    of the file's loud spans, the long frames' zeros stand out. The same prompt brought to 48 kHz
    without the codec shows none in either."""
    x, sr = prompt("Rear_Center")
    source = to_44k(to_44k(x, sr, 16000), 16000, 48000)
    decoded = to_44k(encode(source, 48000, 96, "libopus", "ogg"), 48000, 48000)
    excerpt = codecgrid.Excerpt()
    for i in range(0, len(decoded), 1000):
        excerpt.update(decoded[i : i + 1000, None])
    assert len(excerpt.spans()) == codecgrid.SPANS < len(excerpt.spans(wide=True))
    assert not opusgrid.measure(excerpt.spans(), 48000, 16)["found"]
    wide = opusgrid.measure(excerpt.spans(wide=True), 48000, 16)
    assert wide["found"] and wide["offset"] == 228 and wide["z"] >= 2 * codecgrid.MIN_Z
    path = tmp_path / "opus.wav"
    sf.write(path, decoded, 48000, subtype="PCM_16")
    [finding] = run_rule(path, "T001")
    assert finding.data["codec"] == "Opus" and finding.data["offset"] == 228
    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, source, 48000, subtype="PCM_16")
    assert run_rule(genuine, "T001") == []


@needs_alsa
@pytest.mark.parametrize(
    ("name", "kbps", "rate"),
    [
        ("Front_Center", 96, 16000),
        ("Front_Right", 96, 16000),
        ("Rear_Left", 128, 16000),
        ("Front_Center", 160, 24000),
    ],  # fmt: skip
)
def test_an_opus_decode_brought_down_stands_over_every_frame_of_the_other_offsets(
    tmp_path, run_rule, name, kbps, rate
):
    """A prompt through libopus at 96-160 kbps, decoded at 48 kHz and brought down to a TTS
    rate by FFmpeg's resampler (as ``ffmpeg -i video.webm -ar 16000`` does): brought back to
    48 kHz, its zeros at the pre-skip's offset stand at z 13-17, but the contrast was read
    against one frame at each other offset, whose noisy shares left it at 0.9-1.2 (missed).
    Counted on every frame there, it reads 1.7-2.4; the prompt without the codec stays at
    z under 5, so no contrast is read."""
    x, sr = prompt(name)
    decoded = to_44k(encode(x, sr, kbps, "libopus", "ogg"), sr, rate)
    excerpt = codecgrid.Excerpt()
    for i in range(0, len(decoded), 1000):
        excerpt.update(decoded[i : i + 1000, None])
    grid = opusgrid.measure(excerpt.spans(wide=True), rate, 16)
    assert grid["found"] and grid["offset"] == 228 and grid["from_rate"] == rate
    assert grid["z"] >= codecgrid.MIN_Z and grid["peak_contrast"] >= codecgrid.MIN_PEAK
    assert grid["zero_share"] >= opusgrid.RATIO * grid["off_grid_share"]
    path = tmp_path / "opus.wav"
    sf.write(path, decoded, rate, subtype="PCM_16")
    [finding] = run_rule(path, "T001")
    assert finding.data["codec"] == "Opus" and finding.data["offset"] == 228
    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, to_44k(x, sr, rate), rate, subtype="PCM_16")
    assert run_rule(genuine, "T001") == []
    own = api_opus(genuine)
    assert not own["found"] and own["z"] < codecgrid.MIN_Z / 2 and own["peak_contrast"] is None


def api_opus(path) -> dict:
    """The opus_grid record of ``path``'s check."""
    from audiolint import api

    return api.inspect(path, read_config=False).fidelity["opus_grid"]


def test_the_fixed_offset_asks_for_1_5_times_the_share_half_a_frame_off(monkeypatch):
    """Record-level: zeros at the pre-skip's offset 1.75 times the share half a frame off (as
    Opus decodes of a guitar or a flute brought down to 24 kHz read, z 11-17) make CELT's grid
    when z and the contrast over every other offset pass; the search's 2x would refuse it."""
    rng = np.random.default_rng(3)
    lifted = [(0, rng.standard_normal(4 * 4096).astype(np.float32))]  # changes frame to frame

    def counts(_lifted, _noise, hop, offsets):
        shares = {o: 0.0175 if o == opusgrid.candidates(hop)[0] else 0.01 for o in offsets}
        return np.array([[round(shares[o] * 40000), 40000, 100] for o in offsets])

    monkeypatch.setattr(opusgrid, "_counts", counts)
    grid = opusgrid._judge(lifted, 1e-5, 960)
    assert grid["found"] and grid["offset"] == 228 and grid["z"] >= codecgrid.MIN_Z
    assert grid["peak_contrast"] == 1.75 and grid["frame_change_db"] > opusgrid.MIN_CHANGE_DB
    monkeypatch.setattr(opusgrid, "RATIO", codecgrid.RATIO)
    assert not opusgrid._judge(lifted, 1e-5, 960)["found"]
    # the same counts in a signal that repeats itself every 20 ms: no grid
    monkeypatch.setattr(opusgrid, "RATIO", 1.5)
    steady = np.tile(rng.standard_normal(960), 17).astype(np.float32)
    repeat = opusgrid._judge([(0, steady)], 1e-5, 960)
    assert not repeat["found"] and repeat["frame_change_db"] < opusgrid.MIN_CHANGE_DB
