"""Fake hi-res: 44.1 and 48 kHz recordings and lossy decodes of them brought up to 88.2 or 96 kHz.

    python benchmarks/hires_fakes.py [--corpus /tmp/audiolint-realcorpus]
                                     [--out /tmp/audiolint-hires] [--jobs 2] [--rev COMMIT]
                                     [--rates 88200,96000]

"24-bit/96 kHz" downloads are often CD audio, or an MP3, resampled up: the classic fake lossless
of the hi-res shops and of the files people pass around. This benchmark takes the real corpus's
genuine 44.1 and 48 kHz recordings (``realcorpus.py``; each keeps its half), as they are and
through LAME (192k, 320k), FFmpeg's AAC (256k), opusenc (160k) and oggenc (q5), each decoded by
its own decoder, and resamples them up to ``--rates`` with sox (its default, high quality),
python-soxr (its default, HQ) and FFmpeg's swresample (its default filter, which leaves images
of the band under the old Nyquist frequency some 110 dB down: above a 24-bit file's floor),
written as 24-bit FLAC. Every one is upsampled: T002 with the old rate (44.1 or 48 kHz: the
decode's; opusdec brings Opus's 48 kHz back to the source's) is the right finding, T001 on the
decodes is printed beside it (the verdict is one word: a grid or low-pass found under the
resampler's wall reads lossy-origin). The controls are genuine hi-res recordings: batdetect2's
sdist (CC BY-NC 4.0, bat calls recorded at 192-312.5 kHz by AudioMoth, Echo Meter and other
detectors; fetched with ``pip download``), as they are and brought down by sox and soxr to 88.2,
96, 176.4 and 192 kHz (genuine: content to the file's own filter); T001 or T002 there is a false
alarm and is listed. FFmpeg's swresample doubling those copies (88.2 -> 176.4, 96 -> 192 kHz)
gives upsamples from hi-res rates. Nothing is tuned on it. Tools missing are installed with
apt-get when root (``encoder_sweep.ensure``), and what is still missing is skipped and said.
Built files stay in ``--out``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import downsampled_decodes  # noqa: E402  (the same encodes and builds)
from downsampled_decodes import CODECS, run, sources  # noqa: E402

KEEP = ("mp3-192", "mp3-320", "aac-256", "opus-160", "vorbis-q5")
RATES = (88200, 96000)
RESAMPLERS = downsampled_decodes.resamplers(24)  # 24-bit FLAC, as hi-res files are sold
BAT = ("batdetect2", "1.3.1")  # its sdist's tests/data holds the recordings
BAT_RATES = (88200, 96000, 176400, 192000)


def build(job: tuple, out: Path) -> list[tuple]:
    """One source through one codec (or none) and every resampler and rate, as
    ``downsampled_decodes.build`` makes them (24-bit FLAC): (half, kind, resampler, rate, old
    rate, path) of each file made; the old rate is the decode's (opusdec brings its 48 kHz back
    to the source's rate)."""
    import soundfile as sf

    made = downsampled_decodes.build(job, out, RESAMPLERS, RATES, ".flac")
    half, src, codec = job
    dec = out / half / codec[0] / f"{src.stem}.dec.wav" if codec else src
    old = sf.info(str(dec)).samplerate if dec.exists() else None
    return [(half, name, tool, rate, old, path) for half, name, tool, rate, path in made]


def cheap(job: tuple, out: Path) -> list[tuple]:
    """A genuine source made 44.1 kHz by a cheap converter (sox ``rate -l``; a 44.1 kHz source
    brought to 48 kHz first), whose filter stands at 0.86-0.94 of 22.05 kHz as an encoder's
    low-pass does, then brought up as the others are: genuine controls for the band read under
    the wall (review of session 24). (half, 'source via sox -l', resampler, rate, 44100, path)."""
    half, src = job
    base = out / half / "source-lq"
    base.mkdir(parents=True, exist_ok=True)
    low, mid = base / f"{src.stem}.lq.wav", base / f"{src.stem}.48k.wav"
    made = []
    try:
        if not low.exists():
            run(["sox", "-q", "{dec}", "-b", "16", "{out}", "rate", "48000"], dec=src, out=mid)
            run(
                ["sox", "-q", "{dec}", "-b", "16", "{out}", "rate", "-l", "44100"], dec=mid, out=low
            )
            mid.unlink(missing_ok=True)
        for tool, cmd in RESAMPLERS.items():
            for rate in RATES:
                dest = base / f"{src.stem}-{tool}-{rate}.flac"
                if not dest.exists():
                    run(cmd, dec=low, out=dest, rate=rate)
                made.append((half, "source via sox -l", tool, rate, 44100, dest))
    except (subprocess.SubprocessError, OSError) as e:
        print(f"SKIP cheap {src.name}: {str(getattr(e, 'stderr', b'') or e)[-160:]}")
    return made


def bats(out: Path) -> list[tuple]:
    """batdetect2's recordings as they are and brought down (genuine), and those copies doubled
    by FFmpeg (upsampled from 88.2 or 96 kHz): (half, kind, tool, rate, old rate, path)."""
    import soundfile as sf

    cache = out / "_bat"
    cache.mkdir(parents=True, exist_ok=True)
    sdist = cache / f"{BAT[0]}-{BAT[1]}.tar.gz"
    if not sdist.exists():
        got = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                              "--no-binary", ":all:", "-d", str(cache), f"{BAT[0]}=={BAT[1]}"],
                             capture_output=True, text=True)  # fmt: skip
        if got.returncode or not sdist.exists():
            print(f"SKIP genuine hi-res: pip download {BAT[0]} failed: {got.stderr[-160:]}")
            return []
        subprocess.run(["tar", "xzf", str(sdist), "-C", str(cache)], check=True)
    made = []
    for wav in sorted((cache / f"{BAT[0]}-{BAT[1]}" / "tests" / "data").rglob("*")):
        if wav.suffix.lower() != ".wav":
            continue
        rate0 = sf.info(str(wav)).samplerate
        made.append(("bat", "genuine hi-res", "as-is", rate0, None, wav))
        for tool in [t for t in ("sox", "soxr") if t in RESAMPLERS]:
            for rate in [r for r in BAT_RATES if r < rate0]:
                dest = cache / f"{wav.stem.lower()}-{tool}-{rate}.flac"
                try:
                    if not dest.exists():
                        run(RESAMPLERS[tool], dec=wav, out=dest, rate=rate)
                    made.append(("bat", "genuine hi-res", tool, rate, None, dest))
                    if tool == "sox" and rate in (88200, 96000) and "ffmpeg" in RESAMPLERS:
                        up = cache / f"{wav.stem.lower()}-{rate}-ffmpeg-{2 * rate}.flac"
                        if not up.exists():
                            run(RESAMPLERS["ffmpeg"], dec=dest, out=up, rate=2 * rate)
                        made.append(("bat", "hi-res doubled", "ffmpeg", 2 * rate, rate, up))
                except (subprocess.SubprocessError, OSError) as e:
                    print(f"SKIP {dest.name}: {str(getattr(e, 'stderr', b'') or e)[-160:]}")
    return made


def main(argv=None) -> int:
    ap = downsampled_decodes.corpus_parser(__doc__, "/tmp/audiolint-hires")
    ap.add_argument("--rates", help="rates to bring the files up to (default 88200,96000)")
    args = ap.parse_args(argv)
    if (status := downsampled_decodes.start(args, argv, __file__)) is not None:
        return status
    global RATES
    if args.rates:
        RATES = tuple(int(r) for r in args.rates.split(","))
    _, codecs = downsampled_decodes.ready([c for c in CODECS if c[0] in KEEP], RESAMPLERS)
    jobs = [(h, s, c) for h, s in sources(args.corpus) for c in [None, *codecs]]
    with ThreadPoolExecutor(args.jobs) as pool:
        files = [f for made in pool.map(lambda j: build(j, args.out), jobs) for f in made]
    files += bats(args.out)
    if "sox" in RESAMPLERS:
        with ThreadPoolExecutor(args.jobs) as pool:
            files += [
                f
                for made in pool.map(lambda j: cheap(j, args.out), sources(args.corpus))
                for f in made
            ]
    import audiolint

    print(f"code under test: {os.environ.get('ENCODER_SWEEP_REV', 'the work tree')} "
          f"({Path(audiolint.__file__).parent}); {len(files)} files")  # fmt: skip
    rep = audiolint.check([str(f[5]) for f in files], jobs=args.jobs, cache_dir=None,
                          select=("T001", "T002"))  # fmt: skip
    by_path = {os.path.realpath(fr.path): fr for fr in rep.files}
    tally: dict[tuple, Counter] = defaultdict(Counter)
    alarms = []
    for half, kind, _tool, rate, old, path in files:
        fr = by_path.get(os.path.realpath(path))
        fid = (fr.fidelity or {}) if fr else {}
        rules = [f.rule for f in fr.findings] if fr else []
        key = (kind, rate, half)
        tally[key][fid.get("verdict")] += 1
        tally[key]["n"] += 1
        tally[key]["T001"] += "T001" in rules
        tally[key]["T002"] += "T002" in rules
        tally[key]["right rate"] += "T002" in rules and fid.get("upsampled_from") == old
        if kind == "genuine hi-res" and rules or kind.startswith("source") and "T001" in rules:
            said = (fid.get("evidence") or [""])[0][:90]
            alarms.append(f"{half} {kind}: {path.name}: {', '.join(rules)} ({said})")
    kinds = [
        "source",
        "source via sox -l",
        *(c[0] for c in codecs),
        "genuine hi-res",
        "hi-res doubled",
    ]
    cols = ("genuine", "inconclusive", "lossy-origin", "upsampled", "T001", "T002", "right rate")
    print(f"\n{'':34} " + " ".join(f"{c:>12}" for c in cols) + "      n")
    for kind in kinds:
        for rate in sorted({k[1] for k in tally if k[0] == kind}):
            for half in ("tune", "heldout", "bat"):
                c = tally.get((kind, rate, half))
                if c:
                    label = f"{kind} {rate / 1000:g} kHz {half}"
                    print(f"{label:34} " + " ".join(f"{c[v]:>12}" for v in cols) + f" {c['n']:>6}")
    print(
        "\nT001 and T002 on genuine hi-res recordings, T001 on genuine recordings brought up "
        "(false alarms):"
    )
    for line in alarms or ["none"]:
        print("  " + line)
    print("\nsource and codec rows are upsampled from 44.1 or 48 kHz: T002 with that rate "
          "(right rate) is the finding; the genuine hi-res rows are controls, where any is a "
          "false alarm")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
