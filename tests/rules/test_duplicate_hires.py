"""D003 beside a hi-res copy that holds no band a lower-rate copy lacks (duplicate_hires.
hires_within): FFmpeg's loudnorm writes 192 kHz unless told otherwise, and its copy was kept
"ideally", for its rate, over the take it was made from (review 54a: 98 findings in 8 groups;
review 54b: in 7 of 12 folders, a loudnorm'd AAC decode at 192 kHz)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import csound_example, ffmpeg_filters, needs_alsa, needs_csound_doc, prompts

from audiolint import api
from audiolint.config import Config

DATA = Path(__file__).parents[1] / "data"


def _dup(folder):
    report = api.check([folder], Config(select=("D003", "T001", "T002")))
    [dup] = [f for f in report.all_findings() if f.rule == "D003"]
    return dup, {Path(fr.path).name: fr for fr in report.files}


def _loudnorm_pair(tmp_path, x: np.ndarray, sr: int) -> None:
    """``x`` as ``b_orig.wav`` (16-bit) and through FFmpeg's loudnorm at its defaults (PyAV's
    filter graph) as ``a_loudnorm.wav``: 192 kHz, 16-bit, as the ffmpeg command writes it."""
    y = ffmpeg_filters(x.astype(np.float32), sr, ("loudnorm", None))
    assert abs(len(y) / len(x) - 192000 / sr) < 0.01  # loudnorm's own rate
    sf.write(tmp_path / "a_loudnorm.wav", y, 192000, subtype="PCM_16")
    sf.write(tmp_path / "b_orig.wav", x, sr, subtype="PCM_16")


def test_the_take_is_kept_over_its_loudnorm_copy_at_192_khz(tmp_path):
    """Sonic Pi's rubbed glass and FFmpeg's loudnorm copy of it (tests/data, made with the
    ffmpeg command): the copy's content stops at 23.7 kHz, within swresample's skirt of 44.1
    kHz's Nyquist frequency. At c1f1cfd D003 said "ideally" the copy."""
    for name in ("ambi_glass_rub", "ambi_glass_rub_loudnorm"):
        x, sr = sf.read(DATA / f"{name}.flac", dtype="int16")
        sf.write(tmp_path / f"{name}.wav", x, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path)
    copy = files["ambi_glass_rub_loudnorm.wav"]
    assert copy.properties.sample_rate == 192000
    assert 22050 < copy.fidelity["reach_hz"] <= 1.2 * 22050, copy.fidelity
    assert dup.data["keep"].endswith("ambi_glass_rub.wav"), dup.message
    assert "ideally" in dup.message, dup.message


@needs_alsa
def test_a_48_khz_take_is_kept_over_its_loudnorm_copy(tmp_path):
    """ALSA's recorded prompts (48 kHz) and their loudnorm copy at 192 kHz, whose content,
    turned up, fades into the samples' floor by about 20 kHz."""
    x, sr = prompts(0.3)
    _loudnorm_pair(tmp_path, x, sr)
    dup, files = _dup(tmp_path)
    assert files["a_loudnorm.wav"].fidelity["reach_hz"] <= 1.2 * 24000
    assert dup.data["keep"].endswith("b_orig.wav"), dup.message
    assert "ideally" in dup.message, dup.message


@needs_csound_doc
def test_a_decode_is_kept_over_its_loudnorm_copy_and_says_why(tmp_path):
    """csound's Finnegans Wake reader is itself an MP3 decode (T001); its loudnorm copy at 192
    kHz reads upsampled, not decoded, and so ranked over it as the one copy not decoded. Both
    are decodes: the take is kept, and the advice says what the copy holds."""
    path = csound_example("finneganswake1.flac", tmp_path)
    x, sr = sf.read(path, dtype="float64")
    path.unlink()
    _loudnorm_pair(tmp_path, x[: 6 * sr], sr)
    dup, files = _dup(tmp_path)
    assert files["b_orig.wav"].fidelity["verdict"] == "lossy-origin"
    reach = files["a_loudnorm.wav"].fidelity["reach_hz"]
    assert dup.data["keep"].endswith("b_orig.wav"), dup.message
    said = f"at 192 kHz holds nothing past {reach / 1000:.1f} kHz, within what 44.1 kHz audio"
    assert said in dup.message and dup.message.endswith("the extra samples add nothing")


def test_a_hi_res_copy_with_content_past_the_lower_band_keeps_its_rate(tmp_path):
    """The control: the rubbed glass's loudnorm copy (192 kHz) with white noise at -80 dBFS
    over its whole band, as a hi-res recording's own converter noise reaches its Nyquist
    frequency, in 24 bits. Its content reaches past the 44.1 kHz copy's Nyquist frequency, so
    it ranks at its own rate."""
    x, sr = sf.read(DATA / "ambi_glass_rub_loudnorm.flac", dtype="float64")
    noise = np.random.default_rng(0).standard_normal(len(x)) * 10 ** (-80 / 20)
    sf.write(tmp_path / "b_hires.wav", x + noise, sr, subtype="PCM_24")
    y, low = sf.read(DATA / "ambi_glass_rub.flac", dtype="int16")
    sf.write(tmp_path / "a_orig.wav", y, low, subtype="PCM_16")
    dup, files = _dup(tmp_path)
    reach = files["b_hires.wav"].fidelity.get("reach_hz")
    assert reach is None or reach > 22050 + 250, files["b_hires.wav"].fidelity
    assert "the extra samples add nothing" not in dup.message, dup.message
    assert dup.data["keep"].endswith("b_hires.wav"), dup.message


@pytest.mark.parametrize(
    "reach, within", [(23016.0, True), (24609.0, True), (28406.0, True), (30000.0, False)]
)
def test_within_a_lower_copys_band_is_within_a_resamplers_skirt(reach, within):
    """duplicate_hires.hires_within on the records D003 reads (a copy's rate and measured
    reach): ALSA's loudnorm copy at 192 kHz, content to 23.0 kHz beside its 48 kHz take, holds
    nothing the take lacks; review 54c's bat recordings low-passed to end at 24.6 and 28.4 kHz,
    within 1.2 of 24 kHz (swresample's skirt reaches 1.17 N), are read alike (their extra band
    is no use to a model trained at 40 or 48 kHz); one reaching 30 kHz is not."""
    from types import SimpleNamespace

    from audiolint.rules import duplicate_hires

    def copy(rate, fidelity):
        return SimpleNamespace(props=SimpleNamespace(sample_rate=rate), fidelity=fidelity)

    hires, low = copy(96000, {"reach_hz": reach}), copy(48000, {"verdict": "inconclusive"})
    assert (duplicate_hires.hires_within(hires, [hires, low]) is low) is within
    # nor is a hi-res copy read against another hi-res one (review 54c: an Opus decode at
    # 88.2 kHz was kept over the loudnorm copy of the take)
    other = copy(88200, {"verdict": "lossy-origin"})
    assert duplicate_hires.hires_within(copy(192000, {"reach_hz": reach}), [other]) is None


def test_a_lossless_take_is_kept_over_its_decodes_loudnorm_copy(tmp_path):
    """A take T002 reads as upsampled from 32 kHz (tests/data/sr_english.flac) and its MP3 128k
    decode through loudnorm at 192 kHz, which T001 reads as decoded: the copy's "content" from
    16 to 20.1 kHz is its decoder's noise under the take's own floor there. It counted at 44.1
    kHz (the take's rate) against the take's 32 kHz, and D003 kept it "ideally" (a newcomer's
    folder, session 55); a decode counts no higher than the take's old rate."""
    from rules.test_fidelity_median_real import encode

    x, sr = sf.read(DATA / "sr_english.flac", dtype="float32")
    y = encode(x, sr, 128, "libmp3lame", "mp3")
    sf.write(tmp_path / "a_mp3_loudnorm.wav", ffmpeg_filters(y, sr, ("loudnorm", None)), 192000,
             subtype="PCM_16")  # fmt: skip
    sf.write(tmp_path / "b_take.wav", x, sr, subtype="PCM_16")
    dup, files = _dup(tmp_path)
    assert files["b_take.wav"].fidelity["upsampled_from"] == 32000, files["b_take.wav"].fidelity
    assert files["a_mp3_loudnorm.wav"].fidelity["verdict"] == "lossy-origin"
    assert dup.data["keep"].endswith("b_take.wav"), dup.message
    assert "ideally" in dup.message, dup.message
    # ...and says why, and that the take is no clean copy either
    assert "though it reads as upsampled (T002): " in dup.message, dup.message
    said = "at 192 kHz went through a lossy codec (a lossy file, or one T001 reads as decoded)"
    assert said in dup.message and "falling at 16 kHz as that copy's does" in dup.message


def test_a_hi_res_decode_a_copy_was_cut_from_is_kept(tmp_path):
    """The rubbed glass through MP3 320k, decoded and brought to 96 kHz (24-bit): the source a
    user holds; beside it a copy cut through 24 kHz and written at 48 kHz, which T002 reads as
    upsampled from 24 kHz. The decode's content stays within the copy's 24 kHz band, but its
    spectrum holds on past the copy's 12 kHz wall (falls_as): it is the source, and is kept
    (review 56a: hires_rate as b8665a5 wrote it counted such a source at the copy's 24 kHz)."""
    import soxr

    from rules.test_fidelity_median_real import encode

    x, sr = sf.read(DATA / "ambi_glass_rub.flac", dtype="float32")
    hi = soxr.resample(encode(x, sr, 320, "libmp3lame", "mp3"), sr, 96000, quality="VHQ")
    sf.write(tmp_path / "a_source_96k.flac", hi, 96000, subtype="PCM_24")
    cut = soxr.resample(soxr.resample(hi, 96000, 24000, quality="VHQ"), 24000, 48000)
    sf.write(tmp_path / "b_cut_48k.flac", cut, 48000, subtype="PCM_16")
    dup, files = _dup(tmp_path)
    assert files["b_cut_48k.flac"].fidelity["upsampled_from"] == 24000
    assert files["a_source_96k.flac"].fidelity["verdict"] == "lossy-origin"
    assert 12000 < files["a_source_96k.flac"].fidelity["reach_hz"] <= 24000
    assert dup.data["keep"].endswith("a_source_96k.flac"), dup.message


def test_a_decode_brought_up_from_its_rate_is_not_kept_for_it(tmp_path):
    """A downloaded Ogg (Fish Fillets' Dutch line, 22.05 kHz) decoded to WAV and FLAC, and the
    decode brought to 48 kHz: T001 reads all three as decoded, and the 48 kHz one as brought up
    from 22.05 kHz (its verdict lossy-origin, upsampled_from set). data["keep"] named it, for
    its rate (review 56c: an Ogg's decode brought to 48 kHz, kept over the decodes it was made
    from); an upsampled copy ranks after the rest however T001 words its verdict."""
    import soxr

    x, sr = sf.read(DATA / "fillets_nl_trimmed.ogg", dtype="float32")
    sf.write(tmp_path / "a_dec.wav", x, sr, subtype="PCM_16")
    sf.write(tmp_path / "b.flac", x, sr, subtype="PCM_16")
    up = soxr.resample(x, sr, 48000, quality="VHQ")
    sf.write(tmp_path / "c_48k.wav", up, 48000, subtype="PCM_16")
    report = api.check([tmp_path], Config(select=("D003", "T001", "T002")))
    files = {Path(fr.path).name: fr for fr in report.files}
    assert files["c_48k.wav"].fidelity["upsampled_from"] == 22050, files["c_48k.wav"].fidelity
    keeps = {f.data["keep"] for f in report.all_findings() if f.rule == "D003"}
    assert len(keeps) == 1 and not keeps.pop().endswith("c_48k.wav")
