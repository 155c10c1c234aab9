"""T002 and a subband codec's band edge at a quarter of the rate.

SBC (Bluetooth), MP2 and G.722 split the band into equal subbands, one edge of which stands at a
quarter of the sample rate. Where the bands above it are coded coarsely, the aliasing the
synthesis filters should cancel is left: the band under that edge mirrored just past it, as a
2x upsampler's images stand past the old Nyquist frequency. Such a decode at 44.1 kHz read
"upsampled from 22.05 kHz" (benchmarks/other_codecs.py, tune: SBC 229/328 kbps 6 of 26). At half
the file's rate, a band past 1.1 N that holds enough cells must mirror too, as an interpolator's
images do; a real 2x upsample of a recording is still named.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy import signal

DATA = Path(__file__).parent / "data"


def test_an_sbc_decode_is_not_called_upsampled_from_half_its_rate(run_rule):
    # Sonic Pi's guitar chord through FFmpeg's SBC at 229 kbps (tests/data): the band from 11.03
    # to 12.1 kHz mirrors the band under 11.03 kHz, the band above that does not
    assert sf.info(DATA / "guit_em9_sbc229k.flac").samplerate == 44100
    assert run_rule(DATA / "guit_em9_sbc229k.flac", "T002") == []


@pytest.mark.parametrize("how", ["linear", "kaiser"])
def test_a_2x_upsample_of_a_recording_is_still_named(tmp_path, run_rule, how):
    # sms-tools' sung note at 22.05 kHz (tests/data), brought to 44.1 kHz by linear
    # interpolation or by SciPy's resample_poly with a Kaiser window
    x, sr = sf.read(DATA / "singing_female_note.flac")
    assert sr == 22050
    if how == "linear":
        y = np.interp(np.arange(2 * len(x)) / 2, np.arange(len(x)), x)
    else:
        y = signal.resample_poly(x, 2, 1, window=("kaiser", 5.0))
    sf.write(tmp_path / "up.wav", np.clip(y, -1, 1), 44100, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 22050
