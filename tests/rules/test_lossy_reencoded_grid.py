"""T004 on real speech: an MP3 96 kbps decode re-encoded at 320 kbps keeps the first encode's
zeros on MP3's grid (its band reaches past what bandwidth alone could call narrow); the same
prompts encoded once at 320 kbps are not flagged, nor are prompts whose own band ends in a
steep low-pass where no codec's or resampler's sits; a Vorbis decode re-encoded at 320 kbps
keeps Vorbis's grid. LAME through soundfile (libsndfile), as
audiogen writes MP3s; the first decode is rounded to 16 bits, as a WAV rip is."""

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt


def _speech() -> tuple[np.ndarray, int]:
    parts = [prompt(n) for n in ("Front_Center", "Rear_Left", "Side_Right")]
    return np.concatenate([x for x, _ in parts]), parts[0][1]


@needs_alsa
def test_mp3_96k_reencoded_at_320k_is_found_direct_is_not(tmp_path, gen, run_rule):
    x, sr = _speech()
    first = gen.write_mp3(tmp_path / "first96.mp3", x, sr, kbps=96)
    y, _ = sf.read(first, dtype="float32")
    y = np.round(np.clip(y, -1, 32767 / 32768) * 32768) / 32768  # the 16-bit rip
    re = gen.write_mp3(tmp_path / "re" / "re320.mp3", y, sr, kbps=320)
    [f] = run_rule(re, "T004")
    assert "576-sample grid" in f.message and "re-encoded from a worse source" in f.message
    assert f.data["excess_share"] > 0.1
    direct = gen.write_mp3(tmp_path / "direct" / "direct320.mp3", x, sr, kbps=320)
    assert run_rule(direct, "T004") == []


@needs_alsa
def test_a_band_no_codec_or_resampler_explains_is_not_called_reencoded(tmp_path, gen, run_rule):
    from scipy import signal

    x, sr = _speech()
    # a 68 dB cliff at 12.7 kHz: under what 128-160 kbps keeps, at no codec's low-pass
    y = signal.fftconvolve(x, signal.firwin(1023, 12600, fs=sr, window=("kaiser", 12)), "same")
    for kbps in (128, 160):
        gen.write_mp3(tmp_path / f"lp{kbps}.mp3", y.astype(np.float32), sr, kbps=kbps)
    assert run_rule(tmp_path, "T004") == []


@needs_alsa
def test_vorbis_decode_reencoded_as_mp3_shows_vorbis_grid(tmp_path, gen, run_rule):
    x, sr = _speech()
    first = gen.write_vorbis(tmp_path / "first.ogg", x, sr, quality=0.2)  # about oggenc -q 2
    y, _ = sf.read(first, dtype="float32")
    y = np.round(np.clip(y, -1, 32767 / 32768) * 32768) / 32768
    re = gen.write_mp3(tmp_path / "re" / "re320.mp3", y, sr, kbps=320)
    [f] = run_rule(re, "T004")
    assert f.data["other_codec"] == "Vorbis" and f.data["other_zero_share"] > 0.1
    assert "Vorbis's MDCT grid" in f.message and "re-encoded from a lossy source" in f.message
