"""S007 (no voice) on voices and noises in rooms: what its room exemption lets through (issue 17).

    python benchmarks/no_voice_rooms.py [--records rooms.jsonl | --rescore rooms.jsonl]
                                        [--corpus /tmp/audiolint-realcorpus] [--jobs 2]
                                        [--set min_room_shape_db=0] [--halls]

S007's unpitched and blips tests stand down where the reverb analyser reads a room (rt60_s): a
whisper's shape and a deep voice's pitch read as noise's and a drum's there. Noise in a room then
passes too. This benchmark measures both sides over many rooms, to choose what tells them apart:

* voices (never to be flagged): espeak-ng's whispers (whisper, whisperf) in nine languages and at
  three speeds, its deepest voices (-p 0) and its creak; the real corpus's speech
  (benchmarks/realcorpus.py's speech sources: ALSA, CMU ARCTIC, csound, praat, puredata,
  SuperCollider), as recorded and whispered (its LPC envelope, 25 ms frames, driven by white
  noise instead of its pitch: a whisper with a real speaker's articulation).
* noises (to be flagged): white, pink and brown noise, a fan (brown noise swelling at its blade
  rate with a 50 Hz hum and its harmonics) and a hum over hiss, each steady and in irregular
  bursts; and real recordings from Debian packages (openttd-opensfx: wind, steam, sparks,
  machinery, jackhammer, helicopter, saws, bubbles, jets; extremetuxracer-data: skis sliding on
  snow, ice, mud, leaves, grass, rock; sonic-pi-samples' vinyl hiss; ALSA's Noise.wav), as
  recorded and in bursts. The packages are fetched with apt-get download into --cache.
* rooms: a direct sound over exponentially decaying noise (as benchmarks/no_voice.py builds
  them; RT60 0.3-2.5 s, the direct sound 3, 8 or 30 times a tail sample: weak to strong) and
  pyroomacoustics shoeboxes (image sources to order 3, ray-traced tail; target RT60 0.3-2.5 s,
  the source 0.5-1 m or 3-5 m from the microphone), and each source dry.

Split: sources (within each kind, by a SHA-1 of their name, alternately), room draws by seed
(tune seeds 1 and 2, held-out 3 and 4): the tune half is tune sources in tune rooms, the
held-out half held-out sources in held-out rooms. Choose on the tune half; read the held-out half
to report.

Printed per half and kind: how many S007 flags (in rooms and in all), how many the room exemption
spares (the unpitched or blips test would fire, but a room was read and the shape moves
min_room_shape_db or more), and those cases' shape_move_db and rt60_s (what the exemption reads);
how many the loud frames' moves spare (the unpitched test would fire, but the shape of the frames
within 10 dB of the loud level moves as words move it: no_voice_signs.worded); and every voice
flagged, by name and room.

--halls measures the same sources in other rooms instead: long halls (RT60 3 and 4 s; the
reverb analyser reads no decay there, so no room exempts anything) and rooms under pink noise
(dry, a 1.5 s tail, a 2.5 s far box at 15 dB SNR and a 3 s tail at 25 dB: the noise fills the
pauses and hides the decays), the same split and seeds.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import multiprocessing
import shutil
import struct
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.linalg import solve_toeplitz
from scipy.signal import fftconvolve, lfilter

from audiolint.rules import no_voice
from audiolint.rules import no_voice_signs as signs

sys.path.insert(0, str(Path(__file__).resolve().parent))
import no_voice_music  # noqa: E402  (its package download)
from no_voice import measure  # noqa: E402  (voice, reverb, harmony fed in blocks)
from reverb import ensure_pra  # noqa: E402  (pip-installs pyroomacoustics when missing)

TEXTS = {
    "en": "The quick brown fox jumps over the lazy dog, then rests under the old tree for a while.",
    "de": "Der schnelle braune Fuchs springt über den faulen Hund und ruht dann unter dem Baum.",
    "fr": "Le renard brun rapide saute par-dessus le chien paresseux, puis se repose un peu.",
    "es": "El rápido zorro marrón salta sobre el perro perezoso y luego descansa bajo el árbol.",
    "it": "La volpe marrone veloce salta sopra il cane pigro, poi riposa sotto il vecchio albero.",
    "nl": "De snelle bruine vos springt over de luie hond en rust dan onder de oude boom.",
    "pl": "Szybki brązowy lis przeskakuje nad leniwym psem, a potem odpoczywa pod starym drzewem.",
    "pt": "A rápida raposa marrom salta sobre o cão preguiçoso e depois descansa sob a árvore.",
    "ru": "Быстрая коричневая лиса прыгает через ленивую собаку и отдыхает под старым деревом.",
}
DEEP = ("en", "en+m3", "en-us+m1", "en+m7", "de", "fr")  # at -p 0
SPEECH = ("alsa_front", "alsa_rear", "alsa_side", "arctic_a0007", "arctic_a0009", "cs_finnegan",
          "cs_fox", "cs_mathews", "cs_mathewsn", "praat_nwts", "praat_words_b", "praat_words_y",
          "pd_voice", "sc_a11wlk01")  # fmt: skip
OPENSFX = {  # opensfx.cat's entries (by index) recorded as noise, no voice, no tune
    9: "jet take off", 11: "mining machinery", 12: "electric sparking", 13: "steam",
    24: "helicopter", 33: "jackhammer", 39: "smithy", 40: "sawmill", 46: "bubbles",
    51: "plastic mine", 52: "wind", 56: "chainsaw", 57: "heavy wind", 61: "modern jet",
}  # fmt: skip
ETR = ("grass_slide", "ice_slide", "leaves_slide", "mud_slide", "rock_slide", "snow_slide")
PACKAGES = ("openttd-opensfx", "extremetuxracer-data")
SONIC_PI = "_cache/apt/sonic-pi-samples/usr/share/sonic-pi/samples"
SECONDS = 8.0  # each source is cut to this
TAIL_RT60 = (0.3, 0.6, 1.0, 1.5, 2.0, 2.5)
DIRECTS = (3.0, 8.0, 30.0)
BOX_RT60 = (0.3, 0.6, 1.0, 1.5, 2.0, 2.5)
SEEDS = {"tune": (1, 2), "heldout": (3, 4)}
HALL_RT60 = (3.0, 4.0)  # --halls: rooms the reverb analyser reads no decay in
# --halls: (model, RT60, direct sound, SNR) of rooms under pink noise, the SNR in dB
NOISY = (("dry", 0.0, "", 15.0), ("tail", 1.5, "8", 15.0), ("box", 2.5, "far", 15.0),
         ("tail", 3.0, "30", 25.0))  # fmt: skip

SOURCES: list[tuple[str, str, str, np.ndarray, int]] = []  # (group, kind, name, x, sr)


def unit(x: np.ndarray) -> np.ndarray:
    """``x`` as float64 mono, cut to SECONDS, peak 0.5."""
    x = np.asarray(x, dtype=np.float64)
    x = x.mean(axis=1) if x.ndim == 2 else x
    return 0.5 * x / max(np.abs(x).max(), 1e-9)


def whispered(x: np.ndarray, sr: int, seed: int) -> np.ndarray:
    """``x``'s LPC envelope (25 ms frames, 10 ms apart) driven by white noise: its articulation,
    no pitch."""
    n, hop, order = int(0.025 * sr), int(0.01 * sr), 2 + sr // 1000
    window = np.hanning(n)
    rng = np.random.default_rng(seed)
    out = np.zeros(len(x) + n)
    for start in range(0, len(x) - n, hop):
        frame = x[start : start + n] * window
        r = np.correlate(frame, frame, "full")[n - 1 : n + order]
        if r[0] < 1e-10:
            continue
        r[0] *= 1.0 + 1e-6
        a = solve_toeplitz(r[:order], -r[1 : order + 1])
        gain = np.sqrt(max(r[0] + np.dot(a, r[1 : order + 1]), 1e-12) / n)
        excite = rng.standard_normal(n + order)
        y = lfilter([gain], np.concatenate(([1.0], a)), excite)[order:]
        out[start : start + n] += y * window * (hop / n * 2.0)
    return out[: len(x)]


def bursts(x: np.ndarray, sr: int, seed: int) -> np.ndarray:
    """``x`` cut into irregular pieces 0.15-0.9 s long with gaps of 0.2-0.9 s (10 ms fades)."""
    rng = np.random.default_rng(seed)
    fade = np.linspace(0, 1, int(0.01 * sr))
    parts, at = [], 0
    while sum(len(p) for p in parts) < SECONDS * sr:
        length = int(rng.uniform(0.15, 0.9) * sr)
        piece = x[at % max(1, len(x) - length) :][:length].copy()
        piece[: len(fade)] *= fade
        piece[-len(fade) :] *= fade[::-1]
        parts += [piece, np.zeros(int(rng.uniform(0.2, 0.9) * sr))]
        at += length
    return np.concatenate(parts)[: int(SECONDS * sr)]


def coloured(colour: str, n: int, rng) -> np.ndarray:
    """White, pink or brown noise of ``n`` samples."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=float)
    f[0] = np.inf
    power = {"white": 0.0, "pink": 0.5, "brown": 1.0}[colour]
    return np.fft.irfft(spec / f**power if power else spec, n)


def generated_noises(sr: int = 22050) -> list[tuple[str, np.ndarray]]:
    """Coloured noise, a fan and a hum over hiss, each steady and in bursts."""
    rng = np.random.default_rng(21)
    n = int(SECONDS * sr)
    t = np.arange(n) / sr
    hum = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 2, 3))
    fan = coloured("brown", n, rng) * (1 + 0.3 * np.sin(2 * np.pi * 23 * t))
    fan = fan / np.std(fan) + 0.2 * hum
    made = {c: coloured(c, n, rng) for c in ("white", "pink", "brown")}
    made["fan"] = fan
    made["hum over hiss"] = hum + 0.3 * rng.standard_normal(n)
    out = []
    for name, x in made.items():
        out += [(f"{name} noise steady", x), (f"{name} noise bursts", bursts(x, sr, 5))]
    return out


def opensfx(cat: Path) -> dict[int, tuple[np.ndarray, int]]:
    """OPENSFX's entries of OpenTTD's sound catalogue (a table of offsets, then per entry a
    name and a RIFF WAV)."""
    data = cat.read_bytes()
    count = (struct.unpack("<I", data[:4])[0] & 0x7FFFFFFF) // 8
    out = {}
    for i in OPENSFX:
        if i >= count:
            continue
        off, size = struct.unpack("<II", data[i * 8 : i * 8 + 8])
        off &= 0x7FFFFFFF
        riff = data.find(b"RIFF", off, off + 300)
        if riff >= 0:
            x, sr = sf.read(__import__("io").BytesIO(data[riff : off + size]), dtype="float64")
            out[i] = (x, sr)
    return out


def voices(corpus: Path) -> None:
    """Append the voices to SOURCES."""
    if shutil.which("espeak-ng") is None:
        print("skipped: espeak-ng's whispers and deep voices (no espeak-ng)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for lang, text in TEXTS.items():
                for v in ("whisper", "whisperf"):
                    said(tmp, "whisper", f"{lang}+{v}", text, ())
            for speed in ("110", "240"):
                said(tmp, "whisper", "en+whisper", TEXTS["en"], ("-s", speed))
            for v in DEEP:
                said(tmp, "deep voice", v, TEXTS[v.split("+")[0].split("-")[0]], ("-p", "0"))
            said(tmp, "creak", "en+croak", TEXTS["en"], ())
    missing = []
    for name in SPEECH:
        path = corpus / "sources" / f"{name}.wav"
        if not path.exists():
            missing.append(name)
            continue
        x, sr = sf.read(path, dtype="float64")
        x = unit(x)[: int(SECONDS * sr)]
        SOURCES.append(("voice", "speech", name, x, sr))
        SOURCES.append(("voice", "whispered speech", f"{name} whispered", whispered(x, sr, 7), sr))
    if missing:
        print(f"skipped (benchmarks/realcorpus.py builds them): {', '.join(missing)}")


def said(tmp: str, kind: str, voice: str, text: str, extra: tuple) -> None:
    """Append espeak-ng's ``voice`` saying ``text`` to SOURCES."""
    cmd = ["espeak-ng", "-v", voice, *extra, "-w", "s.wav", text]
    subprocess.run(cmd, check=True, cwd=tmp)
    x, sr = sf.read(Path(tmp) / "s.wav", dtype="float64")
    SOURCES.append(("voice", kind, " ".join((voice, *extra)), unit(x)[: int(SECONDS * sr)], sr))


def noises(corpus: Path, cache: Path) -> None:
    """Append the noises to SOURCES."""
    for name, x in generated_noises():
        SOURCES.append(("noise", "generated noise", name, unit(x), 22050))
    real: list[tuple[str, np.ndarray, int]] = []
    root = no_voice_music.packages(cache, PACKAGES)
    if root is None:
        print("skipped: openttd-opensfx and extremetuxracer-data (no apt-get)")
    else:
        cat = root / "usr/share/games/openttd/baseset/opensfx/opensfx.cat"
        if cat.exists():
            real += [(f"opensfx {OPENSFX[i]}", x, sr) for i, (x, sr) in opensfx(cat).items()]
        for name in ETR:
            path = root / f"usr/share/games/etr/sounds/{name}.wav"
            if path.exists():
                x, sr = sf.read(path, dtype="float64")
                real.append((f"etr {name}", x, sr))
    for path in (corpus / SONIC_PI / "vinyl_hiss.flac", Path("/usr/share/sounds/alsa/Noise.wav")):
        if path.exists():
            x, sr = sf.read(path, dtype="float64")
            real.append((path.stem, x, sr))
    for name, x, sr in real:
        x = unit(x)
        SOURCES.append(("noise", "recorded noise", name, x[: int(SECONDS * sr)], sr))
        SOURCES.append(("noise", "recorded noise", f"{name} bursts", bursts(x, sr, 6), sr))


def speaker(name: str) -> str:
    """The source ``name`` was made from: a recording's bursts and a speaker's whisper go with
    it into its half."""
    return name.removesuffix(" bursts").removesuffix(" whispered")


def split() -> list[str]:
    """Each source's half: within each kind, its speakers sorted by a SHA-1 of their name,
    alternately tune and held-out (a hash alone put 30 of 44 recorded noises in one half)."""
    order: dict[str, list[str]] = defaultdict(list)
    for _, kind, name, _, _ in SOURCES:
        if speaker(name) not in order[kind]:
            order[kind].append(speaker(name))
    rank = {}
    for kind, names in order.items():
        names.sort(key=lambda n: hashlib.sha1(n.encode()).hexdigest())
        rank.update({(kind, n): i for i, n in enumerate(names)})
    return [("tune", "heldout")[rank[(kind, speaker(name))] % 2] for _, kind, name, _, _ in SOURCES]


def tail_room(sr: int, rt60: float, direct: float, seed: int) -> np.ndarray:
    """A direct sound ``direct`` over decaying noise of ``rt60`` s (benchmarks/no_voice.py's)."""
    t = np.arange(int(1.5 * rt60 * sr)) / sr
    h = np.random.default_rng(seed).standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    h[0] = direct
    return h


@functools.cache
def box_room(sr: int, rt60: float, far: bool, seed: int) -> np.ndarray:
    """A pyroomacoustics shoebox of target ``rt60`` (Sabine), the source near or far; the same
    room every run (its ray tracing seeded)."""
    pra = ensure_pra()
    rng = np.random.default_rng(seed * 1000 + int(rt60 * 10) + 500 * far)
    pra.random.seed(seed * 1000 + int(rt60 * 10) + 500 * far)  # its C++ and numpy draws
    distance = rng.uniform(3, 5) if far else rng.uniform(0.5, 1)
    dim = np.array([rng.uniform(distance + 2, 12), rng.uniform(3, 9), rng.uniform(2.5, 4.5)])
    mic = np.array([1.0, rng.uniform(1, dim[1] - 1), rng.uniform(1.2, 1.8)])
    src = mic + np.array([distance, 0.0, rng.uniform(-0.2, 0.2)])  # a speaker facing it
    absorption, _ = pra.inverse_sabine(rt60, dim)
    room = pra.ShoeBox(dim, fs=sr, materials=pra.Material(absorption), max_order=3,
                       ray_tracing=True, air_absorption=True)  # fmt: skip
    room.set_ray_tracing(receiver_radius=0.5, n_rays=5000, energy_thres=1e-7)
    room.add_source(src)
    room.add_microphone(mic)
    room.compute_rir()
    return np.asarray(room.rir[0][0], dtype=np.float64)


def rooms(half: str, halls: bool = False) -> list[tuple[str, float, str, int, float | None]]:
    """(model, target RT60, direct sound, seed, SNR) of every room of ``half``, dry first; with
    ``halls``, the long halls and the noisy rooms instead (SNR: pink noise that many dB under
    the sound, else None)."""
    if halls:
        out = []
        for seed in SEEDS[half]:
            out += [("tail", rt, f"{d:g}", seed, None) for rt in HALL_RT60 for d in (8.0, 30.0)]
            out += [("box", rt, "far", seed, None) for rt in HALL_RT60]
            out += [(model, rt, d, seed, snr) for model, rt, d, snr in NOISY]
        return out
    out = [("dry", 0.0, "", 0, None)]
    for seed in SEEDS[half]:
        out += [("tail", rt, f"{d:g}", seed, None) for rt in TAIL_RT60 for d in DIRECTS]
        out += [("box", rt, far, seed, None) for rt in BOX_RT60 for far in ("near", "far")]
    return out


def case(job: tuple[int, str, tuple[str, float, str, int, float | None]]) -> dict:
    """Measure source ``job[0]`` in one room (under pink noise where the room says so)."""
    index, half, (model, rt60, direct, seed, snr) = job
    group, kind, name, x, sr = SOURCES[index]
    if model == "dry":
        y = x
    else:
        if model == "tail":
            h = tail_room(sr, rt60, float(direct), seed)
        else:
            h = box_room(sr, rt60, direct == "far", seed)
        y = fftconvolve(x, h)
    if snr is not None:  # under the level of the samples over 1 % of the peak
        noise = coloured("pink", len(y), np.random.default_rng(1000 * seed + index))
        level = np.std(y[np.abs(y) > 0.01 * np.abs(y).max()])
        y = y + noise / np.std(noise) * level * 10.0 ** (-snr / 20.0)
    y = 0.5 * y / max(np.abs(y).max(), 1e-12)
    signal = measure(y.astype(np.float32)[:, None], sr)
    where = {"model": model, "rt60": rt60, "direct": direct, "seed": seed, "snr": snr}
    return {"half": half, "group": group, "kind": kind, "name": name, **where, "signal": signal}


def exempted(s: dict, options: dict) -> str | None:
    """Which of the unpitched and blips tests would fire on ``s`` but for a room read."""
    if s.get("voiced_ratio") is None or (s.get("sounding_s") or 0) < options["min_sounding_s"]:
        return None
    shape = s.get("shape_move_db")
    if shape is not None and shape >= options["min_articulated_db"]:
        return None
    ratio, held = s["voiced_ratio"], s.get("voiced_run_ratio")
    lone = held is not None and held < options["max_run_ratio"]
    quiet = shape is None or shape < options["max_unpitched_shape_db"]
    if (ratio < options["max_voiced_ratio"] or lone) and quiet:
        return "unpitched"
    iso, rise = s.get("voiced_isolated"), s.get("blip_rise_db")
    blips = iso is not None and iso >= options["min_isolated_share"]
    return "blips" if blips and rise is not None and rise >= options["min_blip_rise_db"] else None


def report(cases: list[dict], options: dict) -> None:
    """Print S007's flags (``options``) per half and kind, and the exempted cases' fields."""
    table: dict[tuple[str, str], list] = defaultdict(list)
    for c in cases:
        s = c["signal"]
        flagged = no_voice.no_voice(s, options) is not None
        test = exempted(s, options)
        if test and not signs.roomed(s, options):
            test = "loud" if test == "unpitched" and signs.worded(s, options) else None
        table[(c["half"], c["kind"])].append((c, flagged, test))
    for (half, kind), rows in sorted(table.items()):
        voice = rows[0][0]["group"] == "voice"
        roomed = [r for r in rows if r[0]["model"] != "dry"]
        flagged = sum(f for _, f, _ in rows)
        wet = sum(f for c, f, _ in roomed)
        held = [(c, t) for c, f, t in rows if t and t != "loud" and not f]
        loud = sum(t == "loud" and not f for _, f, t in rows)
        what = "false alarms" if voice else "flagged"
        print(f"{half:<8} {kind:<17} S007 {what} {flagged:4d}/{len(rows):<4d} (in rooms "
              f"{wet}/{len(roomed)}); a room exempts {len(held)}, words in the loud frames "
              f"{loud}")  # fmt: skip
        for c, _, _ in (r for r in rows if voice and r[1]):  # name every false alarm
            where = f"{c['model']} {c['rt60']:g} {c['direct']} seed {c['seed']}"
            noise = f", pink noise {c['snr']:g} dB under" if c.get("snr") is not None else ""
            print(f"    flagged: {c['name']} in {where}{noise}")
        if held:
            shape = [c["signal"]["shape_move_db"] for c, _ in held]
            rt = [c["signal"]["rt60_s"] for c, _ in held]
            print(f"    exempted: shape_move_db {min(shape):.2f}-{max(shape):.2f} (median "
                  f"{np.median(shape):.2f}), rt60_s {min(rt):.2f}-{max(rt):.2f}")  # fmt: skip


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-no-voice-rooms"))
    ap.add_argument("--records", type=Path, help="write every case (JSON lines) here")
    ap.add_argument("--rescore", type=Path, help="judge a --records file's cases again")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--halls", action="store_true", help="long halls (RT60 3-4 s) and rooms "
                    "under pink noise instead of the ordinary rooms")  # fmt: skip
    ap.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                    help="S007 option to score with (min_room_shape_db=0: any room read exempts, "
                    "as before 1.85 dB)")  # fmt: skip
    args = ap.parse_args(argv)
    options = {**no_voice.DEFAULT}
    for pair in args.set:
        name, value = pair.split("=")
        options[name] = float(value)
    if args.rescore:
        cases = [json.loads(line) for line in args.rescore.open()]
        report(cases, options)
        return 0
    voices(args.corpus)
    noises(args.corpus, args.cache)
    halves = split()
    jobs = [(i, halves[i], r) for i in range(len(SOURCES)) for r in rooms(halves[i], args.halls)]
    print(f"{len(SOURCES)} sources, {len(jobs)} cases")
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        cases = pool.map(case, jobs, chunksize=8)
    if args.records:
        with args.records.open("w") as f:
            for c in cases:
                f.write(json.dumps(c, default=float) + "\n")
    report(cases, options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
