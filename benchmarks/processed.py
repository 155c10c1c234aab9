"""Denoised and edited recordings: does everyday processing read as a codec, a resampler, a
room or a voice?

    python benchmarks/processed.py [--corpus /tmp/audiolint-realcorpus] [--out /tmp/audiolint-processed]
                                   [--jobs 2] [--rev COMMIT] [--only NAME,...] [--files] [--decodes]

Hobbyists clean their recordings before training: Audacity's noise reduction, the noisereduce
package's spectral gating, FFmpeg's FFT and non-local-means denoisers; and they level them: a
high-pass against rumble, loudness normalisation, a compressor, a limiter after a boost. None of
these adds a codec, a resampler, a room or a second voice, so a finding on the processed file
that the same recording does not get as it is (T001, T002, S001, S003, S005, S006, T003; S007-S009 on voices: speech and
the corpus's two singers) is a false alarm, listed by file; one on a disputed source (as shipped
already cut by a digital wall: ``rule_accuracy.disputed_sources``) of T001-T003 is listed apart. What a process can make true is
counted apart, as an effect: a gate's silence and lower loudness (S002, S004); a leveller's louder
noise floor, offset and loudness (S005, S003, S004: the gain is real); clipping (S001) where the
tool itself clipped (sox's warning; FFmpeg's output saturated at 16-bit full scale for 3
samples in a row: its biquads run in the input's 16-bit format).

Sources: the real corpus's genuine recordings (``realcorpus.py``; every rate; each keeps its
half), through:

* ``nr`` / ``nr-stationary``: noisereduce's spectral gating (non-stationary, its default; and
  stationary), pip-installed when missing (``pip install noisereduce``);
* ``rnnoise``: RNNoise, the recurrent-network denoiser of OBS and many call apps (its 48 kHz
  model, run by the pyrnnoise wheel, which resamples to 48 kHz and back; ``pip install
  pyrnnoise``);
* ``afftdn`` / ``afftdn30``: FFmpeg's FFT denoiser at its default (12 dB) and at 30 dB;
* ``anlmdn``: FFmpeg's non-local-means denoiser at its default;
* ``sox-noisered``: sox's ``noisered`` (Audacity's method) at 0.21, its profile taken from the
  file's quietest 250 ms, as a user picks a stretch of room tone;
* edits: FFmpeg's ``highpass`` at 80 Hz (and at 100 Hz, session 29), ``loudnorm`` to -16 LUFS (it works at 192 kHz; ``-ar``
  brings the result back to the source's rate, as a user must), ``dynaudnorm``, ``acompressor``
  (4:1 over -20 dBFS, 2x make-up) and ``alimiter`` after a 6 dB boost; sox's ``compand`` (its
  manual's voice-over example);
* added in session 29, tools no detector was tuned on: FFmpeg's ``afwtdn`` wavelet denoiser
  (``sigma=-45dB``), ``agate`` as a noise gate (under -30 dBFS, 40 dB down), ``adeclick`` and
  ``speechnorm`` at their defaults; and pitch shifts a user makes: sox's ``pitch`` 200 and -200
  cents and FFmpeg's ``rubberband`` (pitch 1.12), whose top ends where their resampler's filter
  cuts, at no standard rate's Nyquist frequency;
* added in session 41 (review 41's steep filters): sox's ``speed`` 0.95 and ``sinc -18k``
  low-pass and FFmpeg's ``firequalizer`` brick wall at 17 kHz; T001 on these and the pitch
  shifts is counted, and how many of those findings name no filter beside the codecs.

``--decodes`` runs the same processes over the corpus's lossy decodes at or under 256 kbps instead
and prints how many T001 finds as they are and once processed (a denoised rip is still a rip).

Written as 16-bit WAV at the source's rate (a peak over full scale is brought to -0.1 dBFS, never
clipped). Tools missing are installed (apt-get when root, pip), and what is still missing is
skipped and said. Nothing is tuned on the held-out half.
"""

# ruff: noqa: E501  (the tables read better one entry a line)
from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import downsampled_decodes  # noqa: E402  (the corpus options and start)
import rule_accuracy  # noqa: E402  (its disputed sources)
from downsampled_decodes import FF  # noqa: E402  (the same ffmpeg command line)
from encoder_sweep import ensure  # noqa: E402  (the same apt-get install)

FFMPEG = {
    "afftdn": ["-af", "afftdn"],
    "afftdn30": ["-af", "afftdn=nr=30"],
    "anlmdn": ["-af", "anlmdn"],
    "afwtdn": ["-af", "afwtdn=sigma=-45dB"],
    "agate": ["-af", "agate=threshold=0.03:ratio=4:range=0.01:attack=5:release=150"],
    "adeclick": ["-af", "adeclick"],
    "speechnorm": ["-af", "speechnorm"],
    "rubberband": ["-af", "rubberband=pitch=1.12"],
    # a brick-wall low-pass as an EQ draws it (review 41: 87 of 91 game sounds read T001)
    "fir-wall-17k": ["-af", "firequalizer=gain='if(lt(f,17000),0,-100)'"],
    "highpass80": ["-af", "highpass=f=80"],
    "highpass100": ["-af", "highpass=f=100"],
    "loudnorm": ["-af", "loudnorm=I=-16:TP=-1.5:LRA=11"],
    "dynaudnorm": ["-af", "dynaudnorm"],
    "acompressor": ["-af", "acompressor=threshold=0.1:ratio=4:makeup=2"],
    "alimiter": ["-af", "volume=6dB,alimiter=limit=0.9"],
}
SOX = {
    "sox-compand": ["compand", "0.3,1", "6:-70,-60,-20", "-5", "-90", "0.2"],
    "sox-pitch-up": ["pitch", "200"],
    "sox-pitch-down": ["pitch", "-200"],
    # added in session 41 (review 41: 58 of 100 and 95 of 100 game sounds read T001): a speed
    # change (a resampler by 0.95) and sox's steep low-pass at 18 kHz, as against hiss
    "sox-speed": ["speed", "0.95"],
    "sox-lowpass-18k": ["sinc", "-18k"],
}
# pitch shifts: a phase vocoder or overlap-add stretch and a resampler by a ratio no standard
# rate has, so the top of the band ends at the resampler's filter (effects: none made true)
PITCH = (
    "rubberband", "sox-pitch-up", "sox-pitch-down", "sox-speed", "sox-lowpass-18k",
    "fir-wall-17k",
)  # fmt: skip
PYPI = {"nr": "noisereduce", "nr-stationary": "noisereduce", "rnnoise": "pyrnnoise"}
PROCESSES = ("nr", "nr-stationary", "rnnoise", *FFMPEG, "sox-noisered", *SOX)
DENOISERS = (
    "nr",
    "nr-stationary",
    "rnnoise",
    "afftdn",
    "afftdn30",
    "anlmdn",
    "afwtdn",
    "agate",
    "adeclick",
    "sox-noisered",
)
RULES = (
    "S001",
    "S003",
    "S005",
    "S006",
    "S007",
    "S008",
    "S009",
    "T001",
    "T002",
    "T003",
    "S002",
    "S004",
    "T005",
)
# what a process can make true: a gate's silence and lower level; a gain's louder floor and
# offset (S003, S005) and, where the tool itself said it clipped, clipping (S001)
GATES = {"S002", "S004"}
GAINS = {"S002", "S003", "S004", "S005"}
LEVELLERS = ("loudnorm", "dynaudnorm", "acompressor", "alimiter", "speechnorm", "sox-compand")
# T005 (narrow band) is made true where the process took the treble away: the band above the
# reach T005 read holds CUT_DB less of the file's power than it did in the recording
CUT_DB = 10.0


def treble_cut(src: Path, dest: Path, reach_hz: float) -> bool:
    """Whether the band above ``reach_hz`` lost ``CUT_DB`` or more of its share of the power
    from ``src`` to ``dest`` (mean 4096-point spectra, channels mixed)."""
    import numpy as np
    import soundfile as sf

    def share(path: Path) -> float:
        x, sr = sf.read(path, dtype="float64", always_2d=True)
        x = x.mean(axis=1)
        n = len(x) // 4096
        if n < 1:
            return 0.0
        power = (np.abs(np.fft.rfft(x[: n * 4096].reshape(n, 4096) * np.hanning(4096))) ** 2).mean(
            0
        )
        freqs = np.fft.rfftfreq(4096, 1 / sr)
        return float(power[freqs > reach_hz].sum() / max(power.sum(), 1e-30))

    before, after = share(src), share(dest)
    return after <= 0.0 or before >= after * 10 ** (CUT_DB / 10)


# S007-S009 judge a voice: on music and other sounds they are neither right nor wrong here
VOICE_RULES = ("S007", "S008", "S009")
SINGERS = ("cs_sing", "cs_singfemale")  # the corpus's "music" kind, but voices


def sources(corpus: Path) -> list[tuple[str, Path, bool]]:
    """(half, path, is a voice) of the corpus's genuine recorded WAV files, every rate."""
    with open(corpus / "manifest.csv") as fh:
        return [
            (r["half"], corpus / r["path"], _voice(r))
            for r in csv.DictReader(fh)
            if r["class"] == "genuine" and r["kind"] != "generated" and r["path"].endswith(".wav")
        ]


def decodes(corpus: Path) -> list[tuple[str, Path, bool]]:
    """(half, path, False) of the corpus's lossy decodes at or under 256 kbps (``--decodes``)."""
    with open(corpus / "manifest.csv") as fh:
        return [
            (r["half"], corpus / r["path"], False)
            for r in csv.DictReader(fh)
            if r["class"] == "lossy" and r["kbps"] and int(r["kbps"]) <= 256
        ]


def recall(made: list[tuple], srcs: list[tuple], jobs: int) -> None:
    """``--decodes``: T001 on each lossy decode as it is and once processed, per process and half."""
    import audiolint

    paths = [str(s) for _, s, _ in srcs] + [str(m[3]) for m in made]
    rep = audiolint.check(paths, jobs=jobs, cache_dir=None, select=("T001",))
    found = {
        os.path.realpath(fr.path): any(f.rule == "T001" for f in fr.findings) for fr in rep.files
    }
    tally: dict[tuple, Counter] = defaultdict(Counter)
    for half, name, src, dest in made:
        c = tally[(name, half)]
        c["n"] += 1
        c["as is"] += found.get(os.path.realpath(src), False)
        c["processed"] += found.get(os.path.realpath(dest), False)
    print("\nT001 on lossy decodes at or under 256 kbps, as they are and processed:")
    print(f"{'':24}{'as is':>8}{'processed':>11}{'n':>6}")
    for (name, half), c in sorted(tally.items(), key=lambda kv: (kv[0][1] != "tune", kv[0][0])):
        print(f"{name + ' ' + half:24}{c['as is']:>8}{c['processed']:>11}{c['n']:>6}")


def _voice(row: dict) -> bool:
    return (
        row["kind"].startswith("speech") or row["kind"] == "synthetic" or row["source"] in SINGERS
    )


def _write(path: Path, y, sr: int) -> None:
    import numpy as np
    import soundfile as sf

    peak = float(np.max(np.abs(y))) if y.size else 0.0
    if peak > 0.989:  # brought under full scale, never clipped
        y = y * (0.989 / peak)
    tmp = path.with_name(".tmp-" + path.name)
    sf.write(str(tmp), y, sr, subtype="PCM_16")
    tmp.replace(path)


def _clipped(x) -> bool:
    """Whether the tool clipped: 3 samples in a row held at one value at a 16-bit file's full
    scale or over (FFmpeg's biquads run in the input's 16-bit format and saturate there; a
    float output's overshoot moves from sample to sample)."""
    import numpy as np

    top = np.abs(x.reshape(len(x), -1)).max(axis=1)
    held = (top[1:] == top[:-1]) & (top[1:] >= 32767 / 32768)
    return bool((held[:-1] & held[1:]).any())


def _quietest(x, sr: int, seconds: float = 0.25) -> int:
    """The first sample of the quietest ``seconds`` of ``x`` (mono mix, 50 ms steps)."""
    import numpy as np

    mono = x.mean(axis=1) if x.ndim > 1 else x
    n, hop = int(seconds * sr), max(1, int(0.05 * sr))
    starts = np.arange(0, max(1, len(mono) - n), hop)
    energy = [float(np.mean(mono[s : s + n] ** 2)) for s in starts]
    return int(starts[int(np.argmin(energy))])


def process(job: tuple, out: Path) -> tuple | None:
    """One source through one process: (half, process, source path, processed path), or None
    (said) when the tool failed."""
    import soundfile as sf

    half, src, name = job
    dest = out / half / name / src.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        return half, name, src, dest
    try:
        if name.startswith("nr"):
            import noisereduce

            x, sr = sf.read(str(src), dtype="float64")
            y = noisereduce.reduce_noise(
                y=x.T if x.ndim > 1 else x, sr=sr, stationary=name == "nr-stationary"
            )
            _write(dest, y.T if x.ndim > 1 else y, sr)
        elif name == "rnnoise":  # RNNoise (its 48 kHz network; pyrnnoise resamples to it and back)
            import numpy as np
            from pyrnnoise import RNNoise

            x, sr = sf.read(str(src), dtype="int16", always_2d=True)
            out = [f for _, f in RNNoise(sr).denoise_chunk(x.T, partial=True)]
            _write(dest, np.concatenate(out, axis=1).T / 32768.0, sr)
        elif name in FFMPEG:
            tmp, rate = dest.with_name(f".tmp-{dest.stem}.wav"), str(sf.info(str(src)).samplerate)
            cmd = [*FF, "-i", str(src), *FFMPEG[name], "-ar", rate, "-c:a", "pcm_f32le", str(tmp)]
            subprocess.run(cmd, check=True, capture_output=True, timeout=300)
            x, sr = sf.read(str(tmp), dtype="float64")
            tmp.unlink()
            if _clipped(x):
                dest.with_suffix(".clipped").touch()
            _write(dest, x, sr)  # FFmpeg's float filters can overshoot: rescaled, not clipped
        elif name in SOX:
            tmp = dest.with_name(f".tmp-{dest.stem}.wav")
            cmd = ["sox", str(src), "-b", "32", "-e", "floating-point", str(tmp), *SOX[name]]
            done = subprocess.run(cmd, check=True, capture_output=True, timeout=300)
            if b"clipped" in done.stderr:  # sox's own warning: the effect clipped samples
                dest.with_suffix(".clipped").touch()
            x, sr = sf.read(str(tmp), dtype="float64")
            tmp.unlink()
            _write(dest, x, sr)
        else:  # sox noisered, its profile from the quietest 250 ms
            x, sr = sf.read(str(src), dtype="float64")
            start = _quietest(x, sr)
            prof, tmp = dest.with_suffix(".prof"), dest.with_name(f".tmp-{dest.stem}.wav")
            trim = ["trim", f"{start}s", f"{int(0.25 * sr)}s"]
            subprocess.run(
                ["sox", str(src), "-n", *trim, "noiseprof", str(prof)],
                check=True,
                capture_output=True,
            )
            subprocess.run(["sox", str(src), "-b", "32", "-e", "floating-point", str(tmp), "noisered", str(prof), "0.21"], check=True, capture_output=True)  # fmt: skip
            y, _ = sf.read(str(tmp), dtype="float64")
            tmp.unlink()
            prof.unlink()
            _write(dest, y, sr)
    except Exception as e:  # noqa: BLE001  (a tool's failure skips the file, said)
        print(f"SKIP {name} {src.name}: {str(getattr(e, 'stderr', b'') or e)[-160:]}")
        return None
    return half, name, src, dest


def ready(only: list[str]) -> list[str]:
    """The processes in ``only`` whose tools are there (installed when missing); the others
    are said to be skipped."""
    have = ensure({"ffmpeg", "sox"})
    importable = {}
    for module, package in {"noisereduce": "noisereduce", "pyrnnoise": "pyrnnoise"}.items():
        if importlib.util.find_spec(module) is None:
            pip = [sys.executable, "-m", "pip", "install", "-q", package]
            subprocess.run(pip, capture_output=True)
            importlib.invalidate_caches()
        importable[package] = importlib.util.find_spec(module) is not None
    kept = []
    for name in only:
        if name in PYPI:
            if not importable[PYPI[name]]:
                print(f"SKIP {name}: {PYPI[name]} is not installed and pip could not install it")
                continue
        elif (
            name in FFMPEG
            and "ffmpeg" not in have
            or name in ("sox-noisered", *SOX)
            and "sox" not in have
        ):
            print(f"SKIP {name}: its tool is not installed and could not be installed")
            continue
        kept.append(name)
    return kept


def main(argv=None) -> int:
    ap = downsampled_decodes.corpus_parser(__doc__, "/tmp/audiolint-processed")
    ap.add_argument("--only", help="processes, comma-separated (default: all)")
    ap.add_argument("--files", action="store_true", help="list the effects' files too")
    ap.add_argument("--decodes", action="store_true",
                    help="process the corpus's lossy decodes instead: T001 before and after")  # fmt: skip
    args = ap.parse_args(argv)
    if (status := downsampled_decodes.start(args, argv, __file__)) is not None:
        return status
    unknown = set(args.only.split(",") if args.only else ()) - set(PROCESSES)
    if unknown:  # an unknown name would fall through to sox noisered below
        sys.exit(f"processed.py: unknown process {', '.join(sorted(unknown))}")
    names = ready(args.only.split(",") if args.only else list(PROCESSES))
    if args.decodes:
        srcs = decodes(args.corpus)
        jobs = [(h, s, n) for h, s, _ in srcs for n in names]
        with ThreadPoolExecutor(args.jobs) as pool:
            made = [m for m in pool.map(lambda j: process(j, args.out / "decodes"), jobs) if m]
        recall(made, srcs, args.jobs)
        return 0
    srcs = sources(args.corpus)
    voices = {s for _, s, v in srcs if v}
    disputed = rule_accuracy.disputed_sources(args.corpus, {s.stem for _, s, _ in srcs})
    jobs = [(h, s, n) for h, s, _ in srcs for n in names]
    with ThreadPoolExecutor(args.jobs) as pool:
        made = [m for m in pool.map(lambda j: process(j, args.out), jobs) if m]
    import audiolint

    print(f"code under test: {os.environ.get('ENCODER_SWEEP_REV', 'the work tree')} "
          f"({Path(audiolint.__file__).parent}); {len(srcs)} sources, {len(made)} processed")  # fmt: skip
    paths = [str(s) for _, s, _ in srcs] + [str(m[3]) for m in made]
    rep = audiolint.check(paths, jobs=args.jobs, cache_dir=None, ignore=("D", "Q", "F"))
    rules = {os.path.realpath(fr.path): {f.rule for f in fr.findings} for fr in rep.files}
    reach = {
        os.path.realpath(fr.path): f.data["reach_hz"] or f.data.get("cutoff_hz")
        for fr in rep.files
        for f in fr.findings
        if f.rule == "T005"
    }
    # T001 on a pitch-shifted or filtered file names the filters beside the codecs (a cliff
    # with no codec's grid: rules.transcoded.FILTERED); counted apart, how many do not
    from audiolint.rules.transcoded import FILTERED

    bare = {
        os.path.realpath(fr.path)
        for fr in rep.files
        for f in fr.findings
        if f.rule == "T001" and FILTERED not in f.message
    }
    tally: dict[tuple, Counter] = defaultdict(Counter)
    alarms, effects, aside = [], [], []
    for half, name, src, dest in made:
        true = GAINS if name in LEVELLERS else GATES
        true = true | ({"S001"} if dest.with_suffix(".clipped").exists() else set())
        new = rules.get(os.path.realpath(dest), set()) - rules.get(os.path.realpath(src), set())
        if "T005" in new and treble_cut(src, dest, reach[os.path.realpath(dest)]):
            true = true | {"T005"}
        if src not in voices:
            new -= set(VOICE_RULES)
        c = tally[(name, half)]
        c["n"] += 1
        false = set()
        for rule in sorted(new):
            line = f"{half:7} {name:14} {src.name}: {rule}"
            if rule not in true and rule.startswith("T") and src.stem in disputed:
                aside.append(f"{line}  (disputed source: {disputed[src.stem]})")
                continue
            c[rule] += 1
            if rule == "T001" and name in PITCH and os.path.realpath(dest) in bare:
                c["T001 naming no filter"] += 1
                line += "  (naming no filter)"
            (effects if rule in true else alarms).append(line)
            false |= {rule} - true
        c["files with a false alarm"] += bool(false)
    cols = RULES
    print("\nfindings on the processed file that the recording as it is does not get:")
    print(f"{'':24}" + "".join(f"{c:>6}" for c in cols) + "  false/n")
    for half in sorted({h for _, h in tally}, key=lambda h: (h != "tune", h)):
        for name in names:
            c = tally.get((name, half))
            if c:
                print(
                    f"{name + ' ' + half:24}"
                    + "".join(f"{c[r]:>6}" for r in cols)
                    + f"  {c['files with a false alarm']}/{c['n']}"
                )
        # the denoisers' and the levellers' totals apart (the README's row), then all
        groups = (
            ("denoisers", set(DENOISERS)),
            ("levellers", set(PROCESSES) - set(DENOISERS) - set(PITCH)),
            ("pitch", set(PITCH)),
        )
        for label, members in (*groups, ("all", set(PROCESSES))):
            total = Counter()
            for (name, h), c in tally.items():
                if h == half and name in members:
                    total.update(c)
            if total["n"]:
                print(
                    f"{label + ' ' + half:24}"
                    + "".join(f"{total[r]:>6}" for r in cols)
                    + f"  {total['files with a false alarm']}/{total['n']}"
                )
    shifted = sum(c["T001"] for (name, _), c in tally.items() if name in PITCH)
    named = sum(c["T001 naming no filter"] for c in tally.values())
    print(f"\nT001 on pitch-shifted, sped-up or low-passed files: {shifted}; of them naming no "
          f"filter beside the codecs: {named}")  # fmt: skip
    print(f"\nfalse alarms ({len(alarms)}; new on a processed file and not made true by it):")
    for line in alarms or ["none"]:
        print("  " + line)
    print(f"\nnew on disputed sources, not counted ({len(aside)}; as shipped already cut by a "
          "digital wall, rule_accuracy.disputed_sources):")  # fmt: skip
    for line in aside or ["none"]:
        print("  " + line)
    if args.files:
        print(f"\neffects ({len(effects)}; new, and made true by the process: see GATES, GAINS):")
        for line in effects:
            print("  " + line)
    return 0


if __name__ == "__main__":
    if shutil.which("ffmpeg") is None and os.geteuid() != 0:
        print("ffmpeg is missing and cannot be installed: the FFmpeg processes are skipped")
    sys.exit(main())
