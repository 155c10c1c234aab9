"""A second pitch that keeps its interval to real speech's moving pitch is a harmony, not the
room's echo; one that replays the voice's pitch late, or holds one pitch, is not exempt."""

import numpy as np
from realaudio import needs_alsa, prompts

from audiolint.analysis import harmony
from audiolint.analysis.echoes import comoving


def _track() -> tuple[np.ndarray, np.ndarray]:
    """(voiced, main pitch Hz) per frame of the ALSA prompts, as harmony tracks them."""
    speech, sr = prompts(0.25)
    a = harmony.Harmony(sr, 1)
    a.update((0.5 * speech / np.abs(speech).max()).astype(np.float32)[:, None])
    rows = np.concatenate(a.out)
    return rows[:, 1] > 0, rows[:, 5].astype(np.float64)


@needs_alsa
def test_a_harmony_moves_with_the_voice_and_an_echo_does_not():
    voiced, pitch = _track()

    def share(pitch2: np.ndarray) -> float:
        return comoving(voiced, pitch2, pitch, *harmony.COMOVING).sum() / voiced.sum()

    whole_tone_up = share(pitch * 2 ** (2 / 12))
    late = share(np.concatenate([np.full(10, pitch[voiced].mean()), pitch[:-10]]))  # 0.2 s late
    held = share(np.full(len(pitch), np.median(pitch[voiced])))
    assert whole_tone_up > 0.8, whole_tone_up
    assert late < 0.1 and held == 0.0, (late, held)
