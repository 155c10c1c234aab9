"""S001's flat tops: a lossy decoder's overshoot at a rounded crest is no clipped top.

ALSA's eight recorded prompts, each peak-normalised to full scale and joined, written as Ogg
Vorbis by libsndfile at its best quality, decode over full scale in 4 runs (more than S001's
``min_lossy_runs``), every one at a rounded crest; driven 6 dB into the ceiling, hundreds of
runs sit in flat tops. Plus the measure itself on drawn waves: a rounded peak, a clipped one, and
the same count whatever the block size.
"""

from __future__ import annotations

import numpy as np
import soundfile as sf
from realaudio import needs_alsa, prompt

from audiolint import api
from audiolint.analysis.clipping import Clipping

TOP = 32767 / 32768
PROMPTS = ("Front_Center", "Front_Left", "Front_Right", "Rear_Center", "Rear_Left",
           "Rear_Right", "Side_Left", "Side_Right")  # fmt: skip


def s001(path):
    """(clipped runs, flat runs, whether S001 fired) for one file."""
    rec = api.check(path, select="S001", read_config=False).to_dict()["files"][0]
    s = rec["signal"]
    fired = any(f["rule"] == "S001" for f in rec["findings"])
    return s["clipped_runs"], s["clipped_flat_runs"], fired


def joined():
    parts = []
    for name in PROMPTS:
        x, sr = prompt(name)
        parts.append(x / np.abs(x).max())
    return np.concatenate(parts), sr


@needs_alsa
def test_overshoot_in_several_runs_is_not_clipping(tmp_path):
    x, sr = joined()
    path = tmp_path / "norm.ogg"
    sf.write(str(path), x * TOP, sr, format="OGG", subtype="VORBIS", compression_level=0.0)
    runs, flat, fired = s001(path)
    assert runs >= 3  # past min_lossy_runs: this fired before flat tops were read
    assert flat == 0 and not fired


@needs_alsa
def test_clipped_prompts_in_ogg_have_flat_tops(tmp_path):
    x, sr = joined()
    path = tmp_path / "clip.ogg"
    y = np.clip(x * 2.0, -TOP, TOP)
    sf.write(str(path), y, sr, format="OGG", subtype="VORBIS", compression_level=0.0)
    runs, flat, fired = s001(path)
    assert flat >= runs // 2 and fired
    # the decode is held at full scale, so its runs are flat however far it overshoots: the
    # message says what the flat tops show, not "flat-topped runs" of the decode (review 43b)
    [f] = api.check(path, select="S001", read_config=False).files[0].findings
    assert "samples at full scale once decoded" in f.message
    assert f.message.endswith("flat tops cut before it was encoded")
    assert "flat-topped run" not in f.message


def counted(x, block):
    an = Clipping(48000, x.shape[1])
    for i in range(0, len(x), block):
        an.update(x[i : i + block].astype(np.float32))
    return an.result()


def test_rounded_crest_vs_flat_top():
    t = np.arange(48000) / 48000.0
    wave = np.sin(2 * np.pi * 110.0 * t)
    crest = (wave * 1.004)[:, None]  # every crest 0.03 dB over full scale, rounded
    clipped = np.clip(wave * 2.0, -1.0, 1.0)[:, None]  # flat tops (no props: ceiling 1.0)
    r = counted(crest, 65536)
    assert r["clipped_runs"] >= 100 and r["clipped_flat_runs"] == 0
    r = counted(clipped, 65536)
    assert r["clipped_flat_runs"] == r["clipped_runs"] >= 100


def test_flat_runs_do_not_depend_on_blocks():
    rng = np.random.default_rng(1)
    t = np.arange(96000) / 48000.0
    wave = np.sin(2 * np.pi * 97.0 * t) * (1.0 + 0.8 * rng.random(len(t)).cumsum() / len(t))
    x = np.column_stack([np.clip(wave, -1.0, 1.0), np.clip(wave * 0.9, -1.0, 1.0)])
    whole = counted(x, 1 << 17)
    assert whole["clipped_flat_runs"] > 0
    for block in (1000, 4096, 65536):
        assert counted(x, block) == whole
