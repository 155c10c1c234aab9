"""How D003 ranks the copies of one audio: which to keep (:func:`best`), and why.

A copy ranks by what it really holds, not by its format: see :func:`quality`. Split from
:mod:`audiolint.rules.duplicate`, which reads only :func:`best`, :func:`band`, :func:`clipped`,
:func:`intact` and the phrases of the fake verdicts.
"""

from __future__ import annotations

from audiolint.rules import clipping, low_sample_rate, stereo, transcoded
from audiolint.rules import duplicate_hires as hires
from audiolint.rules import duplicate_traits as traits
from audiolint.rules.base import DatasetContext

# the fake verdicts, each as the advice names it when the copy to keep has it (_flaws)
FAKE_PHRASE = {
    "lossy-origin": "it reads as decoded from lossy audio (T001)",
    "upsampled": "it reads as upsampled (T002)",
    "padded-bits": "its low bits are padding (T003)",
}
FAKE = tuple(FAKE_PHRASE)
# A copy this much louder than another where that one is quiet holds another sound over it:
# music, a voice, noise or echo (analysis.dedupe_extra.extra_db; benchmarks/dedupe_mixtures.py:
# copies turned down, resampled or through LAME 64k and Opus 24k 0 dB, rooms 0, mixtures with
# music or another voice 0-28: long pauses only)
EXTRA_DB = 12.0
# Two copies whose content reaches within this of each other hold the same band: the reach is
# read on a spectrum of 20-50 Hz bins, and a resampler's filter moves it a little...
_SAME_BAND_HZ = traits.SAME_BAND_HZ
# ...or within this share of it: a gain change moves the reach along the band's roll-off (the
# real corpus's genuine recordings at -6 to +12 dB: up to 2.6%; FFmpeg's loudnorm lifted ALSA's
# Side_Left from 19.57 to 19.85 kHz, and D003 advised keeping that 192 kHz copy)
_SAME_BAND_SHARE = traits.SAME_BAND_SHARE
# Lossy copies whose bitrates are within this share of each other rank alike: a bitrate read from
# the file's size counts its container too (review 45b: one Opus stream, bit for bit, read 108
# kbps in Ogg and 114 in WebM over 0.95 s, and D003 advised keeping the WebM "ideally")
_SAME_BITRATE_SHARE = 0.1
# A decode's content reaches past its source's band by its resampler's transition band and its
# codec's fill: 22.05 kHz copies of six real-corpus voices, through FFmpeg's AAC 128/192k at
# 44.1 kHz, Opus 96k, Vorbis q5 and LAME V2 and decoded, reached 1.13-1.19 times as far as the
# copy itself (16 kHz copies: 1.14-1.5, Opus 2.0-2.1). Beside a lower-rate copy whose content
# reaches within this share of its own, a decode counts at that rate (the two tie)
_DECODE_SPILL = 0.2


def held(fid: dict, lossy: bool = False) -> float | None:
    """How far a copy's own content reaches (Hz; None when not measured): ``reach_hz``, but no
    further than the cliff of a copy decoded from lossy audio, above which its codec's fill
    lies (review 46a: an MP3 download re-encoded to Opus 96k and decoded reached 20.1 kHz in
    Opus's folded noise over the MP3's 15.6 kHz cliff, and D003 advised it over the MP3's own
    decode); a decode with no reach measured stops at its cliff, and so does a lossy file
    (``lossy``), whose reach is not measured."""
    reach, cliff = fid.get("reach_hz"), fid.get("cutoff_hz")
    if (lossy or fid.get("verdict") == "lossy-origin") and cliff:
        return min(reach or cliff, cliff)
    return reach


def band(f) -> tuple[int, float]:
    """(sample rate, how far the content reaches in Hz, :func:`held`: the Nyquist frequency if
    not measured)."""
    rate = f.props.source_rate
    return rate, held(f.fidelity or {}, f.props.lossless is False) or rate / 2


def reaches_as_far(reach: float, widest: float) -> bool:
    """Whether content reaching ``reach`` Hz holds the same band as content reaching ``widest``
    (within ``_SAME_BAND_HZ`` or ``_SAME_BAND_SHARE`` of it)."""
    return reach >= widest - max(_SAME_BAND_HZ, _SAME_BAND_SHARE * widest)


def clipped(f) -> bool:
    """Whether S001 calls a copy's clipping an error (its share of the sound, or flat tops at
    its own peak below full scale: clipped, then turned down)."""
    return clipping.heavy(f.signal, f.props)


def decoded_reach(files) -> float | None:
    """How far the content of the group's lossless copies decoded from lossy audio (T001's
    verdict) reaches, the furthest; None when no such copy's reach was measured."""
    # a measured reach (held: no further than the cliff, not a codec's fill over it; review
    # 46c: a decode found by its grid alone, with no edge, would read its cliff at Nyquist)
    fids = [f.fidelity or {} for f in files if f.props.lossless]
    reach = [
        held(fid) for fid in fids if fid.get("verdict") == "lossy-origin" and fid.get("reach_hz")
    ]
    return max(reach, default=None)


def same_history(f, decoded: float | None) -> bool:
    """Whether a copy shows nothing its group's decode (:func:`decoded_reach`) lacks: its
    content reaches no further. The same audio then went through the same codec, and a copy
    turned down, normalised or dithered after the decode (which fills the codec's zeros in, so
    T001 no longer finds them) is no more genuine than the decode it was made from (review 41:
    a copy 6 dB quieter was "ideally this one" over its Vorbis-decoded original)."""
    if decoded is None:
        return False
    # a reach not measured is at most the Nyquist frequency of the rate the content was made at
    # (review 47b: a 32 kHz copy, its reach not read, escaped this and was advised over the 44.1
    # kHz original, which a Vorbis q6 decode beside it reaching as far had made "no more genuine")
    fid = f.fidelity or {}
    # ...and where its band ends at an edge with no reach read past it, at that edge (review
    # 55a: a native-Vorbis decode, normalised, its cliff at 18.8 kHz unread by T001, tied with
    # the full-band take as if it reached 24 kHz, and was kept, first by name)
    edge = (fid.get("stop_hz") or fid.get("cutoff_hz")) if fid.get("bandwidth_limited") else None
    nyquist = (fid.get("upsampled_from") or f.props.source_rate) / 2
    reach = fid.get("reach_hz") or edge or nyquist
    return reach <= decoded + max(_SAME_BAND_HZ, _SAME_BAND_SHARE * decoded)


def quality(
    f,
    others: list[tuple[int, float]],
    clip_counts: bool = True,
    decoded: float | None = None,
    group: tuple = (),
) -> tuple:
    """What the copy really holds: a copy clipped past S001's error ratio ranks under one that is
    not (a louder copy clipped flat lost its peaks for good; ``clip_counts`` False where no genuine
    lossless copy is unclipped and some copy is lossless: a codec's or a resampler's copy rounds
    the same flat tops off), a copy whose (source) rate is under Q003's error floor under one
    that is not, then a copy of 16 bits or fewer with no 20 ms frame over RVC's slicer threshold
    (S002's "too quiet" error: turned down, it lost bits) under one with some, a lossless copy
    (no decode) whose content's rate is at Q003's 40 kHz target or over above the others, and a
    decode or lossy file whose content stops under T001's error reach (16 kHz) just over the
    floor (a 16 kHz WAV has lost everything over 8 kHz, more than a
    good lossy copy loses), a copy measured as fake (upsampled, transcoded, padded) under a
    genuine one, one whose channels are in anti-phase (S006: a training tool's mono mix cancels
    them) or hold different sounds by turns (S006: two talkers, one a channel) under one whose
    do not, a lossy copy re-encoded from a worse source (T004) under one that was not, whatever
    its bitrate, and an upsampled copy counts at the rate it came from; among lossless first-
    hand copies at one rate, a float one with samples past full scale under one without,
    whatever its bits (a 48 kHz float master with a few overs still ranks over its 44.1 kHz
    copy: helper-227). ``others`` are the group's (sample rate, content reach in Hz): a copy
    whose content reaches no further than a lower-rate copy's counts at that rate (the two hold
    the same band: a tie, as nothing measured says which was made from which). A lossless copy's
    bitrate only counts samples, and a copy decoded from lossy audio (T001) ranks by no bit
    depth; nor, beside such a decode (``decoded``, how far its content reaches), does a copy
    whose content reaches no further, which counts as no more genuine (:func:`same_history`).
    Against the rest of the ``group`` (:mod:`~audiolint.rules.duplicate_traits`): a copy with a
    room's reverberation the others lack ranks under them after the rate floor and before all
    else; and bits count only as far as a copy's floor needs them
    (:func:`~audiolint.rules.duplicate_traits.resolved_bits`)."""
    p, fid = f.props, f.fidelity or {}
    corr = (f.signal or {}).get("channel_correlation")
    intact = not (clip_counts and clipped(f))
    # no 20 ms frame over RVC's slicer threshold (S002's "too quiet" error) in a copy of 16 bits
    # or fewer: turned down that far it lost bits for good (review 47b: a 16-bit copy 30 dB down,
    # too quiet for T001 to find the MP3 cliff of its source, was advised over that source); a
    # 24-bit or float master as quiet lost nothing (review 47c)
    coarse = p.sample_format != "float" and (p.bit_depth or 16) <= 16
    audible = not (coarse and (f.signal or {}).get("usable_duration_s") == 0)
    # float samples past full scale: a 16- or 24-bit copy of them cuts them flat (S001), so a
    # float copy turned up into overs ranks under the lossless original it was made from
    in_range = not (f.signal or {}).get("clipped_overs")
    # channels that neither cancel nor hold different sounds by turns (S006; review 42)
    turns = [(f.signal or {}).get(k) for k in ("left_louder_ratio", "right_louder_ratio")]
    mixes = (corr is None or corr >= stereo.DEFAULT["min_correlation"]) and (
        None in turns or min(turns) < stereo.DEFAULT["min_turns"]
    )
    # a lossy decode's low bits are its decoder's arithmetic, not the source's: a 24-bit FLAC
    # of an AAC decode holds no more than the 16-bit copy it was encoded from (a user-trial,
    # session 34: D003 advised keeping it over that original, itself an MP3 decode)
    decode = fid.get("verdict") == "lossy-origin" or same_history(f, decoded)
    rate = fid.get("upsampled_from") or p.source_rate
    reach = held(fid, p.lossless is False) or traits.cut_short(f, group)
    if reach:
        # a codec's fill spills past its source's band; a copy only suspected of a decode's
        # history (same_history) holds what it reaches (review 47b: a 48 kHz original counted
        # at a 32 kHz copy's rate beside its own Vorbis decode)
        lossy = fid.get("verdict") == "lossy-origin" or p.lossless is False
        share = _DECODE_SPILL if lossy else _SAME_BAND_SHARE
        near = max(_SAME_BAND_HZ, share * reach)
        rate = min([r for r, b in others if r < rate and b >= reach - near] + [rate])
    # a hi-res copy whose content stays within a lower-rate copy's band counts at that rate,
    # and as a decode beside a decode (review 54a: loudnorm's 192 kHz copy of a Vorbis decode,
    # its codec's marks blurred by the dynamic gain and the resampler, was kept over it)
    if (within := hires.hires_within(f, group)) is not None:
        rate = min(rate, hires.hires_rate(f, within))
        if traits.decoded(within):  # ...and no further than its band
            decode = True
            reach = min(reach or rate, held(within.fidelity or {}, True) or rate)
    usable = 2 if rate >= low_sample_rate.DEFAULT["error_below"] else 0  # Q003's error floor
    # ...and between the two, a decode or a lossy file whose content stops where T001 calls a
    # decode an error (review 46a: an MP3 download re-encoded to Opus, its content to 15.6 kHz,
    # was advised over a copy cut at 20 kHz): under a copy that holds more, over one under
    # Q003's floor, which holds less still (review 46c: a 16 kHz WAV over a 56 kbps MP3's 15.2)
    if usable and (decode or p.lossless is False) and reach:
        usable = 1 if reach < transcoded.DEFAULT["error_reach_below_hz"] else 2
    # ...and over both, a lossless copy (no decode) whose content's rate is at Q003's target (40
    # kHz) or more: an original T002 calls upsampled from 44.1 kHz ranks (at 44.1 kHz) over its
    # 32 kHz copy, which Q003 calls short of the target (review 47b: its fake verdict ranked it
    # under the genuine 32 kHz copy); a decode's wider band does not outrank a lossless copy
    if usable == 2 and p.lossless and not decode and rate >= low_sample_rate.DEFAULT["target_rate"]:
        usable = 3
    # (a hi-res copy within another's band: its low bits are its resampler's arithmetic)
    bits = 0 if decode or within is not None else traits.resolved_bits(f)
    genuine = p.lossless is True and fid.get("verdict") not in FAKE and not decode
    genuine = genuine and not traits.within_upsampled(f, group)
    first_hand = not fid.get("reencoded")
    lossy_rate = 0 if p.lossless else p.bitrate_bps or 0
    return (
        intact,
        usable > 0,  # Q003's error floor first: a 16 kHz copy holds less than a quiet one
        audible,
        not traits.wet(f, group),
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


def best(
    ctx: DatasetContext, group: list[int], extra: dict[int, float] | None = None
) -> tuple[int | None, list[int]]:
    """The copy to keep and the copies tied with it: the best of the group; of copies that rank
    alike, one with no clipped tops nor float overs, then one T001 does not call decoded, then
    one whose content does not stop short of another's
    (:func:`~audiolint.rules.duplicate_traits.cut_short`), then one not dual mono (S006), then
    one T002 does not call upsampled (nor stopping at such a copy's wall), then the one at the
    highest sample rate, then the first; (None, []) when all
    are equal at one rate and alike in those. ``extra`` (:func:`extra_sound`),
    where given, ranks a copy holding another sound over the others under those that hold none,
    first of all."""
    files = [ctx.files[i] for i in group]
    # each copy's band at the rate its content was made at (an upsampled copy's old rate: review
    # 46a, an Opus decode of a 22.05 kHz voice upsampled to 48 kHz ranked over the upsample)
    # (no further than that rate's Nyquist frequency: review 46c)
    ups = [(f.fidelity or {}).get("upsampled_from") for f in files]
    bands = [(u or r, min(b, u / 2) if u else b) for u, (r, b) in
             zip(ups, map(band, files), strict=True)]  # fmt: skip
    # A lossy or resampled copy of a clipped take rounds its flat tops under S001's reach, so it
    # looks intact without being so: clipping ranks only where some measured genuine lossless
    # copy is unclipped, or where no copy is lossless (a lossy rip saved as WAV is no witness),
    # or where a clipped copy was turned up from an upsampled one beside it (turned_up)
    genuine = [
        f for f in files if f.props.lossless and (f.fidelity or {}).get("verdict") not in FAKE
    ]
    clip_counts = (
        not any(f.props.lossless for f in files)
        or any(not clipped(f) for f in genuine)
        or any(traits.turned_up(c, files) for c in files)
    )
    decoded = decoded_reach(files)
    sound = extra or {}
    least = min(sound.values(), default=0.0)
    ranks = {
        i: (
            sound.get(i, 0.0) < least + EXTRA_DB,
            *quality(ctx.files[i], bands, clip_counts, decoded, files),
        )
        for i in group
    }
    tier = bitrate_tiers([r[-1] for r in ranks.values()])
    ranks = {i: (*r[:-1], tier[r[-1]]) for i, r in ranks.items()}
    rates = {i: ctx.files[i].props.sample_rate or 0 for i in group}

    # among equals, one with no clipped tops nor float overs first (review 39: of three lossy-
    # origin WAVs of one take the first alphabetically, turned up 6 dB into 406 flat tops, was
    # named; review 40: of two, the clipped one was kept, being first)...
    def whole(i: int) -> bool:
        return intact(ctx.files[i])

    # ...then one T001 does not call decoded (review 47b: an AAC 96k decode of an upsampled
    # original, first by name, was kept over it: neither is genuine, but only the decode went
    # through a codec) nor filling past another's band (traits.filled_over), then one that is
    # not the same signal twice in two channels (S006's dual
    # mono, twice the size for nothing: review 47b, kept over its mono original by name), then
    # the highest rate, then the first; but not a rate T002 reads as upsampled, nor that of a
    # copy stopping at such a copy's wall (traits.within_upsampled: no more genuine than it;
    # review 49c: a 44.1 kHz take, its 48 kHz upsample, a loudnorm'd rip and a noisy copy tied,
    # and the upsample was kept for its rate, which holds nothing the take does not)
    def order(i: int) -> tuple:
        f = ctx.files[i]
        verdict = (f.fidelity or {}).get("verdict")
        corr = (f.signal or {}).get("channel_correlation")
        dual = f.props.channels == 2 and corr is not None and corr >= stereo.DUAL_MONO
        # (a decode T001 reads as brought up from a lower rate, its verdict lossy-origin, is
        # upsampled too: review 56c, an Ogg's decode brought to 48 kHz kept, for its rate, over
        # the decodes at 44.1 kHz it was made from)
        upsampled = verdict == "upsampled" or bool((f.fidelity or {}).get("upsampled_from"))
        upsampled = upsampled or traits.within_upsampled(f, files)
        # a hi-res copy holding no band a lower-rate copy lacks ranks at that rate, and under
        # it: the same band in fewer samples (hires.hires_within); beside a decode, as one
        within = hires.hires_within(f, files)
        first = verdict != "lossy-origin" and not traits.filled_over(f, files)
        first = first and not (within is not None and traits.decoded(within))
        whole_band = not traits.cut_short(f, files)
        rate = hires.hires_rate(f, within) if within is not None else rates[i]
        return whole(i), first, whole_band, not dual, not upsampled, rate, -rates[i], -i

    same = len(set(ranks.values())) == 1 and len(set(rates.values())) == 1
    if same and len({order(i)[:5] for i in group}) == 1:
        return None, []
    top = max(ranks.values())
    tied = [i for i in group if ranks[i] == top]
    keep = max(tied, key=order)
    # a copy that only fills past another's band holds no more than that copy: a low-bitrate
    # Opus decode beside the band-limited take it was made from (review 51b). Only that copy
    # is advised instead: ranking the filler as a decode let a third copy win, an MP3 decode
    # of a take whose hiss over its own edge read as a fill (review 51e)
    witness = traits.filled_over(ctx.files[keep], files)
    if witness is not None:
        keep = group[files.index(witness)]
        return keep, [keep]
    return keep, tied


def bitrate_tiers(rates: list[int]) -> dict[int, int]:
    """Each lossy bitrate mapped to the lowest of its tier: bitrates within
    ``_SAME_BITRATE_SHARE`` over a tier's lowest fall in it (0, a lossless copy's, stays 0)."""
    out: dict[int, int] = {}
    low = 0
    for rate in sorted(set(rates)):
        if not low or rate > low * (1 + _SAME_BITRATE_SHARE):
            low = rate
        out[rate] = low
    return out


def extra_sound(group: list[int], first: int, matches: dict) -> dict[int, float]:
    """Per copy of a group, how much louder it is than the group's first copy where that one is
    quiet (positive), or how much quieter where it is itself quiet (negative), from each later
    copy's :class:`~audiolint.analysis.dedupe.Match` with the first (``matches``: later copy ->
    match); 0 where under ``EXTRA_DB`` or not measured (no quiet stretch). So a clean vocal
    beside its mix with music reads, say, -25 and the mix 0: the vocal alone holds no other
    sound."""
    out = {first: 0.0}
    for i in group:
        m = matches.get(i)
        if m is None or m.a != first:
            continue
        more, less = m.b_extra_db or 0.0, m.a_extra_db or 0.0
        out[i] = more if more >= EXTRA_DB else -less if less >= EXTRA_DB else 0.0
    return out


def intact(f) -> bool:
    """Whether a copy has no clipped tops nor float overs."""
    return not (clipped(f) or (f.signal or {}).get("clipped_overs"))
