"""Header-only probe speed per format (what ``--quick`` costs), in one process.

    python benchmarks/probe_formats.py            # 100 one-second clips per format
    python benchmarks/probe_formats.py --files 30

WAV/FLAC/MP3 are read by libsndfile and mutagen; M4A, WebM and AC-3 also (or only) by FFmpeg
through PyAV, whose ``av.open`` reads the first packets to learn what the decoder will
deliver. Prints files/s and ms per file, best of 5 passes, after one warm-up pass (which also
pays the one-off ``import av``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import audiogen  # noqa: E402
import numpy as np  # noqa: E402

from audiolint.probe import probe  # noqa: E402

WRITERS = {
    "wav": lambda p, x, sr: audiogen.write_wav(p, x, sr),
    "flac": lambda p, x, sr: audiogen.write_flac(p, x, sr),
    "mp3": lambda p, x, sr: audiogen.write_mp3(p, x, sr, kbps=128),
    "m4a": lambda p, x, sr: audiogen.write_m4a(p, x, sr),
    "webm": lambda p, x, sr: audiogen._pyav_encode(p, "webm", "libopus", x, 48000, bit_rate=64000),
    "ac3": lambda p, x, sr: audiogen._pyav_encode(p, "ac3", "ac3", x, 48000, bit_rate=192000),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'format':8} {'files/s':>8} {'ms/file':>8}")
        for ext, write in WRITERS.items():
            folder = Path(tmp) / ext
            folder.mkdir()
            paths = []
            for i in range(args.files):
                x = np.asarray(audiogen.speechlike(48000, 1.0, seed=i), dtype=np.float32)
                paths.append(write(folder / f"{i}.{ext}", x.reshape(-1, 1), 48000))
            for p in paths:
                probe(p)
            best = min(_timed(paths) for _ in range(5))
            print(f"{ext:8} {len(paths) / best:8.0f} {best / len(paths) * 1000:8.2f}")


def _timed(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        probe(p)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
