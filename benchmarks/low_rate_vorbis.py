"""Vorbis decodes at 8-24 kHz: does T001 find them, and does it leave the same audio alone?

    python benchmarks/low_rate_vorbis.py [--corpus /tmp/audiolint-realcorpus]
                                         [--out /tmp/audiolint-lowvorbis] [--files]

libvorbis codes shorter blocks under 26 kHz (lib/modes/setup_*.h: long blocks of 1024 samples at
15-26 kHz, 512 only at 8-15 kHz), so a decode's MDCT grid there is 512 or 256 samples, not the
1024 of 2048-sample blocks (analysis.codecgrid.FAMILIES). Session 30's audit found none of 149
fillets-ng voice lines (64 kbps Vorbis at 22.05 kHz) before those grids were searched.

Sources: the real corpus's sources (``benchmarks/realcorpus.py``), each in its half (the
corpus's manifest), their first 8 s brought down to 8, 11.025, 16, 22.05 and 24 kHz by SoX
(``rate -v``, mono, 16-bit, its dither repeatable: ``-R``): the genuine files; each through
oggenc at q0, q2, q4 and q6 and back through oggdec: the decodes. Printed per half, rate and
quality: decodes found (T001) and genuine files flagged (T001: a false alarm). ``--files`` names
the decodes missed and the false alarms. SoX and vorbis-tools are apt-installed when missing
(and the script says what it skips).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

RATES = (8000, 11025, 16000, 22050, 24000)
QUALITIES = (0, 2, 4, 6)
NOT_SOURCES = ("digital-silence", "dither-only", "pink-noise", "white-noise", "tone-440",
               "tone-1000")  # fmt: skip


def tools(commands=("sox", "oggenc", "oggdec"), packages=("sox", "vorbis-tools")) -> bool:
    """``commands`` on PATH, apt-installing ``packages`` when any is missing and allowed."""
    missing = [t for t in commands if shutil.which(t) is None]
    if missing and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages],
                       check=False, capture_output=True)  # fmt: skip
    missing = [t for t in commands if shutil.which(t) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not available (Debian {', '.join(packages)})")
    return not missing


def halves(corpus: Path) -> dict[str, str]:
    """source name -> its half (tune / heldout), from the real corpus's manifest."""
    with open(corpus / "manifest.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["source"]: r["half"] for r in rows if r["source"] not in NOT_SOURCES}


def sources(corpus: Path, out: Path, rates) -> list[tuple[str, str, int, Path]]:
    """(half, source, rate, path) of each source's first 8 s at each of ``rates`` (SoX ``rate
    -v``, mono, 16-bit, repeatable dither), built once into ``out``/half/genuine."""
    rows = []
    for name, half in sorted(halves(corpus).items()):
        src = corpus / "sources" / f"{name}.wav"
        if not src.exists():
            continue
        for rate in rates:
            genuine = out / half / "genuine" / f"{name}-{rate}.wav"
            genuine.parent.mkdir(parents=True, exist_ok=True)
            if not genuine.exists():
                subprocess.run(["sox", "-V1", "-R", str(src), "-c", "1", "-b", "16", str(genuine),
                                "rate", "-v", str(rate), "trim", "0", "8"], check=True)  # fmt: skip
            rows.append((half, name, rate, genuine))
    return rows


def build(corpus: Path, out: Path) -> list[tuple[str, str, int, str, Path]]:
    """(half, source, rate, quality or 'genuine', path) for every file, built once into ``out``."""
    rows = []
    for half, name, rate, genuine in sources(corpus, out, RATES):
        rows.append((half, name, rate, "genuine", genuine))
        for q in QUALITIES:
            dec = out / half / "vorbis" / f"{name}-{rate}-q{q}.wav"
            dec.parent.mkdir(parents=True, exist_ok=True)
            if not dec.exists():
                ogg = dec.with_suffix(".ogg")
                subprocess.run(["oggenc", "-Q", "-q", str(q), "-o", str(ogg), str(genuine)],
                               check=True)  # fmt: skip
                subprocess.run(["oggdec", "-Q", "-o", str(dec), str(ogg)], check=True)
                ogg.unlink()
            rows.append((half, name, rate, f"q{q}", dec))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-lowvorbis"))
    ap.add_argument("--files", action="store_true")
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"skipped: no real corpus at {args.corpus} (run benchmarks/realcorpus.py)")
        return 0
    if not tools():
        return 0
    rows = build(args.corpus, args.out)
    score(rows, RATES, [f"q{q}" for q in QUALITIES], args.files)
    return 0


def score(rows: list[tuple], rates, settings: list[str], files: bool) -> None:
    """Check ``rows`` ((half, source, rate, setting or 'genuine', path)) for T001 and print,
    per half and rate, the decodes found at each of ``settings`` and the genuine files flagged;
    with ``files``, the decodes missed and the false alarms by name."""
    import audiolint

    report = audiolint.check([r[4] for r in rows], select=["T001"], read_config=False)
    found = {f.path: any(p.rule == "T001" for p in f.findings) for f in report.files}
    count, hit, named = Counter(), Counter(), []
    for half, _, rate, kind, path in rows:
        key = (half, rate, kind)
        count[key] += 1
        hit[key] += found[str(path)]
        if found[str(path)] == (kind == "genuine"):
            said = "false alarm" if kind == "genuine" else "missed"
            named.append(f"  {half} {said}: {path.name}")
    for half in [h for h in ("tune", "heldout", "extra") if any(r[0] == h for r in rows)]:
        print(f"== {half}: decodes found by T001 / genuine files flagged")
        for rate in rates:
            g = (half, rate, "genuine")
            if not count[g]:
                continue
            cells = [f"{k} {hit[(half, rate, k)]:>2}/{count[(half, rate, k)]}" for k in settings]
            print(f"  {rate:>6} Hz  " + "  ".join(cells) + f"   genuine {hit[g]}/{count[g]}")
        dec = [k for k in count if k[0] == half and k[2] != "genuine"]
        gen = [k for k in count if k[0] == half and k[2] == "genuine"]
        print(f"  all: decodes {sum(hit[k] for k in dec)}/{sum(count[k] for k in dec)}, "
              f"genuine {sum(hit[k] for k in gen)}/{sum(count[k] for k in gen)}")  # fmt: skip
    if files:
        print("\n".join(named) or "  (no miss, no false alarm)")


if __name__ == "__main__":
    sys.exit(main())
