"""T002 under a noise-shaped dither floor: Audacity's default 16-bit export (analysis.dithered).

Audacity writes a 16-bit file with TPDF dither shaped by an error-feedback filter, which lifts
the rounding noise in the top octave 15-30 dB over plain dither's. Over the band a resampler
emptied that floor rises with the frequency, and T002 found 1 of 18 tune and 7 of 16 held-out
upsamplings exported so (benchmarks/shaped_dither.py). The band holds only the dither, which is
steady from frame to frame, while content moves with the signal: the wall is read in the loud
frames' level, locally, with no moving band over it.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from audiogen import shaped_dither16
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts

from audiolint import api

soxr = pytest.importorskip("soxr")


def _t002(path):
    [r] = api.check([path], select=("T002",), cache_dir=None, read_config=False).files
    return r.fidelity, [f for f in r.findings if f.rule == "T002"]


@needs_csound_doc
@pytest.mark.parametrize("old", [22050, 32000])
def test_an_upsampling_exported_with_audacitys_shaped_dither_is_found(tmp_path, old):
    """csound's Mathews (44.1 kHz speech) brought down to 22.05 or 32 kHz as a 16-bit file, up
    again in float and written to 16 bits with the shaped dither: named from the right rate;
    the same file with plain TPDF dither is named too (the dither is not the finding)."""
    x, sr = sf.read(csound_example("Mathews.wav", tmp_path), dtype="float64", always_2d=True)
    low = np.round(soxr.resample(x[: 10 * sr], sr, old) * 32767) / 32768
    up = soxr.resample(low, old, sr) * 10 ** (-1 / 20)
    sf.write(tmp_path / "shaped.wav", shaped_dither16(up, seed=1), sr, subtype="PCM_16")
    fid, [found] = _t002(tmp_path / "shaped.wav")
    assert fid["upsampled_from"] == old and fid["resampler_dithered"] is True, fid["evidence"]
    assert found.message.startswith("in the loud frames, over a noise-shaped dither's steady")
    assert f"upsampled from {old / 1000:g} kHz to 44.1 kHz" in found.message


@needs_csound_doc
def test_a_genuine_recording_exported_with_the_shaped_dither_is_not_called_upsampled(tmp_path):
    """The same speech as recorded, 1 dB down and written with the shaped dither: its own band
    moves with the voice up to the top, and nothing is found."""
    x, sr = sf.read(csound_example("Mathews.wav", tmp_path), dtype="float64", always_2d=True)
    sf.write(tmp_path / "g.wav", shaped_dither16(x[: 10 * sr] * 0.89, seed=1), sr)
    fid, found = _t002(tmp_path / "g.wav")
    assert found == [] and fid["verdict"] != "upsampled" and "resampler_dithered" not in fid


@needs_alsa
def test_a_wall_under_plain_dither_is_not_read_as_a_shaped_ones(tmp_path):
    """ALSA's prompts through 16 kHz with plain rounding: the wall is the usual reading, not
    the shaped dither's."""
    x, sr = prompts(0.3)
    up = soxr.resample(soxr.resample(x, sr, 16000), 16000, sr)
    sf.write(tmp_path / "up.wav", up, sr, subtype="PCM_16")
    fid, [found] = _t002(tmp_path / "up.wav")
    assert fid["upsampled_from"] == 16000 and "resampler_dithered" not in fid
    assert not found.message.startswith("in the loud frames, over a noise-shaped")
