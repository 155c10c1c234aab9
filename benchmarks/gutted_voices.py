"""A voice whose lower partials are gone is one voice, not two (S009).

    python benchmarks/gutted_voices.py [--corpus /tmp/audiolint-realcorpus] [--files]

Spectral-gating denoisers take whatever stays loud all through a clip for noise: on clean speech
that can be everything under 400-800 Hz, the voice's own fundamental and first partials
(noisereduce's stationary mode; benchmarks/processed.py). What is left is a series of partials
4, 5, 6... times the voice's pitch: the period search then reads the pitch on one of them and
the second-voice search finds another, and S009 called five such files "a second voice". This
benchmark takes the real voices benchmarks/backing_vocals.py mixes (benchmarks/voice_mixes.py:
the real corpus's speech and singing, ALSA's prompts, espeak-ng; 5 s pieces, each in its
source's half of the corpus) and takes their lower partials away:

* ``wall-N``: a short-time Fourier gate, every bin under N Hz (300, 450, 600, 800) 60 dB down,
  as a gate whose noise estimate covered the voice's low band would leave it;
* ``hp-500``: an 8th-order Butterworth high-pass at 500 Hz (scipy), a filter rather than a gate;
* ``nr-stationary`` / ``nr``: noisereduce's spectral gating, stationary and not (its default),
  when the package is installed (``pip install noisereduce``; skipped and said otherwise).

Each piece is measured as backing_vocals.py measures (the voice, harmony and reverb analysers,
S009 as it fires) as it is and processed; S009 on a processed piece is a false alarm (a piece
that S009 flags as it is, none here, would be left out). Prints, per process and half, how many
pieces S009 flags and the median and highest second-voice share; ``--files`` names them.
audiolint.analysis.sieve was built looking at the tune half (and at backing_vocals.py's mixes);
the held-out half's counts were printed beside it while variants were compared, so they are not
blind.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))  # lowband.py
from backing_vocals import measure  # noqa: E402
from lowband import gate, high_pass  # noqa: E402
from signal_rule import fires  # noqa: E402
from voice_mixes import voices  # noqa: E402

from audiolint.rules import backing_vocals as rule  # noqa: E402

WALLS_HZ = (300, 450, 600, 800)


def processes() -> dict:
    """name -> function (samples, rate) -> samples; what cannot run here is left out, and said."""
    out = {f"wall-{hz}": (lambda x, sr, hz=hz: gate(x, sr, hz)) for hz in WALLS_HZ}
    out["hp-500"] = high_pass
    try:
        import noisereduce
    except ImportError:
        print("skipped nr, nr-stationary: noisereduce is not installed (pip install noisereduce)")
        return out
    for name, stationary in (("nr-stationary", True), ("nr", False)):
        out[name] = lambda x, sr, s=stationary: noisereduce.reduce_noise(y=x, sr=sr, stationary=s)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--files", action="store_true", help="name every piece S009 flags")
    args = ap.parse_args(argv)
    pieces = voices(args.corpus)
    if not pieces:
        print("no voices: run benchmarks/realcorpus.py first")
        return 1
    procs = processes()
    table: dict = defaultdict(list)
    flagged: list[str] = []
    for name, (x, sr, kind, half) in sorted(pieces.items()):
        x = x.astype(float)
        if fires(rule, measure(x, sr)):
            print(f"left out: {name} (S009 as it is)")
            continue
        for proc, run in {"as it is": lambda x, sr: x, **procs}.items():
            y = np.asarray(run(x, sr), dtype=float)
            signal = measure(y, sr)
            fired = fires(rule, signal)
            table[proc, half].append((fired, signal.get("second_voice_ratio") or 0.0))
            if fired:
                share = signal["second_voice_ratio"]
                flagged.append(f"  {half:8} {proc:14} {name} ({kind}): {share}")
    print(f"{'process':14} {'half':8} {'S009':>9}  second-voice share: median, highest")
    for (proc, half), rows in table.items():
        shares = [r for _, r in rows]
        print(f"{proc:14} {half:8} {sum(f for f, _ in rows):3} of {len(rows):3}"
              f"  {np.median(shares):.3f}, {max(shares):.3f}")  # fmt: skip
    if args.files and flagged:
        print("flagged:")
        print("\n".join(flagged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
