"""Does a codec grid hold in each loud stretch of a file? Evidence for judging a T001 finding.

    python benchmarks/grid_stretches.py FILE [FILE ...]

For each file: the codec grid codecgrid.measure reports (AAC's or Vorbis's 1024-sample MDCT
grid), then every loud span the search keeps (4096 samples; the two it searched and the others)
searched on its own, as the search reads its two loudest: the span's own best offset (modulo the
grid's step, with the grid's window), its share of zeros in loud bands there, the share at the
reported offset and the span's median over all offsets. A decode's grid is each loud span's own
best offset, far above its median (whole decodes of word clips here: 10-55 % against 1-4 %);
a span's best offset falls within a sample of a given one 3 times in 128 by chance. Also said:
whether the offset is where a whole decode puts the grid (Vorbis: 64 modulo 128 by oggdec, FFmpeg,
libsndfile and SoX; AAC: 0 by FFmpeg and fdk-aac, 960 by Apple's, with the encoder's delay
removed), which a grid found by chance is not more likely to be; and the largest binomial z
over all the step's offsets on the spans the search did not read (Vorbis's 128 offsets on 568
genuine files of genuine_tight.py, genuine_sweep.py, crosscheck.py and the real corpus that
hold no grid: at most 6.3; AAC's 1024 on ALSA's Front_Center: 7.2; codecgrid.MIN_Z is 10).
Nothing here decides: it measures, for a reader weighing a finding on a file whose origin
nobody documented.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import codecgrid as cg
from audiolint.analysis import gridcheck as gc
from audiolint.analysis.mdct import window

WHOLE = {"Vorbis": (64,), "AAC": (0, 960)}  # offsets whole decodes put the grid at


def stretches(path: Path) -> None:
    """Print the grid record of ``path`` and each kept span's own reading of it."""
    x, sr = sf.read(str(path), dtype="float32", always_2d=True)
    info = sf.info(str(path))
    bits = 16 if info.subtype in ("PCM_16", "PCM_U8", "PCM_S8") else 24
    excerpt = cg.Excerpt()
    for i in range(0, len(x), 65536):
        excerpt.update(x[i : i + 65536])
    spans = excerpt.spans()
    rec = cg.measure(spans, sr, bits)
    if not rec or rec["codec"] not in WHOLE:
        print(f"{path}: no AAC or Vorbis grid record ({len(spans)} spans)")
        return
    family = cg.FAMILIES[0]
    grid = next(g for g in family.grids if g.window == rec["window"])
    if bits > cg.COARSE_BITS and not (cg.search_at(spans, sr, bits) or {}).get("found"):
        bits = cg.COARSE_BITS  # measure's record is its 16-bit retry's
    noise = 2.0 ** -(bits - 1) / np.sqrt(12)
    win = window(grid.window, family.n).astype(np.float32)
    step, at = grid.step, rec["offset"] % grid.step
    whole = at in {w % step for w in WHOLE[rec["codec"]]}
    print(
        f"{path}: {rec['codec']} ({rec['window']}) offset {at} mod {step}, "
        f"{100 * rec['zero_share']:.1f} % zeros vs {100 * rec['off_grid_share']:.1f} %, "
        f"z {rec['z']}, contrast {rec['peak_contrast']}, found {rec['found']}; "
        f"{'a' if whole else 'not a'} whole decode's offset"
    )
    agree = 0
    for i, (pos, span) in enumerate(spans):
        share = cg._curves(pos, span, family, win, (noise,), np.float32)[0]
        share = share.reshape(-1, step).max(axis=0)
        best = int(np.argmax(share))
        near = abs((best - at + step // 2) % step - step // 2) <= 1
        agree += near and i >= cg.SEARCH
        print(
            f"  span at {pos:>8} ({'searched' if i < cg.SEARCH else 'other'}): own best "
            f"{best:>4} ({100 * share[best]:.1f} %){' = the grid' if near else ''}; "
            f"at {at}: {100 * share[at]:.1f} %, median {100 * np.median(share):.1f} %"
        )
    rest = [(pos, cg._frames(span, family.n)) for pos, span in spans[cg.SEARCH :]]
    if rest:
        counts = [gc.pooled(rest, family.n, grid, p, win, noise, gc.RANK_REPS) for p in range(step)]
        z = [cg.significance(*counts[p], *counts[(p + step // 2) % step])[2] for p in range(step)]
        print(
            f"  other spans holding the grid as their own best: {agree} of {len(rest)}; "
            f"largest z over all {step} offsets there: {max(z):.1f} at {int(np.argmax(z))}"
        )


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    for name in sys.argv[1:]:
        stretches(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
