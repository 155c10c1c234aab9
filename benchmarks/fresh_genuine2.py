"""A second fresh genuine set nobody has tuned on, split by package into tune and held-out.

    python benchmarks/fresh_genuine2.py [--out /tmp/audiolint-fresh2] [--rev COMMIT] [--jobs 1]
                                        [--build-only]

Like ``fresh_genuine.py`` (whose fetch, check and table it reuses), from Debian packages chosen
for recorded voices, instruments and rooms. Only hedgewars-data and warzone2100-data are fresh:
sonic-pi-samples and sound-icons are sources of ``realcorpus.py`` (which every rule is tuned on)
and sonic-pi-samples also of ``no_voice.py``/``no_voice_rooms.py``; lmms-common is
``no_voice_music.py``'s S007 material in both its halves. Read those packages' figures as tuned
material, not held out (review 1, session 16).

* tune half:
  - hedgewars-data: the game's voice packs (Default, British, Spanish, Polish, Russian,
    Singer, Robot, Pirate: actors' short exclamations, some processed), some effects, music.
  - sound-icons: speech-dispatcher's short WAV sound icons (a few recorded instruments).
  - sonic-pi-samples: Sonic Pi's recorded samples (FLAC: ambiences, a choir, piano, guitar,
    drums, vinyl, loops).
* held-out half:
  - warzone2100-data: voice lines from the game's base.wz archive (a zip; the commander's
    voice, console messages, mission messages, tutorial, taunts, pilots), a few effects.
  - lmms-common: LMMS's samples (Ogg: drums, basses, beats, instruments, strings, effects).

The halves were chosen by package before any file was checked. Every WAV is copied again as
FLAC (the same samples). SOURCES.txt names each file's half, package, path inside it and the
package's copyright file (copied beside the files). Findings are judged by hand on their
evidence in the session's notes; nobody tunes a threshold on the held-out half, and a
judgement is never fed back as a threshold.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from collections import Counter
from pathlib import Path

import soundfile as sf
from fresh_genuine import check, fetch, parser, table

HW = "usr/share/games/hedgewars/Data/"
HW_VOICES = ["Default", "British", "Default_es", "Default_pl", "Default_ru", "Singer", "Robot",
             "Pirate"]  # fmt: skip
WZ = "usr/share/games/warzone2100/base.wz"
# (half, package, [(folder inside it, suffixes, take every k-th file, at most n, what)])
PACKAGES = [
    ("tune", "hedgewars-data", [
        *[(HW + f"Sounds/voices/{v}", (".ogg",), 9, 8, f"game voice pack {v}, Ogg Vorbis")
          for v in HW_VOICES],
        (HW + "Sounds", (".ogg",), 10, 12, "game sound effects, Ogg Vorbis"),
        (HW + "Music", (".ogg",), 9, 3, "game music, Ogg Vorbis"),
    ]),
    ("tune", "sound-icons", [("usr/share/sounds/sound-icons", (".wav",), 1, 99, "sound icons")]),
    ("tune", "sonic-pi-samples", [
        ("usr/share/sonic-pi/samples", (".flac",), 4, 99, "Sonic Pi samples, FLAC")]),
    ("heldout", "warzone2100-data", [
        (WZ + ":audio/memressp/cmndrvoc", (".ogg",), 3, 12, "commander's voice lines"),
        (WZ + ":audio/memressp/console", (".ogg",), 3, 8, "console voice messages"),
        (WZ + ":audio/memressp/missmesg", (".ogg",), 4, 10, "mission voice messages"),
        (WZ + ":audio/tutorial", (".ogg",), 8, 10, "tutorial voice lines"),
        (WZ + ":audio/taunts/taunt1", (".ogg",), 2, 7, "taunts"),
        (WZ + ":audio/vtoltalk", (".ogg",), 3, 6, "pilots' radio lines"),
        (WZ + ":audio/sfx/weapons", (".ogg",), 6, 5, "weapon effects"),
        (WZ + ":sequenceaudio", (".ogg",), 6, 2, "cut-scene audio"),
    ]),
    ("heldout", "lmms-common", [
        (f"usr/share/lmms/samples/{d}", (".ogg", ".wav"), 3, 5, f"LMMS samples: {d}")
        for d in ("basses", "beats", "drums", "effects", "instruments", "latin", "misc",
                  "stringsnpads", "bassloops")
    ]),
]  # fmt: skip


def listing(root: Path, folder: str, suffixes: tuple[str, ...]) -> list[tuple[str, bytes | Path]]:
    """(name, source) of the files in a folder, or in a zip archive's folder ("ARCHIVE:dir")."""
    if ":" not in folder:
        src = root / folder
        if not src.is_dir():
            return []
        return [(p.name, p) for p in sorted(src.iterdir()) if p.name.endswith(suffixes)]
    arch, inner = folder.split(":", 1)
    with zipfile.ZipFile(root / arch) as z:
        names = sorted(n for n in z.namelist() if n.rsplit("/", 1)[0] == inner)
        return [(n.rsplit("/", 1)[1], z.read(n)) for n in names if n.endswith(suffixes)]


def build(out: Path, cache: Path, packages=None) -> list[str]:
    """Copy the chosen files (``packages``, this script's ``PACKAGES`` by default) into
    OUT/files/<half>/<package>; return SOURCES.txt lines."""
    lines = []
    for half, pkg, folders in PACKAGES if packages is None else packages:
        root = fetch(pkg, cache)
        if root is None:
            continue
        dest_dir = out / "files" / half / pkg
        dest_dir.mkdir(parents=True, exist_ok=True)
        lic = root / f"usr/share/doc/{pkg}/copyright"
        if lic.exists():
            shutil.copy(lic, dest_dir / "copyright")
        lines.append(f"# {half} {pkg}: licence /usr/share/doc/{pkg}/copyright (copied beside)")
        for folder, suffixes, every, n, what in folders:
            picked = listing(root, folder, suffixes)[::every][:n]
            if not picked:
                print(f"SKIP {pkg}/{folder}: nothing there", flush=True)
            tag = folder.rstrip("/").split("/")[-1] + "_"
            for name, src in picked:
                dest = dest_dir / f"{tag}{name}"
                if isinstance(src, Path):
                    shutil.copy(src, dest)
                else:
                    dest.write_bytes(src)
                lines.append(
                    f"files/{half}/{pkg}/{dest.name}\t{half}\t{pkg}\t{folder}/{name}\t{what}"
                )
                if dest.suffix == ".wav":
                    x, sr = sf.read(str(dest), dtype="int16", always_2d=True)
                    flac = dest.with_suffix(".wav.flac")
                    sf.write(str(flac), x, sr, format="FLAC", subtype="PCM_16")
                    rel = f"files/{half}/{pkg}/{flac.name}"
                    lines.append(f"{rel}\t{half}\t{pkg}\t(FLAC copy)\t{what}")
    (out / "SOURCES.txt").write_text("\n".join(lines) + "\n")
    return lines


def per_half(report: dict) -> str:
    """Files with each rule's finding, per half (tune | held-out)."""
    files: Counter = Counter()
    fired: Counter = Counter()
    for f in report["files"]:
        half = f["path"].split("/files/", 1)[-1].split("/", 1)[0]
        files[half] += 1
        for rule in {fd["rule"] for fd in f.get("findings") or []}:
            fired[rule, half] += 1
    lines = [f"files: tune {files['tune']} | heldout {files['heldout']}"]
    for rule in sorted({r for r, _ in fired}):
        lines.append(f"  {rule}: {fired[rule, 'tune']} | {fired[rule, 'heldout']}")
    return "\n".join(lines) + "\n"


def run(doc: str, out: str, packages, argv=None) -> int:
    """Build the set of ``packages`` (once) under ``--out`` (``out`` by default), then check it
    and print the findings' table and the per-half counts: every fresh set's ``main``."""
    a = parser(doc, out).parse_args(argv)
    if not (a.out / "SOURCES.txt").exists():
        build(a.out, a.cache, packages)
    if a.build_only:
        return 0
    report = check(a.out, a.rev, a.jobs)
    print(table(report, a.out), end="")
    print(per_half(report), end="")
    return 0


def main(argv=None) -> int:
    return run(__doc__, "/tmp/audiolint-fresh2", PACKAGES, argv)


if __name__ == "__main__":
    sys.exit(main())
