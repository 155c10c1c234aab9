"""The voice rules on every word of KDE Artikulate's pronunciation courses: all of it speech.

    python benchmarks/artikulate_words.py [--courses /tmp/artikulate-data] [--jobs 2]

KDE's Artikulate ships native speakers saying words and phrases, one Ogg Vorbis file each
(44.1 kHz mono; CC BY-SA 3.0, https://github.com/KDE/artikulate-data, courses/basic/<language>).
Recorded by volunteers at home, many carry a rumble under 20 Hz (wind or handling) as strong as
the speech, or a room. Every file holds a voice, so each S007 ("no voice") finding is a false
alarm, and each S009 ("a second voice") one too (one speaker per file). S008 (a room) is counted,
not scored: nobody measured those rooms.

The script reads a checkout of that repository (``--courses``); where it is missing it clones
it (``git clone --depth 1``), and says so and stops where it cannot. It prints, per language and
in all, how many files each rule fires on and, for S007 and S009, each file and the message's
opening words. No audio is committed; tests/data/artikulate_*.ogg are three of these words.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

URLS = (
    "https://invent.kde.org/education/artikulate-data.git",
    "https://github.com/KDE/artikulate-data.git",
)
SCORED, COUNTED = ("S007", "S009"), ("S008",)


def courses(root: Path) -> Path | None:
    """The courses/basic folder of a checkout at ``root``, cloned there when missing."""
    basic = root / "courses" / "basic"
    if basic.is_dir():
        return basic
    for url in URLS:
        done = subprocess.run(
            ["git", "clone", "-q", "--depth", "1", url, str(root)], capture_output=True
        )
        if done.returncode == 0 and basic.is_dir():
            return basic
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--courses", type=Path, default=Path("/tmp/artikulate-data"))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    basic = courses(args.courses)
    if basic is None:
        print(f"skipped: no Artikulate courses at {args.courses} and no clone of {URLS[0]}")
        sys.exit(0)
    from audiolint import api
    from audiolint.config import Config

    files = sorted(basic.glob("*/*.ogg"))
    report = api.check(files, Config(select=SCORED + COUNTED, jobs=args.jobs))
    total: Counter = Counter()
    fired: dict[str, Counter] = defaultdict(Counter)
    alarms: list[str] = []
    for fr in report.files:
        language = Path(fr.path).parent.name
        total[language] += 1
        for f in fr.findings:
            fired[language][f.rule] += 1
            if f.rule in SCORED:
                alarms.append(f"  {f.rule} {language}/{Path(fr.path).name}: {f.message[:90]}")
    rules = SCORED + COUNTED
    print(f"{len(report.files)} words of {len(total)} courses (every file speech)")
    print(f"  {'course':<8} {'files':>5} " + " ".join(f"{r:>6}" for r in rules))
    for language in sorted(total):
        counts = " ".join(f"{fired[language][r]:6d}" for r in rules)
        print(f"  {language:<8} {total[language]:5d} {counts}")
    sums = {r: sum(fired[lang][r] for lang in total) for r in rules}
    n = max(len(report.files), 1)
    print(f"  {'all':<8} {len(report.files):5d} " + " ".join(f"{sums[r]:6d}" for r in rules))
    for r in SCORED:
        print(f"false alarms of {r}: {sums[r]}/{n} ({sums[r] / n:.2%})")
    print("\n".join(alarms))


if __name__ == "__main__":
    main()
