"""T002 in hi-res files: the band past a 48 kHz file's Nyquist frequency holds nothing in a copy
brought up from 48 kHz or under, and must not stand in for the stop band a candidate rate's wall
is judged by (resampler._candidate, HIRES_TOP)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from realaudio import ffmpeg_filters

from audiolint import api

DATA = Path(__file__).parents[1] / "data"


def _loudnorm(tmp_path, name: str) -> Path:
    """tests/data's ``name`` through FFmpeg's loudnorm at its defaults (PyAV's filter graph):
    192 kHz, 16-bit, as the ffmpeg command writes it."""
    x, sr = sf.read(DATA / f"{name}.flac", dtype="float32")
    y = ffmpeg_filters(x, sr, ("loudnorm", None))
    path = tmp_path / f"{name}_loudnorm.wav"
    sf.write(path, y, 192000, subtype="PCM_16")
    return path


def test_a_singers_spectral_dip_is_no_wall_in_a_192_khz_copy(tmp_path):
    """UTAU-Yuki's vowel string (tests/data/utau_yuki_eeieu.txt) dips 25 dB at 5.8 kHz and is
    back 18 dB higher by 7 kHz. Its loudnorm copy at 192 kHz read "half-way down at 5.3 kHz and
    25 dB down at 5.51 kHz ... upsampled from 11.025 kHz" at 196584d (review 54b): the stop band
    from 6.9 to 95 kHz, mostly empty past 22 kHz, hid the content at 7-12 kHz from its median
    and its top tenth. The 44.1 kHz original itself reads no wall there."""
    report = api.inspect(_loudnorm(tmp_path, "utau_yuki_eeieu"))
    fid = report.fidelity
    assert fid.get("upsampled_from") != 11025, fid
    assert not [f for f in report.findings if f.rule == "T002" and "11.025 kHz" in f.message]
    original = api.inspect(DATA / "utau_yuki_eeieu.flac").fidelity
    assert original.get("upsampled_from") is None, original


def test_a_192_khz_copy_of_low_rate_audio_still_names_its_band(tmp_path):
    """The control: the same vowel string brought to 11.025 kHz (its band under the dip) and
    then through loudnorm to 192 kHz. Nothing stands past the resampler's skirt (6.3 kHz), and
    the band is still named (T005; T002 reads swresample's skirt past 5.51 kHz as no wall of
    11.025 kHz's, as it did before)."""
    from scipy import signal

    x, sr = sf.read(DATA / "utau_yuki_eeieu.flac", dtype="float64")
    low = signal.resample_poly(x, 1, 4)  # 44.1 -> 11.025 kHz
    y = ffmpeg_filters(low.astype(np.float32), 11025, ("loudnorm", None))
    path = tmp_path / "low_loudnorm.wav"
    sf.write(path, y, 192000, subtype="PCM_16")
    report = api.inspect(path)
    assert report.fidelity["cutoff_hz"] < 7000, report.fidelity
    assert {f.rule for f in report.findings} & {"T002", "T005"}, report.findings


def test_a_44k_recording_brought_to_192k_by_swresample_is_named_44k(tmp_path):
    """Sonic Pi's haunted hum (44.1 kHz) brought to 192 kHz by FFmpeg's swresample at its
    defaults (`ffmpeg -ar 192000`, as loudnorm's output does), 16-bit. swresample's skirt runs
    on past 22.05 kHz, and the 16-bit floor cuts its fall short, so the wall reads half-way at
    0.97 of 24 kHz: "upsampled from 48 kHz" at 4f916bc. Its images about 22.05 kHz mirror the
    band under it (0.9 and more) over under 150 cells, all that narrow skirt holds; in a hi-res
    file the image search asks 44.1 and 48 kHz for as few cells as the narrow band past 44.1
    kHz in a 48 kHz file."""
    x, sr = sf.read(DATA / "ambi_haunted_hum.flac", dtype="float32")
    y = ffmpeg_filters(x, sr, ("aresample", "192000"))
    path = tmp_path / "hum_192k.wav"
    sf.write(path, y, 192000, subtype="PCM_16")
    report = api.inspect(path)
    assert report.fidelity.get("upsampled_from") == 44100, report.fidelity
    [t2] = [f for f in report.findings if f.rule == "T002"]
    assert "upsampled from 44.1 kHz to 192 kHz" in t2.message, t2.message


def test_an_mp3_decode_through_loudnorm_at_192_khz_is_found_on_its_lattice(tmp_path):
    """Reviews 54a and 54b: `ffmpeg -af loudnorm` writes 192 kHz unless told otherwise, and its
    dynamic gain and resampler blur an MP3 decode's cliff (T001 on 4 of 10 LAME V2 copies).
    A real voice (tests/data/sr_english.txt) through LAME at 128 kbps (PyAV), decoded, then
    loudnorm: it read "upsampled from 32 kHz" (the encoder's 16 kHz low-pass as a wall). Brought
    back to the 44.1 kHz lattice its granules return (upgrid, hi-res rates): T001 names the MP3
    decoded at 44.1 kHz; the take's own loudnorm copy holds no grid there (T002 only)."""
    from rules.test_fidelity_median_real import encode

    x, sr = sf.read(DATA / "sr_english.flac", dtype="float64")
    for name, y in (("take", x), ("mp3", encode(x, sr, 128, "libmp3lame", "mp3", 2))):
        z = ffmpeg_filters(y.astype(np.float32), sr, ("loudnorm", None))
        sf.write(tmp_path / f"{name}.wav", z, 192000, subtype="PCM_16")
    report = api.check([tmp_path], select=("T001", "T002"))
    rules = {Path(fr.path).name: sorted(f.rule for f in fr.findings) for fr in report.files}
    assert rules == {"mp3.wav": ["T001"], "take.wav": ["T002"]}, rules
    fid = {Path(fr.path).name: fr.fidelity for fr in report.files}
    grid = fid["mp3.wav"]["upsampled_grid"]
    assert grid["found"] and grid["codec"] == "MP3" and grid["lattice_rate"] == 44100
    assert fid["mp3.wav"]["origin"] == "MP3 decoded at 44.1 kHz, upsampled to 192 kHz"
    assert not (fid["take.wav"].get("upsampled_grid") or {}).get("found")
