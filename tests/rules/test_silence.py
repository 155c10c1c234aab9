"""S002 silence: all silent (error), mostly silent (warning), long silent edges (info)."""

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

SR = 22050


def test_all_silent_is_an_error(tmp_path, gen, run_rule):
    p = gen.write_wav(tmp_path / "a.wav", gen.silence(SR, 2.0), SR)
    [f] = run_rule(p, "S002")
    assert f.severity == "error" and f.term == "Silence" and "entirely silent" in f.message


def test_mostly_silent_warns_and_notes_the_long_tail(tmp_path, gen, run_rule):
    x = np.concatenate([gen.speechlike(SR, 3.0), gen.silence(SR, 5.0)])
    p = gen.write_flac(tmp_path / "a.flac", x, SR)
    warning, info = run_rule(p, "S002")
    assert warning.severity == "warning" and warning.data["silence_ratio"] > 0.6
    # the level measured, not "silence" (review 43b: soft words lie under the line too)
    assert "of the file lies under -42 dBFS, silence to RVC's slicer" in warning.message
    assert "of 8.0 s rises above it" in warning.message and "is silence" not in warning.message
    assert info.severity == "info" and "5.1 s of silence at the end" in info.message


def test_long_leading_silence_is_info(tmp_path, gen, run_rule):
    x = np.concatenate([gen.silence(SR, 1.5), gen.speechlike(SR, 3.0)])
    p = gen.write_wav(tmp_path / "a.wav", x, SR)
    [f] = run_rule(p, "S002")
    assert f.severity == "info" and f.message.startswith("1.6 s of silence at the start")


def test_speech_with_natural_pauses_is_quiet(tmp_path, gen, run_rule):
    gen.write_wav(tmp_path / "a.wav", gen.speechlike(SR, 3.0), SR)
    x = np.concatenate([gen.silence(SR, 0.8), gen.speechlike(SR, 3.0), gen.silence(SR, 0.8)])
    gen.write_wav(tmp_path / "b.wav", x, SR)
    assert run_rule(tmp_path, "S002") == []


@needs_alsa
def test_quiet_real_speech_is_too_quiet_not_silent(tmp_path, run_rule):
    """Real speech peaking at -45 dBFS is under RVC's -42 dB slicer threshold all through; it
    was called 'entirely silent'. It is quiet, and normalising it fixes it."""
    x, sr = prompt("Front_Center")
    sf.write(tmp_path / "quiet.wav", x / np.abs(x).max() * 10 ** (-45 / 20), sr, subtype="PCM_16")
    [f] = run_rule(tmp_path / "quiet.wav", "S002")
    assert f.severity == "error" and "entirely silent" not in f.message
    assert "too quiet for RVC's slicer: peaks at -45.0 dBFS, normalise it" in f.message


@needs_alsa
def test_a_file_under_one_frame_is_too_short_not_quiet(tmp_path, run_rule):
    """22 samples of a real prompt's loudest part (peak near full scale) hold no whole 20 ms
    frame: they read 'too quiet for RVC's slicer: peaks at -0.2 dBFS' (session 30's audit)."""
    x, sr = prompt("Front_Center")
    i = int(np.argmax(np.abs(x)))
    sf.write(tmp_path / "tiny.wav", x[i - 11 : i + 11] / np.abs(x).max(), sr, subtype="FLOAT")
    [f] = run_rule(tmp_path / "tiny.wav", "S002")
    assert f.severity == "error" and f.data["frames"] == 22
    assert f.message == (
        "holds only 22 samples (0.5 ms), under one 20 ms frame: too short to judge or to train on"
    )
    sf.write(tmp_path / "empty.wav", np.zeros(0, np.float32), sr, subtype="FLOAT")
    [f] = run_rule(tmp_path / "empty.wav", "S002")
    assert f.message == "holds no samples: nothing to train on"


@needs_alsa
def test_one_whole_quiet_frame_is_still_too_quiet(tmp_path, run_rule):
    """30 ms at -45 dBFS hold one whole frame: quiet, as a longer file at that level is."""
    x, sr = prompt("Front_Center")
    i = int(np.argmax(np.abs(x)))
    quiet = x[i : i + int(0.03 * sr)] / np.abs(x).max() * 10 ** (-45 / 20)
    sf.write(tmp_path / "quiet.wav", quiet, sr, subtype="PCM_16")
    [f] = run_rule(tmp_path / "quiet.wav", "S002")
    assert "too quiet for RVC's slicer" in f.message


@needs_alsa
def test_a_file_under_one_frame_is_too_short_at_any_rate_and_level(tmp_path, run_rule):
    """The analyser's first frame is 220 samples at 11025 Hz (20 ms, rounded down): 219 are
    under it, 220 are not; and a loud 5 ms is as short as a quiet one (it read nothing: the
    analyser judges the last partial frame's level; session 30's review)."""
    x, sr = prompt("Front_Center")
    i = int(np.argmax(np.abs(x)))
    loud = x / np.abs(x).max() * 0.9
    for n, rate, short in ((219, 11025, True), (220, 11025, False), (240, 48000, True)):
        sf.write(tmp_path / "a.wav", loud[i : i + n], rate, subtype="PCM_16")
        found = run_rule(tmp_path / "a.wav", "S002")
        assert any("under one 20 ms frame" in f.message for f in found) == short, (n, rate)


@needs_alsa
def test_quiet_speech_under_the_threshold_is_not_called_silence(tmp_path, run_rule):
    """Review 38 (meeting excerpts at -35 to -51 LUFS): speech under -42 dBFS was "silence",
    and "1.1 s of silence at the start: trim it" would have cut speech. ALSA's four prompts,
    1.5 s of room tone at -75 dBFS first, the whole turned down to about -45 LUFS: the findings
    say what was measured and ask for normalising; at their own level, the room tone at the
    start is silence to trim."""
    parts = [prompt(n)[0] for n in ("Front_Center", "Front_Left", "Rear_Left", "Side_Right")]
    room = np.random.default_rng(3).standard_normal(int(1.5 * 48000)) * 10 ** (-75 / 20)
    x = np.concatenate([room, *parts])
    sf.write(tmp_path / "quiet.wav", x * 10 ** (-24 / 20), 48000, subtype="PCM_24")
    sf.write(tmp_path / "plain.wav", x, 48000, subtype="PCM_24")
    quiet = run_rule(tmp_path / "quiet.wav", "S002")
    assert quiet and all("silence" not in f.message for f in quiet), [f.message for f in quiet]
    assert all("LUFS" in f.message and "normalise it" in f.message for f in quiet)
    [edge] = [f for f in run_rule(tmp_path / "plain.wav", "S002") if f.severity == "info"]
    assert "s of silence at the start: trim it" in edge.message


@needs_alsa
def test_speech_turned_down_70_db_is_not_called_entirely_silent(tmp_path, run_rule):
    """Real speech peaking at -72 dBFS, 18 dB over its dither (review 41: a 33 s clip turned
    down 72 dB read "entirely silent"): what was measured is a peak, not silence."""
    x, sr = prompt("Front_Center")
    rng = np.random.default_rng(0)
    quiet = (
        x / np.abs(x).max() * 10 ** (-72 / 20) + (rng.random(len(x)) - rng.random(len(x))) / 32768
    )
    sf.write(tmp_path / "q72.wav", quiet, sr, subtype="PCM_16")
    [f] = run_rule(tmp_path / "q72.wav", "S002")
    assert f.severity == "error" and "entirely silent" not in f.message
    assert f.message.startswith("silent or all but: peaks at -7")
