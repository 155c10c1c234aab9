"""D003 duplicate: the same decoded audio twice, across formats, rates, levels and encoder delay.

The reference clip is ``a_ref.wav``; discovery sorts paths, so every copy comes later and must
carry the warning, naming the reference.
"""

import contextlib
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, needs_alsa, needs_csound_doc, prompt

from audiolint import api
from audiolint.config import Config

DATA = Path(__file__).parent.parent / "data"

SR = 44100


def _clip(gen, seconds=3.0, seed=1, sr=SR):
    return gen.speechlike(sr, seconds, seed=seed)


def _flagged(path, **settings):
    """{file name: the file name it duplicates} from a D003-only run."""
    report = api.check([path], Config(select=("D003",), **settings))
    assert report.dataset_findings == ()  # every duplicate is attached to its file
    out = {}
    for fr in report.files:
        for f in fr.findings:
            assert f.rule == "D003" and f.term == "Duplicate" and f.severity == "warning"
            assert f.data["path"] == fr.path
            out[fr.path.rsplit("/", 1)[-1]] = f.data["duplicate_of"].rsplit("/", 1)[-1]
    return out


def _resample(x, sr_from, sr_to):
    """Linear-interpolation resampling: enough to make 'the same audio at another rate'."""
    n = int(round(len(x) * sr_to / sr_from))
    t = np.arange(n) * (sr_from / sr_to)
    return np.interp(t, np.arange(len(x)), x[:, 0]).astype(np.float32)[:, None]


def test_same_audio_in_other_formats_depths_and_level(tmp_path, gen):
    x = _clip(gen)
    gen.write_wav(tmp_path / "a_ref.wav", x, SR)
    gen.write_flac(tmp_path / "b_copy24.flac", x, SR, subtype="PCM_24")
    gen.write_wav(tmp_path / "c_float.wav", x, SR, subtype="FLOAT")
    gen.write_wav(tmp_path / "d_quieter.wav", x * 0.5, SR)  # -6 dB: still the same audio
    gen.write_wav(tmp_path / "e_stereo.wav", np.repeat(x, 2, axis=1), SR)
    names = ("b_copy24.flac", "c_float.wav", "d_quieter.wav", "e_stereo.wav")
    assert _flagged(tmp_path) == dict.fromkeys(names, "a_ref.wav")


def test_same_audio_through_lossy_codecs(tmp_path, gen):
    x = _clip(gen)
    gen.write_wav(tmp_path / "a_ref.wav", x, SR)
    gen.write_mp3(tmp_path / "b.mp3", x, SR, kbps=192)
    gen.write_vorbis(tmp_path / "c.ogg", x, SR)
    with contextlib.suppress(gen.EncoderUnavailable):  # PyAV's AAC encoder, when present
        gen.write_m4a(tmp_path / "d.m4a", x, SR)
    copies = {p.name for p in tmp_path.iterdir()} - {"a_ref.wav"}
    assert _flagged(tmp_path) == dict.fromkeys(copies, "a_ref.wav")


def test_shifted_copy_and_other_sample_rate(tmp_path, gen):
    x = _clip(gen)
    gen.write_wav(tmp_path / "a_ref.wav", x, SR)
    # 1500 samples of delay, as an encoder without gapless info adds, then MP3 on top.
    delayed = np.concatenate([np.zeros((1500, 1), np.float32), x])
    gen.write_mp3(tmp_path / "b_delayed.mp3", delayed, SR, kbps=128)
    gen.write_flac(tmp_path / "c_48k.flac", _resample(x, SR, 48000), 48000)
    gen.write_wav(tmp_path / "d_16k.wav", _resample(x, SR, 16000), 16000)
    assert _flagged(tmp_path) == dict.fromkeys(
        ("b_delayed.mp3", "c_48k.flac", "d_16k.wav"), "a_ref.wav"
    )


def test_every_later_copy_names_the_first(tmp_path, gen):
    x = _clip(gen, seconds=2.0)
    for name in ("a.wav", "b.wav", "c.wav"):
        gen.write_wav(tmp_path / name, x, SR)
    [f1, f2] = api.check(tmp_path, select=("D003",)).all_findings()
    assert f1.data["path"].endswith("b.wav") and f2.data["path"].endswith("c.wav")
    assert f1.data["duplicate_of"].endswith("a.wav") and f2.data["duplicate_of"].endswith("a.wav")
    assert "same audio as" in f1.message and f1.data["inside"] is False
    assert f1.message.endswith(": keep one copy")  # all three equally good
    assert f1.data["keep"].endswith("a.wav") and f2.data["keep"].endswith("a.wav")  # the first


def test_the_better_copy_is_named_to_keep(tmp_path, gen):
    """A 24-bit master, its 16-bit export and its MP3: the master's finer bits hold what the
    export's rounding lost, its pauses' hush at -100 dBFS, which 16 bits round to nothing
    (duplicate_traits.resolved_bits)."""
    hush = gen.noise(SR, 1.0, amp=2e-5, seed=3)
    x = np.concatenate([_clip(gen, seconds=1.5), hush, _clip(gen, seconds=1.5, seed=2)])
    gen.write_mp3(tmp_path / "a.mp3", x, SR, kbps=192)
    gen.write_wav(tmp_path / "b.wav", x, SR)
    gen.write_flac(tmp_path / "c.flac", x, SR, subtype="PCM_24")
    found = {
        f.data["path"][-6:]: f.message for f in api.check(tmp_path, select=("D003",)).all_findings()
    }
    best = "keep one copy, ideally {} (FLAC, 44.1 kHz, 24-bit)"
    assert found["/b.wav"].endswith(best.format(str(tmp_path / "c.flac")))
    assert found["c.flac"].endswith(best.format("this one"))
    keep = {f.data["keep"] for f in api.check(tmp_path, select=("D003",)).all_findings()}
    assert keep == {str(tmp_path / "c.flac")}  # what `audiolint fix` keeps


@needs_alsa
def test_a_copy_reencoded_from_a_worse_source_is_not_the_one_to_keep(tmp_path, gen):
    """Real prompts: a 96 kbps MP3's 16-bit decode re-encoded at 320 kbps (T004 finds the first
    encode's zeros) ranks under the same prompts encoded once at 192 kbps, its higher bitrate
    notwithstanding; before, D003 advised keeping the 320 kbps copy."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    sr = prompt("Front_Center")[1]
    first = gen.write_mp3(tmp_path / "src" / "first96.mp3", x, sr, kbps=96)
    y, _ = sf.read(first, dtype="float32")
    y = np.round(np.clip(y, -1, 32767 / 32768) * 32768) / 32768  # the 16-bit rip
    folder = tmp_path / "set"
    gen.write_mp3(folder / "a_re320.mp3", y, sr, kbps=320)
    gen.write_mp3(folder / "b_direct192.mp3", x, sr, kbps=192)
    report = api.check(folder, select=("D003", "T004"))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_re320.mp3": ["T004"], "b_direct192.mp3": ["D003"]}
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_direct192.mp3"), dup.message
    assert dup.message.endswith("keep one copy, ideally this one (MP3, 48 kHz, 192 kbps)")


def test_slice_kept_next_to_its_source(tmp_path, gen):
    long = _clip(gen, seconds=6.0)
    gen.write_wav(tmp_path / "a_long.wav", long, SR)
    gen.write_flac(tmp_path / "b_slice.flac", long[2 * SR : 5 * SR], SR)
    [f] = api.check(tmp_path, select=("D003",)).all_findings()
    assert f.data["path"].endswith("b_slice.flac") and f.data["inside"] is True
    assert abs(f.data["offset_s"] - 2.0) <= 0.04
    assert "inside" in f.message and "0:02.0" in f.message
    assert f.data["keep"].endswith("a_long.wav")


def test_different_clips_of_one_voice_do_not_match(tmp_path, gen):
    sr = 22050  # the generator is quicker at lower rates; the voice is the same kind
    for seed in (1, 2, 3):
        gen.write_wav(tmp_path / f"take{seed}.wav", _clip(gen, seed=seed, sr=sr), sr)
    gen.write_mp3(tmp_path / "take4.mp3", _clip(gen, seed=4, sr=sr), sr, kbps=128)
    gen.write_wav(tmp_path / "noise1.wav", gen.noise(sr, 3.0, seed=1), sr)
    gen.write_wav(tmp_path / "noise2.wav", gen.noise(sr, 3.0, seed=2), sr)
    gen.write_wav(tmp_path / "tone.wav", gen.tone(sr, 3.0, 220.0), sr)
    gen.write_wav(tmp_path / "tone2.wav", gen.tone(sr, 3.0, 330.0), sr)
    assert _flagged(tmp_path) == {}


def test_silent_files_are_left_to_the_silence_rules(tmp_path, gen):
    gen.write_wav(tmp_path / "a.wav", gen.silence(SR, 3.0), SR)
    gen.write_wav(tmp_path / "b.wav", gen.silence(SR, 5.0), SR)
    gen.write_wav(tmp_path / "c.wav", gen.silence(SR, 3.0), SR)
    gen.write_wav(tmp_path / "d.wav", gen.noise(SR, 3.0, amp=1e-4), SR)  # hiss at -80 dBFS
    assert _flagged(tmp_path) == {}


def test_header_only_runs_do_not_compare(tmp_path, gen):
    x = _clip(gen, seconds=2.0)
    gen.write_wav(tmp_path / "a.wav", x, SR)
    gen.write_wav(tmp_path / "b.wav", x, SR)
    assert _flagged(tmp_path) == {"b.wav": "a.wav"}
    assert _flagged(tmp_path, analyse=False) == {}


@pytest.mark.parametrize("limit", [0.0, 0.25])
def test_bit_error_limit_is_an_option(tmp_path, gen, limit):
    x = _clip(gen, seconds=2.0)
    gen.write_wav(tmp_path / "a.wav", x, SR)
    gen.write_mp3(tmp_path / "b.mp3", x, SR, kbps=128)
    config = Config(select=("D003",), rule_options={"D003": {"max_bit_error": limit}})
    found = api.check(tmp_path, config).all_findings()
    assert len(found) == (1 if limit else 0)
    if found:
        assert 0 < found[0].data["bit_error"] <= limit


def test_keep_the_genuine_copy_not_the_upsampled_one(tmp_path):
    """An upsampled 48 kHz copy of a 44.1 kHz original looks better on paper (higher rate);
    the copy to keep is the one whose content is real."""
    import audiogen
    from fidelity_cases import upsampled, voice

    audiogen.write_flac(tmp_path / "a_up48.flac", upsampled(44100, 48000), 48000)
    audiogen.write_flac(tmp_path / "b_orig44.flac", voice(44100), 44100)
    report = api.check([tmp_path], Config(select=("D003",)))
    [f] = [f for fr in report.files for f in fr.findings]
    assert f.data["path"].endswith("b_orig44.flac")
    assert "ideally this one (FLAC, 44.1 kHz, 16-bit)" in f.message


def _rate_pair(tmp_path, x48, back_up=True):
    """A real 48 kHz prompt brought to 44.1 kHz (``b_orig44``) by libsoxr, and as ``a_up48``
    that copy brought back to 48 kHz (or, ``back_up=False``, the prompt itself); D003's finding
    on the run."""
    soxr = pytest.importorskip("soxr")
    y = soxr.resample(x48, 48000, 44100, quality="VHQ")
    up = soxr.resample(y, 44100, 48000, quality="VHQ") if back_up else x48
    sf.write(tmp_path / "a_up48.flac", up, 48000)
    sf.write(tmp_path / "b_orig44.flac", y, 44100)
    [f] = [f for fr in api.check([tmp_path], Config(select=("D003",))).files for f in fr.findings]
    return f


@needs_alsa
@pytest.mark.parametrize("back_up", [True, False])
def test_copies_at_two_rates_holding_the_same_band_are_a_tie(tmp_path, back_up):
    """Issue 11: an ALSA prompt at 44.1 kHz and brought back up to 48 kHz. Its content ends near
    20 kHz, so no resampler's wall shows and T002 cannot call the 48 kHz copy upsampled; D003
    advised keeping it for its higher rate. Review 1: the genuine 48 kHz prompt next to its own
    44.1 kHz export reads the same. Nothing measured tells which copy came from which: a tie,
    and the message says so (the higher rate is the one ``fix`` keeps)."""
    x, sr = prompt("Front_Center")
    f = _rate_pair(tmp_path, x, back_up=back_up)
    assert "keep one copy: the 44.1 kHz and 48 kHz copies hold the same band, up to " in f.message
    assert f.message.endswith(" kHz, so either will do"), f.message
    assert f.data["keep"].endswith("a_up48.flac")


@needs_alsa
def test_a_tie_named_on_a_copy_outside_it_names_the_tied_copies(tmp_path):
    """An ALSA prompt (48 kHz), its 44.1 kHz export (a tie: the same band) and that export
    brought back to 48 kHz by linear interpolation (T002: upsampled, so outside the tie). The
    finding on the interpolated copy names the two to choose from, not "the 48 kHz copies",
    which would read as taking the interpolated 48 kHz file in."""
    soxr = pytest.importorskip("soxr")
    x, sr = prompt("Front_Center")
    y = soxr.resample(x, sr, 44100, quality="VHQ")
    t = np.arange(int(len(y) * sr / 44100)) * 44100 / sr
    sf.write(tmp_path / "a_orig48.flac", x, sr)
    sf.write(tmp_path / "b_export44.flac", y, 44100)
    sf.write(tmp_path / "c_linear48.flac", np.interp(t, np.arange(len(y)), y), sr)
    report = api.check([tmp_path], Config(select=("D003", "T002")))
    by = {Path(fr.path).name: fr for fr in report.files}
    assert [f.rule for f in by["c_linear48.flac"].findings if f.rule == "T002"] == ["T002"]
    [f] = [f for f in by["c_linear48.flac"].findings if f.rule == "D003"]
    tied = f"{by['a_orig48.flac'].path} or {by['b_export44.flac'].path}"
    assert f"keep one copy ({tied}, not this one): the 44.1 kHz and 48 kHz copies" in f.message


@needs_alsa
def test_a_higher_rate_copy_with_a_wider_band_is_still_the_one_to_keep(tmp_path):
    """The control: the 48 kHz prompt itself, with a faint hiss (-70 dBFS) reaching 24 kHz, and
    its 44.1 kHz copy, which loses the band over 22.05 kHz: the 48 kHz copy stays the one to
    keep."""
    x, sr = prompt("Front_Center")
    hiss = np.random.default_rng(3).standard_normal(x.shape).astype(np.float32) * 10 ** (-70 / 20)
    f = _rate_pair(tmp_path, x + hiss, back_up=False)
    assert f.data["keep"].endswith("a_up48.flac"), f.message
    assert f.message.endswith("a_up48.flac (FLAC, 48 kHz, 16-bit)"), f.message


@needs_alsa
def test_a_louder_copy_clipped_flat_is_not_the_one_to_keep(tmp_path):
    """Real prompts: the same recording as FLAC and as a WAV 12 dB louder, clipped flat (S001
    error). Both are lossless, genuine, 48 kHz, 16-bit; before, the WAV's higher bitrate made it
    the copy to keep. Its peaks are gone for good: keep the FLAC."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_hot.wav", np.clip(x * 4.0, -1.0, 32767 / 32768), 48000)
    sf.write(tmp_path / "b_orig.flac", x, 48000)
    report = api.check([tmp_path], Config(select=("D003", "S001")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_hot.wav": ["S001"], "b_orig.flac": ["D003"]}
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_orig.flac"), dup.message
    assert dup.message.endswith("ideally this one (FLAC, 48 kHz, 16-bit)")


@needs_alsa
def test_clipping_every_lossless_copy_has_is_no_reason_to_keep_a_lossy_one(tmp_path, gen):
    """Review 1: a clipped WAV and its 192 kbps MP3. The encoder rounds the flat tops off, so
    S001 no longer sees them in the MP3, which holds the same clipped audio plus the codec's
    loss: the lossless copy stays the one to keep."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    hot = np.clip(x * 4.0, -1.0, 32767 / 32768)
    sf.write(tmp_path / "a_clipped.wav", hot, 48000)
    gen.write_mp3(tmp_path / "b_clipped.mp3", hot, 48000, kbps=192)
    [dup] = [f for f in api.check([tmp_path], Config(select=("D003",))).all_findings()]
    assert dup.data["keep"].endswith("a_clipped.wav"), dup.message


@needs_alsa
def test_a_copy_under_the_rate_floor_is_not_the_one_to_keep(tmp_path, gen):
    """Real prompts at 16 kHz as WAV (Q003's error: nothing over 8 kHz) and the 48 kHz prompts as
    a 192 kbps MP3 (a warning at most, content to about 19 kHz). Before, the WAV ranked first as
    the genuine lossless copy, whatever its band; the MP3 holds more of the voice."""
    soxr = pytest.importorskip("soxr")
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_16k.wav", soxr.resample(x, 48000, 16000), 16000, subtype="PCM_16")
    gen.write_mp3(tmp_path / "b_48k.mp3", x, 48000, kbps=192)
    [dup] = [f for f in api.check([tmp_path], Config(select=("D003",))).all_findings()]
    assert dup.data["keep"].endswith("b_48k.mp3"), dup.message
    assert dup.message.endswith("ideally this one (MP3, 48 kHz, 192 kbps)"), dup.message


@needs_alsa
@pytest.mark.parametrize("copy", ["mp3_decoded", "upsampled"])
def test_a_clipped_take_s_decoded_or_upsampled_copy_is_not_the_one_to_keep(tmp_path, gen, copy):
    """Session 17's newcomer run: a clipped take beside its MP3 rip decoded to WAV, or (at 32
    kHz) its copy upsampled to 48 kHz and peak-normalised. The codec and the resampler round the
    flat tops off, so S001 does not see them in the copy, which is lossless as a file but
    lossy-origin (T001) or upsampled (T002). Clipping that every genuine lossless copy has is no
    reason to keep such a copy."""
    from scipy.signal import resample_poly

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sr = 48000 if copy == "mp3_decoded" else 32000  # a 32 kHz take, upsampled to 48 kHz
    x = x if sr == 48000 else resample_poly(x, 2, 3).astype(np.float32)
    hot = np.clip(x * 4.0, -1.0, 32767 / 32768)
    sf.write(tmp_path / "a_take.wav", hot, sr)
    if copy == "mp3_decoded":
        gen.write_mp3(tmp_path / "rip.mp3", hot, sr, kbps=128)
        y, sr = sf.read(tmp_path / "rip.mp3", dtype="float32")
        (tmp_path / "rip.mp3").unlink()
    else:
        y, sr = resample_poly(hot, 3, 2).astype(np.float32), 48000
        y *= 0.95 / np.abs(y).max()  # peak-normalised after resampling, as an editor does
    sf.write(tmp_path / "b_copy.wav", np.clip(y, -1.0, 32767 / 32768), sr, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001", "T002")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules["b_copy.wav"][-1] == ("T001" if copy == "mp3_decoded" else "T002"), rules
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_take.wav"), dup.message


@needs_alsa
def test_a_clipped_lossy_rip_saved_as_wav_is_kept_over_its_own_mp3(tmp_path, gen):
    """Review (session 18) of the fix above: when no lossless copy is genuine (the usual RVC
    source, a lossy rip saved as WAV, here boosted and clipped), its MP3 rounds the flat tops
    under S001's reach and looked intact: clipping must not rank the MP3 over the WAV it was
    made from."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    gen.write_mp3(tmp_path / "src.mp3", x * 0.5, 48000, kbps=128)
    y, sr = sf.read(tmp_path / "src.mp3", dtype="float32")
    (tmp_path / "src.mp3").unlink()
    hot = np.clip(y * 8.0, -1.0, 32767 / 32768)
    sf.write(tmp_path / "a_take.wav", hot, sr, subtype="PCM_16")
    gen.write_mp3(tmp_path / "b_copy.mp3", hot, sr, kbps=128)
    report = api.check([tmp_path], Config(select=("D003", "S001", "T001")))
    take = next(fr for fr in report.files if fr.path.endswith("a_take.wav"))
    assert {f.rule for f in take.findings} >= {"S001", "T001"}  # clipped, and no genuine copy
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_take.wav"), dup.message


@needs_alsa
def test_a_copy_clipped_then_turned_down_is_not_the_one_to_keep(tmp_path):
    """The clipped take of the test above, turned down 3 dB after clipping (a508f20: S001 finds
    its flat tops at its own peak): it held no sample at full scale, so D003 ranked it intact and
    kept it, the first of equals, over the unclipped FLAC."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    down = np.clip(x * 4.0, -1.0, 32767 / 32768) * 10 ** (-3 / 20)
    sf.write(tmp_path / "a_hot.wav", down, 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_orig.flac", x, 48000)
    report = api.check([tmp_path], Config(select=("D003", "S001")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_hot.wav": ["S001"], "b_orig.flac": ["D003"]}, rules
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_orig.flac"), dup.message


@needs_alsa
def test_the_copy_to_keep_is_not_called_clean_when_every_copy_is_flawed(tmp_path):
    """Real prompts as a 48 kHz WAV clipped by 10 dB of gain (S001's error) and the same prompts,
    unclipped, at 16 kHz (Q003's error): the 16 kHz copy ranks first, but it has lost everything
    above 8 kHz, and the advice says so rather than naming it as if it were clean."""
    from scipy.signal import resample_poly

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    sf.write(tmp_path / "a_hot.wav", np.clip(x * 10 ** (10 / 20), -1, 32767 / 32768), 48000)
    sf.write(tmp_path / "b_16k.wav", resample_poly(x, 1, 3), 16000, subtype="PCM_16")
    [dup] = [f for f in api.check([tmp_path], Config(select=("D003",))).all_findings()]
    assert dup.data["keep"].endswith("b_16k.wav"), dup.message
    assert dup.message.endswith(
        "ideally this one (WAV, 16 kHz, 16-bit), though it holds nothing above 8 kHz (Q003): "
        "no copy is clean"
    ), dup.message


@needs_alsa
def test_a_louder_copy_at_a_higher_rate_is_still_a_tie(tmp_path):
    """ALSA's "Side left" (48 kHz) turned up 5 dB next to its 44.1 kHz export turned down 6 dB:
    the gain lifts more of the band's top over the samples' floor, so the louder copy's content
    reaches a few hundred Hz further (as FFmpeg's loudnorm writing a prompt at 192 kHz did, and
    D003 advised keeping that copy). Within 3% of its reach, the bands are the same: a tie.
    (5 dB apart sufficed until session 38, when the floor plain rounding leaves, 4.8 dB under
    TPDF dither's, let both copies reach 19.9 kHz.)"""
    soxr = pytest.importorskip("soxr")
    x, sr = prompt("Side_Left")
    sf.write(tmp_path / "a_loud48.flac", 1.8 * x, sr)
    export = 0.5 * soxr.resample(x, sr, 44100, quality="VHQ")
    sf.write(tmp_path / "b_export44.flac", export, 44100)
    report = api.check(
        [tmp_path],
        Config(select=("D003",)),
    )
    reach = {Path(fr.path).name: fr.fidelity["reach_hz"] for fr in report.files}
    assert reach["a_loud48.flac"] - reach["b_export44.flac"] > 250  # more than the bins' spread
    [f] = report.all_findings()
    assert "keep one copy: the 44.1 kHz and 48 kHz copies hold the same band, up to " in f.message
    assert f.message.endswith(" kHz, so either will do"), f.message


@needs_csound_doc
def test_a_deeper_decode_of_a_decode_is_not_the_copy_to_keep(tmp_path):
    """csound's Finnegans Wake reader (16-bit, itself an MP3 decode: T001) and its AAC 128k
    decode written as 24-bit FLAC (T001 too). The FLAC's 24 bits are its decoder's arithmetic:
    nothing says which copy is better, so D003 names none (it advised keeping the 24-bit
    FLAC, one lossy generation further)."""
    from rules.test_fidelity_median_real import encode

    x, sr = sf.read(csound_example("finneganswake1.flac", tmp_path))
    sf.write(tmp_path / "a_orig.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_aac.flac", encode(x, sr, 128), sr, subtype="PCM_24")
    report = api.check([tmp_path], Config(select=("D003", "T001")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules["a_orig.wav"][-1] == "T001" and rules["b_aac.flac"][-1] == "T001", rules
    dups = [f for f in report.all_findings() if f.rule == "D003"]
    assert dups and all(f.message.endswith(": keep one copy") for f in dups), dups


@needs_alsa
def test_a_float_copy_turned_up_past_full_scale_is_not_the_one_to_keep(tmp_path):
    """Real prompts (peaking at -6 dBFS) turned up 12 dB into a 32-bit float copy, its peaks
    past full scale (S001's overs warning: a 16- or 24-bit copy cuts them flat). Ranked by
    bits first, D003 named that float copy "ideally this one (lossless, 48 kHz, 32-bit)" over
    the 16-bit original (a newcomer's run, session 39): keep the original."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_orig.wav", x, 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_loud.wav", x * 10 ** (12 / 20), 48000, subtype="FLOAT")
    report = api.check([tmp_path], Config(select=("D003", "S001")))
    by_name = {Path(fr.path).name: fr for fr in report.files}
    [over] = [f for f in by_name["b_loud.wav"].findings if f.rule == "S001"]
    assert "beyond full scale" in over.message, over.message
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_orig.wav"), dup.message


@needs_alsa
def test_of_two_copies_neither_genuine_the_clipped_one_is_not_kept(tmp_path):
    """Review 40: two WAVs of one Opus decode, one turned up 14 dB into 9.7 % clipped samples and
    named first: both read lossy-origin, so clipping did not rank (no genuine lossless copy to
    witness it), their quality tied, and D003 kept the first, the clipped one ("keep one copy",
    data.keep on it). ALSA's prompts brought down to 16 kHz and up again (both read upsampled,
    not genuine) do the same: now the unclipped copy is the one to keep."""
    import soxr

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    up = soxr.resample(soxr.resample(x, 48000, 16000, quality="HQ"), 16000, 48000, quality="HQ")
    sf.write(tmp_path / "a_loud.wav", np.clip(up * 4.0, -1.0, 32767 / 32768), 48000)
    sf.write(tmp_path / "b_take.wav", up, 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "S001", "T002")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_loud.wav": ["S001", "T002"], "b_take.wav": ["D003", "T002"]}, rules
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_take.wav"), dup.message


@needs_csound_doc
def test_a_copy_turned_up_into_clipping_is_not_kept_over_its_upsampled_original(tmp_path):
    """Review 47b: an original T002 calls upsampled (csound's fox, 44.1 kHz speech, brought to
    48 kHz by python-soxr) and a copy of it 12 dB louder, clipped flat. The clip's splatter fills
    the band the resampler emptied, so the clipped copy read genuine, the original did not, and
    no genuine unclipped copy witnessed the clipping: D003 kept the clipped copy ("ideally",
    "though it is clipped (S001): no copy is clean"). The louder clipped copy was turned up from
    the quieter one beside it: keep that one."""
    soxr = pytest.importorskip("soxr")
    x, sr = sf.read(csound_example("fox.wav", tmp_path), dtype="float32", always_2d=True)
    (tmp_path / "fox.wav").unlink()
    up = soxr.resample(x.mean(axis=1), sr, 48000, quality="VHQ")
    sf.write(tmp_path / "a_loud.wav", np.clip(up * 4.0, -1.0, 32767 / 32768), 48000)
    sf.write(tmp_path / "b_orig.wav", up, 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "S001", "T002")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_loud.wav": ["S001"], "b_orig.wav": ["D003", "T002"]}, rules
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_orig.wav"), dup.message
    assert dup.message.endswith("though it reads as upsampled (T002): no copy is clean")


@needs_alsa
def test_a_48_khz_float_master_with_a_few_overs_still_ranks_over_its_44_1_khz_copy(tmp_path):
    """Review 40c (helper-227): ranking float overs before the sample rate (723623a) made D003
    keep a 44.1 kHz 16-bit copy over its 48 kHz float master, which holds 4 samples just past
    full scale that lowering the gain gives back. Overs rank among copies at one rate only."""
    import soxr

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")]).astype(np.float64)
    x = x / np.abs(x).max()
    master = x * 0.9
    master[np.argsort(np.abs(x))[-4:]] *= 1.2  # 4 samples at 1.08
    sf.write(tmp_path / "a_master.wav", master.astype(np.float32), 48000, subtype="FLOAT")
    copy = np.clip(soxr.resample(x * 0.9, 48000, 44100, quality="VHQ"), -1, 1)
    sf.write(tmp_path / "b_copy.wav", copy, 44100, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "S001")))
    [over] = [f for f in report.all_findings() if f.rule == "S001"]
    assert "beyond full scale" in over.message
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_master.wav"), dup.message


@needs_alsa
def test_a_copy_turned_down_after_a_decode_is_no_better_than_the_decode(tmp_path):
    """Real prompts through libvorbis at its highest quality (libsndfile's encoder), decoded:
    T001 finds Vorbis's grid in the decode; a copy 6 dB quieter with TPDF dither fills those
    zeros in and reads inconclusive. D003 named that copy "ideally this one" over the decode it
    was made from (review 41, KTuberling's Vorbis-decoded words); its content reaches no
    further than the decode's, so the two are the same material and neither is preferred. Of
    the two, data["keep"] names the one T001 does not call decoded (session 47: nothing measured
    says which was made from which; a louder copy is as often a normalised or compressed one)."""
    import io

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    encoded = io.BytesIO()
    sf.write(encoded, x, 48000, format="OGG", subtype="VORBIS", compression_level=0.0)
    encoded.seek(0)
    decoded = sf.read(encoded)[0]
    sf.write(tmp_path / "a_orig.wav", decoded, 48000, subtype="PCM_16")
    rng = np.random.default_rng(1)
    dither = (rng.random(len(decoded)) - rng.random(len(decoded))) / 32768
    sf.write(tmp_path / "b_quiet.wav", decoded * 0.5 + dither, 48000, subtype="PCM_16")
    report = api.check(tmp_path, select=("D003", "T001"))
    by = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    assert by["a_orig.wav"].fidelity["verdict"] == "lossy-origin"
    [dup] = [f for f in by["b_quiet.wav"].findings if f.rule == "D003"]
    assert "ideally" not in dup.message and "2 copies rank alike" in dup.message, dup.message
    assert dup.data["keep"].endswith("b_quiet.wav")


@needs_alsa
def test_lines_sharing_only_their_first_words_are_not_the_same_audio(tmp_path):
    """Two lines spliced from one carrier phrase and two different endings (review 41:
    Warzone 2100's "Alliance Offered" and "Alliance Accepted", KTuberling words joined so):
    over all their frames the bits differed 12-24 %, under max_bit_error, so D003 said "same
    audio: keep one copy" and keeping one loses a distinct line. A frame counts toward the
    cover only where the audio around it matches; a copy of the whole line still does."""
    carrier = np.concatenate([prompt("Front_Center")[0], prompt("Rear_Center")[0]])
    ends = [prompt(n)[0] for n in ("Front_Left", "Rear_Right")]
    for name, end in zip(("a_line", "b_line"), ends, strict=True):
        sf.write(tmp_path / f"{name}.wav", np.concatenate([carrier, end]), 48000)
    assert api.check(tmp_path, select=("D003",)).all_findings() == []
    sf.write(tmp_path / "c_copy.flac", np.concatenate([carrier, ends[0]]) * 0.5, 48000)
    [dup] = api.check(tmp_path, select=("D003",)).all_findings()
    assert dup.message.startswith("same audio as ") and "a_line.wav" in dup.message


@needs_alsa
def test_copies_nothing_ranks_apart_are_named_as_alike_not_as_the_better_one(tmp_path):
    """Of several copies D003 ranks alike, it named the first "ideally" (review 41: a copy
    whose channels sit 0.5 ms apart, first alphabetically, over its dual-mono twin); it now
    says they rank alike, and still names one to keep; and it names the others it ranks alike
    with (review 49c: "2 copies rank alike" did not say the other was a noisy copy)."""
    x = prompt("Front_Center")[0]
    sf.write(tmp_path / "a_orig.wav", x, 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_copy.flac", x, 48000, subtype="PCM_16")
    sf.write(tmp_path / "c_hot.wav", np.clip(x * 8, -1, 32767 / 32768), 48000, subtype="PCM_16")
    found = {f.data["path"].rsplit("/", 1)[-1]: f for f in api.check(tmp_path).all_findings()
             if f.rule == "D003"}  # fmt: skip
    hot = found["c_hot.wav"]
    assert "ideally" not in hot.message and hot.data["keep"].endswith("a_orig.wav")
    assert "keep one copy, such as " in hot.message
    assert hot.message.endswith(f": 2 copies rank alike (it and {tmp_path / 'b_copy.flac'})")
    copy = found["b_copy.flac"]
    assert copy.message.endswith("16-bit): 2 copies rank alike (it and this one)"), copy.message


@needs_alsa
def test_decodes_through_codecs_that_cut_apart_are_not_said_to_hold_one_band(tmp_path):
    """ALSA's prompts through Opus at 96 kbps, decoded and brought to 44.1 kHz (content to 20.0
    kHz), and through LAME at 96 kbps at 48 kHz (content to 15.3 kHz): T001 on both, and nothing
    ranks them apart (the 48 kHz copy reaches no further than the 44.1 kHz one), but their
    content does not stop at one place (review 45b: "the 44.1 kHz and 48 kHz copies hold the
    same band, up to 22.1 kHz, so either will do" beside an MP3 V2 decode that stopped at 18.8).
    Since review 46a the MP3 decode, its content stopping under T001's error reach (16 kHz),
    holds no more than audio under Q003's floor: the Opus decode is the one to keep."""
    from scipy.signal import resample_poly

    from rules.test_fidelity_median_real import encode

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    opus = resample_poly(encode(x, 48000, 96, "libopus", "ogg"), 147, 160)
    sf.write(tmp_path / "a_opus.wav", opus, 44100, subtype="PCM_16")
    mp3 = encode(x, 48000, 96, "libmp3lame", "mp3", channels=2)
    sf.write(tmp_path / "b_mp3.wav", mp3, 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_opus.wav": ["T001"], "b_mp3.wav": ["D003", "T001"]}, rules
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_opus.wav"), dup.data
    assert dup.message.endswith(
        "(WAV, 44.1 kHz, 16-bit), though it reads as decoded from lossy audio (T001): no copy "
        "is clean"
    ), dup.message


def test_one_opus_stream_in_two_containers_is_a_tie(tmp_path):
    """The same Opus packets in Ogg and in WebM: the bitrates read from the files' sizes differ
    by the containers' overhead alone (review 45b: 108 and 114 kbps, and D003 advised keeping
    the WebM "ideally"); nothing in the audio ranks them apart."""
    import av
    import soxr
    from audiogen import write_opus

    x, sr = sf.read(Path(__file__).parents[1] / "data" / "ktuberling_fr_robin_vase.flac")
    write_opus(tmp_path / "a_clip.ogg", soxr.resample(x, sr, 48000)[:, None], 48000, kbps=96)
    webm = tmp_path / "b_clip.webm"
    with av.open(str(tmp_path / "a_clip.ogg")) as src, av.open(str(webm), "w", "webm") as dst:
        out = dst.add_stream_from_template(src.streams.audio[0])
        for packet in src.demux(src.streams.audio[0]):
            if packet.dts is not None:  # the demuxer's closing empty packet
                packet.stream = out
                dst.mux(packet)
    report = api.check([tmp_path], Config(select=("D003",)))
    sizes = [fr.properties.bitrate_bps for fr in report.files]
    assert sizes[0] != sizes[1], sizes  # the containers' overhead
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["path"].endswith("b_clip.webm"), dup.data
    assert dup.message == "same audio as " + str(tmp_path / "a_clip.ogg") + ": keep one copy"


@needs_alsa
def test_an_aac_round_trip_of_a_22khz_voice_is_not_kept_over_it(tmp_path):
    """ALSA's prompts brought to 22.05 kHz (a TTS corpus's rate), then through FFmpeg's
    resampler to 44.1 kHz and its AAC encoder at 128 kbps, decoded to 24-bit FLAC (review 46a,
    with LJSpeech and VCTK): the decode's content stops at 12.7 kHz, past the WAV's 10.9 kHz by
    the resampler's transition band alone, and D003 advised keeping the decode over the WAV it
    was made from. Its content stops under T001's error reach: it ranks no higher."""
    import av
    import soxr
    from audiogen import write_m4a

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    low = soxr.resample(x, 48000, 22050)
    sf.write(tmp_path / "a_orig22k.wav", low, 22050, subtype="PCM_16")
    swr = av.AudioResampler(format="flt", layout="mono", rate=44100)  # FFmpeg's -ar 44100
    frame = av.AudioFrame.from_ndarray(low[None].astype(np.float32), format="flt", layout="mono")
    frame.sample_rate = 22050
    up = np.concatenate([f.to_ndarray()[0] for f in swr.resample(frame) + swr.resample(None)])
    write_m4a(tmp_path / "aac.m4a", up[:, None], 44100)
    with av.open(str(tmp_path / "aac.m4a")) as box:
        y = np.concatenate([f.to_ndarray()[0] for f in box.decode(audio=0)])
    (tmp_path / "aac.m4a").unlink()
    sf.write(tmp_path / "b_aac.flac", y, 44100, subtype="PCM_24")
    report = api.check([tmp_path], Config(select=("D003", "T001")))
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["path"].endswith("b_aac.flac") and dup.data["keep"].endswith("a_orig22k.wav")
    assert dup.message.endswith("though it holds nothing above 11.03 kHz (Q003): no copy is clean")


@needs_alsa
def test_a_16khz_wav_is_not_kept_over_a_lossy_copy_holding_15khz(tmp_path):
    """ALSA's prompts as a 16 kHz WAV and as a 48 kHz mono MP3 at 56 kbps (its content to 15.2
    kHz): the MP3 holds nearly twice the band. Content stopping under 16 kHz (T001's error
    reach) ranks a copy under one that holds more, never under a copy under Q003's floor, which
    holds less still (review 46c: 8694aec advised the 16 kHz WAV)."""
    import soxr
    from audiogen import write_mp3

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_low.wav", soxr.resample(x, 48000, 16000), 16000, subtype="PCM_16")
    write_mp3(tmp_path / "b_48k.mp3", x, 48000, kbps=56)
    [dup] = [f for f in api.check([tmp_path], Config(select=("D003",))).all_findings()]
    assert dup.data["keep"].endswith("b_48k.mp3"), dup.message


@needs_alsa
def test_a_genuine_copy_is_kept_over_a_decode_whose_fill_reaches_as_far(tmp_path):
    """ALSA's prompts over a -70 dBFS hiss, brought to 44.1 kHz by soxr (the genuine copy,
    content to 21.4 kHz), and the same audio through LAME 128k and Opus 96k, decoded at 48 kHz
    (T001: its cliff at 20.3 kHz, Opus's fill reaching 21.6 kHz): the fill made the genuine copy
    read as "no more genuine than the decode", and the decode was kept (review 46c)."""
    import av
    import soxr
    from audiogen import write_mp3, write_opus

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left", "Side_Right")])
    x = x + np.random.default_rng(1).standard_normal(len(x)).astype(np.float32) * 10**-3.5
    sf.write(tmp_path / "b_genuine.wav", soxr.resample(x, 48000, 44100), 44100, "PCM_16")
    write_mp3(tmp_path / "t.mp3", np.stack([x, x], 1), 48000, kbps=128)
    y = sf.read(tmp_path / "t.mp3", dtype="float32", always_2d=True)[0]
    write_opus(tmp_path / "t.opus", y, 48000, kbps=96)
    with av.open(str(tmp_path / "t.opus")) as box:
        z = np.concatenate([f.to_ndarray() for f in box.decode(audio=0)], axis=-1).mean(axis=0)
    for name in ("t.mp3", "t.opus"):
        (tmp_path / name).unlink()
    sf.write(tmp_path / "a_dec.flac", z, 48000, subtype="PCM_24")
    report = api.check([tmp_path], Config(select=("D003", "T001")))
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_genuine.wav"), dup.message


def _vorbis_decode(x: np.ndarray, sr: int, level: float = 0.0) -> np.ndarray:
    """``x`` through libvorbis (libsndfile's encoder; ``level`` 0.0: its best), decoded."""
    import io

    encoded = io.BytesIO()
    sf.write(encoded, x, sr, format="OGG", subtype="VORBIS", compression_level=level)
    encoded.seek(0)
    return sf.read(encoded)[0]


@needs_alsa
def test_a_32khz_copy_is_not_kept_over_its_original_beside_a_full_band_decode(tmp_path):
    """Review 47b: a 44.1 kHz original, its 32 kHz copy and a Vorbis q6 decode reaching as far
    as the original: the decode made the original "no more genuine" (same_history), while the
    32 kHz copy, its reach not measured, escaped that and was advised "ideally" (and written by
    fix). A reach not measured is at most its Nyquist frequency: the 32 kHz copy holds nothing
    the decode lacks, and the original, whose 16-20 kHz it has, is the one to keep."""
    from scipy.signal import resample_poly

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_orig.flac", x, 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_32k.wav", resample_poly(x, 2, 3), 32000, subtype="PCM_16")
    sf.write(tmp_path / "c_vorbis.wav", _vorbis_decode(x, 48000), 48000, subtype="PCM_16")
    found = [f for f in api.check(tmp_path, select=("D003",)).all_findings() if f.rule == "D003"]
    assert len(found) == 2
    for f in found:
        assert f.data["keep"].endswith("a_orig.flac"), f.message
        assert "ideally " in f.message and "a_orig.flac (FLAC, 48 kHz" in f.message


@needs_alsa
def test_of_an_original_and_its_decode_ranked_alike_the_original_is_kept(tmp_path):
    """Review 47b: an original and its decode that nothing ranks apart (the decode reaches as
    far); the first by name was kept, a decode T001 finds, and fix wrote it. Among equals the
    copy T001 does not call decoded is kept."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "b_orig.flac", x, 48000, subtype="PCM_16")
    sf.write(tmp_path / "a_vorbis.wav", _vorbis_decode(x, 48000), 48000, subtype="PCM_16")
    report = api.check(tmp_path, select=("D003", "T001"))
    by = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    assert by["a_vorbis.wav"].fidelity["verdict"] == "lossy-origin"
    [dup] = [f for f in by["b_orig.flac"].findings if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_orig.flac")
    assert "2 copies rank alike" in dup.message and "ideally" not in dup.message


@needs_alsa
def test_a_copy_too_quiet_for_the_slicer_is_not_kept_over_the_audio_it_was_made_from(tmp_path):
    """Review 47b: a copy turned down 30 dB, too quiet for T001 to find its source's MP3 cliff,
    was advised "ideally" over that source (and written by fix), while S002 called it too quiet
    for RVC's slicer. Here ALSA's prompts over a -70 dBFS hiss brought to 44.1 kHz and back
    (T002 on the upsample) and a 16-bit copy 30 dB down, where T002 no longer finds the
    resampler's wall: a copy of 16 bits or fewer with no 20 ms frame over the slicer's
    threshold ranks under one that has some (a 24-bit one as quiet lost nothing: review 47c)."""
    from scipy.signal import resample_poly

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    x = x + np.random.default_rng(1).standard_normal(len(x)).astype(np.float32) * 10**-3.5
    up = resample_poly(resample_poly(x, 147, 160), 160, 147)
    sf.write(tmp_path / "a_orig.flac", up, 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_quiet.wav", up * 10 ** (-30 / 20), 48000, subtype="PCM_16")
    report = api.check(tmp_path, select=("D003", "S002", "T002"))
    by = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    assert by["a_orig.flac"].fidelity["upsampled_from"] == 44100
    assert by["b_quiet.wav"].fidelity["verdict"] != "upsampled"
    assert any("too quiet for RVC's slicer" in f.message for f in by["b_quiet.wav"].findings)
    [dup] = [f for f in by["b_quiet.wav"].findings if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_orig.flac"), dup.message


@needs_alsa
def test_an_upsample_from_44_1khz_is_kept_over_its_32khz_copy(tmp_path):
    """Review 47b: an original T002 calls upsampled from 44.1 kHz ranked under its genuine 32
    kHz copy (its fake verdict came first), which Q003 calls short of the 40 kHz target: a
    lossless copy whose content's rate is at the target now ranks over one whose is not.
    ALSA's prompts over a -70 dBFS hiss (content to the Nyquist frequency), brought to 44.1
    kHz and back to 48 kHz (T002), and the 44.1 kHz audio brought to 32 kHz."""
    from scipy.signal import resample_poly

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    x = x + np.random.default_rng(1).standard_normal(len(x)).astype(np.float32) * 10**-3.5
    x44 = resample_poly(x, 147, 160)
    sf.write(tmp_path / "a_up.wav", resample_poly(x44, 160, 147), 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_32k.wav", resample_poly(x44, 320, 441), 32000, subtype="PCM_16")
    report = api.check(tmp_path, select=("D003", "T002"))
    by = {fr.path.rsplit("/", 1)[-1]: fr for fr in report.files}
    assert by["a_up.wav"].fidelity["upsampled_from"] == 44100
    [dup] = [f for f in by["b_32k.wav"].findings if f.rule == "D003"]
    assert dup.data["keep"].endswith("a_up.wav"), dup.message
    assert "ideally " in dup.message and "reads as upsampled (T002)" in dup.message


@needs_alsa
def test_a_quiet_24_bit_master_is_still_kept_over_a_16khz_or_lossy_copy(tmp_path):
    """Review 47c: a 24-bit master 30 dB down (no 20 ms frame over the slicer's threshold, but
    no bit lost) lost to its 16 kHz copy and its 128 kbps MP3 once "too quiet" ranked first;
    too quiet counts only in copies of 16 bits or fewer, and after Q003's error floor."""
    from audiogen import write_mp3
    from scipy.signal import resample_poly

    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_master.wav", x * 10 ** (-30 / 20), 48000, subtype="PCM_24")
    sf.write(tmp_path / "b_16k.wav", resample_poly(x, 1, 3), 16000, subtype="PCM_16")
    write_mp3(tmp_path / "c_128k.mp3", np.stack([x, x], 1), 48000, kbps=128)
    found = [f for f in api.check(tmp_path, select=("D003",)).all_findings() if f.rule == "D003"]
    assert len(found) == 2
    for f in found:
        assert f.data["keep"].endswith("a_master.wav"), f.message


@needs_alsa
def test_of_a_mono_original_and_its_dual_mono_copy_the_mono_one_is_kept(tmp_path):
    """Review 47b: a stereo copy holding the same signal in both channels (S006's dual mono,
    twice the size for nothing) ranks alike with its mono original and was kept, being first
    by name; among equals the copy that is not dual mono is kept."""
    x = np.concatenate([prompt(n)[0] for n in ("Front_Center", "Rear_Left")])
    sf.write(tmp_path / "a_dual.wav", np.stack([x, x], 1), 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_mono.wav", x, 48000, subtype="PCM_16")
    [dup] = [f for f in api.check(tmp_path, select=("D003",)).all_findings() if f.rule == "D003"]
    assert dup.data["keep"].endswith("b_mono.wav"), dup.message


def test_decodes_told_apart_by_nothing_say_so_with_their_measured_bands(tmp_path):
    """Review 54b: twelve downloads of one take, each decoded, read "their content stops at
    16.1-22.1 kHz, and nothing measured ranks them apart", untrue words under bands that far
    apart. The advice now says each went through a codec and why the band does not rank them."""
    from scipy.signal import resample_poly

    from rules.test_fidelity_median_real import encode

    x, rate = sf.read(str(DATA / "utau_yuki_eeieu.flac"), dtype="float64")
    x = np.concatenate([x, x[::-1]]) if len(x) < 5 * rate else x
    up = resample_poly(x, 160, 147)  # the take at 48 kHz, for the Opus encoder
    sf.write(tmp_path / "a_opus.wav", encode(up, 48000, 96, "libopus", "ogg"), 48000, "PCM_16")
    sf.write(tmp_path / "b_mp3.wav", encode(x, rate, 128, "libmp3lame", "mp3", 2), rate, "PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001")))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"a_opus.wav": ["T001"], "b_mp3.wav": ["D003", "T001"]}, rules
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    fid = {Path(fr.path).name: fr.fidelity for fr in report.files}
    lo, hi = sorted(round(fid[n]["cutoff_hz"] / 1000, 1) for n in fid)
    assert lo < hi - 1  # the bands the advice quotes lie apart
    assert (
        "each went through a lossy codec (a lossy file, or one T001 reads as decoded), their "
        f"content stopping at {lo}-{hi} kHz where measured"
    ) in dup.message
    assert "a decode's band does not say how much its codec took away" in dup.message


def _three_copies(tmp_path, monkeypatch, names: tuple[str, str, str], gone: set[str]) -> list:
    """The take (real speech), its 24 kHz and its 16 kHz copies as ``names`` (take, 24k, 16k),
    checked by D003 with the matcher's pair ``gone`` taken away, as it was lost in review 55a:
    the D003 findings."""
    from scipy.signal import resample_poly

    from audiolint.context import DatasetContext

    x, rate = sf.read(str(DATA / "voicebook_38_2.flac"), dtype="float64")
    x = x.mean(axis=1)
    take, k24, k16 = names
    sf.write(tmp_path / take, x, rate, subtype="PCM_16")
    sf.write(tmp_path / k24, resample_poly(x, 80, 147), 24000, subtype="PCM_16")
    sf.write(tmp_path / k16, resample_poly(x, 160, 441), 16000, subtype="PCM_16")
    found = DatasetContext.matches

    def lost(self, *args):
        named = [Path(f.display).name for f in self.files]
        pairs = [{named[m.a], named[m.b]} for m in found(self, *args)]
        assert gone in pairs, pairs  # the pair taken away was found
        return [m for m, pair in zip(found(self, *args), pairs, strict=True) if pair != gone]

    monkeypatch.setattr(DatasetContext, "matches", lost)
    return [f for f in api.check(tmp_path, select=("D003",)).all_findings() if f.rule == "D003"]


def _said(dups) -> tuple[dict, set]:
    """Each finding's file and the file it repeats, by name, and the copies named to keep."""
    said = {Path(f.data["path"]).name: Path(f.data["duplicate_of"]).name for f in dups}
    return said, {Path(f.data["keep"]).name for f in dups}


def test_copies_linked_through_another_copy_are_one_group_with_one_copy_to_keep(
    tmp_path, monkeypatch
):
    """Review 55a: an MP2 decode (its filterbank's 481 samples late) matched an AC-3 decode of
    the take but not the take itself, and D003 grouped copies by the first file each one
    matched: that copy's group ranked apart and one take got two to six copies to keep. Here
    three real copies of one take (the take, its 24 kHz and its 16 kHz copies), the matcher's
    pair of the take and the 16 kHz copy taken away as it was lost there: all three are one
    group, and the take is the copy to keep on each finding (the 16 kHz copy's group alone kept
    the 24 kHz copy)."""
    names = ("a_take.wav", "b_24k.wav", "c_16k.wav")
    dups = _three_copies(tmp_path, monkeypatch, names, {"a_take.wav", "c_16k.wav"})
    said, keep = _said(dups)
    assert said == {"b_24k.wav": "a_take.wav", "c_16k.wav": "b_24k.wav"}, said
    assert keep == {"a_take.wav"}


def test_a_file_that_only_matched_later_copies_joins_their_group(tmp_path, monkeypatch):
    """Review 55a's pattern with the files the other way round (a read-through of session 55):
    the take matched only a copy later by name, and a copy earlier by name matched that copy
    but not the take, so the take was in no group and in no finding, and the earlier copy was
    named to keep. Here a 24 kHz copy, the take, and a 16 kHz copy (real speech), the matcher's
    pair of the first two taken away: the take joins their group, and is the copy to keep."""
    names = ("b_take.wav", "a_24k.wav", "c_16k.wav")
    dups = _three_copies(tmp_path, monkeypatch, names, {"a_24k.wav", "b_take.wav"})
    said, keep = _said(dups)
    assert said == {"b_take.wav": "c_16k.wav", "c_16k.wav": "a_24k.wav"}, said
    assert keep == {"b_take.wav"}
