"""Three-part harmony: a voice with two pitch-shifted copies of itself, S009 judged as it fires.

    python benchmarks/chords.py [--corpus /tmp/audiolint-realcorpus] [--files]

benchmarks/backing_vocals.py mixes a lead with one harmony. A chord of three read at the period
its voices share (a major triad's 4:5:6, a 2:3:5) fills 3, 4, 5, 6, 8, 9, 10... times that
period's pitch, which one voice whose low partials are gone fills too (audiolint.analysis.sieve
tells the two apart by the holes a chord leaves at 7 and 11 times it). The review of session
28's sieve found S009 lost on sox-shifted triads; this benchmark keeps them in view: every real
voice of benchmarks/voice_mixes.py (5 s pieces, each in its source's half of the corpus) with two
copies shifted by sox's ``pitch`` effect (same timing), both at the lead's level and 6 dB under
it, in the chords ``CHORDS`` (cents over or under the lead). Prints S009's recall per chord
and half, how many mixes hold under a second of voiced frames (three speaking voices seldom
make one periodic sound: no verdict, as designed) and the judged mixes' median second-voice
share; ``--files`` names every piece S009 misses.
sox is needed (``apt-get install sox``); without it nothing is measured, and that is said.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from backing_vocals import measure  # noqa: E402
from signal_rule import fires  # noqa: E402
from voice_mixes import mix, shifted, voices  # noqa: E402

from audiolint.rules import backing_vocals as rule  # noqa: E402

# (name, cents of the two copies): major and minor triads with the lead at the root, third or
# fifth, a triad under the lead, and an open 2:3:5 voicing (a twelfth and a major 17th)
CHORDS = {
    "major, lead at the root": (400, 700),
    "minor, lead at the root": (300, 700),
    "major, lead on top": (-900, -400),
    "minor, lead on top": (-800, -500),
    "major, lead in the middle": (-400, 300),
    "open 2:3:5": (700, 1600),
}
LEVELS_DB = (0, -6)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--files", action="store_true", help="name every piece S009 misses")
    args = ap.parse_args(argv)
    if shutil.which("sox") is None:
        print("skipped: sox is not installed (apt-get install sox); nothing measured")
        return 0
    pieces = voices(args.corpus)
    table: dict = defaultdict(list)
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (x, sr, kind, half) in sorted(pieces.items()):
            x = x.astype(float)
            copies = {c: shifted(x, sr, c, Path(tmp)) for pair in CHORDS.values() for c in pair}
            for chord, (a, b) in CHORDS.items():
                for db in LEVELS_DB:
                    y = mix(mix(x, copies[a], db), copies[b], db)
                    signal = measure(y, sr)
                    fired = fires(rule, signal)
                    share = signal.get("second_voice_ratio")  # None: under 1 s voiced
                    table[chord, half].append((fired, share))
                    if not fired:
                        missed.append(f"  {half:8} {chord:26} {db:3} dB {name} ({kind}): {share}")
    print(f"{'chord':26} {'half':8} {'S009 recall':>14}  no verdict  median share (judged)")
    for (chord, half), rows in sorted(table.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        fired = sum(f for f, _ in rows)
        judged = [s for _, s in rows if s is not None]
        median = f"{np.median(judged):.3f}" if judged else "-"
        none = len(rows) - len(judged)
        print(f"{chord:26} {half:8} {fired:3} of {len(rows):3}  {none:10}  {median}")
    for half in ("tune", "heldout"):
        rows = [r for (c, h), v in table.items() if h == half for r in v]
        if rows:
            print(f"{'all':26} {half:8} {sum(f for f, _ in rows):3} of {len(rows):3}")
    if args.files:
        print("missed:", *missed, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
