"""Duplicate: the same audio twice in the dataset, even in another format, rate or level.

Files are compared by what they sound like (a fingerprint of the decoded audio), not by their
bytes, so a WAV and its FLAC or MP3 copy, a 44.1 kHz and a 48 kHz export, or a copy 6 dB quieter
all count as the same audio: each repeats the same material and gives it extra weight. The
warning goes on every later copy and names the first file it repeats; a clip whose audio also
sits inside a longer file (a slice kept next to its source) is flagged too. Silent files are
never matched (the silence rules cover them). ``data["keep"]`` names the copy to keep (the
best of the group, the first of equals; for a clip inside a longer file, the longer file), as
``audiolint fix`` keeps it. Copies at two rates whose content reaches as far are a tie,
whatever their rates: a 44.1 kHz file brought up to 48 kHz holds nothing the 44.1 kHz file does
not, and a 48 kHz recording whose content stops under 22 kHz loses nothing in its 44.1 kHz
export; nothing measured says which was made from which, so the message says either will do
(``data["keep"]`` names the higher-rate copy). Needs the signal analysis (not in header-only
runs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audiolint.rules import clipping, low_sample_rate, stereo
from audiolint.rules.base import DatasetContext, Problem
from audiolint.text import clock, codec_name, khz, nyquist_khz, printable

if TYPE_CHECKING:  # pragma: no cover - the matcher loads only when two files are compared
    from audiolint.analysis import dedupe

ID = "D003"
NAME = "duplicate"
TERM = "Duplicate"
SEVERITY = "warning"
SCOPE = "dataset"
REQUIRES = "signal"
# fidelity, stereo and clipping pick the better copy
ANALYSERS = ("fingerprint", "fidelity", "stereo", "clipping")
DEFAULT = {"max_bit_error": 0.25, "min_cover": 0.8}
VERDICT = "{n} duplicate {files}"


def check(ctx: DatasetContext, options: dict):
    """Yield a warning on each later copy (or contained clip), attached to that file."""
    matches = ctx.matches(options["max_bit_error"], options["min_cover"])
    first_copy: dict[int, dedupe.Match] = {}
    for m in matches:
        if not m.inside and (m.b not in first_copy or m.a < first_copy[m.b].a):
            first_copy[m.b] = m
    groups: dict[int, list[int]] = {}
    for later, m in sorted(first_copy.items()):
        groups.setdefault(m.a, [m.a]).append(later)
    ranked = {first: _best(ctx, group) for first, group in groups.items()}  # once per group
    for later, m in sorted(first_copy.items()):
        best, tied = ranked[m.a]
        keep = _keep(ctx, later, best, tied)
        yield Problem(
            f"same audio as {printable(ctx.files[m.a].display)}: " + keep,
            data={**_data(ctx, later, m.a, m), "keep": ctx.files[_kept(m.a, best)].display},
        )
    flagged = set(first_copy)
    for m in sorted((m for m in matches if m.inside), key=lambda m: (m.a, m.b)):
        if m.a in flagged:
            continue
        flagged.add(m.a)
        # the longer file may have copies of its own: keep the one its group keeps
        first = first_copy[m.b].a if m.b in first_copy else m.b
        kept = _kept(first, ranked[first][0]) if first in ranked else m.b
        yield Problem(
            f"its audio also appears inside {printable(ctx.files[m.b].display)} (from "
            f"{clock(m.offset_s)}): the same material counts twice",
            data={**_data(ctx, m.a, m.b, m), "keep": ctx.files[kept].display},
        )


# the fake verdicts, each as the advice names it when the copy to keep has it (_flaws)
_FAKE_PHRASE = {
    "lossy-origin": "it reads as decoded from lossy audio (T001)",
    "upsampled": "it reads as upsampled (T002)",
    "padded-bits": "its low bits are padding (T003)",
}
_FAKE = tuple(_FAKE_PHRASE)
# Two copies whose content reaches within this of each other hold the same band: the reach is
# read on a spectrum of 20-50 Hz bins, and a resampler's filter moves it a little...
_SAME_BAND_HZ = 250.0
# ...or within this share of it: a gain change moves the reach along the band's roll-off (the
# real corpus's genuine recordings at -6 to +12 dB: up to 2.6%; FFmpeg's loudnorm lifted ALSA's
# Side_Left from 19.57 to 19.85 kHz, and D003 advised keeping that 192 kHz copy)
_SAME_BAND_SHARE = 0.03


def _band(f) -> tuple[int, float]:
    """(sample rate, how far the content reaches in Hz: the Nyquist frequency if not measured)."""
    rate = f.props.sample_rate or 0
    return rate, (f.fidelity or {}).get("reach_hz") or rate / 2


def _clipped(f) -> bool:
    """Whether S001 calls a copy's clipping an error (its share of the sound, or flat tops at
    its own peak below full scale: clipped, then turned down)."""
    return clipping.heavy(f.signal, f.props)


def _decoded_reach(files) -> float | None:
    """How far the content of the group's lossless copies decoded from lossy audio (T001's
    verdict) reaches, the furthest; None when no such copy's reach was measured."""
    reach = [
        (f.fidelity or {}).get("reach_hz")
        for f in files
        if f.props.lossless and (f.fidelity or {}).get("verdict") == "lossy-origin"
    ]
    return max((r for r in reach if r), default=None)


def _same_history(f, decoded: float | None) -> bool:
    """Whether a copy shows nothing its group's decode (:func:`_decoded_reach`) lacks: its
    content reaches no further. The same audio then went through the same codec, and a copy
    turned down, normalised or dithered after the decode (which fills the codec's zeros in, so
    T001 no longer finds them) is no more genuine than the decode it was made from (review 41:
    a copy 6 dB quieter was "ideally this one" over its Vorbis-decoded original)."""
    reach = (f.fidelity or {}).get("reach_hz")
    if decoded is None or not reach:
        return False
    return reach <= decoded + max(_SAME_BAND_HZ, _SAME_BAND_SHARE * decoded)


def _quality(
    f, others: list[tuple[int, float]], clip_counts: bool = True, decoded: float | None = None
) -> tuple:
    """What the copy really holds: a copy clipped past S001's error ratio ranks under one that
    is not (a louder copy clipped flat lost its peaks for good; ``clip_counts`` False where no
    genuine lossless copy is unclipped and some copy is lossless: a codec's or a resampler's
    copy rounds the same flat tops off), a copy whose (source) rate is under Q003's error floor
    under one that is not (a 16 kHz WAV has lost everything over 8 kHz, more than a good lossy
    copy loses), a copy measured as fake (upsampled, transcoded, padded) under a genuine one,
    one whose channels are in anti-phase (S006: a training tool's mono mix cancels them) or hold
    different sounds by turns (S006: two talkers, one a channel) under one whose do not, a lossy
    copy re-encoded from a worse source (T004) under one that was not, whatever its bitrate,
    and an upsampled copy counts at the rate it came from; among lossless
    first-hand copies at one rate, a float one with samples past full scale under one without,
    whatever its bits (a 48 kHz float master with a few overs still ranks over its 44.1 kHz
    copy: helper-227). ``others`` are the group's (sample rate, content reach in Hz): a copy
    whose content reaches no further than a lower-rate copy's counts at that rate (the two hold
    the same band: a tie, as nothing measured says which was made from which). A lossless copy's
    bitrate only counts samples, and a copy decoded from lossy audio (T001) ranks by no bit
    depth; nor, beside such a decode (``decoded``, how far its content reaches), does a copy
    whose content reaches no further, which counts as no more genuine (:func:`_same_history`)."""
    p, fid = f.props, f.fidelity or {}
    corr = (f.signal or {}).get("channel_correlation")
    intact = not (clip_counts and _clipped(f))
    # float samples past full scale: a 16- or 24-bit copy of them cuts them flat (S001), so a
    # float copy turned up into overs ranks under the lossless original it was made from
    in_range = not (f.signal or {}).get("clipped_overs")
    # channels that neither cancel nor hold different sounds by turns (S006; review 42)
    turns = [(f.signal or {}).get(k) for k in ("left_louder_ratio", "right_louder_ratio")]
    mixes = (corr is None or corr >= stereo.DEFAULT["min_correlation"]) and (
        None in turns or min(turns) < stereo.DEFAULT["min_turns"]
    )
    rate = fid.get("upsampled_from") or p.sample_rate or 0
    reach = fid.get("reach_hz")
    if reach:
        near = max(_SAME_BAND_HZ, _SAME_BAND_SHARE * reach)
        rate = min([r for r, b in others if r < rate and b >= reach - near] + [rate])
    usable = rate >= low_sample_rate.DEFAULT["error_below"]  # Q003's error: the band is gone
    bits = fid.get("effective_bit_depth") or p.bit_depth or 0
    # a lossy decode's low bits are its decoder's arithmetic, not the source's: a 24-bit FLAC
    # of an AAC decode holds no more than the 16-bit copy it was encoded from (a user-trial,
    # session 34: D003 advised keeping it over that original, itself an MP3 decode)
    decode = fid.get("verdict") == "lossy-origin" or _same_history(f, decoded)
    bits = 0 if decode else bits
    genuine = p.lossless is True and fid.get("verdict") not in _FAKE and not decode
    first_hand = not fid.get("reencoded")
    lossy_rate = 0 if p.lossless else p.bitrate_bps or 0
    return (
        intact,
        usable,
        genuine,
        mixes,
        p.lossless is True,
        first_hand,
        rate,
        in_range,
        bits,
        lossy_rate,
    )


def _describe(f) -> str:
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


def _best(ctx: DatasetContext, group: list[int]) -> tuple[int | None, list[int]]:
    """The copy to keep and the copies tied with it: the best of the group, of copies that rank
    alike the one at the highest sample rate (the first of equals); (None, []) when all are
    equal at one rate."""
    files = [ctx.files[i] for i in group]
    bands = [_band(f) for f in files]
    # A lossy or resampled copy of a clipped take rounds its flat tops under S001's reach, so it
    # looks intact without being so: clipping ranks only where some measured genuine lossless
    # copy is unclipped, or where no copy is lossless (a lossy rip saved as WAV is no witness)
    genuine = [
        f for f in files if f.props.lossless and (f.fidelity or {}).get("verdict") not in _FAKE
    ]
    clip_counts = not any(f.props.lossless for f in files) or any(not _clipped(f) for f in genuine)
    decoded = _decoded_reach(files)
    quality = {i: _quality(ctx.files[i], bands, clip_counts, decoded) for i in group}
    rates = {i: ctx.files[i].props.sample_rate or 0 for i in group}

    # among equals, one with no clipped tops nor float overs first (review 39: of three lossy-
    # origin WAVs of one take the first alphabetically, turned up 6 dB into 406 flat tops, was
    # named; review 40: of two, the clipped one was kept, being first), then the highest rate,
    # then the first
    def intact(i: int) -> bool:
        return _intact(ctx.files[i])

    same = len(set(quality.values())) == 1 and len(set(rates.values())) == 1
    if same and len({intact(i) for i in group}) == 1:
        return None, []
    top = max(quality.values())
    tied = [i for i in group if quality[i] == top]
    return max(tied, key=lambda i: (intact(i), rates[i], -i)), tied


def _intact(f) -> bool:
    """Whether a copy has no clipped tops nor float overs."""
    return not (_clipped(f) or (f.signal or {}).get("clipped_overs"))


def _kept(first: int, best: int | None) -> int:
    """The copy of a group to keep: the best one, or the first when all are equal."""
    return first if best is None else best


def _keep(ctx: DatasetContext, here: int, best: int | None, tied: list[int]) -> str:
    """Advice naming the copy to keep (``best`` and ``tied`` from :func:`_best`, computed once
    per group); where copies at other rates hold the same band, it says so instead."""
    if best is None:
        return "keep one copy"
    rates = sorted({ctx.files[i].props.sample_rate or 0 for i in tied})
    if len(rates) > 1:
        reach = max(_band(ctx.files[i])[1] for i in tied)
        # on a copy outside the tie (an upsampled one beside both), name the tied ones: "the
        # 48 kHz copies" would read as taking this 48 kHz file in
        which = "" if here in tied else " (" + " or ".join(_names(ctx, tied)) + ", not this one)"
        return (
            f"keep one copy{which}: the {' and '.join(khz(r) for r in rates)} copies hold the "
            f"same band, up to {reach / 1000:.1f} kHz, so either will do"
        )
    name = "this one" if best == here else printable(ctx.files[best].display)
    # copies nothing measured ranks apart: the first is named, not as the better one (review
    # 41: of five copies alike, "ideally" the first alphabetically)
    rank = [(_intact(ctx.files[i]), ctx.files[i].props.sample_rate) for i in tied]
    alike = rank.count(rank[tied.index(best)])
    flaws = _flaws(ctx.files[best])
    if alike > 1:
        name = f"such as {name} ({_describe(ctx.files[best])}): {alike} copies rank alike"
        return f"keep one copy, {name}" + (f", though {' and '.join(flaws)}" if flaws else "")
    if flaws:  # the best of flawed copies: say so rather than imply it is clean
        return (
            f"keep one copy, ideally {name} ({_describe(ctx.files[best])}), though "
            f"{' and '.join(flaws)}: no copy is clean"
        )
    return f"keep one copy, ideally {name} ({_describe(ctx.files[best])})"


def _names(ctx: DatasetContext, group: list[int]) -> list[str]:
    """The group's files as the message prints them."""
    return [printable(ctx.files[i].display) for i in group]


def _flaws(f) -> list[str]:
    """What the copy to keep still lacks, as its own rules measure it: clipped past S001's error
    ratio, a band under Q003's error floor, or a fake verdict."""
    fid = f.fidelity or {}
    rate = fid.get("upsampled_from") or f.props.sample_rate or 0
    out = ["it is clipped (S001)"] if f.signal and _clipped(f) else []
    if rate and rate < low_sample_rate.DEFAULT["error_below"]:
        out.append(f"it holds nothing above {nyquist_khz(rate / 2)} (Q003)")
    if f.props.lossless and fid.get("verdict") in _FAKE_PHRASE:
        out.append(_FAKE_PHRASE[fid["verdict"]])
    return out


def _data(ctx: DatasetContext, here: int, other: int, m: dedupe.Match) -> dict:
    return {
        "path": ctx.files[here].display,
        "duplicate_of": ctx.files[other].display,
        "inside": m.inside,
        "offset_s": m.offset_s,
        "bit_error": m.bit_error,
    }
