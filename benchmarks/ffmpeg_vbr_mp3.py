"""Q002 on FFmpeg's VBR MP3s (yt-dlp's and pydub's), whose header names no quality setting.

    python benchmarks/ffmpeg_vbr_mp3.py [--sources DIR ...] [--out /tmp/audiolint-ffvbr]
                                        [--levels 0-9] [--jobs 2]

Every 44.1 and 48 kHz WAV in the source folders (by default the real corpus's recorded sources,
``realcorpus.py``'s ``sources/``) through FFmpeg's libmp3lame at ``-q:a`` 0 to 9, as yt-dlp
(``--audio-format mp3``, its default ``--audio-quality 5``) and pydub write them: VBR, the
encoder "Lavf", no LAME setting in the header. Q002 judges each; the truth for ``-q:a N`` is
what Q002 says of a LAME-tagged ``-V N`` file, the level LAME's own bitrate for that setting on
music (``LAME_V_KBPS``) draws under Q002's limits: -V 0 to 3 none, -V 4 and 5 a warning, -V 6 to
9 an error. Printed per setting: files, right, harsher and kinder than that truth, then every
file judged kinder (a low setting let through is the costly mistake) with its measured cliff.
FFmpeg is a command-line program: without it nothing is built, and the script says so.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import soundfile as sf

import audiolint
from audiolint.rules import low_bitrate

RANK = {"none": 0, "warning": 1, "error": 2}


def truth(level: int) -> str:
    """What Q002 says of a LAME-tagged ``-V level`` file of two channels at 44.1 kHz."""
    kbps, limits = low_bitrate.LAME_V_KBPS[level], low_bitrate.DEFAULT
    for severity, key in (("error", "error_below_kbps"), ("warning", "warn_below_kbps")):
        if kbps < limits[key] * low_bitrate.MEASURED:
            return severity
    return "none"


def build(sources: list[Path], out: Path, levels: list[int]) -> list[tuple[Path, int]]:
    """FFmpeg -q:a encodes of every 44.1/48 kHz source: (file, level)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for src in sources:
        if sf.info(str(src)).samplerate not in (44100, 48000):
            continue
        for q in levels:
            dst = out / f"{src.stem}_q{q}.mp3"
            if not dst.exists():
                cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src), "-vn"]
                subprocess.run([*cmd, "-c:a", "libmp3lame", "-q:a", str(q), str(dst)], check=True)
            made.append((dst, q))
    return made


def main() -> None:
    """Build, check, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-ffvbr"))
    ap.add_argument("--levels", default="0-9")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if shutil.which("ffmpeg") is None:
        print("skipped: no ffmpeg on PATH (apt install ffmpeg)")
        return
    lo, hi = (int(x) for x in args.levels.split("-"))
    folders = args.sources or [Path("/tmp/audiolint-realcorpus/sources")]
    sources = sorted(p for d in folders for p in Path(d).glob("*.wav"))
    if not sources:
        print(f"skipped: no WAV sources in {', '.join(map(str, folders))} (realcorpus.py)")
        return
    made = build(sources, args.out, list(range(lo, hi + 1)))
    report = audiolint.check([str(p) for p, _ in made], select=("Q002",), jobs=args.jobs)
    said = {Path(fr.path).name: fr for fr in report.files}
    table: Counter = Counter()
    kinder = []
    for path, q in made:
        fr = said[path.name]
        got = next((f for f in fr.findings if f.rule == "Q002"), None)
        level, want = got.severity if got else "none", truth(q)
        verdict = "right" if level == want else "harsher" if RANK[level] > RANK[want] else "kinder"
        table[q, verdict] += 1
        if verdict == "kinder":
            cliff = (fr.fidelity or {}).get("cutoff_hz")
            kinder.append(
                f"  -q:a {q} {path.name}: {level} (cliff {cliff} Hz) {got and got.message}"
            )
    print(f"{len(made)} FFmpeg VBR MP3s from {len(sources)} sources (-q:a {lo}-{hi})")
    print(f"{'setting':>8} {'truth':>8} {'files':>6} {'right':>6} {'harsher':>8} {'kinder':>7}")
    for q in range(lo, hi + 1):
        row = [table[q, v] for v in ("right", "harsher", "kinder")]
        print(
            f"{'-q:a ' + str(q):>8} {truth(q):>8} {sum(row):>6} {row[0]:>6} {row[1]:>8} {row[2]:>7}"
        )
    total = [sum(table[q, v] for q in range(lo, hi + 1)) for v in ("right", "harsher", "kinder")]
    print(f"{'all':>8} {'':>8} {sum(total):>6} {total[0]:>6} {total[1]:>8} {total[2]:>7}")
    print("judged kinder than the setting:" if kinder else "none judged kinder")
    print("\n".join(kinder))


if __name__ == "__main__":
    main()
