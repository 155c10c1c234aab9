"""Downloaded-style formats against ffprobe (issue 12): does audiolint read what ffprobe reads?

    python benchmarks/formats_vs_ffprobe.py            # build the corpus in a temp folder
    python benchmarks/formats_vs_ffprobe.py --keep DIR # ... in DIR, and leave it there

Builds about 17 files with the real ``ffmpeg`` CLI, as downloaders, phones and encoders deliver
them (WebM/Opus, Ogg Opus from 22.05 and 48 kHz sources, MKA, M4A mono/stereo, ADTS, M4B, 3GP,
MOV and MKV video, AC-3, E-AC-3, WavPack, MP2, CAF/ALAC, APE if ffmpeg can encode it), then
checks each with ``audiolint.check`` and ``ffprobe``. Agreement: channels and rate exact (Opus:
48000, the rate it decodes at), duration within 0.05 s or 1 % (container padding). Prints one
row per file and the line "N/N analysed and agreeing". Skips, saying why, without ffmpeg.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import audiolint

# The source: a 6 s voice-like signal (a harmonic tone swept in pitch, with pauses).
SOURCE = "aevalsrc='0.3*sin(2*PI*(150+40*sin(2*PI*0.5*t))*t)*gt(sin(2*PI*1.5*t),-0.3)':d=6"
# name -> (ffmpeg arguments after the inputs, source rate, channels, extra inputs)
VIDEO = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:d=6"]
CORPUS = {
    "ytdlp.webm": (["-c:a", "libopus", "-b:a", "96k"], 48000, 2, []),
    "from22k.opus": (["-c:a", "libopus", "-b:a", "32k"], 22050, 1, []),
    "from48k.ogg": (["-c:a", "libopus", "-b:a", "64k"], 48000, 2, []),
    "opus.mka": (["-c:a", "libopus"], 48000, 2, []),
    "flac.mka": (["-c:a", "flac"], 44100, 2, []),
    "memo_mono.m4a": (["-c:a", "aac", "-b:a", "64k"], 48000, 1, []),
    "stereo.m4a": (["-c:a", "aac", "-b:a", "128k"], 44100, 2, []),
    "adts.aac": (["-c:a", "aac", "-f", "adts"], 44100, 2, []),
    "book.m4b": (["-c:a", "aac", "-f", "ipod"], 22050, 1, []),
    "phone.3gp": (["-c:a", "aac", "-b:a", "24k"], 16000, 1, []),  # AMR-NB: libopencore_amrnb
    "amr.3gp": (["-c:a", "libopencore_amrnb", "-b:a", "12.2k"], 8000, 1, []),  # ... if present
    "clip.mov": (["-map", "0:a", "-map", "1:v", "-c:v", "mpeg4", "-c:a", "aac"], 48000, 2, VIDEO),
    "film.mkv": (
        ["-map", "0:a", "-map", "0:a", "-map", "1:v", "-c:v", "ffv1", "-c:a", "aac"],
        48000,
        2,
        VIDEO,
    ),
    "film.ac3": (["-c:a", "ac3", "-b:a", "192k"], 48000, 2, []),
    "film.eac3": (["-c:a", "eac3", "-b:a", "192k"], 48000, 2, []),
    "mono.wv": (["-c:a", "wavpack"], 44100, 1, []),
    "stereo.wv": (["-c:a", "wavpack"], 48000, 2, []),
    "radio.mp2": (["-c:a", "mp2", "-b:a", "192k"], 48000, 2, []),
    "alac.caf": (["-c:a", "alac"], 44100, 2, []),
    "archive.ape": (["-c:a", "ape"], 44100, 2, []),
}


def ensure_ffmpeg() -> str | None:
    """Why ffmpeg/ffprobe cannot be used, or ``None`` when both are on PATH (after trying apt)."""
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")) and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "ffmpeg"], capture_output=True, check=False)
    if shutil.which("ffmpeg") and shutil.which("ffprobe"):
        return None
    return "ffmpeg/ffprobe not installed and apt-get could not install them"


def build(folder: Path) -> tuple[list[Path], list[str]]:
    """Encode the corpus into ``folder``; returns the files made and why the others were not."""
    made, skipped = [], []
    listing = subprocess.run(
        ["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True
    )
    encoders = {
        line.split()[1] for line in listing.stdout.splitlines()[1:] if len(line.split()) > 1
    }
    for name, (args, rate, channels, extra) in CORPUS.items():
        out = folder / name
        codec = args[args.index("-c:a") + 1]
        if codec not in encoders:
            skipped.append(f"{name}: this ffmpeg has no {codec} encoder")
            continue
        layout = "mono" if channels == 1 else "stereo"
        src = f"{SOURCE}:s={rate}:c={layout}"
        cmd = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", src, *extra, *args, str(out)]
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if run.returncode == 0 and out.exists() and out.stat().st_size:
            made.append(out)
        else:
            why = (run.stderr.strip().splitlines() or ["failed"])[-1]
            skipped.append(f"{name}: ffmpeg cannot encode it ({why})")
    return made, skipped


def ffprobe(path: Path) -> dict:
    """The first audio stream as ffprobe reports it: codec, channels, rate, duration, tracks."""
    cmd = ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    data = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    audio = [s for s in data["streams"] if s.get("codec_type") == "audio"]
    first = audio[0]
    duration = first.get("duration") or data["format"].get("duration")
    return {
        "container": data["format"]["format_name"],
        "codec": first["codec_name"],
        "channels": int(first["channels"]),
        "rate": int(first["sample_rate"]),
        "duration": float(duration) if duration else None,
        "tracks": len(audio),
    }


def agrees(ours: dict, theirs: dict) -> list[str]:
    """The values on which audiolint and ffprobe disagree (empty when they agree)."""
    wrong = [k for k in ("channels", "rate") if ours[k] != theirs[k]]
    a, b = ours["duration"], theirs["duration"]
    if a is None or b is None or abs(a - b) > max(0.05, 0.01 * b):
        wrong.append("duration")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    why = ensure_ffmpeg()
    if why:
        print(f"skipped: {why}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths, skipped = build(folder)
        report = audiolint.check(paths, analyse=True)
        by_path = {Path(f.path).name: f for f in report.files}
        head = f"{'file':15} {'container':14} {'codec':8} {'audiolint ch/Hz/s':22} "
        print(head + f"{'ffprobe ch/Hz/s':22} {'agree':9} {'signal':6} F-findings")
        good = 0
        for path in paths:
            fr, theirs = by_path[path.name], ffprobe(path)
            p = fr.properties
            ours = {
                "channels": p.channels if p else None,
                "rate": p.sample_rate if p else None,
                "duration": p.duration_s if p else None,
            }
            wrong = agrees(ours, theirs)
            analysed = bool(fr.signal)
            fails = [f"{f.rule} {f.message[:60]}" for f in fr.findings if f.rule.startswith("F")]
            good += not wrong and analysed and not fails
            ours_s = f"{ours['channels']}/{ours['rate']}/{ours['duration']}"
            theirs_s = f"{theirs['channels']}/{theirs['rate']}/{theirs['duration']:.3f}"
            extra = f" (input {p.input_sample_rate} Hz)" if p and p.input_sample_rate else ""
            print(
                f"{path.name:15} {(p.container if p else '?'):14} {(p.codec if p else '?'):8} "
                f"{ours_s:22} {theirs_s:22} {'yes' if not wrong else ','.join(wrong):9} "
                f"{'yes' if analysed else 'NO':6} {'; '.join(fails) or '-'}{extra}"
            )
        for line in skipped:
            print(f"not built: {line}")
        print(f"{good}/{len(paths)} analysed and agreeing")
    return 0 if good == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
