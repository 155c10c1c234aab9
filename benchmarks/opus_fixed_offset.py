"""CELT's grid where libopus's pre-skip puts it: Opus decodes found, and how far genuine files are.

    python benchmarks/opus_fixed_offset.py [--jobs 2] [--rev COMMIT] [--files]

``analysis.opusgrid`` counts zero coefficients at one offset chosen before looking (no search),
so its z against the share half a frame off is an honest one: this benchmark prints, per half,
how many Opus decodes T001 finds (by rate: decoded at 48 kHz, or brought to 16-40 kHz by SoX,
soxr and FFmpeg), and for genuine files (never Opus-encoded) the opus_grid records' highest z
and contrast, with the files behind them. A genuine file whose record is ``found`` is listed as a
false alarm. The sets are those other benchmarks build (nothing is built here; missing ones are
skipped and said): the real corpus (``realcorpus.py``: its Opus decodes, and its genuine
recordings and their upsampled, padded, clipped... copies), ``downsampled_decodes.py``'s decodes
and sources brought to 32/40 kHz (``/tmp/audiolint-downsampled``) and to 16/22.05/24 kHz
(``--rates 16000,22050,24000 --out /tmp/audiolint-down-low``), and ``resampler_sweep.py``'s
genuine upsamples (``/tmp/audiolint-sweep``, ``-sweep40``, ``-sweep32``). Then generated steady
tones (100-4000 Hz in 12.5 Hz steps at 16, 22.05, 44.1 and 48 kHz, and at the 6.25 Hz steps
between at 16 and 48 kHz; 3 s, TPDF-dithered 16-bit, phase 0.3 rad): a tone whose period fits a
whole number of times into 20-160 ms keeps its zeros at one offset in every frame; each found
as Opus is listed. ``--no-tones`` skips them (about a minute).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from encoder_sweep import run_at  # noqa: E402  (the same --rev)

CORPUS = Path("/tmp/audiolint-realcorpus")
DOWN = (Path("/tmp/audiolint-downsampled"), Path("/tmp/audiolint-down-low"))
SWEEPS = tuple(Path(f"/tmp/audiolint-{s}") for s in ("sweep", "sweep40", "sweep32"))
GENUINE = {"genuine", "genuine-copy", "pauses", "quiet", "clipped", "tight", "dc", "antiphase",
           "upsampled", "padded"}  # fmt: skip


def sets(half: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(Opus decodes as (path, rate label), genuine files) of ``half`` that exist here."""
    pos, neg = [], []
    manifest = CORPUS / "manifest.csv"
    if manifest.exists():
        for r in csv.DictReader(manifest.open()):
            if r["half"] != half:
                continue
            path = str(CORPUS / r["path"])
            if r["class"] in ("lossy", "lossyfile") and r["codec"] == "opus":
                pos.append((path, f"{int(r['rate']) / 1000:g} kHz as decoded"))
            elif r["class"] in GENUINE:
                neg.append(path)
    else:
        print(f"SKIP {manifest}: run benchmarks/realcorpus.py")
    for root in DOWN:
        if not (root / half).is_dir():
            print(f"SKIP {root}/{half}: run benchmarks/downsampled_decodes.py (see the docstring)")
            continue
        for f in sorted((root / half).glob("opus-*/*.wav")):
            # SOURCE-RESAMPLER-RATE.wav (the 48 kHz decodes beside them: SOURCE.dec.wav)
            if made := re.fullmatch(r".+-(?:sox|soxr|ffmpeg)-(\d+)\.wav", f.name):
                pos.append((str(f), f"{int(made[1]) / 1000:g} kHz brought down"))
        neg += [str(f) for f in sorted((root / half / "source").glob("*.wav"))]
    for root in SWEEPS:
        # the 44.1/48 kHz sweep's halves, and the 32/40 kHz ones' (``--to``: "tune-to-40000")
        folders = [root / half, *sorted(root.glob(f"{half}-to-*"))]
        if any(d.is_dir() for d in folders):
            neg += [str(f) for d in folders for f in sorted(d.glob("*.wav"))]
        else:
            print(f"SKIP {root}/{half}: run benchmarks/resampler_sweep.py")
    return pos, neg


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rev", help="score this git commit's audiolint, not the work tree's")
    ap.add_argument("--files", action="store_true", help="list every decode missed")
    ap.add_argument("--no-tones", action="store_true", help="skip the generated tones")
    args = ap.parse_args(argv)
    if args.rev and not os.environ.get("ENCODER_SWEEP_REV"):
        return run_at(args.rev, Path("/tmp/audiolint-opus-fixed"), sys.argv[1:], __file__)
    import audiolint

    print(f"code under test: {os.environ.get('ENCODER_SWEEP_REV', 'the work tree')}")
    for half in ("tune", "heldout"):
        pos, neg = sets(half)
        if not pos and not neg:
            continue
        rep = audiolint.check([p for p, _ in pos] + neg, select=("T001",), jobs=args.jobs,
                              cache_dir=None, read_config=False)  # fmt: skip
        by = {os.path.realpath(f.path): f for f in rep.files}
        record = lambda path, by=by: (  # noqa: E731 - (T001 fired, opus_grid record)
            any(x.rule == "T001" for x in by[os.path.realpath(path)].findings),
            (by[os.path.realpath(path)].fidelity or {}).get("opus_grid"),
        )

        found, total = Counter(), Counter()
        missed = []
        for path, label in pos:
            t001, _ = record(path)
            total[label] += 1
            found[label] += t001
            if not t001:
                missed.append(path)
        print(f"\n{half}: Opus decodes found by T001")
        for label in sorted(total, key=lambda s: (float(s.split()[0]), s)):
            print(f"  {label:28s} {found[label]:4d} / {total[label]}")
        print(f"  {'all':28s} {sum(found.values()):4d} / {sum(total.values())}")
        if args.files:
            print("  missed: " + ", ".join(f"{Path(p).parent.name}/{Path(p).name}" for p in missed))
        records = [(record(p)[1], p) for p in neg]
        records = [(r, p) for r, p in records if r]
        alarms = [p for r, p in records if r.get("found")]
        listed = ": " + ", ".join(alarms) if alarms else ""
        print(f"{half}: genuine files {len(neg)}, with an opus_grid record {len(records)}, "
              f"found as Opus {len(alarms)}{listed}")  # fmt: skip
        for r, p in sorted(records, key=lambda t: -t[0]["z"])[:5]:
            print(f"  z {r['z']:5.1f}  share {r['zero_share']:.4f} / {r['off_grid_share']:.4f}"
                  f"  contrast {r['peak_contrast']}  {p}")  # fmt: skip
    if not args.no_tones:
        tones()
    return 0


def tones() -> None:
    """Generated steady tones through opusgrid.measure, as fidelity reads a file's excerpt."""
    import numpy as np

    from audiolint.analysis import codecgrid, opusgrid

    grids = [(sr, 100 + 12.5 * i) for sr in (16000, 22050, 44100, 48000) for i in range(313)]
    grids += [(sr, 106.25 + 12.5 * i) for sr in (16000, 48000) for i in range(312)]
    found = []
    for sr, f0 in grids:
        t = np.arange(3 * sr) / sr
        rng = np.random.default_rng(7)
        x = (
            0.5 * np.sin(2 * np.pi * f0 * t + 0.3)
            + (rng.random(len(t)) - rng.random(len(t))) / 32768
        )
        excerpt = codecgrid.Excerpt()
        x = (np.round(x * 32767) / 32768).astype(np.float32)
        for i in range(0, len(x), 1000):
            excerpt.update(x[i : i + 1000, None])
        record = opusgrid.measure(excerpt.spans(wide=True), sr, 16)
        if record and record["found"]:
            change = record.get("frame_change_db")
            found.append(f"{f0:g} Hz at {sr / 1000:g} kHz (z {record['z']}, contrast "
                         f"{record['peak_contrast']}, change {change} dB)")  # fmt: skip
    print(f"\ngenerated steady tones: {len(grids)}, found as Opus {len(found)}")
    for line in found:
        print(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())
