"""S006: a different sound in each channel, louder by turns (two talkers miked apart).

Regression (session 31's audits): Praat's M1F1 (a man left, a woman right), faster-whisper's
stereo_diarization and Montreal Forced Aligner's michaelandsickmichael.wav, two talkers one a
channel, read only "stereo; training tools mix it to mono". Built here from ALSA's recorded
prompts: one prompt a channel by turns, each with the other's bleed 26 dB under it.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint.analysis.stereo import Stereo


def turns() -> tuple[np.ndarray, int]:
    """Front_Left in the left channel, then Rear_Right in the right, overlapping by 0.3 s,
    each channel picking the other talker up 26 dB down."""
    a, sr = prompt("Front_Left")
    b, _ = prompt("Rear_Right")
    lap = int(0.3 * sr)
    n = len(a) + len(b) - lap
    left, right = np.zeros(n), np.zeros(n)
    left[: len(a)] += a
    right[len(a) - lap :] += b
    bleed = 10 ** (-26 / 20)
    return np.stack([left + bleed * right, right + bleed * left], axis=1), sr


@needs_alsa
def test_two_talkers_one_a_channel_are_named_with_their_shares(tmp_path, run_rule):
    x, sr = turns()
    path = tmp_path / "interview.wav"
    sf.write(path, 0.7 * x, sr, subtype="PCM_16")
    [f] = run_rule(path, "S006")
    assert f.severity == "info" and f.term == "Channels"
    left, right = f.data["left_louder_ratio"], f.data["right_louder_ratio"]
    assert left >= 0.3 and right >= 0.3
    assert f"in {100 * left:.0f}% of the loud moments the left channel" in f.message
    assert "as two talkers miked apart" in f.message and "a denoiser" in f.message


@needs_alsa
def test_one_voice_as_a_spaced_pair_or_panned_is_the_info_note(tmp_path, run_rule):
    """One talker: picked up by two spaced microphones (0.6 ms later, 3 dB down in the right),
    or panned hard left (the right 20 dB down): no channel takes the loud moments by turns. (The
    spaced pair is told as a delay since session 43: its mono mix is a comb filter.)"""
    x, sr = prompt("Front_Center")
    d = int(0.0006 * sr)
    spaced = np.stack([x, 0.7 * np.concatenate([np.zeros(d), x[:-d]])], axis=1)
    panned = np.stack([x, 0.1 * x], axis=1)
    for name, y in (("spaced", spaced), ("panned", panned)):
        path = tmp_path / f"{name}.wav"
        sf.write(path, 0.7 * y, sr, subtype="PCM_16")
        [f] = run_rule(path, "S006")
        if name == "spaced":
            assert f.severity == "warning" and "delayed by 0.58 ms" in f.message  # 28 samples
        else:
            assert f.severity == "info" and f.message.startswith("stereo")  # (same signal)
        assert "different sound" not in f.message
        assert f.data.get("left_louder_ratio") is None  # the note's data: as before


@needs_alsa
def test_the_shares_do_not_depend_on_how_the_blocks_fall():
    x, sr = turns()
    whole = Stereo(sr, 2)
    whole.update(x)
    pieces = Stereo(sr, 2)
    for i in range(0, len(x), 777):  # blocks that cut the 50 ms frames anywhere
        pieces.update(x[i : i + 777])
    assert pieces.result() == whole.result()
    assert whole.result()["left_louder_ratio"] >= 0.3


def test_mono_and_silence_have_no_shares():
    mono = Stereo(48000, 1)
    mono.update(np.ones((4800, 1)))
    assert mono.result()["left_louder_ratio"] is None
    quiet = Stereo(48000, 2)
    quiet.update(np.full((48000, 2), 1e-4))  # -80 dBFS: under the loud frames' floor
    assert quiet.result()["right_louder_ratio"] is None


def test_digital_silence_between_the_talkers_raises_no_warning():
    """Frames of exact zeros (a file of two short takes in 10 s of digital silence: under 5 %
    of it sound) read as -300 dB, not -inf, so the loud frames' percentile is a number (not
    nan, which left no loud frame) and numpy warns of nothing."""
    import warnings

    rng = np.random.default_rng(0)
    x = np.zeros((48000 * 10, 2))
    x[:9600, 0] = 0.3 * rng.standard_normal(9600)  # 0.2 s: 4 frames of 200
    x[48000:57600, 1] = 0.3 * rng.standard_normal(9600)
    meter = Stereo(48000, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        meter.update(x)
        out = meter.result()
    assert out["left_louder_ratio"] == out["right_louder_ratio"] == 0.5
