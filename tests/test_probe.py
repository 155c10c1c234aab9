"""Properties read from every supported format match what was written."""

import audiogen
import pytest

from audiolint.probe import probe

FIELDS = ("container", "codec", "lossless", "sample_rate", "bit_depth", "channels")


@pytest.mark.parametrize("case", sorted(audiogen.FORMATS))
def test_properties_match_what_was_written(tmp_path, case):
    try:
        path, expected = audiogen.FORMATS[case](tmp_path)
    except audiogen.EncoderUnavailable as exc:  # PyAV built without this encoder
        pytest.skip(str(exc))
    props = probe(path).properties
    for key in FIELDS:
        if key in expected:
            assert getattr(props, key) == expected[key], key
    assert props.duration_s == pytest.approx(expected["duration_s"], abs=0.08)
    assert props.size_bytes == path.stat().st_size
    if props.lossless:
        assert (
            props.bitrate_bps == pytest.approx(props.size_bytes * 8 / props.duration_s, rel=0.05)
            or props.codec == "pcm"
        )
    else:
        assert props.bit_depth is None
        assert props.bitrate_bps and 16000 < props.bitrate_bps < 400000


@pytest.mark.parametrize(
    ("kbps", "mode"), [(128, "CBR"), (320, "CBR"), (None, "VBR"), (128, "ABR")]
)
def test_mp3_modes_and_encoder(tmp_path, kbps, mode):
    data = audiogen.speechlike(44100, 3.0)
    path = audiogen.write_mp3(tmp_path / "a.mp3", data, 44100, kbps=kbps or 128, mode=mode)
    props = probe(path).properties
    assert props.bitrate_mode == mode
    assert props.encoder and props.encoder.startswith("LAME")
    if mode == "CBR":
        assert props.bitrate_bps == kbps * 1000


def test_pcm_bitrate_is_exact(tmp_path):
    path = audiogen.write_wav(tmp_path / "a.wav", audiogen.tone(48000, 1.0), 48000)
    props = probe(path).properties
    assert props.bitrate_bps == 768000 and props.bitrate_mode == "CBR"
    assert props.sample_format == "int" and props.frames == 48000


def test_float_wav(tmp_path):
    path = audiogen.write_wav(
        tmp_path / "a.wav", audiogen.tone(44100, 1.0, channels=2), 44100, subtype="FLOAT"
    )
    props = probe(path).properties
    assert (props.bit_depth, props.sample_format, props.channels) == (32, "float", 2)


def test_probe_never_writes(tmp_path):
    path = audiogen.write_flac(tmp_path / "a.flac", audiogen.tone(44100, 1.0), 44100)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    probe(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    ("tag", "named"), [(0x674F, "Ogg Vorbis"), (0x6771, "Ogg Vorbis"), (0x0055, "MP3")]
)
def test_a_wav_holding_another_codec_is_not_called_pcm(tmp_path, gen, tag, named):
    """LMMS ships two samples as WAV files holding Ogg Vorbis (format tag 0x674F, the old ACM
    codec). No decoder reads them; they were called "unreadable WAV file (Malformed 'fmt '
    chunk)" and listed as "PCM, lossless, 16-bit". Now: the codec by name, and no codec claimed."""
    import struct

    data = bytearray(gen.write_wav(tmp_path / "a.wav", gen.tone(8000, 0.3), 8000).read_bytes())
    data[20:22] = struct.pack("<H", tag)
    (tmp_path / "b.wav").write_bytes(bytes(data))
    res = probe(tmp_path / "b.wav")
    assert res.properties.codec is None and res.properties.lossless is None
    assert [p.message for p in res.problems] == [
        f"unsupported codec: {named} audio inside a WAV file, which audio tools rarely read"
    ]


def test_an_adts_stream_named_mp3_reads_its_own_bitrate(tmp_path):
    """Review 50e: an ADTS AAC stream at 96 kbps renamed .mp3 went to mutagen's MP3 class (it
    scores by name, and scores ADTS only under .aac), which read 384 kbps: T004 then said
    "re-encoded from a worse source" for a first encode. The bytes name the format."""
    import numpy as np
    from realaudio import prompts

    x = prompts(0.3)[0]
    aac = audiogen._pyav_encode(
        tmp_path / "a.aac", "adts", "aac", np.stack([x, x], 1), 48000, bit_rate=96000
    )
    named = tmp_path / "b.mp3"
    named.write_bytes(aac.read_bytes())
    right, wrong = probe(aac).properties, probe(named).properties
    assert right.container == wrong.container == "adts" and right.codec == wrong.codec == "aac"
    assert 60000 < right.bitrate_bps < 112000, right.bitrate_bps
    assert wrong.bitrate_bps == right.bitrate_bps
