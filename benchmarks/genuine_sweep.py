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
    for key in ("codec_grid", "mp3_grid"):
        g = fid.get(key) or {}
        if g.get("found"):
            parts.append(
                f"{key} {100 * g['zero_share']:.0f}% zeros vs {100 * g['off_grid_share']:.1f}%"
            )
    for key in ("cutoff_hz", "depth_db", "width_hz", "held", "holes", "spread_db", "flicker_db"):
        if fid.get(key) is not None:
            parts.append(f"{key}={fid[key]}")
    return " ".join(parts)


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
    for fr in rep.files:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
