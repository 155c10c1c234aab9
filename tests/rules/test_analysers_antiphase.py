"""Channels in antiphase (L = x, R = -x) are heard as their in-phase file by the analysers that
read the channel mix: the mix cancels to silence, so each reads the first loud channel there
(:func:`audiolint.analysis.excerpt.content`) and nothing else changes for any other file.

Regression (review 2 NOTE): an antiphase copy of a recording read as silence to the reverb, voice
and harmony analysers: no free decay (reverb_offsets 0, c50_db and rt60_s null), voiced_ratio and
second_voice_ratio null (S007 "no voice" could not fire), and no fingerprint of its own, so D003
never found it as a duplicate of its original.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts

from audiolint import api

KEYS = ("voiced_ratio", "second_voice_ratio", "second_pitch_hz", "voiced_run_ratio")
KEYS += ("reverb_offsets", "c50_db", "rt60_s")


@needs_alsa
def test_an_antiphase_copy_has_the_figures_of_its_in_phase_file(tmp_path):
    """ALSA's eight prompts with 0.8 s pauses as L = R, L = -R and (0, y, -y): the same voice,
    second-voice and reverb figures (L = -R read null or 0 for every one)."""
    x, sr = prompts(0.8)
    z = np.zeros_like(x)
    figures = {}
    for name, channels in (("inphase", (x, x)), ("antiphase", (x, -x)), ("three", (z, x, -x))):
        path = tmp_path / f"{name}.wav"
        sf.write(path, np.stack(channels, axis=1), sr, subtype="PCM_16")
        signal = api.inspect(path, read_config=False).signal
        figures[name] = tuple(signal[k] for k in KEYS)
    assert figures["inphase"][0] > 0.5 and figures["inphase"][1] is not None
    assert figures["inphase"][4] >= 5 and figures["inphase"][5] is not None
    assert figures["antiphase"] == figures["inphase"]
    assert figures["three"] == figures["inphase"]


@needs_alsa
def test_an_antiphase_copy_is_found_as_a_duplicate(tmp_path):
    """ALSA's eight prompts with 0.5 s pauses as L = R and as L = -R in one folder: D003 finds
    one of them a copy of the other."""
    x, sr = prompts(0.5)
    sf.write(tmp_path / "a.wav", np.stack([x, x], axis=1), sr, subtype="PCM_16")
    sf.write(tmp_path / "b.wav", np.stack([x, -x], axis=1), sr, subtype="PCM_16")
    report = api.check(tmp_path, read_config=False, cache_dir=None)
    duplicates = [(fr.path.rsplit("/", 1)[-1], f.rule) for fr in report.files for f in fr.findings]
    assert [d for d in duplicates if d[1] == "D003"] == [("b.wav", "D003")]


@needs_alsa
def test_the_copy_to_keep_is_not_the_antiphase_one(tmp_path):
    """The same prompts as L = -R first (a.wav, stereo: twice the mono file's bitrate) and mono
    (b.wav): the mono file is the copy to keep, not the one a training tool's mix cancels (the
    stereo copy's bitrate named it before)."""
    x, sr = prompts(0.5)
    sf.write(tmp_path / "a.wav", np.stack([x, -x], axis=1), sr, subtype="PCM_16")
    sf.write(tmp_path / "b.wav", x, sr, subtype="PCM_16")
    report = api.check(tmp_path, read_config=False, cache_dir=None)
    [dup] = [f for fr in report.files for f in fr.findings if f.rule == "D003"]
    assert dup.data["keep"].endswith("b.wav"), dup.message
    assert "ideally this one" in dup.message
