"""T002 on float files: a resampler's wall over a floor far under its stop band (issue 11).

Regression (session 31's audit): RVC's preprocessing of 22.05 kHz lines (soxr to 40 kHz, float32
WAV) left 3 of 6 slices "inconclusive" though their content stops at 10.9 kHz, 96-103 dB down.
In a float file the floor lies 15-30 dB under a resampler's stop band, whose leak follows the
level: a fall half-way late (0.985-1.0 N) was not "on the floor" by 1.03 N, and the band above N
read as coming and going (spread 10 dB) as a codec's top band does. Now a fall 60 dB under the
pass band by 1.03 N counts (under 19.5 kHz), and a band above that stays 60 dB under the band
below in every frame has nothing that comes and goes. ALSA's prompts, brought down to 16 or
22.05 kHz as 16-bit files and up to 40 kHz in float32: 21 -> 30 of 32 found.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal as ss
import soundfile as sf
import soxr
from realaudio import needs_alsa, prompt

from audiolint import api


def low(name: str, old: int) -> np.ndarray:
    """ALSA's prompt ``name`` at ``old``, as a 16-bit low-rate file holds it."""
    x, sr = prompt(name)
    return np.round(soxr.resample(x, sr, old, quality="HQ") * 32767) / 32768


@needs_alsa
@pytest.mark.parametrize(
    ("name", "old", "how"),
    [
        ("Front_Right", 22050, "soxr"),  # was: the band past N "comes and goes" (spread 10 dB)
        ("Side_Right", 16000, "soxr"),  # was: the same
        ("Side_Left", 16000, "fft"),  # was: a late fall not "on the floor" by 1.03 N
        ("Rear_Center", 16000, "fft"),  # was: the same
    ],
)
def test_an_upsample_written_as_float_is_found_with_its_rate(tmp_path, run_rule, name, old, how):
    x = low(name, old)
    y = (
        soxr.resample(x, old, 40000, quality="HQ")
        if how == "soxr"
        else ss.resample(x, round(len(x) * 40000 / old))
    )
    path = tmp_path / "float40k.wav"
    sf.write(path, y, 40000, subtype="FLOAT")
    [f] = run_rule(path, "T002")
    assert f.data["upsampled_from"] == old
    assert f"upsampled from {old / 1000:g} kHz to 40 kHz" in f.message


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Right", "Side_Left", "Rear_Center"])
def test_a_recording_written_as_float_is_not_called_upsampled(tmp_path, run_rule, name):
    """The prompts themselves (48 kHz) as float32, and brought down to 40 kHz by soxr in
    float32: their content reaches their own Nyquist frequency, no lower rate's."""
    x, sr = prompt(name)
    for rate, y in ((sr, x), (40000, soxr.resample(x, sr, 40000, quality="HQ"))):
        path = tmp_path / f"{rate}.wav"
        sf.write(path, y, rate, subtype="FLOAT")
        assert run_rule(path, "T002") == []
        assert api.inspect(path, read_config=False).fidelity["verdict"] != "upsampled"


@pytest.mark.parametrize("subtype", ["PCM_24", "FLOAT"])
@pytest.mark.parametrize("name", ["karoryfer_sax_bb3", "ambi_haunted_hum"])
def test_a_steep_wall_across_n_over_a_deep_floor_keeps_its_rate(tmp_path, run_rule, name, subtype):
    """Review 52c: 22.05 -> 44.1 kHz copies by SoX -s and librosa's FFT written in 24-bit or
    float read "upsampled from 24 kHz" (50 files). Over a deep floor the steep wall's fall
    straddles N, half-way just past it, which sent the search to the next rate up, 24 kHz,
    although the pass band holds at 0.93 of 11.025 kHz and 24 kHz's pass band at 0.93 of 12 kHz
    is 60-95 dB down. Real clips (tests/data) brought to 22.05 kHz and up by SciPy's FFT."""
    from pathlib import Path

    x, sr = sf.read(Path(__file__).parents[1] / "data" / f"{name}.flac")
    lo = soxr.resample(x, sr, 22050, quality="HQ")
    path = tmp_path / "fft44k.wav"
    sf.write(path, ss.resample(lo, 2 * len(lo), axis=0), 44100, subtype=subtype)
    [f] = run_rule(path, "T002")
    assert f.data["upsampled_from"] == 22050
    assert "upsampled from 22.05 kHz to 44.1 kHz" in f.message


def test_a_wall_half_way_past_n_is_said_to_be_deep_just_past_it(tmp_path, run_rule):
    """SciPy's FFT brick wall at 11.025 kHz over a 24-bit floor falls half-way at 11.1 kHz:
    the message said "87 dB down at 11.03 kHz", under a half-way point above it. A real sung
    line recorded at 22.05 kHz (tests/data), brought to 44.1 kHz."""
    from pathlib import Path

    x, sr = sf.read(Path(__file__).parents[1] / "data" / "singing_female_corrected.flac")
    path = tmp_path / "fft44k.wav"
    sf.write(path, ss.resample(x, 2 * len(x)), 44100, subtype="PCM_24")
    [f] = run_rule(path, "T002")
    assert f.message.startswith("the level is half-way down at 11.1 kHz and ")
    assert " dB down just past 11.03 kHz, the Nyquist frequency of 22.05 kHz audio" in f.message


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Left", "Side_Right"])
def test_images_about_the_old_rate_itself_keep_that_rate(tmp_path, run_rule, name):
    """A resampler from 22.05 kHz leaves copies of the band past its wall, which mirror about
    22.05 kHz itself; over a float file's floor they stand 90-110 dB down, come and go with the
    band they copy, and the imaging search read them as an interpolator's images about 44.1
    kHz's Nyquist frequency: "upsampled from 44.1 kHz" (resampler_sweep.py --old 22050 --float,
    libsoxr LQ/MQ and SoX -m/-l to 48 kHz: 18 files). ALSA's prompts brought to 22.05 kHz as
    16-bit files, then to 48 kHz by libsoxr LQ in float32."""
    path = tmp_path / "lq48k.wav"
    sf.write(path, soxr.resample(low(name, 22050), 22050, 48000, quality="LQ"), 48000,
             subtype="FLOAT")  # fmt: skip
    [f] = run_rule(path, "T002")
    assert f.data["upsampled_from"] == 22050
    assert "upsampled from 22.05 kHz to 48 kHz" in f.message


@pytest.mark.parametrize(("to", "gain_db"), [(44100, -10), (48000, -20)])
def test_a_wide_filter_from_24_khz_in_a_16_bit_file_keeps_24_khz(tmp_path, run_rule, to, gain_db):
    """Review 53b: the refusal above, asked of any wall, named 16 true 24 kHz copies by wide
    filters (libsoxr LQ, SoX -l, resampy's kaiser_fast) "from 22.05 kHz": in a 16-bit file their
    fall is cut short by the floor (27-50 dB), and 24 kHz's pass band reads half-emptied at 0.93
    of 12 kHz too. Only a wall 60 dB deep or more is kept at the lower rate. A recorded whoosh
    (Teeworlds, tests/data) brought to 24 kHz as a 16-bit file, then up by libsoxr LQ, quieter."""
    from pathlib import Path

    x, sr = sf.read(Path(__file__).parents[1] / "data" / "teeworlds_ninja_attack.flac")
    lo = np.round(soxr.resample(x, sr, 24000, quality="HQ") * 32767) / 32768
    path = tmp_path / "lq.wav"
    y = soxr.resample(lo, 24000, to, quality="LQ") * 10 ** (gain_db / 20)
    sf.write(path, y, to, subtype="PCM_16")
    [f] = run_rule(path, "T002")
    assert f.data["upsampled_from"] == 24000
