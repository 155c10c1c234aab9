"""Opus decodes written at their source's rate: does T001 find them, and leave the source alone?

    python benchmarks/low_rate_opus.py [--corpus /tmp/audiolint-realcorpus]
                                       [--out /tmp/audiolint-lowopus] [--extra DIR ...] [--files]

Opus codes at 48 kHz whatever it is given, and opusenc notes the rate it was given: opusdec
writes that rate back by default, through its resampler. A source at 22.05 or 16 kHz (a TTS
corpus, a game's voices, a phone recording) comes back at 22.05 or 16 kHz, where CELT's 20 ms
frame is 441 or 320 samples on a lattice whose samples sit between the 48 kHz ones: the codec
grid's search finds nothing there, and before opusgrid brought such files to the 48 kHz
lattice (it did so for 44.1 kHz only) T001 found none of 66 such decodes of 22.05 kHz voices.

Sources: the real corpus's sources (``benchmarks/realcorpus.py``), each in its half (the
corpus's manifest), their first 8 s brought down to 8-44.1 kHz by SoX (``rate -v``, mono,
16-bit, its dither repeatable: ``-R``): the genuine files; each through opusenc at 48, 64, 96
and 128 kbps and back through opusdec at its default rate: the decodes. ``--extra DIR``: WAVs
already at such a rate (voices as shipped, say), encoded the same way, printed as their own
half (``extra``); nothing is tuned on it. Printed per half, rate and bitrate: decodes found
(T001) and genuine files flagged (T001: a false alarm). ``--files`` names the decodes missed and
the false alarms. SoX and opus-tools are apt-installed when missing (the script says what it
skips).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from low_rate_vorbis import score, sources, tools  # noqa: E402 - the Vorbis set's helpers

RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100)
KBPS = (48, 64, 96, 128)


def decodes(genuine: Path, out: Path, half: str, name: str, rate: int) -> list[tuple]:
    """``genuine`` through opusenc at each of ``KBPS`` and back, built once into ``out``."""
    rows = []
    for kbps in KBPS:
        dec = out / half / "opus" / f"{name}-{rate}-{kbps}k.wav"
        dec.parent.mkdir(parents=True, exist_ok=True)
        if not dec.exists():
            packed = dec.with_suffix(".opus")
            quiet = {"check": True, "stderr": subprocess.DEVNULL}  # RIFF LIST chunks skipped
            subprocess.run(["opusenc", "--quiet", "--bitrate", str(kbps), str(genuine),
                            str(packed)], **quiet)  # fmt: skip
            subprocess.run(["opusdec", "--quiet", str(packed), str(dec)], **quiet)
            packed.unlink()
        rows.append((half, name, rate, f"{kbps}k", dec))
    return rows


def build(corpus: Path, out: Path, extra: list[Path]) -> list[tuple[str, str, int, str, Path]]:
    """(half, source, rate, bitrate or 'genuine', path) for every file, built once into ``out``."""
    rows = []
    for half, name, rate, genuine in sources(corpus, out, RATES):
        rows.append((half, name, rate, "genuine", genuine))
        rows += decodes(genuine, out, half, name, rate)
    for folder in extra:
        for src in sorted(folder.glob("*.wav")):
            rate = sf.info(str(src)).samplerate
            if rate not in RATES:
                continue
            rows.append(("extra", src.stem, rate, "genuine", src))
            rows += decodes(src, out, "extra", f"{folder.name}-{src.stem}", rate)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-lowopus"))
    ap.add_argument("--extra", type=Path, nargs="*", default=[])
    ap.add_argument("--files", action="store_true")
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"skipped: no real corpus at {args.corpus} (run benchmarks/realcorpus.py)")
        return 0
    if not tools(("sox", "opusenc", "opusdec"), ("sox", "opus-tools")):
        return 0
    rows = build(args.corpus, args.out, args.extra)
    score(rows, RATES, [f"{k}k" for k in KBPS], args.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
