"""The lattice searches' decisions on records alone (issue 11, session 35): which old rates
upgrid searches, what it decides when a grid stands one rate up, where whole decodes put
Vorbis's grids (regrid.at_start), and T001's words then. The searches themselves are tested on
real audio in tests/rules/test_upgrid_real.py and test_regrid_real.py; these pin the logic
around them, which no real file there reaches (libvorbis's 512-sample grid, the next rate up)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from audiolint.analysis import regrid, upgrid
from audiolint.context import FileContext
from audiolint.rules import transcoded, upsampled

WALL = {"found": True, "cutoff_hz": 10550.0}


def test_an_upsampled_verdict_searches_its_rate_then_the_next_under_the_files():
    up = {"verdict": "upsampled", "upsampled_from": 22050}
    assert upgrid.candidates(up, 48000, WALL) == [22050, 24000]
    assert upgrid.candidates({**up, "upsampled_from": 24000}, 48000, WALL) == [24000, 32000]
    # the next rate must stay under the file's: 32 kHz has none over it at 40 kHz
    assert upgrid.candidates({**up, "upsampled_from": 32000}, 40000, WALL) == [32000]
    assert upgrid.candidates({**up, "upsampled_from": 24000}, 32000, WALL) == [24000]
    assert upgrid.candidates({**up, "upsampled_from": 8000}, 48000, WALL) == []  # not in RATES
    assert upgrid.candidates(up, 88000, WALL) == []  # not a file rate it reads
    # a hi-res file (loudnorm's 192 kHz): the decode's 44.1 or 48 kHz lattice, the one its
    # images name alone, both where a lower rate's wall stood (a codec's low-pass) or none
    assert upgrid.candidates(up, 96000, WALL) == [44100, 48000]
    assert upgrid.candidates({**up, "upsampled_from": 48000}, 192000, WALL) == [48000]
    assert upgrid.candidates(unsure := {"verdict": "inconclusive"}, 192000, WALL) == [44100, 48000]
    assert upgrid.candidates({"verdict": "genuine"}, 192000, WALL) == []
    assert upgrid.candidates(unsure, 40000, WALL) == [22050, 24000, 32000]


def _grid(rate: int, codec: str = "Vorbis", hop: int = 512) -> dict:
    return {"found": True, "codec": codec, "hop": hop, "offset": 0, "zero_share": 0.6,
            "off_grid_share": 0.06, "coefficients": 5000, "z": 90.0, "peak_contrast": 14.0,
            "lattice_rate": rate}  # fmt: skip


def test_a_grid_one_rate_up_drops_the_walls_old_rate():
    """oggenc -q 0 at 24 kHz cuts at 10.5 kHz, which the wall reads as 22.05 kHz's: found on
    the 24 kHz lattice, the verdict is lossy-origin and no longer names 22.05 kHz (T002 would
    say a rate the lattice rules out); found at the rate the wall names, it stays beside."""
    found = {"verdict": "upsampled", "upsampled_from": 22050, "evidence": ["a wall"]}
    up = upgrid.decide(found, _grid(24000), 48000)
    assert up["verdict"] == "lossy-origin" and up["upsampled_from"] is None
    assert up["origin"] == "Vorbis decoded at 24 kHz, upsampled to 48 kHz"
    assert up["evidence"][0].endswith("a Vorbis decode at 24 kHz, upsampled")
    same = upgrid.decide(found, _grid(22050, "AAC", 1024), 44100)
    assert same["upsampled_from"] == 22050 and same["origin"].startswith("AAC decoded at 22.05")
    assert "an AAC decode at 22.05 kHz" in same["evidence"][0]
    missed = upgrid.decide(found, {**_grid(24000), "found": False}, 48000)
    assert missed["verdict"] == "upsampled" and missed["upsampled_from"] == 22050


def _run(rule, fidelity: dict, rate: int) -> list:
    props = SimpleNamespace(sample_rate=rate, channels=1, lossless=True)
    ctx = FileContext(Path("x.wav"), "x.wav", SimpleNamespace(properties=props), fidelity=fidelity)
    return list(rule.check(ctx, getattr(rule, "DEFAULT", {}) | {"min_confidence": 0.7}))


def test_t001_leaves_out_a_wall_under_the_grids_rate_and_t002_stays_silent():
    found = {"verdict": "upsampled", "upsampled_from": 22050, "evidence": ["the wall's words"],
             "resampler_position": 0.96, "resampler_drop_db": 61.0}  # fmt: skip
    fid = upgrid.decide(found, _grid(24000), 48000)
    fid["upsampled_grid"]["decided"] = True
    [t001] = _run(transcoded, fid, 48000)
    assert "decoded at 24 kHz, then upsampled" in t001.message
    assert "the wall's words" not in t001.message
    assert _run(upsampled, fid, 48000) == []
    # at the wall's own rate the resampler's wall stays in T001's words
    fid = upgrid.decide(found, _grid(22050, "AAC", 1024), 44100)
    [t001] = _run(transcoded, fid, 44100)
    assert t001.message.count("the wall's words") == 1


def test_vorbis_decoders_offsets_by_grid():
    """Whole decodes put Vorbis's 1024-sample grid at 64 modulo 128 (oggdec at 44.1 kHz) and
    its 512-sample grid (libvorbis under 26 kHz) at 0 or 128 modulo 256 (oggdec at 16-24 kHz,
    benchmarks/upsampled_decodes.py --codec vorbis)."""
    long, short = {"codec": "Vorbis", "hop": 1024}, {"codec": "Vorbis", "hop": 512}
    assert regrid.at_start({**long, "offset": 64}) and not regrid.at_start({**long, "offset": 0})
    assert regrid.at_start({**short, "offset": 128}) and regrid.at_start({**short, "offset": 0})
    assert not regrid.at_start({**short, "offset": 64})
    assert regrid.at_start({"codec": "AAC", "hop": 1024, "offset": 960})
    assert regrid.at_start({"codec": "MP3", "hop": 576, "offset": 48})
    assert not regrid.at_start({"codec": "MP3", "hop": 576, "offset": 47})


def test_rates_in_words_name_the_files_rate():
    grid = _grid(44100, "MP3", 576)
    assert regrid.origin(grid, 22050) == "MP3 decoded at 44.1 kHz, resampled to 22.05 kHz"
    assert regrid.origin(grid) == "MP3 decoded at 44.1 kHz, resampled to 48 kHz"  # legacy
    assert "an MP3 decode at 44.1 kHz, resampled to 40 kHz" in regrid.phrase(grid, 40000)
    assert "then resampled to 16 kHz" in regrid.summary(_grid(48000, "AAC", 1024), 16000)
