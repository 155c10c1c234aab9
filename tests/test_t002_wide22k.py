"""T002 at 22.05 kHz: resamplers' walls from 44.1 to 48 kHz, and ALSA's roll-off.

A wide filter (libsamplerate's sinc_medium, SoX ``rate -v -b 90``) brings a 44.1 kHz recording to
48 kHz with its wall half-way at 0.91-0.95 of 22.05 kHz, under the 0.94 N a steep filter's wall
needs; walls.wide() reads it from its own pass band, at 22.05 kHz from walls.POSITION_22K (0.90
N) only. ALSA's prompts, recorded at 48 kHz, roll off half-way at 0.86-0.87 of 22.05 kHz as an
80 %-bandwidth resampler's wall would: they must stay clear of T002. A brick wall at N (SciPy's
FFT resampling) over quiet treble stands only 20-30 dB over the floor; at 22.05 kHz it counts
when the floor is reached by 1.03 N, where no 48 kHz converter's filter has fallen that far.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import samplerate
import soundfile as sf
from realaudio import (
    ALSA,
    PROMPTS,
    csound_example,
    needs_alsa,
    needs_csound_doc,
)
from scipy import signal

DATA = Path(__file__).parent / "data"


@needs_csound_doc
def test_a_wide_filters_wall_at_22_khz_is_named_44_1_khz(tmp_path, run_rule):
    # csound's MathewsN.wav: a 44.1 kHz recording whose band reaches past 20 kHz (24-bit)
    x, sr = sf.read(csound_example("MathewsN.wav", tmp_path), always_2d=True)
    assert sr == 44100
    x = x.mean(axis=1)[: 6 * sr]
    y = samplerate.resample(x, 48000 / 44100, "sinc_medium")
    sf.write(tmp_path / "up.wav", np.clip(y, -1, 1), 48000, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 44100
    assert "upsampled from 44.1 kHz to 48 kHz" in f.message


@needs_alsa
@pytest.mark.parametrize("name", [*PROMPTS, "Noise"])
def test_alsa_recordings_rolling_off_at_19_khz_are_not_upsampled(run_rule, name):
    assert sf.info(ALSA / f"{name}.wav").samplerate == 48000
    assert run_rule(ALSA / f"{name}.wav", "T002") == []


@pytest.mark.parametrize("name", ["ambi_piano.flac", "ambi_haunted_hum.flac"])
def test_a_brick_wall_at_22_khz_over_quiet_treble_is_named_44_1_khz(tmp_path, run_rule, name):
    # Sonic Pi's recorded samples (tests/data): their treble stands 20-25 dB over the floor
    x, sr = sf.read(DATA / name, always_2d=True)
    assert sr == 44100
    y = signal.resample(x.mean(axis=1), round(len(x) * 48000 / 44100))
    sf.write(tmp_path / "up.wav", np.clip(y, -1, 1), 48000, subtype="PCM_16")
    [f] = run_rule(tmp_path / "up.wav", "T002")
    assert f.data["upsampled_from"] == 44100


def test_the_codec_wall_yield_reads_the_wide_walls_own_bound():
    """upsampled.WIDE_UNDER is walls.POSITION[1] written out (upsampled stays free of numpy for
    cached runs): a wall half-way under it is a wide filter's, whose yield at_codec_wall judges."""
    from audiolint.analysis import upsampled, walls

    assert walls.POSITION[1] == upsampled.WIDE_UNDER
