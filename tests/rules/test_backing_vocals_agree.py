"""The harmony analyser's third detector (harmony.AGREE): where the comb and the spectrum find the
same second pitch in a frame, weaker evidence from each counts. On a real second speaker under
real speech the frames it adds are the partner's own pitch; on the speech alone it adds none."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import espeak, needs_alsa, needs_espeak, prompts

from audiolint.analysis import second_voice
from rules.test_backing_vocals import TEXT, _feed, _under


def _counted(x: np.ndarray, sr: int, monkeypatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(frames counted, their second pitch, frames counted with AGREE switched off)."""
    a = _feed(x, sr)
    frames, pitch2 = a.second_pitches()
    with monkeypatch.context() as m:
        m.setattr(second_voice, "AGREE", (np.inf, np.inf, 0.0))
        before, _ = a.second_pitches()
    return frames, pitch2, before


@needs_alsa
@needs_espeak
def test_the_comb_and_the_spectrum_agreeing_find_a_second_speaker(tmp_path, monkeypatch):
    """espeak-ng (en+m3) 9 dB under the ALSA prompts: the frames counted only where the comb
    (correlation 0.45 to 0.55) and the spectrum (peakiness 1.4 to 1.8) agree (4 frames here, none
    before) each hold the partner's pitch as measured on it alone; the prompts alone gain none."""
    speech, sr = prompts(0.25)
    words = "and a second speaker talking under the first is another voice the model learns"
    partner, rate = espeak(tmp_path / "partner.wav", f"{TEXT}, {words}", voice="en+m3")
    sf.write(tmp_path / "partner.flac", partner, rate)
    under = _under(speech, sr, tmp_path / "partner.flac", -9)
    frames, pitch2, before = _counted(speech + under, sr, monkeypatch)
    own = np.concatenate(_feed(under, sr).out).T  # the partner alone: voiced, pitch (rows 1, 5)
    n = min(len(frames), own.shape[1])
    added = frames[:n] & ~before[:n]
    assert added.sum() >= 2
    assert np.all(own[1][:n][added] > 0)
    assert np.all(np.abs(np.log2(pitch2[:n][added] / own[5][:n][added])) < 0.06)
    alone, _, alone_before = _counted(speech, sr, monkeypatch)
    assert np.array_equal(alone, alone_before)
