"""The codec-grid detectors (:mod:`audiolint.analysis.codecgrid` for AAC, Vorbis and Opus,
:mod:`audiolint.analysis.mp3grid` for MP3) on the real-material corpus, per half: how often each
finds a codec's grid, per class and codec, and its scores.

    python benchmarks/codecgrid.py [--corpus DIR] [--files]
    python benchmarks/codecgrid.py --cost
    python benchmarks/codecgrid.py --against REV [--every K]
    python benchmarks/codecgrid.py --opus-frames tune|heldout

Reads the corpus ``benchmarks/realcorpus.py`` builds (default /tmp/audiolint-realcorpus; it
says so and exits when the corpus is missing). Every file is fed in 65,536-frame blocks to the
same excerpt and search the fidelity analyser runs, with the file's stated bit depth setting
the rounding noise (24 for float). For each half (tune, heldout) and each class (lossy per
codec, genuine, genuine-copy, upsampled, padded...), it prints how many files it calls
a codec's grid and the spread of the contrast (zero share on the grid / half a step off), then
the same for MP3's granule grid. ``--files`` lists every file called a codec's grid outside the
lossy classes, and every lossy decode each detector misses (mp3grid: MP3 decodes only). CPU
milliseconds per file of each are printed at the end (noisy on a loaded machine).

``--cost``: CPU time of the fidelity analyser (best of 7), and of all analysers (best of 5),
without the grid searches, with the codec grid's, and with the MP3 grid's too, side by side
(alternating), on ALSA's prompts tiled to 60 s (benchmarks/signal_cost.py) and on 4 s and 2 s
stretches of them, as x real time per core, and what the MP3 grid adds; ``--cost --against REV``
adds the codec grid's search as at git revision REV, alone and with the MP3 grid's.

``--against REV``: :mod:`~audiolint.analysis.codecgrid` (with its MDCT, :mod:`~audiolint.
analysis.mdct`) and :mod:`~audiolint.analysis.mp3grid` as of git revision REV and as they are
now, on the same excerpts of every corpus file: every file whose record differs in any field
is listed, and the CPU time of each ``measure`` per file, per sample rate, both versions
alternating on every K-th file (default 8), best of 5 each (noisy on a loaded machine).

``--opus-frames HALF``: the half's genuine 44.1 and 48 kHz sources (44.1 kHz ones resampled to
48 kHz by soxr first) through libopus (PyAV) with frames of 2.5 to 60 ms at 48, 96 and 160 kbps:
how many decodes the codec grid finds, per frame duration and bitrate, and at which hop; and how
many of the sources at 48 kHz (as they are, or resampled by soxr and by scipy) it calls a grid.
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from audiolint.analysis import codecgrid, mp3grid

BITS = {"PCM_16": 16, "PCM_24": 24, "PCM_U8": 8, "PCM_S8": 8, "PCM_32": 24}
LOSSY = ("lossy", "lossyfile")


def measure(path: Path) -> tuple[dict | None, dict | None, float, float]:
    """The codec-grid and MP3-grid records of one file, as the fidelity analyser computes
    them, and the CPU seconds of each search (the file's reading left out)."""
    args = excerpt(path)
    start = time.process_time()
    grid = codecgrid.measure(*args)
    middle = time.process_time()
    mp3 = mp3grid.measure(*args)
    return grid, mp3, middle - start, time.process_time() - middle


def excerpt(path: Path) -> tuple[list, int, int]:
    """(spans, sample rate, bits) of one file, as :func:`measure` passes them."""
    info = sf.info(str(path))
    ex = codecgrid.Excerpt()
    for block in sf.blocks(str(path), blocksize=65536, always_2d=True, dtype="float32"):
        ex.update(block)
    return ex.spans(), info.samplerate, BITS.get(info.subtype, 24)


def then_module(rev: str, name: str = "codecgrid"):
    """:mod:`audiolint.analysis.codecgrid` (or another analysis module ``name``) as of git
    revision ``rev``, imported alone."""
    root = Path(__file__).resolve().parent.parent
    src = subprocess.run(
        ["git", "show", f"{rev}:src/audiolint/analysis/{name}.py"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}_then.py"
        path.write_text(src)
        spec = importlib.util.spec_from_file_location(f"{name}_then", path)
        then = importlib.util.module_from_spec(spec)
        sys.modules[f"{name}_then"] = then  # (dataclasses look their module up)
        spec.loader.exec_module(then)
    return then


def against(rev: str, corpus: Path, every: int) -> int:
    """codecgrid (with its MDCT) and mp3grid at ``rev`` and now: records compared on every
    file, CPU side by side."""
    then = then_module(rev)
    then.mdct = then_module(rev, "mdct").mdct  # the transform as at rev too
    mods = {"codecgrid": (then, codecgrid), "mp3grid": (then_module(rev, "mp3grid"), mp3grid)}
    differ, n = collections.Counter(), 0
    best = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for i, row in enumerate(csv.DictReader((corpus / "manifest.csv").open())):
        try:
            spans, sr, bits = excerpt(corpus / row["path"])
        except (RuntimeError, sf.LibsndfileError):
            continue
        n += 1
        for name, (then, now) in mods.items():
            a, b = then.measure(spans, sr, bits), now.measure(spans, sr, bits)
            if a != b:
                differ[name] += 1
                print(f"  {name} differs: {row['path']}\n    then {a}\n    now  {b}")
        if i % every or len(spans) <= codecgrid.SEARCH:
            continue
        for name, pair in mods.items():
            t = [9e9, 9e9]
            for _ in range(5):
                for k, mod in enumerate(pair):
                    start = time.process_time()
                    mod.measure(spans, sr, bits)
                    t[k] = min(t[k], time.process_time() - start)
            for k in (0, 1):
                best[name, sr][k] += t[k]
            best[name, sr][2] += 1
    for name in mods:
        print(f"{n} files: {differ[name]} {name} records differ between {rev} and now")
    for (name, sr), (t0, t1, k) in sorted(best.items()):
        print(
            f"{name}, {sr} Hz, {k} files: {t0 / k * 1000:.1f} ms per file at {rev}, "
            f"{t1 / k * 1000:.1f} ms now ({t0 / t1:.2f}x)"
        )
    return 0


DURATIONS = ("2.5", "5", "10", "20", "40", "60")  # libopus's frame_duration, ms
KBPS = (48, 96, 160)


def opus(x: np.ndarray, kbps: int, duration: str) -> np.ndarray:
    """Mono 48 kHz ``x`` through libopus (PyAV) at ``kbps`` with ``duration`` ms frames, decoded
    and rounded to 16 bits."""
    import io

    import av

    buf = io.BytesIO()
    with av.open(buf, "w", format="ogg") as out:
        stream = out.add_stream("libopus", rate=48000)
        stream.layout, stream.bit_rate = "mono", kbps * 1000
        stream.codec_context.options = {"frame_duration": duration}
        frame = av.AudioFrame.from_ndarray(x[None].astype(np.float32), "fltp", "mono")
        frame.sample_rate = 48000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    buf.seek(0)
    with av.open(buf) as inp:
        y = np.concatenate([f.to_ndarray().mean(axis=0) for f in inp.decode(audio=0)])
    return np.round(np.clip(y, -1, 1) * 32767) / 32768


def grid_of(y: np.ndarray) -> dict | None:
    """The codec-grid record of 16-bit mono 48 kHz ``y``."""
    ex = codecgrid.Excerpt()
    ex.update(y.astype(np.float32)[:, None])
    return codecgrid.measure(ex.spans(), 48000, 16)


def opus_frames(corpus: Path, half: str) -> int:
    """Opus decodes per frame duration and bitrate, from the genuine sources of ``half`` at
    44.1 or 48 kHz (44.1 kHz ones resampled to 48 kHz by soxr, as opusenc does): how many
    the codec grid finds, at which hop; and the sources at 48 kHz (as they are, or resampled by
    soxr and by scipy's resample_poly) called a codec's grid."""
    import soxr
    from scipy.signal import resample_poly

    rows = [
        r
        for r in csv.DictReader((corpus / "manifest.csv").open())
        if r["half"] == half and r["class"] == "genuine" and r["rate"] in ("44100", "48000")
    ]
    found, alarms, tried = collections.Counter(), [], 0
    hops = collections.defaultdict(collections.Counter)
    for row in rows:
        x, sr = sf.read(corpus / row["path"], dtype="float32", always_2d=True)
        x = x.mean(axis=1)
        variants = {"as is": x} if sr == 48000 else {
            "soxr": soxr.resample(x, sr, 48000), "scipy": resample_poly(x, 160, 147)}  # fmt: skip
        for name, y in variants.items():
            rec = grid_of(np.round(np.clip(y, -1, 1) * 32767) / 32768)
            tried += 1
            if rec and rec["found"]:
                alarms.append(f"{row['path']} ({name}): {describe(rec)}")
        x = variants["as is" if sr == 48000 else "soxr"]
        for duration in DURATIONS:
            for kbps in KBPS:
                rec = grid_of(opus(x, kbps, duration))
                if rec and rec["found"]:
                    found[duration, kbps] += 1
                    hops[duration][rec["hop"]] += 1
    print(f"[{half}] Opus decodes of {len(rows)} genuine sources found, per frame duration (ms)")
    print("  ms   " + "  ".join(f"{k:>4d}k" for k in KBPS) + "   hops found")
    for duration in DURATIONS:
        cells = "  ".join(f"{found[duration, k]:2d}/{len(rows):<2d}" for k in KBPS)
        print(f"  {duration:>4s} {cells}   {dict(hops[duration])}")
    print(f"  genuine at 48 kHz called a codec's grid: {len(alarms)} of {tried}")
    for line in alarms:
        print(f"    {line}")
    return 0


def contrast(rec: dict | None) -> float:
    """Zero share on the grid over the share off it (0 when not measured)."""
    if not rec:
        return 0.0
    return (rec["zero_share"] + 1e-3) / (rec["off_grid_share"] + 1e-3)


def cost(then=None) -> int:
    """CPU time of the fidelity analyser, and of all analysers, without the grid searches,
    with the codec grid's only (and with ``then``'s, a :func:`then_module`), and with the
    MP3 grid's too, side by side."""
    from types import SimpleNamespace

    from signal_cost import ALSA, speech

    from audiolint.analysis import fidelity, registry

    if not (ALSA / "Front_Left.wav").exists():
        print("skipped: ALSA prompts missing (Debian package alsa-utils)")
        return 0
    x, sr = speech()
    props = SimpleNamespace(lossless=True, bit_depth=16, sample_format="int", bitrate_bps=None)
    props.channels, props.sample_rate = 2, sr
    variants = {"without the grids": (None, None), "codec grid": (codecgrid.measure, None)}
    if then is not None:
        variants["codec grid as at the revision"] = (then.measure, None)
    variants["both grids"] = (codecgrid.measure, mp3grid.measure)
    if then is not None:
        variants["both grids as at the revision"] = (then.measure, mp3grid.measure)

    def run(y: np.ndarray, factories: list, measures) -> float:
        saved = codecgrid.Excerpt.update, codecgrid.measure, mp3grid.measure
        codecgrid.measure, mp3grid.measure = (m or (lambda *_: None) for m in measures)
        if measures[0] is None:  # the same analysers with the grids' calls made no-ops
            codecgrid.Excerpt.update = lambda *_: None
        try:
            start = time.process_time()
            analysers = [f(sr, 2, props) for f in factories]
            for i in range(0, len(y), 65536):
                for a in analysers:
                    a.update(y[i : i + 65536])
            for a in analysers:
                a.result()
            return time.process_time() - start
        finally:
            codecgrid.Excerpt.update, codecgrid.measure, mp3grid.measure = saved

    scopes = (
        ("fidelity", [fidelity.factory], 7),
        ("all analysers", registry.FACTORIES.values(), 5),
    )
    for scope, factories, reps in scopes:
        for label, y in (("60 s", x), ("4 s", x[: 4 * sr]), ("2 s", x[: 2 * sr])):
            best = dict.fromkeys(variants, 9e9)
            for _ in range(reps):
                for name, measures in variants.items():
                    best[name] = min(best[name], run(y, list(factories), measures))
            secs, bare = len(y) / sr, best["without the grids"]
            cols = ", ".join(
                f"{name} {secs / t:4.0f}x" + (f" (+{(t - bare) * 1000:.0f} ms)" if t > bare else "")
                for name, t in best.items()
            )
            added = (best["both grids"] - best["codec grid"]) / best["codec grid"]
            print(f"{scope}, {label}: {cols} real time per core (best of {reps}); the MP3 grid "
                  f"adds {100 * added:+.0f}% to the time with the codec grid alone")  # fmt: skip
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--files", action="store_true")
    ap.add_argument("--cost", action="store_true")
    ap.add_argument("--against", metavar="REV")
    ap.add_argument("--every", type=int, default=8)
    ap.add_argument("--opus-frames", metavar="HALF", choices=("tune", "heldout"))
    args = ap.parse_args(argv)
    if args.opus_frames:
        return opus_frames(args.corpus, args.opus_frames)
    if args.cost:
        return cost(then_module(args.against) if args.against else None)
    manifest = args.corpus / "manifest.csv"
    if not manifest.exists():
        print(f"skipped: no corpus at {args.corpus} (build it: python benchmarks/realcorpus.py)")
        return 0
    if args.against:
        return against(args.against, args.corpus, args.every)
    rows, skipped, cpu = [], 0, np.zeros(2)
    for row in csv.DictReader(manifest.open()):
        try:
            rec, mp3, *secs = measure(args.corpus / row["path"])
        except (RuntimeError, sf.LibsndfileError):
            skipped += 1  # a lossy file soundfile cannot read (mp3/opus on old libsndfile)
            continue
        cpu += secs
        rows.append((row, rec, mp3))
    print(f"{len(rows)} files measured, {skipped} skipped (unreadable by soundfile)")
    for name, k in (("codec grid (AAC, Vorbis, Opus)", 1), ("MP3 granule grid", 2)):
        print(f"\n{name}")
        table(rows, k)
    if args.files:
        print("\nfound outside the lossy classes, and lossy decodes missed:")
        for row, rec, mp3 in rows:
            for name, r, wanted in (("grid", rec, True), ("mp3", mp3, row["codec"] == "mp3")):
                hit = bool(r and r["found"])
                if hit != (row["class"] in LOSSY) and (row["class"] == "lossy" and wanted or hit):
                    print(f"  [{row['half']}] {name} {row['path']}: {describe(r)}")
    ms = cpu / max(len(rows), 1) * 1000
    print(f"\nCPU per file: codec grid {ms[0]:.1f} ms, MP3 grid {ms[1]:.1f} ms (reading left out)")
    return 0


def table(rows: list, k: int) -> None:
    """Per half and class: files whose grid (record ``k`` of each row) was found, contrast."""
    for half in ("tune", "heldout"):
        print(f"[{half}]  class                 found/n   contrast q10 / q50 / max   z max")
        groups = collections.defaultdict(list)
        for row in rows:
            if row[0]["half"] == half:
                key = row[0]["class"] + (f"/{row[0]['codec']}" if row[0]["codec"] else "")
                groups[key].append(row[k])
        for key, recs in sorted(groups.items()):
            found = sum(bool(r and r["found"]) for r in recs)
            c = np.array([contrast(r) for r in recs])
            q10, q50 = np.percentile(c, [10, 50])
            z = max((r["z"] for r in recs if r), default=0.0)
            print(
                f"  {key:28s} {found:3d}/{len(recs):<3d}  {q10:6.1f} {q50:6.1f} {c.max():6.1f}"
                f"   {z:6.1f}"
            )


def describe(rec: dict | None) -> str:
    """One grid record in a line."""
    if not rec:
        return "not measured"
    where = f"{rec.get('window', 'hybrid')} offset {rec['offset']}"
    return (
        f"{rec['codec']} {where}: {rec['zero_share']:.3f} vs {rec['off_grid_share']:.3f} off "
        f"the grid, z {rec['z']}, peak {rec['peak_contrast']}, {rec['coefficients']} coefficients"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
