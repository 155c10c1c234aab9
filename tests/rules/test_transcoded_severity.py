"""T001's severity follows what the decode still holds (review 45b, session 45).

A decode whose content stops under 16 kHz holds no more than a file under 32 kHz, which Q003
calls an error, as T002 does a file upsampled from such a rate. Review 45b: a 16 kHz reading made
from an MP3 and upsampled by SoX to 44.1 kHz kept its MP3 grid, so T002 gave way to a T001
warning, while the same audio at 48 kHz (no grid) was a T002 error. Real speech (ALSA's prompts)
through LAME (PyAV) and decoded: at 64 kbps (LAME's low-pass near 11 kHz) an error that says what
is left; at 192 kbps (near 19 kHz) a warning, as before.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt
from scipy.signal import resample_poly

from audiolint import api
from audiolint.config import Config


@needs_alsa
@pytest.mark.parametrize(("kbps", "severity"), [(64, "error"), (192, "warning")])
def test_a_decode_that_stops_under_16_khz_is_an_error(tmp_path, kbps, severity):
    from rules.test_fidelity_median_real import encode

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    x = resample_poly(x, 147, 160)  # 44.1 kHz
    y = encode(x, 44100, kbps, "libmp3lame", "mp3", channels=2)
    sf.write(tmp_path / "decoded.wav", y, 44100, subtype="PCM_16")
    [fr] = api.check([tmp_path / "decoded.wav"], Config(select=("T001",))).files
    [f] = fr.findings
    assert f.severity == severity, (f.severity, f.message)
    # LAME 64k's low-pass near 11 kHz: no more than 22.05 or 24 kHz audio holds
    left = (
        "is left, no more than 22.05 kHz audio holds",
        "is left, no more than 24 kHz audio holds",
    )
    assert any(x in f.message for x in left) == (severity == "error"), f.message
