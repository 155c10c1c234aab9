"""Word-length clips and the codec grid (issue 11, T001 on tight genuine speech).

ALSA's recorded prompts ("Front left"... 1.1-1.4 s once cut tight) as recorded show no MDCT
grid; a whole Vorbis decode of each (libvorbis through libsndfile, the soundfile package: no
external program) shows Vorbis's grid at offset 64 modulo 128, where every whole decode of
benchmarks/genuine_tight.py's and encoder_sweep.py's sets sits (oggdec, FFmpeg, libsndfile and
SoX alike), and a clip cut from a decode carries it by the cut: without its first 37 samples the
grid sits at 27. A grid found by chance would fall at any of the 128 offsets.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf
from realaudio import ALSA, PROMPTS, needs_alsa, tight

from audiolint.analysis import codecgrid
from rules.test_codecgrid_transient import grid, needs_vorbis, vorbis16

CUT = 37  # samples dropped from the decode's start: the grid moves from 64 to 64 - 37


def word(name: str) -> tuple[np.ndarray, int]:
    """One ALSA prompt (48 kHz), cut to its first and last sample above 1 % of full scale."""
    x, sr = sf.read(ALSA / f"{name}.wav", dtype="float32", always_2d=True)
    return tight(x.mean(axis=1))[:, None], sr


@needs_alsa
@pytest.mark.parametrize("name", PROMPTS)
def test_a_recorded_word_shows_no_grid(name):
    found = grid(*word(name))
    assert not found["found"]
    assert found["z"] < codecgrid.MIN_Z / 2  # 1.1-3.2 measured


@needs_alsa
@needs_vorbis
@pytest.mark.parametrize("name", PROMPTS)
def test_a_whole_vorbis_decode_of_a_word_sits_at_offset_64(name):
    x, sr = word(name)
    found = grid(vorbis16(x, sr, 0.3), sr)
    assert found["found"] and found["codec"] == "Vorbis"
    assert found["offset"] == 64
    # 32-144 measured (libsndfile 1.2.2's libvorbis); another build's tuning may move it by
    # 10 % or so: found already requires MIN_Z, and twice it keeps a margin over a chance peak
    assert found["z"] >= 2 * codecgrid.MIN_Z


@needs_alsa
@needs_vorbis
@pytest.mark.parametrize("name", PROMPTS[:4])
def test_a_clip_cut_from_a_decode_carries_its_grid_by_the_cut(name):
    x, sr = word(name)
    found = grid(vorbis16(x, sr, 0.3)[CUT:], sr)
    assert found["found"] and found["codec"] == "Vorbis"
    assert found["offset"] == (64 - CUT) % 128
