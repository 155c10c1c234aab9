"""Second-voice detection (second_voice_ratio) and rule S009 on real voices mixed with real
harmonies, other voices and music.

    python benchmarks/backing_vocals.py [--corpus /tmp/audiolint-realcorpus]

Voices: ALSA's recorded prompts, espeak-ng, and, when benchmarks/realcorpus.py has built its
corpus, the speech and singing it cut from Debian and PyPI packages (CMU ARCTIC, csound's
sing.wav and singFemale.aif, praat, puredata, supercollider). Each voice is judged solo (as it
is, under white noise at -40 dB, and in simulated rooms, ``ROOMS``, a singer in fully wet halls
too, ``HALLS``) for false alarms, and mixed,
by RMS, at -6, -9, -12, -15 and -20 dB with: the same voice pitch-shifted by sox's ``pitch``
effect (same timing: a harmony or a double), another speaker's voice, and music from the corpus
(a music bed). The two sung clips (csound's, Debian csound-doc) are also judged pitch-shifted by
sox (``SUNG_CENTS``): still the same two singers, so more cases, not more singers. Each case is
measured by the harmony and the voice analysers, as a check runs them, so that S009 is judged
as it fires (not where S007 finds no voice); every solo clip S009 fires on is named.

Split (``half``): every case belongs to the half of benchmarks/realcorpus.py's manifest that its
voice's source is in (the ALSA fallback file counts as held-out). A tune voice is mixed with
harmonies a minor third, a major third and a fifth up and a fourth and a whole tone down
(``TUNE_CENTS``), a held-out voice with a whole tone, a fourth and a sixth up, a minor third and
a fifth down (``HELD_CENTS``); the second speaker and the music bed come from the same half.
The detector's constants are chosen on the tune half only; the held-out figures are for
reporting. More real solo singers, judged solo only (not mixed, so the mixes stay as they were):
two excerpts of the Vocadito data set (CC BY 4.0) that the basic-pitch sdist ships with its tests
(``vocadito_10``, a low male voice, tune; ``vocadito_14``, held-out) and audioflux's wheel's
sample ``voice.wav`` (MIT; a sung line, held-out), fetched with pip into ``--cache``
(``EXTRA_SINGERS``). Where a room gate bites, in ordinary rooms, every voice (the extra
singers too) is also judged solo and with its harmony (one interval of its half, cycled over the
voices) at -6 and -12 dB in ``SMALL_ROOMS`` (RT60 0.6-1.5 s, direct sound strong to weak) and
through csound-doc's two recorded impulse responses (``REAL_IRS``). ``--json`` writes each case's
record (second_voice_ratio, alone_voice_ratio, c50_db, rt60_s, whether S009 fired and whether S007
finds no voice), to weigh a gate without measuring again. It prints recall at -12 dB by harmony
interval, music bed and second speaker (``by_part``), and for the second speakers, frame by frame,
where the second voice is lost: voiced at the same time, at a pitch the comb can part from the main
one, found; and, where the main pitch is the lead's, how deep the comb at the mix's main period
cancels the lead and how loud the partner is against what it leaves (``comb_floor``). sox and the
corpus are optional: what is missing is skipped, and said. The voices, mixes and rooms are made by
benchmarks/voice_mixes.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from signal_rule import feed, fires
from voice_mixes import (
    extra_singers,
    fit,
    halves,
    load,
    mix,
    resample,
    reverberant,
    shifted,
    voices,
)

from audiolint.analysis.comb import cancel
from audiolint.analysis.harmony import NEAR_OCTAVES, Harmony
from audiolint.analysis.reverb import Reverb
from audiolint.analysis.voice import Voice
from audiolint.rules import backing_vocals as rule
from audiolint.rules.no_voice import DEFAULT as S007
from audiolint.rules.no_voice import no_voice

MUSIC = ("ny_happy", "sp_guit_em9", "sp_ambi_piano", "cs_flute", "cs_oboe", "cs_marimba",
         "sp_bass_woodsy_c", "sp_guit_e_slide", "pd_bell", "sp_ambi_haunted_hum")  # fmt: skip
TUNE_CENTS = (300, 400, 700, -500, -200)
HELD_CENTS = (200, 500, 900, -300, -700)
LEVELS_DB = (-6, -9, -12, -15, -20)
SUNG_CENTS = (-300, 300)  # the sung clips shifted, judged solo
OTHER_THRESHOLDS = (0.05, 0.08, 0.1, 0.15)  # the firing rate at other min_ratio settings
SHOW_SOLO = 5  # the solo clips with the highest ratios, named, per half
# Simulated rooms, (RT60 s, RMS of the tail against the direct sound; printed as "room RT60
# s/RMS"): a solo voice's
# reverberation holds its last syllable or note under the next, a second pitch of its own
ROOMS = ((0.4, 1.0), (0.8, 0.5), (0.8, 1.0), (1.5, 0.5), (2.5, 1.0))
# Fully wet halls (RT60 s), each with HALL_SEEDS more tails: a sung line's ring outlasts the echo
# tests' second of look-back; the harmonies at -12 dB are put in the first of them too
HALLS, HALL_SEEDS = (2.5, 3.5), 3
# Ordinary rooms (RT60 s, tail RMS against the direct sound: direct strong, equal, weak) and
# csound-doc's two recorded impulse responses (``REAL_IRS``): each voice's harmony (one interval
# of its half, cycled over the voices) at -6 and -12 dB in each, and the voice solo in each, so
# that what a room gate costs is measured where rooms are ordinary, not only in fully wet halls
SMALL_ROOMS = ((0.6, 0.5), (1.0, 1.0), (1.5, 2.0))
REAL_IRS = ("ir", "rv_mono")
# --json records
KEPT = ("second_voice_ratio", "alone_voice_ratio", "c50_db", "rt60_s", "pause_pitched_ratio",
        "second_voice_db", "second_pitch_hz", "second_own_ratio")  # fmt: skip
CSOUND_DOC = Path("/usr/share/doc/csound-doc/html/examples")


def real_irs() -> dict[str, tuple[np.ndarray, int]]:
    """``REAL_IRS`` from csound-doc (mono, with rate); what is not installed is skipped."""
    import gzip
    import io

    out = {}
    for name in REAL_IRS:
        path = CSOUND_DOC / f"{name}.wav.gz"
        if path.exists():
            with gzip.open(path) as f:
                out[name] = load(io.BytesIO(f.read()))
    return out


def in_rooms(x: np.ndarray, sr: int, irs: dict, seed: int):
    """(label, ``x`` in it) for each of ``SMALL_ROOMS`` and the recorded ``irs``."""
    from scipy.signal import fftconvolve

    for rt60, wet in SMALL_ROOMS:
        yield f"room {rt60:g} s/{wet:g}", reverberant(x, sr, rt60, wet, seed=3000 + seed)
    for name, (h, hsr) in irs.items():
        yield f"IR {name}", fftconvolve(x, resample(h, hsr, sr) if hsr != sr else h)


def judge_rooms(add, half: str, name: str, x, y, sr: int, irs: dict, seed: int) -> None:
    """The voice ``x`` solo, and with its harmony ``y`` at -6 and -12 dB, in ordinary rooms."""
    for label, room in in_rooms(x, sr, irs, seed):
        add((half, f"solo, small {label}", ""), room, sr, name)
    for db in (-6, -12) if y is not None else ():
        for label, room in in_rooms(mix(x, y, db), sr, irs, seed):
            add((half, f"harmony, small {label}", db), room, sr, name)


def judge_solo(add, half: str, name: str, x, sr: int, kind: str, rng, seed: int, tmp: Path) -> None:
    """The solo cases of one voice: as it is, pitch-shifted (singing), under noise, in rooms."""
    add((half, f"solo {kind}", ""), x, sr, name)
    for cents in SUNG_CENTS if kind == "singing" else ():
        y = shifted(x, sr, cents, tmp)
        if y is not None:
            add((half, f"solo {kind}, shifted", ""), y, sr, f"{name} {cents:+d}c")
    noisy = x + rng.standard_normal(len(x)) * 0.01 * np.abs(x).max()
    add((half, f"solo {kind} + noise -40 dB", ""), noisy, sr, name)
    for rt60, wet in ROOMS:
        room = reverberant(x, sr, rt60, wet, seed=seed)
        add((half, f"solo {kind}, room {rt60:g} s/{wet:g}", ""), room, sr, name)
    for rt60 in HALLS if kind == "singing" else ():
        for j in range(HALL_SEEDS):
            hall = reverberant(x, sr, rt60, 1.0, seed=1000 + 10 * seed + j)
            add((half, f"solo {kind}, hall {rt60:g} s/1", ""), hall, sr, f"{name} #{j}")


def measure(x: np.ndarray, sr: int) -> dict:
    """The harmony, voice and reverb analysers' results (S009 reads all three), fed in blocks
    as the pipeline does."""
    return {**feed(Voice(sr, 1), x), **feed(Harmony(sr, 1), x), **feed(Reverb(sr, 1), x)}


def frame_tracks(x: np.ndarray, sr: int) -> np.ndarray:
    """The harmony analyser's per-frame record of ``x`` (rows: level dB, voiced, second r,
    second pitch, residue dB, main pitch, spectral second pitch, its peakiness, the trough of
    the autocorrelation within the period), fed as ``measure`` feeds it."""
    a = Harmony(sr, 1)
    feed(a, x)
    return np.concatenate(a.out).T


class _Framed(Harmony):
    """The harmony analyser, keeping each frame's low-passed, decimated samples (the comb's
    window) for the comb figures of ``comb_floor``."""

    def __init__(self, sample_rate: int, channels: int):
        super().__init__(sample_rate, channels)
        self.kept: list[np.ndarray] = []

    def _frames(self, whole: np.ndarray) -> np.ndarray:
        self.kept.append(np.array(whole[:, : self.n]))
        return super()._frames(whole)


def comb_floor(x: np.ndarray, part: np.ndarray, at: np.ndarray, sr: int) -> np.ndarray:
    """For the frames ``at`` of the mix ``x + part`` (the lead ``x``, the partner ``part``), each
    voice alone (as mixed: one scale for all three) through the comb at the mix's main period,
    scaled as it cancels the mix:
    rows of (how deep the comb cancels the lead, dB; the partner's power through the comb against
    what the comb leaves of the lead, dB). A second voice under the lead's own leftover is not
    found."""
    scale = 0.5 / max(float(np.abs(x + part).max()), 1e-9)
    runs = []
    for v in (x + part, x, part):
        a = _Framed(sr, 1)
        v = (scale * v).astype(np.float32)[:, None]
        for i in range(0, len(v), 65536):
            a.update(v[i : i + 65536])
        runs.append((np.concatenate(a.kept), np.concatenate(a.out)))
    at = at[at < min(len(r[0]) for r in runs)]
    if not len(at):
        return np.zeros((0, 2))
    lag = Harmony(sr, 1).rate / runs[0][1][at, 5]
    both, lead, partner = (r[0][at] - r[0][at].mean(axis=1, keepdims=True) for r in runs)
    # each voice through the comb the mix sets (the mix's scale, as the analyser cancels it): a
    # scale fitted to the partner alone would cancel part of it too (3-4 dB at -12 dB)
    power = [
        np.maximum((cancel(f, lag, both)[0] ** 2).mean(axis=1), 1e-20) for f in (lead, partner)
    ]
    depth = 10 * np.log10(power[0] / np.maximum((lead**2).mean(axis=1), 1e-20))
    return np.stack([depth, 10 * np.log10(power[1] / power[0])], axis=1)


def why_missed(x: np.ndarray, y: np.ndarray, db: float, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """Where a second speaker ``y`` mixed under ``x`` at ``db`` is lost, frame by frame, each
    voice's pitch taken from it alone: counts of (the mix's voiced frames, those where both
    voices are voiced, of those the ones whose two pitches lie within NEAR_OCTAVES[0] of each
    other or an octave apart, the rest, of the rest the ones whose main pitch is the lead's, the
    partner's, and those counted as a second voice at the other voice's pitch (the partner's
    under the lead, the lead's under the partner), all the frames counted as a second voice,
    the frames where the partner alone is voiced (the lead's pauses) and those of them
    counted); and the frames where the main pitch is the lead's and the partner's lies apart."""
    a = Harmony(sr, 1)
    feed(a, mix(x, y, db))
    level, voiced, pitch = np.concatenate(a.out).T[[0, 1, 5]]
    second, pitch2 = a.second_pitches()
    lead_voiced, lead = frame_tracks(x, sr)[[1, 5]]
    own_voiced, own = frame_tracks(mix(x, y, db) - x, sr)[[1, 5]]
    n = min(len(level), len(own), len(lead))
    main = (voiced[:n] > 0) & (level[:n] >= np.percentile(level, 95) - 30.0)
    both = main & (own_voiced[:n] > 0) & (lead_voiced[:n] > 0)

    def close(p, q, tol):
        return np.abs(np.log2(p[:n] / q[:n])) < tol

    apart = np.abs(np.log2(own[:n] / lead[:n]))
    near = (apart < NEAR_OCTAVES[0]) | (np.abs(apart - 1.0) < NEAR_OCTAVES[0])
    rest = both & ~near
    on_lead, on_partner = rest & close(pitch, lead, 0.04), rest & close(pitch, own, 0.04)
    found = second[:n]
    other = found & (on_lead & close(pitch2, own, 0.06) | on_partner & close(pitch2, lead, 0.06))
    alone = main & (own_voiced[:n] > 0) & (lead_voiced[:n] <= 0)  # the partner in a pause
    counts = [main, both, both & near, rest, on_lead, on_partner, other, second[:n] & main,
              alone, alone & found]  # fmt: skip
    return np.array([c.sum() for c in counts], dtype=float), np.flatnonzero(on_lead)


def by_part(results: dict, db: int) -> list[str]:
    """Recall at ``db`` by what was mixed in: each harmony interval, each music bed and each
    second speaker (the two halves hold different intervals and sources, so a gap between
    them can be the material's, not the detector's)."""
    lines = [f"Recall at {db} dB by interval or source (flagged/mixes):"]
    for half in ("tune", "heldout"):
        for kind in ("harmony", "music bed", "second speaker"):
            parts: dict[str, list[bool]] = {}
            for fired, _, name in results.get((half, kind, db), []):
                part = name.split()[-1] if kind == "harmony" else name.split(" + ")[-1]
                parts.setdefault(part.split("@")[0], []).append(fired)
            cells = [f"{p} {sum(v)}/{len(v)}" for p, v in sorted(parts.items())]
            lines.append(f"  {half:<8} {kind:<15} " + ", ".join(cells))
    return lines


def parser(json_help: str) -> argparse.ArgumentParser:
    """The options this benchmark and benchmarks/backing_hum.py share."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-backing-vocals"),
                    help="where EXTRA_SINGERS are fetched to")  # fmt: skip
    ap.add_argument("--json", type=Path, help=json_help)
    return ap


def material(args) -> tuple[dict, dict, dict]:
    """The voices, the extra solo singers and the music beds by half (``MUSIC`` in the corpus)."""
    vs, half_of = voices(args.corpus), halves(args.corpus)
    args.cache.mkdir(parents=True, exist_ok=True)
    solo_only = extra_singers(args.cache)
    music = {h: [(*load(args.corpus / "sources" / f"{m}.wav"), m) for m in MUSIC
                 if (args.corpus / "sources" / f"{m}.wav").exists()
                 and half_of.get(m, "heldout") == h] for h in ("tune", "heldout")}  # fmt: skip
    return vs, solo_only, music


def partners(vs: dict, names: list, i: int, beds: list) -> tuple:
    """("second speaker", [(samples, rate, name)]) and ("music bed", [...]) for the ``i``-th of
    a half's ``names``: the voice seven places on (none when it is a piece of the same source)
    and two of the half's ``beds``, cycled over the voices."""
    name, partner = names[i], names[(i + 7) % len(names)]
    others = [] if partner.split("@")[0] == name.split("@")[0] else [(*vs[partner][:2], partner)]
    return ("second speaker", others), ("music bed", beds[i % max(1, len(beds)) :][:2])


def main(argv=None) -> int:
    args = parser("write each case's record (ratio, c50_db, rt60_s)").parse_args(argv)
    vs, solo_only, music = material(args)
    if shutil.which("sox") is None:
        print("skipped: harmonies (sox is not installed: apt-get install sox)")
    rng, irs = np.random.default_rng(5), real_irs()
    results: dict[tuple, list] = {}
    lost: dict[tuple, np.ndarray] = {}  # (half, db) -> why_missed counts, second speakers
    floors: dict[tuple, list] = {}  # (half, db) -> comb_floor rows, second speakers

    records: list[dict] = []  # --json
    wet: list[str] = []  # cases left to S008 (c50_db under min_c50_db)
    faint: list[str] = []  # second pitch read under min_second_db: not reported
    unowned: list[str] = []  # second_own_ratio under min_ratio: one voice read at two pitches

    def add(key, x, sr, name):
        r = measure(x, sr)
        results.setdefault(key, []).append((fires(rule, r), r["second_voice_ratio"], name))
        records.append({"half": key[0], "case": key[1], "db": key[2], "name": name,
                        **{k: r.get(k) for k in KEPT}, "fired": results[key][-1][0],
                        "no_voice": no_voice(r, S007) is not None})  # fmt: skip
        if r["c50_db"] is not None and r["c50_db"] < rule.DEFAULT["min_c50_db"]:
            wet.append(f"{key[1]}: {name}")
        if (r.get("second_voice_db") or 0.0) < rule.DEFAULT["min_second_db"]:
            faint.append(f"{key[1]}: {name}")
        if (r.get("second_own_ratio") or 0.0) < rule.DEFAULT["min_ratio"]:
            unowned.append(f"{key[1]}: {name}")

    with tempfile.TemporaryDirectory() as tmp:
        for half, cents_list in (("tune", TUNE_CENTS), ("heldout", HELD_CENTS)):
            names = sorted(n for n in vs if vs[n][3] == half)
            for i, name in enumerate(names):
                x, sr, kind, _ = vs[name]
                judge_solo(add, half, name, x, sr, kind, rng, i, Path(tmp))
                for cents in cents_list:
                    y = shifted(x, sr, cents, Path(tmp))
                    if y is not None:
                        for db in LEVELS_DB:
                            add((half, "harmony", db), mix(x, y, db), sr, f"{name} {cents:+d}c")
                        hall = reverberant(mix(x, y, -12), sr, HALLS[0], 1.0, seed=2000 + i)
                        add((half, f"harmony, hall {HALLS[0]:g} s/1", -12), hall, sr, name)
                for key, sources in partners(vs, names, i, music[half]):
                    for y, ysr, other in sources:
                        y = fit(resample(y, ysr, sr), len(x))
                        for db in LEVELS_DB:
                            add((half, key, db), mix(x, y, db), sr, f"{name} + {other}")
                            if key == "second speaker":
                                counts, at = why_missed(x, y, db, sr)
                                lost[(half, db)] = lost.get((half, db), 0) + counts
                                part = mix(x, y, db) - x
                                floors.setdefault((half, db), []).append(
                                    comb_floor(x, part, at, sr)
                                )
                y = shifted(x, sr, cents_list[i % len(cents_list)], Path(tmp))
                judge_rooms(add, half, name, x, y, sr, irs, i)
            extra = sorted(n for n in solo_only if solo_only[n][3] == half)
            for i, name in enumerate(extra, start=len(names)):  # after the rest: same noise there
                x, sr, kind, _ = solo_only[name]
                judge_solo(add, half, name, x, sr, kind, rng, i, Path(tmp))
                y = shifted(x, sr, cents_list[i % len(cents_list)], Path(tmp))
                judge_rooms(add, half, name, x, y, sr, irs, i)
    vs.update(solo_only)
    kinds = {h: sorted({vs[n][2] for n in vs if vs[n][3] == h}) for h in ("tune", "heldout")}
    print(f"{len(vs)} voice clips ({', '.join(f'{h}: ' + '/'.join(kinds[h]) for h in kinds)}); "
          f"S009 fires at second_voice_ratio >= {rule.DEFAULT['min_ratio']}")  # fmt: skip
    for key in sorted(results, key=lambda k: (k[0] != "tune", k[1], str(k[2]))):
        fired = [f for f, _, _ in results[key]]
        told = [r for _, r, _ in results[key] if r is not None]
        what = "false alarms" if key[1].startswith("solo") else "recall"
        label = f"{key[0]:<8} {key[1]}" + (f", {key[2]} dB" if key[2] != "" else "")
        spread = f"median ratio {np.median(told):.3f}, max {max(told):.3f}" if told else "-"
        others = ", ".join(f"{np.mean([r is not None and r >= t for _, r, _ in results[key]]):.0%}"
                           f" at {t:g}" for t in OTHER_THRESHOLDS)  # fmt: skip
        print(f"  {label:<38} {what} {np.mean(fired):6.1%} of {len(fired):3d} "
              f"({others}; no verdict on {len(fired) - len(told)}; {spread})")  # fmt: skip
    for half in ("tune", "heldout"):
        solo = [(r, name, key[1], f) for key, got in results.items() if key[0] == half
                and key[1].startswith("solo") for f, r, name in got if r is not None]  # fmt: skip
        top = sorted(solo, reverse=True)[:SHOW_SOLO]
        flagged = [f"{name} ({what}) {r:.3f}" for r, name, what, f in sorted(solo) if f]
        print(
            f"{half}: solo voices flagged {len(flagged)} of {len(solo)}"
            + (f" ({'; '.join(flagged)})" if flagged else "")
            + "; highest ratios: "
            + "; ".join(f"{name} ({what}) {r:.3f}" for r, name, what, _ in top)
        )
    left = [f"{key[1]}: {name}" for key, got in results.items() for f, r, name in got
            if not f and r is not None and r >= rule.DEFAULT["min_ratio"]]  # fmt: skip
    for why, cases in (("S008 (a room ringing as loud as the voice: c50_db under "
                        f"{rule.DEFAULT['min_c50_db']:g}, the ratio under "
                        f"{rule.DEFAULT['min_wet_ratio']:g})", [c for c in left if c in wet]),
                       (f"its level gate (second_voice_db under {rule.DEFAULT['min_second_db']:g})",
                        [c for c in left if c in faint and c not in wet]),
                       ("its own-partials test (second_own_ratio under "
                        f"{rule.DEFAULT['min_ratio']:g}: the main pitch had none of its own)",
                        [c for c in left if c in unowned and c not in wet and c not in faint]),
                       ("S007 (no voice found)",
                        [c for c in left if c not in wet and c not in faint
                         and c not in unowned])):  # fmt: skip
        counts = sorted(Counter(c.split(": ")[0] for c in cases).items())
        told = f" ({', '.join(f'{k} {v}' for k, v in counts)})" if cases else ""
        print(f"cases at or over the ratio that S009 left to {why}: {len(cases)}{told}")
    # the pauses route (audiolint.analysis.alone): fired under min_ratio, and the sum on the solo
    # voices it reads (not where the room rings as loud as the voice, nor where S007 finds none)
    low, wet_c50 = rule.DEFAULT["min_ratio"], rule.DEFAULT["min_c50_db"]
    read = [r for r in records if r["second_voice_ratio"] is not None and not r["no_voice"]
            and (r["c50_db"] is None or r["c50_db"] >= wet_c50)]  # fmt: skip
    for half in ("tune", "heldout"):
        mine = [r for r in read if r["half"] == half]
        via = Counter(r["case"] for r in mine if r["fired"] and r["second_voice_ratio"] < low)
        top = max((r["second_voice_ratio"] + (r["alone_voice_ratio"] or 0.0), r["name"], r["case"])
                  for r in mine if r["case"].startswith("solo") and not r["fired"])  # fmt: skip
        print(
            f"{half}: flagged through the pauses (second_voice_ratio under {low:g}): "
            f"{sum(via.values())} ({', '.join(f'{k} {v}' for k, v in sorted(via.items()))}); "
            f"unflagged solo voices' second + alone up to {top[0]:.3f} ({top[1]}, {top[2]})"
        )
    print("Recall, held-out (tune), by level:")
    kinds = sorted({k[1] for k in results if not k[1].startswith("solo")})
    print(f"  {'':<16}" + "".join(f"{db:>18} dB" for db in LEVELS_DB))

    def rate(kind, db, half):
        fired = [f for f, _, _ in results.get((half, kind, db), [])]
        return f"{np.mean(fired):.1%}" if fired else "-"

    for kind in kinds:
        cells = [f"{rate(kind, db, 'heldout'):>9} ({rate(kind, db, 'tune')})" for db in LEVELS_DB]
        n = [
            max(len(results.get((h, kind, db), [])) for db in LEVELS_DB)
            for h in ("heldout", "tune")
        ]
        print(f"  {kind:<16}{''.join(cells)}   ({n[0]} held-out, {n[1]} tune mixes a level)")
    for line in by_part(results, -12):
        print(line)
    print("Second speakers, frame by frame (each voice alone tells where it is voiced, at what "
          "pitch):")  # fmt: skip
    for (half, db), c in sorted(lost.items(), key=lambda kv: (kv[0][0] != "tune", -kv[0][1])):
        print(f"  {half:<8} {db:>4} dB: both voices voiced in {c[1] / c[0]:.0%} of the voiced "
              f"frames; of those, {c[2] / c[1]:.0%} within {NEAR_OCTAVES[0]:g} octave of each "
              f"other or an octave apart (the comb cannot part them); of the rest, the main "
              f"pitch is the lead's in {c[4] / c[3]:.0%}, the partner's in {c[5] / c[3]:.0%}, "
              f"and the other voice is found under it in {c[6] / c[3]:.0%}; the partner alone "
              f"(the lead's pauses) in {c[8] / c[0]:.0%}, counted in {c[9] / max(c[8], 1):.0%} "
              f"of those; counted as a second voice: {c[7] / c[0]:.0%} of the voiced "
              f"frames")  # fmt: skip
    print("Where the main pitch is the lead's and the partner's lies apart, the comb at the mix's "
          "main period (median, 25th-75th percentile):")  # fmt: skip
    for (half, db), rows in sorted(floors.items(), key=lambda kv: (kv[0][0] != "tune", -kv[0][1])):
        rows = np.concatenate(rows)
        if len(rows):
            (d, d1, d3), (r, r1, r3) = np.percentile(rows, [50, 25, 75], axis=0).T
            print(f"  {half:<8} {db:>4} dB: {len(rows)} frames; the lead cancelled by {-d:.1f} dB "
                  f"({-d3:.1f}-{-d1:.1f}); the partner {r:+.1f} dB ({r1:+.1f} to {r3:+.1f}) "
                  f"against what is left of the lead")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(records, indent=0, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
