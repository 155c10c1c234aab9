"""resampler.resampled_from: content well past a candidate's N, as loud as its pass band, rules
the candidate out, even where the stop band's median is an empty top octave."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from audiolint.analysis import resampler
from audiolint.analysis.verdict import STANDARD_RATES

DATA = Path(__file__).resolve().parent / "data"


def test_a_chant_s_partials_past_4_khz_rule_out_8_khz():
    """Review 40: five 1.5 s slices of a genuine Tibetan chant (sms-tools, lossless 44.1 kHz)
    read "upsampled from 8 kHz": a dip between partials at 4-5.25 kHz (-72 to -77 dB) under a
    fall at 3.9 kHz, while 5.5-11 kHz held partials at -52 to -62 dB, louder than the band under
    4 kHz. The stop band's median (5-21.8 kHz) was the empty top octave. The slice's spectrum,
    as the analysis hands it over, is kept in tests/data (a measurement, not the audio)."""
    d = json.loads((DATA / "tibetan_chant_spectrum.json").read_text())
    level = np.array(d["level_db"])
    freqs = np.arange(len(level)) * d["bin_hz"]
    assert resampler.resampled_from(freqs, level, d["sample_rate"], STANDARD_RATES) is None
    # the same curve with the partials past 5.5 kHz taken down to the top octave's floor: the
    # fall at 3.9 kHz is then a wall at 8 kHz's Nyquist frequency, found
    floor = float(np.median(level[freqs > 17000]))
    quiet = np.where(freqs > 5400, np.minimum(level, floor), level)
    found = resampler.resampled_from(freqs, quiet, d["sample_rate"], STANDARD_RATES)
    assert found is not None and found["rate"] == 8000


def test_a_shallow_fall_over_quiet_treble_is_not_asked_to_reach_the_floor_just_past_n():
    """Review 40c (helper-227): ALSA's Rear_Left through 44.1 kHz and back up to 48 kHz by SoX's
    quick converter: its treble 12-14 dB over the floor falls 10 dB at 22.05 kHz, and the
    skirt stands 3-4 dB over the floor just past it. The test added for low-quality
    converters' own edges (the level 1 % past N on the floor) lost it; a fall that shallow is
    asked for a flat floor from N on instead, as before."""
    d = json.loads((DATA / "sox_quick_44k_to_48k_spectrum.json").read_text())
    level = np.array(d["level_db"])
    freqs = np.arange(len(level)) * d["bin_hz"]
    found = resampler.resampled_from(freqs, level, d["sample_rate"], STANDARD_RATES, d["quant_db"])
    assert found is not None and found["rate"] == 44100 and found["drop_db"] < 30


def test_a_sung_vowel_s_formant_valley_is_no_8_khz_wall():
    """Review 55d: a genuine 48 kHz sung take (GTSinger's jp03 Control) read "upsampled from 8
    kHz", an error: a 23 dB fall at 3.8 kHz over a formant valley, while its content goes on
    above it (6 kHz 44, 10 kHz 56 dB under its peak). The shallow fall's tests compared the
    band past N with the valley only; past 1.25 N the band stays 30 dB over the file's own
    floor all across to 1.5 N, where an upsampled file holds only its stop band and noise. The
    take's spectrum, as the analysis hands it over, is kept in tests/data (a measurement, not
    the audio, which is CC BY-NC-SA)."""
    d = json.loads((DATA / "gtsinger_jp03_spectrum.json").read_text())
    level = np.array(d["level_db"])
    freqs = np.arange(len(level)) * d["bin_hz"]
    rates, sr, quant = STANDARD_RATES, d["sample_rate"], d["quant_db"]
    assert resampler.resampled_from(freqs, level, sr, rates, quant) is None
    # the same curve with the band past 4.5 kHz taken down to the top's floor: the fall at 3.8
    # kHz then stands over a floor, an 8 kHz source's wall, and is found
    floor = float(np.median(level[freqs > 23000]))
    quiet = np.where(freqs > 4500, np.minimum(level, floor), level)
    found = resampler.resampled_from(freqs, quiet, sr, rates, quant)
    assert found is not None and found["rate"] == 8000
