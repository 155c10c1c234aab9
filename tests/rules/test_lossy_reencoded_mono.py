"""T004 on mono MP3s encoded once from a real recording: LAME keeps far less at 32-48 kbps mono
than stereo at twice the bitrate (48 kbps mono: about 11 kHz, as its verbose output says, not
stereo 96 kbps's 14.5 kHz), so its own low-pass is no sign of a worse source."""

from pathlib import Path

import numpy as np
import pytest
from realaudio import needs_alsa, prompt

DATA = Path(__file__).resolve().parent.parent / "data"


@needs_alsa
@pytest.mark.parametrize("kbps", [32, 48])
def test_a_direct_low_bitrate_mono_encode_is_not_reencoded(tmp_path, gen, run_rule, kbps):
    """ALSA's prompts encoded once by LAME (libsndfile) at 32 and 48 kbps mono: their content
    stops at 8.6 and 11.5 kHz, LAME's low-pass. Before, T004 said 're-encoded from a worse
    source' on both."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    p = gen.write_mp3(tmp_path / "a.mp3", x, 48000, kbps=kbps)
    assert run_rule(p, "T004") == []


@needs_alsa
def test_a_mono_encode_from_a_narrower_source_is_still_found(tmp_path, gen, run_rule):
    """The control: the same prompts cut to 8 kHz first (a 16 kHz source), then encoded at
    128 kbps mono (LAME keeps about 20 kHz there): T004 still finds the worse source."""
    soxr = pytest.importorskip("soxr")
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    narrow = soxr.resample(soxr.resample(x, 48000, 16000), 16000, 48000)
    p = gen.write_mp3(tmp_path / "a.mp3", narrow, 48000, kbps=128)
    [f] = run_rule(p, "T004")
    assert f.rule == "T004" and "re-encoded from a worse source" in f.message, f.message


def _untagged(path):
    """``path`` without its first frame, LAME's Xing/Info tag (ID3 and all else kept): an MP3
    as LAME 3.93 and other old encoders left CBR files, no encoder named."""
    data = path.read_bytes()
    start = data.index(b"\xff\xfb")  # MPEG-1 layer III, no CRC
    bitrate = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)[
        data[start + 2] >> 4
    ]
    rate = (44100, 48000, 32000)[(data[start + 2] >> 2) & 3]
    size = 144000 * bitrate // rate + ((data[start + 2] >> 1) & 1)
    assert b"Info" in data[start : start + size] or b"Xing" in data[start : start + size]
    path.write_bytes(data[:start] + data[start + size :])
    return path


@needs_alsa
def test_an_untagged_mp3_cut_where_an_old_lame_cuts_is_not_reencoded(tmp_path, gen, run_rule):
    """Review 38: Scratch's 64 kbps mono MP3s (LAME 3.93, no LAME tag) stop at 14.0 kHz, that
    LAME's own low-pass (its formula: 13.7 kHz), and T004 called them re-encoded from a worse
    source, against today's 16.5 kHz. ALSA's prompts cut at 13.3 kHz (under that low-pass) and
    encoded at 64 kbps mono: with LAME 3.100's tag the cut is a worse source's (found); without
    a tag, it may be an old encoder's own (not found); cut at 9 kHz, even an old LAME's band is
    far wider (found, and the message says so)."""
    from scipy import signal

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    x = signal.sosfiltfilt(signal.ellip(10, 0.1, 80, 13000, fs=48000, output="sos"), x)
    x = signal.resample_poly(x, 147, 160)  # 44.1 kHz, as Scratch's
    tagged = gen.write_mp3(tmp_path / "tagged.mp3", x, 44100, kbps=64)
    [f] = run_rule(tagged, "T004")
    assert "re-encoded from a worse source" in f.message
    old = _untagged(gen.write_mp3(tmp_path / "old.mp3", x, 44100, kbps=64))
    assert run_rule(old, "T004") == []
    x9 = signal.sosfiltfilt(signal.ellip(10, 0.1, 80, 9000, fs=44100, output="sos"), x)
    [f] = run_rule(_untagged(gen.write_mp3(tmp_path / "o9.mp3", x9, 44100, kbps=64)), "T004")
    assert "keeps about 13.7 kHz (even an old LAME; no tag names the encoder)" in f.message


@needs_alsa
def test_an_untagged_stereo_mp3_at_a_rate_old_lame_never_wrote_is_still_judged(
    tmp_path, gen, run_rule
):
    """Review 38 (helper-218): LAME 3.9x resampled 44.1 kHz stereo under about 108 kbps by
    default, so its formula says nothing of an untagged 96 kbps stereo file. ALSA's prompts
    brought to 22.05 kHz and back (nothing over 11 kHz), 96 kbps stereo, tag frame removed:
    still re-encoded from a worse source, against today's 14.5 kHz."""
    soxr = pytest.importorskip("soxr")
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    x = soxr.resample(soxr.resample(x, 48000, 22050), 22050, 44100)
    stereo = np.stack([x, np.roll(x, 7)], axis=1)
    p = _untagged(gen.write_mp3(tmp_path / "a.mp3", stereo, 44100, kbps=96))
    [f] = run_rule(p, "T004")
    assert "keeps about 14.5 kHz: re-encoded from a worse source" in f.message, f.message


@needs_alsa
def test_a_48_khz_encode_is_allowed_what_a_44_khz_one_at_its_share_of_the_bits_is(tmp_path, gen):
    """Review 41: LAME 192k mono --resample 48 left 14 points of zeros over the 13 allowed at
    192 kbps, in 5 of 29 game sounds never encoded before: at 48 kHz the same bits cover a
    wider band. The allowance is read at 44.1/48 of the bitrate there (17.9 points), and a
    re-encode from a 64 kbps decode, at 48 kHz, still stands over it (by 1.5 times the mono
    allowance from review 44a; by 1.1 since review 50a raised the allowance at 128 kbps mono,
    which the 44.1/48 reading of 192 kbps lies between)."""
    from audiolint import api
    from audiolint.analysis import reencode

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    up = gen.write_mp3(tmp_path / "a48.mp3", x, 48000, kbps=192)
    down = gen.write_mp3(tmp_path / "b44.mp3", soxr_44(x), 44100, kbps=192)
    first = gen.write_mp3(tmp_path / "first.mp3", x, 48000, kbps=64)
    again = gen.write_mp3(tmp_path / "c_again.mp3", _decoded(first), 48000, kbps=192)
    rec = {fr.path.rsplit("/", 1)[-1]: fr for fr in api.check([up, down, again]).files}
    g48, g44 = (rec[n].fidelity["reencode_grid"] for n in ("a48.mp3", "b44.mp3"))
    assert g44["needed_share"] == pytest.approx(reencode.NEEDED_MONO[1])  # 192 kbps, mono
    assert g48["needed_share"] > g44["needed_share"]
    assert not any(f.rule == "T004" for f in rec["a48.mp3"].findings)
    grid = rec["c_again.mp3"].fidelity["reencode_grid"]
    assert grid["found"] and grid["excess_share"] > 1.1 * grid["needed_share"]
    assert any(f.rule == "T004" for f in rec["c_again.mp3"].findings)


def soxr_44(x):
    """``x`` (48 kHz) at 44.1 kHz."""
    soxr = pytest.importorskip("soxr")
    return soxr.resample(x, 48000, 44100)


def _decoded(path):
    """An MP3's decoded samples (libsndfile's mpg123), as a 16-bit WAV would hold them."""
    import soundfile as sf

    y = sf.read(path)[0]
    return np.round(np.clip(y, -1, 32767 / 32768) * 32768) / 32768


@pytest.mark.parametrize("kbps", [192, 224, 320])
def test_a_direct_mono_encode_of_a_whoosh_is_not_reencoded(tmp_path, gen, run_rule, kbps):
    """Review 44a: LAME's direct mono encodes of teeworlds-data's whooshes and voice clips left
    14-17 points more zeros on their grid at 192 kbps (13 allowed), 11 at 224, 7 at 256 and 4
    at 320, and read "re-encoded from a worse source" in 8 of 20. A mono file takes its own
    allowance, from those maxima; a real re-encode still reads (the test above)."""
    import soundfile as sf

    x, sr = sf.read(DATA / "teeworlds_ninja_attack.flac", dtype="float32")
    p = gen.write_mp3(tmp_path / "a.mp3", x, sr, kbps=kbps)
    assert run_rule(p, "T004") == []


def test_a_direct_128k_mono_encode_of_a_saxophone_is_not_reencoded(tmp_path, gen, run_rule):
    """A saxophone's note encoded once by LAME at 128 kbps mono: its sustained partials leave
    45 % of the loud coefficients zero on the grid over half a step off, more than the 33 the
    grid asked at 128 kbps mono, and T004 said "re-encoded from a worse source" (review 50a:
    3 of 16 direct encodes; 20 of karoryfer's 40 sax notes read over 33)."""
    import soundfile as sf

    x, sr = sf.read(DATA / "karoryfer_sax_bb3.flac")
    assert run_rule(gen.write_mp3(tmp_path / "a.mp3", x, sr, kbps=128), "T004") == []


@needs_alsa
def test_a_mono_reencode_of_a_stereo_mp3_names_the_stereo_bitrate_first(tmp_path, gen, run_rule):
    """Review 58c: stereo MP3 128k downloads, decoded, sliced to mono and re-encoded at 320 kbps
    read "probably from mono MP3 around 64 kbps" alone; a mono file's source need not have been
    mono. ALSA's prompts through LAME 128 kbps in stereo (libsndfile), decoded and averaged, then
    encoded at 320 kbps mono: the stereo setting comes first, the mono one after it (before:
    "mono MP3 around 64 kbps (or VBR V5)" first)."""
    import soundfile as sf

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    first = gen.write_mp3(tmp_path / "stereo.mp3", np.stack([x, x], axis=1), 48000, kbps=128)
    y, _ = sf.read(first)
    p = gen.write_mp3(tmp_path / "a.mp3", y.mean(axis=1), 48000, kbps=320)
    [f] = run_rule(p, "T004")  # (here its grid says so first; the band's origin is in data)
    assert f.data["origin"].startswith("MP3 around"), f.data
    assert ", or mono MP3 around" in f.data["origin"], f.data
