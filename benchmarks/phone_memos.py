"""Phone voice memos and video-site rips: is every signal finding true? (issues 11 and 17)

    python benchmarks/phone_memos.py [--out /tmp/audiolint-memos] [--rev COMMIT] [--jobs 1]
                                     [--corpus /tmp/audiolint-realcorpus] [--build-only]
                                     [--part I/N] [--sources N]

Most of our users' audio is downloaded: phone memos (AAC-LC 32-128k mono at 44.1/48 kHz,
narrowband 8 kHz calls, G.722 16 kHz; automatic gain, room and machine noise, mains hum) and
video-site audio (Opus and AAC at 128k). This set rebuilds them from real speech with real
encoders, with every defect at a known level, and asks whether each finding of S001 (clipping),
S002 (silence), S003 (DC offset), S004 (loudness), S005 (noise floor) and S007 (no voice) is true.

* Speech: benchmarks/realcorpus.py's speech sources (ALSA prompts, CMU ARCTIC, csound-doc's
  readers, praat, puredata, SuperCollider; espeak-ng as a control), each in the manifest's half,
  cut to 8 s, taken to 48 kHz (soxr).
* Scenes, each peak-normalised as a phone's automatic gain leaves it:
  ``full`` at full scale (no sample clipped: S001 must not fire), ``agc`` at -1 dBFS,
  ``clip`` driven 6 dB into the ceiling (S001 must fire), ``noise20`` / ``noise10`` (a real
  recorded noise, looped, that many dB under the speech's RMS over its loud frames),
  ``hum30`` / ``hum15`` / ``hum0`` (a synthetic mains hum: harmonics 1-11 at 1/k, random phases,
  50 Hz on the tune half and 60 Hz held-out, that many dB under the speech; 0 is a hum as loud
  as the voice). The added noise's level in dBFS is kept as the truth S005's floor is read
  against.
* Real noise (Debian, ``apt-get download``, as benchmarks/no_voice_rooms.py fetches them):
  OpenTTD's opensfx recordings ``mining machinery`` and ``wind`` (tune), ``sawmill`` and
  ``helicopter`` (held-out), each source taking its half's noises in turn; each is cut to its
  steady middle (the 100 ms frames within 6 dB of its loudest, first to last: the effects fade in
  and out) and looped with 50 ms cross-fades. Skipped, with a line, when the packages cannot be
  had.
* Encoders (ffmpeg; skipped when an encoder is missing): ``pcm`` (none: the control), AAC-LC
  32k, 64k and 128k mono (``aac``), Opus 128k (``libopus``), GSM 06.10 at 8 kHz (``libgsm``),
  Speex narrowband at 8 kHz (``libspeex``, standing in for AMR, which this ffmpeg cannot
  encode), G.722 at 16 kHz (``g722``). Every encode is decoded by ffmpeg to a 16-bit WAV (as a
  user converts a download); AAC 128k and Opus 128k are also kept as shipped (.m4a, .webm).

Judged per finding: S001 true on ``clip``; on another scene it is "clamp" when the lossless
decode holds flat runs because the decoder's output went beyond full scale and the 16-bit WAV
cut it (true of the WAV as measured, not a clipped recording), and false otherwise. S005 true on
noise and hum scenes (its floor is printed beside the added noise's level), "as control" where
the pcm copy of the same scene fires too (the speech's own room), false otherwise. S007 is
false everywhere (every file is speech). S002, S003, S004 are "as control" where the pcm copy
of the same scene has the finding and "codec" where only the encode does (to read by hand).
Both halves are printed; choose on the tune half only.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import no_voice_music  # noqa: E402  (its package download)
from fresh_genuine import check  # noqa: E402  (audiolint check --format json at a rev)

RATE = 48000
SECONDS = 8.0
TOP = 32767 / 32768
RULES = ("S001", "S002", "S003", "S004", "S005", "S007")
SCENES = ("full", "agc", "clip", "noise20", "noise10", "hum30", "hum15", "hum0")
NOISES = {"tune": ("mining machinery", "wind"), "heldout": ("sawmill", "helicopter")}
HUM_HZ = {"tune": 50.0, "heldout": 60.0}
# name -> (ffmpeg encoder args, rate it codes at, container), every one decoded to WAV
CODECS = {
    "aac32": (["-c:a", "aac", "-b:a", "32k"], 48000, "m4a"),
    "aac64": (["-c:a", "aac", "-b:a", "64k"], 48000, "m4a"),
    "aac128": (["-c:a", "aac", "-b:a", "128k"], 48000, "m4a"),
    "opus128": (["-c:a", "libopus", "-b:a", "128k"], 48000, "webm"),
    "gsm": (["-c:a", "libgsm"], 8000, "gsm"),
    "speex8k": (["-c:a", "libspeex"], 8000, "ogg"),
    "g722": (["-c:a", "g722"], 16000, "wav"),
}
KEEP = ("aac128", "opus128")  # also kept as shipped (the lossy file itself)


def sources(corpus: Path, limit: int) -> list[tuple[str, str, np.ndarray]]:
    """(half, name, 48 kHz mono float speech) for the corpus's speech sources, cut to SECONDS."""
    import soxr

    out = []
    with open(corpus / "manifest.csv") as fh:
        rows = {r["source"]: r["half"] for r in csv.DictReader(fh)
                if r["kind"] in ("speech", "speech-lowrate", "synthetic")}  # fmt: skip
    for name, half in sorted(rows.items())[: limit or None]:
        x, sr = sf.read(str(corpus / "sources" / f"{name}.wav"), dtype="float64", always_2d=True)
        x = x.mean(axis=1)[: int(SECONDS * sr)]
        out.append((half, name, soxr.resample(x, sr, RATE) if sr != RATE else x))
    return out


def noises(cache: Path) -> dict[str, np.ndarray]:
    """NOISES' recordings at 48 kHz, by name; empty (and a line) when they cannot be had."""
    import soxr
    from no_voice_rooms import PACKAGES, opensfx  # noqa: PLC0415

    root = no_voice_music.packages(cache, PACKAGES)
    cat = root / "usr/share/games/openttd/baseset/opensfx/opensfx.cat" if root else None
    if cat is None or not cat.exists():
        print("SKIP noise scenes: openttd-opensfx not available", flush=True)
        return {}
    from no_voice_rooms import OPENSFX  # noqa: PLC0415

    out = {}
    for i, (x, sr) in opensfx(cat).items():
        x = soxr.resample(x.mean(axis=1) if x.ndim > 1 else x, sr, RATE)
        n = RATE // 10
        db = 10 * np.log10((x[: len(x) // n * n].reshape(-1, n) ** 2).mean(axis=1) + 1e-20)
        keep = np.flatnonzero(db >= db.max() - 6)
        out[OPENSFX[i]] = x[keep[0] * n : (keep[-1] + 1) * n]
    return out


def looped(x: np.ndarray, n: int) -> np.ndarray:
    """``x`` repeated to ``n`` samples, each join cross-faded over 50 ms."""
    fade = int(0.05 * RATE)
    ramp = np.linspace(0.0, 1.0, fade)
    out = x.copy()
    while len(out) < n:
        join = out[-fade:] * (1 - ramp) + x[:fade] * ramp
        out = np.concatenate([out[:-fade], join, x[fade:]])
    return out[:n]


def loud_rms(x: np.ndarray) -> float:
    """RMS over the 20 ms frames within 20 dB of the loudest (the speech, not its pauses)."""
    n = int(0.02 * RATE)
    fr = x[: len(x) // n * n].reshape(-1, n)
    e = (fr**2).mean(axis=1)
    return float(np.sqrt(e[e >= e.max() / 100].mean()))


def hum(n: int, hz: float, rng) -> np.ndarray:
    """Mains hum: harmonics 1-11 at 1/k, random phases, unit RMS."""
    t = np.arange(n) / RATE
    y = sum(np.sin(2 * np.pi * hz * k * t + rng.uniform(0, 2 * np.pi)) / k for k in range(1, 12))
    return y / np.sqrt((y**2).mean())


def scene(x: np.ndarray, kind: str, half: str, noise: np.ndarray | None, seed: int):
    """(the scene's samples, the added noise's RMS in dBFS after normalising, or None)."""
    rng = np.random.default_rng(seed)
    add = None
    if kind.startswith("noise") and noise is not None:
        add = looped(noise, len(x))
        add = add / np.sqrt((add**2).mean())
        db = float(kind[5:])
    elif kind.startswith("hum"):
        add, db = hum(len(x), HUM_HZ[half], rng), float(kind[3:])
    elif kind.startswith("noise"):
        return None, None
    if add is not None:
        add = add * loud_rms(x) * 10 ** (-db / 20)
        x = x + add
    gain = {"full": TOP, "clip": 2 * TOP}.get(kind, 10 ** (-1 / 20)) / np.abs(x).max()
    y = np.clip(x * gain, -TOP, TOP)
    level = None if add is None else 20 * np.log10(np.sqrt(((add * gain) ** 2).mean()))
    return y, level


def ffmpeg(*args: str) -> bool:
    """Run ffmpeg quietly; True when it succeeded."""
    r = subprocess.run(["ffmpeg", "-y", "-nostdin", "-loglevel", "error", *args])
    return r.returncode == 0


def build(out: Path, corpus: Path, cache: Path, limit: int, part: tuple[int, int] = (0, 1)):
    """Write every scene through every codec into OUT/files (only the sources ``s`` with
    ``s % part[1] == part[0]``); the truth table by file name, also written to OUT/truth.*.json."""
    files, work = out / "files", out / "work"
    files.mkdir(parents=True, exist_ok=True)
    work.mkdir(exist_ok=True)
    noise = noises(cache)
    truth: dict[str, dict] = {}
    turn: Counter = Counter()
    for s, (half, name, x) in enumerate(sources(corpus, limit)):
        pick = NOISES[half][turn[half] % 2]
        turn[half] += 1
        if s % part[1] != part[0]:
            continue
        for kind in SCENES:
            y, level = scene(x, kind, half, noise.get(pick), s)
            if y is None:
                continue
            base = f"{half}_{name}_{kind}"
            src = work / f"{base}.wav"
            sf.write(str(src), y, RATE, subtype="PCM_16")
            over = {}
            for codec, (args, rate, box) in (("pcm", ([], RATE, "wav")), *CODECS.items()):
                wav = files / f"{base}_{codec}.wav"
                if codec == "pcm":
                    sf.write(str(wav), y, RATE, subtype="PCM_16")
                else:
                    enc = work / f"{base}_{codec}.{box}"
                    if not ffmpeg("-i", str(src), "-ac", "1", "-ar", str(rate), *args, str(enc)):
                        print(f"SKIP {codec}: ffmpeg could not encode", flush=True)
                        continue
                    flt = work / f"{base}_{codec}.f32.wav"
                    ffmpeg("-i", str(enc), "-c:a", "pcm_f32le", str(flt))
                    z, zr = sf.read(str(flt), dtype="float32")
                    over[codec] = int((np.abs(z) > 1.0).sum())
                    # as ffmpeg's float -> s16 conversion: scaled, rounded, clamped at the ceiling
                    s16 = np.clip(np.rint(z * 32768.0), -32768, 32767).astype(np.int16)
                    sf.write(str(wav), s16, zr, subtype="PCM_16")
                    if codec in KEEP:
                        (files / f"{base}_{codec}.{box}").write_bytes(enc.read_bytes())
                    flt.unlink()
                    enc.unlink()
                for f in (wav, files / f"{base}_{codec}.{box}"):
                    truth[f.name] = {"half": half, "source": name, "scene": kind, "codec": codec,
                                     "noise": pick if kind.startswith("noise") else None,
                                     "added_dbfs": level, "overs": over.get(codec, 0)}  # fmt: skip
            src.unlink()
    (out / f"truth.{part[0]}-{part[1]}.json").write_text(json.dumps(truth, indent=1))
    return truth


def judge(rule: str, t: dict, fd: dict, control: set) -> str:
    """TRUE, FALSE, clamp, as control or codec for one finding (see the module's docstring)."""
    scene = t["scene"]
    if rule == "S001":
        if scene == "clip":
            return "TRUE"
        return "clamp" if t["overs"] and not fd["path"].endswith((".m4a", ".webm")) else "FALSE"
    if rule == "S007":
        return "FALSE"
    if rule == "S005" and scene.startswith(("noise", "hum")):
        return "TRUE"
    return "as control" if (t["half"], t["source"], scene, rule) in control else (
        "FALSE" if rule == "S005" else "codec")  # fmt: skip


def recall(report: dict, truth: dict, half: str) -> list[str]:
    """S001 on the clipped scenes and S005 on the noise and hum scenes, by scene: how many
    fired, and S005's floor less the added noise's level (median, min, max)."""
    hits: Counter = Counter()
    total: Counter = Counter()
    errs = defaultdict(list)
    for f in report["files"]:
        t = truth.get(Path(f["path"]).name)
        if t is None or t["half"] != half:
            continue
        rule = "S001" if t["scene"] == "clip" else "S005" if t["added_dbfs"] else None
        if rule is None:
            continue
        total[(rule, t["scene"])] += 1
        hits[(rule, t["scene"])] += any(fd["rule"] == rule for fd in f.get("findings") or [])
        floor = (f.get("signal") or {}).get("noise_floor_dbfs")
        if rule == "S005" and floor is not None and floor > -100:
            errs[t["scene"]].append(floor - t["added_dbfs"])
    out = []
    for (rule, scene), n in sorted(total.items()):
        e = errs.get(scene)
        err = f"; floor - added {np.median(e):+.1f} dB ({min(e):+.1f}..{max(e):+.1f})" if e else ""
        out.append(f"  {rule} on {scene}: {hits[(rule, scene)]}/{n}{err}")
    return out


def score(report: dict, truth: dict) -> str:
    """Every finding of RULES judged, counted per half, rule, verdict; the false ones listed."""
    control, rows = set(), []
    for f in report["files"]:
        t = truth.get(Path(f["path"]).name)
        if t is None:
            continue
        for fd in f.get("findings") or []:
            if fd["rule"] in RULES:
                rows.append((t, dict(fd, path=f["path"])))
                if t["codec"] == "pcm":
                    control.add((t["half"], t["source"], t["scene"], fd["rule"]))
    count: Counter = Counter()
    listed = defaultdict(list)
    for t, fd in rows:
        v = judge(fd["rule"], t, fd, control)
        count[(t["half"], fd["rule"], v)] += 1
        if v in ("FALSE", "codec", "clamp"):
            extra = f" (added noise {t['added_dbfs']:.1f} dBFS)" if t["added_dbfs"] else ""
            listed[(t["half"], fd["rule"], v)].append(
                f"    {Path(fd['path']).name}: {fd['severity']}: {fd['message']}{extra}"
            )
    clipped = Counter((t["half"], t["codec"]) for t in truth.values() if t["scene"] == "clip")
    lines = [f"{len(report['files'])} files; clipped scenes per half: "
             f"{sum(v for (h, _), v in clipped.items() if h == 'tune')} | "
             f"{sum(v for (h, _), v in clipped.items() if h == 'heldout')}"]  # fmt: skip
    for half in ("tune", "heldout"):
        lines.append(f"== {half}")
        lines += recall(report, truth, half)
        for rule in RULES:
            got = {v: n for (h, r, v), n in sorted(count.items()) if h == half and r == rule}
            lines.append(f"  {rule}: " + (", ".join(f"{v} {n}" for v, n in got.items()) or "none"))
            for v in ("FALSE", "clamp", "codec"):
                lines += sorted(listed[(half, rule, v)])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    """Build the set (once), check it, print the judged table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/audiolint-memos"))
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/audiolint-no-voice-rooms"))
    ap.add_argument("--rev", default=None)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--sources", type=int, default=0, help="only the first N sources (0: all)")
    ap.add_argument("--part", default="0/1", help="I/N: build only every N-th source from I")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--score-only", action="store_true", help="judge OUT/report.json again")
    a = ap.parse_args(argv)
    part = tuple(int(v) for v in a.part.split("/"))
    if a.build_only or not list(a.out.glob("truth.*.json")):
        build(a.out, a.corpus, a.cache, a.sources, part)
    truth = {}
    for tf in sorted(a.out.glob("truth.*.json")):
        truth.update(json.loads(tf.read_text()))
    if a.build_only:
        return 0
    if a.score_only:
        report = json.loads((a.out / "report.json").read_text())
    else:
        report = check(a.out, a.rev, a.jobs, ["--select", ",".join(RULES)])
    text = score(report, truth)
    (a.out / "scores.txt").write_text(text)
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
