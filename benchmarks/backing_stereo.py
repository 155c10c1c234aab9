"""Second-voice detection (S009) in stereo files: a music bed or a harmony panned apart from the
lead, and solo voices in the stereo layouts a dataset holds (issue 17; newcomer audit of session
18: a voice in the left channel and music in the right got no finding).

    python benchmarks/backing_stereo.py [--corpus /tmp/audiolint-realcorpus] [--half tune]

The voices and beds are benchmarks/backing_vocals.py's (real speech and singing from the real
corpus, each in the half of the manifest its source is in; music beds from the same half;
harmonies by sox's ``pitch``). Solo cases (``SOLO``, false alarms): the voice in both channels,
in one channel only (as ALSA's Front_Left), panned (the right at half the left), picked up by a
spaced pair (the right 0.7 and 2 ms late, 2 dB down), with independent noise 40 dB down in each
channel, in a stereo room (each channel its own tail: RT60 0.8 s at half the direct sound's
RMS, and 1.5 s as loud) and with a ping-pong echo (the right 250 ms late, 6 dB down). Mixes
(``MIXES``, recall) at ``LEVELS_DB``: the bed or the harmony hard-panned (the voice left, it
right) or panned apart from a centred voice (0.9 left, 0.3 right). Each case is measured as a
check runs the analysers (S009 as it fires, with S007 as it defers: a file S007 finds no voice in
is left to it) on the stereo file and on its mono mix (the channels' mean), side by side.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from backing_vocals import MUSIC
from signal_rule import fires
from voice_mixes import fit, halves, load, resample, reverberant, shifted, voices

from audiolint.analysis.harmony import Harmony
from audiolint.analysis.reverb import Reverb
from audiolint.analysis.voice import Voice
from audiolint.rules import backing_vocals as rule
from audiolint.rules.no_voice import DEFAULT as S007
from audiolint.rules.no_voice import no_voice

LEVELS_DB = (-6, -12, -20)
CENTS = {"tune": (400, -500), "heldout": (500, -300)}  # one interval up, one down, per half


def rms(v: np.ndarray) -> float:
    """RMS over the sounding samples (as voice_mixes.mix)."""
    loud = np.abs(v) > 0.01 * np.abs(v).max()
    return float(np.sqrt(np.mean(v[loud] ** 2)))


def delayed(x: np.ndarray, sr: int, seconds: float, db: float) -> np.ndarray:
    """``x`` ``seconds`` late (same length), ``db`` down."""
    d = int(round(seconds * sr))
    return np.concatenate([np.zeros(d), x[: len(x) - d]]) * 10 ** (db / 20)


def solo(x: np.ndarray, sr: int, rng) -> dict[str, np.ndarray]:
    """The solo voice ``x`` in each stereo layout (columns left, right)."""
    n = len(x)
    noise = rng.standard_normal((n, 2)) * 0.01 * rms(x)
    rooms = {f"room {rt:g} s/{wet:g}": np.stack([reverberant(x, sr, rt, wet, seed=s)
             for s in (11, 12)], axis=1) for rt, wet in ((0.8, 0.5), (1.5, 1.0))}  # fmt: skip
    return {
        "both channels": np.stack([x, x], axis=1),
        "one channel": np.stack([x, np.zeros(n)], axis=1),
        "panned": np.stack([x, 0.5 * x], axis=1),
        "spaced pair 0.7 ms": np.stack([x, delayed(x, sr, 0.0007, -2)], axis=1),
        "spaced pair 2 ms": np.stack([x, delayed(x, sr, 0.002, -2)], axis=1),
        "noise -40 dB": np.stack([x, x], axis=1) + noise,
        **rooms,
        "ping-pong 250 ms": np.stack([x, delayed(x, sr, 0.25, -6)], axis=1),
    }


def mixes(x: np.ndarray, y: np.ndarray, db: float) -> dict[str, np.ndarray]:
    """``y`` at ``db`` under ``x`` (RMS of the sounding samples), hard-panned and panned apart
    from the centred voice."""
    y = y / rms(y) * rms(x) * 10 ** (db / 20)
    return {"hard-panned": np.stack([x, y], axis=1),
            "panned apart": np.stack([x + 0.9 * y, x + 0.3 * y], axis=1)}  # fmt: skip


def measure(x: np.ndarray, sr: int) -> dict:
    """The voice, harmony and reverb analysers' results on ``x`` (frames, channels), scaled to
    a 0.5 peak and fed in blocks as the pipeline does."""
    x = (0.5 * x / max(float(np.abs(x).max()), 1e-9)).astype(np.float32)
    out: dict = {}
    for a in (Voice(sr, x.shape[1]), Harmony(sr, x.shape[1]), Reverb(sr, x.shape[1])):
        for i in range(0, len(x), 65536):
            a.update(x[i : i + 65536])
        out.update(a.result())
    return out


def judged(x: np.ndarray, sr: int) -> tuple[bool, float | None]:
    """(S009 fires, second_voice_ratio) on ``x``, S007 deferred to as a check does."""
    r = measure(x, sr)
    return fires(rule, r) and no_voice(r, S007) is None, r["second_voice_ratio"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--half", choices=("tune", "heldout"), help="only this half")
    args = ap.parse_args(argv)
    vs, half_of = voices(args.corpus), halves(args.corpus)
    music = {h: [(*load(args.corpus / "sources" / f"{m}.wav"), m) for m in MUSIC
                 if (args.corpus / "sources" / f"{m}.wav").exists()
                 and half_of.get(m, "heldout") == h] for h in ("tune", "heldout")}  # fmt: skip
    rng = np.random.default_rng(5)
    results: dict[tuple, list] = {}  # (half, case, db) -> [(stereo fired, mono fired, ratios)]
    flagged: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for half in ("tune", "heldout") if args.half is None else (args.half,):
            names = sorted(n for n in vs if vs[n][3] == half)
            for i, name in enumerate(names):
                x, sr, kind, _ = vs[name]
                cases = [((f"solo {kind}, {k}", ""), v) for k, v in solo(x, sr, rng).items()]
                beds = music[half][i % max(1, len(music[half])) :][:1]
                others = [(f"bed {m}", fit(resample(y, ysr, sr), len(x))) for y, ysr, m in beds]
                for cents in CENTS[half]:
                    y = shifted(x, sr, cents, Path(tmp))
                    others += [(f"harmony {cents:+d}c", y)] if y is not None else []
                for what, y in others:
                    for db in LEVELS_DB:
                        for layout, v in mixes(x, y, db).items():
                            kind_of = "bed" if what.startswith("bed") else "harmony"
                            cases.append(((f"{kind_of}, {layout}", db), v))
                for (case, db), v in cases:
                    st, st_r = judged(v, sr)
                    mo, mo_r = judged(v.mean(axis=1, keepdims=True), sr)
                    results.setdefault((half, case, db), []).append((st, mo, st_r, mo_r))
                    if case.startswith("solo") and st:
                        flagged.append(f"{half} {name} ({case}) {st_r:.3f} (mono {mo_r})")
    print(f"S009 on stereo files and on their mono mix (fires at {rule.DEFAULT['min_ratio']})")
    for key in sorted(results, key=lambda k: (k[0] != "tune", not k[1].startswith("solo"),
                                              k[1], str(k[2]))):  # fmt: skip
        got = results[key]
        what = "false alarms" if key[1].startswith("solo") else "recall"
        st = sum(g[0] for g in got)
        mo = sum(g[1] for g in got)
        top = max((g[2] for g in got if g[2] is not None), default=float("nan"))
        label = f"{key[0]:<8} {key[1]}" + (f", {key[2]} dB" if key[2] != "" else "")
        print(f"  {label:<44} {what} stereo {st:2d}/{len(got):2d}, mono mix {mo:2d}/{len(got):2d}"
              f" (stereo ratio up to {top:.3f})")  # fmt: skip
    print("solo voices flagged in stereo: " + ("; ".join(flagged) if flagged else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
