"""Opus voice notes (WhatsApp's, Telegram's: 12-32 kbps) decoded to WAV: does any finding tell?

    python benchmarks/voice_notes.py [--corpus /tmp/audiolint-realcorpus]
                                     [--out /tmp/audiolint-notes] [--jobs 2]

A hobbyist's dataset often holds voice notes saved as WAV: Opus at 12-32 kbps, mostly SILK or
hybrid (a wideband or super-wideband voice, nothing or only CELT's coarse bands above 8 kHz),
which the codec grid searches do not see (SILK has no MDCT grid). Every speech source of the
real corpus at 32 kHz and up (``realcorpus.py``; its manifest gives the half), as recorded
(``genuine``: no finding may fire), and through:

* ``opusenc-K``: opus-tools' ``opusenc --bitrate K`` then ``opusdec --rate 48000`` (its default
  dither on), K = 12, 16, 24, 32;
* ``voip-K``: FFmpeg's ``libopus -application voip -b:a Kk``, mono, decoded by FFmpeg (48 kHz).

Each file is checked in-process (``--select T001,T002,T005``: lossy origin, upsampled, narrow
band). Printed per half and process: files, each rule's count, and "told" (any of the three);
the genuine rows count false alarms. A process whose tool is missing is skipped and said.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from narrow_band import fired, run, sources  # noqa: E402 - the same sources, runner, scoring

RATES = (12, 16, 24, 32)
RULES = ("T001", "T002", "T005")


def build(corpus: Path, out: Path) -> list[tuple[str, str, Path]]:
    """Make every (half, process, path) once; return them."""
    have = {t: bool(shutil.which(t)) for t in ("opusenc", "opusdec", "ffmpeg")}
    skipped = [t for t, ok in have.items() if not ok]
    if skipped:
        print(f"skipped (not installed): {', '.join(skipped)}")
    ff = ["ffmpeg", "-v", "error", "-y", "-i"]
    made = []
    for half, name, src in sources(corpus):
        made.append((half, "genuine", src))
        for k in RATES:
            enc, dest = out / "_enc" / f"{half}-{name}-{k}.opus", out / half / f"opusenc-{k}"
            dest = dest / f"{name}.wav"
            dest.parent.mkdir(parents=True, exist_ok=True)
            enc.parent.mkdir(parents=True, exist_ok=True)
            if have["opusenc"] and have["opusdec"]:
                ok = dest.exists() or (
                    run(["opusenc", "--quiet", "--bitrate", str(k), str(src), str(enc)])
                    and run(["opusdec", "--quiet", "--rate", "48000", str(enc), str(dest)])
                )
                if ok:
                    made.append((half, f"opusenc-{k}", dest))
            ogg, dest = out / "_enc" / f"{half}-{name}-voip{k}.ogg", out / half / f"voip-{k}"
            dest = dest / f"{name}.wav"
            dest.parent.mkdir(parents=True, exist_ok=True)
            if have["ffmpeg"]:
                opus = ["-ac", "1", "-c:a", "libopus", "-application", "voip", "-b:a", f"{k}k"]
                ok = dest.exists() or (
                    run([*ff, str(src), *opus, str(ogg)]) and run([*ff, str(ogg), str(dest)])
                )
                if ok:
                    made.append((half, f"voip-{k}", dest))
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-notes"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    made = build(args.corpus, args.out)
    rules = fired([p for _, _, p in made], RULES, args.jobs)
    n, each, told = Counter(), Counter(), Counter()
    named, missed = [], []
    for half, proc, path in made:
        got = rules.get(str(path.resolve()), set())
        n[half, proc] += 1
        told[half, proc] += bool(got)
        for rule in got:
            each[half, proc, rule] += 1
        if proc == "genuine" and got:
            named.append(f"{half} {path.name}: {', '.join(sorted(got))}")
        if proc != "genuine" and not got:
            missed.append(f"{half} {proc}/{path.name}")
    print(f"{'half':8} {'process':12} files  {'  '.join(RULES)}  told (any of them)")
    for half, proc in sorted(n):
        counts = "  ".join(f"{each[half, proc, r]:4}" for r in RULES)
        print(f"{half:8} {proc:12} {n[half, proc]:5}  {counts}  {told[half, proc]:5}")
    print("false alarms on the recordings as they are:", "; ".join(named) or "none")
    print("notes no finding told:", "; ".join(missed) or "none")


if __name__ == "__main__":
    main()
