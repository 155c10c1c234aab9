"""T001 on slices of lossy decodes, cut anywhere as a slicer cuts a download (issue 11).

    python benchmarks/sliced_decodes.py [--corpus /tmp/audiolint-realcorpus] [--out DIR]
                                        [--cuts 10] [--seconds 4] [--jobs 2]

A voice dataset is mostly slices: a downloaded talk (a video site's Opus or AAC, an MP3) is
decoded, often resampled to the model's rate, and cut at its pauses into 3-10 s clips. Each
clip then starts anywhere on the codec's frame grid, and, where the decode was resampled, at
any phase of its old lattice. Review 46a found T001 on 11 of 48 cut points of one 48 kHz MP3
download (a51346e: 48 of 48) and on 3 of 12 after a 44.1 -> 48 kHz resample.

Material: the real corpus's speech sources (``benchmarks/realcorpus.py``'s manifest, at 44.1
kHz or more), each half joined into one reading (soxr to 48 kHz, 0.3 s between sources), so
tune and held-out are scored apart. Each reading goes through real encoders (LAME CBR 128 and
192, V4; FFmpeg's AAC 128k; libopus 96k; libvorbis q4), is decoded by FFmpeg at the encode's
rate, and, on the resampled rows, brought to 48 kHz (from a 44.1 kHz encode) or 40 kHz (RVC's
rate) by FFmpeg's default resampler. ``--cuts`` slices of ``--seconds`` are cut from each
decode at random sample positions (seeded), 16-bit WAV.

Printed per half and setting: slices with T001 (the decode found), with T002 alone (read as an
upsample: true on the resampled rows where it names the encode's rate, counted apart; else a
hedged "or the low-pass of a lossy encode"), and with neither. The tools are
Debian's lame and ffmpeg (``apt-get install lame ffmpeg``); a setting whose tool is missing is
skipped and named. audiolint itself needs neither.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

# (name, encoder command builder, encode rate, the rate the decode is brought to or None)
SETTINGS = (
    ("mp3 cbr128 @48k", "lame", ["-b", "128"], 48000, None),
    ("mp3 cbr192 @48k", "lame", ["-b", "192"], 48000, None),
    ("mp3 V4 @44.1k", "lame", ["-V", "4"], 44100, None),
    ("mp3 cbr128 @44.1k -> 48k", "lame", ["-b", "128"], 44100, 48000),
    ("mp3 V4 @44.1k -> 40k", "lame", ["-V", "4"], 44100, 40000),
    ("aac 128k @48k", "ffmpeg", ["-c:a", "aac", "-b:a", "128k"], 48000, None),
    ("aac 128k @44.1k -> 48k", "ffmpeg", ["-c:a", "aac", "-b:a", "128k"], 44100, 48000),
    ("opus 96k @48k", "ffmpeg", ["-c:a", "libopus", "-b:a", "96k"], 48000, None),
    ("vorbis q4 @44.1k", "ffmpeg", ["-c:a", "libvorbis", "-q:a", "4"], 44100, None),
)
EXT = {"libopus": ".ogg", "libvorbis": ".ogg", "aac": ".m4a"}


def readings(corpus: Path) -> dict[str, np.ndarray]:
    """Each half's speech sources at 44.1 kHz or more, joined at 48 kHz (0.3 s apart)."""
    import soxr

    parts: dict[str, list[np.ndarray]] = {}
    seen = set()
    with open(corpus / "manifest.csv") as fh:
        for row in csv.DictReader(fh):
            src = row["source"]
            if row["kind"] != "speech" or src in seen or int(row["src_rate"] or 0) < 44100:
                continue
            seen.add(src)
            x, sr = sf.read(corpus / "sources" / f"{src}.wav", dtype="float32", always_2d=True)
            y = soxr.resample(x.mean(axis=1), sr, 48000)
            parts.setdefault(row["half"], []).extend([y, np.zeros(14400, np.float32)])
    return {half: np.concatenate(p) for half, p in parts.items()}


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def decode(x: np.ndarray, setting: tuple, tmp: Path) -> tuple[np.ndarray, int]:
    """``x`` (48 kHz) through one setting's encoder and FFmpeg's decoder (and resampler)."""
    _, tool, args, rate, to = setting
    src = tmp / "src.wav"
    sf.write(src, x, 48000, subtype="PCM_16")
    at = tmp / "at.wav"
    run(["ffmpeg", "-v", "error", "-y", "-i", str(src), "-ar", str(rate), str(at)])
    if tool == "lame":
        enc = tmp / "enc.mp3"
        run(["lame", "--quiet", *args, str(at), str(enc)])
    else:
        enc = tmp / f"enc{EXT[args[1]]}"
        run(["ffmpeg", "-v", "error", "-y", "-i", str(at), *args, str(enc)])
    out = tmp / "dec.wav"
    resample = ["-ar", str(to)] if to else []
    run(["ffmpeg", "-v", "error", "-y", "-i", str(enc), *resample, str(out)])
    y, sr = sf.read(out, dtype="float32")
    return y, sr


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-sliced"))
    ap.add_argument("--cuts", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"no corpus at {args.corpus}: run benchmarks/realcorpus.py first")
        return 2
    from audiolint import api
    from audiolint.config import Config

    missing = {t for t in ("lame", "ffmpeg") if shutil.which(t) is None}
    rng = np.random.default_rng(46)
    rows = []
    for half, x in sorted(readings(args.corpus).items()):
        for setting in SETTINGS:
            if {setting[1], "ffmpeg"} & missing:
                print(f"skipped: {setting[0]} ({', '.join(sorted(missing))} not installed)")
                continue
            folder = args.out / half / setting[0].replace(" ", "_").replace(">", "")
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory() as tmp:
                y, sr = decode(x, setting, Path(tmp))
            n = int(args.seconds * sr)
            for i, start in enumerate(rng.integers(0, len(y) - n, args.cuts)):
                sf.write(folder / f"cut{i:02d}_{start}.wav", y[start : start + n], sr, "PCM_16")
            report = api.check([folder], Config(select=("T001", "T002"), jobs=args.jobs))
            found = [{f.rule for f in fr.findings} for fr in report.files]
            t001 = sum("T001" in f for f in found)
            t002 = sum(f == {"T002"} for f in found)
            # a resampled decode's T002 is true where it names the encode's rate
            rate = [f.data.get("upsampled_from") for fr in report.files for f in fr.findings
                    if f.rule == "T002" and setting[4]]  # fmt: skip
            right = sum(r == setting[3] for r in rate)
            rows.append((half, setting[0], len(found), t001, t002, right, len(found) - t001 - t002))
    print(f"\n{'half':8} {'setting':28} {'slices':>6} {'T001':>5} {'T002 only':>9} "
          f"{'T002 names the encode rate':>26} {'none':>5}")  # fmt: skip
    for half, name, total, t001, t002, right, none in rows:
        print(f"{half:8} {name:28} {total:6d} {t001:5d} {t002:9d} {right:26d} {none:5d}")
    for half in sorted({r[0] for r in rows}):
        got = [r for r in rows if r[0] == half]
        print(f"{half}: T001 on {sum(r[3] for r in got)} of {sum(r[2] for r in got)} slices")
    return 0


if __name__ == "__main__":
    sys.exit(main())
