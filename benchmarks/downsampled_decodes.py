"""Lossy decodes brought down to 32 or 40 kHz: does the verdict call them genuine?

    python benchmarks/downsampled_decodes.py [--corpus /tmp/audiolint-realcorpus]
                                             [--out /tmp/audiolint-downsampled] [--jobs 2]
                                             [--rev COMMIT] [--rates 32000,40000]
    python benchmarks/downsampled_decodes.py --rates 48000 --from 44100 \
                                             --out /tmp/audiolint-upto48k

RVC's 32k and 40k models, and tools that bring a dataset to one rate, leave files at 32 or 40 kHz
made from 44.1 or 48 kHz material. A lossy encode's low-pass there (15-20.5 kHz: MP3, AAC, Vorbis,
Opus at ordinary bitrates) sits at or above the new Nyquist frequency (16 or 20 kHz) once the
decode is resampled down, and the resampler's own filter is what ends the band: the band alone
looks as a genuine recording brought down to that rate does. This benchmark takes the real
corpus's genuine 44.1 and 48 kHz recordings (``realcorpus.py``; each keeps its half), encodes
each with LAME (128k, 192k, V2, 320k), FFmpeg's AAC (128k, 256k), opusenc (96k, 160k) and oggenc
(q5), decodes it with the encoder's own decoder (``lame --decode``, ``ffmpeg``, ``opusdec``,
``oggdec``), resamples the decode down to 32 and 40 kHz with sox (its default, high quality),
with FFmpeg's swresample and with python-soxr (librosa's default; ``pip install soxr``), and prints the fidelity verdicts per rate and codec, per half; the
sources brought down the same way are the controls (genuine: a verdict of lossy-origin or
upsampled there is a false alarm, and each T001 or T002 finding on them is listed). Native
encodes at 32 kHz (LAME, FFmpeg's AAC, oggenc) and Vorbis at 40 kHz, decoded at that rate, are
the lossy files whose own low-pass stands near those Nyquist frequencies: the T001 column there
is recall. Nothing is tuned on it. ``--rates 48000 --from 44100`` runs it the other way: the
44.1 kHz recordings and their decodes brought up to 48 kHz (as a 48 kHz model's dataset is
readied), where T001 should name the decode's codec (``analysis.regrid``) and T002 is right
on the sources. Tools missing are installed with
apt-get when root, and what is still missing is skipped and said. Built files stay in ``--out``.
"""

# ruff: noqa: E501  (the settings tables read better one entry a line)
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from encoder_sweep import ensure, run_at  # noqa: E402  (the same apt-get install, the same --rev)

FF = ["ffmpeg", "-y", "-loglevel", "error"]
# (name, codec, encode: {src} -> {enc} (suffix), decode: {enc} -> {dec} WAV)
CODECS = [
    ("mp3-128", "mp3", ["lame", "--quiet", "-b", "128", "{src}", "{enc}"], ".mp3", ["lame", "--quiet", "--decode", "{enc}", "{dec}"]),
    ("mp3-192", "mp3", ["lame", "--quiet", "-b", "192", "{src}", "{enc}"], ".mp3", ["lame", "--quiet", "--decode", "{enc}", "{dec}"]),
    ("mp3-V2", "mp3", ["lame", "--quiet", "-V", "2", "{src}", "{enc}"], ".mp3", FF + ["-i", "{enc}", "{dec}"]),
    ("mp3-320", "mp3", ["lame", "--quiet", "-b", "320", "{src}", "{enc}"], ".mp3", FF + ["-i", "{enc}", "{dec}"]),
    ("aac-128", "aac", FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "128k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "{dec}"]),
    ("aac-256", "aac", FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "256k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "{dec}"]),
    ("opus-96", "opus", ["opusenc", "--quiet", "--bitrate", "96", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "{enc}", "{dec}"]),
    ("opus-160", "opus", ["opusenc", "--quiet", "--bitrate", "160", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "{enc}", "{dec}"]),
    ("vorbis-q5", "vorbis", ["oggenc", "-Q", "-q", "5", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{dec}", "{enc}"]),
]  # fmt: skip
# Encoded at 32 kHz itself (the source brought down by sox first) and decoded there: where a
# codec's own low-pass may stand near 32 kHz's Nyquist frequency (MP3 and AAC have no 40 kHz
# mode; Vorbis takes any rate, so it is encoded at 40 kHz too)
NATIVE = [
    ("mp3-96", "mp3", ["lame", "--quiet", "-b", "96", "{src}", "{enc}"], ".mp3", ["lame", "--quiet", "--decode", "{enc}", "{dec}"], (32000,)),
    ("mp3-128", "mp3", ["lame", "--quiet", "-b", "128", "{src}", "{enc}"], ".mp3", ["lame", "--quiet", "--decode", "{enc}", "{dec}"], (32000,)),
    ("mp3-192", "mp3", ["lame", "--quiet", "-b", "192", "{src}", "{enc}"], ".mp3", FF + ["-i", "{enc}", "{dec}"], (32000,)),
    ("aac-96", "aac", FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "96k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "{dec}"], (32000,)),
    ("aac-160", "aac", FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "160k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "{dec}"], (32000,)),
    ("vorbis-q3", "vorbis", ["oggenc", "-Q", "-q", "3", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{dec}", "{enc}"], (32000, 40000)),
    ("vorbis-q6", "vorbis", ["oggenc", "-Q", "-q", "6", "-o", "{enc}", "{src}"], ".ogg", FF + ["-i", "{enc}", "{dec}"], (32000, 40000)),
]  # fmt: skip
RATES = (32000, 40000)


def resamplers(bits: int = 16) -> dict[str, list[str]]:
    """sox (its default, high quality), python-soxr (librosa's default resampler, at its default
    quality, HQ) and FFmpeg's swresample (its default filter), writing ``bits``-bit samples
    (16 or 24): {name: command with {dec}, {out} and {rate}}."""
    soxr = [sys.executable, "-c", "import sys, soundfile as sf, soxr; x, sr = sf.read(sys.argv[1]); "
            "r = int(sys.argv[3]); sf.write(sys.argv[2], soxr.resample(x, sr, r), r, "
            f"subtype='PCM_{bits}')", "{dec}", "{out}", "{rate}"]  # fmt: skip
    fmt = ["-c:a", "pcm_s16le"] if bits == 16 else ["-sample_fmt", "s32"]
    return {
        "sox": ["sox", "{dec}", "-b", str(bits), "{out}", "rate", "{rate}"],
        "soxr": soxr,
        "ffmpeg": FF + ["-i", "{dec}", "-ar", "{rate}", *fmt, "{out}"],
    }


RESAMPLERS = resamplers(16)
TOOLS = {"lame", "ffmpeg", "opusenc", "opusdec", "oggenc", "oggdec", "sox"}


def sources(corpus: Path, rates=("44100", "48000")) -> list[tuple[str, Path]]:
    """(half, path) of the corpus's genuine WAV recordings at ``rates`` (44.1 and 48 kHz)."""
    with open(corpus / "manifest.csv") as fh:
        return [
            (r["half"], corpus / r["path"])
            for r in csv.DictReader(fh)
            if r["class"] == "genuine"
            and r["rate"] in rates
            and r["kind"] != "generated"
            and r["path"].endswith(".wav")
        ]


def run(cmd: list[str], **fmt) -> None:
    """Run ``cmd`` formatted with ``fmt``; its output file (``out``, ``dec`` or ``enc``, the
    last one named) is written under a temporary name and renamed when the command succeeds,
    so that a run killed half-way leaves no partial file to be reused."""
    key = next(k for k in ("out", "dec", "enc") if k in fmt and "{" + k + "}" in " ".join(cmd))
    final = Path(fmt[key])
    tmp = final.with_name(".tmp-" + final.name)
    args = [a.format(**{**fmt, key: tmp}) for a in cmd]
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=300)
        tmp.replace(final)
    finally:
        tmp.unlink(missing_ok=True)


def build(job: tuple, out: Path, resamplers=None, rates=None, suffix: str = ".wav") -> list[tuple]:
    """One source through one codec (or none: ``codec`` None) and every resampler and rate
    (``resamplers`` and ``rates``, by default this module's), each written as ``suffix``:
    (half, codec name or 'source', resampler, rate, path) of each file made."""
    resamplers, rates = resamplers or RESAMPLERS, rates or RATES
    half, src, codec = job
    name = codec[0] if codec else "source"
    base = out / half / name
    base.mkdir(parents=True, exist_ok=True)
    dec = base / f"{src.stem}.dec.wav"
    made = []
    try:
        if codec:
            enc = base / f"{src.stem}.enc{codec[3]}"
            if not dec.exists():
                run(codec[2], src=src, enc=enc)
                run(codec[4], enc=enc, dec=dec)
                enc.unlink(missing_ok=True)
        else:
            dec = src
        for tool, cmd in resamplers.items():
            for rate in rates:
                dest = base / f"{src.stem}-{tool}-{rate}{suffix}"
                if not dest.exists():
                    run(cmd, dec=dec, out=dest, rate=rate)
                made.append((half, name, tool, rate, dest))
    except (subprocess.SubprocessError, OSError) as e:
        print(f"SKIP {name} {src.name}: {str(getattr(e, 'stderr', b'') or e)[-160:]}")
    return made


def build_native(job: tuple, out: Path) -> list[tuple]:
    """One source brought down to each of the codec's rates by sox, encoded and decoded there:
    (half, 'native ' + codec name, 'sox', rate, path) of each decode made."""
    half, src, codec = job
    made = []
    for rate in [r for r in codec[5] if r in RATES]:
        base = out / half / f"native-{codec[0]}"
        base.mkdir(parents=True, exist_ok=True)
        low, enc = base / f"{src.stem}-{rate}.src.wav", base / f"{src.stem}-{rate}.enc{codec[3]}"
        dest = base / f"{src.stem}-{rate}.wav"
        try:
            if not dest.exists():
                run(RESAMPLERS["sox"], dec=src, out=low, rate=rate)
                run(codec[2], src=low, enc=enc)
                run(codec[4], enc=enc, dec=dest)
            made.append((half, f"native-{codec[0]}", "sox", rate, dest))
        except (subprocess.SubprocessError, OSError) as e:
            print(
                f"SKIP native {codec[0]} {src.name}: {str(getattr(e, 'stderr', b'') or e)[-160:]}"
            )
        finally:
            low.unlink(missing_ok=True)
            enc.unlink(missing_ok=True)
    return made


def ready(codecs: list, resamplers: dict) -> tuple[set, list]:
    """Install what is missing (``encoder_sweep.ensure``); the tools there, and the ``codecs``
    whose encoder and decoder are. Codecs and resamplers (taken out of ``resamplers``) that
    cannot run are said to be skipped."""
    have = ensure(TOOLS)
    kept = [c for c in codecs if c[2][0] in have and c[4][0] in have]
    for c in codecs:
        if c not in kept:
            print(f"SKIP codec {c[0]}: {c[2][0]} or {c[4][0]} missing")
    for tool in [t for t in ("sox", "ffmpeg") if t not in have]:
        print(f"SKIP resampler {tool}: not installed, could not install")
        resamplers.pop(tool)
    try:
        import soxr  # noqa: F401
    except ImportError:
        print("SKIP resampler soxr: python-soxr is not installed (pip install soxr)")
        resamplers.pop("soxr")
    return have, kept


def corpus_parser(doc: str, out: str) -> argparse.ArgumentParser:
    """The options the real corpus's derived sets share (``--corpus``, ``--out`` defaulting to
    ``out``, ``--jobs``, ``--rev``); used by this script, ``hires_fakes.py`` and ``processed.py``."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path(out))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rev", help="score this git commit's audiolint, not the work tree's")
    return ap


def start(args, argv, script: str) -> int | None:
    """Run ``script`` again at ``--rev`` (its exit status), or 2 when the corpus is missing
    (said); None to go on."""
    if args.rev and not os.environ.get("ENCODER_SWEEP_REV"):
        return run_at(args.rev, args.out, sys.argv[1:] if argv is None else argv, script)
    if not (args.corpus / "manifest.csv").exists():
        print(f"no {args.corpus}/manifest.csv: run benchmarks/realcorpus.py first")
        return 2
    return None


def main(argv=None) -> int:
    ap = corpus_parser(__doc__, "/tmp/audiolint-downsampled")
    ap.add_argument(
        "--rates",
        help="rates to bring the files down to, comma-separated "
        "(default 32000,40000; native encodes only at those two)",
    )
    ap.add_argument("--from", dest="source_rates", default="44100,48000",
                    help="the genuine sources' rates taken, comma-separated (--rates 48000 "
                    "--from 44100: 44.1 kHz decodes brought up to 48 kHz)")  # fmt: skip
    args = ap.parse_args(argv)
    if (status := start(args, argv, __file__)) is not None:
        return status
    global RATES
    if args.rates:
        RATES = tuple(int(r) for r in args.rates.split(","))
    have, codecs = ready(CODECS, RESAMPLERS)
    if "sox" not in have:
        print("SKIP native encodes: sox brings the sources down before them")
    taken = sources(args.corpus, tuple(args.source_rates.split(",")))
    jobs = [(h, s, c) for h, s in taken for c in [None, *codecs]]
    native = [c for c in NATIVE if {c[2][0], c[4][0], "sox"} <= have]
    natives = [(h, s, c) for h, s in taken for c in native if set(c[5]) & set(RATES)]
    with ThreadPoolExecutor(args.jobs) as pool:
        files = [f for made in pool.map(lambda j: build(j, args.out), jobs) for f in made]
        files += [
            f for made in pool.map(lambda j: build_native(j, args.out), natives) for f in made
        ]
    import audiolint

    print(f"code under test: {os.environ.get('ENCODER_SWEEP_REV', 'the work tree')} "
          f"({Path(audiolint.__file__).parent}); {len(files)} files")  # fmt: skip
    rep = audiolint.check([str(f[4]) for f in files], jobs=args.jobs, cache_dir=None,
                          select=("T001", "T002"))  # fmt: skip
    verdict = {os.path.realpath(fr.path): (fr.fidelity or {}).get("verdict") for fr in rep.files}
    fired = {os.path.realpath(fr.path): [f.rule for f in fr.findings] for fr in rep.files}
    tally: dict[tuple, Counter] = defaultdict(Counter)
    alarms = []
    for half, name, _tool, rate, path in files:
        kind = "source" if name == "source" else name.split("-")[0]
        if name.startswith("native-"):
            kind = "native " + name.split("-")[1]
        key = os.path.realpath(path)
        tally[(kind, rate, half)][verdict.get(key)] += 1
        tally[(kind, rate, half)]["T001" if "T001" in fired.get(key, []) else "-"] += 1
        tally[(kind, rate, half)]["T002" if "T002" in fired.get(key, []) else "-"] += 1
        if kind == "source" and fired.get(key):
            alarms.append(f"{half} {path.name}: {', '.join(fired[key])} ({verdict.get(key)})")
    kinds = ["source", *dict.fromkeys(c[1] for c in codecs)]
    kinds += [f"native {c}" for c in dict.fromkeys(c[1] for c in native)]
    cols = ("genuine", "inconclusive", "lossy-origin", "upsampled", "T001", "T002")
    verdicts = ("genuine", "inconclusive", "lossy-origin", "upsampled", "padded-bits", None)
    print(f"\n{'':30} " + " ".join(f"{c:>13}" for c in cols) + "      n")
    for kind in kinds:
        for rate in RATES:
            for half in ("tune", "heldout"):
                c = tally.get((kind, rate, half))
                if c:
                    label = f"{kind} {rate // 1000} kHz {half}"
                    row = " ".join(f"{c[v]:>13}" for v in cols)
                    n = sum(c[v] for v in verdicts)  # padded-bits and none: in n alone
                    print(f"{label:30} {row} {n:>6}")
    up = min(RATES) > max(int(r) for r in args.source_rates.split(","))
    if up:  # brought up, the sources are upsampled: T002 is right there, T001 is not
        alarms = [a for a in alarms if "T001" in a]
    print(
        f"\nT001{'' if up else ' and T002'} on genuine recordings brought "
        f"{'up' if up else 'down'} (false alarms):"
    )
    for line in alarms or ["none"]:
        print("  " + line)
    if up:
        print(
            "\nsource rows are genuine recordings brought up: upsampled (T002) there is right, "
            "lossy-origin (T001) a false alarm; codec rows are decodes resampled: T001 is recall"
        )
    else:
        print("\nsource rows are genuine recordings brought down: lossy-origin or upsampled there "
              "is a false alarm; codec rows are decodes: genuine there is a verdict the band "
              "cannot give")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
