"""T001 where a converter's filter and a high-bitrate encoder's low-pass both stand (issue 11).

    python benchmarks/converter_zone.py [--corpus /tmp/audiolint-realcorpus]
                                        [--out /tmp/audiolint-zone] [--only tune|heldout]
                                        [--to 44100|48000] [--limit N] [--score-only]

Takes the real corpus's genuine recordings (``realcorpus.py``), half by half, and makes files at
``--to`` from them two ways (at 44.1 kHz from a 48 kHz copy, python-soxr VHQ; at 48 kHz from a
44.1 kHz one):

* genuine copies through converters whose edge sits at 0.86-0.94 of the lower Nyquist
  frequency: libsamplerate (``samplerate``) medium and fastest, SoX ``rate -v -b 90`` and
  ``-b 93``, python-soxr LQ and MQ, and a 201-tap Kaiser FIR low-pass at 20.5 kHz; at 48 kHz
  their walls stand at 19-20.7 kHz, around Opus's 20 kHz;
* lossy decodes whose wall sits there too: LAME 256/320 kbps and -V0, oggenc -q6/-q7, FFmpeg's
  AAC at 128-256 kbps, libopus 56-192 kbps (audio 64-192, voip 56, lowdelay 112) decoded by FFmpeg
  at the same rate, and opusenc at 64-160 kbps decoded by opusdec at that rate (its default
  dither: its 20 kHz wall stands only 2-20 dB over the floor).

It prints, per kind, how many files get T001 and their verdicts, every converter copy T001
flags with its message (sources whose shipped file already stops at a digital wall,
rule_accuracy.py's "disputed" ones, marked), and how many copies and decodes T002 calls
upsampled, apart for those upsampled on the way (at 48 kHz every copy, and the decodes of
44.1 kHz sources, went through 44.1 kHz) and those never upsampled. ``--score-only`` scores the files built before.
Command-line tools (sox, lame, oggenc, opusenc, opusdec, ffmpeg) that are missing are skipped and
said.
"""

# ruff: noqa: E501  (command lines read better whole)
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
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
OPUSDEC = (64, 96, 128, 160)


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def to_wav(src: Path, out: Path, rate: int | None = None) -> None:
    """Decode ``src`` with FFmpeg to 16-bit WAV (at ``rate`` if given)."""
    ar = ["-ar", str(rate)] if rate else []
    run(["ffmpeg", "-v", "error", "-y", "-i", str(src), *ar, "-c:a", "pcm_s16le", str(out)])


def converters(
    x: np.ndarray, rate: int, src: Path, to: int, out: Path, name: str, have: set[str]
) -> None:
    """The genuine copies at ``to`` of one source ``x`` at ``rate`` (``src``: its file)."""
    import samplerate

    def w(kind, y):
        sf.write(out / f"G-{kind}-{name}.wav", np.clip(y, -1, 1), to, subtype="PCM_16")

    for kind in ("sinc_medium", "sinc_fastest"):
        w(kind, samplerate.resample(x, to / rate, kind))
    for q in ("LQ", "MQ"):
        w(f"soxr_{q}", soxr.resample(x, rate, to, q))
    y = soxr.resample(x, rate, to, "VHQ")
    w("fir20.5k", signal.lfilter(signal.firwin(201, 20500, window=("kaiser", 9), fs=to), 1, y, axis=0))  # fmt: skip
    if "sox" in have:
        for b in (90, 93):
            dst = out / f"G-sox_b{b}-{name}.wav"
            run(["sox", str(src), "-b", "16", str(dst), "rate", "-v", "-b", str(b), str(to)])


def decodes(src: Path, to: int, out: Path, name: str, have: set[str]) -> None:
    """The lossy decodes of one source (``to`` in and out)."""
    tmp = out / "_t"
    for kind, (tool, [cmd]) in CODECS.items():
        if tool in have:
            ext = ".ogg" if tool == "oggenc" else ".mp3"
            enc = tmp.with_suffix(ext)
            run(cmd + ([str(enc), str(src)] if tool == "oggenc" else [str(src), str(enc)]))
            to_wav(enc, out / f"L-{kind}-{name}.wav")
    if "ffmpeg" not in have:
        return
    for k in AAC:
        run(["ffmpeg", "-v", "error", "-y", "-i", str(src), "-c:a", "aac", "-b:a", f"{k}k", str(tmp.with_suffix(".m4a"))])  # fmt: skip
        to_wav(tmp.with_suffix(".m4a"), out / f"L-aac_{k}-{name}.wav")
    for app, k in OPUS:
        enc = tmp.with_suffix(".opus")
        run(["ffmpeg", "-v", "error", "-y", "-i", str(src), "-c:a", "libopus", "-application", app, "-b:a", f"{k}k", str(enc)])  # fmt: skip
        to_wav(enc, out / f"L-opus_{app}{k}-{name}.wav", to)
    if {"opusenc", "opusdec"} <= have:
        enc = tmp.with_suffix(".opus")
        for k in OPUSDEC:
            run(["opusenc", "--quiet", "--bitrate", str(k), str(src), str(enc)])
            run(["opusdec", "--quiet", "--rate", str(to), str(enc), str(out / f"L-opusdec_{k}-{name}.wav")])  # fmt: skip


def build(srcs: list[dict], corpus: Path, out: Path, to: int, have: set[str]) -> None:
    """Every converter copy and lossy decode of ``srcs`` at ``to``, in ``out``."""
    other = 48000 if to == 44100 else 44100
    for r in srcs:
        x, sr = sf.read(corpus / r["path"], dtype="float64")
        x_in = x if sr == other else soxr.resample(x, sr, other, "VHQ")
        x_to = x if sr == to else soxr.resample(x, sr, to, "VHQ")
        src_in, src_to = out / f"_{r['source']}_in.wav", out / f"_{r['source']}_to.wav"
        sf.write(src_in, x_in, other, subtype="FLOAT")
        sf.write(src_to, np.clip(x_to, -1, 1), to, subtype="PCM_16")
        converters(x_in, other, src_in, to, out, r["source"], have)
        decodes(src_to, to, out, r["source"], have)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-zone"))
    ap.add_argument("--only", choices=("tune", "heldout"), default="tune")
    ap.add_argument("--to", type=int, choices=(44100, 48000), default=44100)
    ap.add_argument("--limit", type=int, default=0, help="only the first N sources (a quick run)")
    ap.add_argument("--score-only", action="store_true", help="score the files built before")
    ap.add_argument("--jobs", type=int, default=2)
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
    out = args.out / f"{args.only}-{args.to}"
    out.mkdir(parents=True, exist_ok=True)
    if not args.score_only:
        build(srcs, args.corpus, out, args.to, have)
    files = sorted(str(p) for p in out.glob("[GL]-*.wav"))
    report = audiolint.check(files, jobs=args.jobs, cache_dir=None, select=("T001", "T002"))
    found, verdicts, flagged, up = Counter(), defaultdict(Counter), [], Counter()
    native = {r["source"] for r in srcs if int(r["rate"]) == args.to}
    for fr in report.files:
        name = Path(fr.path).stem
        kind = "-".join(name.split("-")[:2])
        hit = [f.message for f in fr.findings if f.rule == "T001"]
        found[kind] += bool(hit)
        t2 = [f.data["upsampled_from"] for f in fr.findings if f.rule == "T002"]
        # at 48 kHz every copy and the decodes of 44.1 kHz sources went through 44.1 kHz (were
        # upsampled from it); at 44.1 kHz nothing was, nor the decodes of native 48 kHz sources
        copy = kind.startswith("G-")
        was_up = args.to == 48000 and (copy or name.split("-", 2)[2] not in native)
        group = f"{'copies' if copy else 'decodes'}, {'upsampled' if was_up else 'never upsampled'}"
        up[group, "n"] += 1
        up[group, "T002"] += bool(t2)
        up[group, "right"] += bool(t2) and t2[0] == (44100 if args.to == 48000 else 0)
        verdicts[kind][(fr.fidelity or {}).get("verdict")] += 1
        if hit and kind.startswith("G-"):
            flagged.append((name, hit[0]))
    sys.path.insert(0, str(Path(__file__).parent))
    from rule_accuracy import disputed_sources

    disputed = disputed_sources(args.corpus, {r["source"] for r in srcs})
    print(
        f"{len(srcs)} {args.only} sources, {len(files)} files at {args.to} Hz; disputed: {sorted(disputed)}"
    )
    print(f"{'kind':22s} T001  verdicts")
    for kind in sorted(verdicts):
        n = sum(verdicts[kind].values())
        print(f"{kind:22s} {found[kind]:2d}/{n:<2d} {dict(verdicts[kind])}")
    copies = [Path(f).stem for f in files if Path(f).name.startswith("G-")]
    clean = [n for n in copies if n.split("-", 2)[2] not in disputed]
    own = [n for n, _ in flagged if n in clean]
    print(f"converter copies with T001: {len(flagged)}/{len(copies)}; "
          f"of sources not disputed: {len(own)}/{len(clean)}")  # fmt: skip
    for name, msg in flagged:
        mark = " (disputed source)" if name.split("-", 2)[2] in disputed else ""
        print(f"  {name}{mark}: {msg[:160]}")
    print("T002 on them")
    for group in sorted({g for g, _ in up}):
        print(f"  {group:28s} {up[group, 'T002']:3d}/{up[group, 'n']:<3d} "
              f"from 44.1 kHz: {up[group, 'right']}")  # fmt: skip


if __name__ == "__main__":
    main()
