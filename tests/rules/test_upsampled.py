"""T002 upsampled: 16 and 22.05 kHz audio resampled to 44.1 kHz, and 44.1 kHz audio resampled
to 48 kHz with a gentle filter (scipy's; its mirror images stand just above 22.05 kHz), are
flagged with the old rate; full-band 44.1 and 48 kHz audio,
48 kHz audio through a converter filter, pure tones and audio at its own native 22.05 kHz rate
are not."""

import shutil
import subprocess

import pytest
from fidelity_cases import SR, converter_edge, upsampled, voice


def test_16k_resampled_to_44k(tmp_path, gen, run_rule):
    p = gen.write_flac(tmp_path / "up.flac", upsampled(16000), SR)
    [f] = run_rule(p, "T002")
    # an error, as Q003 calls a 16 kHz file one: it holds no more (review 40: a set of 8 kHz
    # phone memos saved at 44.1 kHz read "nearly ready" beside an honest 16 kHz file's error)
    assert f.severity == "error" and f.term == "Upsampling"
    assert f.data["upsampled_from"] == 16000
    assert "upsampled from 16 kHz to 44.1 kHz" in f.message
    [f] = run_rule(p, "T002", rule_options={"T002": {"error_below": 16000}})
    assert f.severity == "warning"


def test_22k_resampled_to_44k(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "up.wav", upsampled(22050), SR)
    [f] = run_rule(p, "T002")
    assert f.data["upsampled_from"] == 22050 and f.severity == "error"


def test_native_rates_quiet(tmp_path, gen, run_rule):
    gen.write_flac(tmp_path / "full.flac", voice(), SR)
    gen.write_flac(tmp_path / "native22k.flac", voice(22050), 22050)
    assert run_rule(tmp_path, "T002") == []


def test_44k_resampled_to_48k_with_a_gentle_filter(tmp_path, gen, run_rule):
    # scipy's default polyphase filter leaves no cliff before 24 kHz, only a notch at 22.05
    p = gen.write_flac(tmp_path / "up.flac", upsampled(44100, 48000), 48000)
    [f] = run_rule(p, "T002")
    assert f.data["upsampled_from"] == 44100
    assert "dB down at 22.05 kHz, the Nyquist frequency of 44.1 kHz audio" in f.message


def test_native_48k_quiet(tmp_path, gen, run_rule):
    gen.write_flac(tmp_path / "full48.flac", voice(48000), 48000)
    gen.write_flac(tmp_path / "adc48.flac", converter_edge(voice(48000), 48000, 0.98), 48000)
    assert run_rule(tmp_path, "T002") == []


def test_pure_tone_quiet(tmp_path, gen, run_rule):
    # above a tone there is only quantisation noise: no slope to read a resampler from
    for i, freq in enumerate((220.0, 275.0, 330.0)):
        gen.write_wav(tmp_path / f"tone{i}.wav", gen.tone(SR, 1.3 + 0.3 * i, freq=freq), SR)
    assert run_rule(tmp_path, "T002") == []


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (Debian package espeak-ng; .ci/run installs it)",
)
def test_real_synthesised_speech_at_22050_is_not_called_upsampled(tmp_path, run_rule):
    """Speech rolls off by itself above 4-5 kHz; that is not a resampler's slope. espeak-ng's
    genuine 22.05 kHz speech was once called 'upsampled from 11.025 kHz'."""
    sentences = [
        "The quick brown fox jumps over the lazy dog.",
        "Training a voice model needs clean, dry recordings without music.",
        "Please record each sentence slowly and clearly, then take a short pause.",
        "Numbers like forty two and three thousand are spoken in full.",
    ]
    for i, text in enumerate(sentences):
        subprocess.run(["espeak-ng", "-w", str(tmp_path / f"take{i}.wav"), text], check=True)
    assert run_rule(tmp_path, "T002") == []
