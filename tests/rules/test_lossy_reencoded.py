"""T004 lossy-reencoded: a 320 kbps MP3 made from 16 kHz audio (libsoxr down and up, as the
real-material corpus's from-16k files) is flagged; a 320 kbps MP3 of full-band audio and a 128
kbps MP3 (whose narrow band fits its bitrate) are not."""

import pytest
import soxr
from fidelity_cases import SR, voice
from realaudio import needs_alsa, prompt, prompts

from audiolint import api


def test_320k_mp3_from_16k_source(tmp_path, gen, run_rule):
    x = soxr.resample(soxr.resample(voice(SR, 3.0), SR, 16000), 16000, SR)
    p = gen.write_mp3(tmp_path / "re.mp3", x, SR, kbps=320)
    [f] = run_rule(p, "T004")
    assert f.severity == "warning" and f.term == "Transcoding"
    assert f.data["cutoff_hz"] < 10000 and f.data["expected_cutoff_hz"] >= 19000
    assert "re-encoded from a worse source" in f.message and "320 kbps MP3" in f.message
    assert f.data["origin"] == "16 kHz audio"


def test_matching_bandwidth_quiet(tmp_path, gen, run_rule):
    gen.write_mp3(tmp_path / "ok320.mp3", voice(), SR, kbps=320)
    gen.write_mp3(tmp_path / "ok128.mp3", voice(), SR, kbps=128)
    assert run_rule(tmp_path, "T004") == []


def test_a_file_with_no_reported_bitrate_is_worded_not_crashed():
    """An MP3 whose headers report no bitrate, with a narrow band measured: a finding, no
    TypeError (an internal error before)."""
    from pathlib import Path

    from audiolint.context import FileContext
    from audiolint.models import Properties
    from audiolint.probe import ProbeResult
    from audiolint.rules import lossy_reencoded

    props = Properties(codec="mp3", lossless=False, channels=2, sample_rate=44100)
    probe = ProbeResult(Path("x.mp3"), props, "mp3", "mp3")
    fid = {"reencoded": True, "cutoff_hz": 11000, "expected_cutoff_hz": 19500, "origin": None}
    ctx = FileContext(Path("x.mp3"), "x.mp3", probe, fidelity=fid)
    [p] = lossy_reencoded.check(ctx, {})
    assert "0 kbps MP3 keeps about 19.5 kHz" in p.message


def _encoded(path, x, sr: int, codec: str, kbps: int, layout: str):
    """``x`` (frames x channels float) written by FFmpeg's ``codec`` encoder (PyAV) to
    ``path``, as a downloaded file of that format would be."""
    import av
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=sr)
        stream.bit_rate, stream.layout = kbps * 1000, layout
        fmt = stream.codec_context.format.name
        pcm = np.ascontiguousarray(np.clip(x, -1, 1).T.astype(np.float32))
        if fmt == "s16":
            pcm = (pcm.T.reshape(1, -1) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm, format=fmt, layout=layout)
        frame.sample_rate = sr
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return path


@needs_alsa
@pytest.mark.parametrize(
    ("codec", "suffix", "kbps", "layout"),
    [("mp2", "mp2", 128, "mono"), ("mp2", "mp2", 192, "stereo"), ("ac3", "ac3", 96, "stereo")],
)
def test_mp2_and_ac3_encoders_keep_a_band_of_their_own(
    tmp_path, run_rule, codec, suffix, kbps, layout
):
    """FFmpeg's MP2 and AC-3 encoders keep far less bandwidth per bitrate than the LAME, AAC and
    Vorbis table T004 reads (review 42: MP2 at 128 kbps mono 48 kHz 13.8 kHz, AC-3 at 96 kbps
    stereo 7.5 kHz): a direct encode of a genuine recording is no re-encode of a worse source."""
    import numpy as np

    x, sr = prompt("Front_Center")  # ALSA's recorded 48 kHz prompt: content to 18 kHz
    x = np.repeat(x[:, None], 2 if layout == "stereo" else 1, axis=1)
    p = _encoded(tmp_path / f"direct.{suffix}", x, sr, codec, kbps, layout)
    [r] = api.check([p], select=("T004",)).files
    assert r.properties.codec == codec and r.fidelity["cutoff_hz"] < 16000  # a narrow band
    assert run_rule(p, "T004") == []


def test_an_mp3_no_lame_tag_names_gets_the_other_causes(tmp_path, run_rule):
    """FFmpeg tags its libmp3lame and its libshine MP3s alike (review 43a: libshine's direct
    encodes, cutting at 12.6-13.3 kHz at 128 kbps, read "re-encoded from a worse source" with
    nothing else said). The 320 kbps MP3 of 16 kHz audio written through PyAV (FFmpeg's tag, no
    LAME one) names the other causes; the same record with a LAME tag does not."""
    from pathlib import Path

    from audiolint.context import FileContext
    from audiolint.probe import ProbeResult
    from audiolint.rules import lossy_reencoded

    x = soxr.resample(soxr.resample(voice(SR, 3.0), SR, 16000), 16000, SR)
    p = _lavc_mp3(tmp_path / "re.mp3", x.reshape(len(x), -1)[:, 0], SR, 320)
    [f] = run_rule(p, "T004")
    assert "LAME" not in (api.inspect(p).properties.encoder or "").upper()
    assert f.message.endswith("or from a source with little above " + _khz(f) + " kHz: no tag "
                              "names this file's encoder")  # fmt: skip
    assert "or made by an MP3 encoder that cuts lower than LAME" in f.message
    props = api.inspect(p).properties
    tagged = type(props)(**{**props.__dict__, "encoder": "LAME 3.100.0+ -b 320"})
    ctx = FileContext(Path("re.mp3"), "re.mp3", ProbeResult(Path("re.mp3"), tagged, "mp3", "mp3"),
                      fidelity={**f.data, "reencoded": True})  # fmt: skip
    [q] = lossy_reencoded.check(ctx, {})
    assert q.message.endswith("re-encoded from a worse source (probably from 16 kHz audio)")


def _khz(f) -> str:
    return f"{f.data['cutoff_hz'] / 1000:.1f}"


def _lavc_mp3(path, x, sr: int, kbps: int):
    """Mono ``x`` through FFmpeg's libmp3lame (PyAV), tagged by FFmpeg, as FFmpeg tags it."""
    import av
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libmp3lame", rate=sr)
        stream.bit_rate, stream.layout, stream.format = kbps * 1000, "mono", "fltp"
        frame = av.AudioFrame.from_ndarray(
            np.clip(x, -1, 1).astype(np.float32).reshape(1, -1), format="fltp", layout="mono"
        )
        frame.sample_rate = sr
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return path


@needs_alsa
@pytest.mark.parametrize("rate", [16000, 24000])
def test_a_first_opus_encode_of_lower_rate_audio_is_no_reencode(tmp_path, gen, run_rule, rate):
    """ALSA's prompts at 16 or 24 kHz encoded once by libopus at 96 kbps: the header says so
    (input_sample_rate) and the content stops at that rate's Nyquist frequency, which Q003
    names. T004 said "re-encoded from a worse source" (review 50e: 22.05 kHz speech through
    FFmpeg's libopus, "probably from a low-bitrate encode"); the same audio brought through
    half that rate first, its content stopping at half that Nyquist, still reads so."""
    x = soxr.resample(prompts(0.3)[0], 48000, rate)
    assert run_rule(gen.write_opus(tmp_path / "a.opus", x, rate, kbps=96), "T004") == []
    y = soxr.resample(soxr.resample(x, rate, rate // 2), rate // 2, rate)
    [f] = run_rule(gen.write_opus(tmp_path / "c.opus", y, rate, kbps=96), "T004")
    assert "re-encoded from a worse source" in f.message, f.message
