"""T001 on lossy decodes from the wild, proven so by their upstream's history (issue 11).

Every other lossy file in the evaluation sets was made here, with encoders we chose. These were
not: Debian's deepin-sound-theme ships 21 WAVs, and 19 of them equal, to 16-bit rounding, the
Ogg Vorbis files its upstream shipped until 2018 (see ``provenance.py`` for the commits and the
match). They are short interface sounds (0.1-7 s), not voices; what they measure is whether T001
recognises fake-lossless files that someone else made, with an encoder and settings nobody
here picked. Nothing was tuned on them.

Prints, per file: duration, whether T001 fired, and T001's message or the fidelity verdict; then
T001's recall on the 19 and on those long enough to judge (the spectrum is read from 0.5 s), and
how many the fidelity verdict calls genuine. The two WAVs with no proven Ogg ancestor are listed
as info, not scored. Fetches the package with ``apt-get download`` (no install); skips,
saying so, when it cannot.

    python benchmarks/proven_decodes.py [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provenance import DEEPIN_VORBIS_DECODES
from realcorpus import fetch_apt

FOLDER = "usr/share/sounds/deepin/stereo"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/audiolint-proven-decodes")
    args = ap.parse_args(argv)
    root = fetch_apt("deepin-sound-theme", Path(args.cache))
    if root is None:
        print("SKIP: deepin-sound-theme could not be downloaded (apt-get download failed)")
        return 0
    folder = root / FOLDER
    wavs = sorted(folder.glob("*.wav"))
    if not wavs:
        print(f"SKIP: no WAV under {folder} (the package changed?)")
        return 0

    import audiolint

    report = audiolint.check([str(p) for p in wavs], read_config=False)
    by_stem = {Path(f.path).stem: f for f in report.files}
    rows, genuine = [], 0
    print(f"{'file':32s} {'secs':>5s}  T001  what it says")
    for stem in sorted(by_stem):
        f = by_stem[stem]
        t001 = [x for x in f.findings if x.rule == "T001"]
        secs = f.properties.duration_s if f.properties and f.properties.duration_s else 0.0
        proven = stem in DEEPIN_VORBIS_DECODES
        verdict = (f.fidelity or {}).get("verdict", "-")
        said = t001[0].message[:90] if t001 else f"(fidelity verdict: {verdict})"
        mark = "" if proven else "  [no proven Ogg ancestor: info, not scored]"
        print(f"{stem:32s} {secs:5.2f}  {'yes' if t001 else 'no ':3s}   {said}{mark}")
        if proven:
            rows.append((secs, bool(t001)))
            genuine += verdict == "genuine"
    missing = sorted(set(DEEPIN_VORBIS_DECODES) - set(by_stem))
    if missing:
        print(f"not in this package version (left out): {', '.join(missing)}")

    def line(label, sub):
        hit = sum(h for _, h in sub)
        pct = f"{100 * hit / len(sub):5.1f}%" if sub else "    -"
        print(f"  {label:46s} {hit:3d}/{len(sub):<3d} {pct}")

    print("\nT001 on WAVs proven to be Vorbis decodes by upstream history")
    line("all", rows)
    line("0.5 s or longer (long enough to be judged)", [r for r in rows if r[0] >= 0.5])
    line("under 0.5 s (fidelity's MIN_SECONDS: not judged)", [r for r in rows if r[0] < 0.5])
    print(f"  {'called genuine (fidelity verdict)':46s} {genuine:3d}/{len(rows):<3d}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
