"""Very low sample rates (1-1.2 kHz: telephone-band leftovers, sensor dumps) are measured, not
crashed on: the harmony analyser's highest pitch candidates have no harmonic under such a
Nyquist frequency, and ``np.add.reduceat`` cannot sum an empty run (IndexError at 8294e22)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from audiolint import api


@pytest.mark.parametrize("rate", [1000, 1200])
def test_a_voice_like_tone_at_a_very_low_rate_gets_no_internal_error(tmp_path, rate):
    t = np.arange(rate * 3) / rate
    x = 0.3 * np.sin(2 * np.pi * 149 * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t))
    path = tmp_path / "tone.wav"
    sf.write(path, x, rate, subtype="PCM_16")
    report = api.check([path], select=("S007", "S009"))
    rules = [f.rule for f in report.files[0].findings]
    assert "F005" not in rules, report.files[0].findings
    assert report.files[0].signal is not None


@pytest.mark.parametrize("rate", [2000, 3000, 4000, 6000])
def test_the_fidelity_analysis_measures_2_to_6_khz_files(tmp_path, rate):
    """Under about 8 kHz a frame has fewer FFT bins than the spectrum's band matrix had bands:
    band edges repeated, the bands' frequency step was 0, and the edge measurements divided by
    it (ZeroDivisionError, OverflowError: F005 under the default rules)."""
    t = np.arange(rate * 3) / rate
    x = 0.3 * np.sin(2 * np.pi * 149 * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t))
    path = tmp_path / "tone.wav"
    sf.write(path, x, rate, subtype="PCM_16")
    report = api.check([path])
    rules = [f.rule for f in report.files[0].findings]
    assert "F005" not in rules, report.files[0].findings
