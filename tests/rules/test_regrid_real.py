"""A 44.1 kHz decode resampled to 48 kHz, and a 48 kHz one to 44.1 (issue 11): its codec's grid
found on the decode's lattice.

ALSA's recorded prompts are brought to 44.1 kHz, encoded by FFmpeg's AAC and LAME (PyAV), decoded
at 44.1 kHz and resampled to 48 kHz by FFmpeg's resampler (as ``ffmpeg -ar 48000`` readies a
download for a 48 kHz model), then rounded to 16 bits. At 48 kHz the codec's zero coefficients
are mixed away and the prompts' band ends in no wall T001 could name: audiolint called every one
inconclusive. Brought back to the lattice the decode's samples were on, the grid returns. The
same prompts through the same two resamplers, never encoded, show none. The other way, 48 kHz
decodes written at 44.1 kHz, their grid is found on the 48 kHz lattice.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.analysis import mp3grid, regrid
from audiolint.analysis.excerpt import SPAN
from audiolint.analysis.lattice import onto
from rules.test_fidelity_median_real import encode
from rules.test_opusgrid_real import to_44k

DATA = Path(__file__).resolve().parents[1] / "data"


@needs_alsa
@pytest.mark.parametrize(
    ("name", "codec", "fmt", "kbps", "named"),
    [
        ("Rear_Center", "aac", "adts", 128, "AAC"),
        ("Side_Right", "aac", "adts", 128, "AAC"),
        ("Rear_Center", "libmp3lame", "mp3", 192, "MP3"),
    ],
)
def test_t001_names_the_codec_of_a_44k_decode_resampled_to_48k(
    tmp_path, run_rule, name, codec, fmt, kbps, named
):
    x, sr = prompt(name)
    at_44k = to_44k(x, sr)
    path = tmp_path / "resampled.wav"
    decoded = encode(at_44k, 44100, kbps, codec, fmt)
    sf.write(path, to_44k(decoded, 44100, regrid.RATE), regrid.RATE, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["resampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["codec"] == named
    assert grid["lattice_rate"] == 44100 and grid["zero_share"] >= 3 * grid["off_grid_share"]
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(f"decoded from lossy audio, most likely {named}: ")
    assert "decoded at 44.1 kHz, then resampled to 48 kHz" in finding.message
    assert finding.data["lattice_rate"] == 44100 and finding.data["hop"] == grid["hop"]
    assert "(half a step off: " in finding.message

    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, to_44k(at_44k, 44100, regrid.RATE), regrid.RATE, subtype="PCM_16")
    fid = api.inspect(genuine, read_config=False).fidelity
    assert not fid["resampled_grid"]["found"]
    assert fid["verdict"] != "lossy-origin" and run_rule(genuine, "T001") == []


@needs_alsa
@pytest.mark.parametrize(
    ("name", "codec", "fmt", "kbps", "named"),
    [
        ("Front_Left", "aac", "adts", 160, "AAC"),
        ("Side_Left", "libmp3lame", "mp3", 192, "MP3"),
    ],
)
def test_t001_names_the_codec_of_a_48k_decode_resampled_to_44k(
    tmp_path, run_rule, name, codec, fmt, kbps, named
):
    """The other way: a 48 kHz decode (a video's soundtrack) written at 44.1 kHz by FFmpeg's
    resampler, its grid found on the 48 kHz lattice; the prompt itself, resampled the same way,
    shows none."""
    x, sr = prompt(name)
    path = tmp_path / "resampled.wav"
    sf.write(path, to_44k(encode(x, sr, kbps, codec, fmt), sr), 44100, subtype="PCM_16")
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["resampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["codec"] == named
    assert grid["lattice_rate"] == 48000
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(f"decoded from lossy audio, most likely {named}: ")
    assert "decoded at 48 kHz, then resampled to 44.1 kHz" in finding.message
    assert finding.data["lattice_rate"] == 48000

    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, to_44k(x, sr), 44100, subtype="PCM_16")
    fid = api.inspect(genuine, read_config=False).fidelity
    assert not (fid.get("resampled_grid") or {}).get("found")
    assert run_rule(genuine, "T001") == []


@needs_alsa
@pytest.mark.parametrize(
    ("name", "codec", "fmt", "kbps", "named", "decoded_at", "rate"),
    [
        ("Rear_Center", "aac", "adts", 128, "AAC", 44100, 40000),
        ("Side_Left", "libmp3lame", "mp3", 192, "MP3", 48000, 40000),
        ("Front_Right", "libmp3lame", "mp3", 128, "MP3", 44100, 32000),
        ("Side_Right", "aac", "adts", 160, "AAC", 48000, 32000),
        ("Front_Left", "aac", "adts", 128, "AAC", 48000, 24000),
        ("Rear_Left", "libmp3lame", "mp3", 128, "MP3", 44100, 22050),
        ("Front_Center", "aac", "adts", 96, "AAC", 44100, 16000),
        # review 49a: a 22.05 kHz decode (an audiobook's, a voice sample's) brought to 16 kHz
        # was searched on the 48 and 44.1 kHz lattices only: no finding (Picovoice's voices)
        ("Front_Left", "libmp3lame", "mp3", 64, "MP3", 22050, 16000),
        ("Rear_Right", "libmp3lame", "mp3", 48, "MP3", 22050, 16000),
        ("Side_Left", "aac", "adts", 48, "AAC", 22050, 16000),
    ],  # fmt: skip
)
def test_t001_names_the_codec_of_a_decode_brought_down(
    tmp_path, run_rule, name, codec, fmt, kbps, named, decoded_at, rate
):
    """RVC's 40 and 32 kHz, TTS's 16-24 kHz: a 44.1 or 48 kHz decode brought down by FFmpeg's
    resampler (as a dataset is readied for a model) hides its encoder's low-pass under the
    resampler's filter and read inconclusive. Brought back up to the decode's lattice (each
    rate's LATTICES in turn), its grid returns; the prompt brought down the same way, never
    encoded, shows none."""
    x, sr = prompt(name)
    source = to_44k(x, sr, decoded_at) if decoded_at != sr else x
    path = tmp_path / "down.wav"
    sf.write(path, to_44k(encode(source, decoded_at, kbps, codec, fmt), decoded_at, rate), rate)
    fid = api.inspect(path, read_config=False).fidelity
    grid = fid["resampled_grid"]
    assert fid["verdict"] == "lossy-origin" and grid["decided"] and grid["codec"] == named
    assert grid["lattice_rate"] == decoded_at
    [finding] = run_rule(path, "T001")
    assert finding.message.startswith(f"decoded from lossy audio, most likely {named}: ")
    old, new = f"{decoded_at / 1000:g} kHz", f"{rate / 1000:g} kHz"
    assert f"decoded at {old}, then resampled to {new}" in finding.message
    assert fid["origin"] == f"{named} decoded at {old}, resampled to {new}"

    genuine = tmp_path / "genuine.wav"
    sf.write(genuine, to_44k(source, decoded_at, rate), rate)
    fid = api.inspect(genuine, read_config=False).fidelity
    assert not (fid.get("resampled_grid") or {}).get("found")
    assert fid["verdict"] == "inconclusive" and run_rule(genuine, "T001") == []


def test_every_span_start_holds_a_whole_span_on_the_lattice():
    """A 48 kHz span of ``LONG_SPAN`` samples gives ``SPAN`` lattice points whatever its start's
    phase among the 160 (the excerpt's spans start anywhere): 4683 left 19 phases short, and
    their spans were dropped unread."""
    x = np.zeros(regrid.LONG_SPAN, np.float32)
    short = [p for p in range(regrid.DOWN) if len(onto(p, x, regrid.UP, regrid.DOWN)[1]) < SPAN]
    assert short == []
    shorter = np.zeros(regrid.LONG_SPAN - 1, np.float32)
    assert any(len(onto(p, shorter, regrid.UP, regrid.DOWN)[1]) < SPAN for p in range(160))


@needs_alsa
@pytest.mark.parametrize("name", ["Side_Left", "Side_Right"])
def test_an_mp3_grid_the_search_misses_is_found_where_decoders_put_it(tmp_path, name):
    """LAME at 256 kbps, decoded at 44.1 kHz and brought to 48 kHz: on the lattice, MP3's search
    (one granule of the two loudest spans) points elsewhere, but the offset where whole decodes
    put the grid (48) holds it, judged on the other spans against the search's rivals."""
    x, sr = prompt(name)
    decoded = encode(to_44k(x, sr), 44100, 256, "libmp3lame", "mp3")
    path = tmp_path / "resampled.wav"
    sf.write(path, to_44k(decoded, 44100, regrid.RATE), regrid.RATE, subtype="PCM_16")
    y, _ = sf.read(path, dtype="float32", always_2d=True)
    ex = regrid.excerpt(regrid.RATE)
    ex.update(y)
    lifted = [
        (m, z[:SPAN])
        for m, z in (onto(p, s, regrid.UP, regrid.DOWN, regrid.CUT) for p, s in ex.spans())
    ]
    if mp3grid.measure(lifted, 44100, 16, levels=False)["found"]:  # another LAME or FFmpeg
        pytest.skip("the search alone finds this build's grid: no fallback to test")
    grid = api.inspect(path, read_config=False).fidelity["resampled_grid"]
    assert grid["found"] and grid["codec"] == "MP3" and grid["offset"] == 48


@needs_alsa
def test_a_low_bitrate_encodes_own_low_pass_is_named_beside_the_upsampling(tmp_path, run_rule):
    """FFmpeg's AAC at 48 kbps in stereo cuts at 7.6-7.7 kHz, where 16 kHz audio's resampler
    would: brought from 44.1 to 48 kHz, T001 names AAC on the lattice and T002, kept beside it,
    names both causes of the wall (it said "upsampled from 16 kHz" alone: the lattice shows the
    decode at 44.1 kHz, and nothing shows a 16 kHz stage)."""
    x, sr = prompt("Front_Left")
    decoded = encode(to_44k(x, sr), 44100, 48, "aac", "adts", channels=2)
    path = tmp_path / "aac48.wav"
    sf.write(path, to_44k(decoded, 44100, regrid.RATE), regrid.RATE, subtype="PCM_16")
    [lossy] = run_rule(path, "T001")
    assert lossy.message.startswith("decoded from lossy audio, most likely AAC: brought back")
    [up] = run_rule(path, "T002")
    assert up.data["upsampled_from"] == 16000
    assert "or the low-pass of the AAC encode found beside it" in up.message
    assert up.message.endswith("either way nothing above 8 kHz is left")


def test_a_22khz_vorbis_decode_brought_to_16khz_is_found_on_its_short_grid(tmp_path, run_rule):
    """Review 49c: libvorbis at 22.05 kHz (q0 and q3, oggdec) brought to 16 kHz by eight
    resamplers: 0 of 80 found, where MP3 and AAC decodes so made were (the 22.05 kHz lattice
    was searched for the 1024-sample grid alone, and libvorbis's long blocks are 1024 samples
    under 26 kHz: a 512-sample grid). The committed Fish Fillets voice line, SoX's libvorbis
    encode at 22.05 kHz, decoded and brought to 16 kHz by python-soxr."""
    soxr = pytest.importorskip("soxr")
    x, sr = sf.read(DATA / "fillets_nl_trimmed.ogg", dtype="float64")
    path = tmp_path / "line16k.wav"
    sf.write(path, np.clip(soxr.resample(x, sr, 16000), -1, 1), 16000, subtype="PCM_16")
    grid = api.inspect(path, read_config=False).fidelity["resampled_grid"]
    assert grid["decided"] and grid["codec"] == "Vorbis" and grid["hop"] == 512
    assert grid["lattice_rate"] == 22050
    [finding] = run_rule(path, "T001")
    assert "most likely Vorbis: brought back to 22.05 kHz" in finding.message
    assert "decoded at 22.05 kHz, then resampled to 16 kHz" in finding.message
