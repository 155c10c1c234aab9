"""T002 on crude interpolators and on lossy decodes whose wall sits at a lower rate's Nyquist.

    python benchmarks/crude_upsampling.py [--corpus /tmp/audiolint-realcorpus]
                                          [--out /tmp/audiolint-crude] [--only tune|heldout]

The real corpus (``realcorpus.py``) upsamples with filtering resamplers only. This script takes
its genuine recordings, half by half (the corpus's own tune / heldout split), and makes:

* crude upsampled copies: each source brought down to a lower standard rate by python-soxr
  (HQ), then up to 44.1 or 48 kHz by linear interpolation (``np.interp``, what libsamplerate's
  SRC_LINEAR does), zero-order hold (each old sample repeated) and Catmull-Rom cubic
  interpolation: no filter at all, so the band above the old Nyquist frequency holds the
  images of the band under it rather than nothing;
* lossy decodes whose low-pass sits near a lower rate's Nyquist frequency (11-16 kHz): LAME
  CBR 64 and 80 kbps and -V6, libshine 96 and 160 kbps (ffmpeg), oggenc -q0, ffmpeg's AAC at
  72 kbps, opusenc 24 and 32 kbps, each decoded to WAV by ffmpeg.

It prints, per half and per kind, how often T002 fires and with which old rate, and the
files behind every false alarm. A lossy decode whose encoder wrote a lower rate than the
source's (LAME at CBR 64 kbps in stereo writes 24 kHz from 44.1) is upsampled by the decoder
that plays it out at the source's rate: T002 naming the encoder's rate there is counted apart
("decoded up", the encoder's rate read by ffprobe), not as a false alarm. The lossy tools
are command-line programs (lame, oggenc, opusenc, ffmpeg); what is missing is skipped and
said.
"""

# ruff: noqa: E501  (report lines read better whole)
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

import audiolint

OLD_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100)
# (name, tool, encode command after the input, output suffix); ffmpeg decodes every one
LOSSY = (
    ("lame-cbr64", "lame", ["lame", "--quiet", "-b", "64", "{src}", "{dst}"], ".mp3"),
    ("lame-cbr80", "lame", ["lame", "--quiet", "-b", "80", "{src}", "{dst}"], ".mp3"),
    ("lame-v6", "lame", ["lame", "--quiet", "-V", "6", "{src}", "{dst}"], ".mp3"),
    ("shine-96", "ffmpeg", ["ffmpeg", "-v", "error", "-i", "{src}", "-c:a", "libshine", "-b:a", "96k", "{dst}"], ".mp3"),
    ("shine-160", "ffmpeg", ["ffmpeg", "-v", "error", "-i", "{src}", "-c:a", "libshine", "-b:a", "160k", "{dst}"], ".mp3"),
    ("vorbis-q0", "oggenc", ["oggenc", "-Q", "-q", "0", "-o", "{dst}", "{src}"], ".ogg"),
    ("aac-72k", "ffmpeg", ["ffmpeg", "-v", "error", "-i", "{src}", "-c:a", "aac", "-b:a", "72k", "{dst}"], ".m4a"),
    ("opus-24k", "opusenc", ["opusenc", "--quiet", "--bitrate", "24", "{src}", "{dst}"], ".opus"),
    ("opus-32k", "opusenc", ["opusenc", "--quiet", "--bitrate", "32", "{src}", "{dst}"], ".opus"),
)  # fmt: skip


def linear(x: np.ndarray, old: int, new: int) -> np.ndarray:
    """Linear interpolation between the old samples at the new instants."""
    t = np.arange(int(len(x) * new / old)) * (old / new)
    return np.stack([np.interp(t, np.arange(len(x)), c) for c in x.T], axis=1)


def hold(x: np.ndarray, old: int, new: int) -> np.ndarray:
    """Zero-order hold: each new sample repeats the last old one."""
    idx = np.floor(np.arange(int(len(x) * new / old)) * (old / new)).astype(int)
    return x[np.minimum(idx, len(x) - 1)]


def cubic(x: np.ndarray, old: int, new: int) -> np.ndarray:
    """Catmull-Rom cubic interpolation (four old samples per new one)."""
    t = np.arange(int(len(x) * new / old)) * (old / new)
    i, u = np.floor(t).astype(int), (t - np.floor(t))[:, None]
    pad = np.concatenate([x[:1], x, x[-1:], x[-1:]])
    p0, p1, p2, p3 = (pad[np.minimum(i + k, len(pad) - 1)] for k in range(4))
    return p1 + 0.5 * u * (
        p2 - p0 + u * (2 * p0 - 5 * p1 + 4 * p2 - p3 + u * (3 * (p1 - p2) + p3 - p0))
    )


CRUDE = {"linear": linear, "hold": hold, "cubic": cubic}


def encoded_rate(enc: Path, default: int) -> int:
    """The sample rate of the encoded stream (ffprobe): LAME writes 24 kHz for CBR 64 kbps in
    stereo from 44.1 kHz, so its decode at the source's rate is upsampled by the decoder."""
    probe = ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries"]
    out = subprocess.run(
        [*probe, "stream=sample_rate", "-of", "csv=p=0", str(enc)], capture_output=True, text=True
    ).stdout.strip()
    return int(out.split(",")[0]) if out.split(",")[0].isdigit() else default


def build(corpus: Path, out: Path, half: str) -> list[dict]:
    """Write the half's files under OUT/half and return their rows."""
    with open(corpus / "manifest.csv") as fh:
        sources = [r for r in csv.DictReader(fh) if r["class"] == "genuine" and r["half"] == half]
    rows, skipped = [], set()
    dest = out / half
    dest.mkdir(parents=True, exist_ok=True)
    for k, r in enumerate(sorted(sources, key=lambda r: r["source"])):
        x, sr = sf.read(corpus / r["path"], dtype="float64", always_2d=True)
        src = r["source"]
        for j, (name, fn) in enumerate(CRUDE.items()):
            for m in range(2):
                # old rates under the source's own: its content must reach the old band's top
                olds = [o for o in OLD_RATES if o < sr]
                old = olds[(3 * k + 2 * j + m) % len(olds)]
                new = 48000 if (k + j + m) % 2 else 44100
                path = dest / f"{name}-{old}-to-{new}-{src}.wav"
                if not path.exists():
                    low = soxr.resample(x, sr, old, quality="HQ")
                    y = np.clip(fn(low, old, new), -1, 1)
                    sf.write(path, y, new, subtype="PCM_16")
                rows.append({"path": path, "kind": "upsampled", "tool": name, "old": old})
        for m in range(2):
            name, tool, cmd, suffix = LOSSY[(2 * k + m) % len(LOSSY)]
            if not shutil.which(tool):
                skipped.add(tool)
                continue
            path = dest / f"{name}-{src}.wav"
            rate_file = path.with_suffix(".encrate")  # the rate the encoder wrote
            if not path.exists() or not rate_file.exists():
                with tempfile.TemporaryDirectory() as tmp:
                    wav, enc = Path(tmp) / "in.wav", Path(tmp) / f"enc{suffix}"
                    sf.write(wav, x, sr, subtype="PCM_16")
                    run = subprocess.run(
                        [a.format(src=wav, dst=enc) for a in cmd], capture_output=True
                    )
                    dec = ["ffmpeg", "-v", "error", "-y", "-i", str(enc), "-ar", str(sr)]
                    if run.returncode or (
                        not path.exists()
                        and subprocess.run([*dec, str(path)], capture_output=True).returncode
                    ):
                        skipped.add(f"{name} at {sr} Hz")
                        continue
                    rate_file.write_text(str(encoded_rate(enc, sr)))
            enc_rate = int(rate_file.read_text())
            rows.append({"path": path, "kind": "lossy", "tool": name, "old": 0, "enc": enc_rate})
    if skipped:
        print(
            f"[{half}] skipped (not installed, or refused the rate): {', '.join(sorted(skipped))}"
        )
    return rows


def score(half: str, rows: list[dict], jobs: int) -> None:
    """Print T002's hits per kind and tool, and every false alarm or wrong rate."""
    rep = audiolint.check(
        [str(r["path"]) for r in rows], jobs=jobs, cache_dir=None, select=("T002",)
    )
    found = {}
    for fr in rep.files:
        t2 = [f for f in fr.findings if f.rule == "T002"]
        found[os.path.realpath(fr.path)] = int(t2[0].data["upsampled_from"]) if t2 else None
    per, bad = defaultdict(Counter), []
    for r in rows:
        got = found.get(os.path.realpath(r["path"]))
        c = per[(r["kind"], r["tool"])]
        c["n"] += 1
        c["found"] += got is not None
        c["right"] += got == r["old"] and got is not None
        if (
            r["kind"] == "lossy"
            and got is not None
            and got == r["enc"] < sf.info(r["path"]).samplerate
        ):
            c["decoded up"] += 1  # the encoder wrote that rate, the decoder upsampled: true
            bad.append(
                f"    decoded up {Path(r['path']).name}: the encoder wrote {got} Hz, T002 names it"
            )
        elif r["kind"] == "lossy" and got is not None:
            bad.append(f"    FALSE ALARM {Path(r['path']).name}: upsampled from {got}")
        elif r["kind"] == "upsampled" and got not in (None, r["old"]):
            bad.append(f"    WRONG RATE {Path(r['path']).name}: reported {got}")
    print(f"\n[{half}]  kind       tool         n  T002  right rate  decoded up")
    for kind in ("upsampled", "lossy"):
        tot = Counter()
        for (k, tool), c in sorted(per.items()):
            if k == kind:
                tot.update(c)
                print(
                    f"  {kind:10s} {tool:10s} {c['n']:4d} {c['found']:5d} {c['right']:6d} {c['decoded up']:11d}"
                )
        print(
            f"  {kind:10s} {'all':10s} {tot['n']:4d} {tot['found']:5d} {tot['right']:6d} {tot['decoded up']:11d}"
        )
    print("\n".join(bad))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="/tmp/audiolint-realcorpus")
    ap.add_argument("--out", default="/tmp/audiolint-crude")
    ap.add_argument("--only", choices=["tune", "heldout"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "manifest.csv").exists():
        print(f"no {corpus / 'manifest.csv'}: run benchmarks/realcorpus.py first")
        return 2
    for half in [args.only] if args.only else ["tune", "heldout"]:
        score(half, build(corpus, Path(args.out), half), args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
