"""T004 on real speech: an MP3 96 kbps decode re-encoded at 320 kbps keeps the first encode's
zeros on MP3's grid (its band reaches past what bandwidth alone could call narrow); the same
prompts encoded once at 320 kbps are not flagged. LAME through soundfile (libsndfile), as
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
