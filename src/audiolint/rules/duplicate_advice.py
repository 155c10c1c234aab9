"""D003's keep advice: which copy of a group to keep, and why, in words (:func:`keep`).

Split from :mod:`audiolint.rules.duplicate`, which finds the copies; the ranking itself is
:mod:`audiolint.rules.duplicate_rank`'s (:func:`~audiolint.rules.duplicate_rank.best`).
"""

from __future__ import annotations

from audiolint.rules import duplicate_hires as hires
from audiolint.rules import duplicate_traits as traits
from audiolint.rules import low_sample_rate
from audiolint.rules.base import DatasetContext
from audiolint.rules.duplicate_rank import (
    FAKE_PHRASE,
    band,
    clipped,
    held,
    intact,
    reaches_as_far,
)
from audiolint.text import codec_name, khz, nyquist_khz, printable

ALIKE_NAMED = 4  # copies that rank alike, named in the advice (the rest counted)
# verdicts the tie-break puts after the others (duplicate_rank.best's order), as the advice says
SUSPECT = ("lossy-origin", "upsampled")


def describe(f) -> str:
    """'FLAC, 48 kHz, 24-bit', 'WAV, 44.1 kHz, 16-bit' or 'MP3, 44.1 kHz, 192 kbps': the format
    as stored, not "lossless", which a lossy rip saved as WAV that T001 missed is not."""
    p = f.props
    pcm = not p.codec or p.codec.lower().startswith("pcm")
    parts = [codec_name(p.container if pcm else p.codec, "lossless" if p.lossless else "lossy")]
    if p.sample_rate:
        parts.append(khz(p.sample_rate))
    if p.lossless and p.bit_depth:
        parts.append(f"{p.bit_depth}-bit")
    elif not p.lossless and p.bitrate_bps:
        parts.append(f"{p.bitrate_bps // 1000} kbps")
    return ", ".join(parts)


def keep(ctx: DatasetContext, here: int, top: int | None, tied: list[int]) -> str:
    """Advice naming the copy to keep (``top`` and ``tied`` from
    :func:`~audiolint.rules.duplicate_rank.best`, computed once per group); where copies at
    other rates hold the same band, it says so instead."""
    best = top
    if best is None:
        return "keep one copy"
    rates = sorted({ctx.files[i].props.sample_rate or 0 for i in tied})
    copies = [ctx.files[i] for i in tied]
    short = [i for i in tied if traits.cut_short(ctx.files[i], copies)]
    if short and best not in short:
        # a copy at a higher rate whose content stops under the kept copy's band (its rate
        # would otherwise rank it first: review 51b's Opus 12 kbps decode at 48 kHz)
        stops = [traits.cut_short(ctx.files[i], copies) or 0 for i in short]
        verb = "stops" if len(short) == 1 else "stop"
        return (
            f"keep one copy, ideally {_called(ctx, best, here)} ({describe(ctx.files[best])}): "
            f"the content of {' and '.join(_called(ctx, i, here) for i in short)} {verb} at "
            f"{_span(stops)}, while the copy to keep holds content up to its Nyquist "
            f"frequency ({nyquist_khz(band(ctx.files[best])[1])})"
        )
    roomy = [i for i in tied if hires.hires_within(ctx.files[i], [ctx.files[best]]) is not None]
    if roomy and len(tied) - len(roomy) > 1:  # the others are weighed as ever, without them
        tied = [i for i in tied if i not in roomy]
        copies = [ctx.files[i] for i in tied]
        rates = sorted({ctx.files[i].props.sample_rate or 0 for i in tied})
    elif roomy:
        # hi-res copies whose content stays within the kept copy's band (FFmpeg's loudnorm
        # writes 192 kHz: its rate would otherwise rank it first)
        files, rate = [ctx.files[i] for i in roomy], ctx.files[best].props.sample_rate or 0
        reach = max(f.fidelity["reach_hz"] for f in files)
        verb = "holds" if len(roomy) == 1 else "hold"
        walled = [i for i in roomy if hires.hires_rate(ctx.files[i], ctx.files[best]) < rate]
        if walled:
            # decodes that fell where the kept copy's upsampling wall stands: what they hold
            # past it is fill, and the kept copy is no cleaner for being kept (review 56a); only
            # those copies are named so (a genuine hi-res copy beside them went through no codec)
            old = ctx.files[best].fidelity["upsampled_from"]
            flaws = " and ".join(_flaws(ctx.files[best]))
            rates = sorted({ctx.files[i].props.sample_rate or 0 for i in walled})
            return (
                f"keep one copy, ideally {_called(ctx, best, here)} ({describe(ctx.files[best])})"
                + (f", though {flaws}" if flaws else "")
                + f": {' and '.join(_called(ctx, i, here) for i in walled)} at "
                f"{' and '.join(khz(r) for r in rates)} "
                "went through a lossy codec (a lossy file, or one T001 reads as decoded), "
                f"{'its' if len(walled) == 1 else 'their'} spectrum falling at "
                f"{nyquist_khz(old / 2)} as that copy's does (the Nyquist frequency of the "
                f"{khz(old)} audio T002 reads it was made from): what lies past it is a "
                "codec's and a resampler's fill"
            )
        held = (
            f"within what {khz(rate)} audio holds (its Nyquist frequency, "
            f"{nyquist_khz(rate / 2)}): the extra samples add nothing"
            if reach <= rate / 2
            else f"no more than {khz(rate)} audio holds ({nyquist_khz(rate / 2)}) and a "
            "resampler's skirt past it, which a model trained at 40 or 48 kHz never uses"
        )
        return (
            f"keep one copy, ideally {_called(ctx, best, here)} ({describe(ctx.files[best])}): "
            f"{' and '.join(_called(ctx, i, here) for i in roomy)} at "
            f"{' and '.join(sorted({khz(f.props.sample_rate) for f in files}))} {verb} nothing "
            f"past {_span([f.fidelity['reach_hz'] for f in files])}, {held}"
        )
    if len(rates) > 1:
        reaches = [band(ctx.files[i])[1] for i in tied]
        reach = max(reaches)
        # on a copy outside the tie (an upsampled one beside both), name the tied ones: "the
        # 48 kHz copies" would read as taking this 48 kHz file in
        which = "" if here in tied else " (" + " or ".join(_names(ctx, tied)) + ", not this one)"
        faked = [i for i in tied if (ctx.files[i].fidelity or {}).get("verdict") in SUSPECT]
        if faked and best not in faked:
            # the tie holds copies T001 or T002 reads as decoded or upsampled: the others are
            # kept before them (review 49c: the take's 48 kHz upsample was kept for its rate)
            name = _called(ctx, best, here)
            alike = [i for i in tied if i not in faked]
            how = describe(ctx.files[best])
            name = (
                f"ideally {name} ({how})"
                if len(alike) == 1
                else f"such as {name} ({how}; {_rank_alike(ctx, here, best, alike)})"
            )
            verb = "reads" if len(faked) == 1 else "read"
            return (
                f"keep one copy, {name}: their content stops at {_span(reaches)}, but "
                f"{' and '.join(_names(ctx, faked))} {verb} as decoded from lossy audio or "
                "upsampled (T001, T002)"
            )
        if not all(reaches_as_far(r, reach) for r in reaches):
            # decodes of one take through different codecs (review 45b: "the same band, up to
            # 22.1 kHz" beside an MP3 V2 decode whose content stops at 18.8 kHz); a decode's
            # band says nothing of what it lost (a deeper decode can reach further)
            if all(traits.decoded(ctx.files[i]) for i in tied):
                # said so: "nothing measured ranks them apart" under bands 16.1-22.1 kHz apart
                # read as untrue (review 54b: twelve downloads of one take, 22.1 kHz the
                # Nyquist frequency of a decode whose reach was not read)
                seen = [r for r in (_reach(ctx.files[i]) for i in tied) if r]
                # (where no copy's reach was read, no band is quoted: band() stands in with the
                # Nyquist frequency; a read-through of session 55)
                stops = f", their content stopping at {_span(seen)} where measured" if seen else ""
                return (
                    f"keep one copy{which}: each went through a lossy codec (a lossy file, or "
                    f"one T001 reads as decoded){stops}, but a decode's band does not say how "
                    "much its codec took away (Opus reaches 20 kHz at 64 kbps as at 160): "
                    "nothing measured ranks them apart, so keep the one from the best source "
                    "you know of"
                )
            return (
                f"keep one copy{which}: their content stops at {_span(reaches)}, and nothing "
                "measured ranks them apart"
            )
        return (
            f"keep one copy{which}: the {' and '.join(khz(r) for r in rates)} copies hold the "
            f"same band, up to {reach / 1000:.1f} kHz, so either will do"
        )
    name = _called(ctx, best, here)
    # copies nothing measured ranks apart: the first is named, not as the better one (review
    # 41: of five copies alike, "ideally" the first alphabetically)
    rank = [(intact(ctx.files[i]), ctx.files[i].props.sample_rate) for i in tied]
    alike = [i for i, r in zip(tied, rank, strict=True) if r == rank[tied.index(best)]]
    flaws = _flaws(ctx.files[best])
    if len(alike) > 1:
        name = (
            f"such as {name} ({describe(ctx.files[best])}): {_rank_alike(ctx, here, best, alike)}"
        )
        return f"keep one copy, {name}" + (f", though {' and '.join(flaws)}" if flaws else "")
    if flaws:  # the best of flawed copies: say so rather than imply it is clean
        return (
            f"keep one copy, ideally {name} ({describe(ctx.files[best])}), though "
            f"{' and '.join(flaws)}: no copy is clean"
        )
    return f"keep one copy, ideally {name} ({describe(ctx.files[best])})"


def _rank_alike(ctx: DatasetContext, here: int, best: int, alike: list[int]) -> str:
    """'3 copies rank alike (it, this one and b.flac)', ``best`` being "it": the others are
    named, as a reader then weighs them by ear (review 49c: "2 copies rank alike" beside a clean
    take did not say the other was its noisy copy); past ``ALIKE_NAMED`` names, how many more."""
    others = [i for i in alike if i != best]
    names = ["it", *(_called(ctx, i, here) for i in others)]
    if len(names) > ALIKE_NAMED:
        names = [*names[: ALIKE_NAMED - 1], f"{len(names) - ALIKE_NAMED + 1} more"]
    return f"{len(alike)} copies rank alike ({', '.join(names[:-1])} and {names[-1]})"


def _reach(f) -> float | None:
    """How far a copy's content was measured to reach (Hz), or None: not its Nyquist
    frequency, which :func:`~audiolint.rules.duplicate_rank.band` stands in with."""
    return held(f.fidelity or {}, f.props.lossless is False)


def _called(ctx: DatasetContext, i: int, here: int) -> str:
    """Copy ``i`` as the finding on copy ``here`` names it: "this one", or its path."""
    return "this one" if i == here else printable(ctx.files[i].display)


def _span(reaches: list[float]) -> str:
    """'18.8 kHz' or '18.8-20.3 kHz'."""
    lo, hi = min(reaches) / 1000, max(reaches) / 1000
    return f"{lo:.1f} kHz" if f"{lo:.1f}" == f"{hi:.1f}" else f"{lo:.1f}-{hi:.1f} kHz"


def _names(ctx: DatasetContext, group: list[int]) -> list[str]:
    """The group's files as the message prints them."""
    return [printable(ctx.files[i].display) for i in group]


def _flaws(f) -> list[str]:
    """What the copy to keep still lacks, as its own rules measure it: clipped past S001's error
    ratio, a band under Q003's error floor, or a fake verdict."""
    fid = f.fidelity or {}
    rate = fid.get("upsampled_from") or f.props.sample_rate or 0
    out = ["it is clipped (S001)"] if f.signal and clipped(f) else []
    if rate and rate < low_sample_rate.DEFAULT["error_below"]:
        out.append(f"it holds nothing above {nyquist_khz(rate / 2)} (Q003)")
    if f.props.lossless and fid.get("verdict") in FAKE_PHRASE:
        out.append(FAKE_PHRASE[fid["verdict"]])
    return out
