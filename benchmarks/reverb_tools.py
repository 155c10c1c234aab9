"""S008 and the blind C50 on reverb made by real tools, with each tool's true C50 and RT60.

    python benchmarks/reverb_tools.py [--corpus /tmp/audiolint-realcorpus] [--rooms 20]

benchmarks/reverb.py convolves speech with simulated rooms and keeps the whole tail after the
last word. Here the same real speech (its ``speakers``: ALSA prompts, espeak-ng, the real
corpus's speech, at 16 kHz) goes through the tools people use to add reverb, and each file is
cut 0.3 s after the speech ends, as a dataset's clips are:

* SoX's ``reverb`` effect (Freeverb), dry + wet and wet only (``-w``), over reverberance,
  HF damping, room scale, pre-delay and wet gain; run on the speech itself;
* ffmpeg's ``aecho`` (discrete echoes);
* csound-doc's impulse responses ``ir.wav`` and ``rv_mono.wav`` (convolution, as ffmpeg's
  ``afir`` or any convolution reverb applies them);
* pyroomacoustics rooms (as in benchmarks/reverb.py, but cut 0.3 s after the speech); each
  such file is also scored peaking ``CLIP_DB`` over full scale, hard-clipped, at its own level
  (S008 reads no decay from a clipped top: "cannot tell" is expected more often there).

Each tool is linear and time-invariant (SoX's reverb matches convolution with its impulse
response to -90 dB), so the truth is its impulse response's: the tool run on a unit impulse,
C50 (energy in the 50 ms from the strongest peak over the energy after) and RT60 (T20 of the
Schroeder curve, x3). Split: tool settings alternate tune / held-out, speakers by
benchmarks/reverb.py's hash; a file is in the tune half when both its setting and its speaker
are, in the held-out half when both are not (the mixed ones are not scored). Printed per tool
and half: files, how many got no estimate, the median C50 error and the share within +-3 dB
(where the true C50 is under 20 dB), and S008's firing rate on files whose true C50 is under
its threshold and on those above. Missing tools or sources are skipped, and the script says so.

SoX's dry + wet reverb (its default) keeps the dry voice at full level: its true C50 is
10-20 dB, above S008's threshold, however long its tail (RT60 up to 4.7 s).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import tempfile
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
from reverb import RATE, c50, ensure_pra, estimate, held_out, rooms, speakers
from reverb_noise import judge
from scipy.signal import fftconvolve, resample_poly
from signal_rule import fires

from audiolint.rules import reverb as rule

TAIL_S = 0.3  # each file ends this long after the speech
CLIP_DB = 12.0  # the pyroomacoustics files are also scored this far over full scale, clipped
SOX = ("reverb", "reverb 30", "reverb 70", "reverb 90", "reverb 50 50 50", "reverb 70 50 80",
       "reverb 50 20 100 100 20", "reverb 80 80 60 100 40", "reverb 50 50 100 100 0 -6",
       "reverb 60 50 100 100 0 3", "reverb 10", "reverb 100",
       "reverb -w 30", "reverb -w 50", "reverb -w 70", "reverb -w 90 50 100",
       "reverb -w 50 50 50", "reverb -w 40 80 70 100 10")  # fmt: skip
AECHO = ("aecho=0.8:0.88:60:0.4", "aecho=0.8:0.9:40|70|110:0.5|0.35|0.25",
         "aecho=0.8:0.7:200:0.3", "aecho=0.6:0.6:30|55:0.6|0.4")  # fmt: skip
CSOUND = Path("/usr/share/doc/csound-doc/html/examples")


def rt60(h: np.ndarray) -> float:
    """T20 of an impulse response's Schroeder curve (-5 to -25 dB), times 3."""
    e = h[int(np.argmax(np.abs(h))) :] ** 2
    sch = 10 * np.log10(np.cumsum(e[::-1])[::-1] / e.sum() + 1e-30)
    return 3 * float(np.argmax(sch < -25) - np.argmax(sch < -5)) / RATE


def run(cmd: list[str], x: np.ndarray, tmp: str) -> np.ndarray:
    """``cmd`` (with IN and OUT for the files) run on mono ``x`` at RATE, as float samples."""
    sf.write(f"{tmp}/in.wav", x, RATE, subtype="FLOAT")
    subprocess.run([a.replace("IN", f"{tmp}/in.wav").replace("OUT", f"{tmp}/out.wav")
                    for a in cmd], check=True, capture_output=True)  # fmt: skip
    y, _ = sf.read(f"{tmp}/out.wav")
    return y.mean(axis=1) if y.ndim == 2 else y


def tools(pra, count: int) -> list[tuple[str, object, bool]]:
    """(name, how to apply it: a command or an impulse response, held-out?) per tool setting."""
    out: list[tuple[str, object, bool]] = []
    if shutil.which("sox"):
        out += [(f"sox {s}", ["sox", "IN", "-e", "floating-point", "OUT", *s.split()], i % 2 == 1)
                for i, s in enumerate(SOX)]  # fmt: skip
    else:
        print("skipped: SoX (not installed)")
    if shutil.which("ffmpeg"):
        cmd = ["ffmpeg", "-v", "error", "-y", "-i", "IN", "-c:a", "pcm_f32le", "-af"]
        out += [(f"ffmpeg {e}", [*cmd, e, "OUT"], i % 2 == 1) for i, e in enumerate(AECHO)]
    else:
        print("skipped: ffmpeg (not installed)")
    for i, name in enumerate(("ir", "rv_mono")):
        path = CSOUND / f"{name}.wav.gz"
        if path.exists():
            with gzip.open(path) as f:
                h, sr = sf.read(f)
            h = h.mean(axis=1) if h.ndim == 2 else h
            g = gcd(sr, RATE)
            out.append((f"csound-doc {name}.wav", resample_poly(h, RATE // g, sr // g), i == 1))
        else:
            print(f"skipped: csound-doc's {name}.wav (csound-doc not installed)")
    out += [(f"pyroomacoustics {r['rt60']:.2f} s", r["h"], r["heldout"]) for r in rooms(pra, count)]
    return out


def apply(tool: object, x: np.ndarray, tmp: str) -> np.ndarray:
    """``x`` through one tool setting: a command run on it, or an impulse response convolved."""
    if isinstance(tool, list):
        return run(tool, x, tmp)
    return fftconvolve(x, tool)


def truth(tool: object, tmp: str) -> tuple[float, float]:
    """True C50 (dB) and RT60 (s) of a tool setting, from its impulse response."""
    impulse = np.zeros(8 * RATE)
    impulse[100] = 0.5
    h = apply(tool, impulse, tmp)[100:]
    return c50(h), rt60(h)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--rooms", type=int, default=20)
    args = ap.parse_args(argv)
    voices = speakers(args.corpus)
    threshold = rule.DEFAULT["max_c50_db"]
    rng = np.random.default_rng(3)
    results: dict[tuple[str, bool], list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, tool, held in tools(ensure_pra(), args.rooms):
            true_c50, true_rt60 = truth(tool, tmp)
            for voice, x in voices.items():
                if held_out(voice) != held:
                    continue
                y = apply(tool, x, tmp)[: len(x) + int(TAIL_S * RATE)]
                y = y + rng.standard_normal(len(y)) * 10 ** (-60 / 20) * np.abs(y).max()
                r = estimate(y)
                family = name.split()[0] + (" -w" if " -w " in name else "")
                results.setdefault((family, held), []).append(
                    (name, true_c50, true_rt60, r["c50_db"], fires(rule, r))
                )
                if family == "pyroomacoustics":  # the same file 12 dB too loud, hard-clipped
                    z = np.clip(y / np.abs(y).max() * 10 ** (CLIP_DB / 20), -1.0, 1.0)
                    r = judge(z, RATE)  # at its own level: its tops stay at full scale
                    results.setdefault((f"{family} +{CLIP_DB:g} dB", held), []).append(
                        (name, true_c50, true_rt60, r["c50_db"], fires(rule, r))
                    )
    for held in (False, True):
        print(f"\n== {'held-out' if held else 'tune'} half (true C50 from each tool's impulse "
              f"response; S008 threshold {threshold:g} dB)")  # fmt: skip
        for (family, h), rows in sorted(results.items()):
            if h == held:
                report(family, rows, threshold)
    return 0


def report(family: str, rows: list, threshold: float) -> None:
    """One tool family's line: estimates, C50 error, S008 below and above the threshold."""
    true = np.array([r[1] for r in rows])
    est = [r[3] for r in rows]
    fired = np.array([r[4] for r in rows])
    scored = [e - t for t, e in zip(true, est, strict=True) if e is not None and t < 20]
    within = np.mean(np.abs(scored) <= 3) if scored else 0.0
    err = (f"C50 error median {np.median(scored):+.1f} dB, within +-3 dB {within:.0%} of "
           f"{len(scored)}" if scored else "no C50 read")  # fmt: skip
    under = true < threshold
    rate = lambda m: f"{fired[m].mean():.0%} of {m.sum()}" if m.any() else "-"  # noqa: E731
    print(f"  {family:18s} {len(rows):3d} files (true C50 {true.min():.1f}..{true.max():.1f} dB, "
          f"RT60 {min(r[2] for r in rows):.2f}..{max(r[2] for r in rows):.2f} s), no estimate "
          f"{sum(e is None for e in est)}; {err}; S008 fires on {rate(under)} under "
          f"{threshold:g} dB, {rate(~under)} above")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
