"""Whether one of two matched files holds another sound over the other's audio (D003).

A copy keeps its source's pauses, whatever its gain, rate or codec; music, another voice, noise
or echo laid over a clip fill them with sound of their own. Read from the two fingerprints'
frame levels and words (:mod:`audiolint.analysis.fingerprint`) at the match's offset.
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis.quantile import percentile

# the same audio, frame by frame: the local bit error over LOCAL frames at most LOCAL_MAX (see
# audiolint.analysis.dedupe, which matches with them)
LOCAL, LOCAL_MAX = 9, 0.4
# Where one copy is quiet (QUIET_DB under its loud frames, for QUIET_FRAMES or more), how much
# louder, each against its own loud frames, the other is there (levels held at FLOOR_DB under
# the loud frames: digital silence and a codec's hush read alike). benchmarks/dedupe_mixtures.py
# (real speech): copies turned down, resampled, through LAME 64k or Opus 24k read 0.0 dB; white
# noise at 10 dB SNR up to 22; mixtures with music or another voice 0-28 (long pauses only)
QUIET_DB, FLOOR_DB, QUIET_FRAMES = 30.0, 50.0, 10
# frames whose words differ: the bit error over this many (60 ms) over LOCAL_MAX; shorter than
# the matcher's LOCAL, as a pause between words is (review 43c's music bed 25 dB under a voice
# read as the same audio over LOCAL's 180 ms)
DIFFER_FRAMES = 3


def extra_db(
    la: np.ndarray, lb: np.ndarray, wa: np.ndarray, wb: np.ndarray, offset: int
) -> tuple[float | None, float | None]:
    """With a's frame ``k + offset`` against b's frame ``k`` (as :func:`_compare`): over a's
    quiet frames (``QUIET_DB`` under its loud ones), the median of how much louder b is than a,
    each level against its own file's loud frames (the 95th percentile) and held at
    ``FLOOR_DB`` under them, counted only where the two differ (the local bit error of their
    words, ``la``/``wa`` and ``lb``/``wb``, over ``LOCAL_MAX``; 0 where they match); and the
    same the other way round. A copy keeps its source's pauses (0-2 dB); music, another voice,
    noise or echo laid over it fill them with sound of their own. A fade, an expander or a
    compressor moves the level of the same audio (review 43c: a copy faded out read the original
    as holding "another sound"), so where the quiet frames match, nothing is extra. None where a
    file has under ``QUIET_FRAMES`` quiet frames in the part both share (tight speech)."""
    la, lb = (np.asarray(v, np.float64) for v in (la, lb))
    la, lb = (np.maximum(v - percentile(v, 95), -FLOOR_DB) for v in (la, lb))
    start_b = max(0, -offset)
    n = min(len(la) - offset - start_b, len(lb) - start_b)
    if n <= 0:
        return None, None
    sa, sb = slice(start_b + offset, start_b + offset + n), slice(start_b, start_b + n)
    x, y = la[sa], lb[sb]
    xor = np.bitwise_xor(np.asarray(wa, "<u4")[sa], np.asarray(wb, "<u4")[sb])
    per = np.unpackbits(xor.view(np.uint8)).reshape(-1, 32).sum(axis=1)
    local = np.convolve(per, np.ones(DIFFER_FRAMES), mode="same") / (32 * DIFFER_FRAMES)
    differ = local > LOCAL_MAX
    out = []
    for p, q in ((x, y), (y, x)):
        quiet = p < -QUIET_DB
        if int(quiet.sum()) < QUIET_FRAMES:
            out.append(None)
            continue
        louder = np.where(differ, q - p, 0.0)[quiet]
        out.append(round(float(np.median(louder)), 1))
    return out[0], out[1]
