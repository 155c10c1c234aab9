"""T001/T002 on real recordings: ALSA's recorded prompts (48 kHz), genuine and resampled.

Regressions: a genuine prompt whose level rolls off gently from 15 to 20 kHz was called
"upsampled from 32 kHz" (a slope across 16 kHz), audio upsampled by steep resamplers
(libsoxr, SoX) was called "transcoded" because their edge is as steep as a codec's, and
audio whose content ended under the old Nyquist frequency was not called upsampled at all.
"""

from __future__ import annotations

import shutil
import subprocess
from math import gcd

import numpy as np
import pytest
import soundfile as sf
from realaudio import PROMPTS, csound_example, needs_alsa, needs_csound_doc, prompt, prompts
from scipy import signal


def take(k: int) -> tuple[np.ndarray, int]:
    """Three prompts and the same three backwards in time order: about 9 s of real speech."""
    parts = [prompt(PROMPTS[(2 * k + j) % len(PROMPTS)]) for j in range(3)]
    xs = [x for x, _ in parts]
    return np.concatenate(xs + xs[::-1]), parts[0][1]


def findings(run_rule, path):
    return {f.rule: f for rule in ("T001", "T002") for f in run_rule(path, rule)}


@needs_alsa
@pytest.mark.parametrize("k", range(4))
def test_genuine_prompts_are_neither_upsampled_nor_transcoded(tmp_path, run_rule, k):
    x, sr = take(k)
    sf.write(tmp_path / "genuine.flac", x, sr, subtype="PCM_16")
    assert findings(run_rule, tmp_path / "genuine.flac") == {}


@needs_alsa
@pytest.mark.parametrize("old", [16000, 22050, 32000])
@pytest.mark.parametrize("tool", ["soxr", "scipy"])
def test_resampled_prompts_are_upsampled_with_the_old_rate(tmp_path, run_rule, old, tool):
    import soxr

    x, sr = take(1)
    low = soxr.resample(x, sr, old, quality="VHQ")
    if tool == "soxr":
        up = soxr.resample(low, old, sr)
    else:
        k = gcd(old, sr)
        up = signal.resample_poly(low, sr // k, old // k)
    sf.write(tmp_path / "up.wav", up, sr, subtype="PCM_16")
    found = findings(run_rule, tmp_path / "up.wav")
    assert set(found) == {"T002"}
    assert found["T002"].data["upsampled_from"] == old
    assert f"upsampled from {old / 1000:g} kHz to 48 kHz" in found["T002"].message


@needs_alsa
@pytest.mark.skipif(shutil.which("sox") is None, reason="SoX is not installed")
@pytest.mark.parametrize("quality", [[], ["-v"]])
def test_sox_upsampled_prompts(tmp_path, run_rule, quality):
    x, sr = take(2)
    sf.write(tmp_path / "low.wav", x, sr, subtype="PCM_16")
    subprocess.run(["sox", tmp_path / "low.wav", "-r", "32000", tmp_path / "32k.wav"], check=True)
    up = tmp_path / "up.wav"
    subprocess.run(["sox", tmp_path / "32k.wav", up, "rate", *quality, "48000"], check=True)
    found = findings(run_rule, up)
    assert set(found) == {"T002"} and found["T002"].data["upsampled_from"] == 32000


@needs_alsa
@pytest.mark.parametrize("old", [22050, 32000])
def test_a_resampler_shows_in_the_hiss_under_content_that_ends_early(tmp_path, run_rule, old):
    """Speech that ends at 5 kHz over a -88 dBFS hiss, taken to ``old`` Hz and back up to 48
    kHz with libsoxr: no content reaches the old Nyquist frequency, but the hiss falls 11-16 dB
    onto the 16-bit floor there, and stays on it. The same signal never resampled keeps its
    hiss to 24 kHz, which rules every lower rate out."""
    import soxr

    x, sr = take(1)
    x = signal.sosfilt(signal.butter(8, 5000, fs=sr, output="sos"), x)
    x = x + np.random.default_rng(0).standard_normal(len(x)) * 10 ** (-88 / 20)
    sf.write(tmp_path / "genuine.wav", x, sr, subtype="PCM_16")
    assert findings(run_rule, tmp_path / "genuine.wav") == {}
    low = soxr.resample(x, sr, old, quality="VHQ")
    sf.write(tmp_path / "up.wav", soxr.resample(low, old, sr, quality="VHQ"), sr, subtype="PCM_16")
    found = findings(run_rule, tmp_path / "up.wav")
    assert set(found) == {"T002"} and found["T002"].data["upsampled_from"] == old
    assert 10 <= found["T002"].data["resampler_drop_db"] < 20


@needs_alsa
def test_a_prompt_that_fades_into_the_floor_is_not_claimed_full_band(tmp_path):
    """ALSA's prompts fade into the 16-bit floor by about 20 kHz: no codec or resampler edge
    could show above that, so 'genuine: content reaches Nyquist' would be untrue."""
    from audiolint import api

    x, sr = take(0)
    sf.write(tmp_path / "genuine.wav", x, sr, subtype="PCM_16")
    fid = api.inspect(tmp_path / "genuine.wav").fidelity
    assert fid["verdict"] == "inconclusive" and 17000 < fid["reach_hz"] < 21600
    assert "fades into the quantisation floor" in fid["evidence"][0]


@needs_alsa
def test_a_roll_off_into_the_floor_is_not_called_genuine(tmp_path, run_rule):
    """Regression: speech through a 12th-order low-pass at 6 kHz, at 48 kHz, was "genuine:
    gentle roll-off"; nothing but the 16-bit floor stands above 9 kHz, where a 16 kHz
    recording's resampler would have cut, so neither verdict can be told."""
    from audiolint import api

    x, sr = take(0)
    x = signal.sosfilt(signal.butter(12, 6000, fs=sr, output="sos"), x)
    sf.write(tmp_path / "lp.wav", x, sr, subtype="PCM_16")
    fidelity = api.inspect(tmp_path / "lp.wav", read_config=False).fidelity
    assert fidelity["verdict"] == "inconclusive" and 7000 < fidelity["reach_hz"] < 10000
    assert "only the quantisation floor is left" in fidelity["evidence"][-1]
    assert findings(run_rule, tmp_path / "lp.wav") == {}


@needs_alsa
@pytest.mark.parametrize("k", range(4))
def test_vorbis_decoded_prompts_are_not_called_upsampled(tmp_path, run_rule, k):
    """Vorbis (libvorbis through libsndfile, q3-q6) cuts real speech at 16.5-19.5 kHz; a cut
    near 16 kHz was read as 'upsampled from 32 kHz'. Content above 16 kHz rules that out."""
    x, sr = take(k)
    for q in (0.3, 0.4, 0.5, 0.6):
        sf.write(tmp_path / "v.ogg", x, sr, format="OGG", subtype="VORBIS", compression_level=1 - q)
        y, _ = sf.read(tmp_path / "v.ogg", dtype="float32")
        sf.write(tmp_path / f"q{q}.flac", y, sr, subtype="PCM_16")
    assert run_rule(tmp_path, "T002") == []


@needs_alsa
def test_a_codec_cliff_above_an_early_roll_off_is_found(tmp_path, run_rule):
    """Real speech cut at 6.5 kHz by its own maker, over a -74 dBFS floor: the strongest fall
    is that cut, and an MP3's low-pass only shows as a second edge, where the floor above it
    ends. The edge search looked at the strongest fall alone, and called the MP3 decode (MP3
    192 kbps, LAME) inconclusive; the cut alone must stay free of T001 and T002."""
    from fidelity_cases import via_mp3

    x, sr = take(3)
    x = signal.lfilter(signal.firwin(255, 6500, fs=sr), 1, x)
    x = x + np.random.default_rng(0).normal(0, 10 ** (-74 / 20), len(x))
    x = np.stack([x, x], axis=1).astype(np.float32)
    sf.write(tmp_path / "cut.flac", x, sr, subtype="PCM_16")
    assert findings(run_rule, tmp_path / "cut.flac") == {}
    mp3 = via_mp3(tmp_path / "mp3.flac", x, sr, kbps=192)
    found = findings(run_rule, mp3)
    assert set(found) == {"T001"}
    assert 18000 < found["T001"].data["cutoff_hz"] < 19500
    # (since each span is searched alone too, MP3's grid names the codec first: z 11)
    assert "content rolls off at 6." in found["T001"].message
    assert "MP3 around 192 kbps" in found["T001"].message
    # the spectrogram (inspect --spectrogram) marks the edge the finding rests on
    from audiolint.analysis.fidelity import FidelityAnalyser
    from audiolint.probe import probe

    analyser = FidelityAnalyser(sr, 2, probe(mp3).properties)
    analyser.update(sf.read(mp3, dtype="float32", always_2d=True)[0])
    assert analyser.result()["_spectrogram"]["cutoff_hz"] == found["T001"].data["cutoff_hz"]


@needs_alsa
@pytest.mark.parametrize("kbps", [96, 112])
def test_mp3_decoded_prompts_hold_their_edge_where_there_is_treble(tmp_path, run_rule, kbps):
    """LAME at 96-112 kbps cuts these prompts at 18.6-18.7 kHz, about 27-29 dB deep. 'Held'
    was counted over the frames loudest overall, speech's vowels, which hold next to nothing
    at 17-18 kHz to stand above the cut: 27-33% of them held, and the decode was called
    inconclusive. Counted over the frames loud just under the edge, 67-79% hold."""
    from fidelity_cases import via_mp3

    x, sr = take(3)
    found = findings(run_rule, via_mp3(tmp_path / "mp3.flac", x, sr, kbps=kbps))
    assert set(found) == {"T001"}
    assert 18000 < found["T001"].data["cutoff_hz"] < 19000


@needs_csound_doc
@pytest.mark.parametrize(
    ("peak_db", "verdict", "said"),
    [
        (-20, "genuine", "content reaches 21.0 kHz, 95% of the 22.05 kHz Nyquist frequency"),
        (-30, "inconclusive", "content fades into the quantisation floor by 20.5 kHz"),
        (-36, "inconclusive", "content fades into the quantisation floor by 19.9 kHz"),
    ],
)
def test_a_recording_fading_out_at_a_codec_s_cut_off_is_not_called_genuine(
    tmp_path, peak_db, verdict, said
):
    """Review 39f: MP3 192k/320k and Opus decodes of a ride cymbal's ambience and a contrabass
    note, their top 10-15 dB over the 16-bit floor, faded into it by 19.9-20.0 kHz and read
    "genuine (0.9): content reaches Nyquist": untrue, and LAME 320k's, Opus's and Vorbis q5's
    low-passes (up to 20.8 kHz at 44.1 kHz) would hide above. csound's spoken fox (44.1 kHz)
    turned down into 16 bits fades out the same way; said so, and inconclusive under 20.7 kHz."""
    from audiolint import api

    x, sr = sf.read(csound_example("fox.wav", tmp_path))
    x = np.tile(x, 4)  # 11 s: a shorter file is inconclusive anyway (gridverdict.short_search)
    y = x / np.abs(x).max() * 10 ** (peak_db / 20)
    sf.write(tmp_path / "quiet.wav", y, sr, subtype="PCM_16")
    fid = api.inspect(tmp_path / "quiet.wav").fidelity
    assert fid["verdict"] == verdict and fid["evidence"][0].startswith(said), fid


@needs_alsa
def test_a_recording_brought_down_to_24_khz_by_a_low_quality_resampler_is_not_upsampled(
    tmp_path,
):
    """Review 40: speech brought down from 44.1-48 kHz to 24 kHz by SoX -l, libsoxr LQ,
    sinc_fastest and resampy read "upsampled from 22.05 kHz": their own filter falls half-way
    at 0.96-0.98 of 11.025 kHz, 0.92 of the file's own Nyquist frequency, and its skirt goes
    on past 11.025 kHz, 5-39 dB over the floor just past it. ALSA's prompts through libsoxr
    LQ did the same; the same prompts brought to 22.05 kHz and up to 24 kHz are upsampled."""
    import soxr

    from audiolint import api

    x, sr = prompts(0.3)
    down = tmp_path / "down24.wav"
    sf.write(down, soxr.resample(x, sr, 24000, quality="LQ"), 24000, subtype="PCM_16")
    fid = api.inspect(down).fidelity
    assert fid["verdict"] != "upsampled", fid["evidence"]
    up = tmp_path / "up24.wav"
    low = soxr.resample(x, sr, 22050, quality="HQ")
    sf.write(up, soxr.resample(low, 22050, 24000, quality="HQ"), 24000, subtype="PCM_16")
    fid = api.inspect(up).fidelity
    assert fid["verdict"] == "upsampled" and fid["upsampled_from"] == 22050, fid["evidence"]
