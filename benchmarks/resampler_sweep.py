"""T002 across many real resamplers and settings, half by half (issue 11).

    python benchmarks/resampler_sweep.py [--corpus /tmp/audiolint-realcorpus]
                                         [--out /tmp/audiolint-sweep] [--only tune|heldout]
                                         [--jobs N] [--seconds 6] [--misses]
                                         [--down soxr-HQ|sox-q|swr|swr-fs8|poly-hann]
                                         [--old 8000|11025|16000|22050|24000|32000|44100]

The real corpus (``realcorpus.py``) upsamples with six resamplers at their defaults; users'
files come from many more, at other settings. This script takes the corpus's genuine
recordings (speech and music), half by half by source recording (the corpus's own tune /
heldout split; tune on ``tune`` only), their first ``--seconds`` seconds, brings each down to
an old standard rate with python-soxr HQ (a 16-bit file, as a low-rate file is) and up again
to 44.1 or 48 kHz with every resampler below, one (old, new) pair per source and resampler,
rotated so that each resampler meets every old rate from 8 to 44.1 kHz:

* SoX ``rate`` at its qualities ``-q -l -m -h -v``, and ``-v -b 90`` (wide transition),
  ``-v -I`` (intermediate phase), ``-v -M`` (minimum phase), ``-v -s`` (steep);
* FFmpeg's swresample at its defaults, ``filter_size=8``, ``cutoff=0.9``, ``kaiser_beta=4``,
  ``linear_interp=0:filter_size=64``, and ``resampler=soxr``;
* libsamplerate (``samplerate``): sinc_best, sinc_medium, sinc_fastest, linear,
  zero_order_hold;
* libsoxr (``python-soxr``): QQ, LQ, MQ, HQ, VHQ;
* SciPy: ``resample_poly`` with its default Kaiser window (beta 5), Kaiser beta 8.6, Hamming
  and Blackman windows, and ``signal.resample`` (FFT).

``--down`` picks the downsampler that makes the low-rate file instead of python-soxr HQ (its
copies go to ``OUT/<half>-down-<name>``): ``sox-q`` (SoX ``rate -q``), ``swr`` (FFmpeg's default
swresample), ``swr-fs8`` (``filter_size=8``) or ``poly-hann`` (SciPy's ``resample_poly`` with a
Hann window). These cut gently or alias, so a low-rate source's level can go on across its own
Nyquist frequency, as many real low-rate files' does (review 1 M1, session 14: a tie-break that
read soxr HQ's notch at N as every low-rate source's named 30 such 16 kHz copies 32 kHz).

``--peak`` normalises each low-rate file to full scale before it is upsampled, as packaged sound
files often are (copies in ``OUT/<half>-peak``): the resamplers' overshoot is then cut at the
16-bit limit when the copy is written, and the clipped frames' splatter fills the band past N.
The old-rate / room table also splits the copies that hold a clip from those that do not.

``--float`` writes the copies as 32-bit float, unclipped, as Python pipelines do (RVC's
preprocessing: soxr, then float32 WAV): the file's floor then lies far under a resampler's stop
band (session 31: RVC's 22.05 -> 40 kHz slices read "inconclusive"). ``--to RATE`` brings every
copy to one rate (RVC's 32, 40 or 48 kHz) from the old rates under it.
Session 31, right old rate, tune | held-out: ``--float`` 591/660 | 492/540, ``--float --to
40000`` 609/660 | 494/540 (docs/accuracy/fake-lossless.md).

``--two-stage`` makes each copy in two stages: the resampler brings the low-rate file to 44.1
kHz, written at 16 bits with TPDF dither, and python-soxr VHQ brings that to 48 kHz at 24 bits
(float with ``--float``), as a memo saved as a CD-rate WAV and then exported from an editor is
(copies in ``OUT/<half>-two``). The first stage's dither then lies flat between its wall and the
second's, over the finer samples' floor (analysis/stagefloor.py; session 56: 0 of 9 such copies
of three voices found before it).

``--old RATE`` brings every source with every resampler from that one old rate (copies in
``OUT/<half>-old-RATE``; 44100 goes to 48 kHz, the rest to 44.1 or 48 kHz in turn): the default
rotation gives each (resampler, old rate) pair a source or two, too few to read one pair such as
44.1 -> 48 kHz (session 15). A source at that rate is taken as it is, one under it is skipped.

It prints, per half and per resampler (and per old rate), how many copies T002 finds and
how many of those name the right old rate, apart for copies with less than ``ROOM_DB`` of room
(the band 0.80-0.92 N under 20 dB over the band well above N: a source with nothing left near
its old Nyquist frequency leaves no wall to find), and with ``--misses`` every miss and wrong
rate with its room.
False alarms are measured elsewhere (``rule_accuracy.py``'s genuine files,
``crude_upsampling.py``'s lossy decodes, ``converter_zone.py``'s converter copies). SoX and
FFmpeg are command-line programs; a missing one is skipped and said.
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
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from scipy import signal

import audiolint

OLD_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100)
SOX = {
    "sox-q": ["-q"], "sox-l": ["-l"], "sox-m": ["-m"], "sox-h": ["-h"], "sox-v": ["-v"],
    "sox-v-b90": ["-v", "-b", "90"], "sox-v-I": ["-v", "-I"], "sox-v-M": ["-v", "-M"],
    "sox-v-s": ["-v", "-s"],
}  # fmt: skip
FFMPEG = {
    "swr": "", "swr-fs8": ":filter_size=8", "swr-cut90": ":cutoff=0.9",
    "swr-beta4": ":kaiser_beta=4", "swr-nolin64": ":linear_interp=0:filter_size=64",
    "swr-soxr": ":resampler=soxr",
}  # fmt: skip
SRC = ("sinc_best", "sinc_medium", "sinc_fastest", "linear", "zero_order_hold")
SOXR = ("QQ", "LQ", "MQ", "HQ", "VHQ")
SCIPY = {
    "poly-kaiser5": ("kaiser", 5.0), "poly-kaiser8.6": ("kaiser", 8.6),
    "poly-hamming": "hamming", "poly-blackman": "blackman",
}  # fmt: skip


def _tool(x: np.ndarray, old: int, new: int, cmd) -> np.ndarray:
    """Run a command-line resampler (``cmd(src, dst)``) on float WAVs."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        sf.write(a, x, old, subtype="FLOAT")
        subprocess.run(cmd(str(a), str(b)), check=True, capture_output=True)
        y, _ = sf.read(b, dtype="float64", always_2d=True)
    return y


def downsampler(name: str):
    """``f(x, sr, old)``: the downsampler ``--down`` names (python-soxr HQ by default)."""
    if name == "poly-hann":
        return lambda x, sr, o: signal.resample_poly(x, o // gcd(sr, o), sr // gcd(sr, o), axis=0,
                                                     window="hann")  # fmt: skip
    if name == "sox-q":
        return lambda x, sr, o: _tool(
            x, sr, o, lambda a, b: ["sox", a, "-b", "32", "-e", "float", b, "rate", "-q", str(o)]
        )
    if name in ("swr", "swr-fs8"):
        opt = FFMPEG[name]
        return lambda x, sr, o: _tool(
            x, sr, o, lambda a, b: ["ffmpeg", "-v", "error", "-y", "-i", a, "-af",
                                    f"aresample={o}{opt}", "-c:a", "pcm_f32le", b],
        )  # fmt: skip
    return lambda x, sr, o: soxr.resample(x, sr, o, quality="HQ")


DOWN = ("soxr-HQ", "sox-q", "swr", "swr-fs8", "poly-hann")


def resamplers() -> tuple[dict, list[str]]:
    """Name -> ``f(x, old, new)``, and the tools that are missing."""
    out, missing = {}, []
    if shutil.which("sox"):
        for name, opt in SOX.items():
            out[name] = lambda x, o, n, opt=opt: _tool(
                x, o, n, lambda a, b: ["sox", a, "-b", "32", "-e", "float", b, "rate", *opt, str(n)]
            )
    else:
        missing.append("sox")
    if shutil.which("ffmpeg"):
        for name, opt in FFMPEG.items():
            out[name] = lambda x, o, n, opt=opt: _tool(
                x, o, n, lambda a, b: ["ffmpeg", "-v", "error", "-y", "-i", a, "-af",
                                       f"aresample={n}{opt}", "-c:a", "pcm_f32le", b],
            )  # fmt: skip
    else:
        missing.append("ffmpeg")
    try:
        import samplerate

        for conv in SRC:
            out[f"src-{conv}"] = lambda x, o, n, c=conv: samplerate.resample(x, n / o, c)
    except ImportError:
        missing.append("samplerate (pip install samplerate)")
    for q in SOXR:
        out[f"soxr-{q}"] = lambda x, o, n, q=q: soxr.resample(x, o, n, quality=q)
    for name, win in SCIPY.items():
        out[name] = lambda x, o, n, w=win: signal.resample_poly(
            x, n // gcd(o, n), o // gcd(o, n), axis=0, window=w
        )
    out["scipy-fft"] = lambda x, o, n: signal.resample(x, int(len(x) * n / o), axis=0)
    return out, missing


def build(corpus: Path, out: Path, half: str, seconds: float, down: str = "soxr-HQ",
          old_only: int | None = None, peak: bool = False, floats: bool = False,
          to: int | None = None, two: bool = False) -> list[dict]:  # fmt: skip
    """Write the half's copies under OUT/half (once) and return their rows; with ``old_only``,
    every resampler brings every source from that rate alone (OUT/half-old-RATE); with
    ``peak``, the low-rate file is normalised to full scale first (OUT/half-peak); with
    ``floats``, the copies are 32-bit float, unclipped (OUT/half-float); with ``to``, every copy
    goes to that rate (OUT/half-to-RATE), from the old rates under it."""
    with open(corpus / "manifest.csv") as fh:
        sources = [r for r in csv.DictReader(fh) if r["class"] == "genuine" and r["half"] == half]
    tools, missing = resamplers()
    if missing:
        print(f"[{half}] skipped (not installed): {', '.join(missing)}")
    dest = out / half if down == "soxr-HQ" else out / f"{half}-down-{down}"
    dest = dest.with_name(f"{dest.name}-old-{old_only}") if old_only else dest
    dest = dest.with_name(f"{dest.name}-peak") if peak else dest
    dest = dest.with_name(f"{dest.name}-float") if floats else dest
    dest = dest.with_name(f"{dest.name}-to-{to}") if to else dest
    dest = dest.with_name(f"{dest.name}-two") if two else dest
    to = 48000 if two else to  # two stages: the resampler's to 44.1 kHz, then soxr's to 48
    lower = downsampler(down)
    dest.mkdir(parents=True, exist_ok=True)
    rows = []
    for k, r in enumerate(sorted(sources, key=lambda r: r["source"])):
        info = sf.info(corpus / r["path"])
        x, sr = sf.read(corpus / r["path"], dtype="float64", always_2d=True,
                        frames=int(seconds * info.samplerate))  # fmt: skip
        olds = [o for o in OLD_RATES if o < sr] if not old_only else [old_only] * (old_only <= sr)
        olds = [o for o in olds if o < (44100 if two else to)] if to else olds
        if not olds:
            continue
        lows: dict[int, np.ndarray] = {}
        for j, (name, fn) in enumerate(tools.items()):
            old = olds[(k + 3 * j) % len(olds)]
            new = to or (48000 if old == 44100 or (k + j) % 2 else 44100)
            path = dest / f"{name}-{old}-to-{new}-{r['source']}.wav"
            if not path.exists():
                if old not in lows:
                    low = lower(x, sr, old) if old < sr else x
                    if peak:  # as a packaged file often is: its peak at full scale
                        low = low * (32767 / 32768) / max(float(np.abs(low).max()), 1e-9)
                    lows[old] = np.round(np.clip(low, -1, 1) * 32767) / 32768
                y = np.asarray(fn(lows[old], old, 44100 if two else new), dtype="float64")
                if two:  # written at 16 bits (TPDF dither), then brought to 48 kHz
                    y = y.reshape(len(y), -1)
                    tpdf = np.random.default_rng(k).triangular(-1, 0, 1, y.shape)
                    y = np.round(np.clip(y, -1, 1) * 32767 + tpdf) / 32767
                    y = soxr.resample(y, 44100, 48000, quality="VHQ")
                if floats:  # as Python pipelines write them (RVC's preprocessing: float32)
                    sf.write(path, y.reshape(len(y), -1), new, subtype="FLOAT")
                else:
                    sf.write(path, np.clip(y.reshape(len(y), -1), -1, 1), new,
                             subtype="PCM_24" if two else "PCM_16")  # fmt: skip
            rows.append({"path": path, "tool": name, "old": old, "new": new, "source": r["source"]})
    return rows


ROOM_DB = 20.0  # room for a resampler's fall: the band under N this far over the band above


def room_db(path: Path, old: int) -> float:
    """How far the copy's band 0.80-0.92 N stands over its band well above N (1.25 N up to
    0.99 of its own Nyquist frequency; 1.03 N up for 44.1 -> 48 kHz), in dB (Welch, medians).
    A source with nothing left near its old Nyquist frequency leaves no wall to find."""
    y, sr = sf.read(path, dtype="float64", always_2d=True)
    freqs, psd = signal.welch(y.mean(axis=1), sr, nperseg=4096)
    level = 10 * np.log10(psd + 1e-30)
    n = old / 2
    lo = 1.25 * n if 1.25 * n < 0.9 * sr / 2 else 1.03 * n
    under = level[(freqs >= 0.80 * n) & (freqs < 0.92 * n)]
    over = level[(freqs >= lo) & (freqs < 0.99 * sr / 2)]
    return float(np.median(under) - np.median(over))


def clipped(path: Path) -> bool:
    """Does the copy hold a clip (two samples in a row at 16-bit full scale)? A resampler's
    overshoot over a source normalised to full scale is cut there when it is written."""
    y, _ = sf.read(path, dtype="int16", always_2d=True)
    at = np.abs(y.astype(np.int32)) >= 32765  # spectrum.CLIP_LEVEL, 0.9999 of full scale
    return bool((at[1:] & at[:-1]).any())


def score(half: str, rows: list[dict], jobs: int, misses: bool) -> dict:
    """Print T002's finds and right rates per resampler and per old rate; return the totals."""
    rep = audiolint.check([str(r["path"]) for r in rows], jobs=jobs, cache_dir=None,
                          select=("T002",))  # fmt: skip
    got = {}
    for fr in rep.files:
        t2 = [f for f in fr.findings if f.rule == "T002"]
        got[os.path.realpath(fr.path)] = int(t2[0].data["upsampled_from"]) if t2 else None
    per, by_old, lines = defaultdict(Counter), defaultdict(Counter), []
    for r in rows:
        g = got.get(os.path.realpath(r["path"]))
        room = room_db(r["path"], r["old"])
        split = by_old["room >= 20 dB" if room >= ROOM_DB else "room < 20 dB"]
        clip = by_old["clipped" if clipped(r["path"]) else "not clipped"]
        for c in (per[r["tool"]], by_old[r["old"]], split, clip):
            c["n"] += 1
            c["found"] += g is not None
            c["right"] += g == r["old"]
        if g != r["old"]:
            what = "MISS" if g is None else f"WRONG RATE {g}"
            lines.append(f"    {what:16s} {Path(r['path']).name}  (room {room:.0f} dB)")
    tot = Counter()
    print(f"\n[{half}]  resampler          n  found  right rate")
    for tool, c in per.items():
        tot.update(c)
        print(f"  {tool:20s} {c['n']:4d} {c['found']:6d} {c['right']:11d}")
    print(f"  {'all':20s} {tot['n']:4d} {tot['found']:6d} {tot['right']:11d}"
          f"   found {100 * tot['found'] / max(tot['n'], 1):.1f}%, right rate "
          f"{100 * tot['right'] / max(tot['n'], 1):.1f}%")  # fmt: skip
    print(f"[{half}]  old rate / room    n  found  right rate")
    for old, c in sorted(by_old.items(), key=lambda kv: str(kv[0]).zfill(6)):
        print(f"  {old!s:20s} {c['n']:4d} {c['found']:6d} {c['right']:11d}")
    if misses:
        print("\n".join(sorted(lines)))
    return tot


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="/tmp/audiolint-realcorpus")
    ap.add_argument("--out", default="/tmp/audiolint-sweep")
    ap.add_argument("--only", choices=["tune", "heldout"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--misses", action="store_true", help="list every miss and wrong rate")
    ap.add_argument("--down", choices=DOWN, default="soxr-HQ",
                    help="the downsampler that makes the low-rate files")  # fmt: skip
    ap.add_argument("--old", type=int, choices=OLD_RATES,
                    help="every resampler on every source from this old rate alone")  # fmt: skip
    ap.add_argument("--peak", action="store_true",
                    help="normalise each low-rate file to full scale: the resamplers' overshoot clips")  # fmt: skip
    ap.add_argument("--float", dest="floats", action="store_true",
                    help="write the copies as 32-bit float, unclipped")  # fmt: skip
    ap.add_argument("--to", type=int, choices=(32000, 40000, 44100, 48000),
                    help="bring every copy to this rate (RVC's 32, 40, 48 kHz)")  # fmt: skip
    ap.add_argument("--two-stage", dest="two", action="store_true",
                    help="each resampler to 44.1 kHz at 16 bits, then python-soxr VHQ to 48 kHz "
                    "at 24 bits (float with --float)")  # fmt: skip
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not (corpus / "manifest.csv").exists():
        print(f"no {corpus / 'manifest.csv'}: run benchmarks/realcorpus.py first")
        return 2
    need = {"sox-q": "sox", "swr": "ffmpeg", "swr-fs8": "ffmpeg"}.get(args.down)
    if need and not shutil.which(need):
        print(f"--down {args.down} needs {need}, which is not installed: skipped")
        return 2
    for half in [args.only] if args.only else ["tune", "heldout"]:
        rows = build(corpus, Path(args.out), half, args.seconds, args.down, args.old, args.peak,
                     args.floats, args.to, args.two)  # fmt: skip
        score(half, rows, args.jobs, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
