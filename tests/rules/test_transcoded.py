"""T001 transcoded: lossless files decoded from MP3 or Vorbis are flagged with the evidence;
genuine full-band audio, a converter edge near 21 kHz, native low-rate audio and real MP3 files
are not."""

from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from fidelity_cases import SR, converter_edge, music, via_mp3, via_vorbis, voice
from realaudio import csound_example, needs_csound_doc

from audiolint import api
from audiolint.rules import transcoded


def test_mp3_128_saved_as_flac(tmp_path, gen, run_rule):
    p = via_mp3(tmp_path / "fake.flac", voice(), kbps=128)
    [f] = run_rule(p, "T001")
    assert f.severity == "warning" and f.term == "Transcoding"
    assert 16000 <= f.data["cutoff_hz"] <= 17300 and f.data["depth_db"] >= 40
    assert "MP3 around 112-128 kbps" in f.message and "does not restore quality" in f.message


def test_mp3_192_saved_as_wav(tmp_path, gen, run_rule):
    p = via_mp3(tmp_path / "fake.wav", voice(), kbps=192, store="wav")
    [f] = run_rule(p, "T001")
    assert 18300 <= f.data["cutoff_hz"] <= 19200 and "192 kbps" in f.message


def test_genuine_quiet(tmp_path, gen, run_rule):
    gen.write_flac(tmp_path / "full.flac", voice(), SR)
    gen.write_flac(tmp_path / "native22k.flac", voice(22050), 22050)
    gen.write_mp3(tmp_path / "real.mp3", voice(), SR, kbps=128)  # lossy, but not a fake
    assert run_rule(tmp_path, "T001") == []


def test_vorbis_q5_holes_are_the_second_evidence(tmp_path, gen, run_rule):
    # Vorbis q5 cuts near 20.5-21 kHz, where recordings' own filters sit too: the edge alone
    # is inconclusive, the empty cells the quantiser leaves under it make the verdict
    p = via_vorbis(tmp_path / "fake.flac", music(), quality=0.5)
    [f] = run_rule(p, "T001")
    assert 19500 <= f.data["cutoff_hz"] <= 21500 and f.data["holes"] >= 0.005
    assert "cells under it are empty" in f.message and "Vorbis around q5" in f.message


def test_converter_edge_near_21k_has_no_holes(tmp_path, gen, run_rule):
    # a held cliff at 21.3 kHz, as a converter filter leaves it, but its noise fills every cell
    p = gen.write_flac(tmp_path / "adc.flac", converter_edge(voice(), frac=0.91), SR)
    [fr] = api.check([p]).files
    assert fr.fidelity["held"] >= 0.8 and 19500 <= fr.fidelity["cutoff_hz"] <= 21500
    # (a 3 s file: inconclusive for that, the short grid search said after the edge's reading,
    # gridverdict.short_search)
    assert fr.fidelity["holes"] < 0.005 and fr.fidelity["verdict"] == "inconclusive"
    assert "its own anti-alias filter" in fr.fidelity["evidence"][-2]
    assert run_rule(p, "T001") == []


def test_aac_wall_near_22k_in_a_48k_file_is_not_a_44k_resampler(tmp_path):
    """FFmpeg's AAC at 192 kbps cuts a 48 kHz file at 21.1 kHz, in the window where a 44.1 ->
    48 kHz resampler's wall sits; it does not hold from frame to frame as a filter's does. It
    was called 'upsampled from 44.1 kHz'."""
    import audiogen as g
    import av
    import numpy as np
    import soundfile as sf

    sr = 48000
    m4a = g.write_m4a(tmp_path / "a.m4a", voice(sr, 4.0), sr, codec="aac", kbps=192)
    with av.open(str(m4a)) as c:
        y = np.concatenate([f.to_ndarray() for f in c.decode(audio=0)], axis=1).T
    sf.write(tmp_path / "aac.flac", y.astype(np.float32), sr, subtype="PCM_16")
    fid = api.inspect(tmp_path / "aac.flac").fidelity
    assert fid["verdict"] != "upsampled"


def test_mp3_320_wall_in_a_48k_file_is_not_a_44k_resampler(tmp_path):
    """LAME at 320 kbps cuts 48 kHz music half-way down at 0.931 of 22.05 kHz; real
    resamplers from 44.1 kHz measured 0.948-0.98. It was called 'upsampled from 44.1 kHz'."""
    p = via_mp3(tmp_path / "m320.flac", music(48000, 6.0), sr=48000, kbps=320)
    fid = api.inspect(p).fidelity
    assert fid["verdict"] == "lossy-origin"


def test_holes_under_the_cliff_are_named_and_no_resampler_is(tmp_path, run_rule):
    """With the empty cells a codec's quantiser leaves, the message gives them as the second
    evidence and does not name a resampler."""
    p = via_vorbis(tmp_path / "fake.flac", music(), quality=0.5)
    [f] = run_rule(p, "T001")
    assert "cells under it are empty" in f.message and transcoded.RESAMPLED not in f.message


@needs_csound_doc
def test_a_pitch_shifts_cliff_names_a_resampler_beside_the_codecs(tmp_path, run_rule):
    """csound's recorded singer (sing.wav, 44.1 kHz) two semitones down, as a resampling pitch
    shift makes it (python-soxr to 2^(2/12) times the rate, played at the old one): its band
    ends at 19 kHz behind soxr's filter, a cliff typical of MP3 at 192 kbps, with no codec's mark
    under it. The message says so, and names the resampler (sox's pitch -200 read so on 30 of
    83 real recordings in benchmarks/processed.py)."""
    x, sr = sf.read(csound_example("sing.wav", tmp_path), always_2d=True)
    y = soxr.resample(x.mean(axis=1), sr, round(sr * 2 ** (200 / 1200)), quality="VHQ")
    path = tmp_path / "shifted.wav"
    sf.write(path, 0.5 * y / np.abs(y).max(), sr, subtype="PCM_16")
    [f] = run_rule(path, "T001")
    assert 18500 <= f.data["cutoff_hz"] <= 19500 and (f.data.get("holes") or 0) < 0.005
    assert "typical of MP3 around 192 kbps" in f.message
    assert transcoded.RESAMPLED in f.message and "a pitch shift" in f.message


@needs_csound_doc
def test_an_eq_s_steep_low_pass_is_named_beside_the_codecs(tmp_path, run_rule):
    """Review 40: steep FIR low-passes at 17-20.1 kHz of genuine speech read lossy-origin in 23
    of 32 files, the message naming codecs and resamplers but not the filter itself. csound's
    singer through a 255-tap FIR low-pass at 19 kHz: the cliff is read, and the message names
    an EQ's low-pass among its possible causes."""
    from scipy.signal import firwin, lfilter

    x, sr = sf.read(csound_example("sing.wav", tmp_path), always_2d=True)
    y = lfilter(firwin(255, 19000, fs=sr), 1.0, x.mean(axis=1))
    path = tmp_path / "eq.wav"
    sf.write(path, 0.5 * y / np.abs(y).max(), sr, subtype="PCM_16")
    [f] = run_rule(path, "T001")
    assert transcoded.RESAMPLED in f.message and "a steep low-pass filter (an EQ's" in f.message


@needs_csound_doc
def test_empty_cells_under_a_filter_s_cliff_keep_the_filter_named(tmp_path, run_rule):
    """Review 41: sparse sounds through a steep filter (sox pitch, speed and sinc, an FIR wall)
    leave 0.5-9.4 % of the cells under the cliff empty, and 100 of 574 such files read "as
    codecs leave" with no other cause named. csound's drum loop leaves 14 % empty untouched;
    through a 1023-tap FIR low-pass at 17 kHz (no codec anywhere) the cliff is read, and the
    message still names the filters beside the codecs."""
    from scipy.signal import fftconvolve, firwin

    x, sr = sf.read(csound_example("beats.wav", tmp_path))
    y = fftconvolve(x, firwin(1023, 17000, fs=sr, window=("kaiser", 10)), mode="same")
    path = tmp_path / "walled.wav"
    sf.write(path, y, sr, subtype="PCM_16")
    [f] = run_rule(path, "T001")
    assert 16500 <= f.data["cutoff_hz"] <= 17500 and f.data["holes"] >= 0.05
    assert "as codecs leave them and as a steep filter over sparse sound does too" in f.message
    assert transcoded.FILTERED in f.message


def test_a_low_quality_vorbis_decode_is_named_beside_mp3(tmp_path, run_rule):
    """Review 49a: a libvorbis q1 decode (content to 16.6 kHz) read "typical of MP3 around
    112-128 kbps" alone: libvorbis's q0-q2 low-pass (14.9-16.7 kHz on real recordings) had no
    row in the table. The committed whoosh through oggenc -q 1, decoded to 16-bit WAV."""
    data = Path(__file__).resolve().parents[1] / "data"
    x, sr = sf.read(data / "teeworlds_ninja_attack_q1.ogg", dtype="float64")
    path = tmp_path / "whoosh.wav"
    sf.write(path, x, sr, subtype="PCM_16")
    [f] = run_rule(path, "T001")
    assert "MP3 around 112-128 kbps" in f.message and "Vorbis around q0-q2" in f.message
