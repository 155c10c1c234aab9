"""T004 lossy-reencoded on real sources through real encoders: re-encodes against direct encodes.

    python benchmarks/reencode.py [--corpus DIR] [--out DIR] [--only tune|heldout] [--fields]

Sources: the genuine files of the real-material corpus (``benchmarks/realcorpus.py``; its
manifest says each source's half) at 32 kHz or more, but for the lead's blind packages. Each
source goes through real tools into two kinds of lossy file:

* re-encoded (positive): a first lossy encode (LAME CBR 64/96/128k, LAME 64/80k at 44.1 kHz
  (``--resample 44.1``: its low-pass under every codec-table row), oggenc q2, FFmpeg's AAC
  96k), decoded to 16-bit WAV (``lame --decode``, ``oggdec``, ``ffmpeg``; one MP3 decoded by
  ``mpg123 --no-gapless``, which keeps the encoder's delay, so its grid moves), then encoded
  again by LAME at a higher bitrate (192, 256, 320k CBR, or V0) or FFmpeg's AAC 256k;
* direct (negative): the source encoded once, by LAME (CBR 128-320k, V0, V2), oggenc q6 and
  FFmpeg's AAC 192k;
* mono (``lame -m m``): the source encoded once at 128 kbps (negative), and through LAME 64k or
  96k mono, decoded, then again at 128 kbps mono (positive).

It runs audiolint over the files (Python API, no cache) and prints, per half, TP FP FN TN for
T004, the files behind each false alarm and each miss (and how many false alarms are direct
encodes of a source that T001 calls a decode as shipped), and per setting how many were found.
``--fields`` prints each file's measured re-encode record too. The tools are installed by apt
when missing; a setting whose tool is still missing is skipped and named. The built files stay
in ``--out`` (default /tmp/audiolint-reencode) and are reused on the next run.
"""

# ruff: noqa: E501  (the settings table reads better one entry a line)
from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import audiolint

BLIND = ("ktuberling", "deepin-sound", "supercollider", "puredata", "csound", "hydrogen", "pysol", "asterisk", "tuxpaint")  # fmt: skip
APT = {"lame": "lame", "oggenc": "vorbis-tools", "oggdec": "vorbis-tools", "ffmpeg": "ffmpeg", "mpg123": "mpg123"}  # fmt: skip
# name -> (first encode or None, final encode); an encode is (codec, setting)
SETTINGS = {
    "direct-mp3-128": (None, ("mp3", "128")),
    "direct-mp3-192": (None, ("mp3", "192")),
    "direct-mp3-256": (None, ("mp3", "256")),
    "direct-mp3-320": (None, ("mp3", "320")),
    "direct-mp3-v0": (None, ("mp3", "V0")),
    "direct-mp3-v2": (None, ("mp3", "V2")),
    "direct-ogg-q6": (None, ("ogg", "6")),
    "direct-aac-192": (None, ("aac", "192")),
    "from-mp3-64-mp3-192": (("mp3", "64"), ("mp3", "192")),
    "from-mp3-96-mp3-256": (("mp3", "96"), ("mp3", "256")),
    "from-mp3-96-mp3-320": (("mp3", "96"), ("mp3", "320")),
    "from-mp3-128-mp3-256": (("mp3", "128"), ("mp3", "256")),
    "from-mp3-128-mp3-320": (("mp3", "128"), ("mp3", "320")),
    "from-mp3-128-mp3-v0": (("mp3", "128"), ("mp3", "V0")),
    "from-mp3nogapless-96-mp3-320": (("mp3nogapless", "96"), ("mp3", "320")),
    "from-ogg-q2-mp3-320": (("ogg", "2"), ("mp3", "320")),
    "from-aac-96-mp3-320": (("aac", "96"), ("mp3", "320")),
    # LAME's low-pass at 64-80 kbps (about 11-13.5 kHz) lies under every codec-table row
    "from-mp3r-80-mp3-v0": (("mp3r", "80"), ("mp3", "V0")),
    "from-mp3r-64-aac-256": (("mp3r", "64"), ("aac", "256")),
    # mono (mp3m: lame -m m): at 128 kbps a direct encode of sustained notes leaves as many
    # zeros as a re-encode (review 50a: a saxophone, a power vocal)
    "direct-mp3m-128": (None, ("mp3m", "128")),
    "from-mp3m-64-mp3m-128": (("mp3m", "64"), ("mp3m", "128")),
    "from-mp3m-96-mp3m-128": (("mp3m", "96"), ("mp3m", "128")),
}
EXT = {"mp3": "mp3", "ogg": "ogg", "aac": "m4a"}
TOOLS = {"mp3": ["lame"], "mp3r": ["lame"], "mp3m": ["lame"], "mp3nogapless": ["lame", "mpg123"], "ogg": ["oggenc", "oggdec"], "aac": ["ffmpeg"]}  # fmt: skip


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def encode(codec: str, setting: str, src: Path, dest: Path) -> None:
    """``src`` (WAV) through one real encoder into ``dest``."""
    if codec.startswith("mp3"):
        rate = ["-V", setting[1:]] if setting.startswith("V") else ["-b", setting, "--cbr"]
        rate += ["--resample", "44.1"] if codec == "mp3r" else []  # mp3r: at 44.1 kHz
        rate += ["-m", "m"] if codec == "mp3m" else []  # mp3m: downmixed to mono
        run(["lame", "--quiet", *rate, str(src), str(dest)])
    elif codec == "ogg":
        run(["oggenc", "-Q", "-q", setting, "-o", str(dest), str(src)])
    else:
        run(["ffmpeg", "-v", "error", "-y", "-i", str(src), "-c:a", "aac", "-b:a", f"{setting}k", str(dest)])  # fmt: skip


def decode(codec: str, src: Path, dest: Path) -> None:
    """A first encode back to 16-bit WAV, by the codec's usual decoder."""
    if codec in ("mp3", "mp3r", "mp3m"):
        run(["lame", "--quiet", "--decode", str(src), str(dest)])
    elif codec == "mp3nogapless":
        run(["mpg123", "-q", "--no-gapless", "-w", str(dest), str(src)])
    elif codec == "ogg":
        run(["oggdec", "-Q", "-o", str(dest), str(src)])
    else:
        run(["ffmpeg", "-v", "error", "-y", "-i", str(src), "-c:a", "pcm_s16le", str(dest)])


def build_one(src: Path, name: str, dest: Path) -> None:
    first, (codec, setting) = SETTINGS[name]
    with tempfile.TemporaryDirectory() as tmp:
        wav = src
        if first:
            enc = Path(tmp) / f"first.{EXT[first[0][:3]]}"
            encode(*first, src, enc)
            wav = Path(tmp) / "first.wav"
            decode(first[0], enc, wav)
        part = dest.with_suffix(".part" + dest.suffix)
        encode(codec, setting, wav, part)
        part.rename(dest)


def ensure_tools() -> set[str]:
    """The tools present, after an apt install of the missing ones (when apt can)."""
    missing = sorted({APT[t] for t in APT if not shutil.which(t)})
    if missing and shutil.which("apt-get"):
        print(f"installing {' '.join(missing)} ...")
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], capture_output=True)
    return {t for t in APT if shutil.which(t)}


def sources(corpus: Path) -> list[dict]:
    with open(corpus / "manifest.csv") as f:
        rows = list(csv.DictReader(f))
    return [
        r
        for r in rows
        if r["class"] == "genuine"
        and int(r["src_rate"] or 0) >= 32000
        and not any(b in r["package"] for b in BLIND)
    ]


def build(corpus: Path, out: Path, only: str | None) -> list[dict]:
    """Every (source, setting) file, built when not already there; the skipped settings named."""
    have = ensure_tools()
    jobs, items = [], []
    for s in sources(corpus):
        if only and s["half"] != only:
            continue
        for name, (first, final) in SETTINGS.items():
            need = TOOLS[final[0]] + (TOOLS[first[0]] if first else [])
            if not set(need) <= have:
                continue
            dest = out / s["half"] / f"{name}-{s['source']}.{EXT[final[0][:3]]}"
            items.append({"path": dest, "half": s["half"], "setting": name, "positive": bool(first), "source": s["source"], "src_path": s["path"]})  # fmt: skip
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                jobs.append((corpus / s["path"], name, dest))
    skipped = sorted(n for n, (f, fin) in SETTINGS.items() if not set(TOOLS[fin[0]] + (TOOLS[f[0]] if f else [])) <= have)  # fmt: skip
    if skipped:
        print(f"skipped (tool missing): {', '.join(skipped)}")
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda j: build_one(*j), jobs))
    print(f"{len(items)} files from {len({i['source'] for i in items})} sources ({len(jobs)} built now) in {out}")  # fmt: skip
    return items


def decoded_sources(corpus: Path, items: list[dict]) -> set[str]:
    """The sources audiolint's T001 calls decodes of a lossy file as shipped: a direct encode
    of one is a re-encode in fact (its false alarms are counted apart too)."""
    paths = {i["source"]: corpus / i["src_path"] for i in items}
    rep = audiolint.check([str(p) for p in paths.values()], jobs=2, cache_dir=None, select=("T001",))  # fmt: skip
    flagged = {Path(fr.path).resolve() for fr in rep.files if fr.findings}
    return {s for s, p in paths.items() if p.resolve() in flagged}


def score(items: list[dict], fields: bool, decoded: set[str]) -> None:
    rep = audiolint.check([str(i["path"]) for i in items], jobs=2, cache_dir=None, select=("T004",))  # fmt: skip
    by = {Path(fr.path).resolve(): fr for fr in rep.files}
    per_setting: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for half in ("tune", "heldout"):
        t = {"TP": [], "FP": [], "FN": [], "TN": []}
        for i in (i for i in items if i["half"] == half):
            fr = by.get(i["path"].resolve())
            hit = bool(fr and any(f.rule == "T004" for f in fr.findings))
            key = ("T" if hit == i["positive"] else "F") + ("P" if hit else "N")
            t[key].append(i)
            per_setting[f"{half} {i['setting']}"][0] += hit
            per_setting[f"{half} {i['setting']}"][1] += 1
            if fields and fr:
                rec = (fr.fidelity or {}).get("reencode_grid")
                print(f"  {key} {i['path'].name}: {rec}")
        if not any(t.values()):
            continue
        print(f"T004 {half}: TP {len(t['TP'])} FP {len(t['FP'])} FN {len(t['FN'])} TN {len(t['TN'])}")  # fmt: skip
        own = [i for i in t["FP"] if i["source"] in decoded]
        print(f"  of the false alarms, {len(own)} on direct encodes of sources T001 calls decodes as shipped ({', '.join(sorted({i['source'] for i in own})) or 'none'}); on the others: {len(t['FP']) - len(own)}")  # fmt: skip
        for key, what in (("FP", "false alarm"), ("FN", "missed")):
            for i in t[key]:
                fr = by.get(i["path"].resolve())
                msg = next((f.message for f in fr.findings if f.rule == "T004"), "") if fr else "not checked"  # fmt: skip
                print(f"  {what}: {half}/{i['path'].name} {msg}")
    print("found / files, per setting:")
    for k in sorted(per_setting):
        print(f"  {k}: {per_setting[k][0]}/{per_setting[k][1]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-reencode"))
    ap.add_argument("--only", choices=("tune", "heldout"))
    ap.add_argument("--fields", action="store_true", help="print each file's re-encode record")
    args = ap.parse_args(argv)
    if not (args.corpus / "manifest.csv").exists():
        print(f"no corpus at {args.corpus}: run python benchmarks/realcorpus.py first")
        return 1
    items = build(args.corpus, args.out, args.only)
    score(items, args.fields, decoded_sources(args.corpus, items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
