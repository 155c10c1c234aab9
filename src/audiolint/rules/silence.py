"""Silence: an all-silent file, a mostly silent one, or long silence at the start or end.

Silent means 20 ms frames whose RMS level is below -42 dBFS, the threshold RVC's slicer uses
(see audiolint.analysis.silence). A file with no frame above it is an error, called entirely
silent only when every sample is zero, "silent or all but" when its peak is under -70 dBFS (a
dither's level, or speech turned down that far), otherwise quiet: normalise it; one that holds
no whole 20 ms frame, whatever its level, is too short to judge or to train on (an error too);
one that is more than max_silence_ratio (half) silent is a warning (saying the share under the
threshold, silence to RVC's slicer: a soft word is silence to it too); more than
max_edge_silence_s (1.0 s) of silence before the first or after the last sound is an info
note: trim it, as it wastes preprocessing and can upset text alignment for TTS. The threshold
is absolute, so in a quiet file (integrated loudness under QUIET_LUFS, S004's default) quiet
speech falls under it too: there the findings say what was measured, the time under the
threshold, name the file's loudness and ask for normalising before trimming (a review's
meeting excerpts at -35 to -51 LUFS: 0.8 s of speech inside "1.1 s of silence at the start:
trim it").
"""

from __future__ import annotations

from audiolint.rules import loudness
from audiolint.rules.base import FileContext, Problem

ID = "S002"
NAME = "silence"
TERM = "Silence"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
# levels: the peak of a file too quiet to judge; loudness: a quiet file's quiet speech
ANALYSERS = ("silence", "levels", "loudness")
DEFAULT = {"max_silence_ratio": 0.5, "max_edge_silence_s": 1.0}
QUIET_PEAK_DBFS = -70.0  # under this nothing but noise or dither: silent, not just quiet
# a file quieter than S004's default line may hold speech under the threshold
QUIET_LUFS = loudness.DEFAULT["min_lufs"]
FRAME_MS = 20  # the silence analyser's frames (analysis.silence.FRAME_MS; no numpy here)


def check(ctx: FileContext, options: dict):
    """Yield an error for an all-silent file, a warning when mostly silent, info for edges."""
    s = ctx.signal
    ratio = s.get("silence_ratio")
    if ratio is None:
        return
    level = s.get("silence_threshold_dbfs", -42.0)
    usable = s.get("usable_duration_s") or 0.0
    data = {"silence_ratio": ratio, "usable_duration_s": usable}
    frames, rate = ctx.props.frames, ctx.props.sample_rate
    if frames is not None and rate and frames < FRAME_MS * rate // 1000:
        # no whole frame to judge, whatever its level: neither silent nor quiet, only too short
        # (an audit's 22 samples peaking at -0.2 dBFS read "too quiet for RVC's slicer")
        held = (
            "holds no samples: nothing to train on"
            if frames == 0
            else (
                f"holds only {frames} sample{'s' if frames != 1 else ''} "
                f"({1000 * frames / rate:.1f} ms), under one {FRAME_MS} ms frame: "
                "too short to judge or to train on"
            )
        )
        yield Problem(held, severity="error", data={**data, "frames": frames})
        return
    if usable <= 0.0:
        peak = s.get("peak_dbfs")
        if peak is None:  # every sample zero
            text = "entirely silent"
        elif peak < QUIET_PEAK_DBFS:
            # dither's level, or a whole recording turned down 70 dB or more (review 41: speech
            # peaking at -72 dBFS, 18 dB over its dither, read "entirely silent")
            text = f"silent or all but: peaks at {peak:.1f} dBFS, too quiet to train on"
        else:  # real sound, just quiet: say what is true and what to do
            text = f"too quiet for RVC's slicer: peaks at {peak:.1f} dBFS, normalise it"
        yield Problem(
            f"{text}: no 20 ms stretch rises above {level:g} dBFS",
            severity="error",
            data={**data, "peak_dbfs": peak},
        )
        return
    lufs = s.get("loudness_lufs")
    quiet = lufs is not None and lufs < QUIET_LUFS
    # in a quiet file, quiet speech lies under the threshold too: say what was measured
    why = (
        f"; the file is quiet ({lufs:.1f} LUFS), so some of it may be quiet sound" if quiet else ""
    )
    if ratio > options["max_silence_ratio"]:
        total = usable / (1.0 - ratio)
        shown = f"{usable:.{1 if usable >= 1 else 2}f}"
        yield Problem(
            f"{ratio:.0%} of the file lies under {level:g} dBFS, where RVC's slicer cuts: only "
            f"{shown} s of {total:.1f} s rises above it{why}: normalise it, then see what is left"
            if quiet
            # the level measured, not "silence": soft words lie under the line too (review 43b:
            # a take turned down 9 dB, -32 LUFS, read "50% of the file is silence", 2 of its
            # 2.3 s more within 200 ms of louder speech)
            else f"{ratio:.0%} of the file lies under {level:g} dBFS, silence to RVC's slicer: "
            f"only {shown} s of {total:.1f} s rises above it",
            data=data | ({"loudness_lufs": lufs} if quiet else {}),
        )
    edges = []
    lead, trail = s.get("leading_silence_s") or 0.0, s.get("trailing_silence_s") or 0.0
    what = f"under {level:g} dBFS" if quiet else "of silence"
    if lead > options["max_edge_silence_s"]:
        edges.append(f"{lead:.1f} s {what} at the start")
    if trail > options["max_edge_silence_s"]:
        edges.append(f"{trail:.1f} s at the end" if edges else f"{trail:.1f} s {what} at the end")
    if edges:
        yield Problem(
            " and ".join(edges)
            + (f"{why}: normalise it before trimming" if quiet else ": trim it"),
            severity="info",
            data={"leading_silence_s": lead, "trailing_silence_s": trail},
        )
