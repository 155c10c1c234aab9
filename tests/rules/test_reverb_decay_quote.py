"""S008 quotes a decay time only where the file is as long as it (session 30's audit: "echoes
decaying over about 3.8 s" on a 1.54 s OpenArena voice line; the clarity is the finding's
measure, the decay time its evidence). ALSA's prompts in a 1 s room, measured; the rule on that
signal with the file's real duration, and with a duration shorter than the decay read."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import soundfile as sf
from realaudio import needs_alsa
from scipy.signal import fftconvolve

import audiolint
from audiolint.context import FileContext
from audiolint.rules import reverb
from rules.test_reverb import room, speech


def _messages(signal: dict, duration: float) -> list[str]:
    props = SimpleNamespace(duration_s=duration)
    ctx = FileContext(Path("x.wav"), "x.wav", SimpleNamespace(properties=props), signal=signal)
    return [p.message for p in reverb.check(ctx, dict(reverb.DEFAULT))]


@needs_alsa
def test_a_decay_longer_than_the_file_is_not_quoted(tmp_path):
    x, sr = speech()
    wet = fftconvolve(x, room(sr, 1.0))
    sf.write(tmp_path / "room.wav", 0.5 * wet / np.abs(wet).max(), sr, subtype="PCM_16")
    [f] = audiolint.check(tmp_path / "room.wav", cache_dir=None, read_config=False).files
    rt60 = f.signal["rt60_s"]
    assert rt60 is not None and f.properties.duration_s > rt60
    [said] = _messages(f.signal, f.properties.duration_s)
    assert f"echoes decaying over about {rt60:.1f} s" in said
    [said] = _messages(f.signal, 0.9 * rt60)
    assert said.startswith("reverberant: clarity C50") and "echoes decaying" not in said
