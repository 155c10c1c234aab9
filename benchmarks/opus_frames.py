"""Opus decodes with 20, 10 and 5 ms CELT frames: does the fidelity analysis still call them
lossy (issue 11: the codec-grid search's 10/5 ms families against Opus's pre-skip grid)?

    python benchmarks/opus_frames.py [--dir DIR] [--jsonl OUT]

libopus codes 20 ms CELT frames by default; ``opusenc --framesize 10|5`` and FFmpeg's
``-frame_duration 10|5`` make shorter ones. Real recordings of the real corpus's sources
(``realcorpus.py``: speech and music from Debian packages and PyPI sdists, licences in its
SOURCES.txt; none of the blind set's packages) are encoded by opusenc and by FFmpeg's libopus
at 64 and 128 kbps with each frame size, decoded to 16-bit 48 kHz WAV (opusdec for opusenc's,
FFmpeg for FFmpeg's), and each decode is written twice: whole, and with its first CUT samples
dropped (a clip cut out of a longer decode: the grid is no longer where libopus's pre-skip puts
it, so only an every-offset search can find it). The set is built once in DIR (default
/tmp/audiolint-opus-frames); files that cannot be made (a tool missing) are skipped, and said.

Prints, per frame size and cut, how many decodes the fidelity analysis calls lossy-origin and
which grid was found (the codec grid's every-offset search or the Opus pre-skip grid). With
``--jsonl``, each file's fidelity record (sorted keys, artifacts left out) is written one a
line, for a comparison of two trees (run with ``PYTHONPATH=<export>/src``); ``--against`` such a
file lists the decodes whose verdict or origin differ from it, and counts them. Report only: the
set is not for tuning.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

SOURCES = (  # (name, half) of realcorpus.py's sources: speech and music, mono and stereo
    ("alsa_front", "heldout"), ("alsa_side", "tune"), ("cs_finnegan", "tune"),
    ("cs_mathews", "heldout"), ("pd_voice", "tune"), ("praat_nwts", "heldout"),
    ("cs_flute", "tune"), ("cs_jungle", "heldout"), ("ny_happy", "tune"),
    ("sp_guit_em9", "tune"), ("sp_loop_tabla", "heldout"), ("cs_singfemale", "tune"),
)  # fmt: skip
FRAMES_MS = (20, 10, 5)
KBPS = (64, 128)
CUT = 1237  # samples dropped from the start of the cut copies (not a multiple of 120)
DEFAULT = Path(tempfile.gettempdir()) / "audiolint-opus-frames"
CORPUS = Path(tempfile.gettempdir()) / "audiolint-realcorpus" / "sources"


def _run(argv: list[str]) -> bool:
    return subprocess.run(argv, capture_output=True).returncode == 0


TOOLS = {"opusenc": ("opusenc", "opusdec"), "ffmpeg": ("ffmpeg",)}


def _commands(tool: str, src: Path, enc: Path, wav: Path, ms: int, kbps: int) -> list:
    """The encode and decode commands of ``tool`` (opusenc's decoded by opusdec)."""
    if tool == "opusenc":
        return [
            ["opusenc", "--quiet", "--bitrate", str(kbps), "--framesize", str(ms), str(src),
             str(enc)],
            ["opusdec", "--quiet", "--rate", "48000", str(enc), str(wav)],
        ]  # fmt: skip
    ff = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    return [
        [*ff, "-i", str(src), "-c:a", "libopus", "-b:a", f"{kbps}k", "-frame_duration", str(ms),
         str(enc)],
        [*ff, "-i", str(enc), "-ar", "48000", "-c:a", "pcm_s16le", str(wav)],
    ]  # fmt: skip


def build(folder: Path) -> list[dict]:
    """Make the set in ``folder`` (reused when its manifest is there); its rows."""
    manifest = folder / "manifest.csv"
    if manifest.exists():
        return list(csv.DictReader(manifest.open()))
    folder.mkdir(parents=True, exist_ok=True)
    have = {t: shutil.which(t) for t in ("opusenc", "opusdec", "ffmpeg")}
    print("tools:", ", ".join(f"{t} {'yes' if p else 'MISSING'}" for t, p in have.items()))
    rows = []
    for name, half in SOURCES:
        src = CORPUS / f"{name}.wav"
        if not src.exists():
            print(f"skipped {name}: {src} missing (run benchmarks/realcorpus.py)")
            continue
        for ms in FRAMES_MS:
            for kbps in KBPS:
                for tool in ("opusenc", "ffmpeg"):
                    stem = f"{name}-{tool}-{ms}ms-{kbps}k"
                    enc, wav = folder / f"{stem}.opus", folder / f"{stem}.wav"
                    ok = all(have[t] for t in TOOLS[tool]) and all(
                        _run(argv) for argv in _commands(tool, src, enc, wav, ms, kbps)
                    )
                    enc.unlink(missing_ok=True)
                    if not ok:
                        print(f"skipped {stem}: {tool} failed or missing")
                        continue
                    data, sr = sf.read(str(wav), dtype="int16", always_2d=True)
                    cut = folder / f"{stem}-cut.wav"
                    sf.write(str(cut), data[CUT:], sr, subtype="PCM_16")
                    for path, was_cut in ((wav, False), (cut, True)):
                        row = {"path": path, "source": name, "half": half, "tool": tool}
                        rows.append({**row, "ms": ms, "kbps": kbps, "cut": was_cut})
    with manifest.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return [{k: str(v) for k, v in r.items()} for r in rows]


def fidelity(path: Path) -> dict:
    """The file's fidelity record as the JSON report holds it (artifacts left out)."""
    from audiolint import pipeline
    from audiolint.analysis import analyse, registry
    from audiolint.probe import decode

    props = pipeline.probe_safely(path).properties
    blocks = decode.blocks(path, props.container, decoder=props.decoder)
    found = analyse(blocks, props, {"fidelity": registry.FACTORIES["fidelity"]})["fidelity"]
    return json.loads(
        json.dumps(
            {k: v for k, v in found.items() if not k.startswith("_")},
            sort_keys=True,
            default=lambda v: np.asarray(v).tolist(),
        )
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--dir", type=Path, default=Path(tempfile.gettempdir()) / "audiolint-opus-frames"
    )
    ap.add_argument("--jsonl", type=Path)
    ap.add_argument("--against", type=Path, help="another run's --jsonl: list verdicts that differ")
    args = ap.parse_args()
    before = {}
    if args.against:
        for line in args.against.open():
            got = json.loads(line)
            before[got["path"]] = got["rec"]
    rows = build(args.dir)
    out = args.jsonl.open("w") if args.jsonl else None
    table: dict = collections.defaultdict(collections.Counter)
    for row in rows:
        rec = fidelity(Path(row["path"]))
        if out:
            out.write(json.dumps({"path": row["path"], "rec": rec}, sort_keys=True) + "\n")
        key = (int(row["ms"]), row["cut"] == "True", row["half"])
        old = before.get(row["path"])
        said = (rec.get("verdict"), rec.get("origin"))
        if old and (old.get("verdict"), old.get("origin")) != said:
            print(f"differs: {row['path']}: {old.get('verdict')} -> {said[0]}")
            table[key]["changed"] += 1
        grids = [k for k in ("codec_grid", "opus_grid") if (rec.get(k) or {}).get("found")]
        table[key]["files"] += 1
        table[key]["lossy-origin"] += rec.get("verdict") == "lossy-origin"
        for g in grids:
            table[key][g] += 1
    print(f"{'frames':>7} {'cut':>5} {'half':>8} {'files':>6} {'lossy':>6} {'codec_grid':>11} "
          f"{'opus_grid':>10} {'changed':>8}")  # fmt: skip
    for (ms, cut, half), c in sorted(table.items()):
        print(f"{ms:>5}ms {str(cut):>5} {half:>8} {c['files']:>6} {c['lossy-origin']:>6} "
              f"{c['codec_grid']:>11} {c['opus_grid']:>10} {c['changed']:>8}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
