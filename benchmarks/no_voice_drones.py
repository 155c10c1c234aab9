"""S007 on speech over a steady drone or a mains hum, and on the drone alone (issue 17).

    python benchmarks/no_voice_drones.py [--corpus /tmp/audiolint-realcorpus]
                                         [--out /tmp/no-voice-drones] [--rev COMMIT]

Every speech source of the real corpus (benchmarks/realcorpus.py; its manifest gives the half),
its first 8 s, mixed with a drone (11 harmonics at 1/k, random phases, one pitch held all
through) at 50 and 60 Hz as loud as the speech (a mains hum), 50 Hz 10 dB under it, and 73.4,
110, 146.8 and 220 Hz (D2, A2, D3, A3: an organ's or a pad's note) 15 dB under, 110 Hz also 10 dB
under; levels against the speech's RMS over its loud samples ("all"). Louder drones, 73.4, 146.8
and 220 Hz 10 dB under and all four 3 dB under (a bed nearly as loud as the voice), are summed
apart ("all extra"). Each mix is speech (S007 must not
fire); each drone alone, at the same level and length, is no voice (S007 must fire). Files are
checked in-process with ``--select S007`` (the work tree's src, or ``--rev``'s). Printed per half:
speech flagged / files and drones flagged / files, by drone, with the messages of the speech
files flagged.

Music over a drone is no voice too (S007 must still fire; review 1, 18:18): every instrumental
music source of the corpus (melody instruments, as csound's flute, oboe and marimba, Sonic Pi's
piano and guitars, and drums, as Sonic Pi's drum roll, tabla and amen loops, csound's beats; not
its two singers), its first 8 s, over the same drones at the same levels under its loud RMS, and
alone. Printed per drone as a third column (flagged / files), with how many files of each music
source over a drone were missed whose music alone is flagged.

``--real FILE...`` mixes recorded or rendered drones instead, each looped under each speech
source 10 and 15 dB under it (by the RMS of their loud samples), and alone: e.g. lmms-common's
``samples/instruments/*organ*.ogg`` and ``samples/stringsnpads/*.ogg`` (in no_voice.py's
``--cache`` once it has run) and Sonic Pi's ``ambi_haunted_hum`` (the corpus's sources). Many of
those play several notes or chords: a music bed, not one drone; their "drone alone" files are
music-only (no_voice.py already counts lmms' as such: read those lines as recall on music).
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
from scipy.signal import resample_poly

DRONES = ((50.0, 0), (60.0, 0), (50.0, 10), (73.4, 15), (110.0, 15), (110.0, 10), (146.8, 15),
          (220.0, 15))  # fmt: skip
# louder drones, 10 and 3 dB under (as review 1's music over a drone), printed apart ("extra")
MORE_DRONES = ((73.4, 10), (146.8, 10), (220.0, 10), (73.4, 3), (110.0, 3), (146.8, 3),
               (220.0, 3))  # fmt: skip
SECONDS = 8.0


SINGING = ("cs_sing", "cs_singfemale")  # a voice: no_voice.py's singing


def speech(corpus: Path, music: bool = False):
    """Each speech source of the corpus (or, with ``music``, each instrumental music source):
    (name, half, its first SECONDS s as mono, rate, RMS of its loud samples)."""
    halves: dict[str, str] = {}
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if r["class"] != "genuine" or r["source"] in SINGING:
                continue
            if r["kind"] == "speech" or (music and r["kind"] == "music"):
                halves.setdefault(r["source"], r["half"])
    for src, half in sorted(halves.items()):
        x, sr = sf.read(str(corpus / "sources" / f"{src}.wav"), always_2d=True)
        x = x.mean(axis=1)[: int(sr * SECONDS)]
        yield src, half, x, sr, loud_rms(x)


def loud_rms(x: np.ndarray) -> float:
    """RMS over the samples within 26 dB of the peak."""
    loud = np.abs(x) > 0.05 * np.abs(x).max()
    return float(np.sqrt(np.mean(x[loud] ** 2)))


def build_real(corpus: Path, out: Path, files: list[Path]) -> list[tuple[str, str, str, Path]]:
    """Each recorded or rendered drone of ``files`` looped under each speech source, 10 and 15 dB
    under it, and alone; (half, "real -N dB", kind, path) for each."""
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for src, half, x, sr, rms in speech(corpus):
        for f in files:
            y, rate = sf.read(str(f), always_2d=True)
            y = resample_poly(y.mean(axis=1), sr, rate) if rate != sr else y.mean(axis=1)
            y = np.tile(y, int(np.ceil(len(x) / len(y))))[: len(x)]
            for under in (10, 15):
                d = y * rms * 10 ** (-under / 20) / loud_rms(y)
                for kind, z in (("speech", x + d), ("drone", d)):
                    path = out / f"{half}_{kind}_{src}_{f.stem}_{under}.wav"
                    if not path.exists():
                        sf.write(str(path), z * 0.7 / np.abs(z).max(), sr, subtype="PCM_16")
                    cases.append((half, f"real -{under} dB", kind, path))
    return cases


def build(corpus: Path, out: Path) -> list[tuple[str, str, str, Path]]:
    """Write the mixes and the drones alone; (half, drone, kind, path) for each."""
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    played = {src for src, *_ in speech(corpus, music=True)} - {src for src, *_ in speech(corpus)}
    for src, half, x, sr, rms in speech(corpus, music=True):
        rng = np.random.default_rng(sum(map(ord, src)))
        t = np.arange(len(x)) / sr
        if src in played:
            path = out / f"{half}_alone_{src}.wav"
            if not path.exists():
                sf.write(str(path), x * 0.7 / np.abs(x).max(), sr, subtype="PCM_16")
            cases.append((half, "alone", "music", path))
        for f0, under in DRONES + MORE_DRONES:
            phase = rng.uniform(0.0, 2.0 * np.pi, 11)
            drone = sum(np.sin(2 * np.pi * f0 * k * t + phase[k - 1]) / k
                        for k in range(1, 12) if f0 * k < sr / 2)  # fmt: skip
            drone *= rms * 10 ** (-under / 20) / np.sqrt(np.mean(drone**2))
            label = f"{f0:g} Hz -{under} dB"
            mixes = [("music", x + drone)] if src in played else [("speech", x + drone),
                                                                  ("drone", drone)]  # fmt: skip
            for kind, y in mixes:
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
    ap.add_argument("--real", type=Path, nargs="*", default=[], metavar="FILE",
                    help="recorded drones to loop under the speech instead")  # fmt: skip
    a = ap.parse_args(argv)
    cases = build_real(a.corpus, a.out, a.real) if a.real else build(a.corpus, a.out)
    labels = [f"real -{u} dB" for u in (10, 15)] if a.real else [
        f"{f0:g} Hz -{under} dB" for f0, under in DRONES + MORE_DRONES]  # fmt: skip
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
        said, alone, lost = [], set(), []
        for half, label, kind, path in cases:
            rec = api.check(str(path), select="S007", read_config=False).to_dict()["files"][0]
            found = [f["message"] for f in rec["findings"] if f["rule"] == "S007"]
            total[(half, kind, label)] += 1
            fired[(half, kind, label)] += bool(found)
            if found and kind == "speech":
                said.append(f"  {path.name}: {found[0][:90]}")
            if found and label == "alone":
                alone.add(path.name.split("_", 2)[2][: -len(".wav")])
            elif not found and kind == "music":
                lost.append(path)
    for half in ("tune", "heldout"):
        print(f"{half}: S007 on speech over it (false alarms) | on the drone alone (flagged)"
              " | on music over it (flagged)")  # fmt: skip
        for label in labels:
            cells = [f"{fired[(half, k, label)]}/{total[(half, k, label)]}"
                     if total[(half, k, label)] else "-"
                     for k in ("speech", "drone", "music")]  # fmt: skip
            print(f"  {label:16} {' | '.join(cells)}")
        for name, part in (("all", labels[: len(DRONES)]), ("all extra", labels[len(DRONES) :])):
            sums = [(sum(fired[(half, kind, x)] for x in part),
                     sum(total[(half, kind, x)] for x in part))
                    for kind in ("speech", "drone", "music")]  # fmt: skip
            print(f"  {name:16} {' | '.join(f'{f}/{n}' if n else '-' for f, n in sums)}")
        m = (half, "music", "alone")
        print(f"  music alone      {fired[m]}/{total[m]} flagged")
    print("speech flagged:")
    print("\n".join(said) if said else "  none")
    missed = Counter(s for p in lost for s in alone if f"_{s}_" in p.name)
    print("music over a drone missed, its music alone flagged (files):")
    print("  " + (", ".join(f"{s} {n}" for s, n in sorted(missed.items())) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
