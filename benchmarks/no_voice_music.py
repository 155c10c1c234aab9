"""Wider material for benchmarks/no_voice.py: instrumental music from Debian packages and from
General MIDI soundfonts, and real speech over a quiet music bed.

* lmms-common's samples (beats, bass loops, instruments, latin, strings and pads; its choir and
  chorus pads and its crowd and breath left out: voices or not music), a7xpg-data's and
  torus-trooper-data's game tunes (the first 20 s from 5 s in): fetched with ``apt-get
  download`` and unpacked, never installed.
* Songs written here as MIDI (a melody on a scale, triads, a bass line, drums in some), rendered
  by fluidsynth through two soundfonts: TimGM6mb (the tune half, one set of General MIDI
  programs) and FluidR3 (the held-out half, another set): no instrument recording is in both.
* Speech over a music bed: ALSA's recorded prompts and espeak-ng's sentences over a rendered
  song 15 and 25 dB under the speech (RMS): a voice, never to be flagged.
* Noise and effects in a room (tune half only): ALSA's Noise.wav cut in twelve 0.3 s bursts
  with 0.5 s gaps, twelve 30 ms decaying noise knocks 0.6 s apart, and a rain-like texture of
  600 clicks over hiss, two seeds each, dry and in rooms of RT60 0.3, 0.6 and 1.2 s: a room's
  own noises, as a voice dataset's no-voice files often are (to be flagged).

Each kind is split by source: a package's samples by folder, renderings by soundfont and
program. What cannot be had (no apt-get, no fluidsynth) is skipped and said.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

DEBS = ("lmms-common", "a7xpg-data", "torus-trooper-data")
LMMS = "usr/share/lmms/samples"
LMMS_DIRS = ("beats", "bassloops", "instruments", "latin", "stringsnpads")
LMMS_SKIP = ("chorus", "choir")  # sung pads: a voice, or close enough not to score
GAMES = (
    "usr/share/games/a7xpg/sounds/bgm*.ogg",
    "usr/share/games/torus-trooper/sounds/musics/*.ogg",
)
SOUNDFONTS = {"tune": "TimGM6mb.sf2", "heldout": "FluidR3_GM.sf2"}
SF2_PACKAGES = ("timgm6mb-soundfont", "fluid-soundfont-gm")
# General MIDI programs by half (0-based): keys, plucked and struck, bowed, wind, synth
PROGRAMS = {
    "tune": {"piano": 0, "harpsichord": 6, "glockenspiel": 9, "marimba": 12, "organ": 19,
             "nylon guitar": 24, "clean guitar": 27, "violin": 40, "strings": 48, "trumpet": 56,
             "alto sax": 65, "flute": 73, "square lead": 80, "warm pad": 89, "sitar": 104},
    "heldout": {"electric piano": 4, "celesta": 8, "vibraphone": 11, "church organ": 19,
                "steel guitar": 25, "overdrive guitar": 29, "cello": 42, "pizzicato": 45,
                "harp": 46, "brass": 61, "oboe": 68, "clarinet": 71, "pan flute": 75,
                "saw lead": 81, "polysynth pad": 90, "steel drums": 114},
}  # fmt: skip
SCALE = (0, 2, 4, 5, 7, 9, 11)


def packages(cache: Path, debs: tuple[str, ...] = DEBS) -> Path | None:
    """Unpack ``debs`` (``apt-get download``) under ``cache``; None when that cannot be done."""
    done = cache / ".unpacked"
    if done.exists():
        return cache
    if shutil.which("apt-get") is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    got = subprocess.run(["apt-get", "download", *debs], cwd=cache, capture_output=True)
    if got.returncode != 0:
        return None
    for deb in sorted(cache.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(cache)], check=True)
    done.touch()
    return cache


def package_files(cache: Path, tmp: Path) -> list[tuple[str, str, str, Path]]:
    """(half, kind, source, path) for the packages' music; lmms folders alternate halves."""
    out = []
    for i, folder in enumerate(LMMS_DIRS):
        half = "tune" if i % 2 == 0 else "heldout"
        for path in sorted((cache / LMMS / folder).glob("*.ogg")):
            if any(s in path.name for s in LMMS_SKIP):
                continue
            out.append((half, f"lmms {folder}", f"lmms/{folder}/{path.stem}", path))
    for half, pattern in zip(("tune", "heldout"), GAMES, strict=True):
        for path in sorted(cache.glob(pattern)):
            wav = tmp / f"{path.parent.parent.name}-{path.stem}.wav"
            cmd = ["ffmpeg", "-v", "error", "-y", "-ss", "5", "-t", "20", "-i", str(path), str(wav)]
            if subprocess.run(cmd, check=False).returncode == 0:
                out.append((half, "game tune", f"{path.parent.parent.name}/{path.stem}", wav))
    return out


def song(seed: int, program: int, drums: bool, seconds: float = 12.0) -> bytes:
    """A format-0 MIDI file: a melody on ``program`` over triads and a bass line on the same
    program, with a rock beat on channel 10 when ``drums``; tempo and key drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    bpm = int(rng.integers(70, 150))
    key = int(rng.integers(48, 60))
    tick = 480  # per quarter note
    events: list[tuple[int, bytes]] = []

    def note(ch: int, pitch: int, start: int, length: int, vel: int) -> None:
        events.append((start, bytes([0x90 | ch, pitch, vel])))
        events.append((start + length - 10, bytes([0x80 | ch, pitch, 0])))

    total = int(seconds * bpm / 60 * tick)
    t, degree = 0, 7
    while t < total:
        length = int(rng.choice([240, 480, 480, 960, 720]))
        degree = int(np.clip(degree + rng.integers(-2, 3), 0, 13))
        pitch = key + 12 + 12 * (degree // 7) + SCALE[degree % 7]
        note(0, pitch, t, length, int(rng.integers(70, 110)))
        t += length
    for bar in range(0, total, 4 * tick):
        root = SCALE[int(rng.choice([0, 3, 4, 5]))]
        for step in (0, 2, 4):
            note(1, key + root + SCALE[step % 7] - SCALE[0], bar, 4 * tick, 55)
        note(2, key - 12 + root, bar, 2 * tick, 80)
        note(2, key - 12 + root, bar + 2 * tick, 2 * tick, 80)
        if drums:
            for beat in range(8):
                at = bar + beat * tick // 2
                note(9, 42, at, 100, 70)  # closed hi-hat on the eighths
                if beat in (0, 4):
                    note(9, 36, at, 200, 110)  # kick
                if beat in (2, 6):
                    note(9, 38, at, 200, 100)  # snare
    head = [(0, b"\xff\x51\x03" + int(60e6 / bpm).to_bytes(3, "big"))]
    head += [(0, bytes([0xC0 | ch, program])) for ch in (0, 1, 2)]
    track = b""
    last = 0
    for at, data in head + sorted(events, key=lambda e: (e[0], e[1][0] & 0xF0 == 0x90)):
        track += _vlq(at - last) + data
        last = at
    track += b"\x00\xff\x2f\x00"
    return (
        b"MThd" + struct.pack(">IHHH", 6, 0, 1, tick) + b"MTrk" + struct.pack(">I", len(track))
    ) + track


def _vlq(n: int) -> bytes:
    """MIDI's variable-length quantity."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def rendered(tmp: Path, sf2_dir: Path = Path("/usr/share/sounds/sf2")) -> list[tuple]:
    """(half, kind, source, path) for every program of PROGRAMS rendered through its half's
    soundfont, alone and (every other program) with drums, into ``tmp`` (a file already there
    is kept); fluidsynth and the soundfonts installed with apt-get when missing; [] without."""
    if shutil.which("fluidsynth") is None and shutil.which("apt-get"):
        cmd = ["apt-get", "install", "-y", "-qq", "fluidsynth", *SF2_PACKAGES]
        subprocess.run(cmd, check=False, capture_output=True)
    if shutil.which("fluidsynth") is None:
        return []
    tmp.mkdir(parents=True, exist_ok=True)
    out = []
    for half, programs in PROGRAMS.items():
        sf2 = sf2_dir / SOUNDFONTS[half]
        if not sf2.exists():
            continue
        for i, (name, program) in enumerate(programs.items()):
            for drums in (False, True) if i % 2 == 0 else (False,):
                mid = tmp / f"{half}-{program}-{drums}.mid"
                wav = mid.with_suffix(".wav")
                if not wav.exists():  # rendered already (a cache folder)
                    mid.write_bytes(song(program * 7 + drums, program, drums))
                    cmd = ["fluidsynth", "-ni", "-q", "-g", "0.5", "-r", "44100", "-F", str(wav)]
                    subprocess.run([*cmd, str(sf2), str(mid)], check=False, capture_output=True)
                if wav.exists():
                    kind = "midi + drums" if drums else "midi"
                    out.append((half, kind, f"{SOUNDFONTS[half][:6]} {name}", wav))
    return out


def speech_over_music(beds: list[Path], speech: list[tuple[str, np.ndarray, int]]):
    """(name, mix, rate): each speech (name, mono samples, rate) over each bed, the bed looped
    or cut to the speech's length and set BED_DB under the speech's RMS."""
    import soundfile as sf
    from scipy.signal import resample_poly

    for bed in beds:
        music, mrate = sf.read(bed, dtype="float32", always_2d=True)
        music = music.mean(axis=1)
        for name, x, rate in speech:
            m = resample_poly(music, rate, mrate) if mrate != rate else music
            m = np.resize(m, len(x))
            for db in BED_DB:
                gain = _rms(x) / max(_rms(m), 1e-9) * 10 ** (-db / 20)
                mix = x + gain * m
                yield f"{name} over {bed.stem}, {db} dB under", mix / np.abs(mix).max() * 0.5, rate


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


BED_DB = (15, 25)


NOISE_ROOMS = (0.0, 0.3, 0.6, 1.2)  # RT60 (s); 0: dry


def room_noises(seed: int) -> tuple[dict[str, np.ndarray], int]:
    """Noise bursts cut from ALSA's Noise.wav, knocks and rain-like clicks over hiss (see the
    module docstring), by name, and their rate."""
    rng = np.random.default_rng(seed)
    noise, sr = sf.read("/usr/share/sounds/alsa/Noise.wav", dtype="float64", always_2d=True)
    noise, burst = noise.mean(axis=1), int(0.3 * sr)
    parts = []
    for _ in range(12):
        a = rng.integers(0, len(noise) - burst)
        parts += [noise[a : a + burst], np.zeros(int(0.5 * sr))]
    t = np.arange(int(0.03 * sr)) / sr
    knocks = np.zeros(int(8 * sr))
    for i in range(12):
        knock = rng.standard_normal(len(t)) * np.exp(-t / 0.006) * (0.6 + 0.4 * rng.random())
        at = int(i * 0.6 * sr) + 100
        knocks[at : at + len(knock)] += knock
    rain = rng.standard_normal(int(8 * sr)) * 0.02
    for at in rng.integers(0, len(rain) - 200, 600):
        click = rng.standard_normal(100) * np.exp(-np.arange(100) / 20)
        rain[at : at + 100] += click * rng.random()
    return {"Noise.wav bursts": np.concatenate(parts), "knocks": knocks, "rain": rain}, sr


def judge_room_noises(judge, measure, in_room, kind: str) -> None:
    """Judge room_noises (two seeds) dry and in rooms of NOISE_ROOMS, in the tune half."""
    if not Path("/usr/share/sounds/alsa/Noise.wav").exists():
        print("skipped: noise in a room (no ALSA Noise.wav: Debian alsa-utils)")
        return
    for seed in (11, 12):
        sources, sr = room_noises(seed)
        rng = np.random.default_rng(seed + 100)
        for name, x in sources.items():
            for rt60 in NOISE_ROOMS:
                y = in_room(x, sr, rt60, rng) if rt60 else (0.5 * x / np.abs(x).max())[:, None]
                judge("tune", kind, f"{name} {seed}, RT60 {rt60}", measure(y, sr))
