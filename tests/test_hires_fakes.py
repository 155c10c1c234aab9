"""Fake hi-res: 48 and 44.1 kHz material brought up to 88.2-192 kHz by FFmpeg's swresample (its
default filter, as ``ffmpeg -ar 96000`` runs it; PyAV's AudioResampler here). Its images of the
band under the old Nyquist frequency stand some 110 dB down, over a 24-bit file's floor, so the
band "reached Nyquist" and such copies of real speech read genuine; and where the material was a
lossy decode, the images outranked the encoder's low-pass under them. Now the images name the old
rate (48 kHz among the rates they are read at), and a low-pass well under a 44.1 or 48 kHz
source's Nyquist frequency still reads lossy-origin, the upsampling beside it (T001 and T002)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from audiogen import write_mp3, write_vorbis
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts, swresample
from scipy.signal import resample_poly

import audiolint

av = pytest.importorskip("av", reason="PyAV (a default dependency) runs FFmpeg's swresample")


def _hires(tmp_path, x: np.ndarray, sr: int, rate: int, subtype: str = "PCM_24"):
    """``x`` brought to ``rate`` by swresample and written as a hi-res file: its report."""
    path = tmp_path / ("hires.flac" if subtype == "PCM_24" else "hires.wav")
    sf.write(path, swresample(x, sr, rate), rate, subtype=subtype)
    return audiolint.inspect(path)


def _decoded(path) -> tuple[np.ndarray, int]:
    y, sr = sf.read(path, dtype="float32", always_2d=True)
    return y.mean(axis=1), sr


@needs_alsa
@pytest.mark.parametrize(("rate", "subtype"), [(88200, "PCM_24"), (96000, "PCM_24"),
                                                (96000, "FLOAT"), (192000, "PCM_24")])  # fmt: skip
def test_real_speech_brought_up_by_swresample_reads_upsampled(tmp_path, rate, subtype):
    """ALSA's recorded prompts (48 kHz) brought up: "genuine, content reaches Nyquist" before."""
    x, sr = prompts(0.3)
    report = _hires(tmp_path, x, sr, rate, subtype)
    fid = report.fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 48000
    assert [f.rule for f in report.findings if f.rule.startswith("T")] == ["T002"]


@needs_alsa
def test_a_vorbis_decode_brought_to_96k_reads_lossy_and_upsampled(tmp_path):
    """The prompts through Vorbis (libsndfile's libvorbis, quality 0.5: a low-pass near 18.6 kHz
    at 48 kHz), decoded and brought to 96 kHz: lossy-origin alone before (the upsampling not
    reported); with the 48 kHz images read, the images alone (upsampled) outranked the low-pass."""
    x, sr = prompts(0.3)
    write_vorbis(tmp_path / "v.ogg", x, sr, quality=0.5)
    report = _hires(tmp_path, *_decoded(tmp_path / "v.ogg"), 96000)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["upsampled_from"] == 48000
    assert fid["cutoff_hz"] < 0.9 * 24000
    assert sorted(f.rule for f in report.findings if f.rule.startswith("T")) == ["T001", "T002"]


@needs_alsa
def test_an_mp3_of_cd_audio_brought_to_96k_reads_lossy_and_upsampled(tmp_path):
    """The prompts at 44.1 kHz through LAME at 128 kbps (libsndfile; a low-pass near 17 kHz),
    decoded and brought to 96 kHz (44.1 -> 96, no multiple): upsampled alone before."""
    x, sr = prompts(0.3)
    cd = resample_poly(x, 147, 160).astype(np.float32)
    write_mp3(tmp_path / "m.mp3", cd, 44100, kbps=128)
    report = _hires(tmp_path, *_decoded(tmp_path / "m.mp3"), 96000)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["upsampled_from"] == 44100
    assert sorted(f.rule for f in report.findings if f.rule.startswith("T")) == ["T001", "T002"]


@needs_alsa
def test_the_same_speech_at_48k_is_not_read_for_hires_images(tmp_path):
    """Control: the prompts as recorded (48 kHz, 16-bit) read no upsampling and no lossy origin."""
    x, sr = prompts(0.3)
    sf.write(tmp_path / "p.wav", x, sr, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "p.wav")
    assert not [f.rule for f in report.findings if f.rule in ("T001", "T002")]
    assert report.fidelity.get("upsampled_from") is None


@needs_alsa
@pytest.mark.parametrize("kbps", [160, 320])
def test_an_mp3_under_a_steep_wall_reads_lossy_and_upsampled(tmp_path, kbps):
    """The prompts (48 kHz) through LAME (libsndfile), decoded and brought to 96 kHz by
    python-soxr: its steep wall at 24 kHz is the file's deepest edge, and the encoder's low-pass
    under it (near 20 kHz) was not read (upsampled alone at 05103bd). Now the low-pass is judged
    as the 48 kHz decode's would be."""
    import soxr

    x, sr = prompts(0.3)
    write_mp3(tmp_path / "m.mp3", x, sr, kbps=kbps)
    y, rate = _decoded(tmp_path / "m.mp3")
    sf.write(tmp_path / "m96.flac", soxr.resample(y, rate, 96000), 96000, subtype="PCM_24")
    report = audiolint.inspect(tmp_path / "m96.flac")
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["upsampled_from"] == 48000
    assert 19000 < fid["cutoff_hz"] < 21000  # the encoder's low-pass, not the wall
    assert sorted(f.rule for f in report.findings if f.rule.startswith("T")) == ["T001", "T002"]


def _pyav_decode(path, sr: int, dest) -> tuple[np.ndarray, int]:
    """``path`` decoded by FFmpeg (PyAV), written as a 16-bit WAV at ``dest`` and read back."""
    with av.open(str(path)) as box:
        parts = [f.to_ndarray().reshape(-1, f.samples) for f in box.decode(audio=0)]
    sf.write(dest, np.concatenate(parts, axis=1).T, sr, subtype="PCM_16")
    return _decoded(dest)


@needs_alsa
@pytest.mark.parametrize(
    ("fmt", "codec", "kbps", "rate"),
    [("mp3", "libmp3lame", 128, 44100), ("mp3", "libmp3lame", 192, 44100),
     ("adts", "aac", 128, 48000)],
)  # fmt: skip
def test_a_decode_under_soxr_wall_is_judged_at_its_own_rate(tmp_path, fmt, codec, kbps, rate):
    """FFmpeg's LAME and AAC (PyAV) at 44.1 or 48 kHz, decoded, brought to 96 kHz by soxr: the
    wall (half-way at 0.97 of the old Nyquist frequency) was the only edge read, and the encoder's
    low-pass under it (16.7-18.7 kHz) was not: upsampled alone before (at 94f3397 too)."""
    import soxr
    from audiogen import _pyav_encode

    x, sr = prompts(0.3)
    src = x if rate == sr else resample_poly(x, 147, 160).astype(np.float32)
    enc = _pyav_encode(tmp_path / f"e.{fmt}", fmt, codec, np.stack([src, src], 1), rate,
                       bit_rate=kbps * 1000)  # fmt: skip
    y, _ = _pyav_decode(enc, rate, tmp_path / "e.wav")
    sf.write(tmp_path / "e96.flac", soxr.resample(y, rate, 96000), 96000, subtype="PCM_24")
    report = audiolint.inspect(tmp_path / "e96.flac")
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["upsampled_from"] == rate
    assert fid["cutoff_hz"] < 0.9 * rate / 2  # the encoder's low-pass, not the wall
    assert sorted(f.rule for f in report.findings if f.rule.startswith("T")) == ["T001", "T002"]


@needs_csound_doc
@pytest.mark.parametrize(
    ("name", "kbps"), [("fox.wav", 320), ("beats.wav", 320), ("beats.wav", 256)]
)
def test_a_wall_taken_in_with_the_low_pass_is_still_reported(tmp_path, name, kbps):
    """csound's recorded reader and drum loop (44.1 kHz) through FFmpeg's LAME, decoded and
    brought to 96 kHz by soxr VHQ (sox's `rate -v`): the wall at 22.05 kHz falls half-way near
    the encoder's low-pass (20.2 kHz at 320 kbps), which reads as a codec's wall, so the file
    read lossy-origin alone (05103bd); at 96 kHz no 44.1 kHz codec leaves a wall at 22.05 kHz,
    and the upsampling is reported beside it (underwall.beside). At 256 kbps (19.5 kHz) no wall
    was found at all, its fall read from the content half-way down on the encoder's cliff: it is
    now read over the decode's floor above the cliff (underwall.over_floor; T001 alone at
    597c865)."""
    import soxr
    from audiogen import _pyav_encode

    x, sr = sf.read(csound_example(name, tmp_path), dtype="float32", always_2d=True)
    src = x.mean(axis=1)
    enc = _pyav_encode(tmp_path / "e.mp3", "mp3", "libmp3lame", np.stack([src, src], 1), sr,
                       bit_rate=kbps * 1000)  # fmt: skip
    y, _ = _pyav_decode(enc, sr, tmp_path / "e.wav")
    sf.write(tmp_path / "e96.flac", soxr.resample(y, sr, 96000, "VHQ"), 96000, subtype="PCM_24")
    report = audiolint.inspect(tmp_path / "e96.flac")
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["upsampled_from"] == 44100
    assert sorted(f.rule for f in report.findings if f.rule.startswith("T")) == ["T001", "T002"]
