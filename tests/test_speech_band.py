"""A genuine verdict at 16 kHz or under rests on the band alone, which speech codecs keep whole:
such files read inconclusive, with the reason; a codec's grid found still reads lossy-origin."""

from __future__ import annotations

import numpy as np
import soundfile as sf
from audiogen import write_mp3, write_opus
from realaudio import needs_alsa, prompts
from scipy.signal import resample_poly

import audiolint
from audiolint.analysis.verdict import SPEECH_CODEC_RATE, speech_band

CAVEAT = "keeps the whole band and leaves no transform grid to find"


def _speech(rate: int) -> np.ndarray:
    x, sr = prompts(0.3)  # ALSA's eight recorded prompts, 48 kHz
    return resample_poly(x, rate, sr).astype(np.float32)


@needs_alsa
def test_an_opus_voice_note_decoded_at_16_khz_is_not_called_genuine(tmp_path):
    """Real speech through Opus at 24 kbps, 16 kHz (a voice note), decoded to a 16 kHz WAV:
    its content reaches 8 kHz, which read "genuine" (0.9) before."""
    write_opus(tmp_path / "note.opus", _speech(16000), 16000, kbps=24)
    y, sr = sf.read(tmp_path / "note.opus", dtype="float32")
    assert sr == 16000
    sf.write(tmp_path / "note.wav", y, sr, subtype="PCM_16")
    fid = audiolint.inspect(tmp_path / "note.wav").fidelity
    assert fid["verdict"] == "inconclusive" and fid["confidence"] == 0.5
    assert any(CAVEAT in e for e in fid["evidence"])


@needs_alsa
def test_a_grid_found_at_16_khz_still_reads_lossy(tmp_path):
    write_mp3(tmp_path / "m.mp3", _speech(16000), 16000, kbps=32)
    y, sr = sf.read(tmp_path / "m.mp3", dtype="float32")
    sf.write(tmp_path / "m.wav", y, sr, subtype="PCM_16")
    fid = audiolint.inspect(tmp_path / "m.wav").fidelity
    assert fid["verdict"] == "lossy-origin"
    assert not any(CAVEAT in e for e in fid["evidence"])


@needs_alsa
def test_above_16_khz_a_full_band_recording_stays_genuine(tmp_path):
    sf.write(tmp_path / "g.wav", _speech(22050), 22050, subtype="PCM_16")
    fid = audiolint.inspect(tmp_path / "g.wav").fidelity
    assert fid["verdict"] == "genuine"


def test_only_a_genuine_verdict_at_or_under_the_line_changes():
    genuine = {"verdict": "genuine", "confidence": 0.9, "evidence": ["content reaches Nyquist"]}
    out = speech_band(genuine, SPEECH_CODEC_RATE)
    assert out["verdict"] == "inconclusive" and out["evidence"][0] == "content reaches Nyquist"
    assert "at 16 kHz a speech codec" in out["evidence"][1]
    assert speech_band(genuine, 22050) is genuine
    lossy = {"verdict": "lossy-origin", "confidence": 0.9, "evidence": ["grid"]}
    assert speech_band(lossy, 8000) is lossy
