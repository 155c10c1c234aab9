"""D003 ranks an Opus copy at the rate its content was made at, not the 48 kHz it decodes at.

Review 43c: an 8 kbps Opus of an 8 kHz Asterisk prompt was "ideally" kept over the 8 kHz WAV it
was made from: Opus always decodes at 48 kHz, which passes Q003's floor, while 8 kHz does not.
The Opus header gives the input rate (``input_sample_rate``), and the copy counts at it."""

from __future__ import annotations

from pathlib import Path

import audiogen
import soundfile as sf
from realaudio import needs_alsa, prompts
from scipy.signal import resample_poly

from audiolint import api


@needs_alsa
def test_an_opus_copy_counts_at_its_input_rate(tmp_path):
    x, sr = prompts(0.3)
    low = resample_poly(x, 1, 6)  # 48 -> 8 kHz, as a phone prompt
    sf.write(tmp_path / "b_prompt.wav", 0.7 * low, 8000, subtype="PCM_16")
    audiogen.write_opus(tmp_path / "a_prompt.opus", 0.7 * low, 8000, kbps=8)
    report = api.check([tmp_path], select=("D003",))
    by = {Path(fr.path).name: fr for fr in report.files}
    assert by["a_prompt.opus"].properties.input_sample_rate == 8000
    [f] = [g for fr in report.files for g in fr.findings if g.rule == "D003"]
    assert f.data["keep"].endswith("b_prompt.wav"), f.message
