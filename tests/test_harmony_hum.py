"""A mains hum or buzz under real speech is no second voice (S009, issue 17; review 1 of session
15 found a 50/60 Hz hum 25 dB under speech flagged on 8 of 32 files): audiolint.analysis.hum
finds the hum's lines in the floor of the spectrum, and the second-voice search leaves them out.
The voice is ALSA's recorded prompts; the hums are made here (harmonics at 1/k, random phases):
a 50 and a 60 Hz hum with 11 harmonics, a 100 and a 120 Hz buzz (mains rectified) to 2 kHz. A
bed that plays on under the buzz (csound-doc's flute) is still found."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts
from rules.test_backing_vocals import _feed, _rms, _under


def hum(freq: float, n: int, sr: int, harmonics: int) -> np.ndarray:
    """``n`` samples of partials at 1..``harmonics`` times ``freq``, amplitude 1/k."""
    rng = np.random.default_rng(0)
    t = np.arange(n) / sr
    return sum(
        np.sin(2 * np.pi * k * freq * t + rng.uniform(0, 2 * np.pi)) / k
        for k in range(1, harmonics + 1)
    )


def under(x: np.ndarray, y: np.ndarray, db: float) -> np.ndarray:
    """``x`` with ``y`` mixed ``db`` under it (RMS of the sounding samples)."""
    return x + y / _rms(y) * _rms(x) * 10 ** (db / 20)


@needs_alsa
@pytest.mark.parametrize("freq,harmonics", [(50.0, 11), (60.0, 11), (100.0, 20), (120.0, 16)])
def test_a_hum_is_found_at_its_mains_frequency(freq, harmonics):
    """Every hum 25 dB under the prompts (silence between them) is found, at the mains frequency
    (a buzz's partials are multiples of it too); the prompts alone hold no hum."""
    x, sr = prompts(0.25)
    found, lines = _feed(under(x, hum(freq, len(x), sr, harmonics), -25), sr).hum.fundamental()
    mains = 50.0 if freq in (50.0, 100.0) else 60.0
    assert found is not None and abs(found / mains - 1) < 0.01 and len(lines) >= 5
    assert _feed(x, sr).hum.fundamental()[0] is None
    # and the signal record says so (hum_hz, read by S007), rounded to 0.1 Hz; none without it
    hummed = _feed(under(x, hum(freq, len(x), sr, harmonics), -25), sr).result()["hum_hz"]
    assert hummed == round(found, 1) and _feed(x, sr).result()["hum_hz"] is None


@needs_alsa
@pytest.mark.parametrize("freq,harmonics", [(100.0, 20), (120.0, 16)])
def test_a_buzz_under_the_prompts_is_no_second_voice(tmp_path, run_rule, freq, harmonics):
    """A 100 or 120 Hz buzz 20 dB under the prompts: heard alone between them, at a pitch also
    found under the speech, it read as a partner in the pauses (second 0.16-0.17 and alone
    0.28-0.29 before the hum was looked for: S009 fired); its pitch is the hum's lines now."""
    x, sr = prompts(0.25)
    x = under(x, hum(freq, len(x), sr, harmonics), -20)
    r = _feed(x, sr).result()
    assert r["second_voice_ratio"] < 0.1 and r["alone_voice_ratio"] == 0.0
    sf.write(tmp_path / "buzz.wav", (0.5 * x / np.abs(x).max()).astype(np.float32), sr, "FLOAT")
    assert run_rule(tmp_path / "buzz.wav", "S009") == []


@needs_alsa
@needs_csound_doc
def test_a_bed_under_a_buzz_is_still_found(tmp_path, run_rule):
    """csound's flutec3.wav 15 dB under the prompts and a 100 Hz buzz 25 dB under them: the hum
    is found and left out, and the flute, under the speech and alone in its pauses, still is a
    music bed."""
    x, sr = prompts(0.25)
    x = x + _under(x, sr, csound_example("flutec3.wav", tmp_path), -15)
    x = under(x, hum(100.0, len(x), sr, 20), -25)
    a = _feed(x, sr)
    assert a.hum.fundamental()[0] is not None
    sf.write(tmp_path / "bed.wav", (0.5 * x / np.abs(x).max()).astype(np.float32), sr, "FLOAT")
    (f,) = run_rule(tmp_path / "bed.wav", "S009")
    assert f.data["alone_voice_ratio"] >= 0.1


def test_the_floor_guard_sits_at_the_searchs_bottom():
    """hum.SEARCH_HZ is the second-pitch searches' lowest pitch (the comb's and the spectrum's):
    the plateau a 50/60 Hz hum leaves starts there."""
    from audiolint.analysis import harmony, hum, multipitch

    assert hum.SEARCH_HZ == harmony.F0_MIN_HZ == multipitch.F0_MIN_HZ


@needs_alsa
@pytest.mark.parametrize("freq", [98.0, 146.8])
def test_a_drone_on_g_or_d_is_no_mains_hum(freq):
    """Review 1 of session 16: an organ drone on G2 (98 Hz, twice equal-tempered G at 49.0 Hz,
    2 % under 50) or D3 (146.8 Hz, three times it) was taken for a 50 Hz hum, its lines left out,
    and S009 lost the music bed under the prompts. Mains frequencies stay within 1 %."""
    x, sr = prompts(0.25)
    found, _ = _feed(under(x, hum(freq, len(x), sr, 8), -15), sr).hum.fundamental()
    assert found is None, found
