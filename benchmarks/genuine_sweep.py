"""Hunt for false alarms on genuine material nobody tuned on: sounds shipped in Debian packages.

    python benchmarks/genuine_sweep.py [--cache /tmp/audiolint-genuine] [--rev COMMIT] [--jobs 2]

Fetches Debian packages that ship recorded sound as WAV, FLAC or AIFF (``apt-get download`` and
``dpkg-deb -x`` into the cache; nothing is installed) and that neither ``realcorpus.py`` nor
``crosscheck.py`` uses: game sound effects and voices (granatier, kbounce, kgoldrunner, kolf,
lbreakout2, lincity-ng, chromium-bsu, extremetuxracer, ri-li, xboard), chat clients' sounds
(pidgin, gajim, psi-plus), KDE's blinken and khangman, speech-dispatcher's test prompt. Each
package's ``copyright`` file stays in its unpacked tree (SOURCES.txt lists the packages). Runs
audiolint on every file (the Python API, no cache; ``--rev`` scores that commit's src/,
exported by ``git archive``, instead of the work tree's) and prints, per rule, how many files
fire, then every T001-T004 finding with its message and the fidelity evidence it rests on.

These files are "genuine" only as shipped: a game's sound may well be a decoded Ogg or MP3, so
a finding here is a candidate false alarm to be judged on its evidence (an MDCT grid's zeros,
a flickering top band), not a false alarm by definition. Packages that cannot be fetched are
skipped, and the skips are printed.

Each T001 finding is then weighed against evidence the finding itself does not rest on
(:func:`independent`): a lossy file of the same name beside it (``chalk.ogg`` next to
``chalk.wav``) whose decode differs from the file by at most a few LSB, other files of the same
package whose same codec grid sits at the same offset (one pipeline's decodes share it; a grid
found by chance falls anywhere in the hop), a length of whole MP3 frames (an untrimmed decode's),
and an edge at a codec's cut-off that holds in the loud frames or leaves a quantiser's empty
cells. A finding with none of these rests on the grid alone, and is counted as a candidate
false alarm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf

# package -> folder inside it whose lossless audio is swept (every .wav/.flac/.aif/.aiff there)
PACKAGES = {
    "blinken": "usr/share/blinken",
    "chromium-bsu-data": "usr/share/games/chromium-bsu",
    "extremetuxracer-data": "usr/share/games/etr",
    "gajim": "usr/lib/python3/dist-packages/gajim/data/sounds",
    "granatier": "usr/share/granatier",
    "kbounce": "usr/share/kbounce",
    "kgoldrunner": "usr/share/kgoldrunner",
    "khangman": "usr/share/khangman",
    "kolf": "usr/share/kolf",
    "lbreakout2-data": "usr/share/games/lbreakout2",
    "lincity-ng-data": "usr/share/games/lincity-ng",
    "pidgin-data": "usr/share/sounds/purple",
    "psi-plus-sounds": "usr/share/psi-plus/sound",
    "ri-li-data": "usr/share/games/ri-li",
    "speech-dispatcher": "usr/share/sounds/speech-dispatcher",
    "xboard": "usr/share/games/xboard",
}
AUDIO = (".wav", ".flac", ".aif", ".aiff")
FIDELITY_RULES = ("T001", "T002", "T003", "T004")
GRIDS = ("codec_grid", "opus_grid", "mp3_grid", "mp2_grid")
LOSSY = (".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aac")
SAME_LSB = 4.0  # a sibling decode within this rms (16-bit LSB) of the file: the file is its decode
HELD, HOLES = 0.5, 0.005  # verdict.py's: an edge held in loud frames, a quantiser's empty cells


def fetch(pkg: str, cache: Path) -> Path | None:
    """The package unpacked under ``cache/pkg``, or None (the reason is printed)."""
    dest = cache / pkg
    if (dest / ".done").exists():
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(["apt-get", "download", pkg], cwd=tmp, capture_output=True, text=True)
        debs = list(Path(tmp).glob("*.deb"))
        if r.returncode or not debs:
            print(f"SKIP {pkg}: apt-get download failed: {r.stderr.strip()[:160]}")
            return None
        shutil.rmtree(dest, ignore_errors=True)
        subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(dest)], check=True)
    (dest / ".done").write_text("")
    return dest


def files_of(pkg: str, root: Path) -> list[Path]:
    """The package's lossless audio files, sorted."""
    base = root / PACKAGES[pkg]
    found = [p for p in base.rglob("*") if p.suffix.lower() in AUDIO and p.is_file()]
    return sorted(p for p in found if not p.is_symlink())


def audiolint_from(rev: str | None, cache: Path):
    """The audiolint module to measure: the work tree's, or ``rev``'s exported src/."""
    if rev:
        repo = Path(__file__).resolve().parents[1]
        dest = cache / "_code" / rev
        if not (dest / "glossary.yaml").exists():
            dest.mkdir(parents=True, exist_ok=True)
            tar = dest / "code.tar"
            git = ["git", "-C", str(repo), "archive", f"--output={tar}", rev]
            subprocess.run([*git, "src", "glossary.yaml"], check=True)
            shutil.unpack_archive(tar, dest)
        sys.path.insert(0, str(dest / "src"))
    import audiolint

    return audiolint


def evidence(fid: dict | None) -> str:
    """The fidelity record's codec signs in one line: grid zeros, flicker, holes, spread."""
    fid = fid or {}
    parts = [f"verdict={fid.get('verdict')}"]
    for key in GRIDS:
        g = fid.get(key) or {}
        if g.get("found"):
            parts.append(
                f"{key} {100 * g['zero_share']:.0f}% zeros vs {100 * g['off_grid_share']:.1f}%"
            )
    for key in ("cutoff_hz", "depth_db", "width_hz", "held", "holes", "spread_db", "flicker_db"):
        if fid.get(key) is not None:
            parts.append(f"{key}={fid[key]}")
    return " ".join(parts)


def _grid(fid: dict | None) -> tuple[str, int] | None:
    """The found grid's kind (record and window) and offset modulo its step, or None."""
    for key in GRIDS:
        g = (fid or {}).get(key) or {}
        if g.get("found"):
            return f"{key}:{g.get('window', '')}", g["offset"] % g.get("step", g["hop"])
    return None


def sibling_decode(path: Path) -> str | None:
    """How close the decode of a lossy file of the same name beside ``path`` comes to it."""
    for ext in LOSSY:
        other = path.with_suffix(ext)
        if not other.exists():
            continue
        try:
            a, _ = sf.read(path, dtype="float64", always_2d=True)
            b, _ = sf.read(other, dtype="float64", always_2d=True)
        except (RuntimeError, sf.LibsndfileError) as e:
            return f"{other.name} beside it does not decode here ({e})"
        if a.shape != b.shape:
            return f"{other.name} beside it holds {len(b)} frames, the file {len(a)}"
        lsb = float(np.sqrt(np.mean((a - b) ** 2)) * 32768)
        same = "the file is its decode" if lsb <= SAME_LSB else "not the same samples"
        return f"{other.name} beside it decodes to within {lsb:.1f} LSB rms: {same}"
    return None


def independent(path: Path, fid: dict, pkg: str, grids: dict) -> list[str]:
    """Evidence that ``path`` is a lossy decode as shipped that its T001 finding does not rest
    on: a sibling lossy file's decode, package files sharing its grid, a length of whole MP3
    frames (an untrimmed decode's: 1 in 576 or 1152 by chance), and a codec's edge held
    in loud frames or its empty cells when a grid decided (a grid found when an edge did)."""
    out = []
    sib = sibling_decode(path)
    if sib and "the file is its decode" in sib:
        out.append(sib)
    mine = _grid(fid)
    if mine:
        same = [p for p, (k, g) in grids.items() if k == pkg and g == mine and p != path]
        if same:
            out.append(f"{len(same)} other file(s) of {pkg} have the same grid at offset {mine[1]}")
    if mine and mine[0].startswith("mp3_grid"):
        info = sf.info(str(path))
        frame = 1152 if info.samplerate >= 32000 else 576  # MPEG-1's frame; MPEG-2 and 2.5's
        if info.frames % frame == 0:
            out.append(f"{info.frames} samples: {info.frames // frame} whole MP3 frames")
    if not any((fid.get(k) or {}).get("decided") for k in GRIDS):
        return out + ([f"a codec's grid ({mine[0]}) at offset {mine[1]}"] if mine else [])
    from audiolint.analysis.codec_edges import codec_candidates  # the version under test

    cut, held = fid.get("cutoff_hz"), (fid.get("held") or 0) >= HELD
    if (
        held
        and fid.get("depth_db") is not None
        and codec_candidates(cut, 1) + codec_candidates(cut)
    ):
        out.append(
            f"an edge at {cut} Hz, a codec's cut-off, holds in {fid['held']:.0%} of loud frames"
        )
    if (fid.get("holes") or 0) >= HOLES:
        out.append(f"{fid['holes']:.1%} of the cells under the edge are empty")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default="/tmp/audiolint-genuine")
    ap.add_argument("--rev", help="score this commit's src/ instead of the work tree's")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    files: dict[Path, str] = {}
    notes = []
    for pkg in PACKAGES:
        root = fetch(pkg, cache)
        if root is None:
            continue
        found = files_of(pkg, root)
        if not found:
            print(f"SKIP {pkg}: no lossless audio under {PACKAGES[pkg]}")
            continue
        files.update({p: pkg for p in found})
        notes.append(f"{pkg}: {len(found)} files; licence usr/share/doc/{pkg}/copyright")
    (cache / "SOURCES.txt").write_text("\n".join(notes) + "\n")
    audiolint = audiolint_from(args.rev, cache)
    print(f"audiolint from {Path(audiolint.__file__).parent}")
    print(f"{len(files)} files from {len(set(files.values()))} packages")
    rep = audiolint.check([str(p) for p in files], jobs=args.jobs, cache_dir=None, ignore=("D",))
    fired: Counter = Counter()
    listed = []
    grids = {Path(fr.path): (files.get(Path(fr.path)), _grid(fr.fidelity)) for fr in rep.files}
    weighed = []
    for fr in rep.files:
        if any(f.rule == "T001" for f in fr.findings):
            path = Path(fr.path)
            weighed.append((path, independent(path, fr.fidelity or {}, files.get(path), grids)))
        rules = sorted({f.rule for f in fr.findings})
        fired.update(rules)
        for f in fr.findings:
            if f.rule in FIDELITY_RULES:
                pkg = files.get(Path(fr.path), "?")
                listed.append((f.rule, pkg, fr.path, f.message, evidence(fr.fidelity)))
    print(f"\nfiles checked: {len(rep.files)}; skipped: {len(rep.skipped)}")
    print("rule   files firing")
    for rule, n in sorted(fired.items()):
        print(f"{rule}   {n:4d}  ({100 * n / max(1, len(rep.files)):.1f}%)")
    print(f"\nfidelity findings ({len(listed)}):")
    for rule, pkg, path, message, ev in sorted(listed):
        rel = os.path.relpath(path, cache)
        print(f"  {rule} [{pkg}] {rel}\n      {message}\n      {ev}")
    alone = [p for p, why in weighed if not why]
    print(f"\nT001 findings weighed against independent evidence ({len(weighed)}):")
    for path, why in sorted(weighed):
        print(f"  {os.path.relpath(path, cache)}: {'; '.join(why) or 'NONE'}")
    print(
        f"T001 with no independent evidence (candidate false alarms): {len(alone)} "
        f"of {len(rep.files)} files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
