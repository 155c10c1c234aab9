"""Files whose headers state no length, or a wrong one, as downloads and phones deliver them
(review 51c): a WAV or FLAC written to a pipe, a WAV whose recorder never wrote its sizes, a
fragmented MP4 (DASH), an AMR phone memo with comfort-noise pauses, an MP3 or ADTS stream rip
that starts mid-frame, and hybrid (lossy) WavPack. Built from committed real recordings
(tests/data; their .txt files give the sources) with libsndfile and PyAV, then patched as the
tools that make such files leave them.
"""

from __future__ import annotations

from pathlib import Path

import audiogen
import numpy as np
import pytest
import soundfile as sf

from audiolint import pipeline
from audiolint.config import Config
from audiolint.probe import probe

av = pytest.importorskip("av", reason="FFmpeg (PyAV) writes and decodes these")
DATA = Path(__file__).parent / "data"
SPEECH = DATA / "sr_english.flac"  # 44.1 kHz mono, 2.74 s


def _report(path):
    config = Config(cache_dir=None)
    return pipeline.file_report(pipeline.build_context(path, config), config)


def _rules(report) -> dict[str, str]:
    return {f.rule: f.message for f in report.findings}


def _speech_wav(tmp_path) -> tuple[Path, float]:
    data, rate = sf.read(str(SPEECH), dtype="int16")
    path = tmp_path / "speech.wav"
    sf.write(str(path), data, rate, subtype="PCM_16")
    return path, len(data) / rate


def _patch(path: Path, at: int, value: bytes) -> None:
    raw = bytearray(path.read_bytes())
    raw[at : at + len(value)] = value
    path.write_bytes(bytes(raw))


def test_an_empty_data_chunk_before_a_tag_is_no_unfinished_header(tmp_path):
    """Review 51d: a WAV with no samples, then an ``id3 `` chunk its RIFF size counts, read
    "unfinished header ... re-save it", and FFmpeg decoded the tag as audio."""
    path, _ = _speech_wav(tmp_path)
    raw = path.read_bytes()
    data_at = raw.index(b"data")
    tag = b"id3 " + (2000).to_bytes(4, "little") + bytes(2000)
    body = raw[12:data_at] + b"data" + bytes(4) + tag
    path.write_bytes(b"RIFF" + (4 + len(body)).to_bytes(4, "little") + b"WAVE" + body)
    rules = _rules(_report(path))
    assert "unfinished" not in rules.get("F001", ""), rules


def test_a_wav_written_to_a_pipe_is_whole(tmp_path):
    """FFmpeg and SoX leave both sizes at 0xFFFFFFFF: "the header promises 24347.89 s" was a
    false F001, and fix left the file out."""
    path, seconds = _speech_wav(tmp_path)
    data_at = path.read_bytes().index(b"data")
    _patch(path, 4, b"\xff" * 4)
    _patch(path, data_at + 4, b"\xff" * 4)
    report = _report(path)
    assert "F001" not in _rules(report), report.findings
    assert report.properties.duration_s == pytest.approx(seconds, abs=0.001)


def test_a_wav_whose_sizes_were_never_written_is_read_and_named(tmp_path):
    """A recorder that stopped before it wrote its sizes leaves them 0: libsndfile reads no
    audio ("holds no samples"), FFmpeg reads it all."""
    path, seconds = _speech_wav(tmp_path)
    data_at = path.read_bytes().index(b"data")
    _patch(path, 4, bytes(4))
    _patch(path, data_at + 4, bytes(4))
    report = _report(path)
    rules = _rules(report)
    assert "unfinished header" in rules["F001"] and f"{seconds:.2f} s" in rules["F001"]
    assert report.properties.duration_s == pytest.approx(seconds, abs=0.001)
    assert report.signal["usable_duration_s"] > 1.0
    assert "Q005" not in rules and "no samples" not in rules.get("S002", "")


def test_a_flac_written_to_a_pipe_is_measured_by_its_decode(tmp_path):
    """STREAMINFO's total of 0 ("unknown") read as 9,223,372,036,854,775,807 samples."""
    data, rate = sf.read(str(SPEECH), dtype="int16")
    path = tmp_path / "pipe.flac"
    sf.write(str(path), data, rate, subtype="PCM_16")
    raw = bytearray(path.read_bytes())
    assert raw[:4] == b"fLaC"
    raw[21] &= 0xF0  # STREAMINFO (from byte 8): the total's high 4 bits share byte 13
    raw[22:26] = bytes(4)
    path.write_bytes(bytes(raw))
    report = _report(path)
    assert "F001" not in _rules(report), report.findings
    assert report.properties.duration_s == pytest.approx(len(data) / rate, abs=0.001)
    assert 100_000 < report.properties.bitrate_bps < 705_600


def test_a_fragmented_mp4_is_measured_by_its_decode(tmp_path):
    """A DASH or fragmented M4A's header states 0 s: "only 0.00 s long" (Q005) before."""
    data, rate = sf.read(str(SPEECH), dtype="float32")
    fragmented = {"movflags": "frag_keyframe+empty_moov"}
    path = audiogen._pyav_encode(tmp_path / "dash.m4a", "mp4", "aac", data.reshape(-1, 1), rate,
                                 bit_rate=96000, container_options=fragmented)  # fmt: skip
    report = _report(path)
    rules = _rules(report)
    assert "Q005" not in rules and "F001" not in rules, rules
    assert report.properties.duration_s == pytest.approx(len(data) / rate, abs=0.1)


def _amr_memo(tmp_path) -> tuple[Path, float]:
    """A phone memo: a real 8 kHz voice, a 2 s pause, the voice again, through AMR-NB 12.2k
    with DTX (the pause goes out as comfort-noise and NO_DATA frames)."""
    voice, rate = sf.read(str(DATA / "asterisk_ru_queue_holdtime.flac"), dtype="int16")
    memo = np.concatenate([voice, np.zeros(2 * rate, np.int16), voice])
    memo = np.pad(memo, (0, -len(memo) % 160))
    try:
        path = audiogen._pyav_encode(tmp_path / "memo.amr", "amr", "libopencore_amrnb",
                                     memo.reshape(-1, 1) / 32768, rate, bit_rate=12200,
                                     options={"dtx": "1"})  # fmt: skip
    except (audiogen.EncoderUnavailable, av.error.FFmpegError, ValueError) as exc:
        pytest.skip(f"no AMR-NB encoder: {exc}")  # an FFmpeg built without the encoder
    return path, len(memo) / rate


def test_an_amr_memo_with_pauses_is_whole_and_lossy(tmp_path):
    """FFmpeg does not decode comfort noise: "decoding stopped part-way (Not yet implemented
    in FFmpeg)", and its length guessed from the first frame (21.55 s for 11.96)."""
    path, seconds = _amr_memo(tmp_path)
    raw = path.read_bytes()
    assert any((b >> 3) & 15 == 8 for b in raw[6:])  # the encoder wrote comfort noise
    report = _report(path)
    rules = _rules(report)
    assert "F001" not in rules, rules
    assert report.properties.lossless is False and "Q001" in rules
    assert report.properties.duration_s == pytest.approx(seconds, abs=0.03)


def test_a_stream_rip_that_starts_mid_frame_is_an_mp3(tmp_path):
    data, rate = sf.read(str(SPEECH), dtype="float32")
    whole = audiogen.write_mp3(tmp_path / "whole.mp3", data, rate, kbps=128).read_bytes()
    junk = np.random.default_rng(51).integers(0, 256, 12_000, dtype=np.uint8).tobytes()
    path = tmp_path / "rip.mp3"
    path.write_bytes(junk + whole[1000:])  # cut into a frame, after junk
    report = _report(path)
    rules = _rules(report)
    assert "F001" not in rules, rules
    assert report.properties.codec == "mp3"
    assert report.properties.duration_s == pytest.approx(len(data) / rate, abs=0.15)
    assert probe(tmp_path / "whole.mp3").detected == "mp3"


def test_an_adts_rip_that_starts_mid_frame_is_aac(tmp_path):
    data, rate = sf.read(str(SPEECH), dtype="float32")
    whole = audiogen._pyav_encode(tmp_path / "whole.aac", "adts", "aac", data.reshape(-1, 1),
                                  rate, bit_rate=96000).read_bytes()  # fmt: skip
    for cut in (333,):
        path = tmp_path / f"rip{cut}.aac"
        path.write_bytes(whole[cut:])
        result = probe(path)
        assert result.detected == "adts" and result.readable, result.problems
        assert "F001" not in _rules(_report(path)), cut


def test_only_one_stream_of_layer_iii_or_adts_frames_is_a_rip(tmp_path):
    """Review 51d: with any MPEG layer, and frames not sharing a header, 432 of 4,000 binaries
    and message catalogues named .mp3 read as damaged MP1 audio."""
    from audiolint.probe.sniff import sniff_rip

    layer2 = bytes([0xFF, 0xFD, 0x94, 0x00])  # MPEG-1 Layer II, 128 kbps, 44.1 kHz: 417 bytes
    assert sniff_rip(b"junk" + (layer2 + bytes(413)) * 6) is None
    layer3 = bytes([0xFF, 0xFB, 0x90, 0x00])  # MPEG-1 Layer III, 128 kbps, 44.1 kHz: 417 bytes
    assert sniff_rip(b"junk" + (layer3 + bytes(413)) * 6) == "mp3"
    other = bytes([0xFF, 0xFB, 0x94, 0x00])  # the same at 48 kHz: 384 bytes
    mixed = layer3 + bytes(413) + other + bytes(380) + layer3 + bytes(413) + other + bytes(380)
    assert sniff_rip(b"junk" + mixed * 2) is None


def test_hybrid_wavpack_is_lossy(tmp_path):
    """The hybrid flag (0x8) of a WavPack block: FFmpeg decodes the lossy half alone."""
    data, rate = sf.read(str(SPEECH), dtype="float32")
    path = audiogen._pyav_encode(
        tmp_path / "a.wv", "wv", "wavpack", data.reshape(-1, 1), rate, sample_fmt="fltp"
    )
    assert probe(path).properties.lossless is True
    raw = bytearray(path.read_bytes())
    assert raw[:4] == b"wvpk"
    raw[24] |= 0x8
    path.write_bytes(bytes(raw))
    assert probe(path).properties.lossless is False


def _speech_48k() -> np.ndarray:
    from scipy import signal

    data, rate = sf.read(str(SPEECH), dtype="float32")
    assert rate == 44100
    return signal.resample_poly(data, 160, 147).astype(np.float32).reshape(-1, 1)


def test_an_audio_only_webm_cut_short_is_truncated(tmp_path):
    """Review 51c: WebM and MKA downloads cut at 10-90 % of their bytes read whole (a Matroska
    length is its longest stream's, so it was never compared; audio-only, it is the audio's)."""
    whole = audiogen._pyav_encode(
        tmp_path / "whole.webm", "webm", "libopus", _speech_48k(), 48000, bit_rate=96000
    )
    cut = tmp_path / "cut.webm"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert "F001" not in _rules(_report(whole))
    assert _rules(_report(cut))["F001"].startswith("truncated: decoding ended at ")


def test_a_video_whose_audio_ends_first_has_the_audios_length(tmp_path):
    """Review 51c: a WebM of 25 s of video and 12 s of audio read 25.007 s long."""
    speech = _speech_48k()[:48000]  # 1 s of audio under 3 s of video
    path = tmp_path / "clip.mkv"
    with av.open(str(path), "w", format="matroska") as box:
        video = box.add_stream("ffv1", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = box.add_stream("flac", rate=48000)
        audio.layout = "mono"
        for i in range(30):
            img = np.full((48, 64, 3), i * 8, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24").reformat(format="yuv420p")
            frame.pts = i
            box.mux(video.encode(frame))
        box.mux(video.encode(None))
        frame = av.AudioFrame.from_ndarray(
            (speech.T * 32767).astype(np.int16), format="s16", layout="mono"
        )
        frame.sample_rate, frame.pts = 48000, 0
        box.mux(audio.encode(frame))
        box.mux(audio.encode(None))
    assert probe(path).properties.duration_s > 2.5  # the container states the video's length
    report = _report(path)
    assert "F001" not in _rules(report), report.findings
    assert report.properties.duration_s == pytest.approx(1.0, abs=0.05)


def test_an_audio_track_starting_late_is_not_truncated(tmp_path):
    """Review 51f: audio extracted from a video whose audio starts 1.5 s in states the
    container's end (14.5 s) and read "truncated: decoding ended at 13.02 s"; the audio's own
    length is its end less its start."""
    speech = _speech_48k()
    path = tmp_path / "late.mka"
    with av.open(str(path), "w", format="matroska") as box:
        audio = box.add_stream("flac", rate=48000)
        audio.layout = "mono"
        frame = av.AudioFrame.from_ndarray(
            (speech.T * 32767).astype(np.int16), format="s16", layout="mono"
        )
        frame.sample_rate, frame.pts = 48000, 72000  # 1.5 s in
        box.mux(audio.encode(frame))
        box.mux(audio.encode(None))
    report = _report(path)
    assert "F001" not in _rules(report), report.findings
    assert report.properties.duration_s == pytest.approx(len(speech) / 48000, abs=0.05)
