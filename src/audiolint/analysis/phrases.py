"""The fidelity record's edge in plain words, for the findings' messages (T001, T004).

Kept apart from :mod:`audiolint.analysis.verdict`, which judges; this only words what was
measured: the cut-off, its depth and kind, or the floor wall (:mod:`.floorwall`) the verdict
rests on.
"""

from __future__ import annotations

from audiolint.analysis import floorwall
from audiolint.analysis.verdict import CLIFF_STEEP


def edge_phrase(fid: dict) -> str:
    """The edge in plain words: "content stops at 16.8 kHz with a 67 dB cliff"."""
    cut = fid.get("cutoff_hz") or 0
    text = f"content stops at {cut / 1000:.1f} kHz"
    if fid.get("rolloff_hz"):
        text = (
            f"content rolls off at {fid['rolloff_hz'] / 1000:.1f} kHz and the floor above it "
            f"stops at {cut / 1000:.1f} kHz"
        )
    depth, wall = fid.get("depth_db"), fid.get("floor_wall")
    if wall:  # the verdict rests on a wall onto the floor (floorwall.decide)
        return floorwall.phrase(cut, depth, wall)
    if depth is not None:
        kind = "cliff" if (fid.get("steepness_db_per_khz") or 0) >= CLIFF_STEEP else "slope"
        text += f" with a {depth:.0f} dB {kind} ({fid.get('width_hz', 0)} Hz wide)"
    return text
