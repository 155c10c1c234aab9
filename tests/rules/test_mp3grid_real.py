"""MP3's granule grid on real speech through a real encoder (issue 11).

ALSA's recorded prompts and espeak-ng's voice go through LAME (PyAV's libmp3lame) and FFmpeg's
MP3 decoder back to 16-bit PCM: re-analysed with the encoder's filterbank on the granule grid,
the decode shows the quantiser's zeros; the original recordings, their soxr-resampled copies,
and steady tones and buzzes (whose zeros repeat every period) show no grid. A clip cut at an
arbitrary sample keeps its grid, moved by the cut. End to end, T001 names MP3 when the verdict
rests on the grid.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import (
    PROMPTS,
    csound_example,
    espeak,
    needs_alsa,
    needs_csound_doc,
    needs_espeak,
    prompt,
)

from audiolint.analysis import codecgrid, mp3grid
from rules.test_codecgrid_real import pcm16
from rules.test_fidelity_median_real import encode


def mp3(x: np.ndarray, sr: int, kbps: int, channels: int = 1) -> np.ndarray:
    """``x`` through LAME at ``kbps`` and FFmpeg's MP3 decoder."""
    return encode(x, sr, kbps, "libmp3lame", "mp3", channels=channels)


def grid(x: np.ndarray, sr: int) -> dict:
    """The MP3 grid record of 16-bit ``x``, fed in 1000-frame blocks as a decoder would."""
    excerpt = codecgrid.Excerpt()
    y = pcm16(x)[:, None]
    for i in range(0, len(y), 1000):
        excerpt.update(y[i : i + 1000])
    return mp3grid.measure(excerpt.spans(), sr, 16, True, mp3grid.STARTS)


@needs_alsa
@pytest.mark.parametrize(
    ("name", "rate", "kbps", "channels"),
    [("Front_Right", 48000, 128, 1), ("Side_Left", 44100, 192, 2)],  # z 89 and 76
)
def test_an_mp3_decode_shows_its_granule_grid(name, rate, kbps, channels):
    import soxr

    x, sr = prompt(name)
    x = soxr.resample(x, sr, rate) if rate != sr else x
    found = grid(mp3(x, rate, kbps, channels), rate)
    assert found["found"], found
    assert found["zero_share"] >= 2 * found["off_grid_share"]
    assert found["peak_contrast"] >= mp3grid.MIN_PEAK


@needs_alsa
def test_a_decode_kept_at_24_bits_shows_the_grid():
    """Samples finer than 16 bits (a decoder's float output stored as 24-bit PCM): the grid
    is read against 20-bit rounding noise at the finest, under which the polyphase bank's own
    error lies, so at least as many zeros show as in the 16-bit copy (read against 24-bit
    noise, a third as many did); the recording itself, stored the same way, shows none."""
    x, sr = prompt("Rear_Center")
    y = mp3(x, sr, 128)
    fine = {}
    for name, z in (("decode", y), ("recording", x)):
        excerpt = codecgrid.Excerpt()
        excerpt.update((np.round(np.clip(z, -1, 1) * 2**23) / 2**23)[:, None].astype(np.float32))
        fine[name] = mp3grid.measure(excerpt.spans(), sr, 24)
    assert fine["decode"]["found"] and not fine["recording"]["found"]
    assert fine["decode"]["zero_share"] >= grid(y, sr)["zero_share"]


@needs_espeak
def test_an_mpeg2_decode_at_22khz_shows_the_same_grid(tmp_path):
    """espeak-ng speaks at 22.05 kHz: LAME writes MPEG-2 (one 576-sample granule a frame)."""
    x, sr = espeak(tmp_path / "s.wav", "Seven silver swans swam silently seaward at dawn.")
    assert grid(mp3(x, sr, 48), sr)["found"]
    assert not grid(x, sr)["found"]  # the synthesiser's own output has none


@needs_alsa
def test_a_clip_cut_anywhere_keeps_the_grid_moved_by_the_cut():
    x, sr = prompt("Front_Left")
    y = mp3(x, sr, 128)
    whole, cut = grid(y, sr), grid(y[333:], sr)
    assert whole["found"] and cut["found"]
    assert cut["offset"] == (whole["offset"] - 333) % mp3grid.GRANULE


@needs_alsa
def test_genuine_and_resampled_recordings_show_no_grid():
    """All eight prompts as recorded (48 kHz) and resampled to 44.1 kHz by soxr."""
    import soxr

    for name in PROMPTS:
        x, sr = prompt(name)
        for y, rate in ((x, sr), (soxr.resample(x, sr, 44100), 44100)):
            assert not grid(y, rate)["found"], (name, rate)


def dithered(x: np.ndarray) -> np.ndarray:
    """``x`` with 16-bit TPDF dither (fixed seed)."""
    rng = np.random.default_rng(7)
    return x + (rng.random(len(x)) - rng.random(len(x))) / 32768


@pytest.mark.parametrize(
    ("sr", "periods"),
    [(48000, [(4000, 1.0)]), (44100, [(689.0625, 1.0)]),  # a tone centred in a subband
     (48000, [(93.75 * k, 1 / k) for k in range(1, 40)]),  # a buzz of period 512
     (44100, [(44100 / 576 * k, 1 / k) for k in range(1, 40)])],  # ... of period 576
)  # fmt: skip
def test_a_steady_periodic_signal_shows_no_grid(sr, periods):
    t = np.arange(3 * sr) / sr
    x = sum(a * np.sin(2 * np.pi * f * t) for f, a in periods)
    assert not grid(dithered(0.5 * x / np.abs(x).max()), sr)["found"]


def test_a_sawtooth_repeating_every_granule_is_not_a_grid():
    """A generated sawtooth of period 576 samples has one zero-rich offset per granule, as an
    MP3 decode does (z 179 and a best offset standing alone, 2.4x): the span repeating itself
    one granule later rules it out. (scipy.signal.sawtooth's formula: its phase, rounded,
    puts some jumps a sample early or late.)"""
    sr = 44100
    phase = 2 * np.pi * sr / 576 * np.arange(4 * sr) / sr
    record = grid(dithered(0.5 * (np.mod(phase, 2 * np.pi) / np.pi - 1)), sr)
    assert record["z"] >= mp3grid.MIN_Z and record["peak_contrast"] >= mp3grid.MIN_PEAK
    assert record["granule_change_db"] < mp3grid.MIN_CHANGE_DB
    assert not record["found"]


def test_a_chirp_shows_no_grid():
    sr = 44100
    t = np.arange(4 * sr) / sr
    assert not grid(dithered(0.5 * np.sin(2 * np.pi * (100 * t + 2700 * t**2))), sr)["found"]


@needs_alsa
def test_t001_names_mp3_when_no_low_pass_shows(tmp_path, run_rule):
    """A source rolled off gently from 6 kHz (a 4th-order low-pass, as a dull microphone
    leaves it) through LAME at 128 kbps: the spectrum shows only that roll-off; the grid
    decides, and T001 says so."""
    from scipy.signal import butter, sosfilt

    from audiolint import api

    x, sr = prompt("Side_Left")  # (z 46; "Front_Left" is found at z 10, just over 10)
    narrow = sosfilt(butter(4, 6000, fs=sr, output="sos"), x)
    path = tmp_path / "mp3.wav"
    sf.write(path, pcm16(mp3(narrow, sr, 128)), sr, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    assert fid["verdict"] == "lossy-origin" and fid["origin"] == "MP3"
    assert fid["mp3_grid"]["decided"]
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith("decoded from lossy audio, most likely MP3: ")
    # the measured shares in short; the filterbank's detail is left to the JSON evidence
    assert "on MP3's 576-sample grid are zero" in finding.message
    assert "polyphase" not in finding.message and "polyphase" in " ".join(fid["evidence"])
    genuine = tmp_path / "narrow.wav"
    sf.write(genuine, pcm16(narrow), sr, subtype="PCM_16")
    kept = api.inspect(genuine, read_config=False).fidelity
    assert kept["mp3_grid"]["found"] is False
    assert run_rule(genuine, "T001") == []
    # every grid searched on the way stays in the record when MP3's decides (AAC's and Opus's
    # were dropped then): the same fields as on the genuine file, whose verdict none decided,
    # but the search on the 44.1 kHz lattice and MP2's, run only where the grids before found
    # none
    grids = {k for k in fid if k.endswith("_grid")}
    searched = {k for k in kept if k.endswith("_grid")} - {"resampled_grid", "mp2_grid"}
    assert grids == searched >= {"codec_grid", "opus_grid"}


@needs_csound_doc
@pytest.mark.parametrize(
    ("name", "kbps", "named"),
    [("beats.wav", 128, False), ("drumsMlp.wav", 128, True), ("drumsMlp.wav", 192, True)],
)
def test_drums_whose_loudest_granules_are_short_blocks_keep_their_grid(
    tmp_path, run_rule, name, kbps, named
):
    """csound's recorded drums through LAME: the search's granules (one in each of the two
    loudest spans) fall on hits LAME codes in short blocks, and point nowhere (z under 3); the
    offset where whole decodes put the grid (48) holds it on the other spans. T001 then names
    MP3 on its grid; before, on drumsMlp, it read the 20.2 kHz cliff alone ("typical of Opus
    ... or MP3 around 320 kbps"); beats.wav's cliff decides before any MP3 search."""
    x, sr = sf.read(csound_example(name, tmp_path))
    decoded = mp3(x, sr, kbps)
    excerpt = codecgrid.Excerpt()
    excerpt.update(pcm16(decoded)[:, None])
    if mp3grid.measure(excerpt.spans(), sr, 16, levels=False)["found"]:  # another LAME build
        pytest.skip("the search alone finds this build's grid: no fallback to test")
    found = grid(decoded, sr)
    assert found["found"] and found["offset"] == 48 and found["z"] >= mp3grid.MIN_Z
    path = tmp_path / "decoded.wav"
    sf.write(path, decoded, sr, subtype="PCM_16")
    [finding] = run_rule(path, "T001")
    said = finding.message.startswith("decoded from lossy audio, most likely MP3: ")
    assert said == named


@needs_csound_doc
@pytest.mark.parametrize(("name", "cut"), [("drumsSlp.wav", 1000), ("drumsSlp.wav", 3333),
                                           ("drumsMlp.wav", 2000)])  # fmt: skip
def test_a_slice_of_a_decode_cut_anywhere_is_found_by_each_span_s_search(
    tmp_path, run_rule, name, cut
):
    """csound's recorded drums through LAME at 64 kbps, decoded, and cut ``cut`` samples in
    (as a slicer cuts a download): the two granules the search reads fall on hits and point
    nowhere, and the offsets whole decodes use no longer hold the grid. Each other span
    searched alone finds it (review 46a: slices of a 48 kHz MP3 download found at 11 of 48
    cut points, then 48). Before, these slices read T002 "upsampled from 32 kHz"."""
    x, sr = sf.read(csound_example(name, tmp_path))
    decoded = mp3(x.mean(axis=1) if x.ndim > 1 else x, sr, 64)[cut:]
    excerpt = codecgrid.Excerpt()
    excerpt.update(pcm16(decoded)[:, None])
    found = mp3grid.measure(excerpt.spans(), sr, 16, False, mp3grid.STARTS, None, wide=True)
    assert found["found"] and found["offset"] == (48 - cut) % 576, found
    path = tmp_path / "slice.wav"
    sf.write(path, decoded, sr, subtype="PCM_16")
    assert [f.rule for f in run_rule(path, "T001")] == ["T001"]
    assert run_rule(path, "T002") == []
