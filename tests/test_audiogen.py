"""Prove that each generator in tests/audiogen.py writes what it claims.

Every file is read back with soundfile and/or mutagen (and PyAV where it helps).
"""

from __future__ import annotations

import sys
from pathlib import Path

import mutagen
import numpy as np
import pytest
import soundfile as sf
from mutagen.mp3 import MP3, BitrateMode

try:
    import audiogen as ag
except ImportError:  # e.g. pytest --import-mode=importlib
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import audiogen as ag


def _band_db(x: np.ndarray, sr: int, lo: float, hi: float) -> float:
    """Energy in [lo, hi) Hz relative to total energy, in dB."""
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    f = np.fft.rfftfreq(len(x), 1.0 / sr)
    return 10 * np.log10(spec[(f >= lo) & (f < hi)].sum() / spec.sum() + 1e-30)


def _decoded_frames(path: Path) -> int:
    av = pytest.importorskip("av")
    with av.open(str(path)) as c:
        return sum(frame.samples for frame in c.decode(audio=0))


# ---------------------------------------------------------------------------- signals


@pytest.mark.parametrize("channels", [1, 2])
def test_tone_shape_level_and_frequency(channels):
    x = ag.tone(8000, 1.0, freq=1000.0, amp=0.25, channels=channels)
    assert x.shape == (8000, channels) and x.dtype == np.float32
    assert np.max(np.abs(x)) == pytest.approx(0.25, abs=1e-3)
    f = np.fft.rfftfreq(8000, 1 / 8000)
    assert f[np.argmax(np.abs(np.fft.rfft(x[:, 0])))] == pytest.approx(1000.0)


def test_noise_is_deterministic_bounded_and_independent_per_channel():
    a = ag.noise(16000, 1.0, amp=0.2, channels=2, seed=3)
    b = ag.noise(16000, 1.0, amp=0.2, channels=2, seed=3)
    c = ag.noise(16000, 1.0, amp=0.2, channels=2, seed=4)
    assert a.shape == (16000, 2) and a.dtype == np.float32
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert np.max(np.abs(a)) <= 0.2
    assert abs(np.corrcoef(a[:, 0], a[:, 1])[0, 1]) < 0.05
    # white: low and high halves of the spectrum carry similar energy
    assert (
        abs(
            _band_db(a[:, 0].astype(float), 16000, 0, 4000)
            - _band_db(a[:, 0].astype(float), 16000, 4000, 8000)
        )
        < 1.0
    )


def test_silence():
    x = ag.silence(22050, 0.5, channels=2)
    assert x.shape == (11025, 2) and x.dtype == np.float32 and not x.any()


@pytest.mark.parametrize("sr", [44100, 48000])
def test_speechlike_is_full_band(sr):
    x = ag.speechlike(sr, 3.0)[:, 0].astype(np.float64)
    above16 = _band_db(x, sr, 16000, sr / 2)
    mid = _band_db(x, sr, 8000, 12000)
    upper = _band_db(x, sr, 12000, 16000)
    # genuine content above 16 kHz, and no cliff at 16 kHz (the spectrum rolls off gently)
    assert above16 > -40.0, above16
    assert upper - above16 < 6.0 and mid - upper < 6.0
    # most energy is still in the voice band
    assert _band_db(x, sr, 80, 4000) > -1.0


def test_speechlike_level_determinism_and_channels():
    a = ag.speechlike(16000, 2.0, seed=1, amp=0.7)
    b = ag.speechlike(16000, 2.0, seed=1, amp=0.7)
    c = ag.speechlike(16000, 2.0, seed=2, amp=0.7)
    s = ag.speechlike(16000, 2.0, seed=1, amp=0.7, channels=2)
    assert a.shape == (32000, 1) and a.dtype == np.float32
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert np.max(np.abs(a)) == pytest.approx(0.7, abs=1e-4)
    assert np.array_equal(s[:, 0], a[:, 0]) and np.array_equal(s[:, 1], a[:, 0])
    a[:] = 0  # callers get their own copy (the generator caches internally)
    assert ag.speechlike(16000, 2.0, seed=1, amp=0.7).any()


@pytest.mark.parametrize("seed", range(4))
def test_speechlike_has_syllables_pauses_and_voice_pitch(seed):
    sr, seconds = 16000, 3.0
    x = ag.speechlike(sr, seconds, seed=seed)[:, 0].astype(np.float64)
    hop = sr // 100  # 10 ms frames
    e = np.sqrt((x[: len(x) // hop * hop].reshape(-1, hop) ** 2).mean(axis=1))
    edb = 20 * np.log10(e / e.max() + 1e-12)
    on = edb > -20
    syllables = int(on[0]) + int(np.sum(on[1:] & ~on[:-1]))
    assert 2.5 <= syllables / seconds <= 5.5
    assert 0.05 < np.mean(edb < -40) < 0.4  # short pauses, not mostly silence
    # the strongest low harmonic sits in the voice pitch range
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1 / sr)
    low = (f > 50) & (f < 600)
    assert 100 <= (f[low] * spec[low]).sum() / spec[low].sum() <= 400


# ---------------------------------------------------------------------------- PCM writers


@pytest.mark.parametrize(
    "subtype,bits",
    [("PCM_U8", 8), ("PCM_16", 16), ("PCM_24", 24), ("PCM_32", 32), ("FLOAT", 32), ("DOUBLE", 64)],
)
@pytest.mark.parametrize("extensible", [False, True])
def test_write_wav(tmp_path, subtype, bits, extensible):
    data = ag.speechlike(22050, 0.5, channels=2)
    p = ag.write_wav(tmp_path / "x.wav", data, 22050, subtype=subtype, extensible=extensible)
    info = sf.info(p)
    assert (info.format, info.subtype) == ("WAVEX" if extensible else "WAV", subtype)
    assert (info.samplerate, info.channels, info.frames) == (22050, 2, 11025)
    head = p.read_bytes()[:36]
    assert head[:4] == b"RIFF" and head[8:16] == b"WAVEfmt "
    fmt_tag = int.from_bytes(head[20:22], "little")
    assert fmt_tag == (0xFFFE if extensible else (3 if subtype in ("FLOAT", "DOUBLE") else 1))
    assert int.from_bytes(head[34:36], "little") == bits
    m = mutagen.File(p)
    assert (m.info.sample_rate, m.info.channels, m.info.bits_per_sample) == (22050, 2, bits)
    back, _ = sf.read(p, dtype="float32")
    tol = {8: 2 / 128, 16: 1e-4}.get(bits, 1e-6)
    assert np.max(np.abs(back - data)) < tol


@pytest.mark.parametrize("subtype,bits", [("PCM_16", 16), ("PCM_24", 24), ("PCM_S8", 8)])
def test_write_flac(tmp_path, subtype, bits):
    p = ag.write_flac(tmp_path / "x.flac", ag.speechlike(48000, 0.5), 48000, subtype=subtype)
    assert (sf.info(p).format, sf.info(p).subtype) == ("FLAC", subtype)
    m = mutagen.File(p)
    assert type(m).__name__ == "FLAC"
    assert (m.info.sample_rate, m.info.channels, m.info.bits_per_sample) == (48000, 1, bits)
    assert m.info.length == pytest.approx(0.5)


@pytest.mark.parametrize("subtype,bits", [("PCM_16", 16), ("PCM_24", 24)])
def test_write_aiff(tmp_path, subtype, bits):
    p = ag.write_aiff(
        tmp_path / "x.aiff", ag.speechlike(44100, 0.5, channels=2), 44100, subtype=subtype
    )
    assert p.read_bytes()[:4] == b"FORM" and sf.info(p).format == "AIFF"
    m = mutagen.File(p)
    assert (m.info.sample_rate, m.info.channels, m.info.bits_per_sample) == (44100, 2, bits)


# ---------------------------------------------------------------------------- MP3


@pytest.mark.parametrize(
    "sr,kbps",
    [
        (44100, 320),
        (44100, 128),
        (44100, 96),
        (44100, 64),
        (48000, 192),
        (48000, 128),
        (32000, 80),
        (22050, 64),
        (16000, 32),
        (8000, 16),
    ],
)
def test_write_mp3_cbr_hits_requested_bitrate(tmp_path, sr, kbps):
    p = ag.write_mp3(tmp_path / "x.mp3", ag.speechlike(sr, 1.0), sr, kbps=kbps, mode="CBR")
    info = MP3(p).info
    assert info.sample_rate == sr
    assert info.bitrate == pytest.approx(kbps * 1000, rel=0.01)
    # LAME omits the Info tag when it does not fit in a tiny first frame (low bitrates)
    expected_mode = BitrateMode.CBR if b"Info" in p.read_bytes()[:512] else BitrateMode.UNKNOWN
    assert info.bitrate_mode == expected_mode
    if kbps >= 64:
        assert info.bitrate_mode == BitrateMode.CBR
    # without the tag mutagen estimates from the file size (encoder delay/padding included)
    tol = 0.05 if info.bitrate_mode == BitrateMode.CBR else 0.2
    assert info.length == pytest.approx(1.0, abs=tol)


def test_mp3_compression_level_mapping():
    # libsndfile: CBR target = int(hi - c * (hi - lo)), MPEG-1 range 32..320 kbps
    assert ag.mp3_compression_level(320, 44100) == 0.0
    for kbps in ag.mp3_bitrates(44100):
        c = ag.mp3_compression_level(kbps, 44100)
        assert 0.0 <= c < 1.0
        assert int(320 - c * (320 - 32)) == kbps
    assert ag.mp3_bitrates(8000) == (8, 16, 24, 32, 40, 48, 56, 64)
    with pytest.raises(ValueError):
        ag.mp3_compression_level(100, 44100)  # not a legal MPEG-1 bitrate
    with pytest.raises(ValueError):
        ag.mp3_compression_level(320, 22050)  # MPEG-2 tops out at 160


@pytest.mark.parametrize("mode,expected", [("VBR", BitrateMode.VBR), ("ABR", BitrateMode.ABR)])
def test_write_mp3_vbr_abr(tmp_path, mode, expected):
    p = ag.write_mp3(tmp_path / "x.mp3", ag.speechlike(44100, 1.5), 44100, kbps=96, mode=mode)
    info = MP3(p).info
    assert info.bitrate_mode == expected
    assert info.length == pytest.approx(1.5, abs=0.05)
    if mode == "ABR":
        assert info.bitrate == pytest.approx(96000, rel=0.15)
    assert b"Xing" in p.read_bytes()[:512]


def test_write_mp3_rejects_bad_mode(tmp_path):
    with pytest.raises(ValueError):
        ag.write_mp3(tmp_path / "x.mp3", ag.tone(44100, 0.1), 44100, mode="XYZ")


@pytest.mark.parametrize("signal", ["speechlike", "vbr_then_loud"])
def test_strip_xing_makes_duration_wrong(tmp_path, signal):
    sr, seconds = 44100, 3.0
    data = getattr(ag, signal)(sr, seconds)
    src = ag.write_mp3(tmp_path / "vbr.mp3", data, sr, mode="VBR", vbr_quality=2)
    dst = ag.strip_xing(src, tmp_path / "vbr_noxing.mp3")
    raw, stripped = src.read_bytes(), dst.read_bytes()
    assert b"Xing" in raw[:512] and b"Xing" not in stripped
    assert len(raw) - len(stripped) in range(100, 1500)  # exactly one frame removed
    assert stripped[:2] == b"\xff\xfb"  # still starts on an MPEG-1 Layer III frame
    good, bad = MP3(src).info, MP3(dst).info
    assert good.bitrate_mode == BitrateMode.VBR and good.length == pytest.approx(seconds, abs=0.05)
    assert bad.bitrate_mode == BitrateMode.UNKNOWN
    # without the header, mutagen extrapolates from the first frame's bitrate: far off
    assert abs(bad.length - seconds) > 0.2 * seconds, bad.length
    # the audio itself is intact: a real decoder still finds ~3 s
    assert _decoded_frames(dst) / sr == pytest.approx(seconds, abs=0.1)


def test_strip_xing_on_cbr_info_and_errors(tmp_path):
    src = ag.write_mp3(tmp_path / "cbr.mp3", ag.speechlike(44100, 1.0), 44100, kbps=128)
    dst = ag.strip_xing(src, tmp_path / "cbr_noinfo.mp3")
    assert b"Info" not in dst.read_bytes()[:512]
    # CBR without Info: estimate from frame size is still right
    assert MP3(dst).info.length == pytest.approx(1.0, abs=0.1)
    with pytest.raises(ValueError):
        ag.strip_xing(dst, tmp_path / "again.mp3")  # no header left to strip
    with pytest.raises(ValueError):
        ag.strip_xing(ag.write_text_as(tmp_path / "t.mp3"), tmp_path / "t2.mp3")


# ---------------------------------------------------------------------------- Ogg


def test_write_vorbis(tmp_path):
    p = ag.write_vorbis(
        tmp_path / "x.ogg", ag.speechlike(44100, 1.0, channels=2), 44100, quality=0.5
    )
    assert sf.info(p).subtype == "VORBIS"
    m = mutagen.File(p)
    assert type(m).__name__ == "OggVorbis"
    assert (m.info.sample_rate, m.info.channels) == (44100, 2)
    assert m.info.length == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize("kbps", [24, 64, 128])
def test_write_opus(tmp_path, kbps):
    p = ag.write_opus(tmp_path / "x.opus", ag.speechlike(48000, 2.0), 48000, kbps=kbps)
    assert sf.info(p).subtype == "OPUS"
    m = mutagen.File(p)
    assert type(m).__name__ == "OggOpus"
    assert m.info.channels == 1
    assert m.info.length == pytest.approx(2.0, abs=0.02)
    assert m.info.bitrate == pytest.approx(kbps * 1000, rel=0.25)


def test_write_opus_rejects_unsupported_rate(tmp_path):
    with pytest.raises(ValueError):
        ag.write_opus(tmp_path / "x.opus", ag.tone(44100, 0.1), 44100)


# ---------------------------------------------------------------------------- PyAV writers


def _pyav(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except ag.EncoderUnavailable as exc:
        pytest.skip(str(exc))


def test_write_m4a_aac(tmp_path):
    p = _pyav(
        ag.write_m4a,
        tmp_path / "x.m4a",
        ag.speechlike(44100, 2.0, channels=2),
        44100,
        codec="aac",
        kbps=128,
    )
    assert p.read_bytes()[4:8] == b"ftyp"
    m = mutagen.File(p)
    assert type(m).__name__ == "MP4"
    assert (m.info.codec, m.info.sample_rate, m.info.channels) == ("mp4a.40.2", 44100, 2)
    assert m.info.length == pytest.approx(2.0, abs=0.05)
    assert m.info.bitrate == pytest.approx(128000, rel=0.1)


@pytest.mark.parametrize("bits", [16, 24])
def test_write_m4a_alac(tmp_path, bits):
    data = ag.speechlike(48000, 1.0)
    p = _pyav(ag.write_m4a, tmp_path / "x.m4a", data, 48000, codec="alac", bit_depth=bits)
    m = mutagen.File(p)
    assert (m.info.codec, m.info.sample_rate, m.info.channels) == ("alac", 48000, 1)
    assert m.info.bits_per_sample == bits
    assert m.info.length == pytest.approx(1.0, abs=0.001)
    assert _decoded_frames(p) == 48000  # lossless: no padding, exact length


def test_write_wma(tmp_path):
    p = _pyav(
        ag.write_wma, tmp_path / "x.wma", ag.speechlike(44100, 2.0, channels=2), 44100, kbps=128
    )
    assert p.read_bytes()[:4] == bytes.fromhex("3026b275")  # ASF header GUID
    m = mutagen.File(p)
    assert type(m).__name__ == "ASF"
    assert (m.info.sample_rate, m.info.channels, m.info.bitrate) == (44100, 2, 128000)
    assert "Windows Media Audio" in m.info.codec_name
    assert m.info.length == pytest.approx(2.0, abs=0.1)
    # FFmpeg's wmav2 encoder does not signal its one-frame delay: decoders drop the first
    # 2048-sample frame, and the writer pads the last one; net length within one frame
    assert abs(_decoded_frames(p) - 88200) <= 2048


# ---------------------------------------------------------------------------- damaged files


def test_corrupt_truncate_mid_header_is_unreadable(tmp_path):
    src = ag.write_wav(tmp_path / "ok.wav", ag.speechlike(16000, 1.0), 16000)
    dst = ag.corrupt_truncate(src, tmp_path / "broken.wav", 28)
    assert dst.read_bytes() == src.read_bytes()[:28]
    with pytest.raises(sf.LibsndfileError):
        sf.info(dst)


def test_write_text_as(tmp_path):
    p = ag.write_text_as(tmp_path / "notes.wav")
    assert p.suffix == ".wav" and p.read_text().startswith("This is a plain text file")
    with pytest.raises(sf.LibsndfileError):
        sf.info(p)


# ---------------------------------------------------------------------------- FORMATS


def test_formats_vocabulary():
    expected = [make.expected for make in ag.FORMATS.values()]
    assert {e["codec"] for e in expected} == {
        "pcm",
        "flac",
        "alac",
        "mp3",
        "vorbis",
        "opus",
        "aac",
        "wma",
    }
    assert {e["container"] for e in expected} == {"wav", "flac", "aiff", "mp3", "ogg", "mp4", "asf"}
    for e in expected:
        assert e["lossless"] == (e["bit_depth"] is not None)
        assert e["duration_s"] == 2.0


@pytest.mark.parametrize("name", list(ag.FORMATS))
def test_formats_case_writes_what_it_claims(tmp_path, name):
    path, exp = _pyav(ag.FORMATS[name], tmp_path)
    assert path.exists() and path.parent == tmp_path
    assert set(exp) == {
        "container",
        "codec",
        "lossless",
        "sample_rate",
        "bit_depth",
        "channels",
        "duration_s",
    }
    m = mutagen.File(path)
    assert m is not None, name
    kind = type(m).__name__
    assert kind == {
        "wav": "WAVE",
        "flac": "FLAC",
        "aiff": "AIFF",
        "mp3": "MP3",
        "mp4": "MP4",
        "asf": "ASF",
    }.get(exp["container"], kind)
    if exp["container"] == "ogg":
        assert kind == {"vorbis": "OggVorbis", "opus": "OggOpus"}[exp["codec"]]
    if exp["codec"] != "opus":  # Opus always decodes at 48 kHz; mutagen has no rate for it
        assert m.info.sample_rate == exp["sample_rate"]
    assert m.info.channels == exp["channels"]
    assert m.info.length == pytest.approx(exp["duration_s"], abs=0.1)
    assert exp == ag.FORMATS[name].expected
    if exp["bit_depth"] is not None:
        assert m.info.bits_per_sample == exp["bit_depth"]
    if exp["codec"] == "alac":
        assert m.info.codec == "alac"
    if exp["codec"] == "aac":
        assert m.info.codec.startswith("mp4a.40")
    if kind in ("WAVE", "AIFF") or exp["codec"] in ("flac", "vorbis", "opus", "mp3"):
        info = sf.info(path)
        assert info.channels == exp["channels"]
        assert info.duration == pytest.approx(exp["duration_s"], abs=0.1)
