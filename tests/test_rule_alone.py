"""A rule run alone (``--select``) finds on real audio what it finds in a full run: the
analysers it declares (``ANALYSERS``) are all it reads. Session 30: S008 alone read no second
pitch (the harmony analyser did not run), so its voice gate (S007's tests) judged without it:
seven music tracks (fillets-ng's, Asterisk's music on hold) read reverberant alone and not in a
full run, and here a flute over Max Mathews speaking, or over a drum loop, in a room the other
way round."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompts
from rules.test_reverb import room
from scipy.signal import fftconvolve, resample_poly

import audiolint
from audiolint.rules import ALL

MUSIC = ("flute.aiff", "drumsMlp.wav", "mary.wav", "oboe.aiff", "singFemale.aif")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """ALSA's prompts dry and in a 1 s room, and csound's recorded music examples."""
    tmp = tmp_path_factory.mktemp("alone")
    x, sr = prompts(0.4)
    sf.write(tmp / "dry.wav", 0.5 * x / np.abs(x).max(), sr, subtype="PCM_16")
    wet = fftconvolve(x, room(sr, 1.0))
    sf.write(tmp / "room.wav", 0.5 * wet / np.abs(wet).max(), sr, subtype="PCM_16")
    for name in MUSIC:
        csound_example(name, tmp)
    for a, b in (("flutec3.wav", "MathewsN.wav"), ("drumsMlp.wav", "flutec3.wav")):
        (xa, ra), (xb, rb) = (
            _mono(csound_example(n, tmp_path_factory.mktemp("x"))) for n in (a, b)
        )
        xb = resample_poly(xb, ra // np.gcd(ra, rb), rb // np.gcd(ra, rb))
        n = min(len(xa), len(xb))
        mix = fftconvolve(
            xa[:n] / np.abs(xa).max() + 0.7 * xb[:n] / np.abs(xb).max(), room(ra, 0.6)
        )
        sf.write(tmp / f"{a[:6]}_{b[:6]}.wav", 0.5 * mix / np.abs(mix).max(), ra, subtype="PCM_16")
    return tmp


def _mono(path) -> tuple[np.ndarray, int]:
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    return x.mean(axis=1), sr


@needs_alsa
@needs_csound_doc
def test_each_signal_rule_alone_finds_what_a_full_run_finds(folder):
    full = audiolint.check(folder, cache_dir=None, read_config=False)
    # a rule that defers to another when that one runs (S009 to S007, by design) is left out
    signal = [
        r.ID
        for r in ALL
        if r.REQUIRES == "signal" and r.SCOPE == "file" and not getattr(r, "DEFERS_TO", ())
    ]
    assert "S008" in signal and "S007" in signal
    for rule in signal:
        alone = audiolint.check(folder, select=[rule], cache_dir=None, read_config=False)
        got = {f.path: [p.message for p in f.findings if p.rule == rule] for f in alone.files}
        want = {f.path: [p.message for p in f.findings if p.rule == rule] for f in full.files}
        assert got == want, rule
