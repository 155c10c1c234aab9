"""Spectrogram pictures (``inspect --spectrogram`` and the HTML thumbnails), checked pixel by
pixel on real renderings of analysed files: labelled axes (kHz, seconds), an absolute dBFS
colour key, the cut-off labelled with its frequency, and a near-silent file that looks dark."""

from __future__ import annotations

import base64
import re
import struct
import zlib

import numpy as np
import pytest
from click.testing import CliRunner

from audiolint import api, plot, plotfont
from audiolint.cli import cli
from audiolint.report import html_report

SR = 44100


def decode_png(data: bytes) -> np.ndarray:
    """An 8-bit RGB PNG as an (height, width, 3) array, every chunk's CRC checked and every
    row filter undone (a reader, not a mirror of the writer)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0] == zlib.crc32(
            kind + body
        )
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert (depth, colour, interlace) == (8, 2, 0)
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + 3 * width)
    out = np.zeros((height, 3 * width), np.int32)
    for y in range(height):
        f, row = raw[y, 0], raw[y, 1:].astype(np.int32)
        up = out[y - 1] if y else np.zeros(3 * width, np.int32)
        if f == 0:
            out[y] = row
        elif f == 2:
            out[y] = (row + up) % 256
        else:  # 1 (sub), 3, 4: left-dependent, done pixel by pixel
            for x in range(3 * width):
                a = out[y, x - 3] if x >= 3 else 0
                c = up[x - 3] if x >= 3 else 0
                pred = {1: a, 3: (a + up[x]) // 2}.get(f)
                if pred is None:
                    p = a + up[x] - c
                    pa, pb, pc = abs(p - a), abs(p - up[x]), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else up[x] if pb <= pc else c
                out[y, x] = (row[x] + pred) % 256
    return out.reshape(height, width, 3).astype(np.uint8)


def has_text(px: np.ndarray, text: str, scale: int, colour, rows=None, cols=None) -> bool:
    """True when ``text`` is drawn in ``colour`` somewhere in the given part of the image."""
    part = px[rows or slice(None), cols or slice(None)]
    ink = plotfont.mask(text, scale)
    h, w = ink.shape
    if part.shape[0] < h or part.shape[1] < w:
        return False
    match = (part == np.array(colour, np.uint8)).all(axis=2)
    windows = np.lib.stride_tricks.sliding_window_view(match, (h, w))
    return bool((windows[..., ink].all(axis=-1) & ~windows[..., ~ink].any(axis=-1)).any())


def _brightness(rgb: np.ndarray) -> float:
    return float(rgb.astype(float).mean())


def _render(path, width=800, height=256):
    [fr] = api.check([path], keep_artifacts=True, read_config=False, cache_dir=None).files
    art = fr.artifacts["spectrogram"]
    return art, decode_png(plot.spectrogram_png(art, width=width, height=height))


@pytest.fixture(scope="module")
def speech():
    """Three seconds of speech-like sound, made once for the module."""
    import audiogen

    return audiogen.speechlike(SR, 3.0, seed=4)


@pytest.fixture
def voices(tmp_path, gen, speech):
    """The same speech-like recording at a normal level and 66 dB down (near silent)."""
    loud = gen.write_wav(tmp_path / "loud.wav", speech, SR)
    quiet = gen.write_wav(tmp_path / "quiet.wav", speech * 0.0005, SR, subtype="PCM_24")
    return loud, quiet


def test_a_near_silent_file_looks_dark_on_the_absolute_scale(voices):
    (_, loud), (_, quiet) = (_render(p) for p in voices)
    lay = plot.layout(800, 256)
    area = np.s_[lay.top : lay.bottom, lay.left : lay.right]
    assert _brightness(quiet[area]) < 30  # near black: 0 is black, 255 white
    # a scale relative to each file's loudest cell would draw both alike; this one does not
    assert _brightness(loud[area]) > _brightness(quiet[area]) + 40


def test_axes_key_and_units_are_drawn(voices):
    art, px = _render(voices[0])
    lay = plot.layout(800, 256)
    s, ink = lay.scale, plot.INK
    assert s == 2
    top = slice(0, lay.top)
    assert has_text(px, "kHz", s, ink, rows=top, cols=slice(0, lay.left))
    assert has_text(px, "dBFS", s, ink, rows=top, cols=slice(lay.right, None))
    below = slice(lay.bottom, None)
    assert has_text(px, "s", s, ink, rows=below, cols=slice(lay.right, None))
    for seconds in ("0", "1", "2", "3"):  # 3.0 s long
        assert has_text(px, seconds, s, ink, rows=below, cols=slice(lay.left - 20, lay.right))
    left = slice(0, lay.left)
    for khz in ("0", "10", "20"):  # up to 22.05 kHz
        assert has_text(px, khz, s, ink, rows=slice(lay.top - 10, lay.bottom + 10), cols=left)
    assert not has_text(px, "30", s, ink, cols=left)
    # the key: the colour map from 0 dBFS at the top to -120 dBFS at the bottom, labelled
    key = px[lay.top : lay.bottom, lay.key_left : lay.key_right].astype(int).sum(axis=2)
    assert (key[0] == plot.colormap(np.array([1.0]))[0].sum()).all()
    assert (key[-1] == plot.colormap(np.array([0.0]))[0].sum()).all()
    assert (np.diff(key[:, 0]) <= 1).all()  # darker going down
    labels = slice(lay.key_right, None)
    for db in ("0", "-60", "-120"):
        assert has_text(px, db, s, ink, cols=labels)


def test_the_cutoff_is_labelled_with_its_frequency(tmp_path, gen, speech):
    mp3 = gen.write_mp3(tmp_path / "lossy.mp3", speech, SR, kbps=64)
    art, px = _render(mp3)
    assert art["cutoff_hz"] and art["cutoff_hz"] < 18000  # a 64 kbps MP3 is cut
    lay = plot.layout(800, 256)
    label = f"cutoff {art['cutoff_hz'] / 1000:.1f} kHz"
    assert has_text(px, label, lay.scale, plot.LINE_RGB, cols=slice(lay.left, lay.right))
    ph = lay.bottom - lay.top
    y = lay.bottom - 1 - round(art["cutoff_hz"] / (SR / 2) * (ph - 1))
    line = (px[y, lay.left : lay.right] == plot.LINE_RGB).all(axis=1)
    assert 0.4 < line.mean() < 0.6  # dashed


def test_inspect_spectrogram_and_html_thumbnail_are_labelled(voices, tmp_path):
    loud, quiet = voices
    out = tmp_path / "spec.png"
    res = CliRunner().invoke(cli, ["inspect", str(quiet), "--spectrogram", str(out)])
    assert res.exit_code == 0, res.output
    px = decode_png(out.read_bytes())
    lay = plot.layout(*px.shape[1::-1])
    assert has_text(px, "kHz", lay.scale, plot.INK) and has_text(px, "dBFS", lay.scale, plot.INK)
    assert _brightness(px[lay.top : lay.bottom, lay.left : lay.right]) < 30
    report = api.check([loud, quiet], keep_artifacts=True, read_config=False, cache_dir=None)
    thumbs = re.findall(r'src="data:image/png;base64,([^"]+)"', html_report.document(report))
    assert len(thumbs) == 2
    for data in thumbs:
        px = decode_png(base64.b64decode(data))
        assert px.shape[1::-1] == html_report.THUMB
        lay = plot.layout(*html_report.THUMB)
        assert has_text(px, "kHz", lay.scale, plot.INK) and has_text(px, "-120", 1, plot.INK)


def test_no_spectrogram_says_why_as_measured(tmp_path, gen):
    files = {
        "silent.wav": gen.silence(SR, 2.0),  # decoded and analysed: every sample zero
        "blip.wav": gen.noise(SR, 0.2, seed=3),  # analysed, too short to judge
    }
    for name, signal in files.items():
        gen.write_wav(tmp_path / name, signal, SR)
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00not a wave file")
    for name, why in [
        ("silent.wav", "every sample is zero"),
        ("blip.wav", "0.20 s long, under the 0.5 s a spectrum needs"),
        ("broken.wav", "its signal was not analysed"),
    ]:
        out = tmp_path / f"{name}.png"
        args = ["inspect", str(tmp_path / name), "--spectrogram", str(out)]
        res = CliRunner().invoke(cli, args)
        assert f"no spectrogram for {tmp_path / name}: {why}" in res.stderr, name
        assert not out.exists()
