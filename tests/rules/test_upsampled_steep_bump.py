"""T002's old rate under a steep filter whose transition is centred on N (issue 11).

Regression: SoX ``rate -v -s`` (steep) from 22.05 kHz lets the source's content at 11.025 kHz
through at half level, so the level, having reached its notch at 0.98 N, rises again at N and
falls on past it. That rise read as a fall still unfinished at N, and the wall was moved to the
next standard rate: "upsampled from 24 kHz" on 6 of 19 tune copies of benchmarks/
resampler_sweep.py --old 22050 (4 now read 22.05 kHz). csound's recorded flute, brought down to
22.05 kHz and up to 44.1 kHz by SoX -v -s, as that sweep makes it.
"""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf
import soxr
from realaudio import csound_example, needs_csound_doc

needs_sox = pytest.mark.skipif(not shutil.which("sox"), reason="SoX is not installed")


@needs_csound_doc
@needs_sox
@pytest.mark.parametrize("name", ["flute.aiff", "oboe.aiff"])
def test_a_steep_upsample_from_22k_keeps_its_rate(tmp_path, run_rule, name):
    """As the sweep makes its copies: the first 6 s, down by soxr HQ to 16-bit 22.05 kHz
    samples, up by SoX -v -s through float WAVs, written to 16 bits without dither."""
    x, sr = sf.read(csound_example(name, tmp_path), always_2d=True)
    low = np.round(soxr.resample(x[: 6 * sr], sr, 22050) * 32767) / 32768
    src, up = tmp_path / "low.wav", tmp_path / "up.wav"
    sf.write(src, low, 22050, subtype="FLOAT")
    subprocess.run(["sox", str(src), str(up), "rate", "-v", "-s", "44100"], check=True)
    y, _ = sf.read(up, always_2d=True)
    dest = tmp_path / "steep.wav"
    sf.write(dest, np.clip(y, -1, 1), 44100, subtype="PCM_16")
    [f] = run_rule(dest, "T002")
    assert f.data["upsampled_from"] == 22050
