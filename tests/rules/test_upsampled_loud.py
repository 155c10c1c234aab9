"""T002 where the band under the old Nyquist frequency N is full only in the loudest passages.

Regression: a plucked note's top partials ring for a moment after each attack, so the mean
spectrum's band just under N stands only 20-27 dB over the empty band above it, too shallow for
a resampler's wall, though each attack fills it 40 dB and more over a band past N that stays at
its floor. csound's acoustic guitar (its manual's SoundFont: an attack, then a sustain loop, as
a sampler plays it) held 4 s, brought down to 16 or 24 kHz and up to 44.1 kHz by libsoxr read
inconclusive; benchmarks/resampler_sweep.py's Sonic Pi guitar (16 -> 44.1 kHz, eight
resamplers) too. The wall is now read again in the loud spans' spectrum when the band just past
N rises at most 6 dB over its floor in the frames loud under it.
"""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import CSOUND_EXAMPLES, needs_csound_doc

from audiolint import api


def guitar_note(seconds: float = 4.0) -> np.ndarray:
    """The SoundFont's first sample (44.1 kHz): its attack, then its loop repeated, decaying."""
    sf2 = gzip.decompress((CSOUND_EXAMPLES / "07AcousticGuitar.sf2.gz").read_bytes())
    at = sf2.find(b"smpl")
    size = struct.unpack("<I", sf2[at + 4 : at + 8])[0]
    x = np.frombuffer(sf2[at + 8 : at + 8 + size], "<i2").astype(np.float64) / 32768
    head = sf2.find(b"shdr") + 8
    _, start, _, loop_start, loop_end, rate = struct.unpack("<20sIIIII", sf2[head : head + 40])
    n = int(seconds * rate)
    reps = n // (loop_end - loop_start) + 1
    note = np.concatenate([x[start:loop_start], *[x[loop_start:loop_end]] * reps])[:n]
    return note * np.exp(-np.arange(n) / rate / 1.5)


@needs_csound_doc
@pytest.mark.parametrize(("old", "quality"), [(16000, "VHQ"), (16000, "MQ"), (24000, "VHQ")])
def test_a_guitar_note_is_upsampled(tmp_path, old, quality):
    if not (CSOUND_EXAMPLES / "07AcousticGuitar.sf2.gz").exists():
        pytest.skip("csound-doc ships no 07AcousticGuitar.sf2.gz here")
    note = guitar_note()
    low = np.round(np.clip(soxr.resample(note, 44100, old, quality="HQ"), -1, 1) * 32767) / 32768
    path = tmp_path / "up.wav"
    sf.write(path, soxr.resample(low, old, 44100, quality=quality), 44100, subtype="PCM_16")
    report = api.inspect(path, read_config=False)
    fid = report.fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == old, fid["evidence"]
    assert fid["resampler_loud"] is True
    (t002,) = [f for f in report.findings if f.rule == "T002"]
    assert t002.message.startswith("in the loudest passages the level is half-way down")
