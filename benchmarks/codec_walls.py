"""T002 on lossy decodes whose low-pass stands where a resampler's wall would (issue 11).

    python benchmarks/codec_walls.py [--corpus /tmp/audiolint-realcorpus]
                                     [--out /tmp/audiolint-codecwalls] [--only tune|heldout]
                                     [--jobs N]

The cross-check set's T002 false alarms were lossy decodes whose codec cut where a resampler
from a lower standard rate would: LAME at 48-64 kbps kept at the source's rate (FFmpeg and
PyAV do not let LAME resample; the lame tool would), libshine, FFmpeg's AAC in VBR at low
quality, and FFmpeg's MP2 at 96-192 kbps, whose subband edge falls at 0.94-1.0 of 12 kHz.
This script makes those classes from the real corpus's genuine 44.1 and 48 kHz recordings,
half by half (the corpus's own split; tune on ``tune`` only), with FFmpeg (encode, then decode
to 16-bit WAV at the source's rate), and prints per setting how often T002 fires (every one a
false alarm: no file here was upsampled) and T001 finds the lossy origin, with the files
behind every T002. Sources from the lead's blind packages are left out. Reproducing these
classes here means the cross-check is no longer blind for them. FFmpeg is a command-line
program; without it the script says so and stops.
"""

# ruff: noqa: E501  (the settings table reads better one entry a line)
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import soundfile as sf

import audiolint

BLIND = ("supercollider", "puredata", "csound", "tuxpaint", "hydrogen", "asterisk", "ktuberling",
         "deepin", "pysolfc")  # fmt: skip
SETTINGS = {
    "lame-cbr48": ["-c:a", "libmp3lame", "-b:a", "48k"], "lame-cbr64": ["-c:a", "libmp3lame", "-b:a", "64k"],
    "lame-cbr80": ["-c:a", "libmp3lame", "-b:a", "80k"], "shine-128": ["-c:a", "libshine", "-b:a", "128k"],
    "shine-192": ["-c:a", "libshine", "-b:a", "192k"], "aac-vbr-q0.6": ["-c:a", "aac", "-q:a", "0.6"],
    "aac-vbr-q1.2": ["-c:a", "aac", "-q:a", "1.2"], "aac-vbr-q2": ["-c:a", "aac", "-q:a", "2"],
    "mp2-96": ["-c:a", "mp2", "-b:a", "96k"], "mp2-128": ["-c:a", "mp2", "-b:a", "128k"],
    "mp2-160": ["-c:a", "mp2", "-b:a", "160k"], "mp2-192": ["-c:a", "mp2", "-b:a", "192k"],
}  # fmt: skip
SUFFIX = {"lame": ".mp3", "shine": ".mp3", "aac": ".m4a", "mp2": ".mp2"}


def build(corpus: Path, out: Path, half: str) -> list[dict]:
    """Write the half's decodes under OUT/half (once) and return their rows."""
    with open(corpus / "manifest.csv") as fh:
        rows = [r for r in csv.DictReader(fh) if r["class"] == "genuine" and r["half"] == half]
    sources = [r for r in rows if not any(b in r.get("package", "") for b in BLIND)]
    dest = out / half
    dest.mkdir(parents=True, exist_ok=True)
    made, failed = [], set()
    for r in sorted(sources, key=lambda r: r["source"]):
        rate = sf.info(corpus / r["path"]).samplerate
        if rate not in (44100, 48000):
            continue
        for name, opts in SETTINGS.items():
            path = dest / f"{name}-{r['source']}.wav"
            if not path.exists():
                enc = dest / f"{name}-{r['source']}{SUFFIX[name.split('-')[0]]}"
                ffmpeg = ["ffmpeg", "-v", "error", "-y", "-i"]
                if (
                    subprocess.run(
                        [*ffmpeg, str(corpus / r["path"]), *opts, str(enc)], capture_output=True
                    ).returncode
                    or subprocess.run(
                        [*ffmpeg, str(enc), "-ar", str(rate), "-c:a", "pcm_s16le", str(path)],
                        capture_output=True,
                    ).returncode
                ):
                    failed.add(name)
                    continue
                enc.unlink()
            made.append({"path": path, "setting": name, "source": r["source"]})
    left = sorted({r["source"] for r in rows} - {r["source"] for r in sources})
    print(
        f"[{half}] sources: {len({m['source'] for m in made})} at 44.1/48 kHz; left out (blind packages): {', '.join(left) or 'none'}"
    )
    if failed:
        print(f"[{half}] the encoder refused or is missing: {', '.join(sorted(failed))}")
    return made


def score(half: str, rows: list[dict], jobs: int) -> None:
    """Print T002 (false alarms) and T001 per setting, and the files behind every T002."""
    rep = audiolint.check([str(r["path"]) for r in rows], jobs=jobs, cache_dir=None,
                          select=("T001", "T002"))  # fmt: skip
    got = {os.path.realpath(f.path): {x.rule: x.message for x in f.findings} for f in rep.files}
    per, alarms = {}, []
    for r in rows:
        found = got.get(os.path.realpath(r["path"]), {})
        c = per.setdefault(r["setting"], Counter())
        c["n"] += 1
        c["T001"] += "T001" in found
        c["T002"] += "T002" in found
        if "T002" in found:
            alarms.append(f"    T002 {r['path'].name}: {found['T002'][:150]}")
    tot = Counter()
    print(f"\n[{half}]  setting          n  T002 (false)  T001")
    for name, c in per.items():
        tot.update(c)
        print(f"  {name:16s} {c['n']:3d} {c['T002']:13d} {c['T001']:5d}")
    print(
        f"  {'all':16s} {tot['n']:3d} {tot['T002']:13d} {tot['T001']:5d}   T002 false alarms {100 * tot['T002'] / max(tot['n'], 1):.1f}%"
    )
    print("\n".join(alarms))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="/tmp/audiolint-realcorpus")
    ap.add_argument("--out", default="/tmp/audiolint-codecwalls")
    ap.add_argument("--only", choices=["tune", "heldout"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "manifest.csv").exists():
        print(f"no {corpus / 'manifest.csv'}: run benchmarks/realcorpus.py first")
        return 2
    if not shutil.which("ffmpeg"):
        print("skipped: ffmpeg is not installed (apt-get install ffmpeg)")
        return 2
    for half in [args.only] if args.only else ["tune", "heldout"]:
        score(half, build(corpus, Path(args.out), half), args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
