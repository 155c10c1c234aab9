"""A second pitch that keeps its interval to real speech's moving pitch is a harmony, not the
room's echo; one that replays the voice's pitch late, or holds one pitch, is not exempt, nor is
the echo of a steady glide (whose interval, the glide over the delay, holds too)."""

import numpy as np
from realaudio import needs_alsa, prompts

from audiolint.analysis import harmony
from audiolint.analysis.echoes import comoving
from audiolint.rules import backing_vocals


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
        main = np.where(voiced, pitch, np.nan)
        return comoving(voiced, pitch2, main, 0.02, *harmony.COMOVING).sum() / voiced.sum()

    whole_tone_up = share(pitch * 2 ** (2 / 12))
    late = share(np.concatenate([np.full(10, pitch[voiced].mean()), pitch[:-10]]))  # 0.2 s late
    held = share(np.full(len(pitch), np.median(pitch[voiced])))
    assert whole_tone_up > 0.8, whole_tone_up
    assert late < 0.1 and held == 0.0, (late, held)


def _ratio(x: np.ndarray, sr: int) -> float:
    a = harmony.Harmony(sr, 1)
    a.update((0.5 * x / np.abs(x).max()).astype(np.float32)[:, None])
    return a.result()["second_voice_ratio"]


def test_the_echo_of_a_glide_is_no_second_voice():
    # portamento up and down between 150 and 400 Hz at 2 octaves a second, ten harmonics; its
    # room echo 100 ms late at -6 dB sits a steady 0.2 octave under or over it while it glides
    sr = 16000
    t = np.arange(6 * sr) / sr
    span = np.log2(400 / 150)
    turn = (t * 2.0 / (2 * span)) % 1.0
    f0 = 150 * 2 ** (span * np.where(turn < 0.5, 2 * turn, 2 - 2 * turn))
    phase = 2 * np.pi * np.cumsum(f0) / sr
    glide = sum(np.sin(k * phase) / k for k in range(1, 11))
    delay = int(0.1 * sr)
    echoed = glide + 0.5 * np.concatenate([np.zeros(delay), glide[:-delay]])
    # exempt as moving with the glide, the echo read 0.85 at 70bda96 (0.02 with no exemption)
    assert _ratio(glide, sr) == 0.0
    assert _ratio(echoed, sr) < backing_vocals.DEFAULT["min_ratio"]  # 0.094 here
