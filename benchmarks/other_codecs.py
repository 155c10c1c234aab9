"""Genuine 44.1/48 kHz audio through the codecs no other benchmark covers: what T002 and T001 say.

    python benchmarks/other_codecs.py [--out /tmp/audiolint-othercodecs] [--rev COMMIT] [--jobs 1]
                                      [--only tune|heldout] [--build-only] [--files]

Review 1 of session 15 found genuine 48 kHz audio through Bluetooth SBC, E-AC-3 and MP2 called
"upsampled from 44.1 kHz" (or "from 32 kHz"): a codec's low-pass wall read as a resampler's.
No other benchmark had those codecs. This one runs genuine sources through every such encoder
in this machine's FFmpeg, at its usual settings (SETTINGS), and decodes each with FFmpeg to
16-bit WAV at the source's rate. G.722 and GSM force a rate (16 and 8 kHz): they are decoded
at that rate and again at the source's rate (a true upsample, whose right old rate is the
codec's).

Sources (none from the blind set's packages), split by family before anything was scored:

* the real corpus's genuine WAVs at 44.1/48 kHz (``benchmarks/realcorpus.py``), in its halves;
* ALSA's nine prompts (/usr/share/sounds/alsa, 48 kHz): Side_* and Noise tune, Front_* and
  Rear_* held-out (the real corpus puts alsa_side in tune, alsa_front/rear in held-out);
* freedesktop's sound theme as fetched by ``benchmarks/fresh_genuine.py`` (its 48 kHz Ogg
  files decoded): effects in tune, the spoken audio-channel-* held-out; its two 96 kHz files
  down to 48 kHz by python-soxr (HQ) and by SoX ``-l`` (an 80 %-bandwidth filter) in tune;
* oxygen-sounds' 48 kHz files (the same fetch), the first 5 by name: held-out.

freedesktop's and oxygen's sounds ship as Ogg Vorbis: T001 on their decodes may read the
source's own origin, so the T001 column is a count, not a recall. Their T002 is a false alarm
all the same: nothing here was upsampled.

Sources are cut to their first 8 s. Every decode gets a manifest row (half, source, family,
codec setting, decoded rate, the true old rate where it is an upsample).

Printed per codec setting and half: files, T002 false alarms (with the files under --files),
T002 with the right old rate (forced-rate codecs decoded at the source's rate), T001
(lossy origin found), and fidelity verdicts "inconclusive". A T002 on a decode at the
source's rate of a non-forcing codec is a false alarm: every source is a genuine recording at
its rate (the 96 kHz freedesktop files resampled to 48 kHz are genuine 48 kHz audio).
Nobody tunes on the held-out half; report it.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fresh_genuine import check  # noqa: E402

CORPUS = Path("/tmp/audiolint-realcorpus")
FRESH = Path("/tmp/hg-fresh/files")
ALSA = Path("/usr/share/sounds/alsa")
MAX_S = 8.0
# (name, ffmpeg encoder, bitrate or None, container extension, forced rate or None)
SETTINGS = [
    ("sbc-328k", "sbc", "328k", "sbc", None),
    ("sbc-229k", "sbc", "229k", "sbc", None),
    ("ac3-192k", "ac3", "192k", "ac3", None),
    ("ac3-640k", "ac3", "640k", "ac3", None),
    ("eac3-256k", "eac3", "256k", "eac3", None),
    ("mp2-192k", "mp2", "192k", "mp2", None),
    ("mp2-384k", "mp2", "384k", "mp2", None),
    ("twolame-256k", "libtwolame", "256k", "mp2", None),
    ("wmav1-128k", "wmav1", "128k", "wma", None),
    ("wmav2-192k", "wmav2", "192k", "wma", None),
    ("dts-768k", "dca", "768k", "dts", None),
    ("aptx", "aptx", None, "aptx", None),
    ("aptx-hd", "aptx_hd", None, "aptxhd", None),
    ("shine-320k", "libshine", "320k", "mp3", None),
    ("g722", "g722", None, "g722", 16000),
    ("gsm", "libgsm", None, "gsm", 8000),
]
CORPUS_FAMILIES = {"alsa_front", "alsa_rear", "alsa_side"}  # the ALSA prompts are added as shipped


def _write(dest: Path, x: np.ndarray, sr: int) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(dest), x[: int(MAX_S * sr)], sr, subtype="PCM_16")


def _sources(out: Path) -> list[dict]:
    """Copy every source to OUT/sources as 16-bit WAV (first 8 s); one dict per source."""
    rows = []

    def add(half: str, family: str, name: str, x: np.ndarray, sr: int) -> None:
        dest = out / "sources" / half / f"{name}.wav"
        if not dest.exists():
            _write(dest, x, sr)
        rows.append({"half": half, "family": family, "source": name, "path": dest, "rate": sr})

    manifest = CORPUS / "manifest.csv"
    if manifest.exists():
        for r in csv.DictReader(manifest.open()):
            if r["class"] != "genuine" or r["rate"] not in ("44100", "48000"):
                continue
            if r["source"] in CORPUS_FAMILIES:
                continue
            x, sr = sf.read(str(CORPUS / r["path"]))
            add(r["half"], "corpus-" + r["source"], "rc_" + r["source"], x, sr)
    else:
        print(f"skipped: {manifest} missing (python benchmarks/realcorpus.py builds it)")
    for f in sorted(ALSA.glob("*.wav")):
        half = "tune" if f.stem.startswith(("Side", "Noise")) else "heldout"
        x, sr = sf.read(str(f))
        add(half, "alsa-" + f.stem.split("_")[0], "alsa_" + f.stem, x, sr)
    fd = FRESH / "sound-theme-freedesktop"
    for f in sorted(fd.glob("*.oga")) if fd.exists() else []:
        x, sr = sf.read(str(f))
        if sr == 48000:
            voice = f.stem.startswith("audio-channel")
            add(
                "heldout" if voice else "tune",
                "fd-voice" if voice else "fd-fx",
                "fd_" + f.stem,
                x,
                sr,
            )
        elif sr == 96000:
            import soxr

            add("tune", "fd96", "fd96soxr_" + f.stem, soxr.resample(x, sr, 48000, "HQ"), 48000)
            with tempfile.TemporaryDirectory() as tmp:
                src, low = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
                sf.write(str(src), x, sr, subtype="PCM_24")
                if (
                    subprocess.run(
                        ["sox", str(src), str(low), "rate", "-l", "48000"], capture_output=True
                    ).returncode
                    == 0
                ):
                    y, _ = sf.read(str(low))
                    add("tune", "fd96", "fd96soxl_" + f.stem, y, 48000)
    ox = FRESH / "oxygen-sounds"
    for f in sorted(ox.glob("*.ogg"))[:40] if ox.exists() else []:
        if sum(r["family"] == "oxygen" for r in rows) >= 5:
            break
        x, sr = sf.read(str(f))
        if sr == 48000:
            add("heldout", "oxygen", "ox_" + f.stem, x, sr)
    if not fd.exists():
        print(f"skipped: {FRESH} missing (python benchmarks/fresh_genuine.py --build-only)")
    return rows


def _ffmpeg(*args: str) -> bool:
    return (
        subprocess.run(
            ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args], capture_output=True
        ).returncode
        == 0
    )


def build(out: Path) -> list[dict]:
    """Encode and decode every source with every setting; the manifest rows (OUT/manifest.csv)."""
    rows, failed = [], defaultdict(int)
    tmp = out / "_tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    for s in _sources(out):
        ch = sf.info(str(s["path"])).channels
        for name, enc, rate, ext, forced in SETTINGS:
            dests = [(s["rate"], None if forced is None else forced)]
            if forced:
                dests.insert(0, (forced, None))
            todo = []
            for sr, old in dests:
                tag = "" if sr == s["rate"] else f"__at{sr // 1000}k"
                tag = "__up" if forced and sr == s["rate"] else tag
                dest = out / "files" / s["half"] / f"{s['source']}__{name}{tag}.wav"
                todo.append((dest, sr, old))
            if all(d.exists() for d, _, _ in todo) or _encode(s, ch, enc, rate, ext, forced, tmp):
                for dest, sr, old in todo:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    if dest.exists() or _ffmpeg(
                        "-i",
                        str(tmp / f"enc.{ext}"),
                        "-ar",
                        str(sr),
                        "-ac",
                        str(ch),
                        "-c:a",
                        "pcm_s16le",
                        str(dest),
                    ):
                        rows.append(
                            {
                                "path": str(dest.relative_to(out)),
                                "half": s["half"],
                                "family": s["family"],
                                "source": s["source"],
                                "setting": name,
                                "rate": sr,
                                "old_rate": old or "",
                            }
                        )
                    else:
                        failed[name] += 1
            else:
                failed[name] += 1
    for name, n in sorted(failed.items()):
        print(f"skipped: {name} failed on {n} sources")
    with (out / "manifest.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return rows


def _encode(
    s: dict, ch: int, enc: str, rate: str | None, ext: str, forced: int | None, tmp: Path
) -> bool:
    """Encode one source to tmp/enc.EXT: stereo (as Bluetooth, AC-3, MP2 and DTS are used),
    mono where the codec is (G.722, GSM)."""
    args = ["-i", str(s["path"]), "-c:a", enc]
    args += ["-ac", "1", "-ar", str(forced)] if forced else ["-ac", "2"]
    args += ["-b:a", rate] if rate else []
    args += ["-strict", "-2"] if enc == "dca" else []
    return _ffmpeg(*args, str(tmp / f"enc.{ext}"))


def score(out: Path, report: dict, halves: list[str], show_files: bool) -> str:
    """The table: per setting and half, files, T002 false/right, T001, inconclusive."""
    rows = {r["path"]: r for r in csv.DictReader((out / "manifest.csv").open())}
    by = defaultdict(lambda: defaultdict(list))
    genuine: dict[str, int] = defaultdict(int)
    for fr in report["files"]:
        rel = str(Path(fr["path"]).resolve().relative_to(out.resolve()))
        row = rows.get(rel)
        if row is None or row["half"] not in halves:
            continue
        t2 = [f for f in fr["findings"] if f["rule"] == "T002"]
        key = (
            row["setting"]
            + (
                "@" + str(int(row["rate"]) // 1000) + "k"
                if row["old_rate"] or row["setting"] in ("g722", "gsm")
                else ""
            ),
            row["half"],
        )
        cell = by[key]
        cell["n"].append(rel)
        genuine[row["half"]] += not row["old_rate"]  # a true upsample's T002 is no false alarm
        if t2:
            right = row["old_rate"] and _names_rate(t2[0]["message"], int(row["old_rate"]))
            cell["t2right" if right else "t2false"].append(f"{rel}: {t2[0]['message'][:110]}")
        if any(f["rule"] == "T001" for f in fr["findings"]):
            cell["t001"].append(rel)
        if (fr.get("fidelity") or {}).get("verdict") == "inconclusive":
            cell["inconc"].append(rel)
    lines = [
        f"{'setting':<18} {'half':<8} {'files':>5} {'T002 FA':>8} {'T002 right':>10} "
        f"{'T001':>5} {'inconcl':>7}"
    ]
    false = defaultdict(int)
    for (setting, half), c in sorted(by.items()):
        lines.append(
            f"{setting:<18} {half:<8} {len(c['n']):>5} {len(c['t2false']):>8} "
            f"{len(c['t2right']):>10} {len(c['t001']):>5} {len(c['inconc']):>7}"
        )
        false[half] += len(c["t2false"])
    for half in sorted(genuine):
        lines.append(
            f"T002 false alarms, {half}: {false[half]}/{genuine[half]} decodes of genuine "
            "audio at its rate or the codec's"
        )
    if show_files:
        for (_, half), c in sorted(by.items()):
            for line in c["t2false"]:
                lines.append(f"  FA {half} {line}")
    return "\n".join(lines) + "\n"


def _names_rate(message: str, rate: int) -> bool:
    """Does a T002 message name ``rate`` as the old one ("from 16 kHz", "from 22.05 kHz")?"""
    khz = f"{rate / 1000:g}"
    return f"from {khz} kHz" in message


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-othercodecs"))
    ap.add_argument("--rev", help="score this commit's src/ (git archive), not the work tree's")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--only", choices=["tune", "heldout"])
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--files", action="store_true", help="list every T002 false alarm")
    a = ap.parse_args(argv)
    if not (a.out / "manifest.csv").exists():
        build(a.out)
    if a.build_only:
        return 0
    report = check(a.out, a.rev, a.jobs, ["--select", "T001,T002"])
    halves = [a.only] if a.only else ["tune", "heldout"]
    print(score(a.out, report, halves, a.files), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
