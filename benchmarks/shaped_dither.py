"""Noise-shaped dither at the 16-bit export: do T001 and T002 still tell? (issue 11)

    python benchmarks/shaped_dither.py [--corpus /tmp/audiolint-realcorpus]
                                       [--out /tmp/audiolint-shaped] [--jobs 2] [--files]

Audacity works in 32-bit float and, exporting a 16-bit WAV, applies its high-quality dither,
"shaped" by default (its SampleFormat.cpp: ``/Quality/HQDitherAlgorithm`` defaults to
``Dither::shaped``): TPDF dither through a 5-tap error-feedback filter (Lipshitz's, coefficients
2.033, -2.165, 1.959, -1.590, 0.6149) that moves the rounding noise out of the 2-5 kHz band into
the top octave, where it stands far over plain dither's. A hobbyist who opens a rip or an
upsampled file, trims it and exports it writes that noise over the band an encoder's low-pass or
a resampler emptied (review 48a: SoX's `dither -s` hid two upsamplings from T002 and an MP3
128k decode from T001).

The real corpus's genuine recordings at 44.1 and 48 kHz (``realcorpus.py``; its manifest gives
the half), their first 8 s, each made in float as:

* ``genuine``: the recording 1 dB down (no finding may fire);
* ``upsampled``: brought down to 16, 22.05 or 32 kHz (python-soxr HQ, 16-bit: a low-rate file),
  then up again to its rate in float (python-soxr HQ), 1 dB down;
* ``lossy``: LAME 128k, oggenc q3, FFmpeg's AAC 128k or opusenc 96k (rotated over the sources),
  decoded to float by FFmpeg (Opus at 48 kHz, then brought to the source's rate by soxr), 1 dB
  down;

and written to 16 bits four ways: ``round`` (no dither), ``tpdf``, ``audacity`` (the shaped
dither above: tests/audiogen.py's ``shaped_dither16``) and ``shibata`` (SoX's ``dither -s``, a
steeper shaping, at 44.1 and 48 kHz). Printed per half, dither and kind: files, T001, T002 (with the
right old rate) and T005 counts, "told" (the rule that should: T001 for lossy, T002 for
upsampled) and, for the genuine files, false alarms (any of the three). ``--files`` names the
misses and false alarms. The encoders and SoX are command-line programs (apt-installed when
missing, else skipped and said); python-soxr is pip-installed.
"""

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import audiogen  # noqa: E402 - Audacity's shaped dither (shaped_dither16)

SECONDS = 8.0
GAIN = 10 ** (-1 / 20)
OLD = (16000, 22050, 32000)
CODECS = ("mp3-128", "vorbis-q3", "aac-128", "opus-96")
DITHERS = ("round", "tpdf", "audacity", "shibata")


def write16(x: np.ndarray, sr: int, dither: str, path: Path, seed: int) -> bool:
    """Write float ``x`` as 16-bit ``path`` with ``dither``; False when the tool is missing."""
    if dither == "audacity":
        sf.write(path, audiogen.shaped_dither16(x, seed), sr, subtype="PCM_16")
        return True
    if dither == "round":
        sf.write(path, x, sr, subtype="PCM_16")  # libsndfile rounds, no dither
        return True
    if not shutil.which("sox"):
        return False
    tmp = path.with_suffix(".f32.wav")
    sf.write(tmp, x, sr, subtype="FLOAT")
    args = ["dither", "-s"] if dither == "shibata" else ["dither"]
    ok = subprocess.run(["sox", "-R", str(tmp), "-b", "16", str(path), *args],
                        capture_output=True).returncode == 0  # fmt: skip
    tmp.unlink()
    return ok


def lossy(x: np.ndarray, sr: int, codec: str, work: Path) -> np.ndarray | None:
    """``x`` through ``codec`` and decoded to float at ``sr``; None when a tool is missing."""
    src, enc = work / "src.wav", work / "enc"
    sf.write(src, x, sr, subtype="PCM_16")
    cmd = {
        "mp3-128": ["lame", "--quiet", "-b", "128", str(src), str(enc)],
        "vorbis-q3": ["oggenc", "-Q", "-q", "3", "-o", str(enc), str(src)],
        "aac-128": ["ffmpeg", "-v", "error", "-y", "-i", str(src), "-c:a", "aac", "-b:a", "128k",
                    "-f", "mp4", str(enc)],
        "opus-96": ["opusenc", "--quiet", "--bitrate", "96", str(src), str(enc)],
    }[codec]  # fmt: skip
    if not shutil.which(cmd[0]) or subprocess.run(cmd, capture_output=True).returncode:
        return None
    dec = work / "dec.wav"
    rate = ["-ar", str(sr)] if codec != "opus-96" else ["-ar", "48000"]
    if subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(enc), *rate, "-c:a", "pcm_f32le",
                       str(dec)], capture_output=True).returncode:  # fmt: skip
        return None
    y, got = sf.read(dec, dtype="float64", always_2d=True)
    if got != sr:
        import soxr

        y = soxr.resample(y, got, sr, quality="HQ")
    return y


def sources(corpus: Path) -> list[dict]:
    """The corpus's genuine WAV recordings at 44.1 and 48 kHz (manifest rows)."""
    with open(corpus / "manifest.csv") as fh:
        rows = [r for r in csv.DictReader(fh) if r["class"] == "genuine"]
    return [r for r in rows if r["rate"] in ("44100", "48000") and r["path"].endswith(".wav")]


def build(corpus: Path, out: Path) -> list[tuple[str, str, str, int | None, Path]]:
    """Make every (half, kind, dither, old rate, path) once; return them."""
    import soxr

    work = out / "_work"
    work.mkdir(parents=True, exist_ok=True)
    made, skipped = [], Counter()
    for i, row in enumerate(sources(corpus)):
        x, sr = sf.read(corpus / row["path"], dtype="float64", always_2d=True)
        x = x[: int(SECONDS * sr)]
        old = OLD[i % len(OLD)]
        codec = CODECS[i % len(CODECS)]
        low = soxr.resample(x, sr, old, quality="HQ")
        low = np.round(np.clip(low, -1, 32767 / 32768) * 32768) / 32768  # a 16-bit low-rate file
        floats = {"genuine": x, "upsampled": soxr.resample(low, old, sr, quality="HQ")}
        for kind, y in floats.items():
            floats[kind] = y * GAIN
        for dither in DITHERS:
            for kind in ("genuine", "upsampled", "lossy"):
                path = out / row["half"] / dither / kind / f"{row['source']}.wav"
                tag = old if kind == "upsampled" else (codec if kind == "lossy" else None)
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    if kind == "lossy" and kind not in floats:
                        y = lossy(x, sr, codec, work)
                        if y is None:
                            skipped[codec] += 1
                            continue
                        floats[kind] = y * GAIN
                    if kind == "lossy" and kind not in floats:
                        continue
                    if not write16(floats[kind], sr, dither, path, seed=i):
                        skipped[dither] += 1
                        continue
                made.append((row["half"], kind, dither, tag, path))
    shutil.rmtree(work, ignore_errors=True)
    for what, n in skipped.items():
        print(f"skipped {n} files: {what} (its tool is missing or failed)")
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-shaped"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--files", action="store_true", help="name the misses and false alarms")
    args = ap.parse_args()
    if not (args.corpus / "manifest.csv").exists():
        sys.exit(f"no corpus at {args.corpus}: run benchmarks/realcorpus.py first")
    made = build(args.corpus, args.out)
    report = __import__("audiolint").check(
        sorted({str(m[-1]) for m in made}), select=("T001", "T002", "T005"), jobs=args.jobs,
        cache_dir=None, read_config=False)  # fmt: skip
    by = {str(Path(f.path).resolve()): f for f in report.files}
    table, named = defaultdict(Counter), []
    for half, kind, dither, tag, path in made:
        fr = by[str(path.resolve())]
        rules = {x.rule for x in fr.findings}
        key = (half, dither, kind)
        table[key]["files"] += 1
        for r in rules:
            table[key][r] += 1
        up = (fr.fidelity or {}).get("upsampled_from")
        if kind == "upsampled":
            told = "T002" in rules and up == tag
        elif kind == "lossy":
            told = "T001" in rules
        else:
            told = not rules
        table[key]["told"] += told
        if not told:
            named.append(f"{half} {dither} {kind} {tag or ''} {path.name}: {sorted(rules)}")
    print(f"{'half':8} {'dither':9} {'kind':10} {'files':>5} {'T001':>5} {'T002':>5} "
          f"{'T005':>5} {'told':>5}")  # fmt: skip
    for key in sorted(table):
        c = table[key]
        print(f"{key[0]:8} {key[1]:9} {key[2]:10} {c['files']:5} {c['T001']:5} {c['T002']:5} "
              f"{c['T005']:5} {c['told']:5}")  # fmt: skip
    print("told: lossy = T001 fired; upsampled = T002 with the right old rate; genuine = nothing")
    if args.files:
        print("\n".join(["misses and false alarms:", *named]))


if __name__ == "__main__":
    main()
