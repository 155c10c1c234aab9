"""Lossy files decoded at 16-32 kHz, upsampled to 44.1/48 kHz: does T001 find the codec? (issue 11)

    python benchmarks/upsampled_decodes.py [--corpus /tmp/audiolint-realcorpus]
                                           [--out /tmp/audiolint-updecodes] [--jobs 2]
                                           [--codec mp3|aac|vorbis] [--then 32000|40000]

Low-bitrate MP3s are encoded at 16, 22.05, 24 or 32 kHz (LAME resamples to them at low bitrates),
decoded there, and brought up for a model. Every speech source of the real corpus at 32 kHz and
up (``realcorpus.py``; its manifest gives the half) is brought down by SoX to each old rate,
encoded by LAME (CBR 48, 64, 96 kbps; 32-64 at 16 kHz, 64-128 at 32 kHz), decoded by
``lame --decode``, and brought up to 44.1 and 48 kHz by SoX, FFmpeg or soxr (rotating); the
same down-sampled audio brought up the same way without the encode is the control (T001 there
is a false alarm). ``--codec aac``: FFmpeg's AAC encoder and decoder instead (16 kHz 24-48 kbps,
22.05/24 kHz 32-64, 32 kHz 48-96: audiobooks and podcasts are AAC at 22.05 kHz), into
``--out``-aac; ``--codec vorbis``: oggenc -q 0, 2, 4 and oggdec (game voice lines are Vorbis at
22.05 kHz), into ``--out``-vorbis. ``--then 40000`` (or 32000): every file made at 44.1 kHz is
brought on to that rate by FFmpeg and those are scored instead (a low-rate download made a 44.1
kHz WAV, then readied for RVC; old rates under it). Printed per half and old rate: files, T001,
T002; the controls' T001. A tool that is missing is skipped and said.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from narrow_band import fired, run, sources  # noqa: E402 - the corpus's sources, runner, scoring

OLD = {16000: (32, 48, 64), 22050: (48, 64, 96), 24000: (48, 64, 96), 32000: (64, 96, 128)}
SETTINGS = {  # per codec: the settings at each old rate (kbps, or Vorbis's quality)
    "mp3": OLD,
    "aac": {16000: (24, 32, 48), 22050: (32, 48, 64), 24000: (32, 48, 64), 32000: (48, 64, 96)},
    "vorbis": dict.fromkeys(OLD, (0, 2, 4)),
}
TOOLS = {"mp3": ("sox", "lame"), "aac": ("sox", "ffmpeg"), "vorbis": ("sox", "oggenc", "oggdec")}
SUFFIX = {"mp3": ".mp3", "aac": ".m4a", "vorbis": ".ogg"}
NEW = (44100, 48000)
UPS = ("sox", "ffmpeg", "soxr")


def up(src: Path, dest: Path, rate: int, tool: str) -> bool:
    """``src`` brought to ``rate`` by ``tool`` into 16-bit ``dest``."""
    if tool == "sox":
        return run(["sox", str(src), "-b", "16", str(dest), "rate", str(rate)])
    if tool == "ffmpeg":
        cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(src), "-ar", str(rate), str(dest)]
        return run(cmd + ["-c:a", "pcm_s16le"])
    import soundfile as sf
    import soxr

    x, sr = sf.read(src, always_2d=True)
    sf.write(dest, soxr.resample(x, sr, rate), rate, subtype="PCM_16")
    return True


def encode(low: Path, enc: Path, dec: Path, codec: str, setting: int) -> bool:
    """``low`` encoded by ``codec`` at ``setting`` into ``enc``, decoded into 16-bit ``dec``."""
    if codec == "mp3":
        return run(["lame", "--quiet", "-b", str(setting), str(low), str(enc)]) and run(
            ["lame", "--quiet", "--decode", str(enc), str(dec)]
        )
    if codec == "aac":
        ff = ["ffmpeg", "-v", "error", "-y", "-i"]
        return run(ff + [str(low), "-c:a", "aac", "-b:a", f"{setting}k", str(enc)]) and run(
            ff + [str(enc), "-c:a", "pcm_s16le", str(dec)]
        )
    return run(["oggenc", "-Q", "-q", str(setting), "-o", str(enc), str(low)]) and run(
        ["oggdec", "-Q", "-b", "16", "-o", str(dec), str(enc)]
    )


def build(corpus: Path, out: Path, codec: str = "mp3") -> list[tuple[str, str, bool, Path]]:
    """Make every (half, old rate label, encoded, path) once; return them."""
    have = {t: bool(shutil.which(t)) for t in (*TOOLS[codec], "ffmpeg")}
    if not all(have.values()):
        print("skipped (not installed):", ", ".join(t for t, ok in have.items() if not ok))
        return []
    made, k = [], 0
    for half, name, src in sources(corpus):
        for old, rates in SETTINGS[codec].items():
            low = out / "_low" / f"{half}-{name}-{old}.wav"
            low.parent.mkdir(parents=True, exist_ok=True)
            if not (low.exists() or run(["sox", str(src), "-b", "16", str(low), "rate", str(old)])):
                continue
            for kbps in rates:
                enc, dec = (
                    out / "_enc" / f"{low.stem}-{kbps}{SUFFIX[codec]}",
                    out / "_dec" / f"{low.stem}-{kbps}.wav",
                )
                enc.parent.mkdir(parents=True, exist_ok=True)
                dec.parent.mkdir(parents=True, exist_ok=True)
                ok = dec.exists() or encode(low, enc, dec, codec, kbps)
                for new in NEW if ok else ():
                    tool = UPS[k % len(UPS)]
                    k += 1
                    for encoded, source in ((True, dec), (False, low)):
                        tag = (
                            (f"q{kbps}" if codec == "vorbis" else f"{kbps}k") if encoded else "none"
                        )
                        dest = out / half / str(old) / f"{name}-{tag}-{tool}-{new}.wav"
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        if dest.exists() or up(source, dest, new, tool):
                            made.append((half, str(old), encoded, dest))
    return made


def then(made: list, rate: int) -> list:
    """Each of ``made`` at 44.1 kHz brought on to ``rate`` by FFmpeg (a WAV made from a
    low-rate download, then readied for RVC's 32 or 40 kHz), beside it; the old rates under
    ``rate`` only."""
    out = []
    for half, old, encoded, path in made:
        if not path.stem.endswith("-44100") or int(old) >= rate:
            continue
        dest = path.with_name(f"{path.stem}-to{rate}.wav")
        cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(path), "-ar", str(rate)]
        if dest.exists() or run(cmd + ["-c:a", "pcm_s16le", str(dest)]):
            out.append((half, old, encoded, dest))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-updecodes"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--codec", choices=tuple(SETTINGS), default="mp3")
    then_help = "bring the files made at 44.1 kHz on to this rate and score those"
    ap.add_argument("--then", type=int, choices=(32000, 40000), help=then_help)
    args = ap.parse_args()
    out = args.out if args.codec == "mp3" else args.out.with_name(f"{args.out.name}-{args.codec}")
    made = build(args.corpus, out, args.codec)
    if args.then:
        made = then(made, args.then)
    rules = fired([p for *_, p in made], ("T001", "T002"), args.jobs)
    n, t1, t2, alarms = Counter(), Counter(), Counter(), []
    for half, old, encoded, path in made:
        got = rules.get(str(path.resolve()), set())
        key = (half, old, encoded)
        n[key] += 1
        t1[key] += "T001" in got
        t2[key] += "T002" in got
        if not encoded and "T001" in got:
            alarms.append(f"{half} {old}/{path.name}")
    print(
        f"{'half':8} {'old rate':8} {'decodes':>7} {'T001':>5} {'T002':>5}   controls  T001 (false)"
    )
    for half, old in sorted({(h, o) for h, o, _ in n}):
        d, c = (half, old, True), (half, old, False)
        print(f"{half:8} {old:8} {n[d]:7} {t1[d]:5} {t2[d]:5}   {n[c]:8}  {t1[c]:5}")
    print("false alarms on the controls:", "; ".join(alarms) or "none")


if __name__ == "__main__":
    main()
