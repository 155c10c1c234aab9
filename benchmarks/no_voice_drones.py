"""S007 on speech over a steady drone or a mains hum, and on the drone alone (issue 17).

    python benchmarks/no_voice_drones.py [--corpus /tmp/audiolint-realcorpus]
                                         [--out /tmp/no-voice-drones] [--rev COMMIT]

Every speech source of the real corpus (benchmarks/realcorpus.py; its manifest gives the half),
its first 8 s, mixed with a drone (11 harmonics at 1/k, random phases, one pitch held all
through) at 50 and 60 Hz as loud as the speech (a mains hum), 50 Hz 10 dB under it, and 73.4,
110, 146.8 and 220 Hz (D2, A2, D3, A3: an organ's or a pad's note) 15 dB under, 110 Hz also 10 dB
under; levels against the speech's RMS over its loud samples. Each mix is speech (S007 must not
fire); each drone alone, at the same level and length, is no voice (S007 must fire). Files are
checked in-process with ``--select S007`` (the work tree's src, or ``--rev``'s). Printed per half:
speech flagged / files and drones flagged / files, by drone, with the messages of the speech
files flagged.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf

DRONES = ((50.0, 0), (60.0, 0), (50.0, 10), (73.4, 15), (110.0, 15), (110.0, 10), (146.8, 15),
          (220.0, 15))  # fmt: skip
SECONDS = 8.0


def build(corpus: Path, out: Path) -> list[tuple[str, str, str, Path]]:
    """Write the mixes and the drones alone; (half, drone, kind, path) for each."""
    halves: dict[str, str] = {}
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if r["kind"] == "speech" and r["class"] == "genuine":
                halves.setdefault(r["source"], r["half"])
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for src, half in sorted(halves.items()):
        rng = np.random.default_rng(sum(map(ord, src)))
        x, sr = sf.read(str(corpus / "sources" / f"{src}.wav"), always_2d=True)
        x = x.mean(axis=1)[: int(sr * SECONDS)]
        loud = np.abs(x) > 0.05 * np.abs(x).max()
        rms = float(np.sqrt(np.mean(x[loud] ** 2)))
        t = np.arange(len(x)) / sr
        for f0, under in DRONES:
            phase = rng.uniform(0.0, 2.0 * np.pi, 11)
            drone = sum(np.sin(2 * np.pi * f0 * k * t + phase[k - 1]) / k
                        for k in range(1, 12) if f0 * k < sr / 2)  # fmt: skip
            drone *= rms * 10 ** (-under / 20) / np.sqrt(np.mean(drone**2))
            label = f"{f0:g} Hz -{under} dB"
            for kind, y in (("speech", x + drone), ("drone", drone)):
                path = out / f"{half}_{kind}_{src}_{f0:g}_{under}.wav"
                if not path.exists():
                    sf.write(str(path), y * 0.7 / np.abs(y).max(), sr, subtype="PCM_16")
                cases.append((half, label, kind, path))
    return cases


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/no-voice-drones"))
    ap.add_argument("--rev", help="judge with this commit's src/ (git archive)")
    a = ap.parse_args(argv)
    cases = build(a.corpus, a.out)
    with tempfile.TemporaryDirectory(prefix="drones-") as tmp:
        src = Path(__file__).resolve().parents[1] / "src"
        if a.rev:
            arch = subprocess.run(["git", "-C", str(src.parent), "archive", a.rev],
                                  capture_output=True)  # fmt: skip
            subprocess.run(["tar", "-x", "-C", tmp], input=arch.stdout, check=True)
            src = Path(tmp) / "src"
        sys.path.insert(0, str(src))
        from audiolint import api

        fired: Counter = Counter()
        total: Counter = Counter()
        said = []
        for half, label, kind, path in cases:
            rec = api.check(str(path), select="S007", read_config=False).to_dict()["files"][0]
            found = [f["message"] for f in rec["findings"] if f["rule"] == "S007"]
            total[(half, kind, label)] += 1
            fired[(half, kind, label)] += bool(found)
            if found and kind == "speech":
                said.append(f"  {path.name}: {found[0][:90]}")
    for half in ("tune", "heldout"):
        print(f"{half}: S007 on speech over it (false alarms) | on the drone alone (flagged)")
        for f0, under in DRONES:
            label = f"{f0:g} Hz -{under} dB"
            sp, dr = (half, "speech", label), (half, "drone", label)
            print(f"  {label:16} {fired[sp]}/{total[sp]} | {fired[dr]}/{total[dr]}")
        sp = sum(fired[k] for k in fired if k[:2] == (half, "speech"))
        dr = sum(fired[k] for k in fired if k[:2] == (half, "drone"))
        n = sum(total[k] for k in total if k[:2] == (half, "speech"))
        print(f"  all              {sp}/{n} | {dr}/{n}")
    print("speech flagged:")
    print("\n".join(said) if said else "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
