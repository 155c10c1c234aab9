"""T001's verdict on a 48 kHz file's wall where a 44.1 -> 48 kHz converter puts its filter
(0.90-1.0 of 22.05 kHz): depth alone is no codec's sign there. The measurements are those of real
files (``python benchmarks/converter_zone.py --to 48000``, tune sources): Sonic Pi's
``perc_bell`` brought from 44.1 to 48 kHz by libsamplerate's fastest converter (a 33 dB wall at
20.5 kHz that holds in 4 % of the frames loud under it; T001 before), and LAME 320 kbps at 48 kHz
of a recorded elephant call (a 30 dB wall at 20.4 kHz that holds in every such frame)."""

from __future__ import annotations

from audiolint.analysis import verdict

EDGE = {"found": True, "width_hz": 281, "steepness_db_per_khz": 58.3, "reach_hz": 20602}


def _judge(cutoff, depth, held, holes=0.0, rate=48000):
    edge = {**EDGE, "cutoff_hz": cutoff, "depth_db": depth, "corner_hz": cutoff - 140}
    timing = {"held": held, "holes": holes, "spread_db": None, "flicker_db": 2.4}
    return verdict.judge(edge, timing, {}, rate, 2)


def test_deep_wall_of_a_44k_converter_is_inconclusive():
    found = _judge(20531, 32.8, held=0.038)
    assert found["verdict"] == "inconclusive", found
    assert "where a 44.1 to 48 kHz converter's filter stands" in found["evidence"][-1]


def test_a_held_wall_or_empty_cells_there_stay_lossy():
    assert _judge(20391, 29.7 + 1, held=1.0)["verdict"] == "lossy-origin"
    assert _judge(20531, 32.8, held=0.038, holes=0.02)["verdict"] == "lossy-origin"


def test_the_same_wall_in_a_44k_file_is_judged_as_before():
    # at 44.1 kHz 20.5 kHz is 0.93 of the file's own Nyquist frequency: the zone's rules
    found = _judge(20531, 32.8, held=0.038, rate=44100)
    assert found["verdict"] == "inconclusive"
    assert "converter's anti-alias filter stands as well" in found["evidence"][-1]
