"""T005 narrow band, with T001 and T002 beside it: real speech whose band a real tool cut short.

    python benchmarks/narrow_band.py [--corpus /tmp/audiolint-realcorpus]
                                     [--out /tmp/audiolint-narrow] [--jobs 2]

Every speech source of the real corpus at 32 kHz and up (``realcorpus.py``; its manifest gives
the half), as recorded (``genuine``: none of the three may fire), and through:

* ``phone``: SoX ``sinc 300-3400`` (a telephone's band) at the source's rate;
* ``radio``: SoX ``sinc 500-3000 overdrive 10`` (a game's or a film's radio voice);
* ``lowpass6k``: SoX ``lowpass 6000`` twice (a muffled recording, 24 dB/octave);
* ``loudnorm192k``: SoX to 16 kHz, then FFmpeg's ``loudnorm`` with no ``-ar``, which writes
  192 kHz (the accident session 31's audit found drawing no finding);
* ``denoise``: FFmpeg's ``afftdn=nr=40:nf=-30`` then SoX ``lowpass 5000`` (a heavy clean-up).

Each file is checked in-process (``--select T001,T002,T005``, the work tree's src). Printed per
half and process: files, those T005 names, those any of the three names ("told"); the genuine
row counts false alarms. 16-bit WAV throughout. SoX and FFmpeg are command-line programs: a
process whose tool is missing is skipped and said.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import audiolint

SOX = {
    "phone": ["sinc", "300-3400"],
    "radio": ["sinc", "500-3000", "overdrive", "10"],
    "lowpass6k": ["lowpass", "6000", "lowpass", "6000"],
}


def sources(corpus: Path) -> list[tuple[str, str, Path]]:
    """(half, source, path) of the corpus's genuine speech recordings at 32 kHz and up."""
    with open(corpus / "manifest.csv") as fh:
        rows = [r for r in csv.DictReader(fh) if r["class"] == "genuine" and r["kind"] == "speech"]
    keep = [r for r in rows if int(r["rate"]) >= 32000 and r["path"].endswith(".wav")]
    return [(r["half"], r["source"], corpus / r["path"]) for r in keep]


def fired(paths, select, jobs: int) -> dict[str, set[str]]:
    """The rules of ``select`` each of ``paths`` draws, by resolved path (checked in-process,
    no cache, no config): what the benchmarks that build their own files score."""
    report = audiolint.check(sorted({str(p) for p in paths}), select=tuple(select), jobs=jobs,
                             cache_dir=None, read_config=False)  # fmt: skip
    return {str(Path(f.path).resolve()): {x.rule for x in f.findings} for f in report.files}


def run(cmd: list[str]) -> bool:
    """Run a tool; False (and the file left unmade) when it fails."""
    return subprocess.run(cmd, capture_output=True).returncode == 0


def build(corpus: Path, out: Path) -> list[tuple[str, str, Path]]:
    """Make every (half, process, path) once; return them."""
    have = {t: bool(shutil.which(t)) for t in ("sox", "ffmpeg")}
    skipped = [t for t, ok in have.items() if not ok]
    if skipped:
        print(f"skipped (not installed): {', '.join(skipped)}")
    made = []
    for half, name, src in sources(corpus):
        made.append((half, "genuine", src))
        for proc, effect in SOX.items():
            dest = out / half / proc / f"{name}.wav"
            if have["sox"]:
                dest.parent.mkdir(parents=True, exist_ok=True)
                if dest.exists() or run(["sox", str(src), "-b", "16", str(dest), *effect]):
                    made.append((half, proc, dest))
        if have["sox"] and have["ffmpeg"]:
            low = out / half / "_16k" / f"{name}.wav"
            low.parent.mkdir(parents=True, exist_ok=True)
            dest = out / half / "loudnorm192k" / f"{name}.wav"
            dest.parent.mkdir(parents=True, exist_ok=True)
            ok = low.exists() or run(["sox", str(src), "-b", "16", str(low), "rate", "16000"])
            ff = ["ffmpeg", "-v", "error", "-y", "-i"]
            ok = ok and (dest.exists() or run([*ff, str(low), "-af", "loudnorm", str(dest)]))
            if ok:
                made.append((half, "loudnorm192k", dest))
            dest = out / half / "denoise" / f"{name}.wav"
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = out / half / "_dn" / f"{name}.wav"
            tmp.parent.mkdir(parents=True, exist_ok=True)
            ok = tmp.exists() or run([*ff, str(src), "-af", "afftdn=nr=40:nf=-30", str(tmp)])
            ok = ok and (dest.exists() or run(["sox", str(tmp), str(dest), "lowpass", "5000"]))
            if ok:
                made.append((half, "denoise", dest))
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-narrow"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    made = build(args.corpus, args.out)
    rules = fired([p for _, _, p in made], ("T001", "T002", "T005"), args.jobs)
    n, t5, told = Counter(), Counter(), Counter()
    named = []
    for half, proc, path in made:
        got = rules.get(str(path.resolve()), set())
        n[half, proc] += 1
        t5[half, proc] += "T005" in got
        told[half, proc] += bool(got)
        if proc == "genuine" and got:
            named.append(f"{half} {path.name}: {', '.join(sorted(got))}")
    print("half     process        files  T005  told (T001, T002 or T005)")
    for half, proc in sorted(n):
        print(f"{half:8} {proc:14} {n[half, proc]:5} {t5[half, proc]:5} {told[half, proc]:5}")
    print("false alarms on the recordings as they are:", "; ".join(named) or "none")


if __name__ == "__main__":
    main()
