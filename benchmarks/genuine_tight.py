"""T001 on short, tight clips shipped lossless, and on the same clips' decodes (issue 11).

    python benchmarks/genuine_tight.py [--cache /tmp/audiolint-genuine-tight] [--rev COMMIT]
                                      [--jobs 2] [--no-decodes]

Genuine material none of realcorpus.py, crosscheck.py, genuine_sweep.py or the blind set uses,
fetched with ``apt-get download`` + ``dpkg-deb -x`` and ``pip download --no-binary`` (nothing is
installed; each package's copyright or LICENSE file stays in its unpacked tree and SOURCES.txt
lists it): PokerTH's spoken poker words (pokerth-data, "recorded by doc_dos", BSD-3-clause) and
its other sounds, GNOME's desktop sounds (gnome-audio), Scratch 1.4's sound library (scratch:
voices, animals, instruments), netPanzer's unit voices (netpanzer-data), GNU Backgammon's and
Emilia Pinball's sounds (gnubg-data, pinball-data), and AMFM-decompy's speech sample (sdist).
Packages alternate tune / held-out by a SHA-1 of their name, and every source of a package
(one recordist, one chain of tools) goes to its package's half: tune on the first half only.

"Genuine" means shipped as WAV; whether a file was ever lossy is not known, so a file whose
package says it was converted from a lossy file is counted apart as a documented decode (a T001
finding on it is right), and so is one beside a lossy file of the same name that decodes to it
(genuine_sweep.sibling_decode). The rest are the false-alarm set: T001 on them is a candidate
false alarm, printed with the grid record it rests on.

Decodes of word-length clips: every genuine speech clip at 32 kHz or more (and, when
/tmp/audiolint-realcorpus exists, word-length clips cut from its genuine speech sources, which
keep that corpus's half), 0.5-1.6 s long (shorter files get no fidelity verdict at all:
fidelity.MIN_SECONDS), goes through oggenc q3/q6/q8 (whole decodes by oggdec, 16-bit) and
ffmpeg's AAC at 128 kbps; the share called lossy is T001's recall on clips that short. Tools
missing are skipped and listed (``--no-decodes`` skips the part). ``--rev`` scores that commit's
src/ (``git archive``) instead of the work tree's.
"""

# ruff: noqa: E501  (the source table reads better one entry a line)
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import genuine_sweep as gs  # noqa: E402  (fetch, audiolint_from, sibling_decode)
import realcorpus as rc  # noqa: E402  (fetch_pip)

PK = "usr/share/games/pokerth/sounds/default/"
SCR = "usr/share/scratch/Media/Sounds/"
NP = "usr/share/games/netpanzer/sound/"
# (id, kind, origin, package, files or folder globs inside it, licence file)
SOURCES = [
    ("pokerth_words", "speech", "apt", "pokerth-data", [PK + n + ".wav" for n in ("allin", "bet", "raise", "check", "call", "dealtwocards")], "usr/share/doc/pokerth-data/copyright"),
    ("pokerth_blinds", "speech", "apt", "pokerth-data", [PK + "blinds_raises_level*.wav"], "usr/share/doc/pokerth-data/copyright"),
    ("pokerth_sfx", "other", "apt", "pokerth-data", [PK + n + ".wav" for n in ("fold", "playerconnected", "yourturn", "lobbychatnotify", "onlinegameready")], "usr/share/doc/pokerth-data/copyright"),
    ("gnome_audio", "other", "apt", "gnome-audio", ["usr/share/sounds/*.wav", "usr/share/sounds/gtk-events/*.wav"], "usr/share/doc/gnome-audio/copyright"),
    ("scratch_voice", "speech-lowrate", "apt", "scratch", [SCR + "Human/*.wav", SCR + "Vocals/*.wav"], "usr/share/doc/scratch/copyright"),
    ("scratch_other", "other-lowrate", "apt", "scratch", [SCR + d + "/*.wav" for d in ("Animal", "Effects", "Electronic", "Instruments", "Percussion")], "usr/share/doc/scratch/copyright"),
    ("netpanzer_voice", "speech-lowrate", "apt", "netpanzer-data", [NP + "*selected*.wav", NP + "*affirm*.wav", NP + "*yessir*.wav", NP + "move_movout.wav", NP + "target_tarconf.wav", NP + "scream_ohgod.wav"], "usr/share/doc/netpanzer-data/copyright"),
    ("gnubg", "other-lowrate", "apt", "gnubg-data", ["usr/share/gnubg/sounds/*.wav"], "usr/share/doc/gnubg-data/copyright"),
    ("pinball", "other-lowrate", "apt", "pinball-data", ["usr/share/games/pinball/**/*.wav"], "usr/share/doc/pinball-data/copyright"),
    ("amfm_sample", "speech-lowrate", "pip", "AMFM-decompy==1.0.12.2", ["**/sample.wav"], "LICENSE"),
]  # fmt: skip
# Files their package says were converted from a lossy file (its copyright file, quoted)
DOCUMENTED = {
    "yourturn.wav": "pokerth-data: 'youturn.wav and lobbychatnotify.wav were converted from knotify's KDE_Beep_Connect.ogg and KDE_Beep.ogg'",
    "lobbychatnotify.wav": "pokerth-data: (as yourturn.wav) converted from KDE_Beep.ogg",
    "onlinegameready.wav": "pokerth-data: 'onlinegamerready.wav is converted from shutdown.ogg of the kJazz package'",
}  # fmt: skip
REALCORPUS = Path("/tmp/audiolint-realcorpus")
WORD_SOURCES = ("alsa_side", "praat_words_y", "alsa_front", "alsa_rear", "cs_fox", "praat_words_b")
DECODES = {  # name -> (tools, encode, decode): {src} {enc} {out}
    "vorbis-q3": (("oggenc", "oggdec"), ["oggenc", "-Q", "-q", "3", "-o", "{enc}", "{src}"], ["oggdec", "-Q", "-b", "16", "-o", "{out}", "{enc}"]),
    "vorbis-q6": (("oggenc", "oggdec"), ["oggenc", "-Q", "-q", "6", "-o", "{enc}", "{src}"], ["oggdec", "-Q", "-b", "16", "-o", "{out}", "{enc}"]),
    "vorbis-q8": (("oggenc", "oggdec"), ["oggenc", "-Q", "-q", "8", "-o", "{enc}", "{src}"], ["oggdec", "-Q", "-b", "16", "-o", "{out}", "{enc}"]),
    "aac-128k": (("ffmpeg",), ["ffmpeg", "-y", "-loglevel", "error", "-i", "{src}", "-c:a", "aac", "-b:a", "128k", "{enc}.m4a"], ["ffmpeg", "-y", "-loglevel", "error", "-i", "{enc}.m4a", "-c:a", "pcm_s16le", "{out}"]),
}  # fmt: skip


def halves(sources: list[tuple]) -> dict[str, str]:
    """Source id -> tune / heldout, by package: packages sorted by SHA-1 of their name alternate,
    so the sources of one package (one recordist, one chain of tools) share a half."""
    packages = sorted({s[3] for s in sources}, key=lambda p: hashlib.sha1(p.encode()).hexdigest())
    half = {p: ("tune", "heldout")[i % 2] for i, p in enumerate(packages)}
    return {s[0]: half[s[3]] for s in sources}


def words(x: np.ndarray, sr: int, lo: float = 0.5, hi: float = 1.6) -> list[tuple[int, int]]:
    """Word-length stretches of ``x`` (frames, channels): runs of 10 ms frames within 35 dB of
    the loudest, bridged over gaps under 80 ms, kept with 5 ms either side when lo-hi s long."""
    m, hop = x.mean(axis=1), sr // 100
    e = np.sqrt(np.mean(m[: len(m) // hop * hop].reshape(-1, hop) ** 2, axis=1) + 1e-20)
    on = 20 * np.log10(e / e.max()) > -35
    out, i = [], 0
    while i < len(on):
        if not on[i]:
            i += 1
            continue
        j, gap = i, 0
        while j < len(on) and gap < 8:
            gap = 0 if on[j] else gap + 1
            j += 1
        a, b = max(0, i * hop - hop // 2), min(len(m), (j - gap) * hop + hop // 2)
        if lo * sr <= b - a <= hi * sr:
            out.append((a, b))
        i = j
    return out


def fetch_all(cache: Path) -> list[dict]:
    """Every source file: id, kind, half, path, package, licence; what cannot be had is skipped."""
    split = halves(SOURCES)
    files, notes = [], []
    for sid, kind, origin, pkg, globs, lic in SOURCES:
        root = gs.fetch(pkg, cache) if origin == "apt" else rc.fetch_pip(pkg, cache)
        if root is None:
            print(f"SKIP {sid}: {pkg} could not be fetched")
            continue
        found = sorted(
            {p for g in globs for p in root.glob(g) if p.is_file() and not p.is_symlink()}
        )
        licence = next(iter(sorted(root.rglob(lic))), None) if origin == "pip" else root / lic
        notes.append(f"{sid} ({kind}, {split[sid]}): {pkg}, {len(found)} files; licence {licence}")
        files += [
            {"sid": sid, "kind": kind, "half": split[sid], "path": p, "package": pkg} for p in found
        ]
    (cache / "SOURCES.txt").write_text("\n".join(notes) + "\n")
    return files


def decodes(files: list[dict], cache: Path) -> list[dict]:
    """Word-length clips of genuine speech at 32 kHz or more and of the corpus's speech sources,
    each through every available setting of DECODES (built once, kept under the cache)."""
    clips = [
        f for f in files if f["kind"] == "speech" and sf.info(str(f["path"])).samplerate >= 32000
    ]
    out_clips = []
    for f in clips:  # the package's clips are word-length already, or cut into words
        x, sr = sf.read(str(f["path"]), dtype="int16", always_2d=True)
        cuts = words(x / 32768, sr) if len(x) > 1.6 * sr else [(0, len(x))] * (len(x) >= sr // 2)
        out_clips += [
            (f["half"], f"{f['sid']}_{f['path'].stem}_{i}", x[a:b], sr)
            for i, (a, b) in enumerate(cuts)
        ]
    if (REALCORPUS / "manifest.csv").exists():
        import csv

        with open(REALCORPUS / "manifest.csv") as fh:
            rows = {r["source"]: r["half"] for r in csv.DictReader(fh) if r["class"] == "genuine"}
        for sid in WORD_SOURCES:
            path = REALCORPUS / "sources" / f"{sid}.wav"
            if sid in rows and path.exists():
                x, sr = sf.read(str(path), dtype="int16", always_2d=True)
                out_clips += [
                    (rows[sid], f"rc_{sid}_{i}", x[a:b], sr)
                    for i, (a, b) in enumerate(words(x / 32768, sr))
                ]
    missing = sorted({t for tools, _, _ in DECODES.values() for t in tools if not shutil.which(t)})
    if missing:
        print(
            f"SKIP decodes needing {', '.join(missing)} (not installed: apt-get install vorbis-tools ffmpeg)"
        )
    made = []
    for half, name, x, sr in out_clips:
        src = cache / "clips" / half / "genuine" / f"{name}.wav"
        src.parent.mkdir(parents=True, exist_ok=True)
        if not src.exists():
            sf.write(str(src), x, sr, subtype="PCM_16")
        for setting, (tools, enc, dec) in DECODES.items():
            if any(t in missing for t in tools):
                continue
            out = cache / "clips" / half / setting / f"{name}.wav"
            if not out.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache / "clips" / "_enc"
                fmt = {"src": str(src), "enc": str(tmp), "out": str(out)}
                for cmd in (enc, dec):
                    subprocess.run([a.format(**fmt) for a in cmd], check=True, capture_output=True)
            made.append(
                {"sid": name, "kind": "decode", "half": half, "path": out, "setting": setting}
            )
        made.append(
            {"sid": name, "kind": "clip", "half": half, "path": src, "setting": "genuine clip"}
        )
    return made


def grid_line(fid: dict) -> str:
    """The grid records found or nearly found (z >= 8), in one line."""
    parts = []
    for key in gs.GRIDS:
        g = fid.get(key) or {}
        if g.get("found") or (g.get("z") or 0) >= 8:
            parts.append(f"{key} {g.get('window', g.get('codec'))} offset {g['offset']} {100 * g['zero_share']:.1f}% vs "
                         f"{100 * g['off_grid_share']:.1f}% z {g['z']} contrast {g.get('peak_contrast')} found={g['found']}")  # fmt: skip
    return "; ".join(parts) or "no grid"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-genuine-tight"))
    ap.add_argument("--rev", help="score this commit's src/ instead of the work tree's")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-decodes", action="store_true", help="score the shipped files only")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    files = fetch_all(args.cache)
    for f in files:
        sib = gs.sibling_decode(f["path"])
        why = DOCUMENTED.get(f["path"].name) or (
            sib if sib and "the file is its decode" in sib else None
        )
        f["setting"] = "documented decode" if why else "as shipped"
        f["why"] = why
    files += [] if args.no_decodes else decodes(files, args.cache)
    audiolint = gs.audiolint_from(args.rev, args.cache)
    print(f"audiolint from {Path(audiolint.__file__).parent}; {len(files)} files")
    rep = audiolint.check(
        [str(f["path"]) for f in files], jobs=args.jobs, cache_dir=None, ignore=("D",)
    )
    by_path = {str(f["path"]): f for f in files}
    table: Counter = Counter()
    grids: dict = defaultdict(list)  # (setting, half) -> found grid records
    for fr in rep.files:
        f = by_path[fr.path]
        t1 = any(x.rule == "T001" for x in fr.findings)
        row = (f["setting"], f["half"])
        table[row + ("files",)] += 1
        table[row + ("T001",)] += t1
        grids[row] += [g for k in gs.GRIDS if (g := (fr.fidelity or {}).get(k) or {}).get("found")]
        shipped = f["setting"] in ("as shipped", "documented decode", "genuine clip")
        if shipped and (t1 or "z " in grid_line(fr.fidelity or {})):
            tag = "T001" if t1 else "near"
            print(f"  {tag} [{f['sid']}, {f['half']}, {f['setting']}] {os.path.relpath(fr.path, args.cache)}: {grid_line(fr.fidelity or {})}"
                  + (f" ({f['why']})" if f.get("why") else ""))  # fmt: skip
    print(
        f"\nskipped: {len(rep.skipped)}\n{'set':24} {'tune':>12} {'held-out':>12}   (T001 / files)"
    )
    for setting in sorted({k[0] for k in table}):
        cells = [
            f"{table[(setting, h, 'T001')]}/{table[(setting, h, 'files')]}"
            for h in ("tune", "heldout")
        ]
        print(f"{setting:24} {cells[0]:>12} {cells[1]:>12}")
    print("\ngrids found: codec@offset (files), zero share and z, min / median")
    for (setting, half), found in sorted(grids.items()):
        if found:
            at = Counter(f"{g['codec']}@{g['offset'] % g.get('step', g['hop'])}" for g in found)
            share, z = (
                [float(np.min(v)), float(np.median(v))]
                for v in ([g[k] for g in found] for k in ("zero_share", "z"))
            )
            print(f"  {setting} {half}: {', '.join(f'{k} ({n})' for k, n in at.most_common(4))}; "
                  f"share {100 * share[0]:.1f} / {100 * share[1]:.1f} %, z {z[0]:.0f} / {z[1]:.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
