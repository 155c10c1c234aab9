"""T001 on Opus's 20 kHz wall when only a few dB of content stand over the floor (floorwall.py):
csound's recorded flute through libopus, decoded at 48 kHz and written at 16 bits with
opus-tools' noise-shaped dither, is lossy-origin; the same flute with the same dither, as it is
and brought to 48 kHz by libsamplerate's medium converter (its wall near 20 kHz), is not; nor
is ALSA's recorded speech brought to 40 kHz and back up by an FFT resampler (a brick wall at
20 kHz that edge.py sees and judges inconclusive)."""

from __future__ import annotations

from pathlib import Path

import audiogen as g
import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompt, prompts
from scipy import signal

from audiolint import api

DATA = Path(__file__).parents[1] / "data"
# opusdec.c (opus-tools 0.2), fcoef[0]: its 48 kHz error-feedback filter, b then a
OPUSDEC_48K = (2.2374, -0.7339, -0.1251, -0.6033, 0.9030, 0.0116, -0.5853, -0.2571)


def opusdec_dither(x: np.ndarray, seed: int = 0) -> np.ndarray:
    """``x`` with opus-tools' dither added, before 16-bit rounding: noise of the quantiser's
    power (TPDF plus rounding, a quarter of an LSB squared) through the noise transfer function
    of opusdec's error feedback, (1 + z^-1 (a - b)) / (1 + z^-1 a). Above 17 kHz it stands
    about 19 dB over plain 16-bit dither, as opusdec's output does."""
    b, a = np.array(OPUSDEC_48K[:4]), np.array(OPUSDEC_48K[4:])
    rng = np.random.default_rng(seed)
    q = (rng.random(x.shape) - rng.random(x.shape)) * np.sqrt(1.5) / 32768
    return x + signal.lfilter(np.r_[1.0, a - b], np.r_[1.0, a], q)


def _flute(tmp_path) -> tuple[np.ndarray, int]:
    x, sr = sf.read(csound_example("flutec3.wav", tmp_path), dtype="float64", always_2d=True)
    return x.mean(axis=1), sr


def _inspect(path, y):
    sf.write(path, np.clip(opusdec_dither(y), -1, 1), 48000, subtype="PCM_16")
    report = api.inspect(path)
    return report.fidelity, [f for f in report.findings if f.rule == "T001"]


@needs_csound_doc
def test_opus_flute_with_opusdec_dither_is_transcoded(tmp_path):
    """The real corpus's Opus 64 kbps flute (opusdec at 48 kHz) read genuine: 'content
    reaches Nyquist', its 20 kHz wall 2-3 dB over the dither."""
    import soxr

    x, sr = _flute(tmp_path)
    ogg = g.write_opus(tmp_path / "f.ogg", soxr.resample(x, sr, 48000, "VHQ"), 48000, kbps=64)
    y, _ = sf.read(ogg, dtype="float64")
    fid, [f] = _inspect(tmp_path / "o.wav", y)
    assert fid["verdict"] == "lossy-origin" and 19900 <= fid["cutoff_hz"] <= 20100, fid
    assert 2.0 <= fid["depth_db"] < 20, fid
    wall = fid["floor_wall"]  # the marker T001's words key on, with what was measured
    assert f"falls {wall['drop_db']:.1f} dB within 260 Hz" in f.message, f.message
    assert f"from a band {fid['depth_db']:.1f} dB over a floor that stays flat" in f.message
    assert "Opus" in f.message and "where Opus always cuts" in fid["evidence"][0]


@needs_csound_doc
@pytest.mark.parametrize("how", ["as-is", "sinc_medium"])
def test_flute_without_opus_is_not(tmp_path, how):
    """The flute's own roll-off, and libsamplerate's medium converter from 44.1 kHz (its
    filter's wall at 0.9 of 22.05 kHz, around Opus's 20 kHz), under the same dither."""
    import samplerate
    import soxr

    x, sr = _flute(tmp_path)
    y = (
        soxr.resample(x, sr, 48000, "VHQ")
        if how == "as-is"
        else samplerate.resample(x, 48000 / sr, "sinc_medium")
    )
    fid, found = _inspect(tmp_path / "g.wav", y)
    assert found == [] and fid["verdict"] != "lossy-origin", fid


@needs_alsa
def test_speech_through_40_khz_is_not(tmp_path):
    """RVC trains at 40 kHz: ALSA's two "Side" prompts brought down to it (scipy's polyphase
    filter) and up to 48 kHz by scipy.signal.resample (FFT: a brick wall at 20 kHz, no ramp),
    16-bit with TPDF dither. edge.py finds the 22-26 dB edge at 19.5 kHz and judges it
    inconclusive; at 2663882 the floor wall made it lossy-origin, as if Opus had cut there."""
    x = np.concatenate([prompt(side)[0] for side in ("Side_Left", "Side_Right")])
    y = signal.resample(signal.resample_poly(x.astype(np.float64), 5, 6), len(x))
    rng = np.random.default_rng(0)
    y = 0.8 * y / np.abs(y).max() + (rng.random(len(y)) - rng.random(len(y))) / 32768
    sf.write(tmp_path / "s.wav", y, 48000, subtype="PCM_16")
    report = api.inspect(tmp_path / "s.wav")
    fid = report.fidelity
    assert 19000 <= fid["cutoff_hz"] <= 21000, fid  # the edge is seen
    assert fid["verdict"] == "inconclusive" and "floor_wall" not in fid, fid
    assert [f for f in report.findings if f.rule == "T001"] == []


def _through_40k(x: np.ndarray, down: str) -> np.ndarray:
    """48 kHz speech brought to 40 kHz (scipy's polyphase filter, or an FFT) and back up to
    48 kHz by scipy.signal.resample (an FFT: a brick wall at 20 kHz), 16-bit TPDF dither."""
    x = x.astype(np.float64)
    low = signal.resample_poly(x, 5, 6) if down == "poly" else signal.resample(x, len(x) * 5 // 6)
    y = signal.resample(low, round(len(low) * 1.2))
    rng = np.random.default_rng(0)
    return 0.8 * y / np.abs(y).max() + (rng.random(len(y)) - rng.random(len(y))) / 32768


@needs_alsa
@pytest.mark.parametrize(
    "which, down", [("Side_Right", "poly"), ("Side_Right", "fft"), ("all eight", "poly")]
)
def test_speech_falling_into_a_20_khz_brick_wall_is_not_opus(tmp_path, which, down):
    """Where edge.py sees no edge, the wall at 20 kHz is all there is: ALSA's recorded
    prompts roll off through the kHz under it (the level 900-700 Hz under the wall stands
    0.84-3.0 times the wall's own fall above the level just under it), where Opus's last band
    holds level (up to 0.64 through libopus 32-160 kbps). At 3d65b65 each read lossy-origin
    with T001 ('falls 4.4 dB within 260 Hz at 19.97 kHz ... typical of Opus')."""
    x = prompt(which)[0] if which != "all eight" else prompts(0.3)[0]
    sf.write(tmp_path / "s.wav", _through_40k(x, down), 48000, subtype="PCM_16")
    report = api.inspect(tmp_path / "s.wav")
    fid = report.fidelity
    assert fid["verdict"] != "lossy-origin" and "floor_wall" not in fid, fid
    assert [f for f in report.findings if f.rule == "T001"] == []


def test_loudnorm_192k_copy_is_not_opus():
    """FFmpeg's loudnorm writes 192 kHz unless told otherwise: its copy of Sonic Pi's rubbed
    glass (tests/data/ambi_glass_rub_loudnorm.txt) falls from 20.2 kHz through swresample's
    skirt and images, 3-20 dB over the floor up to 25 kHz. The floor's halves (20-58 and 58-93
    kHz) were flat, and at c1f1cfd it read lossy-origin: 'falls 9.1 dB within 260 Hz at 20.27
    kHz ... typical of Opus'. The band a 48 kHz file holds above the wall must be flat too."""
    report = api.inspect(DATA / "ambi_glass_rub_loudnorm.flac")
    fid = report.fidelity
    assert fid["verdict"] != "lossy-origin" and "floor_wall" not in fid, fid
    assert [f for f in report.findings if f.rule == "T001"] == []


@pytest.mark.parametrize("rate", [96000, 192000])
def test_opus_wall_holds_in_a_copy_brought_up_by_swresample(rate):
    """A real voice (tests/data/voicebook_38_2) through FFmpeg's libopus at 96 kbps (PyAV, in
    WebM), decoded at 48 kHz into 16 bits, then brought to a hi-res rate by FFmpeg's
    swresample, 16-bit: its fall from 48 kHz starts near 22 kHz. Read up to 0.97 of 24 kHz
    (975e901), the band above Opus's wall was never flat and no wall was found (review 54c:
    9 of 21 real Opus decodes lost their finding); read up to 0.9 of 24 kHz, it is."""
    from realaudio import ffmpeg_filters, opus_decode

    from audiolint.analysis import floorwall
    from audiolint.analysis.spectrum import SpectrumAccumulator

    x, sr = sf.read(DATA / "voicebook_38_2.flac", dtype="int16", always_2d=True)
    x = x.mean(axis=1).astype(np.int16)  # its two channels mixed, as the probe read it
    y = np.round(np.clip(opus_decode(x, sr, 96), -1, 1) * 32767) / 32767
    up = ffmpeg_filters(y.astype(np.float32), 48000, ("aresample", str(rate)))
    up = np.round(np.clip(up, -1, 1) * 32767) / 32767
    spec = SpectrumAccumulator(rate, 1)
    spec.update(up.astype(np.float32)[:, None])
    spec.finish()
    wall = floorwall.measure(spec.freqs(), spec.mean("total"))
    assert wall is not None and 19900 <= wall["cutoff_hz"] <= 20200, wall
    assert wall["flat_db"] <= floorwall.FLAT_DB
