"""No-voice detection (S007) on real speech, singing and instrumental music, and S008's gate.

    python benchmarks/no_voice.py [--corpus /tmp/audiolint-realcorpus]
                                  [--crosscheck /tmp/audiolint-crosscheck]
                                  [--singers /tmp/audiolint-singers]
                                  [--records cases.jsonl | --rescore cases.jsonl]

Sets, each judged file by file with the voice analyser fed as the pipeline feeds it:

* the real corpus (benchmarks/realcorpus.py), every file of its manifest, by half (tune /
  heldout) and kind: speech (speech, speech-lowrate, synthetic sources), singing (csound's
  sing.wav and singFemale.aif), music-only (every other music source: instruments, drums,
  bells, ambiences), noise and tone (generated). Thresholds are chosen on the tune half only.
* the cross-check set (benchmarks/crosscheck.py), by kind: speech, music, other (effects,
  ring tones, a cheering crowd: not scored).
* extra instrumental music: the Sonic Pi samples of the corpus's package cache that the corpus
  does not use (loops, drones, guitars) and Pingus's tracker tunes (12 s from 5 s in, rendered by
  ffmpeg's libopenmpt when ffmpeg is installed), and Sonic Pi's choir (voices: never flagged).
* reverberant speech: benchmarks/reverb.py's speakers in its 20 simulated rooms (tune rooms
  with tune speakers, held-out with held-out): the echo holds the pitch just spoken.
* speech in noise: ALSA's recorded prompts under white and pink noise at -30 to -15 dB.
* whispered and creaky speech: espeak-ng's en+whisper, en+whisperf and en+croak voices on two
  tune sentences and two held-out ones (whispering has no pitch, a creak a broken one), its
  monotone en+robosoft6 and en+robosoft8 (one steady pitch) on the same sentences, and its
  en, en+f3 and en-us+m3 voices on the same sentences in synthetic halls (RT60 2, 3, 4, 6 s).
* whispered speech in a room: espeak-ng's en+whisper and en+whisperf on those sentences in
  rooms of RT60 0.3, 0.6, 1.2, 1.6 and 2 s (a direct sound over decaying noise).
* words one by one: espeak-ng's en, en+f3, en-us+m3, en+croak on a tune and a held-out list.
* a phrase again and again: espeak-ng's en and en-us+f3 saying a counting phrase or a wake
  phrase eight times, dry and in rooms of RT60 0.6-2 s (its onsets repeat as a loop's do).
* wider material (benchmarks/no_voice_music.py): lmms-common's samples and two games' tunes,
  songs written as MIDI and rendered through two General MIDI soundfonts (one a half), and
  ALSA's prompts and espeak-ng's sentences over a rendered song 15 and 25 dB under the speech;
  and noise and effects in rooms (tune half): ALSA's Noise.wav in bursts, knocks and rain-like
  clicks over hiss, dry and in rooms of RT60 0.3-1.2 s (a room's own noises: to be flagged).
* real recorded solo singers (benchmarks/no_voice_singers.py, by half): whole, in 5 s and 2 s
  pieces, under noise and in simulated rooms, as recorded and pitch-corrected; and solo
  instruments from the same sms-tools folder (a saxophone's phrase, flute, trumpet, violin, cello
  and oboe notes), cut and treated the same way.
* real sung songs (benchmarks/no_voice_songs.py: SiSec 2011's two multitrack snippets, by half):
  the mix and remixes with the voice 6 dB louder and softer (voices, never flagged), the band
  without the voice and each instrument's stem (music), whole and in 5 s pieces; and each
  singer with a harmony (the same voice pitch-shifted by sox, -6 and -12 dB under: voices);
  ALSA's prompts (tune) and espeak-ng's sentences over Sonic Pi's drum roll 6-0 dB under (voices).
* deep voices (low_pitch_ratio): espeak-ng's en, en+m3, en-us+m1 and en+m7 at their lowest
  pitch (-p 0: medians 66-76 Hz) on the tune and held-out sentences, dry, in rooms of RT60 0.3,
  0.6 and 1.2 s and under white noise 30 dB down; ALSA's prompts resynthesised by WORLD
  (pyworld) with their median pitch moved to 65, 70 and 75 Hz, dry and in 0.6 and 1.2 s rooms;
  and ALSA's prompts over a 60 Hz mains hum (with its second harmonic) 20 and 10 dB under the
  speech's RMS (a voice, whatever else is wrong with the file: counted as false alarms).
* generated bells (tests/audiogen.py's: a church bell's partials decaying exponentially, struck
  every 0.9 s, one note or a falling scale), its synthetic organ scale (one held note at a time,
  clean and in noise) and steady buzz (120 and 220 Hz in white noise 2-4 dB under it), and held
  sung vowels (its sung_vowel: /a/ at 80-330 Hz, vibrato 0.2-0.5 semitone; a voice's stillest
  spectrum).

A voice flagged (speech, singing, a choir) is a false alarm and counts against the rule; a
music-only file missed is acceptable (music whose notes move is not found). S008 (reverb) is
printed next to it: how many of the music files and bells it would fire on without its voice
gate and with it. What is missing is skipped, and said.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import fftconvolve
from signal_rule import fires

from audiolint.analysis.harmony import Harmony
from audiolint.analysis.reverb import Reverb
from audiolint.analysis.voice import Voice
from audiolint.rules import no_voice, reverb

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import audiogen  # noqa: E402  (the generated bell)
import no_voice_music  # noqa: E402  (lmms, game tunes, rendered MIDI, speech over music)
import no_voice_singers  # noqa: E402  (real recorded solo singers, solo instruments)
import no_voice_songs  # noqa: E402  (real sung songs, and their band without the voice)

SPEECH = ("speech", "speech-lowrate", "synthetic")
SINGING = ("cs_sing", "cs_singfemale")
SONIC_PI = "_cache/apt/sonic-pi-samples/usr/share/sonic-pi/samples"
EXTRA_SONIC_PI = ("loop_garzul", "loop_mika", "loop_safari", "loop_compus", "loop_breakbeat",
                  "loop_electric", "loop_weirdo", "loop_drone_g_97", "ambi_drone",
                  "ambi_lunar_land", "ambi_dark_woosh", "ambi_glass_hum", "guit_e_fifths",
                  "guit_harmonics", "bass_voxy_c", "loop_perc1", "loop_perc2",
                  "loop_3d_printer")  # fmt: skip
PINGUS = "_cache/apt/pingus-data/usr/share/games/pingus/data/music"
ALSA = Path("/usr/share/sounds/alsa")
WHISPER_TEXTS = {
    "tune": (
        "Every file in a voice dataset should hold the voice itself, and nothing else at all.",
        "The quick brown fox jumps over the lazy dog, then rests under the old tree for a while.",
    ),
    "heldout": (
        "She sells sea shells by the sea shore, and the shells she sells are surely sea shells.",
        "A linter reads every recording and says what it found, with the evidence.",
    ),
}
WORDS = {
    "tune": "yes. no. stop. go. left. right. up. down. on. off. one. two. three.",
    "heldout": "cat. dog. pig. cup. top. kit. bat. pot. tip. cap. pick. tuck.",
}
BLOCK = 65536
WHISPER = "whisper, creak"
HALL, WORD, VOWEL, ROBOT = "espeak-ng in a hall", "words one by one", "sung vowel", "monotone"
BED = "speech over music"
REPEATED = "a phrase again and again"
WET_WHISPER = "whisper in a room"
STEADY = "organ, buzz"  # tests/audiogen.py's organ scale and buzz in noise
DEEP, HUMMED = "deep voice", "speech over a hum"  # pitched near the bottom of the search
VOICES = ("speech", "singing", "speech in a room", "speech in noise", WHISPER, HALL, WORD)
VOICES += (VOWEL, ROBOT, BED, REPEATED, WET_WHISPER, no_voice_singers.KIND, no_voice_singers.FLAT)
VOICES += (DEEP, HUMMED, no_voice_songs.SONG, no_voice_songs.HARMONY, no_voice_songs.ROLLED)
PHRASES = {  # said eight times over: counting, a wake word (its onsets repeat as a loop's do)
    "tune": ("one two three four five.", "Please say hello to the new assistant."),
    "heldout": ("Hey computer, turn on the lights.", "six seven eight nine ten."),
}
DRY_VOICES, HALL_VOICES = ("en+whisper", "en+whisperf", "en+croak"), ("en", "en+f3", "en-us+m3")
ROBOTS = ("en+robosoft6", "en+robosoft8")  # espeak-ng's monotone voices: one steady pitch


def measure(x: np.ndarray, sr: int) -> dict:
    """The voice, reverb and harmony analysers' results for ``x`` (frames x channels) fed in
    blocks (S007's tuned-notes test reads the harmony analyser's second pitch)."""
    analysers = [Voice(sr, x.shape[1]), Reverb(sr, x.shape[1]), Harmony(sr, x.shape[1])]
    x = x.astype(np.float32)
    for i in range(0, len(x), BLOCK):
        for a in analysers:
            a.update(x[i : i + BLOCK])
    return {k: v for a in analysers for k, v in a.result().items()}


def corpus_files(corpus: Path) -> list[tuple[str, str, str, Path]]:
    """(set, kind, source, path) for every file of a corpus manifest; set is the row's half."""
    manifest = corpus / "manifest.csv"
    if not manifest.exists():
        print(f"skipped: {corpus} (no manifest.csv)")
        return []
    out = []
    for row in csv.DictReader(manifest.open()):
        kind = row["kind"]
        if kind in SPEECH:
            kind = "speech"
        elif row["source"] in SINGING:
            kind = "singing"
        elif kind.startswith("music"):
            kind = "music-only"
        elif row["class"] in ("noise", "tone"):
            kind = row["class"]
        else:
            continue  # silence, the dither-only file, the elephant, effects: not scored
        out.append((row["half"], kind, row["source"], corpus / row["path"]))
    return out


def extra_files(corpus: Path, crosscheck: Path, tmp: Path) -> list[tuple[str, str, str, Path]]:
    """Instrumental music the corpora do not use, and Sonic Pi's choir."""
    out, missing = [], []
    for name in EXTRA_SONIC_PI + ("ambi_choir",):
        path = corpus / SONIC_PI / f"{name}.flac"
        kind = "singing" if name == "ambi_choir" else "music-only"
        if path.exists():
            out.append(("extra", kind, f"sonic-pi/{name}", path))
        else:
            missing.append(name)
    tunes = sorted((crosscheck / PINGUS).glob("*.it")) + sorted((crosscheck / PINGUS).glob("*.s3m"))
    if shutil.which("ffmpeg") is None:
        missing.append("pingus tunes (no ffmpeg)")
        tunes = []
    for tune in tunes:
        wav = tmp / f"{tune.stem}.wav"
        cmd = ["ffmpeg", "-v", "error", "-y", "-ss", "5", "-t", "12", "-i", str(tune), str(wav)]
        if subprocess.run(cmd, check=False).returncode == 0 and wav.exists():
            out.append(("extra", "music-only", f"pingus/{tune.name}", wav))
    if missing:
        print(f"skipped (not in the package caches): {', '.join(missing)}")
    return out


def wet_speech(judge, corpus: Path) -> None:
    """Judge benchmarks/reverb.py's speakers convolved with its simulated rooms (half by half)."""
    try:
        import reverb as rooms_bench

        pra = rooms_bench.ensure_pra()
    except Exception as e:  # noqa: BLE001  (no pyroomacoustics and no pip: say so, go on)
        print(f"skipped: reverberant speech ({e})")
        return
    rng = np.random.default_rng(1)
    speakers = rooms_bench.speakers(corpus)
    for room in rooms_bench.rooms(pra, 20):
        for name, x in speakers.items():
            if rooms_bench.held_out(name) != room["heldout"]:
                continue
            y = fftconvolve(x, room["h"])
            y = 0.5 * y / np.abs(y).max() + rng.standard_normal(len(y)) * 5e-4
            half = "heldout" if room["heldout"] else "tune"
            judge(half, "speech in a room", name, measure(y[:, None], rooms_bench.RATE))


def rolled_voices() -> list[tuple[str, str, np.ndarray, int]]:
    """(half, name, samples, rate) for the speech over a drum roll: ALSA's prompts (tune) and
    espeak-ng's first sentence of each half."""
    out = []
    found = alsa_prompts()
    if found is not None:
        out.append(("tune", "alsa", *found))
    if shutil.which("espeak-ng"):
        with tempfile.TemporaryDirectory() as tmp:
            for half, texts in WHISPER_TEXTS.items():
                subprocess.run(["espeak-ng", "-w", f"{tmp}/s.wav", texts[0]], check=True)
                x, sr = sf.read(f"{tmp}/s.wav", dtype="float32")
                out.append((half, f"espeak-ng {half}", x, sr))
    return out


def alsa_prompts() -> tuple[np.ndarray, int] | None:
    """ALSA's eight recorded prompts (mono float32), each followed by half a second of silence,
    and their rate; None without them."""
    prompts = sorted(ALSA.glob("*_*.wav"))
    if not prompts:
        return None
    parts = []
    for path in prompts:
        x, sr = sf.read(path, dtype="float32", always_2d=True)
        parts += [x.mean(axis=1), np.zeros(sr // 2, np.float32)]
    return np.concatenate(parts), sr


def noisy_speech(judge) -> None:
    """Judge ALSA's eight recorded prompts, half a second apart, under white and pink noise at
    -30, -20 and -15 dB (RMS, re full scale; the speech peaks at -6 dBFS)."""
    found = alsa_prompts()
    if found is None:
        print("skipped: speech in noise (no ALSA prompts: Debian alsa-utils)")
        return
    speech, sr = found
    speech = 0.5 * speech / np.abs(speech).max()
    rng = np.random.default_rng(4)
    for colour in ("white", "pink"):
        noise = rng.standard_normal(len(speech))
        if colour == "pink":
            spec = np.fft.rfft(noise)
            f = np.arange(len(spec), dtype=float)
            f[0] = np.inf
            noise = np.fft.irfft(spec / np.sqrt(f), len(speech))
        noise /= np.sqrt(np.mean(noise**2))
        for db in (-30, -20, -15):
            r = measure((speech + noise * 10 ** (db / 20))[:, None], sr)
            judge("generated", "speech in noise", f"alsa, {colour} {db} dB", r)


def said(tmp: str, voice: str, text: str) -> tuple[np.ndarray, int]:
    """espeak-ng's ``voice`` saying ``text`` (written in ``tmp``): mono samples and rate."""
    subprocess.run(["espeak-ng", "-v", voice, "-w", "s.wav", text], check=True, cwd=tmp)
    x, sr = sf.read(Path(tmp) / "s.wav", dtype="float32")
    return x, sr


def espeak_voices(judge) -> None:
    """Judge espeak-ng's words one by one; its whispered (two voices) and creaky voices dry, and
    three plain voices in synthetic halls (decaying noise, RT60 2-6 s), on two tune sentences and
    two held-out ones: voices with little or broken pitch, and a long echo holding it."""
    if shutil.which("espeak-ng") is None:
        print("skipped: words, whispered, creaky and hall speech (no espeak-ng)")
        return
    rng = np.random.default_rng(0)
    wet = np.random.default_rng(5)  # the whispers' rooms (the halls keep their draws)
    with tempfile.TemporaryDirectory() as tmp:
        for half, text in WORDS.items():
            for voice in HALL_VOICES + ("en+croak",):
                x, sr = said(tmp, voice, text)
                judge(half, WORD, voice, measure(x[:, None], sr))
        for half, texts in WHISPER_TEXTS.items():
            for i, text in enumerate(texts):
                for voice in DRY_VOICES + ROBOTS + HALL_VOICES:
                    x, sr = said(tmp, voice, text)
                    if voice in DRY_VOICES + ROBOTS:
                        kind = WHISPER if voice in DRY_VOICES else ROBOT
                        judge(half, kind, f"{voice} {i}", measure(x[:, None], sr))
                        if voice.startswith("en+whisper"):
                            whispered_in_rooms(judge, half, f"{voice} {i}", x, sr, wet)
                        continue
                    for rt60 in (2.0, 3.0, 4.0, 6.0):
                        t = np.arange(int(1.5 * rt60 * sr)) / sr
                        hall = rng.standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
                        y = fftconvolve(x, hall)
                        y = (0.5 * y / np.abs(y).max())[:, None]
                        judge(half, HALL, f"{voice} {i}, RT60 {rt60:.0f} s", measure(y, sr))


def in_room(x: np.ndarray, sr: int, rt60: float, rng) -> np.ndarray:
    """``x`` in a room of ``rt60`` s (a direct sound over decaying noise), peak 0.5, one column."""
    t = np.arange(int(1.5 * rt60 * sr)) / sr
    room = rng.standard_normal(len(t)) * np.exp(-6.9 * t / rt60)
    room[0] = 30.0  # the direct sound
    y = fftconvolve(x, room)
    return (0.5 * y / np.abs(y).max())[:, None]


def whispered_in_rooms(judge, half: str, name: str, x: np.ndarray, sr: int, rng) -> None:
    """Judge a whispered sentence in rooms of RT60 0.3, 0.6 and 1.2 s: no pitch at all, and
    the room smooths the moves of its spectrum's shape."""
    for rt60 in (0.3, 0.6, 1.2):
        y = in_room(x, sr, rt60, rng)
        judge(half, WET_WHISPER, f"{name}, RT60 {rt60:.1f} s", measure(y, sr))


def whispers_in_long_rooms(judge) -> None:
    """Judge espeak-ng's en+whisper and en+whisperf on both halves' sentences in rooms of RT60
    1.6 and 2 s (draws of their own): the echo smooths a whisper's shape down to noise's."""
    if shutil.which("espeak-ng") is None:
        print("skipped: whispers in long rooms (no espeak-ng)")
        return
    rng = np.random.default_rng(9)
    with tempfile.TemporaryDirectory() as tmp:
        for half, texts in WHISPER_TEXTS.items():
            for i, text in enumerate(texts):
                for voice in ("en+whisper", "en+whisperf"):
                    x, sr = said(tmp, voice, text)
                    for rt60 in (1.6, 2.0):
                        y = in_room(x, sr, rt60, rng)
                        judge(half, WET_WHISPER, f"{voice} {i}, RT60 {rt60:.1f} s", measure(y, sr))


def repeated_phrases(judge) -> None:
    """Judge espeak-ng (en, en-us+f3) saying each of PHRASES eight times, dry and in rooms of
    RT60 0.6, 1.2 and 2 s (a direct sound over decaying noise): a voice repeating itself."""
    if shutil.which("espeak-ng") is None:
        print("skipped: phrases said again and again (no espeak-ng)")
        return
    rng = np.random.default_rng(0)
    voices = ("en", "en-us+f3")
    spoken = [(h, i, p, v) for h, ps in PHRASES.items() for i, p in enumerate(ps) for v in voices]
    with tempfile.TemporaryDirectory() as tmp:
        for half, i, phrase, voice in spoken:
            x, sr = said(tmp, voice, " ".join([phrase] * 8))
            for rt60 in (0.0, 0.6, 1.2, 2.0):
                y = in_room(x, sr, rt60, rng) if rt60 else (0.5 * x / np.abs(x).max())[:, None]
                judge(half, REPEATED, f"{voice} {i}, RT60 {rt60:.1f} s", measure(y, sr))


def deep_voices(judge) -> None:
    """Judge voices pitched near the bottom of the voice analyser's search (60 Hz): espeak-ng's
    lowest voices and ALSA's prompts moved down by WORLD, dry, in rooms and under noise, and
    ALSA's prompts over a loud 60 Hz hum (see the module docstring)."""
    rng = np.random.default_rng(6)
    if shutil.which("espeak-ng"):
        with tempfile.TemporaryDirectory() as tmp:
            for half, texts in WHISPER_TEXTS.items():
                for voice in ("en", "en+m3", "en-us+m1", "en+m7"):
                    subprocess.run(["espeak-ng", "-v", voice, "-p", "0", "-w", f"{tmp}/s.wav",
                                    texts[0]], check=True)  # fmt: skip
                    x, sr = sf.read(f"{tmp}/s.wav", dtype="float32")
                    x = 0.5 * x / np.abs(x).max()
                    judge(half, DEEP, f"espeak-ng {voice} -p 0", measure(x[:, None], sr))
                    for rt60 in (0.3, 0.6, 1.2):
                        y = in_room(x, sr, rt60, rng)
                        judge(half, DEEP, f"espeak-ng {voice} -p 0, RT60 {rt60} s", measure(y, sr))
                    y = x + rng.standard_normal(len(x)) * _rms(x) * 10 ** (-30 / 20)
                    judge(
                        half, DEEP, f"espeak-ng {voice} -p 0, noise -30 dB", measure(y[:, None], sr)
                    )
    else:
        print("skipped: deep espeak-ng voices (no espeak-ng)")
    found = alsa_prompts()
    if found is None:
        print("skipped: deep and hummed ALSA prompts (no ALSA prompts)")
        return
    speech, sr = found[0].astype(np.float64), found[1]
    speech = 0.5 * speech / np.abs(speech).max()
    t = np.arange(len(speech)) / sr
    hum = np.sin(2 * np.pi * 60 * t) + 0.3 * np.sin(2 * np.pi * 120 * t)
    talk = _rms(speech[np.abs(speech) > 0.01])
    for db in (-20, -10):
        y = speech + hum / _rms(hum) * talk * 10 ** (db / 20)
        judge("generated", HUMMED, f"alsa over 60 Hz hum {db} dB", measure(y[:, None], sr))
    try:
        import pyworld
    except ImportError:
        print("skipped: ALSA's prompts moved down by WORLD (no pyworld)")
        return
    f0, frames = pyworld.harvest(speech, sr)
    env, ap = pyworld.cheaptrick(speech, f0, frames, sr), pyworld.d4c(speech, f0, frames, sr)
    middle = float(np.median(f0[f0 > 0]))
    for target in (65, 70, 75):
        y = pyworld.synthesize(f0 * target / middle, env, ap, sr)
        judge("generated", DEEP, f"alsa, WORLD median {target} Hz", measure(y[:, None], sr))
        for rt60 in (0.6, 1.2):
            r = measure(in_room(y, sr, rt60, rng), sr)
            judge("generated", DEEP, f"alsa, WORLD median {target} Hz, RT60 {rt60} s", r)


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def wider(cache: Path, tmp: Path, judge) -> list[tuple[str, str, str, Path]]:
    """no_voice_music's files (packages and renderings), and its speech over music judged here."""
    files = []
    unpacked = no_voice_music.packages(cache)
    if unpacked is None:
        print(f"skipped: {', '.join(no_voice_music.DEBS)} (apt-get download failed)")
    else:
        files += no_voice_music.package_files(unpacked, tmp)
    songs = no_voice_music.rendered(cache / "midi")
    if not songs:
        print("skipped: rendered MIDI and speech over music (no fluidsynth or soundfonts)")
    files += songs
    speech = []
    for half, texts in WHISPER_TEXTS.items():
        for i, text in enumerate(texts):
            if shutil.which("espeak-ng"):
                subprocess.run(["espeak-ng", "-w", str(tmp / "s.wav"), text], check=True)
                x, sr = sf.read(tmp / "s.wav", dtype="float32")
                speech.append((half, f"espeak-ng {half} {i}", x, sr))
    found = alsa_prompts()
    if found is not None:
        alsa, sr = found
        speech += [("tune", "alsa", alsa, sr), ("heldout", "alsa", alsa, sr)]
    for half, name, x, sr in speech:
        beds = [p for h, _, _, p in songs if h == half]
        for label, mix, rate in no_voice_music.speech_over_music(beds, [(name, x, sr)]):
            judge(half, BED, label, measure(mix[:, None], rate))
    return files


def measure_all(args, judge) -> int:
    """Measure every set and ``judge`` each case; returns how many files soundfile could not
    read."""
    unread = 0
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus_files(args.corpus)
        files += [("cross", k, n, p) for _, k, n, p in corpus_files(args.crosscheck)]
        files += extra_files(args.corpus, args.crosscheck, Path(tmp))
        files += wider(args.cache, Path(tmp), judge)
        for group, kind, name, path in files:
            try:
                x, sr = sf.read(path, always_2d=True, dtype="float32")
            except (sf.LibsndfileError, RuntimeError):
                unread += 1
                continue
            judge(group, kind, name, measure(x, sr))
    wet_speech(judge, args.corpus)
    noisy_speech(judge)
    espeak_voices(judge)
    whispers_in_long_rooms(judge)
    repeated_phrases(judge)
    deep_voices(judge)
    no_voice_music.judge_room_noises(judge, measure, in_room, "noise in a room")
    no_voice_singers.judge_singers(judge, measure, args.singers, args.singers_cache)
    no_voice_singers.judge_flattened(judge, measure, args.singers, args.singers_cache)
    no_voice_singers.judge_instruments(judge, measure, args.singers)
    no_voice_songs.judge_songs(judge, measure, args.singers)
    no_voice_songs.judge_harmonies(judge, measure, args.singers, args.singers_cache)
    no_voice_songs.judge_speech_over_roll(judge, measure, args.corpus / SONIC_PI / "drum_roll.flac",
                                          rolled_voices())  # fmt: skip
    for notes, label in (([440.0] * 6, "one note"), ([440, 392, 349, 330, 294, 262], "a scale")):
        for tau in (0.15, 0.4):
            r = measure(audiogen.bell(44100, notes, tau), 44100)
            judge("generated", "bell", f"bell, {label}, tau {tau} s", r)
    for noise in (0.0, 0.01):  # one steady note at a time, level held (no voice's swell)
        r = measure(audiogen.organ_scale(44100, noise), 44100)
        judge("generated", STEADY, f"organ scale, noise {noise}", r)
    for f0 in (120.0, 220.0):  # noise makes the buzz's pitch waver, not its level
        for snr in (2.0, 3.0, 4.0):
            r = measure(audiogen.buzz_in_noise(44100, f0, snr), 44100)
            judge("generated", STEADY, f"{f0:.0f} Hz buzz, SNR {snr:g} dB", r)
    for f0 in (80.0, 100.0, 110.0, 150.0, 220.0, 330.0):
        for swing in (0.2, 0.3, 0.5):
            r = measure(audiogen.sung_vowel(44100, f0, swing), 44100)
            judge("generated", VOWEL, f"{f0:.0f} Hz, vibrato {swing} st", r)
    return unread


def rescore(path: Path, judge) -> None:
    """``judge`` each case of a ``--records`` file again (the rules as they are now, the signal
    as it was measured then)."""
    with path.open() as f:
        for line in f:
            case = json.loads(line)
            judge(case["group"], case["kind"], case["name"], case["signal"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--crosscheck", type=Path, default=Path("/tmp/audiolint-crosscheck"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-no-voice-debs"))
    ap.add_argument("--singers", type=Path, default=Path("/tmp/audiolint-singers"))
    ap.add_argument("--singers-cache", type=Path, default=Path("/tmp/audiolint-backing-vocals"))
    ap.add_argument("--records", type=Path, help="write every case's signal record here (JSON "
                    "lines: group, kind, name, signal), to score a rule change without measuring "
                    "again")  # fmt: skip
    ap.add_argument(
        "--rescore",
        type=Path,
        help="judge the cases of a --records file instead "
        "of measuring (seconds, not minutes: for a rule change, not an analyser's)",
    )
    args = ap.parse_args(argv)
    if args.records and args.rescore:
        ap.error("--records and --rescore: measure, or judge what was measured, not both")
    records = args.records.open("w") if args.records else None
    results: dict[tuple[str, str], list[tuple[str, bool, bool, bool]]] = defaultdict(list)
    steady: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    isolated: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    shape: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    swell: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    hits: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    tuned: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    repeats: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    gate_off = {**reverb.DEFAULT, "min_voiced_ratio": 0.0}

    def judge(group: str, kind: str, name: str, r: dict) -> None:
        if records is not None:
            case = {"group": group, "kind": kind, "name": name, "signal": r}
            records.write(json.dumps(case, default=float) + "\n")
        no_gate = r["c50_db"] is not None and r["c50_db"] < gate_off["max_c50_db"]
        results[(group, kind)].append((name, fires(no_voice, r), no_gate, fires(reverb, r)))
        steady[(group, kind)].append(r["pitch_steady"])
        isolated[(group, kind)].append(r["voiced_isolated"])
        shape[(group, kind)].append(r["shape_move_db"])
        swell[(group, kind)].append(r["level_move_db"])
        hits[(group, kind)].append(r["hit_decay"])
        tuned[(group, kind)].append(
            r.get("pitch_tuned") if (r.get("tuned_notes") or 0) >= 3 else None
        )
        repeats[(group, kind)].append(r.get("onset_repeat_db"))

    if args.rescore:
        rescore(args.rescore, judge)
        print(f"judged again from {args.rescore} (the signal as then measured; files soundfile "
              "could not read then are not in it)")  # fmt: skip
        unread = 0
    else:
        unread = measure_all(args, judge)
    print(f"S007 fires at pitch_steady >= {no_voice.DEFAULT.get('min_held_share')} (and its other "
          f"tests); {unread} files soundfile cannot read skipped")  # fmt: skip
    order = {"tune": 0, "heldout": 1, "cross": 2, "extra": 3, "generated": 4}
    for key in sorted(results, key=lambda k: (order.get(k[0], 9), k[1])):
        rows = results[key]
        voice = key[1] in VOICES
        fired = [n for n, f, _, _ in rows if f]
        what = "false alarms" if voice else "flagged"
        no_gate, gate = sum(g for _, _, g, _ in rows), sum(s for _, _, _, s in rows)
        print(f"  {key[0]:<9} {key[1]:<11} S007 {what} {len(fired):3d}/{len(rows):<3d} "
              f"({len(fired) / len(rows):6.1%}); S008 without its voice gate {no_gate:3d}, "
              f"with it {gate:3d}")  # fmt: skip
        fields = (("pitch_steady", steady[key]), ("voiced_isolated", isolated[key]))
        fields += (("shape_move_db", shape[key]), ("level_move_db", swell[key]))
        fields += (("hit_decay", hits[key]),)
        fields += (("pitch_tuned (3+ notes)", tuned[key]), ("onset_repeat_db", repeats[key]))
        for field, values in fields:
            told = [v for v in values if v is not None]
            if told:
                print(f"    {field} min {min(told):.2f}, median {np.median(told):.2f}, "
                      f"max {max(told):.2f} ({len(values) - len(told)} without)")  # fmt: skip
        listed = fired if voice else [n for n, f, _, _ in rows if not f]
        if listed:  # by source: how many of its files
            count = Counter(listed)
            label = "    S007 fired on: " if voice else "    S007 missed: "
            print(label + ", ".join(f"{n} {count[n]}" for n in sorted(count)))
        gated = Counter(n for n, _, _, s in rows if s)
        if gated:
            print(
                "    S008 fires with the gate: "
                + ", ".join(f"{n} {gated[n]}" for n in sorted(gated))
            )
    if records is not None:
        records.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
