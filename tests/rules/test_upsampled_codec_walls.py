"""T002 stays silent on a codec's own low-pass where a resampler's wall would stand.

Regression (issue 11, cross-check false alarms): LAME at 48-64 kbps kept at the source's rate
(through FFmpeg or PyAV, which do not let LAME resample) cuts at 11.3 kHz, half-way at 0.94 of
12 kHz, and FFmpeg's MP2 encoder at 96-192 kbps stops at a subband edge near 12 kHz: both read
as 'upsampled from 24 kHz'. MP3's grid (mp3grid) and MP2's subband grid (mp2grid) say the
samples are a codec's decode; the edge alone cannot tell a codec's low-pass from a round trip
through a lower rate, so no upsampling is reported. Real speech: ALSA's prompts (48 kHz) and
a 44.1 kHz copy, encoded at test time with PyAV.
"""

from __future__ import annotations

import io

import numpy as np
import soxr
from realaudio import needs_alsa, needs_csound_doc

from audiolint.analysis import mp2grid
from audiolint.analysis.excerpt import Excerpt
from rules.test_fidelity_median_real import encode
from rules.test_upsampled_images import speech
from rules.test_upsampled_lossy import inspect, needs, rules_of


def encode_s16(x: np.ndarray, sr: int, kbps: int, codec: str, fmt: str) -> np.ndarray:
    """``x`` as two identical channels of 16-bit frames of the encoder's size, encoded with
    PyAV (FFmpeg's MP2 encoder takes 16-bit samples only) and decoded back to their mean."""
    import av

    buf = io.BytesIO()
    pcm = np.round(np.clip(x, -1, 1) * 32767).astype(np.int16)
    both = np.repeat(pcm[:, None], 2, axis=1)
    with av.open(buf, "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=sr)
        stream.layout, stream.bit_rate = "stereo", kbps * 1000
        n = stream.codec_context.frame_size or 1152
        packets = []
        for i in range(0, len(pcm), n):
            chunk = np.ascontiguousarray(both[i : i + n].reshape(1, -1))
            frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="stereo")
            frame.sample_rate, frame.pts = sr, i
            packets += stream.encode(frame)
        for packet in [*packets, *stream.encode(None)]:
            out.mux(packet)
    buf.seek(0)
    decoded = []
    with av.open(buf) as inp:
        for frame in inp.decode(audio=0):
            a = frame.to_ndarray()
            a = a.reshape(-1, 2).T if frame.format.is_packed else a
            decoded.append(a.mean(axis=0) / (32768.0 if a.dtype == np.int16 else 1.0))
    return np.concatenate(decoded)


@needs_alsa
def test_lame_48k_kept_at_the_sources_rate_is_lossy_not_upsampled(tmp_path):
    """LAME 48 kbps through PyAV at 48 kHz: the low-pass at 11.3 kHz reads as a resampler's
    wall from 24 kHz (T002 'upsampled from 24 kHz' before); MP3's grid decides."""
    needs("libmp3lame")
    x, sr = speech()
    report = inspect(tmp_path, "lame48", encode(x, sr, 48, "libmp3lame", "mp3"), sr)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid["mp3_grid"]["decided"]
    assert 0.94 <= fid["resampler_position"] <= 1.0  # the wall a resampler's would be
    assert fid.get("upsampled_from") is None
    assert "T002" not in rules_of(report) and "T001" in rules_of(report)
    assert "a codec's low-pass can stand there as well" in fid["evidence"][-1]


@needs_alsa
def test_mp2_160k_at_44k_is_lossy_not_upsampled(tmp_path):
    """FFmpeg's MP2 at 160 kbps in stereo on a 44.1 kHz copy stops half-way at 11.9 kHz, 0.99
    of 12 kHz, as SoX -v -s from 24 kHz would ('upsampled from 24 kHz' before); its subband
    grid decides lossy-origin, and T002 stays silent."""
    needs("mp2")
    x, sr = speech()
    y = soxr.resample(x, sr, 44100)
    report = inspect(tmp_path, "mp2", encode_s16(y, 44100, 160, "mp2", "mp2"), 44100)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid.get("upsampled_from") is None
    assert 0.985 <= fid["resampler_position"] <= 1.0
    assert "MP2's filterbank" in fid["evidence"][0]
    assert "T002" not in rules_of(report) and "T001" in rules_of(report)
    # the record it rests on is in the report, and T001 says what it measured
    assert fid["mp2_grid"]["found"] and fid["mp2_grid"]["decided"]
    [t001] = [f for f in report.findings if f.rule == "T001"]
    assert t001.message.startswith(
        "decoded from lossy audio, most likely MP2 (or Musepack, which shares its filterbank): "
    )
    assert f"{100 * fid['mp2_grid']['zero_share']:.0f}% of the samples" in t001.message
    assert "loud blocks of MP2's 32 subbands" in t001.message


@needs_alsa
def test_mp2_grid_found_in_an_mp2_decode_and_not_in_a_resamplers_copy():
    """The grid: an MP2 decode at its phase, many subband samples zero; the same speech
    brought up from 24 kHz by soxr, none."""
    needs("mp2")
    x, sr = speech()
    y = soxr.resample(x, sr, 44100)

    def grid(z: np.ndarray) -> dict:
        excerpt = Excerpt()
        z = (np.round(z * 32767) / 32768).astype(np.float32)[:, None]
        for i in range(0, len(z), 8192):  # blocks, as the pipeline feeds them
            excerpt.update(z[i : i + 8192])
        return mp2grid.measure(excerpt.spans(), 16)

    decoded = grid(encode_s16(y, 44100, 128, "mp2", "mp2"))
    assert decoded["found"] and decoded["zero_share"] >= 3 * decoded["off_grid_share"]
    resampled = grid(soxr.resample(soxr.resample(y, 44100, 24000), 24000, 44100))
    assert not resampled["found"]


@needs_alsa
def test_mp2_256k_with_its_wall_under_every_codec_row_is_found(tmp_path):
    """Review 44a: FFmpeg's MP2 at 128-384 kbps gives the bands over 11-15 kHz no bits, a
    deep wall under every row of the codec low-pass table: 7 of 8 decodes read "no problems".
    Its subband grid is searched where the edge leaves the verdict inconclusive."""
    needs("mp2")
    x, sr = speech()
    y = soxr.resample(x, sr, 44100)
    report = inspect(tmp_path, "mp2", encode_s16(y, 44100, 256, "mp2", "mp2"), 44100)
    fid = report.fidelity
    assert fid["cutoff_hz"] < 14500  # under the codec table's rows: no edge claim
    assert fid["verdict"] == "lossy-origin" and fid["mp2_grid"]["found"]
    [t001] = [f for f in report.findings if f.rule == "T001"]
    assert t001.message.startswith(
        "decoded from lossy audio, most likely MP2 (or Musepack, which shares its filterbank): "
    )


@needs_csound_doc
def test_mp2_96k_images_at_a_subband_edge_are_not_upsampling(tmp_path):
    """Review 44a: FFmpeg's MP2 at 80-96 kbps on music codes nothing over 8 of its 32 subbands
    (5.5 kHz at 44.1 kHz), and its aliasing across that edge mirrors the band as an upsampler's
    images do: 'upsampled from 11.025 kHz' (T002). Where the images stand at a subband edge and
    MP2's grid is found, the decode is named instead; soxr's copy of the same music from
    11.025 kHz still reads upsampled."""
    import soundfile as sf
    from realaudio import csound_example

    needs("mp2")
    y, sr = sf.read(csound_example("stereoJungle.wav", tmp_path))
    y = soxr.resample(y.mean(axis=1), sr, 44100)
    report = inspect(tmp_path, "mp2", encode_s16(y, 44100, 96, "mp2", "mp2"), 44100)
    fid = report.fidelity
    assert fid["verdict"] == "lossy-origin" and fid.get("upsampled_from") is None
    assert fid["mp2_grid"]["found"]
    assert "two of MP2's 32 subbands meet" in " ".join(fid["evidence"])
    assert "T002" not in rules_of(report) and "T001" in rules_of(report)
    up = soxr.resample(soxr.resample(y, 44100, 11025), 11025, 44100)
    resampled = inspect(tmp_path, "up", up, 44100)
    assert resampled.fidelity["upsampled_from"] == 11025 and "T002" in rules_of(resampled)
