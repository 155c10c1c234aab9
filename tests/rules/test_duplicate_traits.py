"""D003's keep advice read against the rest of the group (audiolint.rules.duplicate_traits).

Review 48b (an RVC hobbyist's dataset of real voices): D003, and `audiolint fix` after it, kept
a peak-normalised 24-bit FLAC over the untouched 16-bit original, a copy with noise under the
voice over the clean one, a clipped copy turned up from an MP3 decode over that decode, and a
copy through a room over the dry take.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import (
    csound_example,
    ffmpeg_filters,
    needs_alsa,
    needs_csound_doc,
    opus_decode,
    prompts,
)

from audiolint import api
from audiolint.config import Config

DATA = Path(__file__).parents[1] / "data"


def _dup(tmp_path, *rules):
    report = api.check([tmp_path], Config(select=("D003", *rules)))
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    return dup, {Path(fr.path).name: fr for fr in report.files}


def _noisy_pair(tmp_path, snr_db: float) -> None:
    """ALSA's prompts as 16-bit ``b_orig.wav``, and with white noise ``snr_db`` under the voice
    as 24-bit ``a_noisy.flac``, as long as the original."""
    x, sr = prompts(0.3)
    rms = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2))
    noise = np.random.default_rng(1).standard_normal(len(x)) * rms * 10 ** (-snr_db / 20)
    sf.write(tmp_path / "a_noisy.flac", x + noise, sr, subtype="PCM_24")
    sf.write(tmp_path / "b_orig.wav", x, sr, subtype="PCM_16")


def _finnegan(tmp_path, seconds: float) -> tuple[np.ndarray, int]:
    """csound's Finnegans Wake reader (itself an MP3 decode: T001), its first ``seconds``."""
    path = csound_example("finneganswake1.flac", tmp_path)
    x, sr = sf.read(path, dtype="float64")
    path.unlink()
    return x[: int(seconds * sr)], sr


@pytest.mark.parametrize("pad_s", [0.0, 0.6])
def test_a_peak_normalised_24_bit_copy_of_a_16_bit_recording_is_no_better(tmp_path, pad_s):
    """CMU ARCTIC's 16-bit take (its pauses' floor at -56 dBFS, the room's, not its bits') and a
    copy peak-normalised into a 24-bit FLAC: the extra bits hold the same noise finer. D003 said
    "ideally" the FLAC; the two rank alike. So with 0.6 s of digital silence after the take
    (review 48c: S005 then reads the floor of the zeros, -120 dBFS, which no bits hold)."""
    x, sr = sf.read(DATA / "arctic_aew_a0002.flac", dtype="float64")
    x = np.concatenate([x, np.zeros(int(pad_s * sr))])
    sf.write(tmp_path / "a_norm24.flac", x * 0.99 / np.abs(x).max(), sr, subtype="PCM_24")
    sf.write(tmp_path / "b_orig.wav", x, sr, subtype="PCM_16")
    dup, _ = _dup(tmp_path)
    assert dup.message.endswith(": keep one copy"), dup.message


@needs_alsa
def test_a_24_bit_copy_with_noise_under_the_voice_is_not_advised_for_its_bits(tmp_path):
    """ALSA's prompts, and the same with white noise 25 dB under the voice written as 24-bit
    FLAC: D003 advised the noisy FLAC "ideally" for its bits, which hold only the noise. A
    floor read in the pauses says nothing of the noise under the voice (a fade or a gate lowers
    it too: review 48c), so the two rank alike."""
    _noisy_pair(tmp_path, snr_db=25)
    dup, _ = _dup(tmp_path)
    assert dup.message.endswith(": keep one copy"), dup.message


@needs_alsa
def test_a_faded_copy_is_not_advised_over_the_take(tmp_path):
    """Review 48c: ALSA's prompts with a hiss at -58 dBFS, and a copy faded in and out over
    0.3 s: the fades lower the floor read in the pauses (-58 -> -74 dBFS) while the noise under
    the voice is the same, and a reading of pause floors kept the faded copy "ideally"."""
    x, sr = prompts(0.3)
    x = x + np.random.default_rng(3).standard_normal(len(x)) * 10 ** (-58 / 20)
    faded, n = x.copy(), int(0.3 * sr)
    faded[:n] *= np.linspace(0, 1, n)
    faded[-n:] *= np.linspace(1, 0, n)
    sf.write(tmp_path / "a_orig.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_fade.wav", faded, sr, subtype="PCM_16")
    dup, _ = _dup(tmp_path)
    assert "ideally" not in dup.message, dup.message


@needs_csound_doc
@pytest.mark.parametrize("gain_db", [6, 12])
def test_a_decode_turned_up_into_clipping_is_not_kept_over_the_decode(tmp_path, gain_db):
    """An MP3 decode (csound's Finnegan) and a copy turned up 6 or 12 dB, clipped flat (S001's
    error): no genuine lossless copy witnessed the clipping, so it did not rank, and D003 kept
    the clipped copy "ideally". It is louder than the unclipped decode at its rate: turned up
    from it."""
    x, sr = _finnegan(tmp_path, 10.0)
    hot = np.clip(x * 10 ** (gain_db / 20), -1.0, 32767 / 32768)
    sf.write(tmp_path / "a_hot.wav", hot, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_orig.wav", x, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path, "S001", "T001")
    assert "S001" in {f.rule for f in files["a_hot.wav"].findings}
    assert files["b_orig.wav"].fidelity["verdict"] == "lossy-origin"
    assert dup.data["keep"].endswith("b_orig.wav"), dup.message
    assert "ideally this one" in dup.message and "clipped" not in dup.message, dup.message


@needs_csound_doc
def test_a_copy_through_a_room_is_not_kept_over_the_dry_take(tmp_path):
    """csound's Finnegan, and the same through a simulated room (an exponentially decaying
    noise tail, RT60 0.8 s, under the direct sound): S008 reads C50 about 4 dB in the copy and
    22 dB in the take, and D003 still matches the two. They ranked alike and the first, the
    room's copy, was named ("such as"); the dry take is the one to keep."""
    from scipy.signal import fftconvolve

    x, sr = _finnegan(tmp_path, 10.0)
    t = np.arange(int(0.8 * sr)) / sr
    room = np.random.default_rng(2).standard_normal(len(t)) * 10 ** (-3 * t / 0.8) * 0.05
    room[0] = 1.0
    wet = fftconvolve(x, room)[: len(x)]
    sf.write(tmp_path / "a_room.wav", wet * np.abs(x).max() / np.abs(wet).max(), sr)
    sf.write(tmp_path / "b_dry.wav", x, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path, "S008")
    assert [f.rule for f in files["a_room.wav"].findings] == ["S008"]
    assert dup.data["keep"].endswith("b_dry.wav"), dup.message
    assert "ideally this one" in dup.message, dup.message


@needs_alsa
def test_a_copy_with_noise_over_its_pauses_is_no_longer_file_holding_it(tmp_path):
    """ALSA's prompts and the same with white noise 20 dB under the voice, as long as they are:
    the noise fills the pauses, so the noisy copy has more sound, and D003 read the clean one
    as a slice of it ("its audio also appears inside a_noisy.flac"), keeping the noisy one by
    that reading. Files as long as each other are copies, ranked as copies (alike here)."""
    _noisy_pair(tmp_path, snr_db=20)
    dup, _ = _dup(tmp_path)
    assert "inside" not in dup.message and dup.message.startswith("same audio as "), dup.message
    assert "ideally" not in dup.message, dup.message


@needs_alsa
def test_a_clipped_take_is_not_ranked_under_its_turned_down_copy(tmp_path):
    """Review 48c: a clipped take (ALSA's prompts 12 dB over full scale) and a copy of it turned
    down 6 dB and through 32 kHz (python-soxr): the copy is quieter, unclipped to S001 (the
    resampler rounds the flat tops off) and T002 calls it upsampled, so it passed for the source
    the clipped take was turned up from, and was kept "ideally". It holds the same clipped peaks:
    its crest is the take's, where a source turned up into clipping keeps the peaks it lost."""
    soxr = pytest.importorskip("soxr")
    x, sr = prompts(0.3)
    hot = np.clip(x * 4.0, -1.0, 32767 / 32768)
    down = soxr.resample(soxr.resample(hot * 0.5, sr, 32000), 32000, sr)
    sf.write(tmp_path / "a_clipped.wav", hot, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_down.wav", down, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path, "T002")
    assert files["b_down.wav"].fidelity["verdict"] == "upsampled"
    assert dup.data["keep"].endswith("a_clipped.wav"), dup.message


def test_a_copy_stopping_at_an_upsampled_copys_wall_is_no_more_genuine(tmp_path):
    """SpeechRecognition's example sentence (T002: a wall at 16 kHz under a shaped dither) and
    its FFmpeg loudnorm copy, 11.7 dB down, whose content fades into the samples' floor at
    15.5 kHz, where T002 no longer reads a wall: the copy read genuine and was kept "ideally"
    (review 48b's norm_en, after T002 learned the shaped dither). It stops where the other's
    wall stands: the same band, no more genuine."""
    for name in ("sr_english", "sr_english_loudnorm"):
        x, sr = sf.read(DATA / f"{name}.flac", dtype="int16")
        sf.write(tmp_path / f"{name}.wav", x, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path, "T002")
    assert files["sr_english.wav"].fidelity["upsampled_from"] == 32000
    assert 0.94 * 16000 <= files["sr_english_loudnorm.wav"].fidelity["reach_hz"] <= 16500
    assert dup.message.endswith(": keep one copy"), dup.message


@needs_alsa
def test_a_low_rate_original_is_still_kept_over_its_own_upsampled_copy(tmp_path):
    """The control of the test above (review of d872360): ALSA's prompts with a faint hiss at
    32 kHz, and that file brought to 48 kHz by python-soxr (T002: from 32 kHz). The original's
    content stops at its own Nyquist frequency, where the copy's wall stands, as it must; it
    stays the one to keep, not "either will do"."""
    soxr = pytest.importorskip("soxr")
    x, sr = prompts(0.3)
    hiss = np.random.default_rng(3).standard_normal(len(x)) * 10 ** (-70 / 20)
    low = soxr.resample(x + hiss, sr, 32000, quality="VHQ")
    sf.write(tmp_path / "a_up48.wav", soxr.resample(low, 32000, 48000, quality="VHQ"), 48000)
    sf.write(tmp_path / "b_orig32.wav", low, 32000, subtype="PCM_16")
    dup, files = _dup(tmp_path, "T002")
    assert files["a_up48.wav"].fidelity["upsampled_from"] == 32000
    assert dup.data["keep"].endswith("b_orig32.wav"), dup.message
    assert "ideally" in dup.message, dup.message


@needs_alsa
def test_a_copy_read_inside_another_is_ranked_with_the_whole_group(tmp_path):
    """Review 49a: a take, its upsample and a rip whose level was moved (loudnorm) that matched
    the upsample only as "inside" it (its level sounds in more frames): the pair was ranked
    alone, so the upsample's finding named the rip "ideally" while the take's named the take,
    and `fix` kept the first it read. Here ALSA's prompts (``b_take.wav``), through 24 kHz
    (python-soxr, ``a_up.wav``), and with noise 20 dB under them filling the pauses
    (``c_noisy.flac``, matched inside the upsample): one group, one copy to keep, the take."""
    soxr = pytest.importorskip("soxr")
    x, sr = prompts(0.3)
    rms = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2))
    noise = np.random.default_rng(1).standard_normal(len(x)) * rms * 0.1
    up = soxr.resample(soxr.resample(x, sr, 24000), 24000, sr)
    sf.write(tmp_path / "a_up.wav", up, sr, subtype="PCM_16")
    sf.write(tmp_path / "b_take.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "c_noisy.flac", x + noise, sr, subtype="PCM_24")
    report = api.check([tmp_path], Config(select=("D003",)))
    found = {Path(fr.path).name: f for fr in report.files for f in fr.findings}
    assert set(found) == {"b_take.wav", "c_noisy.flac"}, found
    for name, f in found.items():
        assert Path(f.data["keep"]).name == "b_take.wav", (name, f.message)
        assert not f.data["inside"] and f.message.startswith("same audio as "), f.message


def test_a_take_is_kept_over_its_upsample_when_a_rip_makes_both_suspect(tmp_path):
    """Review 49c: myprosody's full-band 44.1 kHz reading (``b_take.wav``), its 48 kHz upsample
    (python-soxr; T002) and an AAC 128k rip of it loudnorm'd at 48 kHz (FFmpeg's AAC and
    loudnorm through PyAV; T001), whose band reaches as far as the take's: nothing measured says
    the take was not made from the rip, so it ranked with the upsample, and the upsample was kept
    for its rate, which holds nothing the take does not (fix kept it). A copy T002 reads as
    upsampled now comes after the others of a tie."""
    from rules.test_fidelity_median_real import encode

    soxr = pytest.importorskip("soxr")
    x, sr = sf.read(DATA / "myprosody_suun3.flac", dtype="float64")
    sf.write(tmp_path / "a_up.wav", soxr.resample(x, sr, 48000), 48000, subtype="PCM_16")
    sf.write(tmp_path / "b_take.wav", x, sr, subtype="PCM_16")
    # ffmpeg -af loudnorm -ar 48000 (loudnorm itself runs at 192 kHz)
    normed = ffmpeg_filters(encode(x, sr, 128, "aac", "adts"), sr, ("loudnorm", None),
                            ("aresample", "48000"))  # fmt: skip
    rip = np.clip(normed, -1, 1)
    sf.write(tmp_path / "c_rip.wav", rip, 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001", "T002")))
    files = {Path(fr.path).name: fr for fr in report.files}
    assert files["a_up.wav"].fidelity["verdict"] == "upsampled"
    assert files["c_rip.wav"].fidelity["verdict"] == "lossy-origin"
    found = [f for fr in report.files for f in fr.findings if f.rule == "D003"]
    assert len(found) == 2 and {Path(f.data["keep"]).name for f in found} == {"b_take.wav"}
    for f in found:
        assert "ideally" in f.message and "read as decoded from lossy audio or upsampled" in (
            f.message
        ), f.message


@needs_alsa
@pytest.mark.parametrize("cut_hz", [7000, 12000])
def test_a_band_limited_original_is_not_taken_for_a_reencode_of_its_decode(tmp_path, gen, cut_hz):
    """ALSA's prompts low-passed at 7 or 12 kHz (a genuine original whose content stops low,
    inconclusive) beside its LAME 128k decode (T001 by its grid): the decode inherits the
    original's edge and skirt, so a copy standing at a decode's cliff may be its source (review
    50d: f920e73 counted such a copy as a re-encode of the decode, and 11 of 30 band-limited
    originals lost to their decodes, which fix would have kept; it was reverted)."""
    from scipy import signal

    x = prompts(0.3)[0]
    y = np.convolve(x, signal.firwin(1023, cut_hz, fs=48000, window=("kaiser", 12)), "same")
    sf.write(tmp_path / "b_orig.flac", y, 48000, subtype="PCM_16")
    z = sf.read(gen.write_mp3(tmp_path / "e.mp3", y, 48000, kbps=128))[0]
    (tmp_path / "e.mp3").unlink()
    sf.write(tmp_path / "a_decoded.flac", z[: len(y)], 48000, subtype="PCM_16")
    dup, files = _dup(tmp_path, "T001", "T002")
    verdicts = {n: (fr.fidelity or {}).get("verdict") for n, fr in files.items()}
    assert verdicts == {"a_decoded.flac": "lossy-origin", "b_orig.flac": "inconclusive"}
    assert dup.data["keep"].endswith("b_orig.flac"), dup.message


def test_a_take_just_under_s008s_line_is_not_wet_beside_a_copy_read_with_no_clarity(tmp_path):
    """Review 52a: a laptop take (tests/data/voicebook.txt) reads C50 7.6 dB, just under S008's
    8 dB, and its copy brought to 8 kHz and back reads no clarity (its dry-voice guards veto
    one). That made the take "wet" beside it, ranked under every copy, and D003 advised its
    Opus 128k decode. A witness with no clarity counts only against one well under the line."""
    pytest.importorskip("av", reason="FFmpeg's libopus (PyAV) makes the decode")
    from scipy import signal

    x, sr = sf.read(DATA / "voicebook_38_2.flac", dtype="int16")
    sf.write(tmp_path / "c_take.wav", x, sr, subtype="PCM_16")
    phone = signal.resample_poly(signal.resample_poly(x / 32768, 80, 441, axis=0), 441, 80, axis=0)
    sf.write(tmp_path / "b_phone.wav", phone, sr, subtype="PCM_16")
    decoded = opus_decode(x, sr, 128)
    sf.write(tmp_path / "a_opus.wav", decoded, 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001", "S008")))
    keeps = {f.data["keep"] for f in report.all_findings() if f.rule == "D003"}
    files = {Path(fr.path).name: fr for fr in report.files}
    assert 7 <= files["c_take.wav"].signal["c50_db"] < 8
    assert files["b_phone.wav"].signal["c50_db"] is None
    assert files["a_opus.wav"].fidelity["verdict"] == "lossy-origin"
    assert len(keeps) == 1 and keeps.pop().endswith("c_take.wav"), keeps


def test_a_dry_take_read_with_no_clarity_is_kept_over_its_copy_through_a_room(tmp_path):
    """Review 52d, the control of the test above: a dry take whose decays S008 reads but whose
    clarity its dry-voice guards veto (LibriVox's sonnet, tests/data/librivox_sonnet1_hum.txt)
    beside its copy through MIT's auditorium (tests/data/mit_h252_auditorium_ir.txt; C50 6.7
    dB, S008 fires). No copy on the line's dry side reads a clarity near the room copy's, so
    the take with none read still witnesses it: the room copy ranks under the take."""
    from scipy.signal import fftconvolve

    x, sr = sf.read(DATA / "librivox_sonnet1_hum.flac", dtype="float64")
    h, _ = sf.read(DATA / "mit_h252_auditorium_ir.flac", dtype="float64")
    room = fftconvolve(x, h if h.ndim == 1 else h[:, 0])[: len(x)]
    sf.write(tmp_path / "a_room.wav", room * np.abs(x).max() / np.abs(room).max(), sr, "PCM_16")
    sf.write(tmp_path / "b_take.wav", x, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path, "S008")
    assert files["b_take.wav"].signal["c50_db"] is None
    assert files["b_take.wav"].signal["reverb_endings"] >= 2
    assert [f.rule for f in files["a_room.wav"].findings] == ["S008"]
    assert dup.data["keep"].endswith("b_take.wav"), dup.message
