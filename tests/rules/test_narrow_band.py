"""T005 narrow band: the sound fades into the floor far under the file's Nyquist frequency.

Regression (session 31's audit): FFmpeg's loudnorm wrote 16 kHz speech at 192 kHz (its default
output rate) and radio-filtered game voices (Nexuiz's specop lines, 3.5 kHz of 22.05) drew no
finding at all: T002 could not read a resampler's wall over the source's gentle roll-off, and
"inconclusive" says nothing. Built here from ALSA's recorded prompts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.signal as ss
import soundfile as sf
import soxr
from realaudio import PROMPTS, asterisk_fr, needs_alsa, needs_asterisk_fr, prompt, tight


def telephone(x: np.ndarray, sr: int) -> np.ndarray:
    """``x`` through a telephone's band, 300-3400 Hz (a 10th-order Butterworth, both ways)."""
    sos = ss.butter(10, (300, 3400), btype="bandpass", fs=sr, output="sos")
    return ss.sosfiltfilt(sos, x)


@needs_alsa
def test_a_telephone_band_voice_at_48_khz_is_named_with_its_reach(tmp_path, run_rule):
    x, sr = prompt("Front_Left")
    path = tmp_path / "phone.wav"
    sf.write(path, 0.5 * telephone(x, sr) / np.abs(telephone(x, sr)).max(), sr, "PCM_16")
    [f] = run_rule(path, "T005")
    assert f.severity == "warning" and f.term == "Cutoff frequency"
    assert 3400 <= f.data["reach_hz"] <= 6000 and f.data["nyquist_hz"] == 24000
    share = round(100 * f.data["reach_hz"] / 24000)
    assert f"by {f.data['reach_hz'] / 1000:.1f} kHz, {share}% of the 24 kHz its 48 kHz" in f.message


@needs_alsa
def test_16_khz_speech_written_at_192_khz_is_named(tmp_path, run_rule):
    """As FFmpeg's loudnorm leaves it: 16 kHz speech (its own gentle roll-off) brought to
    192 kHz; T002 may or may not read the wall, and one of the two says the band is gone."""
    x, sr = prompt("Rear_Left")
    low = soxr.resample(telephone(x, sr) + 0.0 * x, sr, 16000)  # a phone line's 16 kHz copy
    path = tmp_path / "loudnorm.wav"
    sf.write(path, 0.5 * ss.resample_poly(low, 12, 1) / np.abs(low).max(), 192000, "PCM_16")
    found = run_rule(path, "T005") + run_rule(path, "T002")
    assert [f.rule for f in found] in (["T005"], ["T002"])
    if found[0].rule == "T005":
        assert found[0].data["reach_hz"] < 8000


@needs_alsa
def test_a_recording_upsampling_or_silence_is_not_named(tmp_path, run_rule):
    """The prompt as recorded reaches its own Nyquist frequency; brought up from 16 kHz by
    soxr, T002 names the cause and T005 keeps quiet; digital silence is S002's."""
    x, sr = prompt("Front_Left")
    sf.write(tmp_path / "as-is.wav", x, sr, "PCM_16")
    up = soxr.resample(soxr.resample(x, sr, 16000), 16000, sr)
    sf.write(tmp_path / "up.wav", up, sr, "PCM_16")
    sf.write(tmp_path / "zeros.wav", np.zeros(sr * 2), sr, "PCM_16")
    # a phone voice so quiet that no 20 ms rises over RVC's slicer (-42 dBFS): S002's
    sf.write(tmp_path / "faint.wav", 0.006 * telephone(x, sr) / np.abs(x).max(), sr, "PCM_16")
    assert run_rule(tmp_path, "T005") == []
    assert [f.rule for f in run_rule(tmp_path / "faint.wav", "S002")] == ["S002"]
    assert [f.rule for f in run_rule(tmp_path / "up.wav", "T002")] == ["T002"]


@needs_alsa
def test_max_share_sets_how_narrow(tmp_path, run_rule):
    """A 6.3 kHz low-pass (a muffled recording; away from 0.86-1.0 of a lower standard rate's
    Nyquist frequency, where T002 reads a steep filter as a resampler's) is under half of 24
    kHz: named by default, not with max_share 0.2."""
    x, sr = prompt("Front_Left")
    sos = ss.butter(16, 6300, fs=sr, output="sos")
    path = tmp_path / "muffled.wav"
    sf.write(path, ss.sosfiltfilt(sos, x), sr, "PCM_16")
    [f] = run_rule(path, "T005")
    assert 6300 <= f.data["reach_hz"] <= 9600
    assert run_rule(path, "T005", rule_options={"T005": {"max_share": 0.2}}) == []


@needs_alsa
def test_a_lossy_file_is_left_to_its_bitrate_rules(tmp_path, run_rule):
    """A telephone-band voice in Ogg Vorbis at a low quality: its sound fades by about 5.7 kHz,
    its encoder's band at that bitrate, which T004 (narrower than its bitrate keeps) judges;
    T005 leaves lossy files alone (it named this one before)."""
    x, sr = prompt("Front_Left")
    y = telephone(x, sr)
    path = tmp_path / "phone.ogg"
    sf.write(path, 0.5 * y / np.abs(y).max(), sr, format="OGG", subtype="VORBIS",
             compression_level=0.9)  # fmt: skip
    assert run_rule(path, "T005") == []
    assert [f.rule for f in run_rule(path, "T004")] == ["T004"]


@needs_alsa
def test_the_band_judged_is_the_one_the_target_rate_uses(tmp_path, run_rule):
    """The telephone voice at 48 kHz: its 3.4-6 kHz reach is under half of 20 kHz (a 40 kHz
    model's band), not under half of 4 kHz (an 8 kHz target's): the target rate (the global
    --target-rate) bounds the band judged, as a 96 kHz recording quiet past 20 kHz holds all a
    40 kHz model uses."""
    x, sr = prompt("Front_Left")
    y = telephone(x, sr)
    path = tmp_path / "phone.wav"
    sf.write(path, 0.5 * y / np.abs(y).max(), sr, "PCM_16")
    [f] = run_rule(path, "T005")
    assert f.data["target_rate"] == 40000
    assert run_rule(path, "T005", target_rate=8000) == []


@needs_alsa
def test_a_voice_notes_cliff_under_noise_is_the_band(tmp_path, gen, run_rule):
    """ALSA's "Side left" through Opus at 12 kbps (libsndfile's libopus: a wideband voice),
    decoded at 48 kHz, with white noise at -80 dBFS over it (as opusdec's dither lifts the top
    band): the noise reaches 24 kHz, so the floor gives no reach, and the verdict names no cause
    for the 8.8 kHz cliff (inconclusive). The cliff, 39 dB deep, is the band: T005 says so
    (before: no finding). Without the noise the reach alone tells (and T002 reads images)."""
    x, sr = prompt("Side_Left")
    y, rate = sf.read(gen.write_opus(tmp_path / "note.opus", x, sr, kbps=12))
    noise = 10 ** (-80 / 20) * np.random.default_rng(0).standard_normal(len(y))
    path = tmp_path / "note.wav"
    sf.write(path, np.clip(y + noise, -1, 1), rate, subtype="PCM_16")
    [f] = run_rule(path, "T005")
    assert f.message.startswith("its content stops at 8.8 kHz with a ")
    assert "with only noise above" in f.message and "a low-bitrate voice note" in f.message
    assert 8500 <= f.data["cutoff_hz"] <= 9000 and f.data["verdict"] == "inconclusive"


# Fidelity records as measured (review of session 34): Sonic Pi's ambient piano through FFmpeg's
# acompressor, and ALSA's Side_Left through opusenc at 12 kbps decoded by opusdec
PIANO = {"analysed": True, "verdict": "inconclusive", "bandwidth_limited": True,
         "cutoff_hz": 1055, "depth_db": 31.4, "width_hz": 431, "reach_hz": None}  # fmt: skip
NOTE = {**PIANO, "cutoff_hz": 8812, "depth_db": 40.9, "width_hz": 539}


def _t005(fidelity: dict) -> list:
    from types import SimpleNamespace

    from audiolint.rules import narrow_band
    from audiolint.rules.base import FileContext

    props = SimpleNamespace(sample_rate=48000, lossless=True)
    ctx = FileContext(Path("x.wav"), "x.wav", SimpleNamespace(properties=props), fidelity=fidelity)
    return list(narrow_band.check(ctx, narrow_band.DEFAULT))


def test_a_steep_fall_under_a_voices_narrowest_band_is_not_read_as_a_cliff():
    """The piano's own fall at 1.1 kHz (its partials go on to 3 kHz) is no band edge: under 3
    kHz (MIN_CLIFF_HZ) the cliff path stays silent; the voice note's 8.8 kHz cliff is read."""
    assert _t005(PIANO) == []
    [note] = _t005(NOTE)
    assert note.data["cutoff_hz"] == 8812 and note.data["reach_hz"] is None


def test_a_measured_reach_is_the_band_not_a_shallow_cliff_under_it():
    """Where the band's top was measured over the floor and the fall under it is shallower than
    FAINT_DB (csound's singer through afftdn: 33 dB at 3.9 kHz, its treble going on to 19 kHz),
    the band is read at the reach."""
    assert _t005({**NOTE, "cutoff_hz": 3900, "depth_db": 33.0, "reach_hz": 19380}) == []


def test_a_faint_floor_past_a_deep_cliff_is_not_the_band():
    """Review 39: 8 kHz speech through FFmpeg's loudnorm at 48 kHz read "fades into the samples'
    floor by 10.0 kHz" where its content stops at 4.4 kHz, 47 dB down: a floor 40-80 dB under
    the voice went on to 10 kHz. The band is read at the cliff, the reach quoted beside it."""
    [f] = _t005({**NOTE, "cutoff_hz": 4383, "depth_db": 47.0, "width_hz": 328, "reach_hz": 9984})
    assert f.data["cutoff_hz"] == 4383 and f.data["reach_hz"] == 9984
    assert f.message.startswith("its content stops at 4.4 kHz with a 47 dB")
    assert "a faint floor (the samples' own by 10.0 kHz) above" in f.message
    # nearer than FLOOR_PAST, the reach is the band's top
    [g] = _t005({**NOTE, "cutoff_hz": 6200, "depth_db": 47.0, "reach_hz": 6400})
    assert g.message.startswith("its sound fades into the samples' floor by 6.4 kHz")


@needs_alsa
def test_an_undithered_8_bit_voice_reaches_past_its_fricatives(tmp_path, run_rule):
    """Review 38: 8-bit game voices (MegaGlest's) read "fades into the samples' floor by 3.3-3.7
    kHz" where their fricatives stand 10-15 dB over the floor plain rounding leaves, to 8-15
    kHz: the floor was TPDF dither's, 4.8 dB higher. ALSA's prompt written as 8 bits without
    dither: its reach is read past 8 kHz (5.0 kHz before), and a top standing 10 dB over plain
    rounding's floor is sound up to Nyquist."""
    from audiolint import inspect

    x, sr = prompt("Front_Left")
    sf.write(tmp_path / "u8.wav", x / np.abs(x).max() * 0.9, sr, subtype="PCM_U8")
    assert inspect(tmp_path / "u8.wav").fidelity["reach_hz"] > 8000


def _loudnorm_to_48k(x: np.ndarray, sr: int) -> np.ndarray:
    """``x`` through FFmpeg's loudnorm then its resampler to 48 kHz (PyAV's libavfilter), as
    16-bit samples: ``ffmpeg -af loudnorm -ar 48000`` of a download."""
    from fractions import Fraction

    av = pytest.importorskip("av")
    graph = av.filter.Graph()
    nodes = [graph.add_abuffer(format="flt", sample_rate=sr, layout="mono"),
             graph.add("loudnorm", "I=-16:TP=-1.5:LRA=11"), graph.add("aresample", "48000"),
             graph.add("aformat", "sample_fmts=s16"), graph.add("abuffersink")]  # fmt: skip
    for a, b in zip(nodes, nodes[1:], strict=False):
        a.link_to(b)
    graph.configure()
    out = []

    def drain():
        while True:
            try:
                out.append(graph.pull().to_ndarray().reshape(-1))
            except (av.BlockingIOError, av.EOFError):
                return

    for i in range(0, len(x), 4096):
        frame = av.AudioFrame.from_ndarray(x[None, i : i + 4096], format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = sr, i, Fraction(1, sr)
        graph.push(frame)
        drain()
    graph.push(None)
    drain()
    return np.concatenate(out).astype(np.float32) / 32768


@needs_asterisk_fr
def test_telephone_speech_through_loudnorm_is_named_at_its_cliff(tmp_path, run_rule):
    """Asterisk's French prompt (8 kHz) through loudnorm to 48 kHz: its content stops at about
    4.5 kHz, a floor 40-80 dB under it goes on to about 7 kHz; T005 names the cliff, not the
    floor's reach (before: "fades into the samples' floor by 6.9 kHz")."""
    x, sr = asterisk_fr("vm-intro")
    path = tmp_path / "vm-intro.wav"
    sf.write(path, _loudnorm_to_48k(x.astype(np.float32), sr), 48000, subtype="PCM_16")
    [f] = run_rule(path, "T005")
    assert 4000 <= f.data["cutoff_hz"] <= 4700 and f.data["reach_hz"] >= 1.25 * f.data["cutoff_hz"]
    assert f.message.startswith("its content stops at 4.")


@needs_alsa
def test_a_band_lost_before_a_lossy_encode_is_named(tmp_path, run_rule):
    """Review 44a: speech brought up from 16 kHz, then through Opus at 96 kbps (a video
    site's copy of a low-rate upload) and decoded to WAV: T001 named Opus, whose edge stands at
    20 kHz, and nothing said the sound stops at 8 kHz. Where the sound fades out well under the
    codec's edge, the codec does not explain the band: T005 names it, and says so. The same
    speech through Opus without the trip to 16 kHz: no T005."""
    import audiogen

    x = np.tile(np.concatenate([tight(prompt(n)[0]) for n in PROMPTS]), 2)  # 20 s, no pauses
    low = soxr.resample(soxr.resample(x, 48000, 16000), 16000, 48000)
    for name, y in (("low", low), ("full", x)):
        pcm = (0.5 * y / np.abs(y).max()).astype(np.float32)[:, None]
        opus = audiogen._pyav_encode(tmp_path / f"{name}.opus", "ogg", "libopus", pcm, 48000,
                                     bit_rate=96000)  # fmt: skip
        sf.write(tmp_path / f"{name}.wav", sf.read(opus)[0], 48000, "PCM_16")
    t001 = run_rule(tmp_path / "low.wav", "T001")
    assert [f.rule for f in t001] == ["T001"] and "Opus" in t001[0].message
    [f] = run_rule(tmp_path / "low.wav", "T005")
    assert f.data["reach_hz"] < 8500
    assert "the edge T001 reads stands far higher, at 20.0 kHz" in f.message
    assert run_rule(tmp_path / "full.wav", "T005") == []


@needs_alsa
def test_8_bit_speech_is_left_to_q004_but_a_telephone_band_is_not(tmp_path, run_rule):
    """Review 58b: 8-bit game voice lines (MegaGlest) read "fades into the samples' floor by
    6.2-8.9 kHz"; their 16-bit copies read nothing. The 8-bit floor hides the treble, which Q004
    names. ALSA's Front_Left as 8-bit reached 8.3 kHz; through a telephone's band, 3.4 kHz."""
    x, sr = prompt("Front_Left")
    full, phone = tmp_path / "full_u8.wav", tmp_path / "phone_u8.wav"
    sf.write(full, 0.9 * x / np.abs(x).max(), sr, "PCM_U8")
    sf.write(phone, 0.9 * telephone(x, sr) / np.abs(telephone(x, sr)).max(), sr, "PCM_U8")
    assert run_rule(full, "T005") == []
    assert [f.rule for f in run_rule(full, "Q004")] == ["Q004"]
    [f] = run_rule(phone, "T005")
    assert 3000 <= f.data["reach_hz"] <= 4000
