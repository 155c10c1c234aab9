"""A fresh genuine set nobody has tuned on: what does every rule say about it?

    python benchmarks/fresh_genuine.py [--out /tmp/audiolint-fresh] [--rev COMMIT] [--jobs 1]
                                       [--build-only]
    python benchmarks/fresh_genuine.py --clip-lab /tmp/audiolint-realcorpus --out /tmp/clip-lab

Fetches Debian packages that ship REAL recorded sound and that no other benchmark uses
(``apt-get download`` + ``dpkg-deb -x``; nothing is installed):

* codec2-examples: the codec's reference speech (hts1a, hts2a, morig, forig, mmt1, big_dog,
  david4, cross...; 8 kHz, a few 16 kHz), plus amateur-radio recordings (vk5qi, ve9qrp,
  vk2tpm_004) as received over HF, noise and fading included. Some may be codec outputs
  (f2400, m2400): their names only say so; they are kept as shipped.
* klettres-data: KLettres' spoken letters and syllables, recorded by native speakers, shipped
  as Ogg Vorbis (the format a user downloads): a few per language.
* sound-theme-freedesktop: the freedesktop sound theme (Ogg Vorbis .oga), whose
  audio-channel-* files are a spoken voice; the rest are sound effects.
* tuxmath-data, oxygen-sounds, frozen-bubble-data: sound effects and short music as shipped
  (WAV, some 8-bit, 11 kHz; Ogg Vorbis).

Every file is copied as shipped into OUT/files/<package>/..., and every WAV is copied again
as FLAC (soundfile, the same samples: a rule that answers differently on the two has a
format bug). SOURCES.txt names each file's package, its ``copyright`` file and what the
package's docs say the file is. Then ``audiolint check --format json --no-dataset --jobs N``
runs on OUT/files (``--rev`` runs that commit's src/, exported by ``git archive``), the report
goes to OUT/report.json, and a table of every finding per rule, with each file's sample rate,
sample format and duration, is printed and written to OUT/findings.txt.

These files are genuine as shipped, not by definition clean: a finding is to be judged on its
evidence (low_sample_rate on an 8 kHz file is true), and the judgements are written by hand in
the session's notes, never fed back as thresholds: nobody tunes on this set.

``--clip-lab CORPUS`` is apart (see :func:`clip_lab`): it follows up a class of false alarms
this set showed (S001 on Ogg letters peak-normalised to full scale) on the real corpus's
speech, by half, so that a fix is chosen on the tune half and reported on both.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import soundfile as sf

C2 = "usr/share/codec2/"
KL = "usr/share/klettres/"
KL_LANGS = [("en", "alpha"), ("en_GB", "syllab"), ("fr", "alpha"), ("de", "syllab"),
            ("ru", "alpha"), ("es", "syllab"), ("it", "syllab"), ("cs", "alpha"),
            ("hu", "syllab"), ("ml", "syllab"), ("pt_BR", "syllab"), ("he", "alpha")]  # fmt: skip
# (package, [(folder inside it, file-name suffixes, how many, what they are)])
PACKAGES = {
    "codec2-examples": [
        (C2 + "wav", (".wav",), 99, "codec2 reference speech and HF radio recordings"),
        (C2 + "raw", (".wav",), 99, "codec2 reference speech, 16 kHz"),
    ],
    "klettres-data": [
        (KL + f"{lang}/{kind}", (".ogg",), 5, f"spoken {kind} ({lang}), Ogg Vorbis")
        for lang, kind in KL_LANGS
    ],
    "sound-theme-freedesktop": [
        ("usr/share/sounds/freedesktop/stereo", (".oga",), 99, "spoken channel names and effects")
    ],
    "tuxmath-data": [("usr/share/tuxmath/sounds", (".wav",), 99, "game sound effects")],
    "oxygen-sounds": [("usr/share/sounds", (".ogg",), 99, "KDE desktop sound effects")],
    "frozen-bubble-data": [("usr/share/games/frozen-bubble/snd", (".ogg",), 99, "game sounds")],
}


def fetch(pkg: str, cache: Path) -> Path | None:
    """Download and unpack one Debian package into the cache; None (and a SKIP line) if not."""
    dest = cache / "apt" / pkg
    if (dest / ".done").exists():
        return dest
    dl = cache / "apt-dl"
    dl.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        r = subprocess.run(["apt-get", "download", pkg], cwd=dl, capture_output=True, text=True)
        debs = sorted(dl.glob(f"{pkg}_*.deb"))
        if debs or attempt:
            break
        subprocess.run(["apt-get", "update"], capture_output=True)
    if not debs:
        print(f"SKIP {pkg}: apt-get download failed: {r.stderr.strip()[:160]}", flush=True)
        return None
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(dest)], check=True)
    (dest / ".done").write_text(debs[-1].name)
    return dest


def build(out: Path, cache: Path) -> list[str]:
    """Copy the chosen files into OUT/files (and WAVs again as FLAC); return SOURCES.txt lines."""
    lines = []
    for pkg, folders in PACKAGES.items():
        root = fetch(pkg, cache)
        if root is None:
            continue
        lic = f"usr/share/doc/{pkg}/copyright"
        lines.append(f"# {pkg}: licence {lic} (copied to files/{pkg}/copyright)")
        (out / "files" / pkg).mkdir(parents=True, exist_ok=True)
        if (root / lic).exists():
            shutil.copy(root / lic, out / "files" / pkg / "copyright")
        for folder, suffixes, n, what in folders:
            src = root / folder
            if not src.is_dir():
                print(f"SKIP {pkg}/{folder}: not in the package", flush=True)
                continue
            picked = sorted(p for p in src.iterdir() if p.name.endswith(suffixes))[:n]
            # klettres names the same letter alike in every language: keep language and kind
            tag = "_".join(folder.split("/")[-2:]) + "_" if pkg == "klettres-data" else ""
            for p in picked:
                dest = out / "files" / pkg / f"{tag}{p.name}"
                shutil.copy(p, dest)
                lines.append(f"files/{pkg}/{dest.name}\t{pkg}\t/{folder}/{p.name}\t{what}")
                if p.suffix == ".wav":
                    flac = dest.with_suffix(".wav.flac")
                    x, sr = sf.read(str(p), dtype="int16", always_2d=True)
                    sf.write(str(flac), x, sr, format="FLAC", subtype="PCM_16")
                    lines.append(f"files/{pkg}/{flac.name}\t{pkg}\t(FLAC copy of the WAV)\t{what}")
    (out / "SOURCES.txt").write_text("\n".join(lines) + "\n")
    return lines


def check(out: Path, rev: str | None, jobs: int, extra: list[str] = ()) -> dict:
    """Run ``audiolint check --format json`` on OUT/files (at ``rev`` if given); the report."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "audiolint", "check", "--format", "json", "--no-cache",
           "--no-progress", "--no-dataset", "--exit-zero", "--jobs", str(jobs),
           *extra, "-o", str(out / "report.json"), str(out / "files")]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="fresh-rev-") as tmp:
        if rev:
            repo = Path(__file__).resolve().parent.parent
            arch = subprocess.run(["git", "-C", str(repo), "archive", rev], capture_output=True)
            subprocess.run(["tar", "-x", "-C", tmp], input=arch.stdout, check=True)
            env["PYTHONPATH"] = f"{tmp}/src"
        subprocess.run(cmd, env=env, check=True, cwd=tmp)
    return json.loads((out / "report.json").read_text())


def table(report: dict, out: Path) -> str:
    """Every finding per rule, with each file's rate, format and duration."""
    by_rule: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for f in report["files"]:
        pr = f.get("properties") or {}
        desc = (
            f"{pr.get('sample_rate')} Hz {pr.get('codec')} {pr.get('bit_depth')}-bit "
            f"{pr.get('channels')} ch {pr.get('duration_s')} s"
        )
        rel = f["path"].split("/files/", 1)[-1]
        for fd in f.get("findings") or []:
            names[fd["rule"]] = fd["name"]
            by_rule[fd["rule"]].append(f"  {rel} [{desc}] {fd['severity']}: {fd['message']}")
    lines = [f"{len(report['files'])} files"]
    for rule in sorted(by_rule):
        lines.append(f"{rule} {names[rule]}: {len(by_rule[rule])} files")
        lines += by_rule[rule]
    text = "\n".join(lines) + "\n"
    (out / "findings.txt").write_text(text)
    return text


def clip_lab(out: Path, corpus: Path, rev: str | None, jobs: int) -> str:
    """S001 on lossy speech: peak-normalised vs driven 6 dB into the ceiling, per half.

    Every speech source of the real corpus (realcorpus.py's manifest gives its half) is scaled
    to peak at full scale ("norm": no sample clipped) and, apart, 6 dB louder and cut at full
    scale ("clip"), then encoded by oggenc -q 3, lame -V 2 and ffmpeg's AAC at 128k; the lossy
    files are checked with ``--select S001``. A "norm" file that fires is a false alarm.
    """
    import csv
    from collections import Counter

    import numpy as np

    halves = {}
    with open(corpus / "manifest.csv") as fh:
        for r in csv.DictReader(fh):
            if r["kind"] == "speech":
                halves.setdefault(r["source"], r["half"])
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    top = 32767 / 32768
    for src, half in sorted(halves.items()):
        x, sr = sf.read(str(corpus / "sources" / f"{src}.wav"), always_2d=True)
        x = x / np.abs(x).max()
        for kind, y in (("norm", x * top), ("clip", np.clip(x * 2.0, -top, top))):
            w = files / f"{half}_{kind}_{src}.wav"
            if w.with_suffix(".m4a").exists():
                continue
            sf.write(str(w), y, sr, subtype="PCM_16")
            subprocess.run(["oggenc", "-Q", "-q", "3", "-o", str(w.with_suffix(".ogg")), str(w)])
            subprocess.run(["lame", "--quiet", "-V", "2", str(w), str(w.with_suffix(".mp3"))])
            subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(w), "-c:a", "aac",
                            "-b:a", "128k", str(w.with_suffix(".m4a"))])  # fmt: skip
            w.unlink()
    report = check(out, rev, jobs, ["--select", "S001"])
    fired: Counter = Counter()
    total: Counter = Counter()
    for f in report["files"]:
        half, kind = Path(f["path"]).name.split("_")[:2]
        key = (kind, half, Path(f["path"]).suffix)
        total[key] += 1
        fired[key] += any(fd["rule"] == "S001" for fd in f.get("findings") or [])
    lines = ["S001 fires on (norm: false alarm; clip: hit)"]
    lines += [f"  {k[0]} {k[1]:8} {k[2]:5} {fired[k]}/{total[k]}" for k in sorted(total)]
    return "\n".join(lines) + "\n"


def parser(doc: str, out: str) -> argparse.ArgumentParser:
    """Options every fresh set shares: --out OUT, --cache OUT-cache, --rev, --jobs, --build-only."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(out))
    ap.add_argument("--cache", type=Path, default=Path(out + "-cache"))
    ap.add_argument("--rev", help="score this commit's src/ (git archive), not the work tree's")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--build-only", action="store_true")
    return ap


def main(argv=None) -> int:
    ap = parser(__doc__, "/tmp/audiolint-fresh")
    ap.add_argument("--clip-lab", type=Path, metavar="CORPUS",
                    help="instead: S001 on lossy speech of this real corpus (realcorpus.py's OUT),"
                    " peak-normalised vs clipped, built in --out")  # fmt: skip
    a = ap.parse_args(argv)
    if a.clip_lab:
        print(clip_lab(a.out, a.clip_lab, a.rev, a.jobs), end="")
        return 0
    if not (a.out / "SOURCES.txt").exists():
        build(a.out, a.cache)
    if a.build_only:
        return 0
    print(table(check(a.out, a.rev, a.jobs), a.out), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
