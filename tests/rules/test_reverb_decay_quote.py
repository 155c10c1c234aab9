"""No decay time longer than the file (session 30's audit: S008 quoted "echoes decaying over
about 3.8 s" on a 1.54 s OpenArena voice line): a slope no echo in the file was heard to finish
gives ``rt60_s`` None, the clarity read as before. ALSA's Rear_Center prompt in a 1 s room,
measured; its decay time then scaled (the calibration constant RT60_SCALE) to just over and just
under the file's length."""

from __future__ import annotations

from realaudio import needs_alsa, prompt
from scipy.signal import fftconvolve

from audiolint.analysis import reverb_decay
from rules.test_reverb import measure, room


@needs_alsa
def test_a_decay_longer_than_the_file_is_not_reported(monkeypatch):
    x, sr = prompt("Rear_Center")
    wet = fftconvolve(x, room(sr, 1.0))
    seconds = len(wet) / sr
    read = measure(wet, sr)
    assert read["rt60_s"] is not None and read["rt60_s"] < seconds
    base = reverb_decay.RT60_SCALE
    for factor, kept in ((1.1, False), (0.9, True)):
        scale = base * factor * seconds / read["rt60_s"]
        monkeypatch.setattr(reverb_decay, "RT60_SCALE", scale)
        got = measure(wet, sr)
        assert got["c50_db"] == read["c50_db"]
        assert (got["rt60_s"] is not None) == kept, (factor, got)
