"""T001 where a converter's filter and a high-bitrate encoder's low-pass both stand (issue 11).

    python benchmarks/converter_zone.py [--corpus /tmp/audiolint-realcorpus]
                                        [--out /tmp/audiolint-zone] [--only tune|heldout]
                                        [--limit N]

Takes the real corpus's genuine recordings (``realcorpus.py``), half by half, brings each to
48 kHz (python-soxr VHQ) and makes 44.1 kHz files from it two ways:

* genuine copies through converters whose edge sits at 0.86-0.94 of Nyquist: libsamplerate
  (``samplerate``) medium and fastest, SoX ``rate -v -b 90`` and ``-b 93``, python-soxr LQ
  and MQ, and a 201-tap Kaiser FIR low-pass at 20.5 kHz;
* lossy decodes whose wall sits there too: LAME 256/320 kbps and -V0, oggenc -q6/-q7, FFmpeg's
  AAC at 128-256 kbps, libopus 56-192 kbps (audio 64-192, voip 56, lowdelay 112) decoded by FFmpeg at
  44.1 kHz, and opusenc 160 kbps decoded by opusdec at 44.1 kHz (its default dither).

It prints, per kind, how many files get T001 and their verdicts. Command-line tools (sox,
lame, oggenc, opusenc, opusdec, ffmpeg) that are missing are skipped and said.
"""

# ruff: noqa: E501  (command lines read better whole)
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from scipy import signal

import audiolint

CODECS = {
    "mp3_256": ("lame", [["lame", "--quiet", "-b", "256"]]),
    "mp3_320": ("lame", [["lame", "--quiet", "-b", "320"]]),
    "mp3_V0": ("lame", [["lame", "--quiet", "-V", "0"]]),
    "vorbis_q6": ("oggenc", [["oggenc", "-Q", "-q", "6", "-o"]]),
    "vorbis_q7": ("oggenc", [["oggenc", "-Q", "-q", "7", "-o"]]),
}
AAC = (128, 160, 192, 256)
OPUS = (("audio", 64), ("audio", 96), ("audio", 128), ("audio", 192), ("voip", 56),
        ("lowdelay", 112))  # fmt: skip


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def to_wav(src: Path, out: Path, rate: int | None = None) -> None:
    """Decode ``src`` with FFmpeg to 16-bit WAV (at ``rate`` if given)."""
    ar = ["-ar", str(rate)] if rate else []
    run(["ffmpeg", "-v", "error", "-y", "-i", str(src), *ar, "-c:a", "pcm_s16le", str(out)])


def converters(x48: np.ndarray, src48: Path, out: Path, name: str, have: set[str]) -> None:
    """The genuine 44.1 kHz copies of one source."""
    import samplerate

    def w(kind, y):
        sf.write(out / f"G-{kind}-{name}.wav", np.clip(y, -1, 1), 44100, subtype="PCM_16")

    for kind in ("sinc_medium", "sinc_fastest"):
        w(kind, samplerate.resample(x48, 44100 / 48000, kind))
    for q in ("LQ", "MQ"):
        w(f"soxr_{q}", soxr.resample(x48, 48000, 44100, q))
    x44 = soxr.resample(x48, 48000, 44100, "VHQ")
    w("fir20.5k", signal.lfilter(signal.firwin(201, 20500, window=("kaiser", 9), fs=44100), 1, x44, axis=0))  # fmt: skip
    if "sox" in have:
        for b in (90, 93):
            dst = out / f"G-sox_b{b}-{name}.wav"
            run(["sox", str(src48), "-b", "16", str(dst), "rate", "-v", "-b", str(b), "44100"])


def decodes(src44: Path, out: Path, name: str, have: set[str]) -> None:
    """The lossy decodes of one source (44.1 kHz in and out)."""
    tmp = out / "_t"
    for kind, (tool, [cmd]) in CODECS.items():
        if tool in have:
            ext = ".ogg" if tool == "oggenc" else ".mp3"
            enc = tmp.with_suffix(ext)
            run(cmd + ([str(enc), str(src44)] if tool == "oggenc" else [str(src44), str(enc)]))
            to_wav(enc, out / f"L-{kind}-{name}.wav")
    if "ffmpeg" not in have:
        return
    for k in AAC:
        run(["ffmpeg", "-v", "error", "-y", "-i", str(src44), "-c:a", "aac", "-b:a", f"{k}k", str(tmp.with_suffix(".m4a"))])  # fmt: skip
        to_wav(tmp.with_suffix(".m4a"), out / f"L-aac_{k}-{name}.wav")
    for app, k in OPUS:
        enc = tmp.with_suffix(".opus")
        run(["ffmpeg", "-v", "error", "-y", "-i", str(src44), "-c:a", "libopus", "-application", app, "-b:a", f"{k}k", str(enc)])  # fmt: skip
        to_wav(enc, out / f"L-opus_{app}{k}-{name}.wav", 44100)
    if {"opusenc", "opusdec"} <= have:
        enc = tmp.with_suffix(".opus")
        run(["opusenc", "--quiet", "--bitrate", "160", str(src44), str(enc)])
        run(["opusdec", "--quiet", "--rate", "44100", str(enc), str(out / f"L-opusdec_160-{name}.wav")])  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-zone"))
    ap.add_argument("--only", choices=("tune", "heldout"), default="tune")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sources (a quick run)")
    args = ap.parse_args()
    tools = ("sox", "lame", "oggenc", "opusenc", "opusdec", "ffmpeg")
    have = {t for t in tools if shutil.which(t)}
    for t in sorted(set(tools) - have):
        print(f"skipped: {t} is not installed")
    with open(args.corpus / "manifest.csv") as fh:
        rows = list(csv.DictReader(fh))
    srcs = [r for r in rows if r["class"] == "genuine" and r["half"] == args.only]
    srcs = [r for r in srcs if r["path"].endswith(".wav") and int(r["rate"]) in (44100, 48000)]
    srcs = srcs[: args.limit] if args.limit else srcs
    out = args.out / args.only
    out.mkdir(parents=True, exist_ok=True)
    for r in srcs:
        x, sr = sf.read(args.corpus / r["path"], dtype="float64")
        x48 = x if sr == 48000 else soxr.resample(x, sr, 48000, "VHQ")
        src48, src44 = out / f"_{r['source']}_48.wav", out / f"_{r['source']}_44.wav"
        sf.write(src48, x48, 48000, subtype="FLOAT")
        sf.write(src44, np.clip(soxr.resample(x48, 48000, 44100, "VHQ"), -1, 1), 44100, subtype="PCM_16")  # fmt: skip
        converters(x48, src48, out, r["source"], have)
        decodes(src44, out, r["source"], have)
    found, verdicts = Counter(), defaultdict(Counter)
    files = sorted(out.glob("[GL]-*.wav"))
    for p in files:
        report = audiolint.inspect(p)
        kind = "-".join(p.stem.split("-")[:2])
        found[kind] += any(f.rule == "T001" for f in report.findings)
        verdicts[kind][(report.fidelity or {}).get("verdict")] += 1
    print(f"{len(srcs)} {args.only} sources, {len(files)} files")
    print(f"{'kind':22s} T001  verdicts")
    for kind in sorted(verdicts):
        n = sum(verdicts[kind].values())
        print(f"{kind:22s} {found[kind]:2d}/{n:<2d} {dict(verdicts[kind])}")


if __name__ == "__main__":
    main()
