"""What a user is told about a music bed under speech: every finding of a full check, not S009's
alone.

    python benchmarks/beds_told.py [--corpus /tmp/audiolint-realcorpus]

benchmarks/held_partials.py counts S009 on every speech voice over every bed of its half. A user
sees every rule, though: S005 reads a bed in the speech's pauses as a noise floor, S007 a file
whose sound is mostly the bed. Here each speech voice (benchmarks/voice_mixes.py's 5 s pieces)
and each mix with every bed of its half at -12 and -20 dB (held_partials.py's ``BEDS`` and, in
the tune half, lmms-common's beats) is written as a 16-bit WAV and checked with
``audiolint.check`` (``dataset=False``: each file on its own). A mix counts as told when it gets
a signal finding (S001-S009) that its solo voice does not; the rules that told it are counted.

What it printed on this machine (session 21, 25 s with --jobs 2): tune 173 of 528 mixes told
(S009 140, S005 75, S008 2; the solo voices' own: S005 on 4 of 14), held out 57 of 180 (S005 48,
S009 28; the solo voices' own: S002 on 2 of 9). S005 tells of a bed where the speech pauses, drum
beds too (held out: the amen loop 11/18, cs_jungle 5/18). lmms's drum loops under speech are
told in 48 of 312 tune mixes and the corpus's drum and percussion beds in 18 of 108 held-out
ones; the corpus's other tune beds in 125 of 216 (its drum roll 11/24, a struck bell 0/24), the
held-out tonal beds in 39 of 72 (the decaying slide 0/18).
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf
from held_partials import BED_LEVELS_DB, corpus_parser, speech_and_beds
from voice_mixes import fit, load, mix, resample

import audiolint


def signal_rules(report) -> dict[str, set[str]]:
    """File name -> the signal rules (S...) it got."""
    out: dict[str, set[str]] = {}
    for f in report.to_dict()["files"]:
        out[Path(f["path"]).name] = {x["rule"] for x in f["findings"] if x["rule"][0] == "S"}
    return out


def main(argv=None) -> int:
    ap = corpus_parser()
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)
    found = speech_and_beds(args)
    if found is None:
        return 0
    vs, beds_by_half = found
    for half in ("tune", "heldout"):
        names = sorted(n for n in vs if vs[n][3] == half)
        beds = beds_by_half[half]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name in names:
                x, sr, _, _ = vs[name]
                peak = 0.7 / max(float(np.abs(x).max()), 1e-9)
                sf.write(folder / f"solo__{name}.wav", x * peak, sr, "PCM_16")
            for bed, path in beds:
                y0, ysr = load(path)
                for name in names:
                    x, sr, _, _ = vs[name]
                    y = fit(resample(y0, ysr, sr), len(x))
                    for db in BED_LEVELS_DB:
                        m = mix(x, y, db)
                        m = m * 0.7 / max(float(np.abs(m).max()), 1e-9)
                        sf.write(folder / f"{bed}__{name}__{-db}.wav", m, sr, "PCM_16")
            got = signal_rules(audiolint.check(folder, dataset=False, jobs=args.jobs,
                                               read_config=False))  # fmt: skip
        solo = {n: got.get(f"solo__{n}.wav", set()) for n in names}
        told_by, cells, told, total = Counter(), [], 0, 0
        for bed, _ in beds:
            hits = 0
            for name in names:
                for db in BED_LEVELS_DB:
                    new = got.get(f"{bed}__{name}__{-db}.wav", set()) - solo[name]
                    hits += bool(new)
                    told_by.update(new)
            n = len(names) * len(BED_LEVELS_DB)
            cells.append(f"{bed} {hits}/{n}")
            told, total = told + hits, total + n
        solo_told = Counter(r for rules in solo.values() for r in rules)
        print(f"{half}: mixes told something their solo voice is not: {told} of {total} (by "
              f"{', '.join(f'{r} {c}' for r, c in sorted(told_by.items()))}); solo voices' own "
              f"findings: {dict(sorted(solo_told.items())) or 'none'}")  # fmt: skip
        print("  " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
