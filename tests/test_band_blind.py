"""Under 44.1 kHz a genuine verdict rests on the band alone, which cannot rule out a lossy
origin: at 24 kHz and under lossy codecs keep the whole band (Vorbis, Opus, speech codecs), and
at 32 and 40 kHz (RVC's rates) a decode brought down from 44.1 or 48 kHz hides its encoder's
low-pass under the resampler's filter. Such files read inconclusive, with the reason; a codec's
grid found still reads lossy-origin. There too, empty cells under an edge at the file's own
filter are no codec's mark: real speech brought down to 32 kHz is not called lossy."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from audiogen import write_mp3, write_opus, write_vorbis
from realaudio import needs_alsa, prompt, prompts
from scipy.signal import resample_poly

import audiolint
from audiolint.analysis.verdict import FULL_BAND_CODEC_RATE, band_blind, judge

CAVEAT = "lossy codecs keep the whole band too"


def _speech(rate: int) -> np.ndarray:
    x, sr = prompts(0.3)  # ALSA's eight recorded prompts, 48 kHz
    return resample_poly(x, rate, sr).astype(np.float32)


def _decoded(tmp_path, name: str) -> dict:
    """The fidelity record of ``name`` decoded (soundfile) and written as a 16-bit WAV."""
    y, sr = sf.read(tmp_path / name, dtype="float32")
    sf.write(tmp_path / "decoded.wav", y, sr, subtype="PCM_16")
    return audiolint.inspect(tmp_path / "decoded.wav").fidelity


@needs_alsa
@pytest.mark.parametrize("rate", [16000, 24000])
def test_an_opus_decode_at_a_low_rate_is_not_called_genuine(tmp_path, rate):
    """Real speech through Opus at 24 kbps (a voice note at 16 kHz), decoded at its own rate:
    its content reaches Nyquist, which read "genuine" (0.9) before."""
    write_opus(tmp_path / "note.opus", _speech(rate), rate, kbps=24)
    fid = _decoded(tmp_path, "note.opus")
    assert fid["verdict"] == "inconclusive" and fid["confidence"] == 0.5
    assert any(CAVEAT in e for e in fid["evidence"])


@needs_alsa
@pytest.mark.parametrize("quality", [0.2, 0.5, 0.8])
def test_a_vorbis_decode_at_22_khz_is_not_called_genuine(tmp_path, quality):
    """Vorbis keeps the whole band at 22.05 kHz (all three read "genuine", 0.9, once); its grid
    is found there since session 30 (512-sample blocks under 26 kHz: libvorbis's
    setup_22.h), and the verdict is lossy-origin (inconclusive before, with the caveat)."""
    write_vorbis(tmp_path / "v.ogg", _speech(22050), 22050, quality=quality)
    fid = _decoded(tmp_path, "v.ogg")
    assert fid["verdict"] == "lossy-origin"
    assert fid["codec_grid"]["found"] and fid["codec_grid"]["codec"] == "Vorbis"
    assert fid["codec_grid"]["hop"] == 512


@needs_alsa
def test_a_grid_found_at_16_khz_still_reads_lossy(tmp_path):
    write_mp3(tmp_path / "m.mp3", _speech(16000), 16000, kbps=32)
    fid = _decoded(tmp_path, "m.mp3")
    assert fid["verdict"] == "lossy-origin"
    assert not any(CAVEAT in e for e in fid["evidence"])


@needs_alsa
def test_an_opus_decode_brought_down_to_40_khz_is_not_called_genuine(tmp_path):
    """RVC's 40 kHz: real speech through Opus at 128 kbps (48 kHz), decoded and brought down
    by soxr: Opus's 20 kHz low-pass sits under the resampler's filter, and it read "genuine"
    (0.8, "its own anti-alias filter") until session 23, inconclusive since. Brought back to
    the 48 kHz lattice (session 35: opusgrid reads 40 kHz files too) CELT's grid returns where
    libopus's pre-skip puts it; the same speech brought down without the encode stays
    inconclusive, with the reason."""
    soxr = pytest.importorskip("soxr")
    write_opus(tmp_path / "o.opus", _speech(48000), 48000, kbps=128)
    y, sr = sf.read(tmp_path / "o.opus", dtype="float32")
    sf.write(tmp_path / "down.wav", soxr.resample(y, sr, 40000), 40000, subtype="PCM_16")
    fid = audiolint.inspect(tmp_path / "down.wav").fidelity
    assert fid["verdict"] == "lossy-origin" and fid["opus_grid"]["decided"]
    assert fid["opus_grid"]["from_rate"] == 40000
    assert fid["evidence"][0].endswith("the signature of an Opus decode written at 40 kHz")

    sf.write(tmp_path / "genuine.wav", soxr.resample(_speech(48000), 48000, 40000), 40000,
             subtype="PCM_16")  # fmt: skip
    fid = audiolint.inspect(tmp_path / "genuine.wav").fidelity
    assert fid["verdict"] == "inconclusive" and fid["confidence"] == 0.5
    assert any("cannot tell a recording from a lossy decode" in e for e in fid["evidence"])


@needs_alsa
@pytest.mark.parametrize("gap_s", [None, 0.3])
def test_real_speech_brought_down_to_32_khz_is_not_called_lossy(tmp_path, gap_s):
    """ALSA's Front_Left prompt (and the eight prompts between digital silences), brought down
    to 32 kHz by soxr, leave 2-8% of the cells under soxr's filter empty (clean speech: no noise
    floor there), which read as a codec's quantiser: "decoded from lossy audio ... typical of
    MP3 around 96 kbps" (T001) before."""
    soxr = pytest.importorskip("soxr")
    x, sr = prompt("Front_Left") if gap_s is None else prompts(gap_s)
    sf.write(tmp_path / "down.wav", soxr.resample(x, sr, 32000), 32000, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "down.wav")
    assert not [f for f in report.findings if f.rule == "T001"]
    assert report.fidelity["verdict"] == "inconclusive"
    assert any("steep resampler" in e for e in report.fidelity["evidence"])


@needs_alsa
@pytest.mark.parametrize("name", ["Front_Left", "Rear_Right"])
def test_real_speech_brought_down_to_44_1_khz_gets_no_fidelity_finding(tmp_path, name):
    """At 44.1 kHz nothing changed: ALSA's prompts brought down from 48 kHz by soxr get no
    T001 or T002, as before."""
    soxr = pytest.importorskip("soxr")
    x, sr = prompt(name)
    sf.write(tmp_path / "down.wav", soxr.resample(x, sr, 44100), 44100, subtype="PCM_16")
    report = audiolint.inspect(tmp_path / "down.wav")
    assert not [f for f in report.findings if f.rule in ("T001", "T002")]


def test_only_a_genuine_verdict_under_the_line_changes():
    genuine = {"verdict": "genuine", "confidence": 0.9, "evidence": ["content reaches Nyquist"]}
    out = band_blind(genuine, FULL_BAND_CODEC_RATE)
    assert out["verdict"] == "inconclusive" and out["evidence"][0] == "content reaches Nyquist"
    assert out["evidence"][1].startswith("at 24 kHz lossy codecs keep the whole band too")
    assert band_blind(genuine, 44100) is genuine
    out = band_blind(genuine, 32000)
    assert out["verdict"] == "inconclusive"
    assert out["evidence"][1].startswith("at 32 kHz the band cannot tell a recording from")
    lossy = {"verdict": "lossy-origin", "confidence": 0.9, "evidence": ["grid"]}
    assert band_blind(lossy, 8000) is lossy


def _cliff(rate: int) -> dict:
    """A steep, deep edge at 0.97 of ``rate``'s Nyquist frequency (a steep resampler's, or a
    codec's near it), held in the loud frames."""
    cut = 0.97 * rate / 2
    return {"found": True, "cutoff_hz": cut, "depth_db": 50.0, "width_hz": 300,
            "steepness_db_per_khz": 150.0, "corner_hz": cut - 150, "reach_hz": None}  # fmt: skip


@pytest.mark.parametrize(
    ("rate", "verdict"), [(44100, "lossy-origin"), (40000, "inconclusive"), (32000, "inconclusive")]
)
def test_empty_cells_under_the_own_filter_edge_read_lossy_only_from_44_1_khz(rate, verdict):
    """A cliff at the file's own filter with empty cells under it (2 %) and a codec's cut-off
    there: lossy-origin at 44.1 kHz (Vorbis q5 cuts at 0.945 of Nyquist), inconclusive
    at 32 and 40 kHz, where a steep resampler leaves such cells under its own filter."""
    timing = {"holes": 0.02, "held": 1.0, "spread_db": 1.0}
    found = judge(_cliff(rate), timing, {}, rate, channels=1)
    assert found["verdict"] == verdict
    if verdict == "inconclusive":
        assert any("steep resampler" in e for e in found["evidence"])
