"""T002 on crude interpolators applied to recordings at their own rate (issue 11).

    python benchmarks/native_crude.py [--out /tmp/audiolint-native-crude] [--rev COMMIT]
                                      [--jobs 2]

``crude_upsampling.py`` first brings each source down with libsoxr, so the band under the old
Nyquist frequency is full to the filter's edge. A user's copy is more often a recording made
at 44.1 kHz and interpolated to 48 kHz as it is, whose own content may fade well before 22.05
kHz (a drum kit's cymbals by 20 kHz, a voice by 12-19 kHz): the interpolator's mirror image is
then faint and its folds carry the band. This set takes every genuine WAV source of the real
corpus (``realcorpus.py``, by its tune / held-out half), the cross-check set (``crosscheck.py``)
and the blind set (``blindset.py``), whichever are built, and makes:

* from each 44.1 kHz source: 48 kHz copies by a four-point cubic (Catmull-Rom), by linear
  interpolation (``np.interp``: libsamplerate's SRC_LINEAR, ``audioop.ratecv``) and by SoX's
  ``rate -q`` when sox is installed (skipped, and said, when not);
* from each 48 kHz source: a 32 kHz copy (libsoxr VHQ), brought by the cubic to 44.1 and 48 kHz;
* every source as it is (at its own rate, 16-bit): nothing to find there but its history;
* tones never upsampled (generated, as session 27's review made them): band-limited sawtooths
  and squares whose pitch divides the folds' shift (130-975 Hz, dividing 3.9 kHz at 48 kHz; 110
  and 220 Hz, dividing 12.1 kHz at 44.1 kHz), as beeps over ALSA's recorded prompts (when
  alsa-utils is installed) or as dying notes over low-passed noise: their partials land on
  partials where a copy's would, so an upsampling verdict there is a false alarm.

It runs ``audiolint check`` (the work tree's, or ``--rev``'s ``src`` from ``git archive``) and
prints, per set and tool, how many copies read upsampled from the right old rate, and how many
sources as they are get T001 or T002 (their own history: the disputed sources of the three
sets), with every verdict that is not the expected one. Session 27 made it to measure changes
to ``analysis/imagefit.py`` (a wider band, kept; copies on folds alone, reverted) and chose
between band widths on it, so its figures are not blind ones (docs/accuracy/fake-lossless.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr
from scipy.signal import butter, sosfilt

SETS = {
    "realcorpus": Path("/tmp/audiolint-realcorpus"),
    "crosscheck": Path("/tmp/audiolint-crosscheck"),
    "blind": Path("/tmp/audiolint-blind"),
}
ROOT = Path(__file__).resolve().parents[1]


def cubic(x: np.ndarray, rate: int, to: int) -> np.ndarray:
    """``x`` brought from ``rate`` to ``to`` by a four-point Catmull-Rom cubic, no filter."""
    t = np.arange(int(len(x) * to / rate)) * rate / to
    i, u = np.floor(t).astype(int), t - np.floor(t)
    p = np.concatenate([x[:1], x, x[-1:], x[-1:]])
    a, b, c, d = p[i], p[i + 1], p[i + 2], p[i + 3]
    return b + 0.5 * u * (c - a + u * (2 * a - 5 * b + 4 * c - d + u * (3 * (b - c) + d - a)))


def linear(x: np.ndarray, rate: int, to: int) -> np.ndarray:
    """``x`` brought from ``rate`` to ``to`` by linear interpolation between its samples."""
    t = np.arange(int(len(x) * to / rate)) * rate / to
    return np.interp(t, np.arange(len(x)), x)


def sources() -> list[tuple[str, str, Path]]:
    """(set, source, path) of each built set's genuine WAV sources, one file a source; the real
    corpus's set is named by its half."""
    out = []
    for name, folder in SETS.items():
        manifest = folder / "manifest.csv"
        if not manifest.exists():
            print(f"skipped: {folder} (not built)")
            continue
        seen = set()
        for row in csv.DictReader(manifest.open()):
            if row["class"] != "genuine" or row["source"] in seen or row["path"][-4:] != ".wav":
                continue
            seen.add(row["source"])
            label = f"{name}-{row['half']}" if name == "realcorpus" else name
            out.append((label, row["source"], folder / row["path"]))
    return out


def _write(path: Path, y: np.ndarray, rate: int) -> None:
    sf.write(path, np.clip(y, -1, 1), rate, subtype="PCM_16")


def build(out: Path) -> list[dict]:
    """Write the copies and the sources as they are; one record each (expected old rate)."""
    out.mkdir(parents=True, exist_ok=True)
    sox = shutil.which("sox")
    if not sox:
        print("skipped: SoX's rate -q (no sox; Debian package sox)")
    cases = []
    for label, name, path in sources():
        x, sr = sf.read(path, always_2d=True)
        x = x.mean(axis=1)
        base = f"{label}-{name}"
        if sr == 44100:
            made = [("cubic", 48000, cubic(x, sr, 48000)), ("linear", 48000, linear(x, sr, 48000))]
        elif sr == 48000:
            low = soxr.resample(x, sr, 32000, quality="VHQ")
            made = [("cubic", to, cubic(low, 32000, to)) for to in (44100, 48000)]
        else:
            continue
        old = 44100 if sr == 44100 else 32000
        for tool, to, y in made:
            f = out / f"{base}-{tool}-{old}-{to}.wav"
            _write(f, y, to)
            cases.append({"set": label, "tool": f"{tool} {old // 1000}k", "file": f, "old": old})
        if sox and sr == 44100:
            src, f = out / "_source.wav", out / f"{base}-soxq-44100-48000.wav"
            _write(src, x, sr)
            cmd = [sox, "-q", "-R", "-V1", src, "-r", "48000", f, "rate", "-q"]
            subprocess.run(cmd, check=True)
            src.unlink()
            cases.append({"set": label, "tool": "sox -q 44k", "file": f, "old": 44100})
        f = out / f"{base}-as-is-{sr}.wav"
        _write(f, x, sr)
        cases.append({"set": label, "tool": "as it is", "file": f, "old": None})
    return cases


def _partials(f0: float, sr: int, n: int, odd: bool) -> np.ndarray:
    """A band-limited sawtooth (or square: odd partials) at ``f0``, every partial under N."""
    t, y, k = np.arange(n) / sr, np.zeros(n), 1
    while k * f0 < 0.995 * sr / 2:
        if not odd or k % 2:
            y += np.sin(2 * np.pi * k * f0 * t) / k
        k += 1
    return y / np.abs(y).max()


def tones(out: Path) -> list[dict]:
    """The generated tones (see the module's docstring), written once; one record each."""
    rng, cases = np.random.default_rng(5), []
    alsa = sorted(Path("/usr/share/sounds/alsa").glob("Front_*.wav"))
    if not alsa:
        print("skipped: tones over ALSA's prompts (no alsa-utils)")
    for sr, pitches in ((48000, (130, 195, 260, 325, 390, 650, 975)), (44100, (110, 220))):
        n = 5 * sr
        # low-passed gently (a brick wall at 12 kHz would read as 24 kHz audio's edge)
        noise = sosfilt(butter(4, 12000, fs=sr, output="sos"), rng.standard_normal(n))
        noise /= np.abs(noise).max()
        t = np.arange(n) / sr
        for f0 in pitches:
            notes = _partials(f0, sr, n, False) * np.exp(-(t % 0.25) / 0.08)
            made = [(f"saw{f0}-notes-noise", notes + noise)]
            if alsa and sr == 48000:
                speech = np.concatenate([sf.read(a, always_2d=True)[0].mean(axis=1) for a in alsa])
                m = len(speech)
                gate = ((np.arange(m) / sr) % 0.5 < 0.15).astype(float)
                for kind, odd in (("saw", False), ("square", True)):
                    beep = _partials(f0, sr, m, odd) * gate
                    made.append((f"{kind}{f0}-beeps-prompts", speech + 0.3 * beep))
            for name, y in made:
                f = out / f"tone-{name}-{sr}.wav"
                _write(f, 0.8 * y / np.abs(y).max(), sr)
                cases.append({"set": "generated", "tool": "tone", "file": f, "old": None})
    return cases


def check(files: list[Path], rev: str | None, jobs: int) -> dict[str, dict]:
    """path -> the JSON report's file record, by the work tree's audiolint or ``rev``'s."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if rev:
            archive = subprocess.run(
                ["git", "-C", ROOT, "archive", rev, "src", "glossary.yaml"],
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            env["PYTHONPATH"] = str(Path(tmp) / "src")
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "audiolint", "check", *map(str, files), "--no-cache"]
        cmd += ["--format", "json", "-o", str(report), "--jobs", str(jobs)]
        subprocess.run(cmd, env=env, capture_output=True)
        return {r["path"]: r for r in json.loads(report.read_text())["files"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-native-crude"))
    ap.add_argument("--rev", help="score this commit's src/ (git archive), not the work tree's")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    cases = build(a.out) + tones(a.out)
    records = check([c["file"] for c in cases], a.rev, a.jobs)
    print(f"code under test: {a.rev or 'the work tree'}; {len(cases)} files in {a.out}")
    table: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    odd = []
    for c in cases:
        r = records.get(str(c["file"]), {})
        fid = r.get("fidelity") or {}
        rules = {f["rule"] for f in r.get("findings", [])} & {"T001", "T002"}
        if c["old"]:
            ok = fid.get("verdict") == "upsampled" and fid.get("upsampled_from") == c["old"]
        else:
            ok = bool(rules)  # counted: a source as it is with T001 or T002 (its history)
        table[(c["set"], c["tool"])][0] += ok
        table[(c["set"], c["tool"])][1] += 1
        if (not ok and c["old"]) or (ok and not c["old"]):
            said = f"{fid.get('verdict')} {fid.get('upsampled_from') or ''}"
            odd.append(f"  {c['file'].name}: {said}")
    print(f"{'set':22s} {'tool':12s} right old rate (copies) / T001 or T002 (as it is, tones)")
    for (label, tool), (hit, n) in sorted(table.items()):
        print(f"{label:22s} {tool:12s} {hit:3d} / {n}")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_, tool), (hit, n) in table.items():
        totals[tool][0] += hit
        totals[tool][1] += n
    for tool, (hit, n) in sorted(totals.items()):
        print(f"{'all':22s} {tool:12s} {hit:3d} / {n}")
    print("copies not read at their old rate, and sources as they are or tones with T001/T002:")
    print("\n".join(odd))
    return 0


if __name__ == "__main__":
    sys.exit(main())
