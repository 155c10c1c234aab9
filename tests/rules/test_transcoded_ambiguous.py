"""T001 where a converter's filter and an encoder's low-pass both stand (0.88-0.94 of Nyquist):
csound's real recordings through a converter-like filter at 20.5 kHz and a 50 Hz-19.8 kHz chirp
read inconclusive, not transcoded; LAME's fixed wall, a mono file named from stereo encodes first
and mono ones as the alternative, and a decode resampled down and up again named with its
edge."""

from __future__ import annotations

import audiogen as g
import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_csound_doc
from scipy import signal

from audiolint import api


def _t001(path):
    report = api.inspect(path)
    return report.fidelity, [f for f in report.findings if f.rule == "T001"]


@needs_csound_doc
@pytest.mark.parametrize("name", ["oboe.aiff", "MathewsN.wav"])
def test_converter_filter_at_093_of_nyquist_is_inconclusive(tmp_path, name):
    """A 201-tap FIR low-pass at 20.5 kHz on csound's 44.1 kHz recordings leaves a held wall
    20-40 dB deep at 0.93 of Nyquist, as a converter does: transcoded before (MP3 320 kbps)."""
    x, sr = sf.read(csound_example(name, tmp_path), dtype="float64", always_2d=True)
    taps = signal.firwin(201, 20500, window=("kaiser", 9.0), fs=sr)
    path = tmp_path / "filtered.wav"
    sf.write(path, signal.lfilter(taps, [1.0], x, axis=0), sr, subtype="PCM_16")
    fid, found = _t001(path)
    assert 0.88 * sr / 2 <= fid["cutoff_hz"] < 0.94 * sr / 2 and fid["held"] >= 0.5, fid
    assert fid["verdict"] == "inconclusive" and found == []
    assert "a converter's anti-alias filter stands as well" in fid["evidence"][-1]


@pytest.mark.parametrize("method", ["linear", "logarithmic"])
def test_chirp_to_19_8_khz_is_not_transcoded(tmp_path, method):
    """A 50 Hz-19.8 kHz chirp ends in an 80 dB cliff at 0.89-0.90 of Nyquist (transcoded
    before, 'AAC around 160-192 kbps'); it does not hold in its loud frames as a wall does."""
    sr = 44100
    t = np.arange(4 * sr) / sr
    x = 0.5 * signal.chirp(t, 50, t[-1], 19800, method=method)
    path = tmp_path / "chirp.wav"
    sf.write(path, x, sr, subtype="PCM_16")
    fid, found = _t001(path)
    assert fid["depth_db"] >= 60 and fid["verdict"] == "inconclusive" and found == []


@needs_csound_doc
@pytest.mark.parametrize("kbps", [96, 320])
def test_lame_mono_wall_is_found_and_named_as_mono(tmp_path, kbps):
    """LAME puts a mono file's wall where its 320 kbps stereo one is (20.09 kHz) from 80 kbps
    up; the finding names the mono encode too, where it said 'MP3 around 320 kbps' alone."""
    x, sr = sf.read(csound_example("MathewsN.wav", tmp_path), dtype="float32")
    mp3 = g.write_mp3(tmp_path / "m.mp3", x, sr, kbps=kbps)
    y, _ = sf.read(mp3, dtype="float32")
    sf.write(tmp_path / "m.wav", y, sr, subtype="PCM_16")
    fid, [f] = _t001(tmp_path / "m.wav")
    assert 19900 <= fid["cutoff_hz"] <= 20350, fid
    # the file's channels do not tell the encode's: stereo settings first, then the mono one
    assert fid["origin"].startswith("MP3 around") or fid["origin"].startswith("Opus"), fid
    assert fid["origin"].endswith(", or mono MP3 at 80 kbps or more"), fid["origin"]
    # LAME's wall begins at 20.09 kHz; half-way down it can read a little under, at Opus's 20
    evidence = " ".join(fid["evidence"])
    assert "where LAME's low-pass begins" in evidence or "Opus codes nothing" in evidence


@needs_csound_doc
def test_stereo_encode_downmixed_to_mono_names_the_stereo_bitrate_first(tmp_path):
    """A recording through LAME 128 kbps in stereo, decoded and downmixed to mono (as voice sets
    are made, ``ffmpeg -ac 1``): 4621fe9 read its edge as 'mono MP3 around 64 kbps' alone."""
    from rules.test_fidelity_median_real import encode

    x, sr = sf.read(csound_example("MathewsN.wav", tmp_path), dtype="float32")
    y = encode(x, sr, 128, "libmp3lame", "mp3", channels=2)  # the mean of the two decoded
    sf.write(tmp_path / "down.wav", y, sr, subtype="PCM_16")
    fid, [f] = _t001(tmp_path / "down.wav")
    assert 15600 <= fid["cutoff_hz"] <= 17200, fid
    assert fid["origin"].startswith("MP3 around 112-128 kbps"), fid["origin"]
    assert "or mono MP3 around 64 kbps" in f.message, f.message


@needs_csound_doc
def test_decode_resampled_down_and_up_names_its_edge(tmp_path):
    """An MP3 decode taken to 16 kHz and back keeps MP3's grid, which decides T001; the message
    also gives the edge at 8 kHz (it gave the grid alone)."""
    import soxr

    x, sr = sf.read(csound_example("MathewsN.wav", tmp_path), dtype="float32")
    mp3 = g.write_mp3(tmp_path / "m.mp3", x, sr, kbps=128)
    y, _ = sf.read(mp3, dtype="float64")
    z = soxr.resample(soxr.resample(y, sr, 16000, "VHQ"), 16000, sr, "VHQ")
    sf.write(tmp_path / "rt.wav", np.clip(z, -1, 1), sr, subtype="PCM_16")
    fid, [f] = _t001(tmp_path / "rt.wav")
    assert fid["verdict"] == "lossy-origin" and "decoded from lossy audio" in f.message
    assert "8 kHz, the Nyquist frequency of 16 kHz audio" in f.message


@needs_csound_doc
def test_opus_wall_at_20_khz_in_a_44k_file_is_found(tmp_path):
    """Opus decoded and brought to 44.1 kHz leaves its wall 6 dB down at 20 kHz, inside the
    zone a converter shares; 59f62e2 read a 300-450 Hz wide one there inconclusive."""
    import soxr

    x, sr = sf.read(csound_example("MathewsN.wav", tmp_path), dtype="float64")
    ogg = g.write_opus(tmp_path / "m.ogg", soxr.resample(x, sr, 48000, "VHQ"), 48000, kbps=96)
    y, _ = sf.read(ogg, dtype="float64")
    sf.write(tmp_path / "o.wav", soxr.resample(y, 48000, sr, "VHQ"), sr, subtype="PCM_16")
    fid, [f] = _t001(tmp_path / "o.wav")
    assert 19850 <= fid["corner_hz"] <= 20050 and fid["cutoff_hz"] >= 0.88 * sr / 2, fid
    assert "Opus" in f.message


@needs_csound_doc
def test_a_mono_vorbis_decode_whose_edge_only_its_mono_row_holds_names_vorbis(tmp_path):
    """csound's recorded fox sentence (mono) through libvorbis, decoded, turned down and
    dithered (its codec's zeros filled: the edge alone is read): the wall at 19.4 kHz lies past
    stereo Vorbis q4's row but in its mono one, and the finding named AAC and MP3 settings
    alone (review 46a: a mono oggenc -q3 decode at 17.3 kHz, "typical of AAC around 128 kbps or
    MP3 around 160 kbps ..., or mono AAC around 64 kbps")."""
    x, sr = sf.read(csound_example("fox.wav", tmp_path), dtype="float32")
    g.write_vorbis(tmp_path / "v.ogg", x[:, None], sr, quality=0.3)
    y, _ = sf.read(tmp_path / "v.ogg", dtype="float64")
    y = y * 0.7 + np.random.default_rng(0).normal(0, 2**-16, len(y))
    sf.write(tmp_path / "v.wav", y, sr, subtype="PCM_16")
    fid, [f] = _t001(tmp_path / "v.wav")
    assert not (fid["codec_grid"] or {}).get("found") and 19200 <= fid["cutoff_hz"] <= 19600, fid
    assert "or Vorbis around q4" in f.message, f.message
