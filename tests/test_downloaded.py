"""Downloaded material opens (issue 12): WebM, Matroska, M4A, AC-3, WavPack, MP2, ADTS, Opus at
any source rate and video files, each generated here with PyAV and checked for its properties
and for a measured signal. Clips are half a second long."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import audiogen
import numpy as np
import pytest

from audiolint import pipeline
from audiolint.config import Config
from audiolint.probe import av_backend, mp4_header, probe
from audiolint.probe.sniff import read_head, sniff_bytes

av = pytest.importorskip("av", reason="PyAV is needed to write these formats")
SECONDS = 0.5


def _clip(channels: int, sr: int) -> np.ndarray:
    mono = np.asarray(audiogen.speechlike(sr, SECONDS), dtype=np.float32).reshape(-1)
    if channels == 1:
        return mono.reshape(-1, 1)
    return np.column_stack([mono, 0.5 * mono]).astype(np.float32)


def _rms_db(x: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64)))))


def _write(tmp_path, name, fmt, codec, channels, sr, **kw):
    data = _clip(channels, sr)
    try:
        path = audiogen._pyav_encode(tmp_path / name, fmt, codec, data, sr, **kw)
    except audiogen.EncoderUnavailable as exc:
        pytest.skip(str(exc))
    return path, data


def _check(path):
    config = Config(cache_dir=None)
    return pipeline.file_report(pipeline.build_context(path, config), config)


# name, muxer, encoder, channels, rate, encoder options, codec, container, lossless
CASES = [
    ("opus1.webm", "webm", "libopus", 1, 48000, {"bit_rate": 96000}, "opus", "matroska", False),
    ("opus2.webm", "webm", "libopus", 2, 48000, {"bit_rate": 96000}, "opus", "matroska", False),
    ("opus2.mka", "matroska", "libopus", 2, 48000, {"bit_rate": 96000}, "opus", "matroska", False),
    ("flac1.mka", "matroska", "flac", 1, 44100, {}, "flac", "matroska", True),
    ("flac2.mka", "matroska", "flac", 2, 48000, {}, "flac", "matroska", True),
    ("aac1.m4a", "mp4", "aac", 1, 44100, {"bit_rate": 96000}, "aac", "mp4", False),
    ("aac2.m4a", "mp4", "aac", 2, 44100, {"bit_rate": 128000}, "aac", "mp4", False),
    ("aac1.aac", "adts", "aac", 1, 44100, {"bit_rate": 96000}, "aac", "adts", False),
    ("ac3.ac3", "ac3", "ac3", 2, 48000, {"bit_rate": 192000}, "ac3", "ac3", False),
    ("eac3.eac3", "eac3", "eac3", 2, 48000, {"bit_rate": 192000}, "eac3", "ac3", False),
    ("wv1.wv", "wv", "wavpack", 1, 44100, {"sample_fmt": "s16p"}, "wavpack", "wavpack", True),
    ("wv2.wv", "wv", "wavpack", 2, 44100, {"sample_fmt": "s16p"}, "wavpack", "wavpack", True),
    ("mp2.mp2", "mp2", "mp2", 2, 48000, {"bit_rate": 192000}, "mp2", "mp3", False),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_format_opens_and_is_analysed(tmp_path, case):
    name, fmt, codec, channels, sr, kw, want_codec, container, lossless = case
    path, data = _write(tmp_path, name, fmt, codec, channels, sr, **kw)
    assert sniff_bytes(read_head(path)) == container
    fr = _check(path)
    props = fr.properties
    assert (props.container, props.codec, props.lossless) == (container, want_codec, lossless)
    assert isinstance(props.channels, int) and not isinstance(props.channels, bool)
    assert (props.channels, props.sample_rate) == (channels, sr)
    assert props.duration_s == pytest.approx(SECONDS, abs=0.08)
    if lossless:
        assert props.bit_depth == 16
    rules = {f.rule for f in fr.findings}
    assert not rules & {"F001", "F002", "F004", "F005"}, fr.findings
    assert fr.signal is not None
    assert fr.signal["rms_dbfs"] == pytest.approx(_rms_db(data), abs=1.0)


def test_opus_reports_48k_and_the_source_rate(tmp_path):
    """libsndfile would decode this at 24 kHz; the rule is 48 kHz plus the OpusHead's rate."""
    data = _clip(1, 24000)
    path = audiogen.write_opus(tmp_path / "low.opus", data, 24000)
    fr = _check(path)
    props = fr.properties
    assert (props.sample_rate, props.input_sample_rate, props.codec) == (48000, 24000, "opus")
    assert props.decoder == "ffmpeg"
    assert props.duration_s == pytest.approx(SECONDS, abs=0.05)
    assert fr.signal is not None
    assert fr.signal["rms_dbfs"] == pytest.approx(_rms_db(data), abs=1.0)


def test_header_says_stereo_decoder_says_mono(tmp_path):
    """A mono AAC whose sample entry claims 2 channels (as some ffmpeg builds write): mutagen
    believes the header, the decoder delivers 1 channel, and the decoder wins, silently."""
    path, data = _write(tmp_path, "mono.m4a", "mp4", "aac", 1, 44100, bit_rate=96000)
    raw = bytearray(path.read_bytes())
    at = raw.find(b"mp4a") + 4 + 6 + 2 + 8  # SampleEntry + AudioSampleEntry reserved fields
    raw[at : at + 2] = (2).to_bytes(2, "big")
    path.write_bytes(bytes(raw))
    fr = _check(path)
    assert fr.properties.channels == 1
    assert not {f.rule for f in fr.findings} & {"F001", "F005"}, fr.findings
    assert fr.signal["rms_dbfs"] == pytest.approx(_rms_db(data), abs=1.0)


def _write_video(path, fmt, vcodec, audio_tracks, sr=44100):
    """A few frames of video plus ``audio_tracks`` AAC tracks (mono, then stereo...)."""
    clips = [_clip(1 + i % 2, sr) for i in range(audio_tracks)]
    try:
        av.Codec(vcodec, "w")
        av.Codec("aac", "w")
    except Exception as exc:  # noqa: BLE001 - UnknownCodecError across PyAV versions
        pytest.skip(f"PyAV has no {vcodec!r} or 'aac' encoder: {exc}")
    with av.open(str(path), "w", format=fmt) as box:
        video = box.add_stream(vcodec, rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        tracks = []
        for clip in clips:
            stream = box.add_stream("aac", rate=sr)
            stream.layout = "mono" if clip.shape[1] == 1 else "stereo"
            tracks.append(stream)
        for i in range(int(SECONDS * 10)):
            img = np.full((48, 64, 3), i * 20, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24").reformat(format="yuv420p")
            frame.pts = i
            box.mux(video.encode(frame))
        box.mux(video.encode(None))
        for stream, clip in zip(tracks, clips, strict=True):
            size = stream.codec_context.frame_size or 1024
            for pts in range(0, len(clip) - size + 1, size):
                chunk = np.ascontiguousarray(clip[pts : pts + size].T)
                frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=stream.layout)
                frame.sample_rate, frame.pts, frame.time_base = sr, pts, Fraction(1, sr)
                box.mux(stream.encode(frame))
            box.mux(stream.encode(None))
    return path, clips[0]


@pytest.mark.parametrize(
    ("name", "fmt", "vcodec", "tracks"),
    [
        ("clip.mp4", "mp4", "mpeg4", 1),
        ("two.mp4", "mp4", "mpeg4", 2),
        ("clip.mkv", "matroska", "ffv1", 2),
    ],
)
def test_video_file_first_audio_track_is_analysed(tmp_path, name, fmt, vcodec, tracks):
    path, first = _write_video(tmp_path / name, fmt, vcodec, tracks)
    fr = _check(path)
    props = fr.properties
    assert (props.codec, props.channels, props.sample_rate) == ("aac", 1, 44100)
    assert props.audio_streams == tracks
    assert not {f.rule for f in fr.findings} & {"F001", "F002", "F005"}, fr.findings
    assert fr.signal["rms_dbfs"] == pytest.approx(_rms_db(first), abs=1.0)


def test_without_pyav_the_finding_names_the_extra(tmp_path, monkeypatch):
    path, _ = _write(tmp_path, "a.webm", "webm", "libopus", 2, 48000, bit_rate=96000)
    monkeypatch.setattr(av_backend, "available", lambda: False)
    monkeypatch.setitem(sys.modules, "av", None)  # import av now raises ImportError
    assert probe(path).readable
    fr = _check(path)
    rules = {f.rule: f.message for f in fr.findings}
    assert "F001" not in rules and "F005" not in rules, rules
    assert "audiolint[decode]" in rules["F004"]


def test_version_and_wav_checks_never_import_pyav(tmp_path):
    wav = audiogen.write_wav(tmp_path / "a.wav", audiogen.tone(44100, 0.3), 44100)
    code = (
        "import sys, contextlib\n"
        "from audiolint.cli import main\n"
        "sys.argv = ['audiolint', '--version']\n"
        "with contextlib.suppress(SystemExit):\n"
        "    main()\n"
        "from audiolint import pipeline\n"
        "from audiolint.config import Config\n"
        "from pathlib import Path\n"
        f"pipeline.build_context(Path({str(wav)!r}), Config(cache_dir=None))\n"
        "print('av' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False"), out.stdout + out.stderr


@pytest.mark.parametrize(("channels", "sr"), [(1, 48000), (2, 44100), (1, 32000)])
def test_plain_aac_lc_m4a_is_probed_from_its_header(tmp_path, monkeypatch, channels, sr):
    """AAC-LC at 32 kHz or more in an M4A: the esds AudioSpecificConfig gives what FFmpeg would
    (channels, rate, duration less the encoder delay), without opening FFmpeg (--quick speed)."""
    path, _ = _write(tmp_path, f"lc{channels}_{sr}.m4a", "mp4", "aac", channels, sr)
    header, decoder = mp4_header.read(path), av_backend.read(path)
    assert header is not None
    assert (header.channels, header.sample_rate, header.codec) == (channels, sr, "aac")
    assert header.duration_s == pytest.approx(decoder.duration_s, abs=0.002)
    assert (header.audio_streams, header.video_streams) == (1, 0)

    def refuse(_path):
        raise AssertionError("FFmpeg opened a plain AAC-LC M4A")

    monkeypatch.setattr(av_backend, "read", refuse)
    props = probe(path).properties
    assert (props.channels, props.sample_rate, props.decoder) == (channels, sr, "ffmpeg")


def test_ambiguous_aac_header_is_left_to_ffmpeg(tmp_path):
    """A core rate of 24 kHz or less may hide SBR and parametric stereo (a 'mono' header that
    decodes as stereo at twice the rate), and channel configuration 0 says nothing: FFmpeg."""
    low, _ = _write(tmp_path, "low.m4a", "mp4", "aac", 1, 22050, bit_rate=48000)
    assert mp4_header.read(low) is None
    assert probe(low).properties.channels == 1
    path, _ = _write(tmp_path, "pce.m4a", "mp4", "aac", 2, 48000)
    raw = bytearray(path.read_bytes())
    at = raw.find(b"\x11\x90", raw.find(b"esds"))  # AOT 2, 48 kHz, configuration 2
    assert at > 0
    raw[at + 1] = 0x80  # configuration 0
    path.write_bytes(bytes(raw))
    assert mp4_header.read(path) is None


def test_video_first_mp4_header_counts_tracks(tmp_path):
    path, _ = _write_video(tmp_path / "v.mp4", "mp4", "mpeg4", 2, sr=48000)
    header = mp4_header.read(path)
    assert header is not None
    assert (header.channels, header.audio_streams, header.video_streams) == (1, 2, 1)


def test_a_vbr_mp3_in_matroska_is_read_at_its_average(tmp_path):
    """Review 53a: an MP3 stream states its first frame's bitrate (a VBR file's Xing frame, 160
    kbps here), and a -q:a 7 encode in Matroska (37 kbps) read "160 kbps MP3 is under 192 kbps".
    Alone in its file, its average is the container's size over its length. A real take
    (tests/data/voicebook.txt) through FFmpeg's libmp3lame at -q:a 7 (global_quality 7 x 118)."""
    from pathlib import Path

    import soundfile as sf

    take = Path(__file__).parent / "data" / "voicebook_38_2.flac"
    x, sr = sf.read(take, dtype="float32", always_2d=True)
    options = {"flags": "+qscale", "global_quality": str(7 * 118)}
    try:
        path = audiogen._pyav_encode(tmp_path / "q7.mka", "matroska", "libmp3lame", x, sr,
                                     options=options)  # fmt: skip
    except audiogen.EncoderUnavailable as exc:
        pytest.skip(str(exc))
    fr = _check(path)
    assert fr.properties.codec == "mp3"
    assert fr.properties.bitrate_bps == pytest.approx(path.stat().st_size * 8 / 10.01, rel=0.01)
    [q002] = [f for f in fr.findings if f.rule == "Q002"]
    assert q002.severity == "error" and q002.message.startswith("37 kbps MP3 is under 128 kbps")
