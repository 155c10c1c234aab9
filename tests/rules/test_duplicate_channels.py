"""D003 ranks a copy whose channels hold different sounds by turns under a copy that holds one.

Review 42: a stereo file with one speaker a channel (the left: a clean clip also in the set, the
right: another speaker) read "same audio" as that clip, and every copy ranked alike, so nothing
said to keep the clean one over the file whose mono mix holds two voices. S006 reads the turns
(``left_louder_ratio``, ``right_louder_ratio``); D003 now ranks such a copy as it ranks one in
anti-phase.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.config import Config


@needs_alsa
def test_a_stereo_copy_with_another_voice_a_channel_is_not_the_one_to_keep(tmp_path):
    x, sr = prompt("Front_Center")
    # another prompt in the right, 3 dB under the left: the mix still matches the left's words
    y = np.resize(prompt("Rear_Left")[0], len(x))
    y *= np.sqrt(np.mean(x**2) / np.mean(y**2)) * 10 ** (-3 / 20)
    sf.write(tmp_path / "a_two_voices.wav", np.stack([x, y], axis=1), sr, subtype="PCM_16")
    sf.write(tmp_path / "b_clean.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "c_quieter.wav", 0.5 * x, sr, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "S006")))
    by = {Path(fr.path).name: fr for fr in report.files}
    turns = by["a_two_voices.wav"].signal
    assert min(turns["left_louder_ratio"], turns["right_louder_ratio"]) >= 0.05, turns
    dups = {n: [f for f in fr.findings if f.rule == "D003"] for n, fr in by.items()}
    assert dups["a_two_voices.wav"] == []  # the first file, named by the others
    for name in ("b_clean.wav", "c_quieter.wav"):
        [f] = dups[name]
        assert f.data["duplicate_of"].endswith("a_two_voices.wav")
        assert not f.data["keep"].endswith("a_two_voices.wav"), f.message
        assert "such as" in f.message or "ideally" in f.message, f.message
