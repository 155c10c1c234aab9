"""S007 on speech over a drone nearly as loud as the words (89ad44d's min_drone_second_db).

ALSA's eight recorded prompts over test_no_voice_drone.py's organ-like drone at 98 Hz, 3 dB
under the speech's loud frames: the words no longer make the level fall back into the drone as
often (sustained_ratio about 0.89, over max_drone_sustained), but the voice stands as a second
pitch only about 8 dB under the drone's, which a melody played over a drone does not reach (-11
dB and under on benchmarks/no_voice_drones.py's played lines). Fired at e81ef17 (review 1,
session 18).
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts
from test_no_voice_drone import drone, s007


@needs_alsa
def test_speech_over_a_drone_3_db_under_is_a_voice(tmp_path):
    x, sr = prompts(0.3)
    loud = np.abs(x) > 0.05 * np.abs(x).max()
    rms = float(np.sqrt(np.mean(x[loud] ** 2)))
    y = x + drone(len(x), sr, 98.0, rms * 10 ** (-3 / 20))
    path = tmp_path / "words.wav"
    sf.write(str(path), (y * 0.7 / np.abs(y).max()).astype(np.float32), sr, subtype="PCM_16")
    fired, s = s007(path)
    assert s["one_pitch_share"] >= 0.9  # the drone's pitch is the one read, all through
    assert s["second_voice_db"] > -10  # the words: a second pitch close under it
    assert not fired
