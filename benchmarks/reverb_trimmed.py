"""S008 on reverberant voices whose silence a trimmer took away, as a dataset's slices are.

    python benchmarks/reverb_trimmed.py [--corpus /tmp/audiolint-realcorpus] [--rooms 12]
                                        [--files]

benchmarks/reverb.py keeps half a second of room tone before the first word and the whole tail
after the last. A voice-model dataset's clips are trimmed: SoX's ``silence`` effect (forwards,
then reversed for the end) or FFmpeg's ``silenceremove`` cut what lies under a threshold. In
continuous speech in a room the echo fills every short pause, so the clarity is read from the
level's lowest stretch, where the recording rests (audiolint.analysis.reverb: the second read,
guarded by :func:`audiolint.analysis.reverb_floor.rests_at`, or, where a trimmer cut that rest,
:func:`audiolint.analysis.reverb_floor.ends_on_ring`).

Voices: benchmarks/reverb.py's speakers (ALSA's prompts, espeak-ng, the real corpus's speech) and
the corpus's two sung clips (csound-doc's ``sing.wav`` and ``singFemale.aif``), at 16 kHz, each
with 0.5 s of silence either side and white noise 60 dB under its peak. Rooms: reverb.py's
simulated rooms (pyroomacoustics, true C50 from the impulse response) plus the dry voice. Each
file is written as it is and through real trimmers:

* ``sox-both``: ``silence 1 0.05 -50d reverse silence 1 0.05 -50d reverse`` (both ends at -50 dB);
* ``sox-both40``: the same at -40 dB (the echo then fills all that is left: no estimate is
  expected);
* ``sox-lead``: the leading silence only, at -50 dB;
* ``ffmpeg-both``: ``silenceremove`` at -50 dB, start and end (``areverse`` for the end), when
  FFmpeg is installed.

Printed per variant and half (a file is held out when its voice is, by reverb.py's hash, and its
room is an odd one): S008's firing rate on rooms of true C50 under 8 dB and on those above, how
many files get no estimate, and the dry voices it fires on (``--files``: every file that changed
against the untrimmed copy). Missing tools are skipped, and said.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
from reverb import RATE, ensure_pra, estimate, held_out, rooms, speakers, to_rate
from scipy.signal import fftconvolve
from signal_rule import fires

from audiolint.rules import reverb as rule

SUNG = ("cs_sing", "cs_singfemale")
SOX_BOTH = ["silence", "1", "0.05", "{t}", "reverse", "silence", "1", "0.05", "{t}", "reverse"]
FFMPEG_BOTH = ("silenceremove=start_periods=1:start_threshold=-50dB,areverse,"
               "silenceremove=start_periods=1:start_threshold=-50dB,areverse")  # fmt: skip


def variants() -> dict[str, list[str]]:
    """name -> command (``{i}``, ``{o}``: input and output paths); what cannot run is said."""
    out: dict[str, list[str]] = {"as is": []}
    if shutil.which("sox"):
        out["sox-both"] = ["sox", "{i}", "{o}", *(a.format(t="-50d") for a in SOX_BOTH)]
        out["sox-both40"] = ["sox", "{i}", "{o}", *(a.format(t="-40d") for a in SOX_BOTH)]
        out["sox-lead"] = ["sox", "{i}", "{o}", "silence", "1", "0.05", "-50d"]
    else:
        print("skipped: SoX's trims (sox not installed: apt-get install sox)")
    if shutil.which("ffmpeg"):
        out["ffmpeg-both"] = ["ffmpeg", "-v", "error", "-y", "-i", "{i}", "-af", FFMPEG_BOTH,
                              "{o}"]  # fmt: skip
    else:
        print("skipped: FFmpeg's silenceremove (ffmpeg not installed)")
    return out


def trimmed(cmd: list[str], y: np.ndarray, tmp: Path) -> np.ndarray:
    """``y`` through the trimmer ``cmd`` (16-bit WAV in and out); as it is for an empty one."""
    if not cmd:
        return y
    src, dst = tmp / "in.wav", tmp / "out.wav"
    sf.write(src, y, RATE, subtype="PCM_16")
    subprocess.run([c.format(i=src, o=dst) for c in cmd], check=True, capture_output=True)
    return sf.read(dst)[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/audiolint-realcorpus"))
    ap.add_argument("--rooms", type=int, default=12)
    ap.add_argument("--files", action="store_true", help="name every file whose verdict changed")
    args = ap.parse_args(argv)
    pra = ensure_pra()
    voices = speakers(args.corpus)
    for name in SUNG:
        path = args.corpus / "sources" / f"{name}.wav"
        if path.exists():
            x, sr = sf.read(path)
            voices[name] = to_rate(x, sr)
        else:
            print(f"skipped: {name} (run benchmarks/realcorpus.py)")
    room_list = rooms(pra, args.rooms) + [None]  # None: the dry voice
    rng = np.random.default_rng(3)
    runs = variants()
    rows: dict[tuple[str, str], list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, x in voices.items():
            for i, room in enumerate(room_list):
                if room is None:
                    y, c50, half = x, float("inf"), held_out(name)
                else:
                    y, c50 = fftconvolve(x, room["h"]), room["c50"]
                    if held_out(name) != room["heldout"]:
                        continue  # a voice and a room from different halves: not scored
                    half = room["heldout"]
                pad = np.zeros(RATE // 2)
                y = np.concatenate([pad, y, pad])
                y = 0.5 * y / np.abs(y).max()
                y = y + rng.standard_normal(len(y)) * 10 ** (-60 / 20) * 0.5
                for label, cmd in runs.items():
                    r = estimate(trimmed(cmd, y, Path(tmp)))
                    key = (label, "held-out" if half else "tune")
                    rows.setdefault(key, []).append((f"{name} room {i}", c50, fires(rule, r)))
    threshold = rule.DEFAULT["max_c50_db"]
    print(f"{'variant':12s} {'half':9s} {'C50 < 8 dB fired':>18s} {'above fired':>13s} "
          f"{'dry voices fired':>17s}")  # fmt: skip
    for (label, half), rs in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        wet = [r for r in rs if r[1] < threshold]
        above = [r for r in rs if threshold <= r[1] < float("inf")]
        dry = [r for r in rs if r[1] == float("inf")]
        print(f"{label:12s} {half:9s} {sum(r[2] for r in wet):>8d} of {len(wet):<7d} "
              f"{sum(r[2] for r in above):>4d} of {len(above):<5d} "
              f"{sum(r[2] for r in dry):>6d} of {len(dry):<5d}"
              + "".join(f"\n    dry, fired: {r[0]}" for r in dry if r[2]))  # fmt: skip
        if args.files and label != "as is":
            base = {r[0]: r[2] for r in rows[("as is", half)]}
            for r in rs:
                if r[2] != base[r[0]]:
                    print(f"    {'gained' if r[2] else 'lost'}: {r[0]} (true C50 {r[1]:.1f} dB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
