"""``audiolint inspect``'s text view: an inconclusive fidelity verdict shows the evidence it
rests on, the same strings as the JSON report's, so a reader can see why."""

from __future__ import annotations

import json

import soundfile as sf
from click.testing import CliRunner
from realaudio import needs_alsa, prompt

from audiolint.cli import cli


def _inspect(path, *options) -> str:
    res = CliRunner().invoke(cli, ["inspect", str(path), "--no-color", *options])
    assert res.exit_code == 0, res.output
    return res.output


@needs_alsa
def test_an_inconclusive_verdict_shows_its_evidence(tmp_path):
    """ALSA's recorded prompt through a steep 255-tap FIR low-pass at 12 kHz: its edge holds
    in every loud frame (no codec's flicker) but content reaches 12.2 kHz, above the Nyquist
    frequency of 24 kHz audio, so it fits neither a codec nor a resampler and reads
    inconclusive. (A libsoxr LQ round trip through 32 kHz, this test's case until 85ac753, is
    now recognised as upsampled from 32 kHz, which it is.)"""
    from scipy import signal

    x, sr = prompt("Front_Center")
    path = tmp_path / "lowpassed.wav"
    sf.write(
        path, signal.lfilter(signal.firwin(255, 12000, fs=sr), 1, x, axis=0), sr, subtype="PCM_16"
    )
    fidelity = json.loads(_inspect(path, "--format", "json"))["files"][0]["fidelity"]
    assert fidelity["verdict"] == "inconclusive" and fidelity["evidence"], fidelity
    text = _inspect(path)
    # compared without line breaks: the terminal's width decides where lines wrap
    after = " ".join(text.split("Fidelity evidence (inconclusive):", 1)[1].split())
    assert after.startswith(" ".join(f"- {line}" for line in fidelity["evidence"])), text


def test_other_verdicts_print_no_evidence_block(tmp_path, gen):
    """A full-band lossless file (verdict genuine) keeps the plain table; under 10 s the same
    file is inconclusive (a faint codec grid can go unseen) and says why."""
    path = gen.write_flac(tmp_path / "a.flac", gen.speechlike(48000, 12.0), 48000)
    fidelity = json.loads(_inspect(path, "--format", "json"))["files"][0]["fidelity"]
    assert fidelity["verdict"] == "genuine" and fidelity["evidence"], fidelity
    assert "Fidelity evidence" not in _inspect(path)
    short = gen.write_flac(tmp_path / "b.flac", gen.speechlike(48000, 2.0), 48000)
    assert "a faint one can go unseen" in _inspect(short)
