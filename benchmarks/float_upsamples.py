"""8 kHz telephone speech brought up to 40-48 kHz as float, and AAC decodes of it: T001 and T002.

    python benchmarks/float_upsamples.py [--out /tmp/audiolint-floatups] [--jobs 2] [--per 12]

A review (session 38) found T001 "decoded from lossy audio, most likely AAC" on 22 of 330 float32
copies of 8 kHz prompts brought up by SoX or soxr: a resampler's stop band over the 4 kHz wall,
whose residue hovers about the grid search's loud-band threshold. This builds, from Asterisk's
recorded 8 kHz prompts (fetched with ``apt-get download``, never installed), the review's own
voices (Debian's asterisk-core-sounds-es-wav, -ru-wav and asterisk-prompt-it-menardi-wav: the
tune half, which the fix was drawn from) and two it never read (asterisk-core-sounds-en-wav and
-fr-wav: held out):

* controls (no codec): ``sox -e floating-point -b 32 ... rate [-v] 40000|48000``, FFmpeg's
  ``aresample=resampler=soxr`` to 40/48 kHz as ``pcm_f32le``, and ``sox -b 16 rate -v 48000``:
  T001 there is a false alarm; T002 (from 8 kHz) is true;
* decodes: the 16-bit SoX copy at 48 kHz and an FFmpeg (soxr) copy at 44.1 kHz through FFmpeg's
  AAC at 96 and 160 kbps, decoded to 16-bit and to float32 WAV: T001 there is true.

``--per`` prompts of 2 s or more per package (sorted, every k-th). Printed per half: files, T001
and T002 per kind, and the controls' T001 files. A tool or package that is missing is skipped
and said.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from narrow_band import fired  # noqa: E402 - the benchmarks' scoring

DEBS = {
    "asterisk-core-sounds-es-wav": "tune",
    "asterisk-core-sounds-ru-wav": "tune",
    "asterisk-prompt-it-menardi-wav": "tune",
    "asterisk-core-sounds-en-wav": "heldout",
    "asterisk-core-sounds-fr-wav": "heldout",
}
CONTROLS = {
    "sox-f32-48k": ["sox", "{src}", "-e", "floating-point", "-b", "32", "{dst}", "rate", "48000"],
    "soxv-f32-40k": ["sox", "{src}", "-e", "floating-point", "-b", "32", "{dst}", "rate", "-v",
                     "40000"],
    "soxr-f32-48k": ["ffmpeg", "-v", "error", "-y", "-i", "{src}", "-af",
                     "aresample=resampler=soxr", "-ar", "48000", "-c:a", "pcm_f32le", "{dst}"],
    "soxr-f32-40k": ["ffmpeg", "-v", "error", "-y", "-i", "{src}", "-af",
                     "aresample=resampler=soxr", "-ar", "40000", "-c:a", "pcm_f32le", "{dst}"],
    "soxv-16-48k": ["sox", "{src}", "-b", "16", "{dst}", "rate", "-v", "48000"],
}  # fmt: skip
UPS = {  # the upsampled copies that are encoded
    "soxv-48k": ["sox", "{src}", "-b", "16", "{dst}", "rate", "-v", "48000"],
    "soxr-44k": ["ffmpeg", "-v", "error", "-y", "-i", "{src}", "-af",
                 "aresample=resampler=soxr", "-ar", "44100", "-c:a", "pcm_s16le", "{dst}"],
}  # fmt: skip
BITRATES = (96, 160)
DECODES = {"16": "pcm_s16le", "f32": "pcm_f32le"}


def run(cmd: list[str], src: Path, dst: Path) -> bool:
    """Run ``cmd`` with ``{src}`` and ``{dst}`` filled in; False when it fails."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    args = [a.format(src=src, dst=dst) for a in cmd]
    return subprocess.run(args, capture_output=True).returncode == 0 and dst.exists()


def prompts(cache: Path, per: int) -> list[tuple[str, str, Path]]:
    """(half, package, path) of ``per`` prompts of 2 s or more from each package."""
    out = []
    for deb, half in DEBS.items():
        root = cache / deb
        if not (root / ".unpacked").exists():
            root.mkdir(parents=True, exist_ok=True)
            got = subprocess.run(["apt-get", "download", deb], cwd=root, capture_output=True)
            debs = list(root.glob("*.deb"))
            if got.returncode or not debs:
                print(f"skipped (apt-get download failed): {deb}")
                continue
            subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(root / "x")], check=True)
            (root / ".unpacked").touch()
        files = sorted(p for p in (root / "x").rglob("*.wav") if sf.info(p).duration >= 2.0)
        step = max(1, len(files) // per)
        out += [(half, deb, p) for p in files[::step][:per]]
    return out


def build(out: Path, per: int) -> list[tuple[str, str, bool, Path]]:
    """(half, kind, encoded, path) of every file made."""
    missing = [t for t in ("sox", "ffmpeg", "apt-get", "dpkg-deb") if not shutil.which(t)]
    if missing:
        print(f"skipped (not installed): {', '.join(missing)}")
        return []
    made = []
    for half, deb, src in prompts(out / "debs", per):
        name = f"{deb.split('-')[-2]}_{src.stem}"
        for kind, cmd in CONTROLS.items():
            dst = out / half / kind / f"{name}.wav"
            if dst.exists() or run(cmd, src, dst):
                made.append((half, kind, False, dst))
        for up, cmd in UPS.items():
            mid = out / "up" / up / f"{name}.wav"
            if not (mid.exists() or run(cmd, src, mid)):
                continue
            for kbps in BITRATES:
                enc = out / "enc" / f"{up}-aac{kbps}" / f"{name}.m4a"
                aac = ["ffmpeg", "-v", "error", "-y", "-i", "{src}", "-c:a", "aac", "-b:a",
                       f"{kbps}k", "{dst}"]  # fmt: skip
                if not (enc.exists() or run(aac, mid, enc)):
                    continue
                for dec, codec in DECODES.items():
                    kind = f"{up}-aac{kbps}-{dec}"
                    dst = out / half / kind / f"{name}.wav"
                    cmd = ["ffmpeg", "-v", "error", "-y", "-i", "{src}", "-c:a", codec, "{dst}"]
                    if dst.exists() or run(cmd, enc, dst):
                        made.append((half, kind, True, dst))
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-floatups"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--per", type=int, default=12)
    args = ap.parse_args()
    made = build(args.out, args.per)
    if not made:
        return
    rules = fired([p for *_, p in made], ("T001", "T002"), args.jobs)
    n, t1, t2, alarms = Counter(), Counter(), Counter(), []
    for half, kind, encoded, path in made:
        got = rules.get(str(path.resolve()), set())
        n[half, kind] += 1
        t1[half, kind] += "T001" in got
        t2[half, kind] += "T002" in got
        if not encoded and "T001" in got:
            alarms.append(f"{half}/{kind}/{path.name}")
    print(f"{'half':8} {'kind':22} {'files':>5} {'T001':>5} {'T002':>5}")
    for half, kind in sorted(n, key=lambda k: (k[0], "aac" in k[1], k[1])):
        print(f"{half:8} {kind:22} {n[half, kind]:5} {t1[half, kind]:5} {t2[half, kind]:5}")
    for half in sorted({h for h, _ in n}):
        enc = [k for k in n if k[0] == half and "aac" in k[1]]
        ctl = [k for k in n if k[0] == half and "aac" not in k[1]]
        print(f"{half}: T001 on decodes {sum(t1[k] for k in enc)}/{sum(n[k] for k in enc)}, "
              f"false on controls {sum(t1[k] for k in ctl)}/{sum(n[k] for k in ctl)}")  # fmt: skip
    print("false alarms on the controls:", "; ".join(alarms) or "none")


if __name__ == "__main__":
    sys.exit(main())
