"""S001 on real speech: the clipped share is over the sound, not over the silence around it.

espeak-ng's sentence driven 6 dB into full scale and cut there clips about 1.3 % of its sound.
Padded with 30 s of digital silence each side, the same words are the same clipping: the share
of all samples falls to under 0.1 %, but the finding (share and severity) must not change.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import espeak, needs_espeak

TEXT = "The quick brown fox jumps over the lazy dog, and then it runs far away into the woods."
TOP = 32767 / 32768


@needs_espeak
def test_silence_around_clipped_words_does_not_soften_the_finding(tmp_path, run_rule):
    x, sr = espeak(tmp_path / "s.wav", TEXT)
    clipped = np.clip(x / np.abs(x).max() * 10 ** (6 / 20), -TOP, TOP)
    pad = np.zeros(30 * sr)
    sf.write(tmp_path / "alone.wav", clipped, sr, subtype="PCM_16")
    sf.write(tmp_path / "padded.wav", np.concatenate([pad, clipped, pad]), sr, subtype="PCM_16")
    [alone] = run_rule(tmp_path / "alone.wav", "S001")
    [padded] = run_rule(tmp_path / "padded.wav", "S001")
    assert padded.data["clipped_samples"] == alone.data["clipped_samples"]
    assert padded.data["clipped_ratio"] < 0.001 < alone.data["clipped_ratio"]  # all samples
    assert alone.severity == padded.severity == "error"
    share = alone.data["clipped_sound_ratio"]
    assert abs(padded.data["clipped_sound_ratio"] - share) < 0.01 * share
    assert f"{share:.3%} of the samples outside silence" in alone.message
