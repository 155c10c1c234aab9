"""T002 precision on real speech: a codec's wall or notch at a lower rate's Nyquist frequency
N is not a resampler's (issue 11, the "mirror case").

Regressions: ALSA's "Rear left" through LAME (PyAV's libmp3lame, option q 5-7) at 48 kHz, wall
at 15.3-15.7 kHz, was "upsampled from 32 kHz"; LAME and AAC decodes with a notch at N and their
own content above it were called upsampled too.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import PROMPTS, needs_alsa, prompt
from scipy import signal

from audiolint.analysis import codecgrid, imaging, resampler, verdict
from audiolint.analysis import edge as edges
from audiolint.analysis.spectrum import SpectrumAccumulator
from rules.test_fidelity_median_real import encode


@needs_alsa
def test_a_lame_wall_under_16k_is_mp3_not_a_resampler(tmp_path, run_rule):
    from audiolint import api

    x, sr = prompt("Rear_Left")
    sf.write(tmp_path / "rl.wav", encode(x, sr, 0, "libmp3lame", "mp3", 1, {"q": "6"}), sr)
    fidelity = api.inspect(tmp_path / "rl.wav", read_config=False).fidelity
    assert fidelity["verdict"] == "lossy-origin"
    assert run_rule(tmp_path / "rl.wav", "T002") == []
    assert run_rule(tmp_path / "rl.wav", "T001")


def _candidate(x: np.ndarray, sr: int, mirrored) -> dict | None:
    acc = SpectrumAccumulator(sr, 1)
    acc.update(x.astype(np.float32)[:, None])
    acc.finish()
    freqs = acc.freqs()
    level = edges.smooth_db(freqs, acc.mean("total"))
    power = float((acc.window.astype(np.float64) ** 2).sum())
    quant = edges.quant_floor_db(power, 16)
    return resampler.resampled_from(freqs, level, sr, verdict.STANDARD_RATES, quant, mirrored)


@needs_alsa
def test_content_above_n_that_is_no_image_rules_the_rate_out():
    """Speech through libsoxr 44.1 -> 22.05 -> 44.1 kHz is found at 22.05 kHz; add another
    prompt's 11.6-13 kHz band 50 dB down (content above N, no mirror of what lies under it)
    and the candidate is ruled out, unless the band above N is said to be mirrored."""
    parts = [prompt(n)[0] for n in PROMPTS[:4]]
    a = soxr.resample(np.concatenate(parts[:2]), 48000, 44100)
    b = soxr.resample(np.concatenate(parts[2:]), 48000, 44100)
    n = min(len(a), len(b))
    up = soxr.resample(soxr.resample(a[:n], 44100, 22050), 22050, 44100)[:n]
    sos = signal.butter(8, (11600, 13000), "bandpass", fs=44100, output="sos")
    high = signal.sosfilt(sos, b[:n])
    mixed = up + high * (0.003 * np.std(up) / np.std(high))
    assert _candidate(up, 44100, None)["rate"] == 22050
    assert _candidate(mixed, 44100, None) is None
    assert _candidate(mixed, 44100, lambda rate: True)["rate"] == 22050
    excerpt = codecgrid.Excerpt()
    excerpt.update(mixed.astype(np.float32)[:, None])
    frames = imaging.frames_db(excerpt.spans(), 44100)
    assert not imaging.mirrored(frames, 44100, 22050, least=imaging.IMAGES_CORR)


@needs_alsa
@pytest.mark.parametrize("kbps", [96])
def test_a_resampled_decode_keeps_its_codec_grid(tmp_path, kbps):
    """An AAC decode taken through a band-limited round trip (libsoxr 48 -> 24 -> 48 kHz)
    keeps the codec's grid under 12 kHz: the edge at 12 kHz then leaves the verdict to the
    grid (lossy-origin), whatever made the edge."""
    from audiolint import api

    x, sr = prompt("Front_Left")
    dec = encode(np.concatenate([x, x[::-1]]), sr, kbps)
    rt = soxr.resample(soxr.resample(dec, sr, 24000), 24000, sr)
    sf.write(tmp_path / "rt.wav", rt, sr, subtype="PCM_16")
    fidelity = api.inspect(tmp_path / "rt.wav", read_config=False).fidelity
    assert fidelity["codec_grid"]["found"], fidelity["codec_grid"]
    assert fidelity["verdict"] == "lossy-origin"
    assert any("a codec's low-pass can stand there as well" in e for e in fidelity["evidence"])
