"""A lossy encoder's low-pass, resampled, against a resampler's wall at an old Nyquist (issue 11).

    python benchmarks/lowpass_or_upsample.py [--corpus /tmp/audiolint-realcorpus]
                                             [--out /tmp/audiolint-lowpass] [--seconds 8]
                                             [--rev COMMIT] [--files] [--json FILE]

A lossy decode that is then resampled (``audiolint fix`` to 40 kHz, a 44.1 -> 48 kHz
conversion) loses the codec's time-frequency grid, so T001 cannot name the codec any more,
but it keeps the encoder's low-pass: LAME at 96-128 kbps cuts at 15-17 kHz, near 16 kHz, the
Nyquist frequency of 32 kHz audio. This script builds both from the real corpus's genuine
44.1/48 kHz recordings with treble (``SOURCES``, each in its corpus half: tune on ``tune``
only):

* **lossy, resampled**: LAME CBR 48/64/96/112/128 and V4-V6, FFmpeg's AAC at 64, 96 and 128
  kbps and oggenc q0-q2, decoded, then resampled by python-soxr (HQ), SoX (default) or FFmpeg's
  swresample (default) to 40, 44.1 or 48 kHz (never the decode's own rate), rotated so each
  resampler meets each rate;
* **upsampled**: the same sources brought down to 32 and 24 kHz by python-soxr HQ (16-bit),
  then up by the same three resamplers to the same rates, rotated.

The decodes fall in two classes: LAME resamples by itself at low bitrates (stereo 96 kbps to
32 kHz, 64 to 24, 48 to 22.05), so such a decode is upsampled from that rate, truly; the others
keep the source's rate (and are upsampled from it when brought higher, 44.1 -> 48 kHz). It
prints, per half, class and setting, how many files T002 calls upsampled, from 32 or 24 kHz or
another rate, how many with the right rate (where one is true), how many of its messages name
both causes (a lossy file's low-pass or an upsampling: ``BOTH``) and how many T001 finds; with
``--files`` each file's fidelity measures (the wall's half-way point, its drop, the top band's
spread, empty cells), and ``--json`` writes them. Built files are kept under ``--out`` and reused.
``--rev`` scores that commit's src/ (``git archive``), not the shared work tree's.
"""

# ruff: noqa: E501  (the setting table reads better one entry a line)
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

# genuine 44.1/48 kHz recordings of the corpus whose content reaches 13 kHz or more
SOURCES = {
    "tune": (
        "alsa_side",
        "pd_voice",
        "cs_mathewsn",
        "cs_finnegan",
        "ny_happy",
        "sp_guit_em9",
        "sp_perc_bell",
        "sp_ambi_haunted_hum",
    ),
    "heldout": (
        "alsa_front",
        "alsa_rear",
        "pd_bell",
        "cs_mathews",
        "sp_perc_bell2",
        "sp_perc_till",
        "sp_ambi_glass_rub",
        "cs_jungle",
    ),
}
FF = ["ffmpeg", "-v", "error", "-y"]
LAME_DEC = ["lame", "--quiet", "--decode", "{enc}", "{out}"]
FF_DEC = [*FF, "-i", "{enc}", "-c:a", "pcm_s16le", "{out}"]
CODECS = [
    ("lame-cbr96", ["lame", "--quiet", "-b", "96", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("lame-cbr112", ["lame", "--quiet", "-b", "112", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("lame-cbr128", ["lame", "--quiet", "-b", "128", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("lame-V4", ["lame", "--quiet", "-V", "4", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("lame-V5", ["lame", "--quiet", "-V", "5", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("lame-V6", ["lame", "--quiet", "-V", "6", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("aac-96k", [*FF, "-i", "{src}", "-c:a", "aac", "-b:a", "96k", "{enc}"], ".m4a", FF_DEC),
    ("aac-128k", [*FF, "-i", "{src}", "-c:a", "aac", "-b:a", "128k", "{enc}"], ".m4a", FF_DEC),
    ("vorbis-q0", ["oggenc", "-Q", "-q", "0", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{out}", "{enc}"]),
    ("vorbis-q1", ["oggenc", "-Q", "-q", "1", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{out}", "{enc}"]),
    ("vorbis-q2", ["oggenc", "-Q", "-q", "2", "-o", "{enc}", "{src}"], ".ogg", ["oggdec", "-Q", "-o", "{out}", "{enc}"]),
    # lower bitrates, whose low-pass can stand near 12 kHz (24 kHz audio's Nyquist frequency)
    ("lame-cbr64", ["lame", "--quiet", "-b", "64", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("lame-cbr48", ["lame", "--quiet", "-b", "48", "--cbr", "{src}", "{enc}"], ".mp3", LAME_DEC),
    ("aac-64k", [*FF, "-i", "{src}", "-c:a", "aac", "-b:a", "64k", "{enc}"], ".m4a", FF_DEC),
]  # fmt: skip
TARGETS = (40000, 44100, 48000)
BOTH = "or the low-pass of a lossy encode ("  # T002 names both causes (analysis.upsampled.ENCODER_LOWPASS)
OLD = (32000, 24000)


# python-soxr HQ, SoX's default ``rate`` (-h) and FFmpeg's default swresample, as
# resampler_sweep.py runs them
NAMES = {"soxr": "soxr-HQ", "sox": "sox-h", "swr": "swr"}


def _resamplers() -> dict:
    """Name -> ``f(x, old, new)`` (imported late: resampler_sweep imports audiolint, which
    ``--rev`` puts on the path first)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import resampler_sweep

    tools, _ = resampler_sweep.resamplers()
    return {name: tools[tool] for name, tool in NAMES.items()}


def _write16(path: Path, y: np.ndarray, rate: int) -> None:
    sf.write(path, np.clip(y, -1, 32767 / 32768), rate, subtype="PCM_16")


def build(corpus: Path, out: Path, seconds: float) -> list[dict]:
    """Build (or reuse) every file; rows of path, half, kind (lossy/upsampled), setting, old."""
    resample = _resamplers()
    rows, names = [], list(resample)
    for half, sources in SOURCES.items():
        d = out / half
        d.mkdir(parents=True, exist_ok=True)
        for i, name in enumerate(sources):
            src = corpus / half / "genuine" / f"{name}.wav"
            if not src.exists():
                print(f"  missing source {src}", file=sys.stderr)
                continue
            info = sf.info(src)
            x, sr = sf.read(
                src, dtype="float64", always_2d=True, frames=int(seconds * info.samplerate)
            )
            cut = d / f"_src_{name}.wav"
            if not cut.exists():
                sf.write(cut, x, sr, subtype="PCM_16")
            for j, (codec, enc, ext, dec) in enumerate(CODECS):
                res = names[(i + j) % len(names)]
                targets = [t for t in TARGETS if t != sr]
                new = targets[(i + j // len(names)) % len(targets)]
                path = d / f"{name}-{codec}-{res}-{new // 100}.wav"
                side = path.with_suffix(".json")  # the decode's own rate
                if not (path.exists() and side.exists()):
                    with tempfile.TemporaryDirectory() as tmp:
                        e, w = Path(tmp) / f"enc{ext}", Path(tmp) / "dec.wav"
                        fmt = {"src": str(cut), "enc": str(e), "out": str(w)}
                        subprocess.run(
                            [a.format(**fmt) for a in enc], check=True, capture_output=True
                        )
                        subprocess.run(
                            [a.format(**fmt) for a in dec], check=True, capture_output=True
                        )
                        y, dsr = sf.read(w, dtype="float64", always_2d=True)
                    _write16(path, resample[res](y, dsr, new), new)
                    side.write_text(json.dumps({"decode_rate": dsr}))
                dsr = json.loads(side.read_text())["decode_rate"]
                # LAME resamples by itself at low bitrates (stereo 96 kbps: 32 kHz, 64: 24 kHz,
                # 48: 22.05 kHz): that decode is upsampled from its own rate, truly; a decode
                # at the source's rate brought higher is upsampled from that rate
                low = dsr if dsr < sr else (sr if new > sr else None)  # 44.1 -> 48 kHz: upsampled
                rows.append(
                    {
                        "path": path,
                        "half": half,
                        "kind": "lossy, decoded lower"
                        if dsr < sr
                        else "lossy, decoded at the source's rate",
                        "setting": codec,
                        "res": res,
                        "old": low,
                    }
                )
            for k, old in enumerate(OLD):
                low = np.round(soxr.resample(x, sr, old, quality="HQ") * 32768) / 32768
                for m, res in enumerate(names):
                    new = TARGETS[(i + k + m) % len(TARGETS)]
                    path = d / f"{name}-up{old // 1000}k-{res}-{new // 100}.wav"
                    rows.append(
                        {
                            "path": path,
                            "half": half,
                            "kind": "upsampled",
                            "setting": f"from {old}",
                            "res": res,
                            "old": old,
                        }
                    )
                    if not path.exists():
                        _write16(path, resample[res](low, old, new), new)
    return rows


def _said(fr, rule: str) -> str | None:
    f = [f for f in fr.findings if f.rule == rule]
    return f[0].message if f else None


def score(rows: list[dict], files: bool, dump: str | None) -> None:
    """Print, per half and class, what T002 and T001 say; ``files``: every file's measures."""
    import audiolint

    rep = audiolint.check(
        [str(r["path"]) for r in rows], jobs=1, cache_dir=None, select=("T001", "T002")
    )
    by = {os.path.realpath(fr.path): fr for fr in rep.files}
    table, out = defaultdict(Counter), []
    for r in rows:
        fr = by[os.path.realpath(r["path"])]
        fid = fr.fidelity or {}
        t2, t1 = _said(fr, "T002"), _said(fr, "T001")
        up = (fid.get("upsampled_from") if t2 else None) or None
        c = table[(r["half"], r["kind"], r["setting"] if r["kind"] == "lossy" else r["setting"])]
        c["n"] += 1
        c["T002"] += bool(t2)
        c["T002 32k"] += up == 32000
        c["T002 24k"] += up == 24000
        c["other"] += bool(up) and up not in (32000, 24000)
        c["right"] += r["old"] is not None and up == r["old"]
        c["both"] += bool(t2) and BOTH in t2
        c["T001"] += bool(t1)
        keys = (
            "verdict",
            "cutoff_hz",
            "depth_db",
            "width_hz",
            "steepness_db_per_khz",
            "resampler_position",
            "resampler_drop_db",
            "resampler_spread_db",
            "spread_db",
            "holes",
            "held",
        )
        rec = {
            "path": str(r["path"]),
            **{k: r[k] for k in ("half", "kind", "setting", "res", "old")},
            "T002": t2,
            "T001": t1,
            **{k: fid.get(k) for k in keys},
        }
        out.append(rec)
        if files:
            m = " ".join(
                f"{k}={rec[k]:.3g}" if isinstance(rec[k], float) else f"{k}={rec[k]}" for k in keys
            )
            print(f"{Path(r['path']).name:48s} T002={up} T001={'yes' if t1 else 'no'} {m}")
    for half in SOURCES:
        print(
            f"\n[{half}] class / setting                          n  T002  32k  24k other  right  both-causes  T001"
        )
        tot = defaultdict(Counter)
        for (h, kind, setting), c in sorted(table.items()):
            if h != half:
                continue
            tot[kind].update(c)
            print(
                f"  {kind:35s} {setting:12s} {c['n']:4d} {c['T002']:5d} {c['T002 32k']:4d} {c['T002 24k']:4d} {c['other']:5d} {c['right']:6d} {c['both']:12d} {c['T001']:5d}"
            )
        for kind, c in tot.items():
            print(
                f"  {kind:35s} {'all':12s} {c['n']:4d} {c['T002']:5d} {c['T002 32k']:4d} {c['T002 24k']:4d} {c['other']:5d} {c['right']:6d} {c['both']:12d} {c['T001']:5d}"
            )
    if dump:
        Path(dump).write_text(json.dumps(out, indent=1))


def main(argv=None) -> int:
    """Build the files, then score them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="/tmp/audiolint-realcorpus")
    ap.add_argument("--out", default="/tmp/audiolint-lowpass")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rev", help="score this commit's src/ (git archive)")
    ap.add_argument("--files", action="store_true", help="every file's measures")
    ap.add_argument("--json", help="write every file's record here")
    args = ap.parse_args(argv)
    missing = [t for t in ("lame", "ffmpeg", "oggenc", "oggdec", "sox") if not shutil.which(t)]
    if missing:
        print(f"missing tools: {', '.join(missing)} (apt-get install lame ffmpeg vorbis-tools sox)")
        return 1
    with tempfile.TemporaryDirectory(prefix="lowpass-rev-") as tmp:
        if args.rev:  # that commit's tree (glossary included), first on the path
            repo = Path(__file__).resolve().parent.parent
            archive = subprocess.run(
                ["git", "-C", str(repo), "archive", args.rev], check=True, capture_output=True
            )
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            sys.path.insert(0, str(Path(tmp) / "src"))
        rows = build(Path(args.corpus), Path(args.out), args.seconds)
        score(rows, args.files, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
