"""Clipping: tops cut flat (at full scale, or at a peak lowered since), or float samples beyond it.

Counts runs of at least 3 consecutive samples at the format's largest value (one channel at a
time), plus, in float files, every sample beyond 1.0 (see audiolint.analysis.clipping). Any
clipping is a warning; more than error_ratio (0.1 %) of the samples outside silence clipped is
an error. A float file whose clipped samples are mostly beyond full scale (``clipped_overs``,
not tops stuck at exactly 1.0) is said to hold samples beyond it, kept (a warning whatever their
share: lowering the gain gives them back; a fixed-point copy cuts them).
The share is taken over the sound (the 20 ms frames S002 does not call silent, see
audiolint.analysis.silence), not over the whole file: the same clipped words read the same
with or without long silence around them (an espeak-ng sentence clipped 6 dB: 1.34 % of its
sound alone and padded with 30 s of silence each side, where the share of all samples fell from
1.17 % to 0.09 % and the error to a warning). The message gives the count, the share and the
time of the first clipped sample.

In a lossy file (MP3, Ogg, AAC...) fewer than min_lossy_runs (3) runs are not reported: a
source peak-normalised to full scale comes out of the decoder a fraction of a dB over it at its
one or two loudest peaks (the codec's overshoot), which is no clipped recording, while a source
clipped before encoding reaches the ceiling at many peaks. Measured on the real corpus's
speech (``benchmarks/fresh_genuine.py --clip-lab``): peak-normalised sources encoded by oggenc
-q3, LAME -V2 and ffmpeg's AAC 128k reach it in 1 or 2 runs (tune half; one held-out AAC file
in 3), the same sources driven 6 dB into the ceiling in 2 to 903 runs.

Nor is a lossy file reported where none of its runs lies inside a flat top (under
min_lossy_flat_runs, 1; ``clipped_flat_runs``, see audiolint.analysis.cliptops): an overshoot
rises at a peak's rounded crest, as wide as its slopes say a rounded peak is, while a top
clipped before encoding stays flat, wider. On decoded speech and music peak-normalised or
driven 1, 2 and 6 dB into the ceiling (Vorbis q3, LAME V2, AAC 128k; ``benchmarks/clip_tops.py``,
tune | held-out), normalised sources' false alarms 1 -> 0 | 5 -> 3 (the 3 left: Sonic Pi's
loop_amen_full, a limited loop flat-topped before encoding), every Vorbis and MP3 clipped copy
still found; AAC decodes of clipped sources whose only runs are its ringing at
rounded crests are lost (6 dB: 12 -> 9 of 17 | 11 -> 10 of 16). A lossy file's decode is held
at full scale, so each of its runs is flat whatever the decoder gave: its message counts the
samples at full scale once decoded and says what the flat tops show, tops cut flat before it
was encoded (review 43b: a Vorbis decode peaking at +1.5 dBFS read "in 320 flat-topped runs").

A lossless file clipped and then turned down (a gain of -3 dB, or normalised to -1 dBFS) has no
sample at full scale, but keeps its flat tops at its own, lower peak. With no run at full scale,
S001 counts the runs of 3 or more samples within 2.5 16-bit steps of the file's own peak that
lie inside flat tops (``peak_flat_runs``, ``peak_flat_samples``; see
audiolint.analysis.peaktops) and reports min_peak_runs (3) or more, with the same warning and
error shares. A slow crest of a quiet recording, or of one requantised to 8 bits, holds one
value for a few samples too, but at a rounded top; a smoothly filtered square wave creeps up to
a flat top, where a clipped wave arrives at speed (that is asked too); and a quiet recording
normalised up, its values hundreds of LSB apart, or an 8-bit file turned up into 16 bits, its
values on the 8-bit grid, is too coarse to read a top's shape at all (no top is flat there: see
audiolint.analysis.cliptops). ``benchmarks/clip_tops.py
--lossless`` (the real corpus's speech and music, tune | held-out): clipped 2 dB then lowered 3
dB (numpy, ffmpeg's volume) or to -1 dBFS (sox, dithered) found 16/17 | 13/16 each way, 6 dB
17/17 | 16/16, 1 dB 11-12/17 | 8/16 (a crest cut 1 dB is barely wider than a rounded one); never
clipped, peak-normalised to -3 or -1 dBFS, to -20 dBFS or requantised to 8 bits: 0/17 | 1/16,
the one Sonic Pi's loop_amen_full, flat-topped at its source. On the whole corpus (608 lossless
files) no other file without a run at full scale holds more than 1 such run; in 2,084 more real
files (no_voice's Debian sounds and music, the singers, backing-vocal, sweep, cross-check and
blind sets) none, since a game sound's filtered square wave was left out.
"""

from __future__ import annotations

from audiolint.rules.base import FileContext, Problem

ID = "S001"
NAME = "clipping"
TERM = "Clipping"
SEVERITY = "warning"
SCOPE = "file"
REQUIRES = "signal"
ANALYSERS = ("clipping", "silence", "levels")  # the share is over the sound; the peak
DEFAULT = {"error_ratio": 0.001, "min_lossy_runs": 3, "min_lossy_flat_runs": 1,
           "min_peak_runs": 3}  # fmt: skip


def sound_ratio(signal: dict, ratio: float | None = None) -> float:
    """Clipped samples over the samples outside silence (``ratio``, by default
    ``clipped_ratio``, over the share of the duration that is not silent); the ratio itself
    when silence was not measured."""
    ratio = (signal.get("clipped_ratio") or 0.0) if ratio is None else ratio
    silent = signal.get("silence_ratio")
    if not ratio or silent is None or silent <= 0.0:
        return ratio
    return min(1.0, ratio / max(1.0 - silent, ratio))  # silence_ratio is rounded to 1e-4


def check(ctx: FileContext, options: dict):
    """Yield one problem when any sample clips (in a lossy file, in min_lossy_runs runs or
    more, min_lossy_flat_runs of them in flat tops); an error past error_ratio."""
    s = ctx.signal
    count = s.get("clipped_samples") or 0
    if not count:
        yield from _lowered(ctx, options)
        return
    ratio, runs, first = s["clipped_ratio"], s["clipped_runs"], s.get("first_clip_s")
    if ctx.props.lossless is False and runs < options["min_lossy_runs"]:
        return  # a decoder's overshoot at the loudest peaks of a normalised source
    flat = s.get("clipped_flat_runs")  # None: a record from before it was measured
    if ctx.props.lossless is False and flat is not None and flat < options["min_lossy_flat_runs"]:
        return  # every run at a rounded crest: the codec's overshoot, no flat top
    when = f", the first at {first:.3f} s" if first is not None else ""
    loud = sound_ratio(s)
    share = _share(loud, ratio)
    overs = s.get("clipped_overs") or 0
    if overs and 2 * overs >= count:  # float overs, not tops stuck at exactly full scale
        yield _beyond(overs, share, s.get("peak_dbfs") or 0.0, when, s, loud)
        return
    if runs and ctx.props.lossless is False:
        # the decode is held at full scale, so its runs are flat whatever the decoder gave
        # (review 43b: a Vorbis decode peaking at +1.5 dBFS "in 320 flat-topped runs"); what
        # the tops say (cliptops) is that the source was cut flat before it was encoded
        text = f"{count:,} samples at full scale once decoded ({share}) in {runs:,} run"
        text += f"{'s' if runs != 1 else ''}{when}: flat tops cut before it was encoded"
    elif runs:
        text = f"{count:,} clipped samples ({share}) in {runs:,} flat-topped run"
        text += f"{'s' if runs != 1 else ''}{when}"
    else:
        plural = "s" if count != 1 else ""
        text = f"{count:,} sample{plural} beyond full scale ({share}){when}"
    yield Problem(
        text,
        severity="error" if loud > options["error_ratio"] else None,
        data={"clipped_samples": count, "clipped_runs": runs, "clipped_ratio": ratio,
              "clipped_sound_ratio": round(loud, 8), "first_clip_s": first},
    )  # fmt: skip


def _beyond(count: int, share: str, peak: float, when: str, s: dict, loud: float) -> Problem:
    """A float file's samples over full scale: kept, not cut (review 39: a clip turned up 6 dB
    and written as float read "3,643 clipped samples ... in 370 flat-topped runs", an error,
    where lowering it 3.9 dB gave every sample back); a warning, since any fixed-point copy or
    player cuts them."""
    plural = "s" if count != 1 else ""
    top = f"{peak:.1f}" if peak >= 0.1 else f"{max(peak, 0.01):.2f}"  # peak_dbfs: 0.01 dB steps
    return Problem(
        f"{count:,} sample{plural} beyond full scale ({share}), peaking at +{top} dBFS"
        f"{when}: this float file keeps them, but a 16- or 24-bit copy, and many players, cut "
        f"them flat; lower the gain by more than {top} dB",
        data={"clipped_samples": s["clipped_samples"], "clipped_overs": count,
              "clipped_runs": s["clipped_runs"],
              "clipped_ratio": s["clipped_ratio"], "clipped_sound_ratio": round(loud, 8),
              "first_clip_s": s.get("first_clip_s"), "peak_dbfs": peak},
    )  # fmt: skip


def _share(loud: float, ratio: float) -> str:
    """The clipped share in words: of the sound when silence was measured, else of all."""
    return (
        f"{loud:.3%} of the samples outside silence"
        if loud > ratio
        else f"{ratio:.3%} of all samples"
    )


def _lowered(ctx: FileContext, options: dict):
    """The finding for a lossless file with no sample at full scale but min_peak_runs or more
    runs in flat tops at its own peak: clipped, then turned down."""
    s, props = ctx.signal, ctx.props
    runs, count = s.get("peak_flat_runs") or 0, s.get("peak_flat_samples") or 0
    total = (getattr(props, "frames", None) or 0) * (getattr(props, "channels", None) or 1)
    if props.lossless is not True or runs < options["min_peak_runs"] or not total:
        return
    ratio = count / total
    loud = sound_ratio(s, ratio)
    share = _share(loud, ratio)
    peak = s.get("peak_dbfs")
    level = "just under full scale" if peak is None or peak > -0.05 else f"{peak:.1f} dBFS"
    yield Problem(
        f"{count:,} samples ({share}) in {runs:,} runs at the file's own peak, {level}, inside "
        "flat tops as clipping leaves them: clipped there, or before it was turned down",
        severity="error" if loud > options["error_ratio"] else None,
        data={"peak_flat_samples": count, "peak_flat_runs": runs, "peak_dbfs": peak,
              "clipped_sound_ratio": round(loud, 8)},
    )  # fmt: skip


def heavy(signal: dict | None, props) -> bool:
    """Whether S001, with its defaults, calls a file's clipping an error (``signal`` and
    ``props`` as a :class:`FileContext` holds them): for ranking copies (D003)."""
    from types import SimpleNamespace

    ctx = SimpleNamespace(signal=signal or {}, props=props)
    return any(p.severity == "error" for p in check(ctx, dict(DEFAULT)))  # type: ignore[arg-type]
