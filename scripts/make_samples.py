"""Regenerate the demo audio files in ``samples/`` (deterministic; a few hundred KB total).

Each file is 2-3 s of synthetic, speech-like sound (``tests/audiogen.py``; no real voice)
and shows one thing audiolint reports: ``clean_voice.flac`` (48 kHz, 16-bit mono FLAC,
peak about -3 dBFS, no clipping) is a healthy clip that should pass every check;
``lossy_voice.mp3`` (44.1 kHz, 56 kbps CBR mono MP3) shows the lossy-source warning and the
low-bitrate finding; ``low_rate.wav`` (16 kHz, 16-bit PCM) has a sample rate below
32 kHz, an error for voice-model training data; ``eight_bit.wav`` (44.1 kHz, 8-bit
unsigned PCM) has a bit depth below 16; and ``broken.wav`` is a WAV cut off in the
middle of its header (28 bytes) so it cannot be read at all. Run
``python scripts/make_samples.py [OUTPUT_DIR]`` (default: the repository's
``samples/``); the same inputs always give byte-identical files.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load_audiogen():
    """Import tests/audiogen.py by path (it is a test helper, not part of the package)."""
    path = REPO / "tests" / "audiogen.py"
    spec = importlib.util.spec_from_file_location("audiogen", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("audiogen", module)
    spec.loader.exec_module(module)
    return module


PEAK_DBFS = -3.0


def make_samples(out_dir: Path) -> list[Path]:
    """Write the five demo files into ``out_dir`` and return their paths."""
    ag = _load_audiogen()
    out_dir.mkdir(parents=True, exist_ok=True)
    amp = 10 ** (PEAK_DBFS / 20)  # about 0.708
    written = [
        ag.write_flac(
            out_dir / "clean_voice.flac",
            ag.speechlike(48000, 3.0, seed=11, amp=amp),
            48000,
            subtype="PCM_16",
        ),
        ag.write_mp3(
            out_dir / "lossy_voice.mp3",
            ag.speechlike(44100, 3.0, seed=12, amp=amp),
            44100,
            kbps=56,
            mode="CBR",
        ),
        ag.write_wav(
            out_dir / "low_rate.wav",
            ag.speechlike(16000, 2.5, seed=13, amp=amp),
            16000,
            subtype="PCM_16",
        ),
        ag.write_wav(
            out_dir / "eight_bit.wav",
            ag.speechlike(44100, 2.0, seed=14, amp=amp),
            44100,
            subtype="PCM_U8",
        ),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        whole = ag.write_wav(
            Path(tmp) / "whole.wav", ag.speechlike(44100, 2.0, seed=15, amp=amp), 44100
        )
        # RIFF header (12 bytes) + fmt chunk header (8) + half of the 16-byte fmt body
        written.append(ag.corrupt_truncate(whole, out_dir / "broken.wav", 28))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out_dir",
        nargs="?",
        type=Path,
        default=REPO / "samples",
        help="where to write the samples (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    total = 0
    for path in make_samples(args.out_dir):
        size = path.stat().st_size
        total += size
        print(f"{size:>9,d}  {path}")
    print(f"{total:>9,d}  total bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
