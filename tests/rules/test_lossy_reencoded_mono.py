"""T004 on mono MP3s encoded once from a real recording: LAME keeps far less at 32-48 kbps mono
than stereo at twice the bitrate (48 kbps mono: about 11 kHz, as its verbose output says, not
stereo 96 kbps's 14.5 kHz), so its own low-pass is no sign of a worse source."""

import numpy as np
import pytest
from realaudio import needs_alsa, prompt


@needs_alsa
@pytest.mark.parametrize("kbps", [32, 48])
def test_a_direct_low_bitrate_mono_encode_is_not_reencoded(tmp_path, gen, run_rule, kbps):
    """ALSA's prompts encoded once by LAME (libsndfile) at 32 and 48 kbps mono: their content
    stops at 8.6 and 11.5 kHz, LAME's low-pass. Before, T004 said 're-encoded from a worse
    source' on both."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    p = gen.write_mp3(tmp_path / "a.mp3", x, 48000, kbps=kbps)
    assert run_rule(p, "T004") == []


@needs_alsa
def test_a_mono_encode_from_a_narrower_source_is_still_found(tmp_path, gen, run_rule):
    """The control: the same prompts cut to 8 kHz first (a 16 kHz source), then encoded at
    128 kbps mono (LAME keeps about 20 kHz there): T004 still finds the worse source."""
    soxr = pytest.importorskip("soxr")
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    narrow = soxr.resample(soxr.resample(x, 48000, 16000), 16000, 48000)
    p = gen.write_mp3(tmp_path / "a.mp3", narrow, 48000, kbps=128)
    [f] = run_rule(p, "T004")
    assert f.rule == "T004" and "re-encoded from a worse source" in f.message, f.message
