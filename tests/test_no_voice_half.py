"""S007 on a file that holds speech, then a tune: the words are a voice, however long the tune.

ALSA's eight recorded prompts (13.8 s with their gaps) followed by csound's recorded oboe (or
flute) as loud, as long or longer: over the whole file the spectrum's shape moves as an
instrument's (the tune's frames outnumber the words'), so S007 said "steady held notes ... no
gliding voice measured" (a newcomer's audit). The words move the shape 4.5 dB or more over 2 s
(``shape_peak_db``), as speech does; the oboe alone is still flagged.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts
from scipy.signal import resample_poly

from audiolint import api


def s007(path):
    """(S007's messages, the signal record) for one file."""
    rec = api.check(path, select="S007", read_config=False).to_dict()["files"][0]
    return [f["message"] for f in rec["findings"] if f["rule"] == "S007"], rec["signal"]


def loud_rms(x: np.ndarray) -> float:
    """RMS of the samples above 5 % of the peak (the sound, not its pauses)."""
    return float(np.sqrt(np.mean(x[np.abs(x) > 0.05 * np.abs(x).max()] ** 2)))


def write(path, x: np.ndarray, sr: int):
    sf.write(str(path), (x * 0.7 / np.abs(x).max()).astype(np.float32), sr, subtype="PCM_16")
    return path


@needs_alsa
@needs_csound_doc
@pytest.mark.parametrize(("example", "share"), [("oboe.aiff", 1.0), ("flute.aiff", 2.0)])
def test_speech_then_a_tune_is_a_voice(tmp_path, example, share):
    words, sr = prompts(0.3)
    tune, rate = sf.read(str(csound_example(example, tmp_path)), dtype="float32", always_2d=True)
    tune = resample_poly(tune.mean(axis=1), sr, rate).astype(np.float32)
    n = int(share * len(words))  # as long as the words, or twice as long
    tune = np.tile(tune, 1 + n // len(tune))[:n] * (loud_rms(words) / loud_rms(tune))
    messages, s = s007(write(tmp_path / "both.wav", np.concatenate([words, tune]), sr))
    assert s["shape_move_db"] < 4.5  # over the whole file, the tune's shape
    assert s["shape_peak_db"] >= 4.5  # over 2 s of the words, speech's
    assert messages == []
    messages, s = s007(write(tmp_path / "tune.wav", tune, sr))
    assert s["shape_peak_db"] < 4.5
    assert messages  # the tune alone holds no voice
