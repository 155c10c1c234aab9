"""D003's matcher on real speech: processed copies of a recording against mixtures of it with
another speaker.

    python benchmarks/dedupe_mixtures.py [--corpus /tmp/audiolint-realcorpus]

Each speech source of the real corpus (benchmarks/realcorpus.py; its manifest gives each
source's half) is compared, fingerprint to fingerprint (audiolint.analysis.fingerprint and
dedupe.find with no bit-error limit), with:

* copies, which D003 must call the same audio: turned down 6 dB, resampled to 16 kHz (scipy),
  under white noise at 20 and 10 dB SNR, in a room (an exponentially decaying noise tail, RT60
  0.6 s, as loud as the direct sound), and encoded by LAME at 64 kbps and opusenc at 24 kbps
  (each skipped, and said, where the encoder is missing);
* mixtures with another speech source of the same half, which D003 must not call the same
  audio: the other voice added 0, 3 and 6 dB under the source's level (active RMS), and a
  stereo file with the source in the left channel and the other voice in the right, as loud;
  and with a music source of the same half (in turn) 6, 12 and 20 dB under it.

Printed per kind and half: the bit error, the cover (the share of the source's sound whose
frames match; :func:`audiolint.analysis.dedupe.find`) and the extra sound (the larger of the
match's two :func:`~audiolint.analysis.dedupe.extra_db`: where one file is quiet, how much
louder the other is; -inf where neither has a quiet stretch), min / median / max, how many D003
would match at its defaults (``max_bit_error`` 0.25, ``min_cover`` 0.8), and of those how many
it says hold "another sound" (an extra sound of ``EXTRA_DB``, 12 dB, or more), naming the
copies it says so of.

What it showed (session 42, review 42b's "same audio" on a two-speaker stereo file): copies
read bit errors of 0-0.15 (a room's 0.15, Opus 24k's 0.146, noise at 10 dB SNR 0.14); a second
voice as loud as the source 0.07-0.30, matched in 7 of 12 (the voices rarely overlap in the
ALSA prompts); 3 and 6 dB under it 0.05-0.27, matched in 22 of 24. No bit error parts the
two. Nor does the level spread (the interquartile range of the frame levels' difference):
copies 0-2 dB, mixtures 0-9, but a 4:1 compressor's copy of a CMU ARCTIC sentence 4 (and a
second speaker 6 dB under it 3).

Session 43 (the extra sound, in the pauses): by the levels alone, copies turned down,
resampled, through LAME 64k or Opus 24k read at most 2.0 dB (0 of 48 said to hold another
sound), rooms 4-7, white noise at 20 and 10 dB SNR 3-22; of the matched mixtures 27 of 36
held-out and 14 of 34 tune ones were told. Review 43c then made the original read as holding
"another sound" beside a copy faded out, expanded or compressed (the same audio, its level
moved), so only quiet frames whose fingerprint words differ count (dedupe_extra.DIFFER_FRAMES):
copies 0 of 48 (every one 0.0 dB), noise at 10 dB SNR 6 of 10 matched told, at 20 dB 1 of 12,
rooms 0 of 4; mixtures 14 of 36 held-out and 9 of 34 tune. A word sums 368 ms, so a pause
shorter than that reads the speech beside it in both files: only long pauses tell a mixture,
and the rest read "same audio", as tight clips always did.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from audiolint.analysis import dedupe, fingerprint  # noqa: E402
from audiolint.probe.decode import BLOCK_FRAMES  # noqa: E402
from audiolint.rules import duplicate, duplicate_rank  # noqa: E402

MIX_DB = (0, 3, 6)  # the other voice this far under the source
BED_DB = (6, 12, 20)  # a music source this far under it


def prints(x: np.ndarray, sr: int) -> dict:
    """The fingerprint analyser's result on ``x`` (frames x channels), fed as the pipeline
    feeds it."""
    fp = fingerprint.factory(sr, x.shape[1])
    for i in range(0, len(x), BLOCK_FRAMES):
        fp.update(x[i : i + BLOCK_FRAMES].astype(np.float32))
    return fp.result()


def compare(a: dict, b: dict) -> tuple[float, float, float] | None:
    """(bit error, cover of the shorter file's sound, extra sound) of the best match, ``None``
    if none. The extra sound is the larger of the match's two (dedupe.extra_db: where one file
    is quiet, how much louder the other is, each against its own loud frames; -inf where
    neither has a quiet stretch): a copy keeps its source's pauses, a mixture fills them."""
    found = dedupe.find([a, b], max_bit_error=1.0, min_cover=0.0)
    if not found:
        return None
    m = found[0]
    spread = max(-np.inf if v is None else v for v in (m.b_extra_db, m.a_extra_db))
    # cover: recompute as find does, at the match's offset (it keeps no cover in the record)
    for cover in (0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0):
        if dedupe.find([a, b], max_bit_error=1.0, min_cover=cover):
            return m.bit_error, cover, spread
    return m.bit_error, 0.0, spread


def level_spread(a: dict, b: dict, offset_s: float) -> float:
    """The smallest interquartile range of ``b``'s frame levels less ``a``'s, over the frames
    loud in both, at the match's offset (either sign, +-1 frame: the record's offset is the
    shorter file's place in the longer)."""
    la, lb = np.asarray(a["levels"], float), np.asarray(b["levels"], float)
    ma, mb = dedupe.active(la), dedupe.active(lb)
    hop = a["hop_s"]
    best = np.inf
    for sign in (1, -1):
        for d in (-1, 0, 1):
            off = sign * int(round(offset_s / hop)) + d
            i = np.arange(len(la))
            j = i + off
            ok = (j >= 0) & (j < len(lb))
            i, j = i[ok], j[ok]
            both = ma[i] & mb[j]
            if both.sum() < 10:
                continue
            diff = lb[j[both]] - la[i[both]]
            q75, q25 = np.percentile(diff, [75, 25])
            best = min(best, float(q75 - q25))
    return best


def active_rms(x: np.ndarray) -> float:
    """RMS of the 20 ms frames within 30 dB of the loudest (the voice, not its pauses)."""
    n = len(x) // 960 * 960
    f = x[:n].reshape(-1, 960)
    p = (f * f).mean(axis=1)
    return float(np.sqrt(p[p >= p.max() * 1e-3].mean()))


def encode(x: np.ndarray, sr: int, tmp: Path, kind: str) -> tuple[np.ndarray, int] | None:
    """``x`` through LAME 64k or opusenc 24k and back, or ``None`` without the encoder."""
    tool = {"mp3": "lame", "opus": "opusenc"}[kind]
    if shutil.which(tool) is None:
        return None
    src, enc = tmp / "in.wav", tmp / f"out.{kind}"
    sf.write(src, x, sr, subtype="PCM_16")
    if kind == "mp3":
        subprocess.run(["lame", "--quiet", "-b", "64", str(src), str(enc)], check=True)
        out = tmp / "dec.wav"
        subprocess.run(["lame", "--quiet", "--decode", str(enc), str(out)], check=True)
    else:
        subprocess.run(["opusenc", "--quiet", "--bitrate", "24", str(src), str(enc)], check=True)
        out = tmp / "dec.wav"
        subprocess.run(["opusdec", "--quiet", str(enc), str(out)], check=True)
    y, r = sf.read(out, dtype="float64")
    return y, r


def copies(x: np.ndarray, sr: int, rng, tmp: Path):
    """(kind, audio, rate) of the processed copies of mono ``x``."""
    from scipy.signal import fftconvolve, resample_poly

    yield "copy: -6 dB", 0.5 * x, sr
    g = np.gcd(16000, sr)
    yield "copy: 16 kHz", resample_poly(x, 16000 // g, sr // g), 16000
    level = active_rms(x)
    for snr in (20, 10):
        noise = rng.standard_normal(len(x)) * level * 10 ** (-snr / 20)
        yield f"copy: noise {snr} dB SNR", x + noise, sr
    t = np.arange(int(0.6 * sr)) / sr
    tail = rng.standard_normal(len(t)) * np.exp(-6.9 * t / 0.6)
    tail *= np.sqrt(1.0 / (tail**2).sum())
    ir = np.concatenate([[1.0], tail])
    yield "copy: room 0.6 s", fftconvolve(x, ir)[: len(x)], sr
    for kind in ("mp3", "opus"):
        got = encode(x, sr, tmp, kind)
        if got is None:
            print(f"skipped: {kind} copies (encoder not installed)")
            continue
        yield f"copy: {'LAME 64k' if kind == 'mp3' else 'Opus 24k'}", got[0], got[1]


def fit(y: np.ndarray, y_sr: int, n: int, sr: int) -> np.ndarray:
    """``y`` at rate ``sr``, looped or cut to ``n`` samples."""
    from scipy.signal import resample_poly

    if y_sr != sr:
        g = np.gcd(sr, y_sr)
        y = resample_poly(y, sr // g, y_sr // g)
    return np.resize(y, n)


def mixtures(x: np.ndarray, sr: int, other: np.ndarray):
    """(kind, audio) of ``x`` with the other voice: added ``MIX_DB`` under it, and panned."""
    scale = active_rms(x) / max(active_rms(other), 1e-9)
    for db in MIX_DB:
        yield f"mix: other voice {db} dB under", (x + other * scale * 10 ** (-db / 20))[:, None]
    yield "mix: stereo, other voice right", np.stack([x, other * scale], axis=1)


def sources(corpus: Path, kind: str = "speech") -> dict[str, tuple[str, Path]]:
    """{source: (half, path)} of the corpus's genuine sources of one kind."""
    out = {}
    with open(corpus / "manifest.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == kind and row["class"] == "genuine" and row["source"] not in out:
                out[row["source"]] = (row["half"], corpus / row["path"])
    return out


def beds(x: np.ndarray, sr: int, music: list[tuple[str, Path]], k: int):
    """(kind, audio) of ``x`` with a music source of its half (the k-th, in turn) laid under
    it ``BED_DB`` under its level (active RMS, looped or cut to its length)."""
    name, path = music[k % len(music)]
    m, msr = sf.read(path, dtype="float64", always_2d=True)
    m = fit(m.mean(axis=1), msr, len(x), sr)
    scale = active_rms(x) / max(active_rms(m), 1e-9)
    for db in BED_DB:
        yield f"mix: music {db} dB under", (x + m * scale * 10 ** (-db / 20))[:, None], name


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"skipped: no corpus at {args.corpus} (run benchmarks/realcorpus.py first)")
        return 0
    rng = np.random.default_rng(42)
    found = sources(args.corpus)
    music: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for name, (half, path) in sorted(sources(args.corpus, "music").items()):
        music[half].append((name, path))
    by_half = defaultdict(list)
    for name, (half, path) in sorted(found.items()):
        by_half[half].append((name, path))
    results = defaultdict(list)  # (half, kind) -> [(bit error, cover, name)]
    limit, least = duplicate.DEFAULT["max_bit_error"], duplicate.DEFAULT["min_cover"]
    with tempfile.TemporaryDirectory() as tmp:
        for half, items in sorted(by_half.items()):
            for k, (name, path) in enumerate(items):
                x, sr = sf.read(path, dtype="float64", always_2d=True)
                x = x.mean(axis=1)
                base = prints(x[:, None], sr)
                for kind, y, ysr in copies(x, sr, rng, Path(tmp)):
                    y = y if y.ndim == 2 else y[:, None]
                    got = compare(base, prints(y, ysr)) or (1.0, 0.0, np.inf)
                    results[(half, kind)].append((*got, name))
                oname, opath = items[(k + 1) % len(items)]
                o, osr = sf.read(opath, dtype="float64", always_2d=True)
                other = fit(o.mean(axis=1), osr, len(x), sr)
                for kind, y in mixtures(x, sr, other):
                    got = compare(base, prints(y, sr)) or (1.0, 0.0, np.inf)
                    results[(half, kind)].append((*got, f"{name}+{oname}"))
                for kind, y, bed in beds(x, sr, music[half], k):
                    got = compare(base, prints(y, sr)) or (1.0, 0.0, np.inf)
                    results[(half, kind)].append((*got, f"{name}+{bed}"))
    extra = duplicate_rank.EXTRA_DB
    print(f"D003 matches at bit error <= {limit} and cover >= {least}; 'another sound' said at "
          f"an extra sound of {extra:g} dB or more")  # fmt: skip
    print(f"  {'half':8} {'case':34} {'n':>3}  {'bit error min/med/max':>22}  "
          f"{'cover min/med/max':>18}  {'extra dB min/med/max':>20}  "
          "matched  another sound")  # fmt: skip
    for (half, kind), rows in sorted(results.items(), key=lambda kv: (kv[0][1][:3], kv[0])):
        err = np.array([r[0] for r in rows])
        cov = np.array([r[1] for r in rows])
        ext = np.array([r[2] for r in rows])
        hit = [r for r in rows if r[0] <= limit and r[1] >= least]
        told = [r[3] for r in hit if r[2] >= extra]
        named = f"  {', '.join(told)}" if kind.startswith("copy") and told else ""
        print(f"  {half:8} {kind:34} {len(rows):3}  {err.min():6.3f} {np.median(err):6.3f} "
              f"{err.max():6.3f}  {cov.min():5.2f} {np.median(cov):5.2f} {cov.max():5.2f}  "
              f"{ext.min():6.1f} {np.median(ext):6.1f} {ext.max():6.1f}  "
              f"{len(hit):3}/{len(rows):<3}  {len(told):3}/{len(hit):<3}{named}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
