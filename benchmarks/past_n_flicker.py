"""Does the band just past a resampler's N stay empty in loud frames? Upsamples vs codec decodes.

    python benchmarks/past_n_flicker.py [--corpus /tmp/audiolint-realcorpus]
                                        [--codecs /tmp/audiolint-othercodecs]

A measurement for T002, not yet used by it (session 17, HC). A resampler's filter empties the
band past the old Nyquist frequency N in every frame; a subband codec whose top subband empties
where a resampler's wall would stand (SBC at 229 kbps: 15-18 kHz in a 48 kHz file, read
"upsampled from 32 kHz"; SBC at 328 kbps: 21-24 kHz, "from 44.1 kHz") gives that subband bits
in some loud frames. :func:`flicker` is the share of the loud frames (the band 0.86-0.93 N at or
over its median and 6 dB over its 10th percentile, as ``walls.rise_past`` picks them) in which
the band 1.01-1.07 N stands ``RISE_DB`` over its floor: its 10th percentile, or the 16-bit
quantisation floor (TPDF) when that is higher (speech with digital silence in its pauses has a
floor far under the samples' rounding noise, so a bare percentile makes any rounding a rise).
The max rise that ``walls.rise_past`` gives is kept apart for comparison: clipping after the
resampler (a normalised source's inter-sample overs) lifts it in one or two frames.

Groups, each by half: the real corpus's upsampled copies (``realcorpus.py``) by tool, measured
at their true old rate; and ``other_codecs.py``'s decodes of genuine audio at its rate that T002
called upsampled (read from that benchmark's last ``report.json``), measured at the rate T002 named.
Nothing is tuned here; the held-out half of other_codecs was seen while the measurement was
drawn up (HC's notes), so it is no longer a clean check for it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf

RISE_DB = 10.0
N_FFT = 2048


def flicker(path: Path, old: float) -> tuple[int, float, float] | None:
    """(loud frames, share rising ``RISE_DB`` over the floor, max rise dB) at the band past
    ``old`` (a Nyquist frequency in Hz), or None when the file is too short or the band is
    out of range."""
    x, sr = sf.read(str(path), always_2d=True)
    x = x.mean(axis=1)
    if len(x) < 4 * N_FFT or 1.07 * old > 0.99 * sr / 2 + 1.0 and 1.01 * old >= 0.99 * sr / 2:
        return None
    w = np.hanning(N_FFT)
    frames = np.lib.stride_tricks.sliding_window_view(x, N_FFT)[::N_FFT] * w
    p = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    f = np.fft.rfftfreq(N_FFT, 1 / sr)
    past = (f >= 1.01 * old) & (f < min(1.07 * old, 0.99 * sr / 2))
    under = (f >= 0.86 * old) & (f < 0.93 * old)
    if not past.any() or not under.any():
        return None
    level = 10 * np.log10(p[:, under].mean(axis=1) + 1e-30)
    top = 10 * np.log10(p[:, past].mean(axis=1) + 1e-30)
    loud = (level >= np.median(level)) & (level >= np.percentile(level, 10) + 6)
    if loud.sum() < 8:
        return None
    quant = 10 * np.log10((2.0**-15) ** 2 / 4 * float((w**2).sum()))
    rise = top[loud] - max(float(np.percentile(top, 10)), quant)
    return int(loud.sum()), float(np.mean(rise > RISE_DB)), float(rise.max())


def upsampled(corpus: Path) -> list[tuple[str, str, Path, float]]:
    """(group, half, path, old N) for the real corpus's upsampled copies, by tool (SciPy's
    ``resample_poly`` lets a gentle filter's images through past N: T002 reads those as images,
    ``resampler.resampled_from``'s ``images``, and a flicker test would have to leave them be)."""
    rows = csv.DictReader((corpus / "manifest.csv").open())
    return [
        (f"upsampled by {r['tool']}", r["half"], corpus / r["path"], int(r["old_rate"]) / 2)
        for r in rows
        if r["class"] == "upsampled" and r["old_rate"]
    ]


def codec_alarms(codecs: Path) -> list[tuple[str, str, Path, float]]:
    """(group, half, path, named N) for other_codecs.py's T002 on decodes at the source's rate."""
    report, manifest = codecs / "report.json", codecs / "manifest.csv"
    if not report.exists() or not manifest.exists():
        print(f"skipped: {report} missing (python benchmarks/other_codecs.py)")
        return []
    rows = {r["path"]: r for r in csv.DictReader(manifest.open())}
    out = []
    for fr in json.loads(report.read_text())["files"]:
        rel = str(Path(fr["path"]).resolve().relative_to(codecs.resolve()))
        row = rows.get(rel)
        t2 = [f for f in fr["findings"] if f["rule"] == "T002"]
        if row is None or row["old_rate"] or not t2:
            continue
        old = t2[0]["data"]["upsampled_from"] / 2
        out.append((f"codec decode: {row['setting']}", row["half"], codecs / rel, old))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--codecs", type=Path, default=Path("/tmp/audiolint-othercodecs"))
    a = ap.parse_args(argv)
    cases = upsampled(a.corpus) if (a.corpus / "manifest.csv").exists() else []
    cases += codec_alarms(a.codecs)
    by = defaultdict(list)
    for group, half, path, old in cases:
        got = flicker(path, old)
        if got is not None:
            by[(group, half)].append((got[1], got[2], path.name))
    head = f"{'group':<34} {'half':<8} {'n':>4} {'share>=0.1':>10} {'median':>7} {'max':>6}"
    print(head + f" {'max rise':>8}")
    for (group, half), vals in sorted(by.items()):
        shares = [v[0] for v in vals]
        print(
            f"{group:<34} {half:<8} {len(vals):>4} {sum(s >= 0.1 for s in shares):>10} "
            f"{np.median(shares):>7.2f} {max(shares):>6.2f} {max(v[1] for v in vals):>8.1f}"
        )
    for (_, half), vals in sorted(by.items()):
        for share, rise, name in sorted(vals, reverse=True)[:3]:
            print(f"  {half:<8} {share:.2f} {rise:6.1f} dB  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
