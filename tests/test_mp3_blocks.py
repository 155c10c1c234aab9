"""An MP3 decodes the same in blocks as in one read (review 43c: libsndfile, read in 65,536-frame
blocks, put 0.35 s of zeros at every block of an 8 kbps MP3, and glitches up to 0.37 of full
scale at 8-64 kbps, erratically: 48 kbps mono too, 128 kbps stereo not; one read of the whole
file, and FFmpeg, agree to 1e-6). The probe names FFmpeg for MP3, whose blocks match."""

from __future__ import annotations

from pathlib import Path

import audiogen
import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompts

from audiolint.probe import probe
from audiolint.probe.decode import blocks


def _mp3(path: Path, x: np.ndarray, sr: int, kbps: int) -> Path:
    """Stereo ``x`` through FFmpeg's libmp3lame (PyAV) at ``kbps``."""
    pcm = np.stack([x, x], axis=1).astype(np.float32)
    return audiogen._pyav_encode(path, "mp3", "libmp3lame", pcm, sr, bit_rate=kbps * 1000)


@needs_alsa
def test_a_low_bitrate_mp3_decodes_the_same_in_blocks(tmp_path):
    x, sr = prompts(0.2)
    x = np.tile(x, 12)  # about 3 minutes: many blocks
    path = _mp3(tmp_path / "low.mp3", 0.5 * x, sr, 32)
    result = probe(path)
    assert result.properties.decoder == "ffmpeg"
    got = np.concatenate(list(blocks(path, result.detected, decoder=result.properties.decoder)))
    whole, _ = sf.read(path, dtype="float32", always_2d=True)  # one read: no block boundary
    n = min(len(got), len(whole))
    assert abs(len(got) - len(whole)) <= 1152 and n > 20 * 65536
    assert float(np.abs(got[:n] - whole[:n]).max()) < 1e-3


@needs_alsa
def test_junk_after_the_last_frame_is_skipped(tmp_path):
    """Review 43e: one junk byte after an MP3's last frame (or the tail of a failed download, a
    Lyrics3 tag) read "truncated or damaged" once FFmpeg decoded MP3, where libsndfile and
    FFmpeg's own tool decode it whole. The packets FFmpeg finds invalid are skipped."""
    from audiolint import api

    x, sr = prompts(0.2)
    clean = _mp3(tmp_path / "clean.mp3", 0.5 * x, sr, 128)
    data = clean.read_bytes()
    (tmp_path / "zero.mp3").write_bytes(data + b"\0")
    (tmp_path / "html.mp3").write_bytes(data + b"<html><body>502 Bad Gateway</body></html>\n")
    report = api.check([tmp_path], select=("F001", "S002"), read_config=False)
    assert all(not fr.findings or fr.findings[0].rule != "F001" for fr in report.files)
    lengths = {fr.path.split("/")[-1]: fr.signal["usable_duration_s"] for fr in report.files}
    assert lengths["zero.mp3"] == lengths["html.mp3"] == lengths["clean.mp3"] > 5


@needs_alsa
def test_damage_inside_is_reported_where_the_audio_jumps(tmp_path):
    """Since MP3 packets FFmpeg finds invalid are skipped (for junk after the end), 5,000 zeroed
    bytes in the middle of a download decoded around the hole with no finding (the parent said
    "decoding stopped part-way"). A skipped stretch that audio follows is F001, at the place the
    audio jumps, and the file's measurements are kept."""
    from audiolint import api

    x, sr = prompts(0.2)
    data = bytearray(_mp3(tmp_path / "clean.mp3", 0.5 * x, sr, 128).read_bytes())
    mid = len(data) // 2
    data[mid : mid + 5000] = bytes(5000)
    (tmp_path / "hole.mp3").write_bytes(bytes(data))
    report = api.check([tmp_path], select=("F001", "S002"), read_config=False)
    clean, fr = report.files
    [f001] = [f for f in fr.findings if f.rule == "F001"]
    assert f001.message.startswith("damaged: ")
    at = float(f001.message.split(" at ")[1].split(" s ")[0])
    whole = len(x) / sr
    assert 0.3 * whole < at < 0.7 * whole
    assert all(f.rule != "F001" for f in clean.findings)
    assert 0.6 * clean.signal["usable_duration_s"] < fr.signal["usable_duration_s"]
