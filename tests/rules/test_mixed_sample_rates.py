"""D002 mixed-sample-rates: one warning with the counts per rate; one rate is quiet; a file
upsampled from a lower rate counts at that rate for what limits the set."""

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts
from scipy.signal import resample_poly

import audiolint


@needs_alsa
def test_mixed_rates(tmp_path, run_rule):
    """ALSA's prompts as recorded (48 kHz, content to 19.6 kHz) and brought to 44.1 and 16 kHz:
    the 16 kHz copies hold less than the others do, and limit the set."""
    x, sr = prompts(0.3)
    parts = np.array_split(x, 4)
    for i, (rate, up, down) in enumerate(((44100, 147, 160), (44100, 147, 160), (48000, 1, 1),
                                          (16000, 1, 3))):  # fmt: skip
        y = resample_poly(parts[i], up, down)
        sf.write(tmp_path / f"{i}.wav", np.clip(y, -1, 1), rate, subtype="PCM_16")
    [f] = run_rule(tmp_path, "D002")
    assert f.severity == "warning" and f.term == "Sample rate"
    assert f.data == {
        "by_sample_rate": {"44100": 2, "48000": 1, "16000": 1},
        "lowest_rate_held": 16000,
        "upsampled_to_higher": 0,
        "higher_rates_add_detail": True,
        "target_rate": 40000,
    }
    assert "3 sample rates: 44.1 kHz (2 files), 48 kHz (1 file), 16 kHz (1 file)" in f.message
    assert "16 kHz files limit" in f.message


@needs_alsa
def test_higher_rates_holding_no_more_than_the_lowest_are_said_to(tmp_path, run_rule):
    """The prompts at 48 kHz (content to 19.6 kHz) beside a 44.1 kHz copy: the 44.1 kHz rate
    holds all of it, so it limits nothing (it said "the 44.1 kHz files limit the detail of the
    set"; FFmpeg's loudnorm writing a prompt at 192 kHz drew the same)."""
    x, sr = prompts(0.3)
    half = len(x) // 2
    sf.write(tmp_path / "a.wav", x[:half], sr, subtype="PCM_16")
    y = np.clip(resample_poly(x[half:], 147, 160), -1, 1)
    sf.write(tmp_path / "b.wav", y, 44100, subtype="PCM_16")
    [f] = run_rule(tmp_path, "D002", target_rate=48000)
    assert f.data["higher_rates_add_detail"] is False and f.data["lowest_rate_held"] == 44100
    assert "which 44.1 kHz audio holds: the higher rates add no detail" in f.message
    assert "limit" not in f.message and f.severity == "warning"
    # review 40: at RVC's 40 kHz (the default target) both rates hold all a model uses: it said
    # "the 44.1 kHz files limit the detail of the set", a warning, at any target
    [f] = run_rule(tmp_path, "D002")
    assert f.severity == "info" and "every one holds what a 40 kHz model uses" in f.message
    assert "none limits the set" in f.message and f.data["target_rate"] == 40000


def test_one_rate_across_formats_is_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.tone(48000, 1.0), 48000)
    gen.write_flac(tmp_path / "b.flac", gen.tone(48000, 1.0), 48000, subtype="PCM_24")
    gen.write_mp3(tmp_path / "c.mp3", gen.tone(48000, 1.0), 48000, kbps=192)
    gen.write_text_as(tmp_path / "d.wav")  # unreadable: has no rate to count
    assert run_rule(tmp_path, "D002") == []


@needs_alsa
def test_an_upsampled_file_counts_at_its_old_rate(tmp_path):
    """ALSA's recorded prompts at 48 kHz, and a copy of them brought up from 22.05 kHz to 96 kHz
    (scipy's polyphase filter both ways): the stated rates are 48 and 96 kHz, but the copy holds
    22.05 kHz audio (T002), and that is what limits the set; said "the 48 kHz files" before."""
    x, sr = prompts(0.3)
    low = resample_poly(x, 147, 320)  # 48 -> 22.05 kHz
    up = resample_poly(low, 640, 147)  # 22.05 -> 96 kHz
    assert sr == 48000
    sf.write(tmp_path / "prompts.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "copy.wav", np.clip(up, -1, 1), 96000, subtype="PCM_16")
    report = audiolint.check(tmp_path, cache_dir=None, read_config=False)
    [copy] = [f for f in report.files if f.path.endswith("copy.wav")]
    assert (copy.fidelity or {}).get("upsampled_from") == 22050
    [d002] = [f for f in report.dataset_findings if f.rule == "D002"]
    assert d002.data["lowest_rate_held"] == 22050 and d002.data["upsampled_to_higher"] == 1
    assert (
        "the 22.05 kHz audio limits the detail of the set: 1 file at a higher rate holds no "
        "more than 22.05 kHz audio, T002" in d002.message
    )


@needs_alsa
def test_a_set_whose_higher_rate_files_are_all_upsampled_says_they_add_no_detail(tmp_path):
    """ALSA's prompts at 16 kHz, and the same brought back to 48 kHz (T002: from 16 kHz): the
    message says the 48 kHz file holds no more than 16 kHz audio, and the data agrees (review:
    ``higher_rates_add_detail`` read true there)."""
    x, sr = prompts(0.3)
    low = resample_poly(x, 1, 3)
    sf.write(tmp_path / "low.wav", np.clip(low, -1, 1), 16000, subtype="PCM_16")
    sf.write(tmp_path / "up.wav", np.clip(resample_poly(low, 3, 1), -1, 1), sr, subtype="PCM_16")
    report = audiolint.check(tmp_path, cache_dir=None, read_config=False)
    [d002] = [f for f in report.dataset_findings if f.rule == "D002"]
    assert d002.data["upsampled_to_higher"] == 1 and d002.data["lowest_rate_held"] == 16000
    assert d002.data["higher_rates_add_detail"] is False
    assert "1 file at a higher rate holds no more than 16 kHz audio" in d002.message
