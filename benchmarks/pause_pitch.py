"""What fills the pauses S005 reads a floor in: hiss, or something pitched (music, a voice, a hum).

    python benchmarks/pause_pitch.py [--corpus /tmp/audiolint-realcorpus] [--jobs 2]

S005 measures a level in the voice's pauses and calls it background noise; over a music bed its
advice ("denoise") is the wrong one (benchmarks/beds_told.py: S005 tells of 75 of 528 tune bed
mixes and 48 of 180 held-out ones). audiolint.analysis.pause_pitch reads the pitched share of
the pause frames, and S005 says "pitched" at ``PITCHED_SHARE`` or more. Counted only where S005
fires (its message is what changes; what it finds is not):

1. Mixes, by half (benchmarks/voice_mixes.py's speech voices): each solo voice as it is, with
   white, pink and brown noise 35 dB under its peak, with a 50, 60, 100 or 120 Hz hum (seven
   harmonics) 35 dB under it, and in the rooms of backing_vocals.py's ``in_rooms``, with and
   without white noise 35 dB under the room's peak; and each
   voice over every bed of its half (held_partials.py's ``speech_and_beds``) at -12 and -20 dB;
   each scaled to a 0.7 peak, as beds_told.py writes them.
   Hiss should read under the line, a bed or a hum over it.
2. Recorded noise under speech: benchmarks/no_voice_rooms.py's real recordings (openttd-opensfx's
   wind, steam, machinery, jets, saws...; extremetuxracer-data's skis sliding; Sonic Pi's vinyl
   hiss; ALSA's Noise.wav; fetched with apt-get download into ``--noise-cache``), each looped
   under every speech voice of both halves 35 dB under its peak. None of it was read before
   the line was drawn: all of it is held out. Noise with a whine or a motor's tone in it may
   read pitched, and the message then says "a hum" among what it may be.
3. Every file of the real corpus, the cross-check set and the blind set (benchmarks/
   realcorpus.py, crosscheck.py, blindset.py; those present) whose class holds unmixed real
   recordings or added hiss: what S005 says of their own backgrounds. Each pitched one is listed.

The threshold was chosen on the tune mixes before the held-out ones and the sets were read.

What it printed on this machine (session 22, about 5 min with --jobs 2), pitched / fired: tune as
it is 0/4, hiss 0/23, hum 29/39, rooms with hiss 0/58, beds 113/218 (the seven tonal beds 89/98,
lmms's drum loops 14/101); held out hiss 0/14, hum 21/28, rooms with hiss 0/43, beds 32/48 (tonal
31/31, drum and percussion 1/17); recorded noise 8/225 (chainsaw 4/6, electric sparking 2/16,
smithy 2/5; the rest 0); real corpus genuine 2/5 (cs_singfemale, sp_ambi_piano), pauses 0/53, tight
0/1; cross-check tight 2/2 (silero_test, silero_aepyx8k: soft voice read as a floor); blind genuine
0/1, pauses 0/33, tight 0/1.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import no_voice_rooms  # its noises: coloured(), and the real recordings' download (part 2)
import numpy as np
import soundfile as sf
from backing_vocals import in_rooms, real_irs
from held_partials import speech_and_beds
from voice_mixes import fit, load, mix, resample

from audiolint.analysis.silence import Silence
from audiolint.analysis.voice import Voice
from audiolint.rules.noise_floor import DEFAULT, PITCHED_SHARE

SETS = {
    "realcorpus": (Path("/tmp/audiolint-realcorpus"),
                   ("genuine", "pauses", "tight", "noise", "tone")),
    "crosscheck": (Path("/tmp/audiolint-crosscheck"), ("genuine", "tight")),
    "blind": (Path("/tmp/audiolint-blind"), ("genuine", "pauses", "tight", "other")),
}  # fmt: skip
LEVEL_DB = -35.0
HUMS_HZ = (50, 60, 100, 120)


def measure(x: np.ndarray, sr: int, block: int = 65536) -> tuple[float | None, float | None]:
    """(noise_floor_dbfs, pause_pitched_ratio) of ``x`` (frames, or frames x channels)."""
    x = np.asarray(x, dtype=np.float32)
    x = x[:, None] if x.ndim == 1 else x
    silence, voice = Silence(sr, x.shape[1]), Voice(sr, x.shape[1])
    for i in range(0, len(x), block):
        silence.update(x[i : i + block])
        voice.update(x[i : i + block])
    return silence.result()["noise_floor_dbfs"], voice.result()["pause_pitched_ratio"]


def at_peak(x: np.ndarray, peak: float = 0.7) -> np.ndarray:
    """``x`` scaled to ``peak``, as benchmarks/beds_told.py writes its mixes."""
    return x * peak / max(float(np.abs(x).max()), 1e-9)


def fires(floor: float | None) -> bool:
    """S005 fires on this floor (its default threshold)."""
    return floor is not None and floor > DEFAULT["max_dbfs"]


def coloured(n: int, color: str, rng) -> np.ndarray:
    """Unit-RMS white, pink or brown noise (no_voice_rooms.py's, scaled)."""
    y = no_voice_rooms.coloured(color, n, rng)
    return y / y.std()


def solo_variants(x: np.ndarray, sr: int, rng, irs) -> list[tuple[str, str, np.ndarray]]:
    """(kind, label, signal): the voice as it is, with hiss, with a hum, in rooms, in rooms
    with hiss (a room's echo is pitched where it rings into the pauses)."""
    gain = float(np.abs(x).max()) * 10 ** (LEVEL_DB / 20)
    out = [("as it is", "as it is", x)]
    for c in ("white", "pink", "brown"):
        out.append(("hiss", f"{c} {LEVEL_DB:g} dB", x + coloured(len(x), c, rng) * gain))
    t = np.arange(len(x)) / sr
    for f0 in HUMS_HZ:
        hum = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 8))
        out.append(("hum", f"hum {f0} Hz", x + hum / hum.std() * gain))
    for label, y in in_rooms(x, sr, irs, 0):
        out.append(("room", label, y))
        hiss = coloured(len(y), "white", rng) * float(np.abs(y).max()) * 10 ** (LEVEL_DB / 20)
        out.append(("room + hiss", f"{label}, white {LEVEL_DB:g} dB", y + hiss))
    return out


def mixes(args) -> None:
    """Part 1: the solo voices' variants and the bed mixes, by half."""
    found = speech_and_beds(args)
    if found is None:
        return
    vs, beds = found
    rng, irs = np.random.default_rng(5), real_irs()
    for half in ("tune", "heldout"):
        names = sorted(n for n in vs if vs[n][3] == half)
        told, pitched, listed = Counter(), Counter(), []
        for name in names:
            x, sr, _, _ = vs[name]
            for kind, label, y in solo_variants(x, sr, rng, irs):
                floor, share = measure(at_peak(y), sr)
                if fires(floor):
                    told[kind] += 1
                    over = share is not None and share >= PITCHED_SHARE
                    pitched[kind] += over
                    if over and kind not in ("hum",):
                        listed.append(f"{name} ({label}) {share:.2f}")
        for bed, path in beds[half]:
            y0, ysr = load(path)
            for name in names:
                x, sr, _, _ = vs[name]
                y = fit(resample(y0, ysr, sr), len(x))
                for db in (-12, -20):
                    floor, share = measure(at_peak(mix(x, y, db)), sr)
                    if fires(floor):
                        told[bed] += 1
                        pitched[bed] += share is not None and share >= PITCHED_SHARE
        kinds = ("as it is", "hiss", "hum", "room", "room + hiss")
        solo = ", ".join(f"{k} {pitched[k]}/{told[k]}" for k in kinds)
        bed_total = sum(told[b] for b, _ in beds[half]), sum(pitched[b] for b, _ in beds[half])
        print(f"{half}: where S005 fires, pitched (>= {PITCHED_SHARE:g}) / fired: {solo}; "
              f"beds {bed_total[1]}/{bed_total[0]}")  # fmt: skip
        print("  by bed: " + "; ".join(f"{b} {pitched[b]}/{told[b]}" for b, _ in beds[half]))
        if listed:
            print("  pitched without a hum or a bed: " + "; ".join(listed))


def recorded_noise(args) -> None:
    """Part 2: real recorded noise under every speech voice, where S005 fires."""
    found = speech_and_beds(args)
    if found is None:
        return
    vs, _ = found
    no_voice_rooms.SOURCES.clear()
    no_voice_rooms.noises(args.corpus, args.noise_cache)
    noises = [(n, x, sr) for _, kind, n, x, sr in no_voice_rooms.SOURCES
              if kind == "recorded noise" and not n.endswith("bursts")]  # fmt: skip
    told = pitched = 0
    cells = []
    for name, y0, ysr in noises:
        hits = fired = 0
        for voice in sorted(vs):
            x, sr, _, _ = vs[voice]
            y = fit(resample(y0, ysr, sr), len(x))
            y = y / max(float(np.sqrt(np.mean(y * y))), 1e-12)
            floor, share = measure(
                at_peak(x + y * float(np.abs(x).max()) * 10 ** (LEVEL_DB / 20)), sr
            )
            if fires(floor):
                fired += 1
                hits += share is not None and share >= PITCHED_SHARE
        told, pitched = told + fired, pitched + hits
        cells.append(f"{name} {hits}/{fired}")
    print(
        f"recorded noise under speech ({len(noises)} noises x {len(vs)} voices, "
        f"{LEVEL_DB:g} dB): where S005 fires, pitched {pitched}/{told}"
    )
    print("  by noise: " + "; ".join(cells))


def one_file(path: Path) -> tuple[float | None, float | None]:
    """(floor, pitched share) of a file on disk."""
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    return measure(x, sr)


def sets(jobs: int) -> None:
    """Part 3: the real sets' unmixed recordings and added hiss, where S005 fires."""
    for name, (root, classes) in SETS.items():
        if not (root / "manifest.csv").exists():
            print(f"{name}: skipped (no {root / 'manifest.csv'})")
            continue
        with open(root / "manifest.csv", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["class"] in classes]
        rows = [r for r in rows if (root / r["path"]).exists()]
        with ProcessPoolExecutor(jobs) as pool:
            got = list(pool.map(one_file, [root / r["path"] for r in rows], chunksize=4))
        told, pitched, listed = Counter(), Counter(), []
        for r, (floor, share) in zip(rows, got, strict=True):
            if fires(floor):
                told[r["class"]] += 1
                if share is not None and share >= PITCHED_SHARE:
                    pitched[r["class"]] += 1
                    listed.append(f"{r['path']} ({floor:.1f} dBFS, {share:.2f})")
        cells = ", ".join(f"{c} {pitched[c]}/{told[c]}" for c in classes if c in told)
        print(f"{name} ({len(rows)} files): where S005 fires, pitched / fired: {cells or 'none'}")
        for line in listed:
            print("  pitched: " + line)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-backing-vocals"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--noise-cache", type=Path, default=Path("/tmp/audiolint-no-voice-rooms"))
    ap.add_argument("--sets-only", action="store_true")
    ap.add_argument("--noise-only", action="store_true")
    args = ap.parse_args(argv)
    if not (args.sets_only or args.noise_only):
        mixes(args)
    if not args.sets_only:
        recorded_noise(args)
    if not args.noise_only:
        sets(args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
