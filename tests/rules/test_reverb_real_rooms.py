"""S008 in real measured rooms (review 47a). Simulated rooms absorb alike at every frequency, so
a fall 200 ms after a word means the same clarity in every band there; real rooms ring longer in
the lows, where a voice's energy sits. Over the whole mix, ALSA's prompts in the MIT IR Survey's
auditorium (C50 13.9 dB: a strong direct sound over a tail 12-15 dB down) read C50 about 6 dB
and S008 fired; read in the speech band (analysis.reverb.BAND_HZ) they read about 9 dB, and in
a concert hall of C50 about -1 dB (OpenAIR's Jack Lyons Hall) the band reads it closer than the
whole mix does. Both responses are committed with their licences (tests/data/*_ir.txt)."""

from __future__ import annotations

from pathlib import Path

import soundfile as sf
from realaudio import needs_alsa
from scipy.signal import fftconvolve, resample_poly

from rules.test_reverb import measure, speech, write

DATA = Path(__file__).parent.parent / "data"


def _in_room(name: str):
    """ALSA's eight prompts at 16 kHz convolved with the measured response ``name``."""
    x, sr = speech()
    x, sr = resample_poly(x, 1, 3), sr // 3
    h, rate = sf.read(DATA / f"{name}.flac")
    assert rate == sr
    return fftconvolve(x, h), sr


@needs_alsa
def test_a_real_auditorium_s_strong_direct_sound_is_not_a_reverberant_room(tmp_path, run_rule):
    y, sr = _in_room("mit_h252_auditorium_ir")
    got = measure(y, sr)
    assert got["c50_db"] is not None and got["c50_db"] >= 8  # true C50 13.9 dB
    assert measure(y, sr, whole_mix=True)["c50_db"] < 8  # what S008 fired on before
    assert run_rule(write(tmp_path / "auditorium.wav", y, sr), "S008") == []


@needs_alsa
def test_a_real_concert_hall_still_reads_reverberant(tmp_path, run_rule):
    y, sr = _in_room("openair_jack_lyons_hall_ir")
    got = measure(y, sr)
    assert got["c50_db"] is not None and abs(got["c50_db"] - -1.8) <= 3  # true C50 -1.8 dB
    path = tmp_path / "hall.wav"
    sf.write(path, (0.5 * y / abs(y).max()).astype("float32"), sr, subtype="FLOAT")
    [f] = run_rule(path, "S008")
    assert f.data["c50_db"] < 2
