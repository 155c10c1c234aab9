"""Each channel's share of the loud moments it holds alone, on real stereo files (S006).

    python benchmarks/channel_turns.py DIR_OR_FILE... [--limit 0.05] [--top 25]

Every stereo WAV, FLAC, AIFF or Ogg file under the paths is decoded (soundfile) and fed to the
stereo analyser (``audiolint.analysis.stereo.Stereo``, the work tree's src) in 64k-frame blocks
as a check feeds it. Printed: how many stereo files were read, how many reach ``--limit`` on the
smaller of ``left_louder_ratio`` and ``right_louder_ratio`` (S006's ``min_turns``: a different
sound in each channel, louder by turns), and the ``--top`` files by that smaller share, with
both. Session 31 ran it over the real corpus, the blind and cross-check sets, both audits'
material and benchmarks/processed.py's files: two-talker files (Praat's M1F1, faster-whisper's
stereo_diarization, Montreal Forced Aligner's michaelandsickmichael.wav) 0.08-0.49, 3,704 other
real stereo files at most 0.009, and stereo music through a per-channel denoiser 0.10-0.15
(docs/accuracy/real-recordings.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import soundfile as sf

from audiolint.analysis.stereo import Stereo

SUFFIXES = (".wav", ".flac", ".aiff", ".aif", ".ogg")
BLOCK = 65536


def shares(path: Path) -> tuple[float, float] | None:
    """``(left_louder_ratio, right_louder_ratio)`` of a stereo file, or None (mono, too few loud
    frames, unreadable)."""
    try:
        info = sf.info(str(path))
        if info.channels != 2:
            return None
        meter = Stereo(info.samplerate, 2)
        for block in sf.blocks(str(path), blocksize=BLOCK, always_2d=True, dtype="float32"):
            meter.update(block)
    except (RuntimeError, sf.LibsndfileError, ValueError):
        return None
    out = meter.result()
    left, right = out["left_louder_ratio"], out["right_louder_ratio"]
    return None if left is None or right is None else (left, right)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--limit", type=float, default=0.05)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    files = []
    for root in args.paths:
        found = [root] if root.is_file() else sorted(root.rglob("*"))
        files += [p for p in found if p.suffix.lower() in SUFFIXES and p.is_file()]
    rows = []
    for path in files:
        got = shares(path)
        if got:
            rows.append((min(got), got, path))
    rows.sort(key=lambda row: -row[0])
    over = sum(1 for row in rows if row[0] >= args.limit)
    print(f"{len(rows)} stereo files with loud frames; {over} at {args.limit} or more on the "
          "smaller share")  # fmt: skip
    for least, (left, right), path in rows[: args.top]:
        print(f"  {least:.3f}  left {left:.3f}  right {right:.3f}  {path}")


if __name__ == "__main__":
    main()
