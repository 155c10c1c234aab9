"""S001 on lossy decodes: a decoder's overshoot of a normalised peak vs a clipped original's tops;
with ``--lossless``, clipped then turned down vs turned down only.

    python benchmarks/clip_tops.py [--corpus /tmp/audiolint-realcorpus] [--out /tmp/clip-tops]
                                   [--rev COMMIT] [--lossless]

Every speech and music source of the real corpus (benchmarks/realcorpus.py; its manifest gives
each source's half) is scaled to peak at full scale (``norm``: nothing clipped, S001 must not
fire) and, apart, driven 1, 2 and 6 dB into the ceiling and cut there (``clip1``, ``clip2``,
``clip6``: S001 must fire), then encoded by oggenc -q 3, lame -V 2 and ffmpeg's AAC at 128k. Each
lossy file is decoded as audiolint decodes it, fed to the clipping analyser and judged by S001
with its defaults (in-process: the work tree's src, or ``--rev``'s). Printed per scene, codec and
half: fired / files, and each ``norm`` file that fires with its runs and flat runs.

``--lossless`` (into OUT/lossless): the same sources, 16-bit WAV, never at full scale. Clipped
1, 2 and 6 dB (as above), then turned down: by 3 dB (numpy, rounded: ``down3``), to -1 dBFS by
sox ``norm -1`` (which dithers: ``sox1``) and by 3 dB by ffmpeg's ``volume`` (``ff3``); S001
must fire. Not clipped: peak-normalised to -3 dBFS (``norm3``), by sox to -1 dBFS (``sox1``),
to -20 dBFS (``quiet20``), requantised to 8 bits at their peak, 127/128 (``q8``: a slow crest holds
its value for a few samples)
and then by sox to -1 dBFS (``q8sox1``); S001 must not fire.

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
    halves = _sources(corpus)
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


LOWERED = {  # name: (drive dB or None, how it is turned down)
    "clip1-down3": (1.0, "down3"), "clip2-down3": (2.0, "down3"), "clip6-down3": (6.0, "down3"),
    "clip1-sox1": (1.0, "sox1"), "clip2-sox1": (2.0, "sox1"), "clip6-sox1": (6.0, "sox1"),
    "clip2-ff3": (2.0, "ff3"), "clip6-ff3": (6.0, "ff3"),
    "norm3": (None, "down3"), "sox1": (None, "sox1"), "quiet20": (None, "down20"),
    "q8": (None, "q8"), "q8sox1": (None, "q8sox1"),
}  # fmt: skip


def _lower(x: np.ndarray, sr: int, how: str, path: Path) -> None:
    """Write ``x`` (peak at full scale or clipped there) turned down as ``how`` says."""
    if how in ("down3", "down20"):
        db = 3.0 if how == "down3" else 20.0
        sf.write(str(path), x * 10 ** (-db / 20), sr, subtype="PCM_16")
        return
    if how.startswith("q8"):
        x = np.round(x * 127) / 128  # 8 bits, peak-normalised to 127/128 (both signs)
    tmp = path.with_name("in_" + path.name)
    sf.write(str(tmp), x, sr, subtype="PCM_16")
    if how in ("sox1", "q8sox1"):
        subprocess.run(["sox", str(tmp), str(path), "norm", "-1"], check=True)
    elif how == "ff3":
        ff = ["ffmpeg", "-y", "-loglevel", "error", "-i", str(tmp), "-af", "volume=-3dB"]
        subprocess.run([*ff, "-c:a", "pcm_s16le", str(path)], check=True)
    else:
        tmp.rename(path)
    tmp.unlink(missing_ok=True)


def build_lossless(corpus: Path, out: Path) -> None:
    """Write every source's LOWERED scenes as 16-bit WAV into OUT (kept between runs)."""
    out.mkdir(parents=True, exist_ok=True)
    for src, (half, kind) in sorted(_sources(corpus).items()):
        x, sr = sf.read(str(corpus / "sources" / f"{src}.wav"), always_2d=True)
        x = x / np.abs(x).max()
        for scene, (db, how) in LOWERED.items():
            w = out / f"{half}_{scene}_{kind}_{src}.wav"
            if not w.exists():
                y = x * TOP if db is None else np.clip(x * 10 ** (db / 20), -TOP, TOP)
                _lower(y, sr, how, w)


def judge_lossless(out: Path) -> tuple[Counter, Counter, list[str]]:
    """(fired, files) per (scene, half) for OUT's WAV files, and the unclipped ones S001 fires
    on (the clipping, silence and levels analysers in process, S001 with its defaults)."""
    from types import SimpleNamespace

    from audiolint.analysis.registry import FACTORIES
    from audiolint.rules import clipping

    fired: Counter = Counter()
    total: Counter = Counter()
    alarms = []
    for p in sorted(out.glob("*.wav")):
        half, scene = p.name.split("_")[:2]
        x, sr = sf.read(str(p), dtype="float32", always_2d=True)
        info = sf.info(str(p))
        props = SimpleNamespace(lossless=True, frames=len(x), channels=x.shape[1],
                                sample_format="int", bit_depth=16)  # fmt: skip
        s: dict = {}
        for name in clipping.ANALYSERS:
            an = FACTORIES[name](sr, x.shape[1], props)
            for i in range(0, len(x), 65536):
                an.update(x[i : i + 65536])
            s.update(an.result())
        ctx = SimpleNamespace(signal=s, props=props)
        found = list(clipping.check(ctx, dict(clipping.DEFAULT)))
        total[(scene, half)] += 1
        fired[(scene, half)] += bool(found)
        if found and LOWERED[scene][0] is None:
            alarms.append(f"  {p.name} ({info.subtype}): {found[0].message}")
    return fired, total, alarms


def _sources(corpus: Path) -> dict[str, tuple[str, str]]:
    """Every genuine speech and music source of the corpus: (half, kind)."""
    halves: dict[str, tuple[str, str]] = {}
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if r["class"] == "genuine" and r["kind"] in ("speech", "music"):
                halves.setdefault(r["source"], (r["half"], r["kind"]))
    return halves


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
    ap.add_argument("--lossless", action="store_true", help="clipped, then turned down (WAV)")
    a = ap.parse_args(argv)
    if a.lossless:
        build_lossless(a.corpus, a.out / "lossless")
    else:
        build(a.corpus, a.out)
    with tempfile.TemporaryDirectory(prefix="clip-tops-") as tmp:
        src = Path(__file__).resolve().parents[1] / "src"
        if a.rev:
            repo = src.parent
            arch = subprocess.run(["git", "-C", str(repo), "archive", a.rev], capture_output=True)
            subprocess.run(["tar", "-x", "-C", tmp], input=arch.stdout, check=True)
            src = Path(tmp) / "src"
        sys.path.insert(0, str(src))
        if a.lossless:
            return _print_lossless(*judge_lossless(a.out / "lossless"))
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


def _print_lossless(fired: Counter, total: Counter, alarms: list[str]) -> int:
    print("S001 fires on lossless WAV (clipN-*: hit; the rest: false alarm), tune | held-out")
    for scene in LOWERED:
        t, h = (scene, "tune"), (scene, "heldout")
        print(f"  {scene:12} {fired[t]}/{total[t]} | {fired[h]}/{total[h]}")
    print("unclipped files S001 fires on:")
    print("\n".join(alarms) if alarms else "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
