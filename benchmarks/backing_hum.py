"""S009 (backing vocals) on solo voices under a mains hum or buzz: false alarms, and recall on
music beds with a hum under them.

    python benchmarks/backing_hum.py [--corpus /tmp/audiolint-realcorpus] [--json out.json]

A hum is common in real recordings (a ground loop, a fluorescent light's ballast, a cheap
interface): a fixed set of exact multiples of one frequency that does not move with the voice.
No voice holds that, so S009 must not call it a second voice. The voices are
benchmarks/backing_vocals.py's (benchmarks/voice_mixes.py: real speech and singing cut into 5 s
pieces, each in its half of benchmarks/realcorpus.py's manifest, and the extra solo singers).
The hums are synthetic, documented here (no recording of a known hum is on this machine):
``SHAPES`` gives the partials' amplitudes (``mains``: harmonics 1-11 at 1/k, as review 1's set
in session 15; ``odd``: a transformer's, odd harmonics 1/k and even ones 0.3/k up to the 15th;
``buzz``: a rectifier's or a light's, every harmonic to 2 kHz at 1/k), each partial at a
random phase, the frequency wandering slowly by up to 0.1 % (the grid's), mixed by RMS
(benchmarks/voice_mixes.py's ``mix``) ``LEVELS_DB`` under the voice. The tune half's voices get
a 50 Hz hum (every shape); the held-out half's get 60 Hz (every shape) and a 100 and a 120 Hz
buzz (50 and 60 Hz mains rectified), frequencies no constant was chosen on. Each voice is also
judged without a hum (the control), and with the music bed benchmarks/backing_vocals.py gives it
at -12 dB, without and with its half's first hum (``mains``) at -25 dB: a hum must not hide a
bed either. Each voice's first ``SHORT_S`` seconds (a short utterance, as datasets hold) are
judged under each hum at ``SHORT_DB`` too. Each case is measured by the harmony, voice and
reverb analysers as a check runs them (S009 reads all three) and judged by S009 with its
defaults. It prints, per half, hum frequency, shape and level, how many solo voices S009 fires
on (named), and the beds' recall.
"""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
from backing_vocals import material, measure, parser
from signal_rule import fires
from voice_mixes import fit, mix, resample

from audiolint.rules import backing_vocals as rule

SHAPES = ("mains", "odd", "buzz")
HUMS = {"tune": ((50.0, SHAPES),), "heldout": ((60.0, SHAPES), (100.0, ("buzz",)),
                                              (120.0, ("buzz",)))}  # fmt: skip
LEVELS_DB = (-20, -25, -30)
BED_DB, BED_HUM_DB = -12, -25
SHORT_S, SHORT_DB = 2.0, -25  # each voice's first 2 s under each hum too


def hum(freq: float, shape: str, n: int, sr: int, seed: int) -> np.ndarray:
    """``n`` samples of a hum at ``freq`` Hz with the partials of ``shape`` (module docstring),
    its frequency wandering slowly within 0.1 %."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / sr
    # a slow wander of the grid frequency: a random walk smoothed over a second, within 0.1 %
    steps = np.cumsum(rng.standard_normal(n // sr + 2))
    wander = np.interp(t, np.arange(len(steps)), steps / max(np.abs(steps).max(), 1e-9))
    phase = 2 * np.pi * np.cumsum(freq * (1.0 + 0.001 * wander)) / sr
    top = {"mains": 11, "odd": 15, "buzz": int(2000 // freq)}[shape]
    out = np.zeros(n)
    for k in range(1, top + 1):
        amp = 1.0 / k if shape != "odd" or k % 2 else 0.3 / k
        out += amp * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    return out


def main(argv=None) -> int:
    args = parser("write each case's record").parse_args(argv)
    vs, solo_only, music = material(args)
    vs.update(solo_only)
    fired: dict[tuple, list] = defaultdict(list)
    records = []

    def add(key, x, sr, name):
        r = measure(x, sr)
        f = fires(rule, r)
        fired[key].append((f, name, r["second_voice_ratio"], r["alone_voice_ratio"]))
        records.append({"key": list(key), "name": name, "fired": f,
                        **{k: r.get(k) for k in ("second_voice_ratio", "alone_voice_ratio",
                                                 "second_pitch_hz")}})  # fmt: skip

    for half in ("tune", "heldout"):
        names = sorted(n for n in vs if vs[n][3] == half)
        for i, name in enumerate(names):
            x, sr, kind, _ = vs[name]
            add((half, "no hum", "", ""), x, sr, name)
            for freq, shapes in HUMS[half]:
                for shape in shapes:
                    h = hum(freq, shape, len(x), sr, seed=i)
                    for db in LEVELS_DB:
                        add((half, f"{freq:g} Hz", shape, db), mix(x, h, db), sr, name)
                    cut = int(SHORT_S * sr)  # a short utterance: a window or two of floor
                    add((half, f"{freq:g} Hz, {SHORT_S:g} s", shape, SHORT_DB),
                        mix(x[:cut], h[:cut], SHORT_DB), sr, name)  # fmt: skip
            beds = music[half][i % max(1, len(music[half])) :][:1]
            for y, ysr, bed in beds:
                y = fit(resample(y, ysr, sr), len(x))
                both = mix(x, y, BED_DB)
                add((half, "bed", "", ""), both, sr, f"{name} + {bed}")
                freq = HUMS[half][0][0]
                h = hum(freq, "mains", len(x), sr, seed=i)
                add((half, f"bed + {freq:g} Hz", "mains", BED_HUM_DB),
                    mix(both, h, BED_HUM_DB), sr, f"{name} + {bed}")  # fmt: skip
    print(f"{len(vs)} voice clips; S009 with its defaults (min_ratio {rule.DEFAULT['min_ratio']}, "
          f"min_with_alone {rule.DEFAULT['min_with_alone']})")  # fmt: skip
    for half in ("tune", "heldout"):
        print(f"{half}:")
        total = [0, 0]
        for key in sorted(k for k in fired if k[0] == half and not k[1].startswith("bed")):
            got = fired[key]
            hits = [f"{n} ({r:.3f}+{a or 0:.3f})" for f, n, r, a in got if f]
            if key[1] != "no hum":
                total[0] += len(hits)
                total[1] += len(got)
            what = f"{key[1]} {key[2]} {key[3]} dB" if key[2] else key[1]
            print(f"  {what:<22} false alarms {len(hits):2d}/{len(got):3d}"
                  + (f": {'; '.join(hits)}" if hits else ""))  # fmt: skip
        print(f"  under a hum, all: false alarms {total[0]}/{total[1]}")
        for key in sorted(k for k in fired if k[0] == half and k[1].startswith("bed")):
            got = fired[key]
            what = f"{key[1]} {key[2]} {key[3]} dB" if key[2] else f"{key[1]} {BED_DB} dB"
            print(f"  {what:<22} recall {sum(f for f, *_ in got):2d}/{len(got):3d}")
    if args.json:
        args.json.write_text(json.dumps(records, indent=0, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
