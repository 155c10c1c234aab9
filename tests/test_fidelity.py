"""The fidelity analyser's JSON record, its spectrogram artifact, the PNG writer and
``inspect --spectrogram``, on generated audio."""

import json
import struct
import zlib

import numpy as np
import soundfile as sf
from click.testing import CliRunner
from fidelity_cases import SR, via_mp3, voice
from realaudio import csound_example, needs_csound_doc

from audiolint import api, plot
from audiolint.cli import cli
from audiolint.config import Config


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _png_pixels(data: bytes) -> np.ndarray:
    width, height = _png_size(data)
    idat = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[idat - 4 : idat])
    raw = np.frombuffer(zlib.decompress(data[idat + 4 : idat + 4 + length]), np.uint8)
    return raw.reshape(height, 1 + 3 * width)[:, 1:].reshape(height, width, 3)


def test_record_of_a_fake(tmp_path, gen):
    p = via_mp3(tmp_path / "fake.flac", voice(), kbps=128)
    [fr] = api.check([p], Config(keep_artifacts=True)).files
    fid = json.loads(json.dumps(fr.to_dict()))["fidelity"]
    assert fid["verdict"] == "lossy-origin" and 0.7 <= fid["confidence"] <= 1
    assert fid["effective_bit_depth"] == 16 and fid["padded_bits"] is False
    assert fid["held"] >= 0.9 and fid["steepness_db_per_khz"] > 25
    assert not any(k.startswith("_") for k in fid)
    art = fr.artifacts["spectrogram"]
    assert art["matrix"].shape[0] == 128 and 1 <= art["matrix"].shape[1] <= 400
    assert art["sample_rate"] == SR and abs(art["duration_s"] - 3.0) < 0.1
    assert art["cutoff_hz"] == fid["cutoff_hz"]


def test_silence_and_short_are_inconclusive(tmp_path, gen):
    gen.write_flac(tmp_path / "silent.flac", gen.silence(SR, 2.0, channels=2), SR)
    gen.write_flac(tmp_path / "short.flac", voice()[:4000], SR)
    for fr in api.check([tmp_path]).files:
        assert fr.fidelity["verdict"] == "inconclusive" and fr.fidelity["confidence"] == 0


def test_png_marks_the_cutoff(tmp_path):
    matrix = np.full((128, 50), -120.0, np.float32)
    matrix[:80] = -20.0  # content up to 80/128 of Nyquist
    art = {"matrix": matrix, "sample_rate": 44100, "duration_s": 5.0, "cutoff_hz": 13781.0}
    data = plot.spectrogram_png(art, width=200, height=128)
    assert _png_size(data) == (200, 128)
    px = _png_pixels(data)
    lay = plot.layout(200, 128)
    line_row = lay.bottom - 1 - round(13781 / 22050 * (lay.bottom - lay.top - 1))
    assert (px[line_row, lay.left] == plot.LINE_RGB).all()
    x = (lay.left + lay.right) // 2  # empty top band is dark, content is bright
    assert px[lay.top + 2, x].sum() < px[lay.bottom - 2, x].sum()


def test_inspect_writes_spectrogram(tmp_path, gen):
    p = via_mp3(tmp_path / "fake.flac", voice(), kbps=128)
    out = tmp_path / "spec.png"
    result = CliRunner().invoke(cli, ["inspect", str(p), "--spectrogram", str(out), "--no-color"])
    assert result.exit_code == 0, result.output
    assert "lossy-origin" in result.output and "T001" in result.output
    assert _png_size(out.read_bytes()) == (800, 256)


@needs_csound_doc
def test_a_short_genuine_file_says_its_search_was_short(tmp_path):
    """Review 41a: 3-6 s slices of mono FFmpeg-AAC decodes (the whole band kept, the grid too
    faint to find in so few frames) read "genuine (0.9): content reaches Nyquist", 20 of 36.
    csound's 2 s drum loop reads inconclusive, with less confidence, and says why (review 45b:
    "genuine (0.6)" on 0.9-1.5 s AAC decodes still claimed what the search could not tell); six
    times as long (12 s), it reads genuine as before."""
    x, sr = sf.read(csound_example("beats.wav", tmp_path))
    sf.write(tmp_path / "long.wav", np.tile(x, 6), sr, subtype="PCM_16")
    by = {fr.path.rsplit("/", 1)[-1]: fr.fidelity for fr in api.check(tmp_path).files}
    short, long = by["beats.wav"], by["long.wav"]
    assert short["verdict"] == "inconclusive" and long["verdict"] == "genuine"
    assert short["confidence"] == 0.6 and long["confidence"] == 0.9
    assert short["evidence"][-1].startswith("no codec's frame grid was found, though in 2.0 s")
    assert not any("frame grid" in e for e in long["evidence"])
