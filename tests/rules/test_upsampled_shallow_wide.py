"""T002 on a wide resampler filter over a quiet source's treble: a shallow wall, flat on both sides.

libsamplerate's sinc_medium and sinc_fastest keep 80-90 % of the old band: their wall falls from
about 0.90 N and reaches the floor by N (``walls.wide``). Over a source whose treble is only a
room's hiss 20-25 dB over the samples' floor, that wall is 20-30 dB deep, under the 30 dB a wide
wall had to fall, and already falling at 0.93 N, where a shallow wall had to hold its pass band:
such copies were inconclusive. The committed field recording (tests/data, a humming glass),
brought down by SciPy's FFT resampler and up by libsamplerate, all in-test (skipped without the
samplerate package).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from scipy import signal

import audiolint
from audiolint.analysis import resampler, walls
from audiolint.analysis.edge import smooth_db
from audiolint.analysis.spectrum import SpectrumAccumulator

HUM = Path(__file__).parent.parent / "data" / "ambi_haunted_hum.flac"


def hum() -> tuple[np.ndarray, int]:
    """The committed field recording (44.1 kHz, CC0: tests/data/ambi_haunted_hum.txt)."""
    x, sr = sf.read(HUM, dtype="float64")
    return x, sr


def copy(old: int, new: int, converter: str) -> np.ndarray:
    """The hum brought down to ``old`` as 16-bit samples (peak 0.5), then up by libsamplerate."""
    samplerate = pytest.importorskip("samplerate")
    x, sr = hum()
    low = signal.resample(x, int(len(x) * old / sr))
    low = np.round(0.5 * low / np.abs(low).max() * 32767) / 32768
    return np.clip(samplerate.resample(low, new / old, converter), -1, 1)


def level_of(x: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """The smoothed mean spectrum (dB) the fidelity analyser reads, and its frequencies."""
    spec = SpectrumAccumulator(sr, 1)
    spec.update(x.astype(np.float32)[:, None])
    spec.finish()
    freqs, total = spec.freqs(), spec.mean("total")
    return freqs, smooth_db(freqs, total)


@pytest.mark.parametrize(
    ("old", "new", "converter"),
    [
        (11025, 44100, "sinc_medium"),
        (11025, 48000, "sinc_medium"),
        (22050, 48000, "sinc_medium"),
        (11025, 44100, "sinc_fastest"),
    ],
)
def test_a_wide_filters_shallow_wall_over_a_quiet_treble_names_the_old_rate(
    tmp_path, old, new, converter
):
    """Was inconclusive: the wall falls 25 dB, from a pass band flat within 3 dB onto a flat
    floor; now T002 names the old rate."""
    up = copy(old, new, converter)
    sf.write(tmp_path / "up.wav", up, new, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "up.wav", read_config=False)
    [f] = [f for f in report.findings if f.rule == "T002"]
    assert f.data["upsampled_from"] == old
    assert walls.SHALLOW_DROP_DB <= f.data["resampler_drop_db"] < walls.MIN_DROP_DB
    assert f"upsampled from {old / 1000:g} kHz" in f.message


def test_the_shallow_wall_counts_only_with_a_flat_pass_band_and_a_flat_floor():
    """The copy's spectrum: its pass band holds within 3 dB over 0.60-0.80 N and its floor past
    N lies on the notch (walls._flat); tilted by 6 dB across the pass band, or with the floor past
    N lifted by 6 dB, it is no longer flat, and a shallow wall would not count."""
    up = np.round(copy(11025, 44100, "sinc_medium") * 32767) / 32768
    freqs, level = level_of(up, 44100)
    old = 11025 / 2
    bottom = float(level[(freqs >= 0.97 * old) & (freqs < 1.03 * old)].min())
    assert walls._flat(freqs, level, old, bottom)
    tilt = np.clip((freqs / old - 0.60) / 0.20, 0, 1) * 6.0 * (freqs < 0.80 * old)
    assert not walls._flat(freqs, level - tilt, old, bottom)
    assert not walls._flat(freqs, level + 6.0 * (freqs >= 1.03 * old), old, bottom)


def test_the_hum_as_recorded_shows_no_wall_at_any_standard_rate():
    """The recording itself (44.1 kHz): no resampler's wall, shallow or not, under 22.05 kHz."""
    x, sr = hum()
    freqs, level = level_of(np.round(x * 32767) / 32768, sr)
    rates = (8000, 11025, 16000, 22050, 24000, 32000)
    assert resampler.resampled_from(freqs, level, sr, rates) is None
