"""S001 on lossy decodes: a decoder's overshoot of a normalised peak vs a clipped original's tops.

    python benchmarks/clip_tops.py [--corpus /tmp/audiolint-realcorpus] [--out /tmp/clip-tops]
                                   [--rev COMMIT]

Every speech and music source of the real corpus (benchmarks/realcorpus.py; its manifest gives
each source's half) is scaled to peak at full scale (``norm``: nothing clipped, S001 must not
fire) and, apart, driven 1, 2 and 6 dB into the ceiling and cut there (``clip1``, ``clip2``,
``clip6``: S001 must fire), then encoded by oggenc -q 3, lame -V 2 and ffmpeg's AAC at 128k. Each
lossy file is decoded as audiolint decodes it, fed to the clipping analyser and judged by S001
with its defaults (in-process: the work tree's src, or ``--rev``'s). Printed per scene, codec and
half: fired / files, and each ``norm`` file that fires with its runs and flat runs.

One ``norm`` source is no false alarm however it reads: Sonic Pi's ``loop_amen_full`` is a
limited drum loop whose tops were flat before anything here touched it.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf

SCENES = {"norm": None, "clip1": 1.0, "clip2": 2.0, "clip6": 6.0}
CODECS = {".ogg": "ogg", ".mp3": "mp3", ".m4a": "mp4"}
TOP = 32767 / 32768
ENCODERS = {  # suffix: (wav, encoded) -> command
    ".ogg": lambda w, o: ["oggenc", "-Q", "-q", "3", "-o", o, w],
    ".mp3": lambda w, o: ["lame", "--quiet", "-V", "2", w, o],
    ".m4a": lambda w, o: [
        "ffmpeg",
        "-y",
        "-loglevel",
        "error",
        "-i",
        w,
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        o,
    ],  # fmt: skip
}


def build(corpus: Path, out: Path) -> None:
    """Write every source's scenes through the three encoders into OUT (kept between runs)."""
    halves: dict[str, tuple[str, str]] = {}
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if r["class"] == "genuine" and r["kind"] in ("speech", "music"):
                halves.setdefault(r["source"], (r["half"], r["kind"]))
    out.mkdir(parents=True, exist_ok=True)
    for src, (half, kind) in sorted(halves.items()):
        x, sr = sf.read(str(corpus / "sources" / f"{src}.wav"), always_2d=True)
        x = x / np.abs(x).max()
        for scene, db in SCENES.items():
            w = out / f"{half}_{scene}_{kind}_{src}.wav"
            if w.with_suffix(".m4a").exists():
                continue
            y = x * TOP if db is None else np.clip(x * 10 ** (db / 20), -TOP, TOP)
            sf.write(str(w), y, sr, subtype="PCM_16")
            for suffix, command in ENCODERS.items():
                subprocess.run(command(str(w), str(w.with_suffix(suffix))))
            w.unlink()


def judge(out: Path) -> tuple[Counter, Counter, list[str]]:
    """(fired, files) per (scene, codec, half), and the norm files S001 fires on."""
    from types import SimpleNamespace

    from audiolint.analysis.clipping import Clipping
    from audiolint.probe.decode import blocks
    from audiolint.rules import clipping

    fired: Counter = Counter()
    total: Counter = Counter()
    alarms = []
    for p in sorted(out.iterdir()):
        if p.suffix not in CODECS:
            continue
        half, scene = p.name.split("_")[:2]
        decoder = "ffmpeg" if p.suffix == ".m4a" else "libsndfile"
        parts = list(blocks(p, CODECS[p.suffix], decoder=decoder))
        an = Clipping(44100, parts[0].shape[1])
        for b in parts:
            an.update(b)
        s = an.result()
        ctx = SimpleNamespace(signal=s, props=SimpleNamespace(lossless=False))
        hit = any(clipping.check(ctx, dict(clipping.DEFAULT)))
        key = (scene, p.suffix, half)
        total[key] += 1
        fired[key] += hit
        if hit and scene == "norm":
            flat = s.get("clipped_flat_runs")
            alarms.append(f"  {p.name}: {s['clipped_runs']} runs, {flat} flat")
    return fired, total, alarms


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/clip-tops"))
    ap.add_argument("--rev", help="judge with this commit's src/ (git archive)")
    a = ap.parse_args(argv)
    build(a.corpus, a.out)
    with tempfile.TemporaryDirectory(prefix="clip-tops-") as tmp:
        src = Path(__file__).resolve().parents[1] / "src"
        if a.rev:
            repo = src.parent
            arch = subprocess.run(["git", "-C", str(repo), "archive", a.rev], capture_output=True)
            subprocess.run(["tar", "-x", "-C", tmp], input=arch.stdout, check=True)
            src = Path(tmp) / "src"
        sys.path.insert(0, str(src))
        fired, total, alarms = judge(a.out)
    print("S001 fires on (norm: false alarm; clipN: hit), tune | held-out")
    for scene in SCENES:
        cells = []
        for codec in CODECS:
            t, h = (scene, codec, "tune"), (scene, codec, "heldout")
            cells.append(f"{codec[1:]} {fired[t]}/{total[t]} | {fired[h]}/{total[h]}")
        print(f"  {scene:6} " + "   ".join(cells))
    print("norm files S001 fires on:")
    print("\n".join(alarms) if alarms else "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
