"""``audiolint check --quick --no-cache`` on 1,000 small files per format, this tree vs another.

    python benchmarks/quick_formats.py                       # this tree only
    git worktree add /tmp/before b7467cc^
    python benchmarks/quick_formats.py --before /tmp/before  # ... and that checkout too

Generates (once, into ``--data``) 1,000 distinct one-second clips per format (WAV, FLAC, MP3,
M4A/AAC with mono and stereo mixed, Ogg Vorbis) plus a 1,000-file mix of all five, then times
the whole command line, process start included, 3 runs each, and prints the median files/s per
format for each tree. A tree is run as ``PYTHONPATH=<tree>/src python -m audiolint``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import audiogen  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parents[1]
WRITERS = {
    "wav": lambda p, x, sr: audiogen.write_wav(p, x, sr),
    "flac": lambda p, x, sr: audiogen.write_flac(p, x, sr),
    "mp3": lambda p, x, sr: audiogen.write_mp3(p, x, sr, kbps=128),
    "m4a": lambda p, x, sr: audiogen.write_m4a(p, x, sr),
    "ogg": lambda p, x, sr: audiogen.write_vorbis(p, x, sr),
}


def generate(root: Path, files: int) -> dict[str, Path]:
    """One folder per format plus ``mix`` (symlinks, 1/5 of each); reused when complete."""
    folders = {}
    for ext, write in WRITERS.items():
        folder = root / ext
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(files):
            path = folder / f"{i:05d}.{ext}"
            if not path.exists():
                sr = (44100, 48000)[i % 2]
                x = np.asarray(audiogen.speechlike(sr, 1.0, seed=i), dtype=np.float32).ravel()
                x = x.reshape(-1, 1) if i % 3 else np.stack([x, 0.5 * x], axis=1)
                write(path, x, sr)
        folders[ext] = folder
    mix = root / "mix"
    mix.mkdir(exist_ok=True)
    for i in range(files):
        ext = list(WRITERS)[i % len(WRITERS)]
        link = mix / f"{i:05d}.{ext}"
        if not link.exists():
            link.symlink_to(root / ext / f"{i:05d}.{ext}")
    folders["mix"] = mix
    return folders


def timed(tree: Path, folder: Path) -> float:
    """Seconds for one ``check --quick --no-cache`` over ``folder`` with ``tree``'s sources."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    cmd = [sys.executable, "-m", "audiolint", "check", "--quick", "--no-cache"]
    cmd += ["--format", "json", str(folder)]
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="rows to time, e.g. m4a mix")
    parser.add_argument("--data", type=Path, default=Path("/tmp/audiolint-quick-formats"))
    parser.add_argument("--before", type=Path, action="append", default=[], help="other checkouts")
    args = parser.parse_args()
    folders = generate(args.data, args.files)
    trees = {**{str(tree): tree for tree in args.before}, "this tree": HERE}
    print(f"--quick --no-cache, {args.files} files per row, median of {args.runs} runs, files/s")
    print(f"{'format':8} " + " ".join(f"{name[:24]:>24}" for name in trees))
    for ext, folder in folders.items():
        if args.only and ext not in args.only:
            continue
        rates = []
        for tree in trees.values():
            seconds = statistics.median(timed(tree, folder) for _ in range(args.runs))
            rates.append(args.files / seconds)
        print(f"{ext:8} " + " ".join(f"{r:24.0f}" for r in rates))


if __name__ == "__main__":
    main()
