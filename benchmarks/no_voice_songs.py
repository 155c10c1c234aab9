"""Real sung songs with their instruments, and the same songs without the voice, for
benchmarks/no_voice.py: S007 must flag no song with a voice in it (a voice with a band under it
is not "no voice"), and should flag the band alone.

The SiSec 2011 development songs (multitrack snippets: Bearlin's "Roads", 14 s, and "Ultimate NZ
Tour", 18 s; each stem a stereo 44.1 kHz WAV) were in pyroomacoustics' repository
(github.com/LCAV/pyroomacoustics, examples/input_samples/SiSec2011_Music/, added in 4ac8f49 and
removed in 6a70e9f). None is on PyPI or in Debian. Where the ``--singers`` folder lacks them,
they are taken from a git copy of that repository (``PYROOMACOUSTICS_GIT``, else ``MIRRORS``: a
clone, bare or not, or ``git clone --bare`` it there yourself) at ``SISEC_COMMIT``, each song's
stems and its licence file written beside the singers (``fetch_songs``); without one they are
skipped, and said. Halves are fixed by song (Bearlin tune, NZ Tour held-out).

Licence (the files shipped with each snippet, in that same commit; pyroomacoustics' own MIT
licence does not cover them): "Roads" is copyrighted material of Bearlin (Ignasi Calvo and Jordi
Rabascall); its use for scientific research purposes is granted if credit is given (Artist:
Bearlin (Ignasi Calvo & Jordi Rabascall); Song: Roads; Producer: Sergi Vila & Bearlin; Website:
www.bearlin.net), and any other use is explicitly prohibited. "The Ultimate NZ Tour" (remix by
Michel Desnoues, Telecom ParisTech) is under Creative Commons Attribution-NonCommercial-ShareAlike
3.0 (its file names BY-NC-SA 3.0 and links the BY-NC 3.0 deed). So the audio is read here to
measure the linter, never committed or shipped with it, and no figure from it may serve a
commercial end; the licence files are copied with the stems.

Cases, each whole and in 5 s pieces: the published mix (kind ``SONG``: a voice); the stems summed
with the vocal stem 6 dB louder and 6 dB softer than in the mix (``SONG`` too: the singer still
sings); the stems summed without the vocal stem (kind ``BAND``: music, no voice); and each
instrument's stem alone, whole (kind ``STEM``: music). In both mixes the voice sits 6-8 dB under
the whole, in every 5 s piece.

Also a singer with a harmony (kind ``HARMONY``: voices): each of benchmarks/no_voice_singers.py's
singers (its halves) and csound's two recorded singers (tune), their first 20 s, with the same
voice pitch-shifted by sox's ``pitch`` effect (+3, +4, +7 and -5 semitones) mixed under it at -6
and -12 dB by RMS, and with a triad (+4 and +7 at -6 dB), as benchmarks/backing_vocals.py mixes
them. Two singers in chords are still singing.

And speech over a drum roll (kind ``ROLLED``: voices): ALSA's prompts and espeak-ng's sentences
(tune and held-out texts) over Sonic Pi's recorded drum roll, looped, 6, 3 and 0 dB under the
words' loud RMS. The roll's strokes move the level 8-25 times a second (S007's flutter test);
the words are still there.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
from no_voice_singers import singers

# song -> half
SONGS = {"dev1__bearlin-roads__snip_85_99": "tune", "dev2__ultimate_nz_tour__snip_43_61": "heldout"}
# pyroomacoustics' commit that holds them (4ac8f49, 6a70e9f's parent) and where a copy may be
SISEC_COMMIT = "4ac8f49ec9e48dab841b0429b7c183f1a379abf2"
SISEC_DIR = "examples/input_samples/SiSec2011_Music"
MIRRORS = (Path("/work/.mirror/LCAV+pyroomacoustics/repo"), Path("/tmp/pyroomacoustics.git"))
SONG, BAND, STEM = "sung song", "band, no voice", "song stem"
HARMONY = "singer with a harmony"
ROLLED, ROLL_DB = "speech over a drum roll", (-6.0, -3.0, 0.0)
PIECE_S = 5.0
CSOUND = Path("/usr/share/doc/csound-doc/html/examples")  # sing.wav.gz, singFemale.aif.gz
CENTS, LONGEST_S = (300, 400, 700, -500), 20.0


def _cases(stems: dict[str, np.ndarray], sr: int):
    """(kind, label, samples) of one song's stems (see the module's docstring)."""
    band = sum(x for name, x in stems.items() if name not in ("mix", "vocals"))
    voice = stems["vocals"]
    whole = [(SONG, "mix", stems["mix"]), (BAND, "band", band)]
    whole += [(SONG, f"vocals {db:+d} dB", band + voice * 10 ** (db / 20)) for db in (6, -6)]
    for kind, label, x in whole:
        yield kind, label, x
        n = int(PIECE_S * sr)
        for i in range(0, len(x) - n + 1, n):
            yield kind, f"{label} {PIECE_S:g} s piece {i // n}", x[i : i + n]
    for name, x in stems.items():
        if name not in ("mix", "vocals"):
            yield STEM, name, x


def _git_copy() -> Path | None:
    """A git directory of pyroomacoustics that holds ``SISEC_COMMIT``, or ``None``."""
    env = os.environ.get("PYROOMACOUSTICS_GIT")
    for path in ([Path(env)] if env else []) + list(MIRRORS):
        for git_dir in (path, path / ".git"):
            ok = subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "-e",
                                 f"{SISEC_COMMIT}^{{commit}}"], capture_output=True)  # fmt: skip
            if git_dir.exists() and ok.returncode == 0:
                return git_dir
    return None


def fetch_songs(folder: Path) -> list[str]:
    """Write into ``folder`` the stems (and licence files) of every song of ``SONGS`` that it
    lacks, from a git copy of pyroomacoustics at ``SISEC_COMMIT``; the songs still missing."""
    missing = [s for s in SONGS if not (folder / f"{s}__mix.wav").exists()]
    git_dir = _git_copy() if missing and shutil.which("git") else None
    if git_dir is None:
        return missing
    tree = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", "--name-only",
                           SISEC_COMMIT, SISEC_DIR], capture_output=True, check=True)  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    for path in tree.stdout.decode().split("\0"):
        name = path.rsplit("/", 1)[-1]
        if name.startswith(tuple(s.split("__")[0] for s in missing)) and (
            name.endswith(".wav") or "license" in name
        ):
            blob = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{SISEC_COMMIT}:{path}"],
                                  capture_output=True, check=True)  # fmt: skip
            (folder / name).write_bytes(blob.stdout)
    return [s for s in SONGS if not (folder / f"{s}__mix.wav").exists()]


def judge_songs(judge, measure, folder: Path) -> None:
    """Judge every song whose stems are in ``folder`` (by half), taken from a git copy of
    pyroomacoustics where missing (``fetch_songs``); say which are missing."""
    if fetch_songs(folder):
        print(f"skipped: SiSec 2011 songs not in {folder} and no git copy of pyroomacoustics "
              f"holding {SISEC_COMMIT[:7]} (set PYROOMACOUSTICS_GIT to a clone of "
              "github.com/LCAV/pyroomacoustics)")  # fmt: skip
    for song, half in SONGS.items():
        paths = sorted(folder.glob(f"{song}__*.wav"))
        names = {p.stem.rsplit("__", 1)[-1]: p for p in paths}
        if "mix" not in names or "vocals" not in names:
            print(f"skipped (song not found in {folder}): {song}")
            continue
        stems = {}
        for name, path in names.items():
            x, sr = sf.read(path, always_2d=True, dtype="float32")
            stems[name] = x
        for kind, label, x in _cases(stems, sr):
            judge(half, kind, f"{song.split('__')[1]} {label}", measure(x, sr))


def _shifted(x: np.ndarray, sr: int, cents: int) -> np.ndarray:
    """``x`` pitch-shifted by sox (same length, same timing)."""
    with tempfile.TemporaryDirectory() as tmp:
        sf.write(f"{tmp}/a.wav", x, sr, subtype="FLOAT")
        subprocess.run(["sox", "-V1", f"{tmp}/a.wav", f"{tmp}/b.wav", "pitch", str(cents)],
                       check=True)  # fmt: skip
        y, _ = sf.read(f"{tmp}/b.wav", dtype="float32")
    return y[: len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y)))


def _voice(path: Path) -> tuple[np.ndarray, int]:
    """A singer's recording (gzipped or not) as mono float32, its first LONGEST_S seconds."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    x, sr = sf.read(io.BytesIO(data), always_2d=True, dtype="float32")
    return x.mean(axis=1)[: int(LONGEST_S * sr)], sr


def judge_harmonies(judge, measure, folder: Path, cache: Path) -> None:
    """Judge every singer found with a harmony under it (kind ``HARMONY``, by half)."""
    if shutil.which("sox") is None:
        print("skipped: singers with a harmony (no sox)")
        return
    found = [(CSOUND / "sing.wav.gz", "tune"), (CSOUND / "singFemale.aif.gz", "tune")]
    found = [(p, half) for p, half in found + singers(folder, cache) if p.exists()]
    rms = lambda v: float(np.sqrt(np.mean(v**2))) + 1e-12  # noqa: E731
    for path, half in found:
        x, sr = _voice(path)
        ys = {c: _shifted(x, sr, c) for c in CENTS}
        ys = {c: y * rms(x) / rms(y) for c, y in ys.items()}  # each as loud as the voice
        name = path.name.split(".")[0]
        mixes = [(f"{c:+d} cents {db} dB", x + ys[c] * 10 ** (db / 20)) for c in CENTS
                 for db in (-6, -12)]  # fmt: skip
        mixes.append(("triad -6 dB", x + (ys[400] + ys[700]) * 10 ** (-6 / 20)))
        for label, m in mixes:
            m = (0.7 * m / max(float(np.abs(m).max()), 1e-9)).astype(np.float32)
            judge(half, HARMONY, f"{name} {label}", measure(m[:, None], sr))


def judge_speech_over_roll(judge, measure, roll: Path, voices) -> None:
    """Judge each of ``voices`` ((half, name, mono samples, rate)) over the drum roll at ``roll``
    (kind ``ROLLED``); say when the roll is missing."""
    if not roll.exists():
        print(f"skipped: speech over a drum roll ({roll} not found)")
        return
    from scipy.signal import resample_poly

    drum, rate = sf.read(roll, dtype="float32", always_2d=True)
    loud = lambda v: float(np.sqrt(np.mean(v[np.abs(v) > 0.05 * np.abs(v).max()] ** 2)))  # noqa: E731
    for half, name, x, sr in voices:
        y = resample_poly(drum.mean(axis=1), sr, rate).astype(np.float32)
        y = np.tile(y, 1 + len(x) // len(y))[: len(x)] * (loud(x) / loud(y))
        for db in ROLL_DB:
            mix = x + y * 10 ** (db / 20)
            mix = (0.7 * mix / float(np.abs(mix).max())).astype(np.float32)
            judge(half, ROLLED, f"{name}, roll {db:+g} dB", measure(mix[:, None], sr))
