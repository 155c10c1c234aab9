"""T004 on real speech: an MP3 96 kbps decode re-encoded at 320 kbps keeps the first encode's
zeros on MP3's grid (its band reaches past what bandwidth alone could call narrow); the same
prompts encoded once at 320 kbps are not flagged; a Vorbis decode re-encoded at 320 kbps keeps
Vorbis's grid; an MP3 80 kbps decode's band, under every codec-table row, still tells. LAME
through soundfile (libsndfile), as audiogen writes MP3s; the first decode is rounded to 16
bits, as a WAV rip is."""

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
def test_vorbis_decode_reencoded_as_mp3_shows_vorbis_grid(tmp_path, gen, run_rule):
    x, sr = _speech()
    first = gen.write_vorbis(tmp_path / "first.ogg", x, sr, quality=0.2)  # about oggenc -q 2
    y, _ = sf.read(first, dtype="float32")
    y = np.round(np.clip(y, -1, 32767 / 32768) * 32768) / 32768
    re = gen.write_mp3(tmp_path / "re" / "re320.mp3", y, sr, kbps=320)
    [f] = run_rule(re, "T004")
    assert f.data["other_codec"] == "Vorbis" and f.data["other_zero_share"] > 0.1
    assert "Vorbis's MDCT grid" in f.message and "re-encoded from a lossy source" in f.message


@needs_alsa
def test_lame_80k_decode_reencoded_as_vorbis_is_found_by_its_band(tmp_path, gen, run_rule):
    """LAME's low-pass at 80 kbps stereo (about 13.3 kHz at 44.1 kHz) is under every row of
    the codec tables: the band alone must still call a high-quality re-encode of it re-encoded
    (it did at 64bfbb7, not at d7d031d-e454e71)."""
    import soxr

    x, sr = _speech()
    x = soxr.resample(x, sr, 44100).astype(np.float32)
    first = gen.write_mp3(tmp_path / "first80.mp3", np.stack([x, x], axis=1), 44100, kbps=80)
    y, _ = sf.read(first, dtype="float32")
    y = np.round(np.clip(y, -1, 32767 / 32768) * 32768) / 32768
    re = gen.write_vorbis(tmp_path / "re" / "re.ogg", y, 44100, quality=0.7)
    [f] = run_rule(re, "T004")
    assert 11000 < f.data["cutoff_hz"] < 14000 and f.data["expected_cutoff_hz"] > 17000
    assert f.data["origin"] == "a low-bitrate encode" and "re-encoded from a worse" in f.message
